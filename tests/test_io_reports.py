"""QuickBooks, Xero and GA4 readers: layouts, reconciliation and printed totals as checksums."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from smbkit import DataError, SmbkitError
from smbkit.io import (
    read_ga4,
    read_general_ledger,
    read_profit_and_loss,
    read_xero_account_transactions,
    read_xero_invoices,
)

F = Path(__file__).parent / "fixtures" / "io"


def reconciles(res, rows: int, amount: float) -> None:
    core = res.ledger[res.ledger["action"].isin(["kept", "excluded"])]
    assert res.raw_rows == rows == int(core["rows"].sum())
    assert res.raw_amount == pytest.approx(amount, abs=0.005)
    assert core["amount"].sum() == pytest.approx(amount, abs=0.005)


def reason(res, action, why):
    row = res.ledger[(res.ledger["action"] == action) & (res.ledger["reason"] == why)]
    return int(row["rows"].iloc[0]), float(row["amount"].iloc[0])


def test_pnl_by_month():
    res = read_profit_and_loss(F / "qb_pnl_monthly.csv")
    # 27 rows below the header. Total column of the 9 account lines:
    # 22,000 + 2,000 + 6,500 + 8,000 + 800 + 4,000 - 250 + 22 + 60 = 43,132;
    # printed totals 24,000 + 6,500 + 17,500 + 8,800 + 12,550 + 4,950 + 22 + 60 - 38 + 4,912
    # = 79,256; section headers, the blank row and the footer carry no money.
    reconciles(res, 27, 43132 + 79256)
    assert reason(res, "kept", "account line") == (9, 43132.0)
    assert reason(res, "excluded", "section header") == (6, 0.0)
    d = res.data
    assert d["month"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")]
    assert d["revenue"].tolist() == [11500.0, 12500.0]
    assert d["cogs"].tolist() == [3000.0, 3500.0]
    # 4,400 payroll + 2,000 rent - 250 refunds = 6,150 in January
    assert d["operating_expenses"].tolist() == [6150.0, 6400.0]
    assert d["net_income"].tolist() == [2330.0, 2582.0]


def test_pnl_total_column():
    res = read_profit_and_loss(F / "qb_pnl_total.csv")
    # lines 30,000 + 9,000 + 6,000 + 1,234.50 = 46,234.50; totals 30,000 + 9,000 + 21,000
    # + 7,234.50 + 13,765.50 + 13,765.50 = 94,765.50
    reconciles(res, 13, 46234.5 + 94765.5)
    row = res.data.iloc[0]
    assert row["month"] == pd.Timestamp("2024-01-01") and row["period_months"] == 3
    assert row["net_income"] == 13765.5
    assert any("one Total column for 3 months" in w for w in res.warnings)


def test_pnl_printed_total_mismatch():
    with pytest.raises(
        DataError,
        match=(
            r"read_profit_and_loss: qb_pnl_bad_total.csv row 16 \('Total for Expenses'\): the "
            r"printed total \(Total\) is 7,243.50 but the rows above add up to 7,234.50"
        ),
    ):
        read_profit_and_loss(F / "qb_pnl_bad_total.csv")


def test_pnl_not_a_report():
    with pytest.raises(
        DataError,
        match=r"stripe_payments.csv does not look like a Profit and Loss report from QuickBooks, "
        r"Xero or Sage: no row like 'Distribution account,Total'",
    ):
        read_profit_and_loss(F / "stripe_payments.csv")
    with pytest.raises(
        SmbkitError,
        match=r"`source` must be one of \['auto', 'quickbooks', 'xero', 'sage'\], but 'wave'",
    ):
        read_profit_and_loss(F / "qb_pnl_total.csv", source="wave")


def test_general_ledger():
    res = read_general_ledger(F / "qb_general_ledger.csv")
    # 6 lines 4,250 - 250 - 2,000 + 2,000 + 250 + 4,250 = 8,500; printed totals 2,000 + 2,000
    # + 250 + 2,250 + 4,250 + TOTAL 8,500 = 19,250
    reconciles(res, 19, 8500 + 19250)
    d = res.data
    assert d["account"].tolist() == ["Checking"] * 3 + ["Rent", "Ingredients", "Sales"]
    assert d["amount"].tolist() == [4250.0, -250.0, -2000.0, 2000.0, 250.0, 4250.0]
    assert d["date"].iloc[1] == pd.Timestamp("2024-01-15")
    assert list(d.columns[:6]) == ["date", "account", "type", "num", "name", "description"]


def test_general_ledger_total_mismatch():
    with pytest.raises(
        DataError,
        match=(
            r"qb_general_ledger_bad.csv row 10 \('Total for Checking'\): the printed total is "
            r"2,100.00 but the rows above add up to 2,000.00"
        ),
    ):
        read_general_ledger(F / "qb_general_ledger_bad.csv")


def test_xero_invoices():
    res = read_xero_invoices(F / "xero_invoices.csv")
    # LineAmount 120 + 80 + 150 + 50 + 100 + 20 + 300 = 820
    reconciles(res, 7, 820.0)
    assert reason(res, "kept", "invoice line kept") == (3, 350.0)
    assert reason(res, "excluded", "bill (ACCPAY), not a sale") == (1, 300.0)
    assert reason(res, "excluded", "credit note") == (1, 20.0)
    d = res.data.set_index("order_id")
    assert d["revenue"].tolist() == [200.0, 150.0]  # Total - TaxTotal
    assert d.loc["INV-0001", "discount"] == 20.0  # 5 x 20.00 at 20 % off
    assert d.loc["INV-0001", "date"] == pd.Timestamp("2026-09-02")  # dd/MM/yyyy
    assert d.loc["INV-0002", "amount_due"] == 180.0


def test_xero_invoices_lines_disagree_with_total():
    with pytest.raises(
        DataError,
        match=(
            r"xero_invoices_bad.csv row 4 \(invoice INV-0002\): the printed Total - TaxTotal is "
            r"160.00 but the rows add up to 150.00"
        ),
    ):
        read_xero_invoices(F / "xero_invoices_bad.csv")


def test_xero_account_transactions():
    res = read_xero_account_transactions(F / "xero_account_transactions.csv")
    # Debit - Credit: lines 240 - 360 - 200 = -320; total rows -120 and -200
    reconciles(res, 11, -640.0)
    d = res.data
    assert d["account"].tolist() == ["Business Bank Account"] * 2 + ["Sales (200)"]
    assert d["amount"].tolist() == [240.0, -360.0, -200.0]
    assert d["date"].tolist()[:2] == [pd.Timestamp("2026-09-02"), pd.Timestamp("2026-09-15")]


def test_xero_closing_balance_mismatch():
    with pytest.raises(
        DataError,
        match=(
            r"xero_account_transactions_bad.csv row 11 \(closing balance of Business Bank Account\)"
            r": the printed closing balance is 890.00 but the rows add up to 880.00"
        ),
    ):
        read_xero_account_transactions(F / "xero_account_transactions_bad.csv")


def test_ga4_channels_with_grand_total():
    res = read_ga4(F / "ga4_channels.csv")
    # sessions 1,200 + 900 + 300 + 150 = 2,550, and the Grand total row repeats 2,550
    reconciles(res, 5, 5100.0)
    d = res.data
    assert d["channel_group"].tolist() == [
        "Organic Search",
        "Direct",
        "Organic Social",
        "Paid Search",
    ]
    assert d["conversions"].sum() == 66 and d["revenue"].sum() == pytest.approx(2625.75)
    assert d["period_start"].iloc[0] == pd.Timestamp("2026-05-01")


def test_ga4_grand_total_mismatch():
    with pytest.raises(
        DataError,
        match=(
            r"ga4_bad_total.csv row 14 \(Grand total\): the printed 'Sessions' is 2,600.00 but "
            r"the rows add up to 2,550.00"
        ),
    ):
        read_ga4(F / "ga4_bad_total.csv")


def test_ga4_german_headers_and_decimal_comma():
    res = read_ga4(F / "ga4_daily_de.csv")
    reconciles(res, 3, 120 + 95 + 130)
    d = res.data
    assert d["date"].tolist() == list(pd.date_range("2026-05-01", periods=3))
    assert d["revenue"].tolist() == [145.5, 88.0, 210.25]
    assert d["conversions"].tolist() == [3.0, 2.0, 4.0]


def test_ga4_unknown_file():
    with pytest.raises(DataError, match=r"could not recognise the layout of unknown_layout.csv"):
        read_ga4(F / "unknown_layout.csv")


# ---- empty exports: a header (and title or total rows) but no data rows -----------------------

QB_TITLES = "Profit and Loss\nSweet Crumb Bakery\nJanuary 2024\n\n"
GL_TITLES = "General Ledger\nSweet Crumb Bakery\nJanuary 2024\n\n"
GL_HEADER = ",Date,Transaction Type,Num,Name,Memo/Description,Split,Amount,Balance\n"
FOOTER = '\n"Accrual basis Monday, March 4, 2024 10:00 AM GMT-05:00"\n'
XERO_INVOICES_HEADER = (
    "ContactName,InvoiceNumber,Reference,InvoiceDate,DueDate,Total,TaxTotal,InvoiceAmountPaid,"
    "InvoiceAmountDue,Quantity,UnitAmount,Discount,LineAmount,Currency,Type,Status\n"
)
XERO_AT_TITLES = (
    "Account Transactions\nDemo Ltd\nFor the period 1 September 2026 to 30 September 2026\n\n"
    "Date,Source,Description,Reference,Debit,Credit,Running Balance,Gross,Tax\n"
)
GA4_PREAMBLE = "# Start date: 20260501\n# End date: 20260531\n"
GA4_CHANNELS = "Session default channel group,Sessions,Engaged sessions,Key events,Total revenue\n"


@pytest.mark.parametrize(
    ("reader", "text", "full", "rows", "what"),
    [
        (
            read_profit_and_loss,
            QB_TITLES + "Distribution account,Total\n",
            "qb_pnl_total",
            0,
            "account lines",
        ),
        (
            read_profit_and_loss,
            QB_TITLES + "Distribution account,Total\nNet Income,$0.00\n" + FOOTER,
            "qb_pnl_total",
            3,
            "account lines",
        ),
        (read_general_ledger, GL_TITLES + GL_HEADER, "qb_general_ledger", 0, "transaction lines"),
        (
            read_general_ledger,
            GL_TITLES + GL_HEADER + "TOTAL,,,,,,,$0.00,\n" + FOOTER,
            "qb_general_ledger",
            3,
            "transaction lines",
        ),
        (read_xero_invoices, XERO_INVOICES_HEADER, "xero_invoices", 0, "invoice lines"),
        (
            read_xero_invoices,
            XERO_INVOICES_HEADER + ",,,,,,,,,,,,,,,\n",
            "xero_invoices",
            1,
            "invoice lines",
        ),
        (
            read_xero_account_transactions,
            XERO_AT_TITLES,
            "xero_account_transactions",
            0,
            "transaction lines",
        ),
        (
            read_xero_account_transactions,
            XERO_AT_TITLES + "Total,,,,0.00,0.00,,,\n",
            "xero_account_transactions",
            1,
            "transaction lines",
        ),
        (read_ga4, GA4_PREAMBLE + GA4_CHANNELS, "ga4_channels", 0, "channel group rows"),
        (
            read_ga4,
            GA4_PREAMBLE + GA4_CHANNELS + "Grand total,0,0,0,0\n",
            "ga4_channels",
            1,
            "channel group rows",
        ),
        (
            read_ga4,
            GA4_PREAMBLE + "Datum,Sitzungen,Sitzungen mit Interaktionen,Schlüsselereignisse,"
            "Gesamtumsatz\n",
            "ga4_daily_de",
            0,
            "date rows",
        ),
    ],
)
def test_empty_exports_give_an_empty_table(tmp_path, reader, text, full, rows, what):
    path = tmp_path / "empty.csv"
    path.write_text(text, encoding="utf-8")
    res = reader(path)
    expected = reader(F / f"{full}.csv").data.dtypes  # the same report with data
    assert res.data.empty
    assert res.data.dtypes.astype(str).to_dict() == expected.astype(str).to_dict()
    reconciles(res, rows, 0.0)
    assert int(res.ledger.loc[res.ledger["action"] == "kept", "rows"].sum()) == 0
    assert any(
        w.startswith(f"empty.csv has no data rows ({what}) below its header")
        and "the table is empty" in w
        for w in res.warnings
    ), res.warnings
