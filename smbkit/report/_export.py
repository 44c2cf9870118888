"""Write tables for a client as CSV or Excel, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from smbkit._atomic import atomic_write
from smbkit._errors import SmbkitError
from smbkit._validation import check_option

__all__ = ["FORMULA_PREFIXES", "escape_formulas", "export_tables"]

#: A text cell starting with one of these is read as a formula by Excel, LibreOffice or
#: Google Sheets (OWASP "CSV Injection"), so it is written with a leading apostrophe. The
#: full-width forms (and any character whose compatibility form is one of the first four,
#: such as the small ``\ufe66``) count too, as do leading spaces before them.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

_NAME = re.compile(r"^[A-Za-z0-9_\-]+$")
_SIGNS = frozenset("=+-@")
_LINE_BREAKS = frozenset("\t\r\n")
# not whitespace to Python, but invisible: a spreadsheet user would not see them either
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
# openpyxl refuses these control characters in a cell (XML 1.0 cannot hold them)
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FIRST_VISIBLE = re.compile(rf"[\s{_INVISIBLE}]*(.)", re.DOTALL)


def _triggers(line: str) -> bool:
    """Whether a spreadsheet could read this line of a cell as the start of a formula."""
    if line[:1] in _LINE_BREAKS:
        return True
    found = _FIRST_VISIBLE.match(line)
    if found is None:  # blank
        return False
    first = found[1]
    return first in _SIGNS or unicodedata.normalize("NFKC", first)[:1] in _SIGNS


def _escape_text(value: object) -> object:
    if not isinstance(value, str):
        return value
    # each line on its own: a line break inside a cell must not start a formula either
    lines = value.splitlines(keepends=True) or [value]
    if not any(_triggers(line) for line in lines):
        return value
    return "".join("'" + line if _triggers(line) else line for line in lines)


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of a table whose text cells cannot run as spreadsheet formulas.

    Every text cell (and column name) that starts with ``=``, ``+``, ``-``, ``@`` (or
    their full-width forms ``＝ ＋ － ＠``), possibly after spaces, or that starts with a
    tab, a carriage return or a line feed, gets a leading apostrophe, so a spreadsheet
    shows it as text instead of evaluating it. Each line of a multi-line cell is treated
    the same way. Numbers (negative ones included), dates and missing values are left
    alone; a non-default index becomes ordinary columns first, so its labels are escaped
    too.

    Parameters
    ----------
    frame : DataFrame
        Any table.

    Returns
    -------
    DataFrame
        A new table with a default index; ``frame`` is not changed.

    Raises
    ------
    SmbkitError
        If ``frame`` is not a pandas DataFrame.

    Notes
    -----
    A client export can hold text typed by the public (a customer name, an order note).
    ``=HYPERLINK("http://evil.example", "click")`` in such a cell would become a live
    formula in the spreadsheet of whoever opens the file. The rule follows OWASP's "CSV
    Injection" page (https://owasp.org/www-community/attacks/CSV_Injection): prefix such
    cells with a single quote. It is applied after stripping leading Unicode whitespace
    (and zero-width characters), and to every character whose compatibility form
    (NFKC) is one of the four signs, because spreadsheets in East Asian locales accept the
    full-width ones. A line break inside a cell is harmless in a correctly quoted CSV, but
    not every program reading it is correct, so a later line that would start a formula
    is escaped too.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"name": ["=1+1", "Ana", "-x", None], "amount": [-5.0, 2.0, 0.0, 1.0]})
    >>> escape_formulas(t)
        name  amount
    0  '=1+1    -5.0
    1    Ana     2.0
    2    '-x     0.0
    3    NaN     1.0
    >>> notes = pd.DataFrame({"note": ["  \\uff1dSUM(A1)", "Ring twice\\n@cmd", "a - b"]})
    >>> escape_formulas(notes)["note"].tolist()
    ["'  ＝SUM(A1)", "Ring twice\\n'@cmd", 'a - b']
    """
    if not isinstance(frame, pd.DataFrame):
        raise SmbkitError(
            f"escape_formulas: `frame` must be a pandas DataFrame, got {type(frame).__name__}"
        )
    out = frame.copy()
    if not isinstance(out.index, pd.RangeIndex):
        out = out.reset_index()
    out.columns = [_escape_text(str(c)) for c in out.columns]
    for position in range(out.shape[1]):
        col = out.iloc[:, position]
        if isinstance(col.dtype, pd.CategoricalDtype):
            col = col.astype(object)
        if pd.api.types.is_string_dtype(col.dtype) or col.dtype == object:
            out.isetitem(position, col.map(_escape_text).astype(col.dtype))
    return out.reset_index(drop=True)


