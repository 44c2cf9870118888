"""Profit and Loss reports from QuickBooks Online, Xero and Sage, read by one walker.

The three systems print the same statement in different words: QuickBooks' Income / Cost
of Goods Sold / Expenses with ``Total for ...`` rows and ``Net Income``; Xero's Trading
Income / Cost of Sales / Operating Expenses with ``Total ...`` rows and ``Net Profit``;
Sage's Sales / Purchases / Direct Expenses / Overheads with ``Total ...`` rows or unlabelled
subtotals under a ruling line, ``Gross Profit/(Loss)`` and ``Net Profit/(Loss)``. One
vocabulary covers all three, so one walker reads them; the system is recognised from the
labels only to name it and to say where to export again.

Every printed total is a checksum of the rows it sums. A total one cent away from its lines
is the system's rounding (accepted with a warning); anything further is refused. Excel
totals that are formulas without a saved value are read from their lines, with a warning.

The period comes from the report's date-range line (or from its column labels), never from
other title lines such as the company name; a report covering part of a month says so in
``period_months`` (a fraction) and ``partial``.
"""

from __future__ import annotations

import calendar
import gzip
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option
from smbkit.io._core import Context, ReadResult, finish, normalise, read_raw
from smbkit.io._money import parse_money_column

__all__ = ["SOURCES", "read_profit_and_loss"]

FUNC = "read_profit_and_loss"
SOURCES = ("quickbooks", "xero", "sage")
_EXACT = 0.005  # float noise: the same figure to the cent
_CENT = 0.01 + 1e-6  # one cent apart: the system's rounding

# ---- vocabulary -------------------------------------------------------------------------------

_SECTIONS = {
    "income": "income",
    "revenue": "income",
    "trading income": "income",
    "sales": "income",
    "turnover": "income",
    "cost of goods sold": "cogs",
    "cost of sales": "cogs",
    "purchases": "cogs",
    "direct expenses": "cogs",
    "direct costs": "cogs",
    "expenses": "expenses",
    "expense": "expenses",
    "operating expenses": "expenses",
    "overheads": "expenses",
    "administrative expenses": "expenses",
    "administrative costs": "expenses",
    "other income": "other_income",
    "other expenses": "other_expenses",
    "other expense": "other_expenses",
}
_COMPUTED = {
    "gross profit": "gross_profit",
    "gross profit/(loss)": "gross_profit",
    "gross profit/loss": "gross_profit",
    "net operating income": "net_operating_income",
    "operating profit": "net_operating_income",
    "net other income": "net_other_income",
    "net income": "net_income",
    "net profit": "net_income",
    "net profit/(loss)": "net_income",
    "net profit/loss": "net_income",
}
_CANON = ("income", "cogs", "expenses", "other_income", "other_expenses")
_LABEL_CELLS = {"", "account", "accounts", "distribution account", "account name", "description"}


@dataclass(frozen=True)
class _System:
    name: str
    product: str
    markers: frozenset[str]
    dayfirst: bool


_SYSTEMS = {
    "quickbooks": _System(
        "quickbooks",
        "QuickBooks",
        frozenset(
            {
                "distribution account",
                "net income",
                "net operating income",
                "net other income",
                "cost of goods sold",
            }
        ),
        False,
    ),
    "xero": _System(
        "xero",
        "Xero",
        frozenset(
            {
                "trading income",
                "total trading income",
                "net profit",
                "operating expenses",
                "total operating expenses",
                "total cost of sales",
                "less cost of sales",
                "less operating expenses",
                "plus other income",
            }
        ),
        True,
    ),
    "sage": _System(
        "sage",
        "Sage",
        frozenset(
            {
                "gross profit/(loss)",
                "net profit/(loss)",
                "overheads",
                "total overheads",
                "direct expenses",
                "total direct expenses",
                "total purchases",
                "period",
                "year to date",
            }
        ),
        True,
    ),
}
_UNKNOWN = _System("unrecognised", "your accounting system", frozenset(), True)


def _key(label: str) -> str:
    return normalise(label).rstrip(":").strip()


def _section_name(label: str) -> str:
    key = _key(label)
    for prefix in ("less ", "plus "):
        key = key.removeprefix(prefix)
    return key


# ---- dates: the period line and the column labels ---------------------------------------------

_M = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_D = r"(\d{1,2})(?:st|nd|rd|th)?"
_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
_ENDED = re.compile(
    r"^(?:for )?(?:the )?(?:(\d{1,2}|[a-z]+) months?|(month|quarter|year|financial year))"
    r" end(?:ed|ing):? (.+)$"
)
_PREFIX = re.compile(
    r"^(?:profit (?:and|&) loss|income statement|for the period|for the|for|period|"
    r"reporting period|report period|date range|dates?|from)\b\s*[:,-]?\s*"
)
_SEPARATOR = re.compile(r"\s*(?:\bto\b:?|\bthrough\b|\bthru\b|\buntil\b|-)\s*")
_MTD = re.compile(r"\bmonth[- ]to[- ]date\b|\bmtd\b", re.I)


