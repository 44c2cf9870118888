"""QuickBooks Online reports: Profit and Loss, and General Ledger (transaction detail).

Both are printed reports, not tables: title rows, section rows, ``Total for ...`` rows and a
footer. The printed totals are used as checksums: a mismatch raises DataError.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from smbkit._errors import DataError
from smbkit._validation import check_option
from smbkit.io._core import Context, Layout, ReadResult, detect, finish, frame, normalise, read_raw
from smbkit.io._dates import parse_datetimes
from smbkit.io._money import parse_money_column

__all__ = ["read_general_ledger", "read_profit_and_loss"]

_CENT = 0.005
_FOOTER = re.compile(r"^(accrual|cash) basis", re.I)
_SECTIONS = {
    "income": "income",
    "revenue": "income",
    "cost of goods sold": "cogs",
    "cost of sales": "cogs",
    "expenses": "expenses",
    "expense": "expenses",
    "other income": "other_income",
    "other expenses": "other_expenses",
    "other expense": "other_expenses",
}
_COMPUTED = {
    "gross profit": "gross_profit",
    "net operating income": "net_operating_income",
    "net other income": "net_other_income",
    "net income": "net_income",
}
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)


def _month_label(text: str) -> pd.Timestamp | None:
    match = re.match(rf"^({_MONTHS})\.?\s+(\d{{4}})$", text.strip(), re.I)
    if not match:
        return None
    return pd.Timestamp(f"{match.group(1)[:3].title()} 1 {match.group(2)}")


def _pnl_header(records, func, name) -> int:
    for index, record in enumerate(records[:20]):
        cells = [c.strip() for c in record]
        if len(cells) < 2 or normalise(cells[0]) not in {"", "distribution account", "account"}:
            continue
        labels = [c for c in cells[1:] if c]
        if labels and all(c.lower() == "total" or _month_label(c) is not None for c in labels):
            return index
    seen = next((r for r in records[:20] if sum(1 for c in r if c.strip()) >= 2), [])
    raise DataError(
        f"{func}: {name} does not look like a QuickBooks Profit and Loss report: no row like "
        f"'Distribution account,Total' or ',Jan 2024,Feb 2024,...,Total' in its first 20 rows "
        f"(the first wide row has {[c for c in seen if c]!r}). Export the report as CSV."
    )


def _period(titles: list[str]) -> tuple[pd.Timestamp | None, int | None]:
    text = " ".join(titles)
    months = re.findall(rf"\b({_MONTHS})\b", text, re.I)
    years = re.findall(r"\b(19\d\d|20\d\d)\b", text)
    if not months or not years:
        return None, None
    start = pd.Timestamp(f"{months[0][:3].title()} 1 {years[0]}")
    end = pd.Timestamp(f"{months[-1][:3].title()} 1 {years[-1]}")
    return start, (end.year - start.year) * 12 + end.month - start.month + 1


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


def read_profit_and_loss(path, *, source: str = "auto") -> ReadResult:
    """Read a QuickBooks Online Profit and Loss CSV export into monthly financials.

    Parameters
    ----------
    path : str or Path
        The report as exported (title rows, ``Distribution account,Total`` or one column
        per month, sections, ``Total for ...`` rows, footer).
    source : {"auto", "quickbooks"}
        Only QuickBooks Online is supported today.

    Returns
    -------
    ReadResult
        ``.data`` has one row per month column (or one row for a Total-only report):
        ``month, revenue, cogs, operating_expenses, net_income, gross_profit,
        net_operating_income, other_income, other_expenses, period_months``. The ledger keeps
        account lines and excludes section, total and footer rows; its amount is the Total
        column. A report without account lines gives an empty table and a warning.

    Raises
    ------
    DataError
        A printed total (``Total for ...``, Gross Profit, Net Operating Income, Net Income,
        or a row's Total column) that disagrees with the rows it sums, or an unreadable cell.

    Notes
    -----
    .. math:: \\text{net income} = \\text{income} - \\text{COGS} - \\text{expenses}
       + \\text{other income} - \\text{other expenses}

    The printed subtotals must agree with their lines to the cent, so a hand-edited report is
    caught before its numbers reach a KPI.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "pnl.csv"
    >>> _ = p.write_text("Profit and Loss\\nJanuary 2024\\n\\nDistribution account,Total\\n"
    ...     "Income,\\n   4000 Sales,\\"1,000.00\\"\\nTotal for Income,\\"$1,000.00\\"\\n"
    ...     "Expenses,\\n   6000 Rent,400.00\\nTotal for Expenses,400.00\\n"
    ...     "Net Operating Income,600.00\\nNet Income,600.00\\n")
    >>> read_profit_and_loss(p).data[["month", "revenue", "operating_expenses", "net_income"]]
           month  revenue  operating_expenses  net_income
    0 2024-01-01   1000.0               400.0       600.0
    """
    func = "read_profit_and_loss"
    check_option(func, "source", source, ["auto", "quickbooks"])
    ctx = Context(func)
    raw = read_raw(path, func=func)
    ctx.warnings.extend(raw.warnings)
    index = _pnl_header(raw.records, func, raw.name)
    header = [c.strip() for c in raw.records[index]]
    value_pos = [i for i, c in enumerate(header) if i > 0 and c]
    labels = [header[i] for i in value_pos]
    body = raw.records[index + 1 :]
    n = len(body)
    rows = pd.DataFrame(
        {
            "label": [(r[0] if r else "").strip() for r in body],
            "_row": np.arange(index + 2, index + 2 + n),
            "_file": raw.name,
            "_blank": [not any(c.strip() for c in r) for r in body],
        }
    )
    values = {}
    formatted = pd.Series(False, index=rows.index)
    for pos, label in zip(value_pos, labels, strict=True):
        cells = pd.Series([r[pos] if pos < len(r) else "" for r in body], dtype="str")
        col = parse_money_column(cells, func=func, file=raw.name, column=label, rows=rows["_row"])
        values[label] = col.values
        formatted |= col.formatted
    matrix = pd.DataFrame(values)
    has_total = "Total" in labels
    months = [lab for lab in labels if lab != "Total"]
    rows["_amount"] = (
        matrix["Total"].fillna(0.0) if has_total else matrix[months].sum(axis=1, min_count=1)
    ).fillna(0.0)
    if has_total and months:
        computed = matrix[months].sum(axis=1, min_count=1)
        diff = (computed - matrix["Total"]).abs() > _CENT
        if diff.any():
            i = diff[diff].index[0]
            _mismatch(
                func,
                raw.name,
                rows.loc[i, "_row"],
                rows.loc[i, "label"],
                matrix.loc[i, "Total"],
                computed[i],
                "Total column",
            )
    columns = months or ["Total"]
    reason = pd.Series(None, index=rows.index, dtype=object)
    stack: list[tuple[str, np.ndarray]] = []
    tops: dict[str, np.ndarray] = {}
    computed_rows: dict[str, np.ndarray] = {}
    ended = False
    zero = np.zeros(len(columns))
    for i in rows.index:
        label = rows.loc[i, "label"]
        vals = matrix.loc[i, columns].to_numpy(dtype=float)
        empty = bool(np.isnan(vals).all())
        key = normalise(label)
        if rows.loc[i, "_blank"]:
            reason[i] = "blank row"
        elif ended or _FOOTER.match(label):
            reason[i] = "total or footer row"
        elif key.startswith("total for ") or (key.startswith("total ") and stack):
            name = key.removeprefix("total for ").removeprefix("total ")
            if not stack or normalise(stack[-1][0]) != name:
                open_name = stack[-1][0] if stack else "none"
                raise DataError(
                    f"{func}: {raw.name} row {rows.loc[i, '_row']}: {label!r} closes a section "
                    f"that is not open (open section: {open_name!r}); export the report again "
                    "without collapsing rows."
                )
            section, sums = stack.pop()
            printed = np.nan_to_num(vals)
            bad = np.abs(printed - sums) > _CENT
            if bad.any():
                j = int(np.argmax(bad))
                _mismatch(
                    func,
                    raw.name,
                    rows.loc[i, "_row"],
                    label,
                    printed[j],
                    sums[j],
                    f"total ({columns[j]})",
                )
            if stack:
                stack[-1] = (stack[-1][0], stack[-1][1] + printed)
            else:
                tops[_SECTIONS.get(normalise(section), normalise(section))] = printed
            reason[i] = "total or footer row"
        elif key in _COMPUTED:
            computed_rows[_COMPUTED[key]] = np.nan_to_num(vals)
            reason[i] = "total or footer row"
            if key == "net income":
                ended = True
        elif empty:
            stack.append((label, zero.copy()))
            reason[i] = "section header"
        else:
            if not stack:
                raise DataError(
                    f"{func}: {raw.name} row {rows.loc[i, '_row']}: account line {label!r} is "
                    "outside any section; export the report again with its sections."
                )
            stack[-1] = (stack[-1][0], stack[-1][1] + np.nan_to_num(vals))
    if stack:
        raise DataError(
            f"{func}: {raw.name}: section {stack[-1][0]!r} has no 'Total for' row; the report "
            "is cut off. Export it again."
        )
    get = {
        k: tops.get(k, zero)
        for k in ("income", "cogs", "expenses", "other_income", "other_expenses")
    }
    expect = {
        "gross_profit": get["income"] - get["cogs"],
        "net_operating_income": get["income"] - get["cogs"] - get["expenses"],
        "net_other_income": get["other_income"] - get["other_expenses"],
        "net_income": get["income"]
        - get["cogs"]
        - get["expenses"]
        + get["other_income"]
        - get["other_expenses"],
    }
    for name, printed in computed_rows.items():
        bad = np.abs(printed - expect[name]) > _CENT
        if bad.any():
            j = int(np.argmax(bad))
            i = rows.index[rows["label"].map(normalise) == name.replace("_", " ")][0]
            _mismatch(
                func,
                raw.name,
                rows.loc[i, "_row"],
                rows.loc[i, "label"],
                printed[j],
                expect[name][j],
                f"{name.replace('_', ' ')} ({columns[j]})",
            )
    rows["_reason"] = reason
    rows["_kept_reason"] = "account line"
    rows["_amount"] = rows["_amount"].astype(float)
    ctx.repair("money text parsed ($, separators, parentheses)", rows, formatted & reason.isna())
    empty = not reason.isna().any()
    titles = [" ".join(c for c in r if c.strip()) for r in raw.records[:index]]
    if months:
        month = [_month_label(m) for m in months]
        period_months = 1
    elif empty:
        month, period_months = [pd.NaT], 1
    else:
        start, count = _period(titles)
        month = [start if start is not None else pd.NaT]
        period_months = count
        if start is None:
            ctx.warnings.append(
                f"{raw.name}: the report period is not in its title rows; month is missing. "
                "Export with columns by month."
            )
        elif count and count > 1:
            ctx.warnings.append(
                f"{raw.name} has one Total column for {count} months from {start:%Y-%m}; "
                "export with columns by month for monthly financials."
            )
    data = pd.DataFrame(
        {
            "month": pd.to_datetime(pd.Series(month)).astype("datetime64[us]"),
            "revenue": get["income"],
            "cogs": get["cogs"],
            "operating_expenses": get["expenses"],
            "net_income": expect["net_income"],
            "gross_profit": expect["gross_profit"],
            "net_operating_income": expect["net_operating_income"],
            "other_income": get["other_income"],
            "other_expenses": get["other_expenses"],
            "period_months": period_months,
        }
    )
    if empty:
        data = data.iloc[:0]
        ctx.warnings.append(_no_rows(raw.name, "account lines"))
    label = "Total" if has_total else "sum of the month columns"
    why = f"quickbooks_pnl (header {header[: 1 + min(3, len(value_pos))]!r} on row {index + 1})"
    return finish(ctx, rows, data, why, label)


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