def _for_excel(frame: pd.DataFrame) -> pd.DataFrame:
    """Replace the control characters an xlsx cell cannot hold (openpyxl would refuse)."""

    def clean(value: object) -> object:
        return _XLSX_ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value

    out = frame.copy()
    out.columns = [clean(c) for c in out.columns]
    for position in range(out.shape[1]):
        col = out.iloc[:, position]
        if pd.api.types.is_string_dtype(col.dtype) or col.dtype == object:
            out.isetitem(position, col.map(clean).astype(col.dtype))
    return out


def export_tables(
    tables: Mapping[str, pd.DataFrame], folder: str | Path, *, fmt: str = "csv"
) -> list[Path]:
    """Write each table to ``<folder>/<name>.csv`` (or ``.xlsx``), escaping formulas.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        File name (letters, digits, ``_`` and ``-`` only) -> table.
    folder : str or Path
        Where to write; created if it does not exist.
    fmt : {"csv", "xlsx"}, default "csv"
        CSV is written as UTF-8 with a byte-order mark, so Excel shows accents correctly,
        with every text cell in double quotes and numbers bare; "xlsx" writes one
        workbook per table (sheet named after the table).

    Returns
    -------
    list of Path
        The files written, in the order of ``tables``.

    Raises
    ------
    SmbkitError
        If ``fmt`` is unknown, ``tables`` is not a mapping of DataFrames, a name could
        escape the folder or is not a plain file name, or ``folder`` is an existing file.
    OSError
        If a file cannot be written (permission, full disk); it names the file, and the
        file is left as it was (see below).

    Notes
    -----
    Every table passes through :func:`escape_formulas` first, so a text cell starting
    with ``= + - @`` (or their full-width forms, or a tab, carriage return or line feed)
    is written with a leading apostrophe. Each file is written to a temporary file in
    ``folder`` and renamed onto its name only when complete
    (:func:`smbkit._atomic.atomic_write`): a failure never leaves a truncated table, and
    an existing file of the same name stays as it was. Excel cannot hold the control
    characters U+0000 to U+001F other than tab, line feed and carriage return; in
    "xlsx" they are written as U+FFFD (the replacement character).

    Examples
    --------
    >>> import pandas as pd, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> paths = export_tables({"customers": pd.DataFrame({"name": ["@SUM(A1)", "Ana"]})},
    ...                       folder)
    >>> [p.name for p in paths]
    ['customers.csv']
    >>> print(paths[0].read_text(encoding="utf-8-sig"))
    "name"
    "'@SUM(A1)"
    "Ana"
    <BLANKLINE>
    """
    func = "export_tables"
    check_option(func, "fmt", fmt, ["csv", "xlsx"])
    if not isinstance(tables, Mapping):
        raise SmbkitError(
            f"{func}: `tables` must be a mapping of name -> DataFrame, got "
            f"{type(tables).__name__}; e.g. {{'scorecard': card}}"
        )
    for name, table in tables.items():
        if not isinstance(name, str) or not _NAME.match(name):
            raise SmbkitError(
                f"{func}: table name {name!r} is not a plain file name; use letters, digits, "
                "'_' and '-' only (e.g. 'scorecard')"
            )
        if not isinstance(table, pd.DataFrame):
            raise SmbkitError(
                f"{func}: table {name!r} must be a pandas DataFrame, got {type(table).__name__}"
            )
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise SmbkitError(f"{func}: folder {str(folder)!r} is a file; pass a folder")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        safe = escape_formulas(table)
        path = folder / f"{name}.{fmt}"
        with atomic_write(path) as tmp:
            if fmt == "csv":
                safe.to_csv(tmp, index=False, encoding="utf-8-sig", quoting=csv.QUOTE_NONNUMERIC)
            else:
                _for_excel(safe).to_excel(tmp, index=False, sheet_name=name[:31], engine="openpyxl")
        written.append(path)
    return written