def _month_number(text: str) -> int:
    return [m.lower()[:3] for m in calendar.month_abbr].index(text[:3].lower())


def _year(text: str, short: bool) -> int | None:
    if len(text) == 4:
        return int(text)
    return 2000 + int(text) if short else None


def _part(text: str, *, dayfirst: bool, short: bool = False):
    """Read one date, whole or in part, as (year, month, day) with None for what is absent."""
    t = text.strip().strip(",").strip()
    year = r"(\d{4}|\d{2})" if short else r"(\d{4})"
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t):
        return int(m[1]), int(m[2]), int(m[3])
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", t):
        a, b = int(m[1]), int(m[2])
        first = dayfirst if a <= 12 and b <= 12 else a > 12
        return (int(m[3]), b, a) if first else (int(m[3]), a, b)
    if short and (m := re.fullmatch(rf"{_M}[ -]{year}", t)):  # "Mar 26", "Mar-26"
        return _year(m[2], short), _month_number(m[1]), None
    forms = (
        (rf"{_D} {_M},? {year}", ("d", "m", "y")),
        (rf"{_M} {_D},? {year}", ("m", "d", "y")),
        (rf"{_M},? {year}", ("m", "y")),
        (rf"{_D},? {year}", ("d", "y")),
        (rf"{_D} {_M}", ("d", "m")),
        (rf"{_M} {_D}", ("m", "d")),
        (_M, ("m",)),
        (_D, ("d",)),
    )
    for pattern, order in forms:
        if m := re.fullmatch(pattern, t):
            got = dict(zip(order, m.groups(), strict=True))
            y = _year(got["y"], short) if "y" in got else None
            month = _month_number(got["m"]) if "m" in got else None
            day = int(got["d"]) if "d" in got else None
            return y, month, day
    return None


def _day(y: int, m: int, d: int | None, *, last: bool) -> pd.Timestamp | None:
    if not 1 <= m <= 12:
        return None
    days = calendar.monthrange(y, m)[1]
    d = d if d is not None else (days if last else 1)
    return pd.Timestamp(y, m, d) if 1 <= d <= days else None


def _join(left, right) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    ly, lm, ld = left
    ry, rm, rd = right
    if ry is None or (lm is None and ld is None) or (rm is None and lm is None):
        return None
    rm = rm if rm is not None else lm
    lm = lm if lm is not None else rm
    if ly is None:
        ly = ry - 1 if lm > rm else ry
    start, end = _day(ly, lm, ld, last=False), _day(ry, rm, rd, last=True)
    if start is None or end is None or start > end:
        return None
    return start, end


def _period_of(text: str, *, dayfirst: bool = True, short: bool = False):
    """Return the (first day, last day) a date-range text covers, or None.

    Only a whole line that is a date range counts, so a company name holding a year or a
    month never sets the period.

    Examples
    --------
    >>> _period_of("For the 3 months ended 31 March 2026")
    (Timestamp('2026-01-01 00:00:00'), Timestamp('2026-03-31 00:00:00'))
    >>> _period_of("March 1-15, 2026")
    (Timestamp('2026-03-01 00:00:00'), Timestamp('2026-03-15 00:00:00'))
    >>> _period_of("Bakery 2024 Ltd") is None, _period_of("March Hare Bakery 2024") is None
    (True, True)
    """
    t = re.sub(r"\s+", " ", str(text).replace("\u2013", "-").replace("\u2014", "-"))
    t = t.strip().strip('"').strip().lower().rstrip(".")
    if m := _ENDED.match(t):
        count = m[1]
        if count is not None:
            months = int(count) if count.isdigit() else _NUMBERS.get(count, 0)
        else:
            months = {"month": 1, "quarter": 3}.get(m[2], 12)
        end = _part(m[3], dayfirst=dayfirst)
        if not months or end is None or end[0] is None or end[1] is None:
            return None
        last = _day(end[0], end[1], end[2], last=True)
        if last is None:
            return None
        first = (last.to_period("M") - (months - 1)).to_timestamp()
        return first, last
    for _ in range(3):
        t = _PREFIX.sub("", t, count=1)
    t = re.sub(r"\bmonth \d{1,2},?\s*", "", t).strip()  # Sage 50: "Month 1, January 2026"
    for sep in _SEPARATOR.finditer(t):
        left = _part(t[: sep.start()], dayfirst=dayfirst, short=short)
        right = _part(t[sep.end() :], dayfirst=dayfirst, short=short)
        if left and right and (span := _join(left, right)):
            return span
    whole = _part(t, dayfirst=dayfirst, short=short)
    if whole and whole[0] is not None and whole[1] is not None and whole[2] is None:
        return _day(whole[0], whole[1], 1, last=False), _day(whole[0], whole[1], None, last=True)
    return None


