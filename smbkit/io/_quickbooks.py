"""QuickBooks Online reports: Profit and Loss, and General Ledger (transaction detail).

Both are printed reports, not tables: title rows, section rows, ``Total for ...`` rows and a
footer. The printed totals are used as checksums: a mismatch raises DataError. The Profit
and Loss reader lives in :mod:`smbkit.io._pnl_sources`, which reads Xero and Sage reports
with the same walker; it is re-exported here.
"""

from __future__ import annotations

import re

import pandas as pd

from smbkit._errors import DataError
from smbkit.io._core import Context, Layout, ReadResult, detect, finish, frame, normalise, read_raw
from smbkit.io._dates import parse_datetimes
from smbkit.io._money import parse_money_column
from smbkit.io._pnl_sources import read_profit_and_loss

__all__ = ["read_general_ledger", "read_profit_and_loss"]

_CENT = 0.005
_FOOTER = re.compile(r"^(accrual|cash) basis", re.I)


def _mismatch(func, file, row, label, printed, computed, what):
    raise DataError(
        f"{func}: {file} row {row} ({label!r}): the printed {what} is {printed:,.2f} but the "
        f"rows above add up to {computed:,.2f}. The report was edited or is incomplete; export "
        "it again from QuickBooks."
    )


def _no_rows(name: str, what: str) -> str:
    return (
        f"{name} has no data rows ({what}) below its header, only title, total or blank "
        "rows; the table is empty. Check the report's period and filters in QuickBooks, or "
        "export it again."
    )


GL_LAYOUT = Layout(
    name="quickbooks_gl",
    fields={
        "date": ("Date", "Transaction date"),
        "type": ("Transaction Type", "Type"),
        "num": ("Num", "No.", "Number"),
        "name": ("Name",),
        "description": ("Memo/Description", "Description", "Memo"),
        "split": ("Split", "Split account"),
        "amount": ("Amount",),
        "balance": ("Balance",),
    },
    signature=("date", "type", "num", "name", "description", "split", "amount", "balance"),
    required=("date", "amount"),
    money=("amount", "balance"),
    amount="amount",
)


