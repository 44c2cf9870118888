"""read_orders on one small, hand-checked fixture per layout and per fault."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from smbkit import DataError, SmbkitError
from smbkit.io import ReadResult, read_orders, validate

F = Path(__file__).parent / "fixtures" / "io"
GENERIC_MAP = {
    "order_id": "Invoice No",
    "date": "Sale Date",
    "revenue": "Net Amount",
    "cost": "COGS",
    "customer_id": "Client",
    "channel": "Channel",
    "status": "State",
}


def reconciles(res: ReadResult, rows: int, amount: float) -> None:
    """Raw total (worked out by hand) = kept + excluded, in rows and to the cent."""
    core = res.ledger[res.ledger["action"].isin(["kept", "excluded"])]
    assert res.raw_rows == rows
    assert res.raw_amount == pytest.approx(amount, abs=0.005)
    assert int(core["rows"].sum()) == rows
    assert core["amount"].sum() == pytest.approx(amount, abs=0.005)
    assert set(res.ledger["action"]) <= {"kept", "excluded", "repaired"}
    assert not res.ledger["example"].str.contains("@").any()
    assert not any("@example.com" in w for w in res.warnings)


def ledger(res: ReadResult, action: str, reason: str) -> tuple[int, float]:
    row = res.ledger[(res.ledger["action"] == action) & (res.ledger["reason"] == reason)]
    assert len(row) == 1, res.ledger
    return int(row["rows"].iloc[0]), float(row["amount"].iloc[0])


def test_shopify_multirow_orders_exclusions_and_refunds():
    res = read_orders(F / "shopify_orders.csv")
    # 12 line rows; Total column 59 + 21.60 + 48.20 + 118 + 27 + 10 + 15 + 30 + 12 + 8 = 348.80
    reconciles(res, 12, 348.80)
    assert res.source.startswith("shopify (recognised; matched 9 of 9")
    # kept #1001 (2 lines) #1002 #1003 #1004 (2 lines) #1005: 59 + 21.6 + 48.2 + 118 + 27
    assert ledger(res, "kept", "order kept") == (7, 273.80)
    assert ledger(res, "excluded", "test order") == (2, 25.0)  # Bogus Gateway + "test" tag
    assert ledger(res, "excluded", "voided") == (1, 30.0)
    assert ledger(res, "excluded", "cancelled") == (1, 12.0)
    assert ledger(res, "excluded", "not paid (pending or authorized)") == (1, 8.0)
    assert ledger(res, "repaired", "order fields filled down")[0] == 2
    d = res.data.set_index("order_id")
    assert list(res.data.columns[:10]) == [
        "order_id",
        "date",
        "customer_id",
        "channel",
        "location",
        "revenue",
        "cost",
        "discount",
        "refunded",
        "status",
    ]
    # revenue = Subtotal (after discount, before tax and shipping), counted once per order
    assert d["revenue"].tolist() == [50.0, 20.0, 40.0, 100.0, 25.0]
    # #1004 refunded 59.00 of a 118.00 total: net-of-tax share 59 * 100 / 118 = 50.00
    assert d.loc["#1004", "refunded"] == 50.0
    assert d.loc["#1004", "status"] == "partially_refunded"
    assert d.loc["#1005", "status"] == "refunded"
    assert d["cost"].isna().all()  # Shopify has no cost: missing, never zero
    assert pd.isna(d.loc["#1003", "customer_id"])  # guest
    assert d.loc["#1002", "channel"] == "in_store" and d.loc["#1002", "location"] == "Old Town"
    # wall-clock time as written: -0500 before the DST change, -0400 after
    assert d.loc["#1001", "date"] == pd.Timestamp("2026-03-07 10:15")
    assert d.loc["#1002", "date"] == pd.Timestamp("2026-03-14 18:30")
    assert str(res.data["date"].dtype) == "datetime64[us]"
    assert any("first month 2026-03 is partial" in w for w in res.warnings)
    assert any("last month 2026-03 is partial" in w for w in res.warnings)
    text = " ".join(res.summary())
    assert "Kept 7 of 12 rows (58.3 %)" in text
    assert "Gross revenue 235.00 USD, refunds 75.00, net 160.00" in text


def test_shopify_tz_and_include_tests_and_key():
    res = read_orders(
        F / "shopify_orders.csv", tz="UTC", include_tests=True, key="a very long secret key"
    )
    d = res.data.set_index("order_id")
    assert d.loc["#1001", "date"] == pd.Timestamp("2026-03-07 15:15")  # 10:15 -0500
    assert d.loc["#1002", "date"] == pd.Timestamp("2026-03-14 22:30")  # 18:30 -0400
    assert ledger(res, "repaired", "time zone converted")[0] == 12  # every line has a date
    assert "#1006" in d.index and "#1007" in d.index
    assert d["customer_id"].dropna().str.startswith("anon_").all()
    assert not res.data.astype(str).apply(lambda c: c.str.contains("@")).any().any()


def test_shopify_same_zone_is_not_converted():
    res = read_orders(F / "shopify_orders.csv", tz="America/New_York")
    assert "time zone converted" not in set(res.ledger["reason"])


def test_square_items_overlapping_exports_keep_identical_lines():
    res = read_orders([F / "square_items_1.csv", F / "square_items_2.csv"])
    # Net Sales: file 1 = 4.5 + 4.5 + 3 + 8 - 4.5 + 12 - 12 = 15.50; file 2 = 12 - 12 + 5 + 3 = 8
    reconciles(res, 11, 23.50)
    assert ledger(res, "excluded", "duplicate across exports") == (2, 0.0)
    # the refund of T0 (sold before these files) is kept: money that left on 2 April
    assert ledger(res, "kept", "refund kept (its sale is not in these files)") == (1, -4.5)
    refunds = res.refunds.set_index("order_id")
    assert refunds["amount"].to_dict() == {"T0": 4.5, "T3": 12.0}
    assert refunds.loc["T0", "date"] == pd.Timestamp("2026-04-02 10:00")
    assert refunds.loc["T3", "date"] == pd.Timestamp("2026-04-03 18:10")
    assert (refunds["date_source"] == "issued").all()
    d = res.data.set_index("order_id")
    # the two identical Latte lines of T1 are two lattes: 4.50 + 4.50 + 3.00
    assert d.loc["T1", "revenue"] == 12.0 and d.loc["T1", "discount"] == 0.5
    assert d.loc["T3", "refunded"] == 12.0 and d.loc["T3", "status"] == "refunded"
    assert d["channel"].eq("in_store").all()
    assert res.data["revenue"].sum() == 40.0
    assert any("32.5 % of revenue is tied to a customer id" in w for w in res.warnings)


def test_square_named_zone_converted_to_business_zone():
    res = read_orders(F / "square_items_1.csv", tz="America/Chicago")
    d = res.data.set_index("order_id")
    assert d.loc["T1", "date"] == pd.Timestamp("2026-04-01 07:05:12")  # Eastern -> Central


def test_square_transactions_excel_resaved_with_title_and_totals():
    res = read_orders(F / "square_transactions_excel.csv")
    # Net Sales 1,149 + 40 + 20 - 20 + footer 1,189 = 2,378.00
    reconciles(res, 5, 2378.0)
    assert res.source.startswith("square_transactions")
    assert ledger(res, "excluded", "total or footer row") == (1, 1189.0)
    assert ledger(res, "repaired", "money text parsed ($, separators, parentheses)")[0] == 4
    d = res.data.set_index("order_id")
    assert d["revenue"].tolist() == [1149.0, 40.0, 20.0]
    assert d.loc["TX2", "discount"] == 5.0
    assert d.loc["TX1", "date"] == pd.Timestamp("2018-12-27 09:15")  # 12/27: month first
    assert any("skipped 1 title row" in w for w in res.warnings)


def test_stripe_failed_uncaptured_refunds_and_utc():
    res = read_orders(F / "stripe_payments.csv", tz="America/New_York")
    # Amount 25 + 40 + 15 + 30 + 20 + 12 = 142
    reconciles(res, 6, 142.0)
    assert ledger(res, "excluded", "failed payment") == (1, 15.0)
    assert ledger(res, "excluded", "not paid (pending or authorized)") == (1, 12.0)
    d = res.data.set_index("order_id")
    # 03:30 UTC on 1 May is 23:30 on 30 April in New York (UTC-4)
    assert d.loc["ch_2", "date"] == pd.Timestamp("2026-04-30 23:30")
    assert d.loc["ch_2", "status"] == "partially_refunded"
    assert d.loc["ch_4", "status"] == "refunded"
    assert d["currency"].eq("USD").all()
    assert d["discount"].isna().all()


def test_stripe_utc_without_tz_warns():
    res = read_orders(F / "stripe_payments.csv")
    assert any("is in UTC; times are kept in UTC" in w for w in res.warnings)


def test_decimal_comma_decided_per_column():
    res = read_orders(F / "stripe_decimal_comma.csv")
    reconciles(res, 3, 12.50 + 1234.00 + 7.25)
    assert res.data["revenue"].tolist() == [12.5, 1234.0, 7.25]
    assert res.data["fee"].tolist() == [0.66, 17.53, 0.35]
    assert ledger(res, "repaired", "decimal comma read as decimal point")[0] == 3
    assert res.data["currency"].eq("EUR").all()


def test_ambiguous_thousands_warns_and_decimal_argument_settles_it():
    res = read_orders(F / "stripe_ambiguous_decimal.csv")
    reconciles(res, 2, 1234.0 + 2500.0)
    assert any("only has values like '1,234'" in w for w in res.warnings)
    assert res.data["fee"].tolist() == [0.5, 0.75]  # the Fee column decides for itself
    point = read_orders(F / "stripe_ambiguous_decimal.csv", decimal=".")
    assert point.data["revenue"].tolist() == [1234.0, 2500.0]
    assert not any("only has values like" in w for w in point.warnings)
    # a decimal comma would contradict the Fee column's 0.50: one file, one locale
    with pytest.raises(DataError, match=r"decimal=',' contradicts .*column 'Fee', which holds"):
        read_orders(F / "stripe_ambiguous_decimal.csv", decimal=",")


def test_woocommerce_statuses_guests_and_refunds():
    res = read_orders(F / "woocommerce_orders.csv", tz="Europe/Berlin")
    # order_total 32 + 11 + 44 + 11 + 20 + 15 + 9 + 6 + 5.50 = 153.50
    reconciles(res, 9, 153.50)
    assert ledger(res, "kept", "order kept") == (5, 103.5)
    assert ledger(res, "excluded", "not paid (pending or on hold)") == (2, 15.0)
    assert ledger(res, "repaired", "guest customer id 0 read as missing")[0] == 3
    d = res.data.set_index("order_id")
    # revenue = total - tax - shipping: 32 - 2 - 5 = 25
    assert d.loc["101", "revenue"] == 25.0 and d.loc["101", "discount"] == 3.0
    assert d.loc["103", "refunded"] == 20.0  # 22 refunded * 40 / 44 net share
    assert d.loc["104", "refunded"] == 10.0 and d.loc["104", "status"] == "refunded"
    assert d["customer_id"].isna().sum() == 3
    # (25 + 40) / 90 = 72.2 % of revenue from known customers
    assert any("Only 72.2 % of revenue is tied to a customer id" in w for w in res.warnings)
    assert not any("partial" in w for w in res.warnings)  # 1 to 28 February: whole month
    assert not any("no time zone" in w for w in res.warnings)


def test_no_zone_warns():
    res = read_orders(F / "woocommerce_orders.csv")
    assert any("'order_date' has no time zone" in w for w in res.warnings)


def test_generic_map_text_ids_dayfirst_and_missing_cost():
    res = read_orders(F / "generic_sales.csv", source="generic", column_map=GENERIC_MAP)
    reconciles(res, 4, 1200 + 800 + 60 + 90)
    assert ledger(res, "excluded", "voided") == (1, 90.0)
    assert ledger(res, "repaired", "leading apostrophe stripped from an id")[0] == 4
    d = res.data.set_index("order_id")
    assert list(d.index) == ["00123", "00124", "00125"]  # leading zeros kept
    assert d.loc["00124", "date"] == pd.Timestamp("2026-05-15")  # 15/05: day first
    assert pd.isna(d.loc["00125", "cost"])
    assert d.loc["00123", "cost"] == 700.0


def test_generic_excel(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Sales export"])
    sheet.append(["Invoice No", "Sale Date", "Net Amount"])
    sheet.append(["X1", pd.Timestamp("2026-05-01 09:30").to_pydatetime(), 100.5])
    sheet.append(["X2", pd.Timestamp("2026-05-02").to_pydatetime(), 20])
    path = tmp_path / "sales.xlsx"
    book.save(path)
    cmap = {"order_id": "Invoice No", "date": "Sale Date", "revenue": "Net Amount"}
    res = read_orders(path, source="generic", column_map=cmap, tz="Europe/London")
    reconciles(res, 2, 120.5)
    assert res.data["date"].tolist() == [
        pd.Timestamp("2026-05-01 09:30"),
        pd.Timestamp("2026-05-02"),
    ]
    assert any("No channel column" in w for w in res.warnings)
    sheet.append(["1.3E+18", pd.Timestamp("2026-05-03").to_pydatetime(), 5])
    sheet.cell(row=5, column=1, value=1.3e18)
    book.save(path)
    with pytest.raises(DataError, match=r"sales.xlsx row 5, column 'Invoice No'.*scientific"):
        read_orders(path, source="generic", column_map=cmap)


def test_encodings_bom_and_cp1252():
    bom = read_orders(F / "woocommerce_bom.csv", tz="UTC")
    reconciles(bom, 2, 33.0)
    assert not any("cp1252" in w for w in bom.warnings)
    old = read_orders(F / "woocommerce_cp1252.csv", tz="UTC")
    reconciles(old, 2, 33.0)
    assert any("read as Windows-1252 (cp1252)" in w for w in old.warnings)
    assert old.data["revenue"].tolist() == bom.data["revenue"].tolist() == [10.0, 20.0]


def test_files_are_never_modified():
    paths = sorted(F.glob("*.csv"))
    before = {p: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest()) for p in paths}
    read_orders(F / "shopify_orders.csv")
    read_orders([F / "square_items_1.csv", F / "square_items_2.csv"])
    read_orders(F / "woocommerce_cp1252.csv")
    after = {p: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest()) for p in paths}
    assert before == after


# ---- errors, each with its message -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs", "match"),
    [
        (
            "woocommerce_unreadable.csv",
            {},
            r"read_orders: woocommerce_unreadable.csv row 3, column 'order_total': cannot read "
            r"'N/A' as money .*Fix the cell",
        ),
        ("stripe_percent.csv", {}, r"stripe_percent.csv row 3, column 'Fee': cannot read '12.5%'"),
        (
            "stripe_mixed_decimal.csv",
            {},
            r"column 'Amount' mixes a decimal point \('1,234.50'\) and a decimal comma \('0,25'\)",
        ),
        (
            "stripe_decimal_comma.csv",
            {"decimal": "."},
            r"decimal='\.' contradicts stripe_decimal_comma.csv, column 'Amount'",
        ),
        (
            "square_excel_ids.csv",
            {},
            r"square_excel_ids.csv row 3, column 'Transaction ID': id '1.3E\+18' is in scientific "
            r"notation.*do not open it in Excel",
        ),
        (
            "square_unknown_zone.csv",
            {},
            r"time zone 'Mars Standard Time' is not a zone name smbkit knows.*Pass tz=",
        ),
        (
            "unknown_layout.csv",
            {},
            r"could not recognise the layout of unknown_layout.csv; candidates are shopify, "
            r"square_items, square_transactions, stripe, woocommerce, and the first header-like "
            r"row has \['Ticket', 'When', 'Amount paid'\]",
        ),
        (
            "shopify_missing_total.csv",
            {},
            r"shopify_missing_total.csv lacks the column\(s\) \['Total'\] that a shopify export "
            r"needs; its columns are \['Name', 'Email'",
        ),
        ("shopify_mixed_zones.csv", {}, r"mixes UTC offsets more than an hour apart .*pass tz="),
        (
            "generic_ambiguous_dates.csv",
            {
                "source": "generic",
                "column_map": {
                    "order_id": "Invoice No",
                    "date": "Sale Date",
                    "revenue": "Net Amount",
                },
            },
            r"every date could be day/month or month/day \(e.g. row 2\); pass dayfirst=True",
        ),
        (
            "generic_conflicting_dates.csv",
            {
                "source": "generic",
                "column_map": {
                    "order_id": "Invoice No",
                    "date": "Sale Date",
                    "revenue": "Net Amount",
                },
            },
            r"has dates with the day first \(row 2\) and with the month first \(row 3\)",
        ),
        (
            "generic_wide_row.csv",
            {
                "source": "generic",
                "column_map": {
                    "order_id": "Invoice No",
                    "date": "Sale Date",
                    "revenue": "Net Amount",
                },
            },
            r"generic_wide_row.csv row 3 has 4 cells but the header has 3; extra value '234.00'",
        ),
        ("no_such_file.csv", {}, r"file '.*no_such_file.csv' does not exist"),
    ],
)
def test_errors(name, kwargs, match):
    with pytest.raises(DataError, match=match):
        read_orders(F / name, **kwargs)


def test_ambiguous_dates_settled_by_dayfirst():
    cmap = {"order_id": "Invoice No", "date": "Sale Date", "revenue": "Net Amount"}
    res = read_orders(
        F / "generic_ambiguous_dates.csv",
        source="generic",
        column_map=cmap,
        dayfirst=True,
        tz="UTC",
    )
    assert res.data["date"].dt.month.tolist() == [5, 6, 12]
    with pytest.raises(DataError, match=r"dayfirst=False contradicts .*'Sale Date', row 3"):
        read_orders(
            F / "generic_sales.csv", source="generic", column_map=GENERIC_MAP, dayfirst=False
        )


def test_validation_failures_listed_in_sentences():
    cmap = {
        "order_id": "Invoice No",
        "date": "Sale Date",
        "revenue": "Net Amount",
        "refunded": "Refund",
    }
    with pytest.raises(
        DataError,
        match=(
            r"fail validation: refunded: 2 of 3 rows \(66.67 %\) have refunded above revenue, "
            r"e.g. generic_invalid.csv row 3 value 0.0; revenue: 1 of 3 rows \(33.33 %\) are "
            r"negative, e.g. generic_invalid.csv row 3 value -5.0"
        ),
    ):
        read_orders(F / "generic_invalid.csv", source="generic", column_map=cmap, tz="UTC")


def test_duplicate_ids_inside_generic_file(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("id,when,net\nA,2026-01-01,1\nA,2026-01-02,2\n")
    with pytest.raises(DataError, match=r"order id 'A' appears on rows \[2, 3\]"):
        read_orders(
            path, source="generic", column_map={"order_id": "id", "date": "when", "revenue": "net"}
        )


def test_option_errors():
    with pytest.raises(SmbkitError, match=r"`source` must be one of .* but 'shopfy' was passed"):
        read_orders(F / "shopify_orders.csv", source="shopfy")
    with pytest.raises(SmbkitError, match=r"source='generic' needs column_map="):
        read_orders(F / "generic_sales.csv", source="generic")
    with pytest.raises(SmbkitError, match=r"column_map lacks \['revenue'\]"):
        read_orders(
            F / "generic_sales.csv",
            source="generic",
            column_map={"order_id": "Invoice No", "date": "Sale Date"},
        )
    with pytest.raises(SmbkitError, match=r"column_map= only works with source='generic'"):
        read_orders(F / "generic_sales.csv", source="stripe", column_map=GENERIC_MAP)
    with pytest.raises(DataError, match=r"currency='USD' but the file says 'EUR'"):
        read_orders(F / "woocommerce_orders.csv", currency="USD")
    with pytest.raises(DataError, match=r"is a stripe export but earlier files are shopify"):
        read_orders([F / "shopify_orders.csv", F / "stripe_payments.csv"])


def test_validate_public_helper():
    data = read_orders(F / "stripe_payments.csv", tz="UTC").data
    assert validate(data) == []
    bad = data.assign(status=["completed", "done", "refunded", "completed"])
    assert validate(bad) == [
        "status: 1 of 4 rows (25.00 %) are not a known status, e.g. stripe_payments.csv row 2 "
        "value 'done'"
    ]


def test_import_is_cheap():
    code = "import smbkit.io, sys; print('pandera' in sys.modules, 'openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