def _months(start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Months from ``start`` to ``end`` (both days included), a part month as a fraction."""
    total, day = 0.0, start
    while day <= end:
        days = day.days_in_month
        stop = min(end, pd.Timestamp(day.year, day.month, days))
        total += ((stop - day).days + 1) / days
        day = stop + pd.Timedelta(days=1)
    return round(total, 4)


def _partial(start: pd.Timestamp, end: pd.Timestamp) -> bool:
    return start.day != 1 or end.day != end.days_in_month


@dataclass
class _Column:
    pos: int
    label: str
    kind: str  # "month" (one calendar month or part), "span", "total", "period", "ytd"
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    mtd: bool = False


def _classify(pos: int, label: str, dayfirst: bool) -> _Column | None:
    key = normalise(label)
    if key in {"total", "grand total"}:
        return _Column(pos, label, "total")
    if key in {"period", "current period", "this period"}:
        return _Column(pos, label, "period")
    if key in {"month to date", "month-to-date", "mtd"}:
        return _Column(pos, label, "period", mtd=True)
    if key in {"year to date", "year-to-date", "ytd"}:
        return _Column(pos, label, "ytd")
    span = _period_of(label, dayfirst=dayfirst, short=True)
    if span is None:
        one = _part(key, dayfirst=dayfirst, short=True)
        if not one or None in one:
            return None
        end = _day(*one, last=True)  # "31 Mar 26": the month that ends that day
        if end is None:
            return None
        span = (end.replace(day=1), end)
    start, end = span
    same = (start.year, start.month) == (end.year, end.month)
    return _Column(pos, label, "month" if same else "span", start, end)


def _header(records, func: str, name: str, products: str, dayfirst: bool):
    for index, record in enumerate(records[:30]):
        cells = [c.strip() for c in record]
        if len(cells) < 2 or normalise(cells[0]) not in _LABEL_CELLS:
            continue
        columns = [_classify(i, c, dayfirst) for i, c in enumerate(cells) if i > 0 and c]
        if columns and all(c is not None for c in columns):
            return index, columns
    seen = next((r for r in records[:30] if sum(1 for c in r if c.strip()) >= 2), [])
    raise DataError(
        f"{func}: {name} does not look like a Profit and Loss report from {products}: no row "
        "like 'Distribution account,Total', 'Account,Mar 2026,Feb 2026' or ',Period,Year to "
        f"Date' in its first 30 rows (the first wide row has {[c for c in seen if c]!r}). "
        "Export the report as CSV or Excel, without budget or variance columns."
    )


# ---- basis ------------------------------------------------------------------------------------

_BASIS_AFTER = re.compile(r"^\(?(accruals?|cash)[ -](?:basis|accounting)\)?(?:[\s,.:;]+.*\d.*)?$")
_BASIS_BEFORE = re.compile(r"^\(?(?:accounting |report )?basis\s*[:=-]?\s*(accruals?|cash)\b")


def _basis(text: str) -> str | None:
    """Return "accrual" or "cash" when ``text`` states the report's basis.

    >>> _basis("Accrual basis Monday, March 4, 2024 10:00 AM GMT-05:00"), _basis("Cash Basis")
    ('accrual', 'cash')
    >>> _basis("Cash Basis Consulting Ltd") is None
    True
    """
    key = normalise(text)
    m = _BASIS_AFTER.match(key) or _BASIS_BEFORE.match(key)
    if not m:
        return None
    return "cash" if m[1] == "cash" else "accrual"


# ---- Excel formulas without saved values ------------------------------------------------------


def _unsaved_formulas(raw) -> set[tuple[int, int]]:
    """(record, cell) positions of .xlsx formulas whose value was never saved."""
    if raw.kind != "xlsx":
        return set()
    import openpyxl

    data = raw.path.read_bytes()
    if raw.compression == "gzip":
        data = gzip.decompress(data)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    found = set()
    try:
        for r, row in enumerate(book.worksheets[0].iter_rows(values_only=True)):
            if r >= len(raw.records):
                break
            for c, value in enumerate(row):
                formula = (isinstance(value, str) and value.startswith("=")) or type(
                    value
                ).__name__ in {"ArrayFormula", "DataTableFormula"}
                cells = raw.records[r]
                if formula and (c >= len(cells) or not cells[c].strip()):
                    found.add((r, c))
    finally:
        book.close()
    return found


# ---- one file ---------------------------------------------------------------------------------


@dataclass
class _Part:
    rows: pd.DataFrame
    data: pd.DataFrame
    basis: str | None
    basis_where: str
    why: str
    amount_label: str
    name: str


def _no_rows(name: str, product: str) -> str:
    return (
        f"{name} has no data rows (account lines) below its header, only title, total or "
        f"blank rows; the table is empty. Check the report's period and filters in {product}, "
        "or export it again."
    )


def _system(records, index, source: str, func: str, name: str) -> tuple[_System, str]:
    labels = [_key(r[0]) for r in records if r and r[0].strip()]
    header = [normalise(c) for c in records[index]]
    scores, examples = {}, {}
    for sysname, system in _SYSTEMS.items():
        hits = [k for k in labels + header if k in system.markers]
        if sysname == "quickbooks":
            hits += [k for k in labels if k.startswith("total for ")]
        scores[sysname] = len(hits)
        examples[sysname] = list(dict.fromkeys(hits))[:3]
    best = max(SOURCES, key=lambda s: scores[s])  # ties go to the first in SOURCES
    if source != "auto":
        if scores[source] == 0 and scores[best] > 0:
            other = _SYSTEMS[best]
            raise DataError(
                f"{func}: {name} looks like a {other.product} Profit and Loss report (it has "
                f"{examples[best]!r}), not {_SYSTEMS[source].product}; pass "
                f"source={best!r} or source='auto'."
            )
        return _SYSTEMS[source], "chosen with source="
    if scores[best] == 0:
        return _UNKNOWN, "system not recognised from its labels"
    return _SYSTEMS[best], f"recognised by {examples[best]!r}"


class _Walk:
    """Check every printed total of one report and keep what it says, column by column."""

    def __init__(self, func: str, name: str, product: str, columns: list[_Column]):
        self.func, self.name, self.product, self.columns = func, name, product, columns
        self.rounding: list[str] = []
        self.formulas: list[str] = []

    def mismatch(self, row, label, printed, computed, what):
        raise DataError(
            f"{self.func}: {self.name} row {row} ({label!r}): the printed {what} is "
            f"{printed:,.2f} but the rows above add up to {computed:,.2f}. The report was "
            f"edited or is incomplete; export it again from {self.product}."
        )

    def settle(self, row, label, printed, unsaved, sums, what) -> np.ndarray:
        """Return the figures to carry upward: printed where it agrees with ``sums``."""
        used = np.array(printed, dtype=float)
        for j, column in enumerate(self.columns):
            p, s = printed[j], sums[j]
            where = f"{what} ({column.label})"
            if np.isnan(p):
                if unsaved[j]:
                    self.formulas.append(f"row {row} ({label!r}, {column.label})")
                    used[j] = s
                elif abs(s) <= _EXACT:
                    used[j] = 0.0
                else:
                    raise DataError(
                        f"{self.func}: {self.name} row {row} ({label!r}): the {where} is "
                        f"blank but the rows above add up to {s:,.2f}. The report is "
                        f"incomplete or was edited; export it again from {self.product}."
                    )
            elif abs(p - s) > _CENT:
                self.mismatch(row, label, p, s, where)
            elif abs(p - s) > _EXACT:
                self.rounding.append(
                    f"row {row} ({label!r}, {column.label}): printed {p:,.2f}, lines {s:,.2f}"
                )
        return used


def _read_one(path, source: str, ctx: Context, func: str) -> _Part:
    raw = read_raw(path, func=func)
    ctx.warnings.extend(raw.warnings)
    name = raw.name
    hint = _SYSTEMS[source] if source != "auto" else _UNKNOWN
    products = hint.product if source != "auto" else "QuickBooks, Xero or Sage"
    records = raw.records
    dayfirst = hint.dayfirst if source != "auto" else True
    index, columns = _header(records, func, name, products, dayfirst)
    system, how = _system(records, index, source, func, name)
    if system.dayfirst != dayfirst:
        index, columns = _header(records, func, name, products, system.dayfirst)
    labels_seen = [c.label for c in columns]
    starts = [c.start for c in columns if c.kind == "month"]
    if len(set(starts)) < len(starts):
        twice = next(s for s in starts if starts.count(s) > 1)
        same = [c.label for c in columns if c.kind == "month" and c.start == twice]
        raise DataError(
            f"{func}: {name}: the columns {same!r} both hold {twice:%B %Y}; export the report "
            "with one column per month."
        )
    unsaved = _unsaved_formulas(raw)
    body = records[index + 1 :]
    n, k = len(body), len(columns)
    ruled = re.compile(r"^[-=_\s]+$")

    def cell(r, pos):
        text = r[pos].strip() if pos < len(r) else ""
        return "" if ruled.match(text) else text

    rows = pd.DataFrame(
        {
            "label": [(r[0] if r else "").strip() for r in body],
            "_row": np.arange(index + 2, index + 2 + n),
            "_file": name,
            "_blank": [not any(c.strip() for c in r) for r in body],
        }
    )
    ruling = np.array(
        [
            (not rows.loc[i, "_blank"])
            and not rows.loc[i, "label"]
            and not any(cell(r, c.pos) for c in columns)
            and all(not x.strip() or ruled.match(x.strip()) for x in r)
            for i, r in enumerate(body)
        ],
        dtype=bool,
    )
    matrix = np.full((n, k), np.nan)
    missing = np.zeros((n, k), dtype=bool)
    formatted = pd.Series(False, index=rows.index)
    for j, column in enumerate(columns):
        cells = pd.Series([cell(r, column.pos) for r in body], dtype="str")
        parsed = parse_money_column(
            cells, func=func, file=name, column=column.label, rows=rows["_row"]
        )
        matrix[:, j] = parsed.values.to_numpy(dtype=float)
        formatted |= parsed.formatted
        missing[:, j] = [(index + 1 + i, column.pos) in unsaved for i in range(n)]
    walk = _Walk(func, name, system.product, columns)
    kinds = [c.kind for c in columns]
    data_cols = [j for j, c in enumerate(columns) if c.kind in {"month", "span"}]
    total_col = kinds.index("total") if "total" in kinds else None
    single = next((kinds.index(x) for x in ("period", "total", "ytd") if x in kinds), None)
    # the ledger's money: the Total column, else the one period column, else the months
    if total_col is not None or not data_cols:
        amount_col = total_col if total_col is not None else single
        amount = matrix[:, amount_col].copy()
        amount_label = columns[amount_col].label
    else:
        amount = np.nansum(matrix[:, data_cols], axis=1)
        amount_label = "sum of the month columns"
    if total_col is not None and data_cols:
        months_sum = pd.DataFrame(matrix[:, data_cols]).sum(axis=1, min_count=1).to_numpy()
        for i in range(n):
            printed, computed = matrix[i, total_col], months_sum[i]
            if np.isnan(printed):
                if missing[i, total_col]:
                    walk.formulas.append(f"row {rows.loc[i, '_row']} (Total)")
                    amount[i] = 0.0 if np.isnan(computed) else computed
                    matrix[i, total_col] = amount[i]
                continue
            if np.isnan(computed):
                continue
            if abs(printed - computed) > _CENT:
                walk.mismatch(
                    rows.loc[i, "_row"], rows.loc[i, "label"], printed, computed, "Total column"
                )
            if abs(printed - computed) > _EXACT:
                walk.rounding.append(
                    f"row {rows.loc[i, '_row']} ({rows.loc[i, 'label']!r}, Total column): "
                    f"printed {printed:,.2f}, months {computed:,.2f}"
                )
    rows["_amount"] = np.nan_to_num(amount)
    reason = pd.Series(None, index=rows.index, dtype=object)
    stack: list[list] = []
    tops = {c: np.zeros(k) for c in _CANON}
    printed_rows: dict[str, tuple[int, np.ndarray]] = {}
    ended = False
    bases: list[tuple[str, str]] = []
    for line in records[:index]:
        text = " ".join(c.strip() for c in line if c.strip())
        if b := _basis(text):
            bases.append((b, text))
    for i in range(n):
        label = rows.loc[i, "label"]
        row = rows.loc[i, "_row"]
        key = _key(label)
        vals = matrix[i]
        if rows.loc[i, "_blank"]:
            reason[i] = "blank row"
            continue
        if ruling[i]:
            reason[i] = "ruling line"
            continue
        if b := _basis(label):
            bases.append((b, label))
            reason[i] = "total or footer row"
            continue
        if ended:
            reason[i] = "total or footer row"
            continue
        has_value = not np.isnan(vals).all() or missing[i].any()
        named_total = key.startswith("total for ") or (key.startswith("total ") and stack)
        if named_total or (not label and stack and has_value):
            if named_total:
                closes = key.removeprefix("total for ").removeprefix("total ")
                if not stack or _section_name(stack[-1][0]) != closes:
                    open_name = stack[-1][0] if stack else "none"
                    raise DataError(
                        f"{func}: {name} row {row}: {label!r} closes a section that is not "
                        f"open (open section: {open_name!r}); export the report again without "
                        "collapsing rows."
                    )
            section, sums = stack.pop()
            used = walk.settle(row, label or f"total of {section}", vals, missing[i], sums, "total")
            if stack:
                stack[-1][1] = stack[-1][1] + used
            else:
                canon = _SECTIONS.get(_section_name(section))
                if canon is None:
                    raise DataError(
                        f"{func}: {name}: section {section!r} is not one of the sections a "
                        f"Profit and Loss report has ({', '.join(sorted(_SECTIONS))}); its "
                        f"money would be lost. Export the report with the standard layout of "
                        f"{system.product}, or move the accounts into a standard section."
                    )
                tops[canon] = tops[canon] + used
            reason[i] = "total or footer row"
        elif key in _COMPUTED:
            printed_rows[_COMPUTED[key]] = (i, vals)
            reason[i] = "total or footer row"
            ended = _COMPUTED[key] == "net_income"
        elif not has_value:
            stack.append([label, np.zeros(k)])
            reason[i] = "section header"
        else:
            if missing[i].any():
                j = int(np.argmax(missing[i]))
                raise DataError(
                    f"{func}: {name} row {row} ({label!r}), column {columns[j].label!r}: the "
                    "cell is an Excel formula with no saved value, so the amount is unknown. "
                    "Open the file in Excel and save it (that stores the values), or export "
                    "the report again."
                )
            if not stack:
                raise DataError(
                    f"{func}: {name} row {row}: account line {label!r} is outside any section; "
                    "export the report again with its sections."
                )
            stack[-1][1] = stack[-1][1] + np.nan_to_num(vals)
    if stack:
        raise DataError(
            f"{func}: {name}: section {stack[-1][0]!r} has no total row; the report is cut "
            "off. Export it again."
        )
    expect = {
        "gross_profit": tops["income"] - tops["cogs"],
        "net_operating_income": tops["income"] - tops["cogs"] - tops["expenses"],
        "net_other_income": tops["other_income"] - tops["other_expenses"],
    }
    expect["net_income"] = expect["net_operating_income"] + expect["net_other_income"]
    for what, (i, vals) in printed_rows.items():
        walk.settle(
            rows.loc[i, "_row"],
            rows.loc[i, "label"],
            vals,
            missing[i],
            expect[what],
            what.replace("_", " "),
        )
    if walk.rounding:
        ctx.warnings.append(
            f"{name}: {len(walk.rounding)} printed total(s) differ from their lines by one "
            f"cent, read as {system.product}'s rounding (the printed figures are used), e.g. "
            f"{walk.rounding[0]}."
        )
    if walk.formulas:
        ctx.warnings.append(
            f"{name}: {len(walk.formulas)} total(s) are Excel formulas with no saved value "
            f"(the workbook was written by a program that did not calculate it), e.g. "
            f"{walk.formulas[0]}; they are read from their lines and cannot be checked. Open "
            "the file in Excel and save it to store the values."
        )
    rows["_reason"] = reason
    rows["_kept_reason"] = "account line"
    ctx.repair("money text parsed ($, separators, parentheses)", rows, formatted & reason.isna())
    empty = not reason.isna().any()
    found = sorted({b for b, _ in bases})
    if len(found) > 1:
        raise DataError(
            f"{func}: {name} states two bases: {bases[0][1]!r} and "
            f"{next(t for b, t in bases if b != bases[0][0])!r}; export the report again."
        )
    data = _frame(name, columns, data_cols, single, tops, expect, records[:index], system, ctx)
    if empty:
        data = data.iloc[:0]
        ctx.warnings.append(_no_rows(name, system.product))
    used = data_cols or [single]
    others = [
        c.label
        for j, c in enumerate(columns)
        if j not in used and not (c.kind == "total" and data_cols)
    ]
    if others and not empty:
        ctx.warnings.append(
            f"{name}: the column(s) {others!r} were checked but not read into the table "
            f"(it holds {[columns[j].label for j in used]!r})."
        )
    shown = [records[index][0].strip(), *labels_seen[:3]]
    why = f"{system.name}_pnl ({how}; header {shown!r} on row {index + 1})"
    return _Part(
        rows=rows,
        data=data,
        basis=found[0] if found else None,
        basis_where=bases[0][1] if bases else "",
        why=why,
        amount_label=amount_label,
        name=name,
    )


def _frame(name, columns, data_cols, single, tops, expect, titles, system, ctx) -> pd.DataFrame:
    """One row per month (or per period column), from the section totals of each column."""
    lines = [" ".join(c.strip() for c in r if c.strip()) for r in titles]
    span = None
    for at, line in enumerate(lines):
        after = lines[at + 1] if at + 1 < len(lines) else ""
        if normalise(line).startswith("from") and normalise(after).startswith("to"):
            line = f"{line} {after}"  # Sage 50 prints "From: ..." and "To: ..." on two lines
        if (span := _period_of(line, dayfirst=system.dayfirst)) is not None:
            break
    mtd = any(_MTD.search(line) for line in lines) or any(c.mtd for c in columns)
    picks = data_cols or [single]
    out = []
    for j in picks:
        column = columns[j]
        start, end = column.start, column.end
        if column.kind == "month" and span is not None:
            lo, hi = max(start, span[0]), min(end, span[1])
            if lo <= hi:
                start, end = lo, hi
        elif start is None and span is not None:
            start, end = span
        out.append([j, start, end])
    newest = max((s for _, s, _ in out if s is not None), default=None)
    months, period, partial = [], [], []
    for _, start, end in out:
        if start is None:
            months.append(pd.NaT)
            period.append(np.nan)
            partial.append(mtd)
            continue
        count = _months(start, end)
        cut = _partial(start, end)
        if not cut and mtd and start == newest:  # "month to date" but the dates say nothing more
            count, cut = np.nan, True
        months.append(start.replace(day=1))
        period.append(count)
        partial.append(cut)
    if span is None and not data_cols and not any(c.start for c in columns):
        ctx.warnings.append(
            f"{name}: the report period is not in its title rows; month is missing. Export "
            "with columns by month."
        )
    cut = [(out[i], period[i]) for i in range(len(out)) if partial[i]]
    if cut:
        (_, start, end), count = cut[0]
        dates = f"{start:%d %b %Y} to {end:%d %b %Y}" if start is not None else "month to date"
        shown = "unknown" if np.isnan(count) else f"{count:g}"
        ctx.warnings.append(
            f"{name} covers part of a month ({dates}; period_months {shown}): "
            f"{len(cut)} row(s) have partial=True. Leave them out of month-on-month "
            "comparisons, or scale them to a whole month."
        )
    if not data_cols and period and period[0] == period[0] and period[0] > 1:
        count = period[0]
        shown = f"{count:g}"
        ctx.warnings.append(
            f"{name} has one {columns[single].label} column for {shown} months from "
            f"{months[0]:%Y-%m}; export with columns by month for monthly financials."
        )
    at = [j for j, _, _ in out]
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(pd.Series(months, dtype="datetime64[ns]")).astype(
                "datetime64[us]"
            ),
            "revenue": tops["income"][at],
            "cogs": tops["cogs"][at],
            "operating_expenses": tops["expenses"][at],
            "net_income": expect["net_income"][at],
            "gross_profit": expect["gross_profit"][at],
            "net_operating_income": expect["net_operating_income"][at],
            "other_income": tops["other_income"][at],
            "other_expenses": tops["other_expenses"][at],
            "period_months": np.array(period, dtype="float64"),
            "partial": np.array(partial, dtype=bool),
        }
    )
    return frame.sort_values("month", kind="stable").reset_index(drop=True)


# ---- several files ----------------------------------------------------------------------------


def _paths(path) -> list:
    if isinstance(path, (str, os.PathLike)):
        return [path]
    if isinstance(path, Sequence) and path:
        return list(path)
    raise SmbkitError(
        f"{FUNC}: pass a path or a non-empty list of paths, not {path!r}; e.g. "
        "read_profit_and_loss('pnl_2026_q1.csv')."
    )


def _covered(data: pd.DataFrame) -> set[pd.Timestamp]:
    out = set()
    for month, count in zip(data["month"], data["period_months"], strict=True):
        if pd.isna(month):
            continue
        steps = 1 if pd.isna(count) else max(1, int(np.ceil(count - 1e-9)))
        out.update(month + pd.DateOffset(months=m) for m in range(steps))
    return out


def read_profit_and_loss(path, *, source: str = "auto") -> ReadResult:
    """Read Profit and Loss exports (QuickBooks Online, Xero, Sage) into monthly financials.

    Parameters
    ----------
    path : str, Path or list of them
        The report(s) as exported, CSV or .xlsx: title rows (report name, company, date
        range), a header row (``Distribution account,Total``, one column per month in any
        order, or Sage's ``Period`` / ``Year to Date``), sections, total rows and a footer.
        Several files are read as one table; they must not cover the same month and must
        be on the same accounting basis.
    source : {"auto", "quickbooks", "xero", "sage"}
        The system that made the report; "auto" recognises it from its labels
        (``Total for ...``/``Net Income``, ``Total Trading Income``/``Net Profit``,
        ``Overheads``/``Net Profit/(Loss)``).

    Returns
    -------
    ReadResult
        ``.data`` has one row per month column (or one row for a report with a single
        Total or Period column), oldest first: ``month, revenue, cogs, operating_expenses,
        net_income, gross_profit, net_operating_income, other_income, other_expenses,
        period_months, partial``. ``period_months`` is the months the row covers (a part
        month as a fraction, e.g. 15 of 31 days = 0.4839; NaN for "month to date" without
        dates) and ``partial`` is True when a month is cut. ``.basis`` is "accrual", "cash"
        or None when the report does not say. The ledger keeps account lines and excludes
        section, total, ruling and footer rows; its amount is the Total (or Period) column,
        else the sum of the month columns. A report without account lines gives an empty
        table and a warning.

    Raises
    ------
    DataError
        A printed total (section totals, Gross Profit, Net Income / Net Profit, a row's
        Total column) more than one cent from the rows it sums, a blank total with lines
        above it, an unreadable cell, an account line that is an unsaved Excel formula, a
        section the statement does not have, files on different bases or covering the
        same month, or a file another system made than ``source=`` says.

    Notes
    -----
    .. math:: \\text{net income} = \\text{income} - \\text{COGS} - \\text{expenses}
       + \\text{other income} - \\text{other expenses}

    Sage's Purchases and Direct Expenses are both cost of sales, its Overheads are
    operating expenses. The printed subtotals must agree with their lines to the cent (one
    cent is rounding, with a warning), so a hand-edited report is caught before its numbers
    reach a KPI.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "pnl.csv"
    >>> _ = p.write_text("Profit and Loss\\nJanuary 2024\\n\\nDistribution account,Total\\n"
    ...     "Income,\\n   4000 Sales,\\"1,000.00\\"\\nTotal for Income,\\"$1,000.00\\"\\n"
    ...     "Expenses,\\n   6000 Rent,400.00\\nTotal for Expenses,400.00\\n"
    ...     "Net Operating Income,600.00\\nNet Income,600.00\\nAccrual basis\\n")
    >>> res = read_profit_and_loss(p)
    >>> res.data[["month", "revenue", "operating_expenses", "net_income"]]
           month  revenue  operating_expenses  net_income
    0 2024-01-01   1000.0               400.0       600.0
    >>> res.basis
    'accrual'
    >>> x = p.with_name("xero.csv")
    >>> _ = x.write_text("Profit and Loss\\nBakery 2024 Ltd\\n1 March 2026 to 15 March 2026\\n"
    ...     "Account,15 Mar 26\\nTrading Income\\nSales,500.00\\nTotal Trading Income,500.00\\n"
    ...     "Operating Expenses\\nRent,(100.00)\\nTotal Operating Expenses,(100.00)\\n"
    ...     "Net Profit,600.00\\n")
    >>> read_profit_and_loss(x).data[["month", "net_income", "period_months", "partial"]]
           month  net_income  period_months  partial
    0 2026-03-01       600.0         0.4839     True
    """
    check_option(FUNC, "source", source, ["auto", *SOURCES])
    ctx = Context(FUNC)
    parts = [_read_one(p, source, ctx, FUNC) for p in _paths(path)]
    stated = [p for p in parts if p.basis]
    for part in stated[1:]:
        if part.basis != stated[0].basis:
            first = stated[0]
            raise DataError(
                f"{FUNC}: {first.name} is on the {first.basis} basis ({first.basis_where!r}) "
                f"but {part.name} is on the {part.basis} basis ({part.basis_where!r}); cash "
                "and accrual figures cannot be combined. Export every report on one basis, "
                "or read them separately."
            )
    for part in parts:
        if part.basis is None:
            ctx.warnings.append(
                f"{part.name} does not say whether it is on the cash or the accrual basis; "
                "basis is unknown. Check the report's settings before comparing it with "
                "other figures."
            )
    seen: dict[pd.Timestamp, str] = {}
    for part in parts:
        for month in sorted(_covered(part.data)):
            if month in seen:
                raise DataError(
                    f"{FUNC}: {seen[month]} and {part.name} both cover {month:%B %Y}; pass "
                    "reports for periods that do not overlap."
                )
        seen.update(dict.fromkeys(_covered(part.data), part.name))
    rows = pd.concat([p.rows for p in parts], ignore_index=True)
    data = pd.concat([p.data for p in parts], ignore_index=True)
    if len(parts) > 1:
        data = data.sort_values("month", kind="stable")
    why = parts[0].why if len(parts) == 1 else "; ".join(f"{p.name}: {p.why}" for p in parts)
    amount = " / ".join(dict.fromkeys(p.amount_label for p in parts))
    notes = [f"{p.name}: {p.basis} basis ({p.basis_where!r})." for p in stated]
    result = finish(ctx, rows, data, why, amount, notes=notes)
    result.basis = stated[0].basis if stated else None
    return result
