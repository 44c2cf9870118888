"""Read money written as text: currency signs, thousands separators, parentheses, decimal commas.

Written by hand rather than with ``locale`` or ``babel``: the decimal mark is decided once per
column from the evidence of all its cells (a per-cell guess reads ``1,234`` and ``0,25`` with
different marks in the same column), and every unreadable cell must be reported with its row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smbkit._errors import DataError

__all__ = ["MoneyColumn", "format_money", "parse_money", "parse_money_column"]

_CURRENCY = re.compile(
    r"[$€£¥]|\b(?:USD|EUR|GBP|CAD|AUD|NZD|CHF|SEK|NOK|DKK|JPY|usd|eur|gbp|cad|aud)\b|\bkr\b"
)
_GROUPING = re.compile(r"[ '\u00a0\u202f]")
_PLAIN = re.compile(r"^-?\d+(?:\.\d+)?$")
_BODY = re.compile(r"^[0-9.,]+$")
_DOT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
_COMMA = re.compile(r"^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$|^,\d+$")


@dataclass(frozen=True)
class _Cell:
    negative: bool
    body: str  # digits and separators only
    evidence: str  # "dot", "comma", "ambiguous" or "none"


def _split(text: str) -> _Cell | None:
    """Return the sign, numeric body and decimal-mark evidence of one cell, or None."""
    s = _CURRENCY.sub("", text).strip()
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, _CURRENCY.sub("", s[1:-1]).strip()
    if s[:1] in "-−" and s:
        negative, s = not negative, s[1:].strip()
    elif s.endswith("-"):
        negative, s = not negative, s[:-1].strip()
    s = _CURRENCY.sub("", s).strip()
    s = _GROUPING.sub("", s)
    if not s or not _BODY.match(s) or not any(ch.isdigit() for ch in s):
        return None
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        evidence = "dot" if s.rfind(".") > s.rfind(",") else "comma"
    elif commas:
        tail = s.rsplit(",", 1)[1]
        evidence = "dot" if commas > 1 else ("ambiguous" if len(tail) == 3 else "comma")
    elif dots:
        tail = s.rsplit(".", 1)[1]
        evidence = "comma" if dots > 1 else ("ambiguous" if len(tail) == 3 else "dot")
    else:
        evidence = "none"
    return _Cell(negative, s, evidence)


def _value(cell: _Cell, decimal: str) -> float | None:
    pattern, thousands = (_DOT, ",") if decimal == "." else (_COMMA, ".")
    if not pattern.match(cell.body):
        return None
    number = float(cell.body.replace(thousands, "").replace(decimal, "."))
    return -number if cell.negative else number


def parse_money(text: str, decimal: str = ".") -> float:
    """Read one money cell such as ``'$(1,234.50)'``; raise ValueError when unreadable.

    >>> parse_money("$(1,234.50)"), parse_money("-$0.95"), parse_money("1.234,56", decimal=",")
    (-1234.5, -0.95, 1234.56)
    """
    cell = _split(str(text))
    value = None if cell is None else _value(cell, decimal)
    if value is None:
        raise ValueError(f"cannot read {text!r} as money")
    return value


def format_money(value: float, *, symbol: str = "$", parentheses: bool = False) -> str:
    """Write ``value`` the way spreadsheets do, e.g. ``-1234.5`` as ``'$(1,234.50)'``.

    >>> format_money(-1234.5, parentheses=True), format_money(-0.95)
    ('$(1,234.50)', '-$0.95')
    """
    body = f"{abs(value):,.2f}"
    if value < 0:
        return f"{symbol}({body})" if parentheses else f"-{symbol}{body}"
    return f"{symbol}{body}"


@dataclass
class MoneyColumn:
    """A parsed money column: values (NaN where the cell was blank) and what was done."""

    values: pd.Series
    decimal: str
    formatted: pd.Series  # bool: the cell needed more than a plain float read
    ambiguous: bool


def parse_money_column(
    cells: pd.Series,
    *,
    func: str,
    file: str,
    column: str,
    rows: pd.Series,
    decimal: str | None = None,
) -> MoneyColumn:
    """Parse a column of money text, deciding the decimal mark once for the whole column.

    ``cells`` are strings ("" for a blank cell), ``rows`` the spreadsheet row of each cell.
    An unreadable cell, or a column mixing ``1,234.50`` with ``0,25``, raises DataError.
    """
    text = cells.fillna("").astype(str).str.strip()
    uniques = pd.unique(text[text != ""])
    split: dict[str, _Cell] = {}
    for value in uniques:
        cell = _split(value)
        if cell is None:
            bad = text == value
            row = rows[bad].iloc[0]
            n = int(bad.sum())
            raise DataError(
                f"{func}: {file} row {row}, column {column!r}: cannot read {value!r} as money"
                f" ({n} cell{'s' if n > 1 else ''} like it). Fix the cell in the source system "
                "and export again, or blank it if the amount is unknown."
            )
        split[value] = cell
    seen = {c.evidence for c in split.values()}
    if "dot" in seen and "comma" in seen:
        dot = next(v for v, c in split.items() if c.evidence == "dot")
        comma = next(v for v, c in split.items() if c.evidence == "comma")
        raise DataError(
            f"{func}: {file}, column {column!r} mixes a decimal point ({dot!r}) and a decimal "
            f"comma ({comma!r}); one column must use one convention. Re-export the file with "
            "one locale."
        )
    decided = "comma" if "comma" in seen else "dot"
    if decimal is not None:
        wanted = "comma" if decimal == "," else "dot"
        if wanted != decided and decided in seen:
            example = next(v for v, c in split.items() if c.evidence == decided)
            raise DataError(
                f"{func}: decimal={decimal!r} contradicts {file}, column {column!r}, which holds "
                f"{example!r}; drop decimal= or pass decimal={'.' if decimal == ',' else ','!r}."
            )
        decided = wanted
    ambiguous = decimal is None and "ambiguous" in seen and not ({"dot", "comma"} & seen)
    mark = "," if decided == "comma" else "."
    parsed: dict[str, float] = {}
    for value, cell in split.items():
        number = _value(cell, mark)
        if number is None:
            bad = text == value
            raise DataError(
                f"{func}: {file} row {rows[bad].iloc[0]}, column {column!r}: cannot read "
                f"{value!r} as money with decimal mark {mark!r}. Fix the cell or pass decimal=."
            )
        parsed[value] = number
    values = text.map(parsed).astype("float64")
    values[text == ""] = np.nan
    formatted = (text != "") & ~text.str.match(_PLAIN.pattern)
    return MoneyColumn(values=values, decimal=mark, formatted=formatted, ambiguous=ambiguous)