def read_general_ledger(path, *, dayfirst: bool | None = False) -> ReadResult:
    """Read a QuickBooks Online General Ledger (or Transaction Detail) CSV export.

    Parameters
    ----------
    path : str or Path
    dayfirst : bool or None, default False
        QuickBooks US writes MM/DD/YYYY. Dates that can only be read the other way raise an
        error; None decides from the file alone.

    Returns
    -------
    ReadResult
        ``.data``: ``date, account, type, num, name, description, split, amount, balance,
        source_row``, one row per transaction line; ``account`` is the innermost account
        section the line sits in. A report without transaction lines gives an empty table
        and a warning.

    Raises
    ------
    DataError
        A ``Total for <account>`` or ``TOTAL`` row that disagrees with its lines, a running
        balance that does not move by the line's amount, or an unreadable cell.

    Notes
    -----
    .. math:: \\text{Total for } a = \\sum_{\\text{lines in } a} \\text{amount}, \\qquad
       \\text{balance}_i = \\text{balance}_{i-1} + \\text{amount}_i

    These are the checks a bookkeeper does by eye: the ledger must add up before any KPI
    uses it.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "gl.csv"
    >>> _ = p.write_text("General Ledger\\n\\n,Date,Transaction Type,Num,Name,"
    ...     "Memo/Description,Split,Amount,Balance\\nChecking,,,,,,,,\\n"
    ...     ",01/15/2024,Deposit,,,Sales,Sales,\\"1,000.00\\",\\"1,000.00\\"\\n"
    ...     ",01/31/2024,Expense,,,Rent,Rent,-400.00,600.00\\n"
    ...     "Total for Checking,,,,,,,$600.00,\\nTOTAL,,,,,,,600.00,\\n")
    >>> read_general_ledger(p).data[["date", "account", "amount", "balance"]]
            date   account  amount  balance
    0 2024-01-15  Checking  1000.0   1000.0
    1 2024-01-31  Checking  -400.0    600.0
    """
    func = "read_general_ledger"
    ctx = Context(func)
    raw = read_raw(path, func=func)
    ctx.warnings.extend(raw.warnings)
    layout, index, why = detect(raw, {"quickbooks_gl": GL_LAYOUT}, "quickbooks_gl", func=func)
    df = frame(raw, index, layout, func=func)
    for name in layout.fields:
        if name not in df:
            df[name] = ""
    body = raw.records[index + 1 :]
    date_pos = layout.match(raw.records[index])["date"]
    df["label"] = [(r[0].strip() if r and date_pos > 0 else "") for r in body]
    money = parse_money_column(
        df["amount"], func=func, file=raw.name, column="Amount", rows=df["_row"]
    )
    df["amount"] = money.values
    df["balance"] = parse_money_column(
        df["balance"], func=func, file=raw.name, column="Balance", rows=df["_row"]
    ).values
    df["_amount"] = df["amount"].fillna(0.0)
    is_txn = df["date"].str.strip() != ""
    reason = pd.Series(None, index=df.index, dtype=object)
    account = pd.Series("", index=df.index, dtype=object)
    stack: list[list] = []
    grand = 0.0
    ended = False
    last_balance: dict[str, float] = {}
    for i in df.index:
        label = df.loc[i, "label"]
        key = normalise(label)
        if df.loc[i, "_blank"]:
            reason[i] = "blank row"
        elif is_txn[i]:
            if not stack:
                raise DataError(
                    f"{func}: {raw.name} row {df.loc[i, '_row']}: a transaction before any "
                    "account row; export the General Ledger report again."
                )
            amount = df.loc[i, "_amount"]
            stack[-1][1] += amount
            grand += amount
            name = stack[-1][0]
            account[i] = name
            bal = df.loc[i, "balance"]
            prev = last_balance.get(name)
            if prev is not None and bal == bal and abs(prev + amount - bal) > _CENT:
                _mismatch(
                    func,
                    raw.name,
                    df.loc[i, "_row"],
                    label or name,
                    bal,
                    prev + amount,
                    "running balance",
                )
            if bal == bal:
                last_balance[name] = bal
        elif key.startswith("total for "):
            name = key.removeprefix("total for ")
            if not stack or normalise(stack[-1][0]) != name:
                raise DataError(
                    f"{func}: {raw.name} row {df.loc[i, '_row']}: {label!r} closes an account "
                    "that is not open; export the report again without collapsing rows."
                )
            section, sums = stack.pop()
            printed = df.loc[i, "_amount"]
            if abs(printed - sums) > _CENT:
                _mismatch(func, raw.name, df.loc[i, "_row"], label, printed, sums, "total")
            if stack:
                stack[-1][1] += printed
            reason[i] = "total or footer row"
        elif key == "total":
            if abs(df.loc[i, "_amount"] - grand) > _CENT:
                _mismatch(
                    func, raw.name, df.loc[i, "_row"], label, df.loc[i, "_amount"], grand, "TOTAL"
                )
            reason[i] = "total or footer row"
            ended = True
        elif ended or _FOOTER.match(label) or not label:
            reason[i] = "total or footer row"
        else:
            stack.append([label, 0.0])
            reason[i] = "section header"
    df["_reason"] = reason
    df["_kept_reason"] = "transaction line"
    ctx.repair(
        "money text parsed ($, separators, parentheses)", df, money.formatted & reason.isna()
    )
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
            "type": df.loc[txn, "type"],
            "num": df.loc[txn, "num"],
            "name": df.loc[txn, "name"],
            "description": df.loc[txn, "description"],
            "split": df.loc[txn, "split"],
            "amount": df.loc[txn, "amount"],
            "balance": df.loc[txn, "balance"],
            "source_row": df.loc[txn, "_row"],
        }
    )
    return finish(ctx, df, data, why, "Amount")
