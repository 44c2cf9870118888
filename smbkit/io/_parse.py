"""Parsing shared by every reader: the reader interface, money and date fields, footer rows.

Readers (``_shopify``, ``_square``, ...) import from here and from ``_core``; the registry and
driver in ``_orders`` import the readers. Nothing here imports a reader or the registry, so a
new reader plugs in by adding its file and one line in the registry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smbkit.io._core import Context, Layout
from smbkit.io._dates import parse_datetimes
from smbkit.io._money import parse_money_column

__all__ = [
    "UNSETTLED",
    "Options",
    "Source",
    "dated_refunds",
    "first_nonblank",
    "member",
    "footer_rows",
    "parse_date_field",
    "parse_money_fields",
]

# Exclusion reasons that describe a payment not settled yet: a copy of an order in this state
# never replaces a settled copy of the same order from another export.
UNSETTLED = frozenset({"not paid (pending or authorized)", "not paid (pending or on hold)"})

# The exact spellings of total and footer rows that platforms and spreadsheets write in the
# first filled cell (compared case-insensitively, after trimming spaces and a trailing colon).
_FOOTER = re.compile(
    r"^(?:grand\s+)?(?:totals?|sum|summe|gesamt|total\s+general)"
    r"(?:\s*\(\s*[\d,.]+\s+(?:records?|rows?)\s*\))?\s*:?$",
    re.IGNORECASE,
)


@dataclass
class Options:
    tz: str | None
    currency: str | None
    decimal: str | None
    dayfirst: bool | None
    include_tests: bool
    key: str | bytes | None


@dataclass
class Source:
    """How one export layout becomes orders (and refunds).

    ``prepare(df, ctx, opts, file)`` parses one file's data rows in place (money, dates) and
    returns the key of each row: rows of one order (or one refund event) share a key, and two
    copies of a key are two versions of it. ``exclude(rows, ctx, opts)`` returns the exclusion
    reason of each row (None = kept); ``aggregate(kept, ctx, opts)`` returns one row per
    order with the canonical columns (plus extras); ``refunds(kept, orders, ctx, opts)``
    returns the canonical refunds table (or None when the export says nothing of refunds).

    ``multirow`` says whether one order spans several rows (line items); then
    ``version_start(df)`` marks rows that open a new copy of their key (Shopify's first line
    of an order carries the order's totals), reading the columns ``version_columns``.
    ``refund_dates`` says in one sentence how the
    export dates refunds.
    """

    layout: Layout
    prepare: Callable
    exclude: Callable
    aggregate: Callable
    kept_reason: str = "order line kept"
    refunds: Callable | None = None
    multirow: bool = False
    version_start: Callable | None = None
    version_columns: tuple[str, ...] = ()
    refund_dates: str = ""


def parse_money_fields(df, layout: Layout, ctx: Context, opts: Options, file: str, mask):
    """Parse every money field of ``df`` on rows ``mask``; record repairs and warnings."""
    formatted = pd.Series(False, index=df.index)
    comma = pd.Series(False, index=df.index)
    for name in layout.money:
        if name not in df:
            continue
        header = df.attrs["headers"].get(name, name)
        cells = df[name].where(mask, "")
        col = parse_money_column(
            cells, func=ctx.func, file=file, column=header, rows=df["_row"], decimal=opts.decimal
        )
        df[name] = col.values
        formatted |= col.formatted
        if col.decimal == ",":
            comma |= cells.str.strip() != ""
        if col.ambiguous:
            ctx.warnings.append(
                f"{file}: column {header!r} only has values like '1,234' or '1.234', which "
                "read differently with a decimal point or comma; read with a decimal point "
                "(1,234 = one thousand ...). Pass decimal=',' if the file uses decimal commas."
            )
    return formatted, comma


def parse_date_field(
    df, name, layout, ctx, opts, file, mask, *, zone=None, text=None, into="_date"
):
    """Parse a date field (or the given ``text``) on rows ``mask`` into ``df[into]``."""
    header = df.attrs["headers"].get(name, name)
    cells = (df[name] if text is None else text)[mask]
    df[into] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
    converted = pd.Series(False, index=df.index)
    if not mask.any():
        return converted
    result = parse_datetimes(
        cells,
        func=ctx.func,
        file=file,
        column=header,
        rows=df.loc[mask, "_row"],
        dayfirst=opts.dayfirst,
        zone=zone,
        tz=opts.tz,
    )
    df.loc[mask, into] = result.values
    ctx.warnings.extend(result.warnings)
    converted[mask] = result.converted
    return converted


def footer_rows(
    df: pd.DataFrame,
    id_field: str,
    ctx: Context,
    file: str,
    *,
    date_field: str,
    money: tuple[str, ...],
) -> pd.Series:
    """Classify rows without an order id; mark them in ``df['_reason']``; return the footers.

    Only exact footer forms are footers: a first filled cell such as ``Total``, ``Totals``,
    ``Grand Total (12 records)`` (see ``_FOOTER``), or a row with no date and no money and
    either no id or a single filled cell (a note such as "Generated By: ..." or
    "Confidential Information - Do Not Distribute", even in the id column). A row with no id but with a date or
    money is a sale without an id: it is excluded as "missing order id" with a warning, never
    taken for a footer. A row whose id cell itself says "Total" is a footer too.
    """
    live = df["_reason"].isna()
    first = df["_first"] if "_first" in df else df[id_field].fillna("").astype(str).str.strip()
    ident = df[id_field].fillna("").astype(str).str.strip()
    labelled = first.str.match(_FOOTER.pattern, flags=re.IGNORECASE) & (
        (ident == "") | (ident == first)
    )
    no_id = ident == ""
    has_date = pd.Series(False, index=df.index)
    if date_field in df:
        has_date = df[date_field].fillna("").astype(str).str.strip().str.match(r"^\d")
    has_money = pd.Series(False, index=df.index)
    for name in money:
        if name in df:
            has_money |= df[name].fillna("").astype(str).str.contains(r"\d", regex=True)
    cells = df["_cells"] if "_cells" in df else pd.Series(2, index=df.index)
    note = ~labelled & ~has_date & ~has_money & (no_id | (cells <= 1))
    missing = no_id & ~labelled & ~note & live
    df.loc[live & labelled, "_reason"] = "total or footer row"
    df.loc[live & note, "_reason"] = "note row (no date or money)"
    df.loc[missing, "_reason"] = "missing order id"
    if missing.any():
        header = df.attrs.get("headers", {}).get(id_field, id_field)
        ctx.warnings.append(
            f"{file}: {int(missing.sum()):,} row(s) have a date or money but no "
            f"{header!r} (first: row {df.loc[missing, '_row'].iloc[0]}); they are excluded "
            "and their money is listed in the ledger as 'missing order id'. Fill the id in "
            "the source system and export again to count them."
        )
    return live & (labelled | note)


def dated_refunds(kept: pd.DataFrame, orders: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """One refund per refunded order, dated by the export's refund-date column.

    For one-row-per-order exports that carry a refund date (``kept['_refund_date']``): the
    amount is the order's ``refunded`` (net of tax, as in the orders table); an order
    refunded without a date keeps its order date, says so in ``date_source`` and warns.
    """
    table = orders.loc[orders["refunded"] > 0, ["order_id", "refunded", "date"]]
    info = kept.set_index(kept["order_id"].str.strip())[["_refund_date", "_file", "_row"]]
    info = info.reindex(table["order_id"])
    undated = info["_refund_date"].isna().to_numpy()
    if undated.any():
        ctx.warnings.append(
            f"{int(undated.sum())} refunded orders have no refund date (first: "
            f"{table.loc[undated, 'order_id'].iloc[0]}); their refunds are dated on the order."
        )
    return pd.DataFrame(
        {
            "order_id": table["order_id"].to_numpy(),
            "date": np.where(undated, table["date"].to_numpy(), info["_refund_date"].to_numpy()),
            "amount": table["refunded"].to_numpy(),
            "reason": np.nan,
            "source_file": info["_file"].to_numpy(),
            "source_row": info["_row"].to_numpy(),
            "date_source": np.where(undated, "order date", "issued"),
        }
    )


def member(values: pd.Series, among) -> np.ndarray:
    """``values.isin(among)`` as a boolean array, fast for large sets of text ids.

    (pandas' ``isin`` on Arrow-backed strings converts every candidate one by one; a hash
    index lookup does the same job in one pass.)
    """
    index = pd.Index(pd.unique(pd.Series(list(among) if isinstance(among, set) else among)))
    return index.get_indexer(values) >= 0


def first_nonblank(series: pd.Series):
    """First value that is neither NaN nor an empty string (for groupby.agg)."""
    values = series[series.notna() & (series.astype(str).str.strip() != "")]
    return values.iloc[0] if len(values) else np.nan
