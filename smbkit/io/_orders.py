"""``read_orders``: the driver shared by every order source."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option
from smbkit.io._core import Context, Layout, ReadResult, check_ids, detect, finish, frame, read_raw
from smbkit.io._dates import parse_datetimes, resolve_zone
from smbkit.io._money import parse_money_column
from smbkit.io._validate import problems

__all__ = ["ORDER_COLUMNS", "Options", "Source", "read_orders"]

ORDER_COLUMNS = [
    "order_id",
    "date",
    "customer_id",
    "channel",
    "location",
    "revenue",
    "cost",
    "discount",
    "refunded",
    "status",
]
FUNC = "read_orders"
COVERAGE_WARN = 0.8  # warn when less than this share of revenue has a customer id


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
    """How one export layout becomes orders.

    ``prepare(df, ctx, opts, file)`` parses one file's data rows in place (money, dates) and
    returns the cross-file duplicate key of each row; ``exclude(rows, opts)`` returns the
    exclusion reason of each row (None = kept); ``aggregate(kept, ctx, opts)`` returns one
    row per order with the canonical columns (plus extras).
    """

    layout: Layout
    prepare: Callable
    exclude: Callable
    aggregate: Callable
    kept_reason: str = "order line kept"


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


def parse_date_field(df, name, layout, ctx, opts, file, mask, *, zone=None, text=None):
    """Parse a date field (or the given ``text``) on rows ``mask`` into ``df['_date']``."""
    header = df.attrs["headers"].get(name, name)
    cells = (df[name] if text is None else text)[mask]
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
    df["_date"] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
    df.loc[mask, "_date"] = result.values
    ctx.warnings.extend(result.warnings)
    converted = pd.Series(False, index=df.index)
    converted[mask] = result.converted
    return converted


def footer_rows(df: pd.DataFrame, id_field: str) -> pd.Series:
    """Rows that are not data: no id, or an id cell reading 'Total' / 'Grand total'."""
    ident = df[id_field].str.strip()
    return (ident == "") | ident.str.lower().str.match(r"^(grand )?totals?\b")


def _sources() -> dict[str, Source]:
    from smbkit.io import _shopify, _square, _stripe, _woocommerce

    return {
        "shopify": _shopify.SOURCE,
        "square_items": _square.ITEMS,
        "square_transactions": _square.TRANSACTIONS,
        "stripe": _stripe.SOURCE,
        "woocommerce": _woocommerce.SOURCE,
    }


def _paths(path_or_paths) -> list[Path]:
    if isinstance(path_or_paths, (str, Path)):
        return [Path(path_or_paths)]
    paths = [Path(p) for p in path_or_paths]
    if not paths:
        raise SmbkitError(f"{FUNC}: path_or_paths is empty; pass a file or a list of files.")
    return paths


def customer_coverage(orders: pd.DataFrame) -> float:
    total = orders["revenue"].sum()
    if not total:
        return float("nan")
    return float(orders.loc[orders["customer_id"].notna(), "revenue"].sum() / total)


def read_orders(
    path_or_paths: str | Path | Sequence[str | Path],
    *,
    source: str = "auto",
    tz: str | None = None,
    currency: str | None = None,
    column_map: dict[str, str] | None = None,
    dayfirst: bool | None = None,
    decimal: str | None = None,
    include_tests: bool = False,
    key: str | bytes | None = None,
) -> ReadResult:
    """Read one or more order exports into the canonical orders table, with a ledger.

    Parameters
    ----------
    path_or_paths : path or list of paths
        CSV (or, for ``source="generic"``, .xlsx) exports. Several paths are consecutive or
        overlapping exports of one shop: an order (or Square ticket and event) already read
        from an earlier file is left out and counted as "duplicate across exports".
    source : {"auto", "shopify", "square_items", "square_transactions", "stripe", \
"woocommerce", "generic"}
        The export layout; "auto" recognises it from the header names.
    tz : str, optional
        The business's IANA time zone. Times written in another zone (UTC, offsets, Square's
        named zone) are converted to it; files without a zone are taken to be in it.
    currency : str, optional
        ISO code. Checked against the file's currency column, or used when there is none.
    column_map : dict, optional
        For ``source="generic"``: canonical name -> file column. Needs ``order_id``,
        ``date`` and ``revenue``; may map ``customer_id``, ``channel``, ``location``,
        ``cost``, ``discount``, ``refunded``, ``status``, ``currency``.
    dayfirst : bool, optional
        Day/month order of slashed dates, when the file cannot settle it itself.
    decimal : {".", ","}, optional
        Decimal mark, when a money column cannot settle it (only values like ``1,234``).
    include_tests : bool, default False
        Keep test orders (Shopify "Bogus Gateway" or a ``test`` tag).
    key : str or bytes, optional
        When the customer id comes from an e-mail address (Shopify), replace it with
        :func:`pseudonymize`'s keyed hash.

    Returns
    -------
    ReadResult
        ``.data``: ``order_id, date, customer_id, channel, location, revenue, cost, discount,
        refunded, status`` then ``currency, source_file, source_row`` (and ``shipping``,
        ``tax`` where the export has them). ``revenue`` is after discount and net of tax and
        shipping; ``refunded`` is net of tax too; ``cost`` is missing unless the export has
        it. ``.ledger``, ``.warnings``, ``.source``, ``.summary()``.

    Raises
    ------
    DataError
        Unrecognised layout, a missing required column, an unreadable cell (named by file,
        row and column), undecidable day/month order, Excel-mangled ids, or a table that
        fails validation (every failure listed).

    Notes
    -----
    Every row below the header is kept or excluded with a reason, so

    .. math:: \\text{raw total} = \\sum \\text{kept} + \\sum \\text{excluded}

    in rows and money. Net revenue is :math:`\\sum \\text{revenue} - \\sum \\text{refunded}`:
    what the business earned from sales after giving money back.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "orders.csv"
    >>> _ = p.write_text("order_id,order_date,status,order_total,tax_total,shipping_total,"
    ...     "customer_id\\n1,2026-05-01 10:00,completed,12.00,1.00,1.00,7\\n"
    ...     "2,2026-05-02 11:00,failed,5.00,0,0,8\\n")
    >>> res = read_orders(p, tz="America/New_York")
    >>> res.data[["order_id", "revenue", "status"]]
      order_id  revenue     status
    0        1     10.0  completed
    >>> res.ledger[["action", "reason", "rows", "amount"]]
         action          reason  rows  amount
    0      kept      order kept     1    12.0
    1  excluded  failed payment     1     5.0
    """
    sources = _sources()
    options = ["auto", *sources, "generic"]
    check_option(FUNC, "source", source, options)
    if decimal is not None:
        check_option(FUNC, "decimal", decimal, [".", ","])
    if tz is not None:
        tz = resolve_zone(tz, func=FUNC, where="tz=")
    if source == "generic" or column_map is not None:
        from smbkit.io import _generic

        if source not in {"generic", "auto"}:
            raise SmbkitError(
                f"{FUNC}: column_map= only works with source='generic', not {source!r}; drop "
                "column_map= or pass source='generic'."
            )
        if column_map is None:
            raise SmbkitError(
                f"{FUNC}: source='generic' needs column_map=, e.g. {{'order_id': 'Invoice', "
                "'date': 'Date', 'revenue': 'Net'}}."
            )
        chosen: Source | None = _generic.source(column_map, func=FUNC)
        sources = {"generic": chosen}
        source = "generic"
    opts = Options(tz, currency, decimal, dayfirst, include_tests, key)
    ctx = Context(FUNC)
    files = []
    chosen = None
    why = ""
    for path in _paths(path_or_paths):
        raw = read_raw(path, func=FUNC)
        ctx.warnings.extend(raw.warnings)
        layouts = {name: s.layout for name, s in sources.items()}
        layout, header_index, reason = detect(raw, layouts, source, func=FUNC)
        this = sources[layout.name]
        if chosen is not None and this is not chosen:
            raise DataError(
                f"{FUNC}: {raw.name} is a {layout.name} export but earlier files are "
                f"{chosen.layout.name}; read each layout separately."
            )
        chosen, why = this, reason
        df = frame(raw, header_index, layout, func=FUNC)
        for name in layout.fields:
            if name not in df:
                df[name] = ""
        if header_index:
            ctx.warnings.append(
                f"{raw.name}: skipped {header_index} title row(s) above the header."
            )
        repaired = check_ids(df, layout.ids, func=FUNC, file=raw.name, layout=layout)
        df["_reason"] = pd.Series(None, index=df.index, dtype=object)
        df.loc[df["_blank"], "_reason"] = "blank row"
        df["_amount"] = 0.0
        keys = chosen.prepare(df, ctx, opts, raw.name)
        df["_key"] = keys
        ctx.repair("leading apostrophe stripped from an id", df, repaired & df["_reason"].isna())
        files.append(df)
    assert chosen is not None

    seen: set = set()
    for df in files:
        live = df["_reason"].isna()
        dup = live & df["_key"].isin(seen)
        df.loc[dup, "_reason"] = "duplicate across exports"
        seen |= set(df.loc[live & ~dup, "_key"])
    rows = pd.concat(files, ignore_index=True)
    live = rows["_reason"].isna()
    reasons = chosen.exclude(rows[live].copy(), ctx, opts)
    rows.loc[live, "_reason"] = reasons
    rows["_kept_reason"] = chosen.kept_reason
    kept = rows[rows["_reason"].isna()].copy()
    orders = chosen.aggregate(kept, ctx, opts)
    orders = finish_orders(orders, ctx, opts)
    n_dup = int((rows["_reason"] == "duplicate across exports").sum())
    if n_dup:
        ctx.warnings.append(
            f"{n_dup:,} rows appeared in an earlier file (overlapping exports) and were "
            "counted once."
        )
    return finish(
        ctx,
        rows,
        orders,
        why,
        chosen.layout.fields[chosen.layout.amount][0],
        notes=notes_for(orders),
    )


def finish_orders(orders: pd.DataFrame, ctx: Context, opts: Options) -> pd.DataFrame:
    FUNC = ctx.func  # noqa: N806
    if "currency" not in orders or orders["currency"].isna().all():
        orders["currency"] = opts.currency
    else:
        found = sorted(orders["currency"].dropna().str.upper().unique())
        if len(found) > 1:
            raise DataError(
                f"{FUNC}: the orders are in several currencies {found}; money in different "
                "currencies cannot be added. Read each currency's orders separately."
            )
        if opts.currency is not None and found and found[0] != opts.currency.upper():
            raise DataError(
                f"{FUNC}: currency={opts.currency!r} but the file says {found[0]!r}; drop "
                "currency= or check that this is the right file."
            )
        orders["currency"] = orders["currency"].str.upper()
    orders["currency"] = orders["currency"].astype("str")
    orders = orders.sort_values(["date", "order_id"], kind="stable").reset_index(drop=True)
    for col in ("revenue", "cost", "discount", "refunded"):
        orders[col] = orders[col].astype("float64").round(2)
    for col in ("order_id", "customer_id", "channel", "location", "status"):
        orders[col] = orders[col].astype("str")
    extras = [c for c in orders.columns if c not in ORDER_COLUMNS]
    orders = orders[ORDER_COLUMNS + extras]
    found_problems = problems(orders)
    if found_problems:
        raise DataError(
            f"{FUNC}: the orders fail validation: " + "; ".join(found_problems) + ". Fix these "
            "rows in the source system, or map other columns."
        )
    coverage = customer_coverage(orders)
    if coverage == coverage and coverage < COVERAGE_WARN:
        ctx.warnings.append(
            f"Only {100 * coverage:.1f} % of revenue is tied to a customer id (the rest is "
            "guest checkouts); retention, cohort and CLV figures will describe that part only."
        )
    if len(orders):
        first, last = orders["date"].min(), orders["date"].max()
        if first.day > 1:
            ctx.warnings.append(
                f"The first month {first:%Y-%m} is partial (data start on {first:%Y-%m-%d}); "
                "leave it out of month-on-month comparisons."
            )
        if last.day < last.days_in_month:
            ctx.warnings.append(
                f"The last month {last:%Y-%m} is partial (data end on {last:%Y-%m-%d}); "
                "leave it out of month-on-month comparisons."
            )
    return orders


def notes_for(orders: pd.DataFrame) -> list[str]:
    gross = float(orders["revenue"].sum())
    refunds = float(orders["refunded"].sum())
    currency = orders["currency"].dropna()
    unit = f" {currency.iloc[0]}" if len(currency) else ""
    notes = [
        f"Gross revenue {gross:,.2f}{unit}, refunds {refunds:,.2f}, net {gross - refunds:,.2f}"
        f" (net of tax and shipping)."
    ]
    coverage = customer_coverage(orders)
    if coverage == coverage:
        notes.append(f"{100 * coverage:.1f} % of revenue is tied to a customer id.")
    return notes


def first_nonblank(series: pd.Series):
    """First value that is neither NaN nor an empty string (for groupby.agg)."""
    values = series[series.notna() & (series.astype(str).str.strip() != "")]
    return values.iloc[0] if len(values) else np.nan
