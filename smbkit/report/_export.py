"""Write tables for a client as CSV or Excel, safe to open in a spreadsheet."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from smbkit._errors import SmbkitError
from smbkit._validation import check_option

__all__ = ["FORMULA_PREFIXES", "escape_formulas", "export_tables"]

#: A text cell starting with one of these is read as a formula by Excel, LibreOffice or
#: Google Sheets (OWASP "CSV injection"), so it is written with a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_NAME = re.compile(r"^[A-Za-z0-9_\-]+$")


def _escape_text(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of a table whose text cells cannot run as spreadsheet formulas.

    Every text cell (and column name) that starts with ``=``, ``+``, ``-``, ``@``, a tab
    or a carriage return gets a leading apostrophe, so a spreadsheet shows it as text
    instead of evaluating it. Numbers, dates and missing values are left alone; a
    non-default index becomes ordinary columns first, so its labels are escaped too.

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
    formula in the spreadsheet of whoever opens the file.

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
        CSV is written as UTF-8 with a byte-order mark, so Excel shows accents correctly;
        "xlsx" writes one workbook per table (sheet named after the table).

    Returns
    -------
    list of Path
        The files written, in the order of ``tables``.

    Raises
    ------
    SmbkitError
        If ``fmt`` is unknown, ``tables`` is not a mapping of DataFrames, a name could
        escape the folder or is not a plain file name, or ``folder`` is an existing file.

    Notes
    -----
    Every table passes through :func:`escape_formulas` first, so a text cell starting
    with ``= + - @`` (or a tab or carriage return) is written with a leading apostrophe.

    Examples
    --------
    >>> import pandas as pd, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> paths = export_tables({"customers": pd.DataFrame({"name": ["@SUM(A1)", "Ana"]})},
    ...                       folder)
    >>> [p.name for p in paths]
    ['customers.csv']
    >>> print(paths[0].read_text(encoding="utf-8-sig"))
    name
    '@SUM(A1)
    Ana
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
        if fmt == "csv":
            safe.to_csv(path, index=False, encoding="utf-8-sig")
        else:
            safe.to_excel(path, index=False, sheet_name=name[:31], engine="openpyxl")
        written.append(path)
    return written
