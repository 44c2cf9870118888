"""read_profit_and_loss beyond QuickBooks: Xero and Sage layouts, basis, part months, rounding.

Every fixture is hand-made; the totals each test expects are worked out in its comments.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smbkit import DataError, SmbkitError
from smbkit.io import read_profit_and_loss
from smbkit.io._pnl_sources import _period_of

F = Path(__file__).parent / "fixtures" / "io"
COLUMNS = [
    "month",
    "revenue",
    "cogs",
    "operating_expenses",
    "net_income",
    "gross_profit",
    "net_operating_income",
    "other_income",
    "other_expenses",
    "period_months",
    "partial",
]


def reconciles(res, rows: int, amount: float) -> None:
    core = res.ledger[res.ledger["action"].isin(["kept", "excluded"])]
    assert res.raw_rows == rows == int(core["rows"].sum())
    assert res.raw_amount == pytest.approx(amount, abs=0.005)
    assert core["amount"].sum() == pytest.approx(amount, abs=0.005)


def reason(res, action, why):
    row = res.ledger[(res.ledger["action"] == action) & (res.ledger["reason"] == why)]
    return int(row["rows"].iloc[0]), float(row["amount"].iloc[0])


def write(tmp_path, text: str, name: str = "pnl.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---- Xero ---------------------------------------------------------------------------------


def test_xero_months_newest_first():
    res = read_profit_and_loss(F / "pnl_xero_monthly.csv")
    # 17 rows below the header; the ledger amount is the sum of the three month columns.
    # Account lines: Sales 12,400 + 11,050 + 10,200 = 33,650; Other Revenue 225.50;
    # Purchases 13,460; Interest 35.40; Rent 6,000; Wages 9,130; Bank Fees -15 + 25 + 25 = 35
    # -> 62,535.90. Printed totals: 33,875.50 + 13,460 + Gross Profit 20,415.50 + 35.40
    # + 15,165 + Net Profit 5,285.90 = 88,237.30.
    reconciles(res, 17, 62535.9 + 88237.3)
    assert reason(res, "kept", "account line") == (7, 62535.9)
    assert reason(res, "excluded", "section header") == (4, 0.0)
    assert res.source.startswith("xero_pnl (recognised by")
    assert res.basis == "accrual"
    d = res.data
    assert list(d.columns) == COLUMNS
    # oldest first, though the export prints March first
    assert d["month"].tolist() == list(pd.date_range("2026-01-01", periods=3, freq="MS"))
    assert d["revenue"].tolist() == [10275.5, 11050.0, 12550.0]
    assert d["cogs"].tolist() == [4080.0, 4420.0, 4960.0]
    assert d["other_income"].tolist() == [11.1, 11.9, 12.4]
    # March: 2,000 + 3,100 - 15 (a fee refunded, printed in brackets) = 5,085
    assert d["operating_expenses"].tolist() == [5005.0, 5075.0, 5085.0]
    # March: 12,550 - 4,960 + 12.40 - 5,085 = 2,517.40, the printed Net Profit
    assert d["net_income"].tolist() == pytest.approx([1201.6, 1566.9, 2517.4])
    assert d["period_months"].tolist() == [1.0, 1.0, 1.0] and not d["partial"].any()
    assert not any("part of a month" in w for w in res.warnings)


def test_xero_month_to_date_is_part_of_a_month():
    res = read_profit_and_loss(F / "pnl_xero_mtd.csv")
    # lines 6,200 + 2,480 + 1,000 = 9,680; totals 6,200 + 2,480 + 3,720 + 1,000 + 2,720
    # = 16,120
    reconciles(res, 11, 9680 + 16120)
    row = res.data.iloc[0]
    # "1 March 2026 to 15 March 2026": 15 of March's 31 days, though the column says "Mar 2026"
    assert row["month"] == pd.Timestamp("2026-03-01")
    assert row["period_months"] == pytest.approx(15 / 31, abs=1e-4)
    assert row["partial"]
    assert row["net_income"] == 2720.0  # 6,200 - 2,480 - 1,000
    assert any(
        w.startswith("pnl_xero_mtd.csv covers part of a month (01 Mar 2026 to 15 Mar 2026")
        for w in res.warnings
    )
    assert res.basis is None
    assert any(
        "does not say whether it is on the cash or the accrual basis" in w for w in res.warnings
    )


def test_xero_day_label_column():
    res = read_profit_and_loss(F / "pnl_xero_april.csv")
    # "30 Apr 26" is the month that ends on 30 April 2026, all of it
    # lines 11,800 + 2,000 = 13,800; totals 11,800 + 2,000 + 9,800 = 23,600
    reconciles(res, 7, 13800 + 23600)
    row = res.data.iloc[0]
    assert row["month"] == pd.Timestamp("2026-04-01") and row["period_months"] == 1.0
    assert not row["partial"] and row["net_income"] == 9800.0


def test_xero_printed_total_disagrees():
    with pytest.raises(
        DataError,
        match=(
            r"read_profit_and_loss: pnl_xero_bad_total.csv row 13 \('Total Operating Expenses'\): "
            r"the printed total \(Mar 2026\) is 5,110.00 but the rows above add up to 5,100.00\. "
            r"The report was edited or is incomplete; export it again from Xero\."
        ),
    ):
        read_profit_and_loss(F / "pnl_xero_bad_total.csv")


def test_xero_older_less_plus_layout(tmp_path):
    path = write(
        tmp_path,
        "Income Statement\nDemo Pty Ltd\nFor the month ended 31 January 2026\n\n"
        ",Jan-26\nIncome\nSales,500.00\nTotal Income,500.00\nLess Cost of Sales\n"
        "Purchases,200.00\nTotal Cost of Sales,200.00\nGross Profit,300.00\n"
        "Plus Other Income\nInterest,5.00\nTotal Other Income,5.00\n"
        "Less Operating Expenses\nRent,100.00\nTotal Operating Expenses,100.00\n"
        "Net Profit,205.00\n",
    )
    res = read_profit_and_loss(path, source="xero")
    # 500 - 200 + 5 - 100 = 205
    d = res.data.iloc[0]
    assert d["month"] == pd.Timestamp("2026-01-01")
    assert (d["revenue"], d["cogs"], d["other_income"], d["net_income"]) == (500, 200, 5, 205)


# ---- Sage ---------------------------------------------------------------------------------


def test_sage_50_period_and_year_to_date():
    res = read_profit_and_loss(F / "pnl_sage_period.csv")
    # 24 rows below the header; the ledger amount is the Period column.
    # Lines 10,000 - 250 + 3,900 + 420 + 3,200 + 1,500 + 35.50 = 18,805.50; unlabelled
    # subtotals 9,750 + 3,900 + 420 + 4,735.50 and Gross 5,430 + Net 694.50 = 24,930.
    reconciles(res, 24, 18805.5 + 24930)
    assert reason(res, "excluded", "ruling line") == (5, 0.0)
    assert res.source.startswith("sage_pnl")
    d = res.data
    assert len(d) == 1
    row = d.iloc[0]
    # "From: Month 3, March 2026" / "To: Month 3, March 2026", not the "Date: 15/04/2026" stamp
    assert row["month"] == pd.Timestamp("2026-03-01") and row["period_months"] == 1.0
    assert row["revenue"] == 9750.0  # 10,000 less (250.00) discounts
    assert row["cogs"] == 4320.0  # Purchases 3,900 + Direct Expenses 420
    assert row["gross_profit"] == 5430.0
    assert row["operating_expenses"] == 4735.5  # Overheads
    assert row["net_income"] == 694.5
    assert any(
        "the column(s) ['Year to Date'] were checked but not read" in w for w in res.warnings
    )


def test_sage_year_to_date_is_checked_too(tmp_path):
    text = (F / "pnl_sage_period.csv").read_text().replace('"29,300.00"', '"29,400.00"')
    with pytest.raises(
        DataError,
        match=(
            r"pnl.csv row 14 \('total of Sales'\): the printed total \(Year to Date\) is "
            r"29,400.00 but the rows above add up to 29,300.00\. .* export it again from Sage\."
        ),
    ):
        read_profit_and_loss(write(tmp_path, text))


def test_sage_business_cloud_months_and_cash_basis():
    res = read_profit_and_loss(F / "pnl_sage_monthly.csv")
    # Total column of the lines: 16,500 + 2,300 + 7,520 + 3,000 + 20 = 29,340; totals
    # 18,800 + 7,520 + 11,280 + 3,020 + 8,260 = 48,880
    reconciles(res, 13, 29340 + 48880)
    assert res.basis == "cash"
    d = res.data
    assert d["month"].tolist() == [pd.Timestamp("2026-01-01"), pd.Timestamp("2026-02-01")]
    # January: 9,200 - 3,680 - (1,500 - 40) = 4,060
    assert d["net_income"].tolist() == [4060.0, 4200.0]
    assert d["operating_expenses"].tolist() == [1460.0, 1560.0]


# ---- QuickBooks: the period line, part months and rounding ----------------------------------


def test_company_name_never_sets_the_year():
    res = read_profit_and_loss(F / "pnl_qb_bakery_2024.csv")
    # "Bakery 2024 Ltd" is the company; the period is "January 1-March 31, 2026".
    # lines 45,300 + 13,590 + 6,000 + 18,450 = 83,340; totals 45,300 + 13,590 + 31,710
    # + 24,450 + 7,260 + 7,260 = 129,570
    reconciles(res, 15, 83340 + 129570)
    row = res.data.iloc[0]
    assert row["month"] == pd.Timestamp("2026-01-01")
    assert row["period_months"] == 3.0 and not row["partial"]
    assert row["net_income"] == 7260.0  # 45,300 - 13,590 - 24,450
    assert res.basis == "cash"
    assert any("one Total column for 3 months from 2026-01" in w for w in res.warnings)


def test_one_cent_is_rounding_and_part_month():
    res = read_profit_and_loss(F / "pnl_qb_mtd.csv")
    # 3 x 3,333.33 = 9,999.99, printed 10,000.00: QuickBooks rounded unrounded amounts
    # lines 9,999.99 + 1,000 = 10,999.99; totals 10,000 + 1,000 + 9,000 + 9,000 = 29,000
    reconciles(res, 12, 10999.99 + 29000)
    row = res.data.iloc[0]
    assert row["revenue"] == 10000.0  # the printed figure is carried up
    assert row["net_income"] == 9000.0
    # "March 1-15, 2026": 15 of 31 days
    assert row["period_months"] == pytest.approx(0.4839) and row["partial"]
    assert any(
        "1 printed total(s) differ from their lines by one cent, read as QuickBooks's rounding" in w
        and "row 10 ('Total for Income', Total): printed 10,000.00, lines 9,999.99" in w
        for w in res.warnings
    )


def test_two_cents_is_not_rounding(tmp_path):
    text = (F / "pnl_qb_mtd.csv").read_text().replace('"3,333.33"', '"3,333.32"', 1)
    with pytest.raises(
        DataError,
        match=(
            r"pnl.csv row 10 \('Total for Income'\): the printed total \(Total\) is 10,000.00 "
            r"but the rows above add up to 9,999.98"
        ),
    ):
        read_profit_and_loss(write(tmp_path, text))


def test_month_to_date_without_dates(tmp_path):
    path = write(
        tmp_path,
        "Profit and Loss\nSunrise Bakery LLC\nMonth to date\n\nDistribution account,Mar 2026\n"
        "Income,\nSales,100.00\nTotal for Income,100.00\nNet Income,100.00\n",
    )
    res = read_profit_and_loss(path)
    row = res.data.iloc[0]
    assert row["partial"] and np.isnan(row["period_months"])
    assert any(
        "covers part of a month (01 Mar 2026 to 31 Mar 2026; period_months unknown)" in w
        for w in res.warnings
    )


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("For the 3 months ended 31 March 2026", "2026-01-01", "2026-03-31"),
        ("For the month ended 31 March 2026", "2026-03-01", "2026-03-31"),
        ("For the year ended 31 December 2025", "2025-01-01", "2025-12-31"),
        ("1 January 2026 to 31 March 2026", "2026-01-01", "2026-03-31"),
        ("For the period 1 December to 15 January 2026", "2025-12-01", "2026-01-15"),
        ("January 1-March 31, 2024", "2024-01-01", "2024-03-31"),
        ("January - February 2024", "2024-01-01", "2024-02-29"),
        ("January 2024", "2024-01-01", "2024-01-31"),
        ("Period: 01/01/2026 - 31/03/2026", "2026-01-01", "2026-03-31"),
        ("2026-03-01 - 2026-03-15", "2026-03-01", "2026-03-15"),
        ("From: Month 1, January 2026 To: Month 3, March 2026", "2026-01-01", "2026-03-31"),
    ],
)
def test_period_lines(text, start, end):
    assert _period_of(text) == (pd.Timestamp(start), pd.Timestamp(end))


@pytest.mark.parametrize(
    "text",
    ["Bakery 2024 Ltd", "March Hare Bakery 2024", "Profit and Loss", "Date: 15/04/2026", ""],
)
def test_not_period_lines(text):
    assert _period_of(text) is None


# ---- several files: basis and overlap -----------------------------------------------------


def test_several_files_on_one_basis():
    res = read_profit_and_loss([F / "pnl_xero_april.csv", F / "pnl_xero_monthly.csv"])
    reconciles(res, 7 + 17, 13800 + 23600 + 62535.9 + 88237.3)
    assert res.basis == "accrual"
    assert res.data["month"].tolist() == list(pd.date_range("2026-01-01", periods=4, freq="MS"))
    assert res.data["net_income"].iloc[-1] == 9800.0


def test_refuses_to_mix_bases():
    with pytest.raises(
        DataError,
        match=(
            r"pnl_xero_monthly.csv is on the accrual basis \('Accrual Basis'\) but "
            r"pnl_xero_cash.csv is on the cash basis \('Cash Basis'\); cash and accrual figures "
            r"cannot be combined"
        ),
    ):
        read_profit_and_loss([F / "pnl_xero_monthly.csv", F / "pnl_xero_cash.csv"])


def test_refuses_overlapping_reports():
    with pytest.raises(
        DataError,
        match=r"pnl_xero_monthly.csv and pnl_xero_mtd.csv both cover March 2026; pass reports",
    ):
        read_profit_and_loss([F / "pnl_xero_monthly.csv", F / "pnl_xero_mtd.csv"])


def test_refuses_two_bases_in_one_file(tmp_path):
    text = (F / "pnl_qb_mtd.csv").read_text().replace("Sunrise Bakery LLC", "Cash Basis")
    with pytest.raises(
        DataError,
        match=r"pnl.csv states two bases: 'Cash Basis' and 'Accrual basis Monday, March 16",
    ):
        read_profit_and_loss(write(tmp_path, text))


def test_no_paths():
    with pytest.raises(SmbkitError, match=r"pass a path or a non-empty list of paths, not \[\]"):
        read_profit_and_loss([])


# ---- Excel totals that are formulas without saved values ------------------------------------


def _workbook(tmp_path, rows) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "pnl.xlsx"
    book.save(path)  # openpyxl stores formulas without calculating them
    return path


XLSX_ROWS = [
    ["Profit and Loss"],
    ["Harbour Coffee Ltd"],
    ["For the 2 months ended 28 February 2026"],
    ["Accrual Basis"],
    [],
    ["Account", "Feb 2026", "Jan 2026"],
    ["Trading Income"],
    ["Sales", 1000, 900.5],
    ["Catering", 200, 0],
    ["Total Trading Income", "=SUM(B8:B9)", "=SUM(C8:C9)"],
    ["Operating Expenses"],
    ["Rent", 400, 400],
    ["Total Operating Expenses", "=B12", "=C12"],
    ["Net Profit", "=B10-B13", "=C10-C13"],
]


def test_excel_formula_totals_are_read_from_lines(tmp_path):
    res = read_profit_and_loss(_workbook(tmp_path, XLSX_ROWS))
    # totals are unknown (no saved values); lines 1,900.50 + 200 + 800 = 2,900.50
    reconciles(res, 8, 2900.5)
    d = res.data
    assert d["revenue"].tolist() == [900.5, 1200.0]
    assert d["net_income"].tolist() == [500.5, 800.0]  # 900.50 - 400, 1,200 - 400
    assert res.basis == "accrual"
    assert any(
        "6 total(s) are Excel formulas with no saved value" in w
        and "row 10 ('Total Trading Income', Feb 2026)" in w
        for w in res.warnings
    )
    assert not any("edited" in w for w in res.warnings)


def test_excel_formula_on_an_account_line_is_refused(tmp_path):
    rows = [list(r) for r in XLSX_ROWS]
    rows[8] = ["Catering", "=100+100", 0]
    with pytest.raises(
        DataError,
        match=(
            r"pnl.xlsx row 9 \('Catering'\), column 'Feb 2026': the cell is an Excel formula "
            r"with no saved value, so the amount is unknown"
        ),
    ):
        read_profit_and_loss(_workbook(tmp_path, rows))


# ---- empty exports --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("empty", "full", "source"),
    [
        ("pnl_xero_header_only.csv", "pnl_xero_mtd.csv", "xero"),
        ("pnl_sage_header_only.csv", "pnl_sage_period.csv", "sage"),
    ],
)
def test_header_only_exports(empty, full, source):
    res = read_profit_and_loss(F / empty, source=source)
    assert res.data.empty and res.raw_rows == 0
    full_dtypes = read_profit_and_loss(F / full).data.dtypes.astype(str).to_dict()
    assert res.data.dtypes.astype(str).to_dict() == full_dtypes
    product = {"xero": "Xero", "sage": "Sage"}[source]
    assert any(
        w.startswith(f"{empty} has no data rows (account lines) below its header")
        and f"filters in {product}" in w
        for w in res.warnings
    )


# ---- refusals -------------------------------------------------------------------------------

TITLE = "Profit and Loss\nHarbour Coffee Ltd\nFor the month ended 31 March 2026\n\n"


@pytest.mark.parametrize(
    ("text", "kwargs", "match"),
    [
        (
            TITLE + "Account,Mar 2026\nTrading Income\nSales,10.00\nTotal Trading Income,10.00\n"
            "Net Profit,10.00\n",
            {"source": "quickbooks"},
            r"pnl.csv looks like a Xero Profit and Loss report \(it has \['trading income', "
            r"'total trading income', 'net profit'\]\), not QuickBooks; pass source='xero'",
        ),
        (
            TITLE + "Account,Mar 2026,31 Mar 26\n",
            {},
            r"pnl.csv: the columns \['Mar 2026', '31 Mar 26'\] both hold March 2026; export",
        ),
        (
            TITLE + "Account,Feb 2026,Mar 2026,Total\nIncome\nSales,10.00,20.00,31.00\n"
            "Total Income,10.00,20.00,31.00\nNet Profit,10.00,20.00,31.00\n",
            {},
            r"pnl.csv row 7 \('Sales'\): the printed Total column is 31.00 but the rows above add "
            r"up to 30.00\. .*export it again from Xero\.",
        ),
        (
            TITLE + "Account,Mar 2026\nTrading Income\nSales,10.00\nTotal Trading Income,\n"
            "Net Profit,10.00\n",
            {},
            r"pnl.csv row 8 \('Total Trading Income'\): the total \(Mar 2026\) is blank but the "
            r"rows above add up to 10.00",
        ),
        (
            TITLE + "Account,Mar 2026\nTrading Income\nSales,10.00\nTotal Trading Income,10.00\n"
            "Net Profit,12.00\n",
            {},
            r"pnl.csv row 9 \('Net Profit'\): the printed net income \(Mar 2026\) is 12.00 but "
            r"the rows above add up to 10.00",
        ),
        (
            TITLE + "Account,Mar 2026\nTrading Income\nSales,10.00\nTotal Cost of Sales,10.00\n",
            {},
            r"pnl.csv row 8: 'Total Cost of Sales' closes a section that is not open \(open "
            r"section: 'Trading Income'\)",
        ),
        (
            TITLE + "Account,Mar 2026\nDepreciation\nVans,10.00\nTotal Depreciation,10.00\n",
            {},
            r"pnl.csv: section 'Depreciation' is not one of the sections a Profit and Loss "
            r"report has \(administrative costs, .*\); its money would be lost",
        ),
        (
            TITLE + "Account,Mar 2026\nSales,10.00\n",
            {},
            r"pnl.csv row 6: account line 'Sales' is outside any section",
        ),
        (
            TITLE + "Account,Mar 2026\nTrading Income\nSales,10.00\n",
            {},
            r"pnl.csv: section 'Trading Income' has no total row; the report is cut off",
        ),
        (
            TITLE + "Account,Mar 2026\nTrading Income\nSales,ten\n",
            {},
            r"pnl.csv row 7, column 'Mar 2026': cannot read 'ten' as money",
        ),
    ],
)
def test_refusals(tmp_path, text, kwargs, match):
    with pytest.raises(DataError, match=match):
        read_profit_and_loss(write(tmp_path, text), **kwargs)


def test_wrong_source_names_the_product():
    with pytest.raises(
        DataError,
        match=r"stripe_payments.csv does not look like a Profit and Loss report from Sage:",
    ):
        read_profit_and_loss(F / "stripe_payments.csv", source="sage")
