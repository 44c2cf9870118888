"""Xero: the invoices export (one row per invoice line) and the Account Transactions report."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from smbkit._errors import DataError
from smbkit.io._core import Context, Layout, ReadResult, detect, finish, frame, normalise, read_raw
from smbkit.io._dates import parse_datetimes
from smbkit.io._money import parse_money_column
from smbkit.io._orders import Options, finish_orders, first_nonblank, notes_for

__all__ = ["read_xero_account_transactions", "read_xero_invoices"]

_CENT = 0.005


def _aliases(*names: str) -> tuple[str, ...]:
    return tuple(names) + tuple("*" + n for n in names)


INVOICES = Layout(
    name="xero_invoices",
    fields={
        "contact": _aliases("ContactName"),
        "invoice_number": _aliases("InvoiceNumber"),
        "reference": _aliases("Reference"),
        "invoice_date": _aliases("InvoiceDate"),
        "due_date": _aliases("DueDate"),
        "total": _aliases("Total"),
        "tax_total": _aliases("TaxTotal"),
        "paid": _aliases("InvoiceAmountPaid"),
        "due": _aliases("InvoiceAmountDue"),
        "quantity": _aliases("Quantity"),
        "unit_amount": _aliases("UnitAmount"),
        "discount": _aliases("Discount"),
        "line_amount": _aliases("LineAmount"),
        "currency": _aliases("Currency"),
        "type": _aliases("Type"),
        "status": _aliases("Status"),
    },
    signature=(
        "contact",
        "invoice_number",
        "invoice_date",
        "due_date",
        "total",
        "tax_total",
        "line_amount",
        "type",
        "status",
    ),
    required=("invoice_number", "invoice_date", "total", "tax_total", "line_amount"),
    money=(
        "total",
        "tax_total",
        "paid",
        "due",
        "quantity",
        "unit_amount",
        "discount",
        "line_amount",
    ),
    ids=("invoice_number",),
    amount="line_amount",
)

_EXCLUDE_STATUS = {
    "draft": "draft (not issued)",
    "submitted": "draft (not issued)",
    "voided": "voided",
    "deleted": "deleted",
}


def _no_rows(name: str, what: str) -> str:
    return (
        f"{name} has no data rows ({what}) below its header, only title, total or blank "
        "rows; the table is empty. Check the period and filters of the export in Xero, or "
        "export it again."
    )


def _mismatch(func, file, row, label, printed, computed, what):
    raise DataError(
        f"{func}: {file} row {row} ({label}): the printed {what} is {printed:,.2f} but the "
        f"rows add up to {computed:,.2f}. The export was edited or is incomplete; export it "
        "again from Xero."
    )


def read_xero_invoices(path, *, dayfirst: bool | None = True, tz: str | None = None) -> ReadResult:
    """Read a Xero invoices export (one row per line) as an orders-like table.

    Parameters
    ----------
    path : str or Path
    dayfirst : bool or None, default True
        UK and most non-US organisations write dd/MM/yyyy. A file that can only be read the
        other way raises an error.
    tz : str, optional
        The business's zone (invoice dates have no time, so it only silences no warning).

    Returns
    -------
    ReadResult
        ``.data``: the orders columns with ``order_id`` = InvoiceNumber, ``customer_id`` =
        ContactName, ``channel`` = "invoice", ``revenue`` = Total - TaxTotal, ``discount``
        = sum of Quantity x UnitAmount - LineAmount (net of tax), ``refunded`` = 0 (credit
        notes are excluded and counted), then ``currency, amount_due, source_file,
        source_row``. Only sales invoices (ACCREC) that are AUTHORISED or PAID are kept. An
        export without invoice lines gives an empty table and a warning.

    Raises
    ------
    DataError
        Lines of one invoice that disagree on its Total, or lines whose LineAmount do not add
        up to Total - TaxTotal (tax exclusive) or Total (tax inclusive).

    Notes
    -----
    .. math:: \\text{revenue} = \\text{Total} - \\text{TaxTotal}

    Revenue is what the business invoiced, net of tax (sales tax or VAT goes to the state).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "inv.csv"
    >>> _ = p.write_text("ContactName,InvoiceNumber,InvoiceDate,DueDate,Total,TaxTotal,"
    ...     "Quantity,UnitAmount,Discount,LineAmount,Currency,Type,Status\\n"
    ...     "Acme,INV-1,13/05/2026,27/05/2026,120.00,20.00,1,100.00,0,100.00,GBP,ACCREC,PAID\\n")
    >>> read_xero_invoices(p).data[["order_id", "date", "revenue", "currency"]]
      order_id       date  revenue currency
    0    INV-1 2026-05-13    100.0      GBP
    """
    func = "read_xero_invoices"
    ctx = Context(func)
    raw = read_raw(path, func=func)
    ctx.warnings.extend(raw.warnings)
    layout, index, why = detect(raw, {"xero_invoices": INVOICES}, "auto", func=func)
    df = frame(raw, index, layout, func=func)
    for name in layout.fields:
        if name not in df:
            df[name] = ""
    data = ~df["_blank"]
    for name in layout.money:
        header = df.attrs["headers"].get(name, name)
        col = parse_money_column(df[name], func=func, file=raw.name, column=header, rows=df["_row"])
        df[name] = col.values
        if name == "line_amount":
            ctx.repair(
                "money text parsed ($, separators, parentheses)",
                df.assign(_amount=df["line_amount"].fillna(0.0)),
                col.formatted,
            )
    df["_amount"] = df["line_amount"].fillna(0.0)
    reason = pd.Series(None, index=df.index, dtype=object)
    reason[df["_blank"]] = "blank row"
    kind = df["type"].str.strip().str.upper()
    status = df["status"].str.strip().str.lower()
    reason[data & status.isin(_EXCLUDE_STATUS)] = status.map(_EXCLUDE_STATUS)
    reason[data & kind.str.contains("CREDIT", regex=False)] = "credit note"
    reason[data & (kind == "ACCPAY")] = "bill (ACCPAY), not a sale"
    credit = data & (reason == "credit note")
    if credit.any():
        ctx.warnings.append(
            f"{int(credit.sum())} credit note lines are excluded (Xero does not link them to "
            "invoices in this export); subtract them from revenue yourself if they are refunds."
        )
    df["_reason"] = reason
    df["_kept_reason"] = "invoice line kept"
    if not data.any():
        ctx.warnings.append(_no_rows(raw.name, "invoice lines"))
    kept = df[reason.isna()].copy()
    dates = parse_datetimes(
        kept["invoice_date"],
        func=func,
        file=raw.name,
        column="InvoiceDate",
        rows=kept["_row"],
        dayfirst=dayfirst,
        tz=tz or "local",
    )
    kept["_date"] = dates.values
    groups = kept.groupby("invoice_number", sort=False)
    spread = groups["total"].agg(lambda s: s.max() - s.min())
    if (spread > _CENT).any():
        bad = spread[spread > _CENT].index[0]
        raise DataError(
            f"{func}: {raw.name}: the lines of invoice {bad!r} disagree on its Total; export "
            "the invoices again."
        )
    inv = groups.agg(
        date=("_date", "first"),
        customer_id=("contact", first_nonblank),
        total=("total", "first"),
        tax_total=("tax_total", "first"),
        lines=("line_amount", "sum"),
        amount_due=("due", "first"),
        currency=("currency", first_nonblank),
        source_file=("_file", "first"),
        source_row=("_row", "first"),
    )
    gross = (kept["quantity"] * kept["unit_amount"]).groupby(kept["invoice_number"]).sum()
    inv["gross_lines"] = gross.reindex(inv.index)
    net = inv["total"] - inv["tax_total"].fillna(0.0)
    exclusive = (inv["lines"] - net).abs() <= _CENT
    inclusive = ~exclusive & ((inv["lines"] - inv["total"]).abs() <= _CENT)
    odd = ~exclusive & ~inclusive
    if odd.any():
        bad = odd[odd].index[0]
        row = inv.loc[bad, "source_row"]
        _mismatch(
            func,
            raw.name,
            row,
            f"invoice {bad}",
            net[bad],
            inv.loc[bad, "lines"],
            "Total - TaxTotal",
        )
    scale = (net / inv["total"]).where(inclusive & (inv["total"] != 0), 1.0)
    orders = pd.DataFrame(
        {
            "order_id": inv.index.astype(str),
            "date": inv["date"],
            "customer_id": inv["customer_id"],
            "channel": "invoice",
            "location": np.nan,
            "revenue": net,
            "cost": np.nan,
            "discount": ((inv["gross_lines"] - inv["lines"]) * scale).round(2),
            "refunded": 0.0,
            "status": "completed",
            "currency": inv["currency"],
            "amount_due": inv["amount_due"],
            "source_file": inv["source_file"],
            "source_row": inv["source_row"],
        }
    ).reset_index(drop=True)
    opts = Options(tz, None, None, dayfirst, False, None)
    orders = finish_orders(orders, ctx, opts)
    return finish(ctx, df, orders, why, "LineAmount", notes=notes_for(orders))


TRANSACTIONS = Layout(
    name="xero_account_transactions",
    fields={
        "date": ("Date",),
        "source": ("Source",),
        "description": ("Description",),
        "reference": ("Reference",),
        "debit": ("Debit",),
        "credit": ("Credit",),
        "running_balance": ("Running Balance",),
        "gross": ("Gross",),
        "tax": ("Tax",),
        "account": ("Account",),
    },
    signature=(
        "date",
        "source",
        "description",
        "reference",
        "debit",
        "credit",
        "running_balance",
        "gross",
        "tax",
    ),
    required=("date", "debit", "credit"),
    money=("debit", "credit", "running_balance", "gross", "tax"),
    amount="debit",
)
_DATE_LIKE = re.compile(r"^\d{1,2}[ /.-]([A-Za-z]{3,9}|\d{1,2})[ /.-]\d{2,4}$|^\d{4}-\d{2}-\d{2}")


def read_xero_account_transactions(path, *, dayfirst: bool | None = True) -> ReadResult:
    """Read a Xero Account Transactions report into a tidy transactions table.

    Parameters
    ----------
    path : str or Path
    dayfirst : bool or None, default True
        For slashed dates (``02/09/2026``); Xero's ``02 Sep 2026`` needs no choice.

    Returns
    -------
    ReadResult
        ``.data``: ``date, account, type, description, reference, debit, credit, amount,
        balance, gross, tax, source_row`` with ``amount = debit - credit``, ``type`` = the
        report's Source column and ``balance`` its Running Balance. The ledger amount is
        Debit - Credit per row. A report without transaction lines gives an empty table and
        a warning.

    Raises
    ------
    DataError
        A ``Total <account>`` row whose Debit or Credit disagrees with the lines, or a Closing
        Balance that is not the Opening Balance moved by the lines.

    Notes
    -----
    .. math:: \\text{closing} = \\text{opening} \\pm \\sum (\\text{debit} - \\text{credit})

    (the sign follows the account's normal side). A report that does not close is edited or
    cut off, and its numbers cannot be trusted.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "at.csv"
    >>> _ = p.write_text("Account Transactions\\nDemo Ltd\\n\\nDate,Source,Description,"
    ...     "Reference,Debit,Credit,Running Balance,Gross,Tax\\nSales (200),,,,,,,,\\n"
    ...     "Opening Balance,,,,,,0.00,,\\n02 Sep 2026,Receivable Invoice,Acme,INV-1,,100.00,"
    ...     "100.00,120.00,20.00\\nTotal Sales (200),,,,0.00,100.00,,,\\n"
    ...     "Closing Balance,,,,,,100.00,,\\n")
    >>> read_xero_account_transactions(p).data[["date", "account", "amount"]]
            date      account  amount
    0 2026-09-02  Sales (200)  -100.0
    """
    func = "read_xero_account_transactions"
    ctx = Context(func)
    raw = read_raw(path, func=func)
    ctx.warnings.extend(raw.warnings)
    layout, index, why = detect(raw, {"xero_account_transactions": TRANSACTIONS}, "auto", func=func)
    df = frame(raw, index, layout, func=func)
    for name in layout.fields:
        if name not in df:
            df[name] = ""
    for name in layout.money:
        header = df.attrs["headers"].get(name, name)
        df[name] = parse_money_column(
            df[name], func=func, file=raw.name, column=header, rows=df["_row"]
        ).values
    df["_amount"] = df["debit"].fillna(0.0) - df["credit"].fillna(0.0)
    label = df["date"].str.strip()
    is_txn = label.str.match(_DATE_LIKE.pattern)
    reason = pd.Series(None, index=df.index, dtype=object)
    account = pd.Series("", index=df.index, dtype=object)
    current: str | None = None
    opening = 0.0
    debit = credit = 0.0
    for i in df.index:
        key = normalise(label[i])
        if df.loc[i, "_blank"]:
            reason[i] = "blank row"
        elif is_txn[i]:
            if current is None:
                raise DataError(
                    f"{func}: {raw.name} row {df.loc[i, '_row']}: a transaction before any "
                    "account row; export the report again."
                )
            account[i] = current
            debit += np.nan_to_num(df.loc[i, "debit"])
            credit += np.nan_to_num(df.loc[i, "credit"])
        elif key == "opening balance":
            opening = float(np.nan_to_num(df.loc[i, "running_balance"]))
            reason[i] = "opening or closing balance row"
        elif key == "closing balance":
            closing = float(np.nan_to_num(df.loc[i, "running_balance"]))
            moved = debit - credit
            if min(abs(closing - opening - moved), abs(closing - opening + moved)) > _CENT:
                _mismatch(
                    func,
                    raw.name,
                    df.loc[i, "_row"],
                    f"closing balance of {current}",
                    closing,
                    opening + moved,
                    "closing balance",
                )
            reason[i] = "opening or closing balance row"
        elif key.startswith("total ") and current is not None:
            for name, sums in (("debit", debit), ("credit", credit)):
                printed = float(np.nan_to_num(df.loc[i, name]))
                if abs(printed - sums) > _CENT:
                    _mismatch(
                        func, raw.name, df.loc[i, "_row"], label[i], printed, sums, f"{name} total"
                    )
            reason[i] = "total or footer row"
        elif key and df.loc[i, ["debit", "credit", "running_balance"]].isna().all():
            current, opening, debit, credit = label[i], 0.0, 0.0, 0.0
            reason[i] = "section header"
        else:
            reason[i] = "total or footer row"
    df["_reason"] = reason
    df["_kept_reason"] = "transaction line"
    txn = reason.isna()
    if not txn.any():
        ctx.warnings.append(_no_rows(raw.name, "transaction lines"))
    dates = parse_datetimes(
        df.loc[txn, "date"],
        func=func,
        file=raw.name,
        column="Date",
        rows=df.loc[txn, "_row"],
        dayfirst=dayfirst,
        tz="local",
    )  # dates only: no zone to warn about
    data = pd.DataFrame(
        {
            "date": dates.values,
            "account": account[txn],
            "type": df.loc[txn, "source"],
            "description": df.loc[txn, "description"],
            "reference": df.loc[txn, "reference"],
            "debit": df.loc[txn, "debit"],
            "credit": df.loc[txn, "credit"],
            "amount": df.loc[txn, "_amount"],
            "balance": df.loc[txn, "running_balance"],
            "gross": df.loc[txn, "gross"],
            "tax": df.loc[txn, "tax"],
            "source_row": df.loc[txn, "_row"],
        }
    )
    return finish(ctx, df, data, why, "Debit - Credit")
