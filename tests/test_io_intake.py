"""Intake on hostile exports: overlapping and repeated files, footers, blank ids, refunds.

Each fixture is small and hand-made; its true totals are worked out in the comments.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError
from smbkit.io import read_orders

F = Path(__file__).parent / "fixtures" / "io"


def ledger(res, action: str, reason: str) -> tuple[int, float]:
    row = res.ledger[(res.ledger["action"] == action) & (res.ledger["reason"] == reason)]
    assert len(row) == 1, res.ledger
    return int(row["rows"].iloc[0]), float(row["amount"].iloc[0])


def reconciles(res) -> None:
    core = res.ledger[res.ledger["action"] != "repaired"]
    assert int(core["rows"].sum()) == res.raw_rows
    assert core["amount"].sum() == pytest.approx(res.raw_amount, abs=0.005)


# ---- overlapping exports: the latest version wins, whatever the order of the paths --------


@pytest.mark.parametrize("reverse", [False, True])
def test_later_export_replaces_older_version_and_pending_never_hides_paid(reverse):
    paths = [F / "intake_shopify_early.csv", F / "intake_shopify_late.csv"]
    res = read_orders(paths[::-1] if reverse else paths, tz="America/New_York")
    reconciles(res)
    # early: #3001 paid 22.00, #3002 pending 11.00; late: #3001 partially refunded (11.00
    # back), #3002 paid, #3003 paid 33.00
    assert ledger(res, "kept", "order kept") == (3, 66.0)
    assert ledger(res, "excluded", "older version replaced by a later export") == (2, 33.0)
    d = res.data.set_index("order_id")
    assert sorted(d.index) == ["#3001", "#3002", "#3003"]
    # the refund only the later export shows: 11.00 of a 22.00 total, net share 11 * 20 / 22
    assert d.loc["#3001", "refunded"] == 10.0
    assert d.loc["#3001", "status"] == "partially_refunded"
    assert d.loc["#3002", "revenue"] == 10.0  # pending in the early file, paid in the late
    assert (d["source_file"] == "intake_shopify_late.csv").all()
    assert any("older versions of orders" in w for w in res.warnings)


def _stripe(path: Path, rows: list[str]) -> Path:
    head = "id,Created date (UTC),Amount,Amount Refunded,Currency,Captured,Fee,Status,Customer ID\n"
    path.write_text(head + "".join(r + "\n" for r in rows))
    return path


@pytest.mark.parametrize("reverse", [False, True])
def test_stripe_refund_in_a_later_export_is_kept(tmp_path, reverse):
    may = _stripe(
        tmp_path / "may.csv",
        [
            "ch_1,2026-05-01 12:00:00,40.00,0.00,usd,true,1.46,Paid,cus_A",
            "ch_2,2026-05-02 12:00:00,10.00,0.00,usd,true,0.59,Paid,cus_B",
        ],
    )
    june = _stripe(
        tmp_path / "june.csv",
        [
            "ch_1,2026-05-01 12:00:00,40.00,15.00,usd,true,1.46,Partially refunded,cus_A",
            "ch_3,2026-06-03 12:00:00,25.00,0.00,usd,true,1.03,Paid,cus_C",
        ],
    )
    paths = [june, may] if reverse else [may, june]
    res = read_orders(paths, tz="UTC")
    reconciles(res)
    d = res.data.set_index("order_id")
    assert d.loc["ch_1", "refunded"] == 15.0
    assert ledger(res, "excluded", "older version replaced by a later export") == (1, 40.0)
    assert res.data["revenue"].sum() == 75.0


def test_identical_copies_across_exports_are_duplicates_not_versions(tmp_path):
    row = "ch_1,2026-05-01 12:00:00,40.00,0.00,usd,true,1.46,Paid,cus_A"
    a = _stripe(tmp_path / "a.csv", [row])
    b = _stripe(tmp_path / "b.csv", [row])
    res = read_orders([a, b], tz="UTC")
    assert ledger(res, "excluded", "duplicate across exports") == (1, 40.0)
    assert res.data["revenue"].tolist() == [40.0]


def test_file_name_period_decides_which_export_is_later(tmp_path):
    # the same payment in two files; the names say which export covers the later period
    old = _stripe(
        tmp_path / "payments_2026-05-01_2026-05-31.csv",
        [
            "ch_1,2026-05-30 12:00:00,40.00,0.00,usd,true,1.46,Paid,cus_A",
        ],
    )
    new = _stripe(
        tmp_path / "payments_2026-05-15_2026-06-15.csv",
        [
            "ch_1,2026-05-30 12:00:00,40.00,40.00,usd,true,1.46,Refunded,cus_A",
        ],
    )
    for paths in ([old, new], [new, old]):
        res = read_orders(paths, tz="UTC")
        assert res.data["refunded"].tolist() == [40.0]


def test_one_file_with_two_different_copies_is_refused(tmp_path):
    path = _stripe(
        tmp_path / "p.csv",
        [
            "ch_1,2026-05-01 12:00:00,40.00,0.00,usd,true,1.46,Paid,cus_A",
            "ch_1,2026-05-01 12:00:00,45.00,0.00,usd,true,1.46,Paid,cus_A",
        ],
    )
    with pytest.raises(DataError, match=r"p.csv: order id 'ch_1' appears on rows \[2, 3\] with"):
        read_orders(path, tz="UTC")


# ---- repeated rows and concatenated exports ------------------------------------------------


def test_shopify_order_pasted_twice_is_counted_once():
    res = read_orders(F / "intake_shopify_pasted.csv", tz="America/New_York")
    reconciles(res)
    # #4001 (27.50, two lines) pasted right below itself; #4002 (11.00) pasted once more
    assert ledger(res, "excluded", "repeated rows (pasted twice)") == (3, 38.5)
    assert ledger(res, "kept", "order kept") == (3, 38.5)
    d = res.data.set_index("order_id")
    assert d["revenue"].to_dict() == {"#4001": 25.0, "#4002": 10.0}


def test_concatenated_export_with_repeated_header_and_a_missing_id():
    res = read_orders(F / "intake_woo_concatenated.csv", tz="Europe/Berlin")
    reconciles(res)
    # part 1: 501 (11.00), 502 (22.00), 503 (33.00), a row without order_id (5.50);
    # part 2 repeats the header and 501-503
    assert ledger(res, "kept", "order kept") == (3, 66.0)
    assert ledger(res, "excluded", "repeated rows (pasted twice)") == (3, 66.0)
    assert ledger(res, "excluded", "repeated header row") == (1, 0.0)
    assert ledger(res, "excluded", "missing order id") == (1, 5.5)
    assert any("have a date or money but no 'order_id'" in w for w in res.warnings)
    # the ledger's kept money is the data's money: total = revenue + tax + shipping
    data_total = (res.data["revenue"] + res.data["tax"] + res.data["shipping"]).sum()
    assert data_total == pytest.approx(ledger(res, "kept", "order kept")[1])


def test_header_repeated_with_other_columns_is_refused(tmp_path):
    text = (F / "woocommerce_orders.csv").read_text().splitlines()
    head = text[0].split(",")
    path = tmp_path / "joined.csv"
    path.write_text("\n".join([text[0], text[1], ",".join(head[:-3]), text[2]]) + "\n")
    with pytest.raises(DataError, match=r"joined.csv row 3 repeats the header but without"):
        read_orders(path)


# ---- footers, notes and blank ids ----------------------------------------------------------


def test_footers_notes_and_blank_ids_are_told_apart():
    res = read_orders(F / "intake_stripe_footers.csv", tz="UTC")
    reconciles(res)
    assert ledger(res, "kept", "payment kept") == (2, 30.0)
    assert ledger(res, "excluded", "missing order id") == (1, 5.0)  # a sale, not a footer
    assert ledger(res, "excluded", "total or footer row") == (1, 35.0)  # Grand Totals (3 ...)
    assert ledger(res, "excluded", "note row (no date or money)") == (1, 0.0)
    assert any("total row (35.00 in 'Amount') matches" in w for w in res.warnings)


def test_printed_total_that_disagrees_is_refused():
    with pytest.raises(
        DataError, match=r"own total of 'Amount' is 45.00, but the rows above it sum to 35.00"
    ):
        read_orders(F / "intake_stripe_bad_total.csv", tz="UTC")


# ---- refunds dated when issued ---------------------------------------------------------------


def test_square_partial_refunds_and_refund_of_an_earlier_sale():
    res = read_orders(F / "intake_square_partial_refunds.csv")
    reconciles(res)
    d = res.data.set_index("order_id")
    # T10: Tart 10 + Rye 6 + Rye 6 (identical lines, with T11 between them at the same
    # second, are two loaves, not a paste); refunded 6 on 2 April and 4 on 5 April
    assert d.loc["T10", "revenue"] == 22.0 and d.loc["T10", "refunded"] == 10.0
    assert d.loc["T11", "revenue"] == 4.5
    r = res.refunds
    assert list(r.columns[:6]) == [
        "order_id",
        "date",
        "amount",
        "reason",
        "source_file",
        "source_row",
    ]
    assert r[["order_id", "amount"]].values.tolist() == [["T09", 5.0], ["T10", 6.0], ["T10", 4.0]]
    assert r["date"].dt.strftime("%m-%d").tolist() == ["04-01", "04-02", "04-05"]
    # T09 was sold before this file: its refund is kept, in the refunds table only
    assert ledger(res, "kept", "refund kept (its sale is not in these files)") == (1, -5.0)
    # order basis and issued basis agree on refunds of orders in the files
    inside = r[r["order_id"].isin(d.index)]
    assert inside["amount"].sum() == pytest.approx(res.data["refunded"].sum())
    assert any("4.50" not in n and "refund sales outside these files" in n for n in res.notes)


def test_refund_dates_per_source_are_said():
    shop = read_orders(F / "shopify_orders.csv")
    assert shop.refunds is None and "no refund date" not in shop.refund_dates
    assert "gives the amount refunded but not when" in shop.refund_dates
    stripe = read_orders(F / "stripe_payments.csv", tz="UTC")
    assert stripe.refunds is None and "but not when" in stripe.refund_dates
    woo = read_orders(F / "woocommerce_orders.csv", tz="UTC")
    assert woo.refunds is None  # no refund date column in this export


def test_woocommerce_refund_date_column_dates_refunds(tmp_path):
    text = (F / "woocommerce_orders.csv").read_text().splitlines()
    rows = [text[0] + ",refund_date"]
    for line in text[1:]:
        when = "2026-03-05 10:00:00" if line.startswith(("103,", "104,")) else ""
        rows.append(line + "," + when)
    path = tmp_path / "woo.csv"
    path.write_text("\n".join(rows) + "\n")
    res = read_orders(path, tz="Europe/Berlin")
    r = res.refunds.set_index("order_id")
    assert r["amount"].to_dict() == {"103": 20.0, "104": 10.0}
    assert (r["date"] == pd.Timestamp("2026-03-05 10:00")).all()
    assert (r["date_source"] == "issued").all()


# ---- empty exports -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "header_rows", "kwargs"),
    [
        ("shopify_orders.csv", 1, {}),
        ("square_items_1.csv", 1, {}),
        ("square_transactions_excel.csv", 2, {}),
        ("stripe_payments.csv", 1, {}),
        ("woocommerce_orders.csv", 1, {}),
        (
            "generic_sales.csv",
            1,
            {
                "source": "generic",
                "column_map": {
                    "order_id": "Invoice No",
                    "date": "Sale Date",
                    "revenue": "Net Amount",
                },
            },
        ),
    ],
)
def test_header_only_export_gives_an_empty_table(tmp_path, name, header_rows, kwargs):
    lines = (F / name).read_text().splitlines(keepends=True)
    path = tmp_path / name
    path.write_text("".join(lines[:header_rows]))
    res = read_orders(path, **kwargs)
    assert len(res.data) == 0 and res.raw_rows == 0
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
    assert str(res.data["date"].dtype) == "datetime64[us]"
    assert any(f"No order rows to keep in {name}" in w for w in res.warnings)
    assert res.summary()[0].startswith("No data rows below the header")


# ---- fuzz: mutations of a real layout never give a silently wrong total --------------------

_WOO = (F / "woocommerce_orders.csv").read_text().splitlines()
_BASE = read_orders(F / "woocommerce_orders.csv", tz="UTC").data.set_index("order_id")


@settings(max_examples=40, deadline=None)
@given(
    ops=st.lists(
        st.sampled_from(["overlap", "paste", "header", "blank", "footer", "note", "swap"]),
        max_size=5,
    ),
    cut=st.integers(min_value=1, max_value=len(_WOO) - 1),
)
def test_fuzz_repeats_and_footers_never_change_the_money(tmp_path_factory, ops, cut):
    head, body = _WOO[0], _WOO[1:]
    first, second = body[:cut], body[cut - 1 :]  # consecutive exports overlap on one row
    files = [[head, *first], [head, *second]]
    for op in ops:
        target = files[-1]
        if op == "overlap":
            files.append([head, *body[cut // 2 :]])
        elif op == "paste":
            target.extend(target[1:])
        elif op == "header":
            target.extend([head, *target[1:]])
        elif op == "blank":
            target.insert(len(target) // 2 + 1, "," * head.count(","))
        elif op == "footer":
            target.append("Grand Totals" + "," * head.count(","))
        elif op == "note":
            target.append("Generated By: Jane Doe" + "," * head.count(","))
        elif op == "swap":
            files.reverse()
    folder = tmp_path_factory.mktemp("fuzz")
    paths = []
    for i, lines in enumerate(files):
        path = folder / f"part{i}.csv"
        path.write_text("\n".join(lines) + "\n")
        paths.append(path)
    try:
        res = read_orders(paths, tz="UTC")
    except SmbkitError:
        return  # refused with a clear message: allowed
    reconciles(res)
    got = res.data.set_index("order_id")
    assert sorted(got.index) == sorted(_BASE.index)
    assert got["revenue"].sum() == pytest.approx(_BASE["revenue"].sum())
    assert got["refunded"].sum() == pytest.approx(_BASE["refunded"].sum())


def test_square_partial_refunds_sharing_the_sale_payment_id_stay_two(tmp_path):
    lines = (F / "intake_square_partial_refunds.csv").read_text().splitlines()
    # both refunds of T10 carry the sale's payment id P10, at different times
    text = "\n".join(line.replace("P10R1", "P10").replace("P10R2", "P10") for line in lines)
    path = tmp_path / "square.csv"
    path.write_text(text + "\n")
    res = read_orders([path, path])  # and the same file twice: one copy of each refund
    r = res.refunds[res.refunds["order_id"] == "T10"]
    assert r["amount"].tolist() == [6.0, 4.0]
    assert res.data.set_index("order_id").loc["T10", "refunded"] == 10.0


def test_no_raw_email_in_warnings_ledger_or_errors(tmp_path):
    path = _stripe(
        tmp_path / "p.csv",
        [
            "ch_1,2026-05-01 12:00:00,40.00,0.00,usd,true,1.46,Paid,cus_A",
            "ch_2,2026-05-02 12:00:00,10.00,0.00,usd,true,0.59,ana.smith@example.com,cus_B",
        ],
    )
    res = read_orders(path, tz="UTC")
    text = " ".join(res.warnings + res.notes + res.ledger.astype(str).to_numpy().ravel().tolist())
    assert "ana.smith" not in text and "***@example.com" in text
    bad = _stripe(
        tmp_path / "bad.csv", ["ch_9,2026-05-01 12:00:00,ana.smith@example.com,0,usd,true,0,Paid,c"]
    )
    with pytest.raises(DataError) as info:
        read_orders(bad, tz="UTC")
    assert "ana.smith" not in str(info.value) and "***@example.com" in str(info.value)


def test_export_update_time_beats_the_period_covered(tmp_path):
    head = "order_id,order_date,date_modified,status,tax_total,order_total,refund_total,order_currency,customer_id\n"
    # a.csv covers to 31 March but holds an old copy of 501 (modified 5 March); b.csv covers
    # to 20 March but was exported later: 501 was refunded on 2 April
    a = tmp_path / "a.csv"
    a.write_text(
        head
        + "501,2026-03-02 09:00:00,2026-03-05 10:00:00,completed,1.00,11.00,0.00,EUR,7\n"
        + "502,2026-03-31 09:00:00,2026-03-31 10:00:00,completed,2.00,22.00,0.00,EUR,8\n"
    )
    b = tmp_path / "b.csv"
    b.write_text(
        head + "501,2026-03-02 09:00:00,2026-04-02 16:00:00,refunded,1.00,11.00,11.00,EUR,7\n"
    )
    for paths in ([a, b], [b, a]):
        res = read_orders(paths, tz="UTC")
        d = res.data.set_index("order_id")
        assert d.loc["501", "status"] == "refunded" and d.loc["501", "refunded"] == 10.0
        assert ledger(res, "excluded", "older version replaced by a later export") == (1, 11.0)


def test_explicit_source_with_few_optional_headers_reads_or_names_only_the_missing(tmp_path):
    path = tmp_path / "stripe_min.csv"
    path.write_text("id,Created date (UTC),Amount,Status\nch_1,2026-05-01 12:00:00,40.00,Paid\n")
    res = read_orders(path, source="stripe", tz="UTC")
    assert res.data["revenue"].tolist() == [40.0]
    path.write_text("id,Created date (UTC),Amount\nch_1,2026-05-01 12:00:00,40.00\n")
    with pytest.raises(DataError, match=r"lacks the column\(s\) \['Status'\] that a stripe"):
        read_orders(path, source="stripe", tz="UTC")
