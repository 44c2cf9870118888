"""``read_orders``: the driver shared by every order source."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option
from smbkit.io._core import Context, ReadResult, check_ids, detect, finish, frame, read_raw
from smbkit.io._dates import resolve_zone
from smbkit.io._parse import UNSETTLED, Options, Source, first_nonblank, member
from smbkit.io._validate import problems

__all__ = ["ORDER_COLUMNS", "REFUND_COLUMNS", "Options", "Source", "first_nonblank", "read_orders"]

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


REFUND_COLUMNS = ["order_id", "date", "amount", "reason", "source_file", "source_row"]


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
    names: list[str] = []
    chosen = None
    why = ""
    for position, path in enumerate(_paths(path_or_paths)):
        raw = read_raw(path, func=FUNC)
        names.append(raw.name)
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
        raw.records = []  # the text cells now live in df: free them before the next file
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
        df.loc[df["_header"], "_reason"] = "repeated header row"
        df["_amount"] = 0.0
        df["_updated"] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
        keys = chosen.prepare(df, ctx, opts, raw.name)
        _check_joined(df)
        df["_key"] = keys
        df["_position"] = position
        df["_period_end"] = _period_end(raw.name, df)
        _check_printed_totals(
            df, ctx, chosen.layout.amount, chosen.layout.fields[chosen.layout.amount][0]
        )
        ctx.repair("leading apostrophe stripped from an id", df, repaired & df["_reason"].isna())
        if df["_header"].any():
            ctx.warnings.append(
                f"{raw.name}: the header is repeated on row(s) "
                f"{df.loc[df['_header'], '_row'].tolist()[:5]} (exports joined into one file); "
                "each part is read as its own export."
            )
        files.append(df)
    assert chosen is not None

    rows = pd.concat(files, ignore_index=True)
    files.clear()  # the per-file frames are copied into rows: do not hold both
    data = rows["_reason"].isna()
    reasons = chosen.exclude(rows[data].copy(), ctx, opts)
    rows.loc[data, "_reason"] = reasons
    rows["_kept_reason"] = chosen.kept_reason
    _versions(rows, data, chosen, ctx)
    kept = rows[rows["_reason"].isna()].copy()
    if len(kept):
        orders = chosen.aggregate(kept, ctx, opts)
    else:
        orders = _empty_orders()
        ctx.warnings.append(
            f"No order rows to keep in {', '.join(names)}"
            + (" (the export has no data rows)" if not data.any() else "")
            + "; the orders table is empty. Check the export's date range and filters."
        )
    orders = finish_orders(orders, ctx, opts)
    refunds = None
    if chosen.refunds is not None:
        refunds = chosen.refunds(kept, orders, ctx, opts)
    del kept  # a copy of most of rows: free it before the ledger is built
    if refunds is not None:
        refunds = _finish_refunds(refunds)
    _reconcile(rows, orders, refunds, chosen.layout.ids[0])
    result = finish(
        ctx,
        rows,
        orders,
        why,
        chosen.layout.fields[chosen.layout.amount][0],
        notes=notes_for(orders, refunds, chosen),
    )
    result.refunds = refunds
    result.refund_dates = chosen.refund_dates
    return result


_FILE_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)")


def _period_end(name: str, df: pd.DataFrame) -> pd.Series:
    """The end of the period each row's export covers: the last date in the file name
    (``items-2026-04-01-2026-04-30.csv``), else the latest date in its part of the file."""
    found = [pd.Timestamp(f"{y}-{m}-{d}") for y, m, d in _FILE_DATE.findall(name)]
    if found:
        return pd.Series(max(found), index=df.index, dtype="datetime64[us]")
    dates = df["_date"] if "_date" in df else pd.Series(pd.NaT, index=df.index)
    latest = dates.groupby(df["_segment"]).transform("max")
    return latest.astype("datetime64[us]")


_NOT_DATA = {
    "blank row",
    "repeated header row",
    "total or footer row",
    "note row (no date or money)",
}


def _check_joined(df: pd.DataFrame) -> None:
    """Refuse a data row whose cells a stray or missing quote joined (``_joined``, see
    :func:`~smbkit.io._core.frame`): its values after the join sit in the wrong columns, so
    its money cannot be trusted. Footer and note rows (one cell such as ``"Grand Totals
    (1,204 records)"``) are fine."""
    bad = df["_joined"] & ~df["_reason"].isin(_NOT_DATA)
    if bad.any():
        i = bad.idxmax()
        raise DataError(
            f"{FUNC}: {df.at[i, '_file']} row {df.at[i, '_row']} has fewer cells than the "
            "header, and one of them holds the delimiter: a quote in that row is stray or "
            "missing, so cells were joined and the values after them moved to other columns. "
            "Fix the quotes in that row, or export the file again."
        )


def _check_printed_totals(df: pd.DataFrame, ctx: Context, field: str, column: str) -> None:
    """Use a file's own total row as a checksum of its amount column.

    Where a part of a file has exactly one total row that prints an amount in that column,
    below all its data, the amount must equal the sum of the rows above it; otherwise rows
    are missing or were edited, and the read is refused rather than giving a total the client
    will not recognise. A total row whose amount cell is blank (``Grand Totals (12 records)``
    counting rows only) prints no total of the column, so it checks nothing.
    """
    printed_rows = (df["_reason"] == "total or footer row") & df[field].notna()
    if not printed_rows.any():
        return
    for _, part in df.groupby("_segment", sort=False):
        totals = part[printed_rows.loc[part.index]]
        if len(totals) != 1:
            continue
        body = part[~part["_reason"].isin(_NOT_DATA)]
        if not len(body) or body.index.max() > totals.index[0]:
            continue
        printed = float(totals["_amount"].iloc[0])
        summed = float(body["_amount"].sum())
        if abs(printed - summed) > 0.005 + 1e-9 * abs(summed):
            raise DataError(
                f"{ctx.func}: {totals['_file'].iloc[0]} row {totals['_row'].iloc[0]}: the "
                f"file's own total of {column!r} is {printed:,.2f}, but the rows above it sum "
                f"to {summed:,.2f} (a gap of {printed - summed:,.2f}); rows are missing or "
                "were edited after export. Export the file again from the source system."
            )
        ctx.warnings.append(
            f"{totals['_file'].iloc[0]}: its total row ({printed:,.2f} in {column!r}) matches "
            "the sum of its rows."
        )


_REPLACED = "older version replaced by a later export"
_DUPLICATE = "duplicate across exports"
_PASTED = "repeated rows (pasted twice)"


def _versions(rows: pd.DataFrame, data: pd.Series, chosen: Source, ctx: Context) -> None:
    """Keep one version of every order (or refund event); mark the other copies in place.

    A version is one copy of a key: a row, or for line-item layouts a run of rows of one
    order. The kept version is, in this order: a settled one over a pending one (so a
    pending copy never hides a completed one), the most recently updated (where the export
    has an update time), the export covering the later period, the later file or part of a
    file. Status rules have already run, so the kept version's own status decides whether
    the order counts. Replaced copies are counted in the ledger: identical ones as
    duplicates, different ones as older versions.
    """
    idx = rows.index[data]
    if not len(idx):
        return
    group = ["_position", "_segment", "_key"]
    fields = [c for c in chosen.layout.fields if c in rows.columns]
    extra = ["_date", "_reason", "_updated", "_period_end", "_file", "_row"]
    part = rows.loc[idx, list(dict.fromkeys(group + extra + list(chosen.version_columns)))].copy()
    if chosen.multirow:
        start = pd.Series(False, index=idx)
        if chosen.version_start is not None:
            start = chosen.version_start(part).astype(bool)
        # A new copy of an order starts where its previous row is separated from this one by
        # rows of another time (a block pasted further down), or where the layout says a row
        # opens an order (Shopify's first line carries the order's totals).
        moved = part[["_date", "_position", "_segment"]].ne(
            part[["_date", "_position", "_segment"]].shift()
        )
        part["_clock"] = moved.any(axis=1).cumsum()
        before = part.groupby(group, sort=False)["_clock"].shift()
        split = before.isna() | (before != part["_clock"]) | start
        part["_run"] = split.astype(np.int64).groupby([part[g] for g in group], sort=False).cumsum()
    else:
        part["_run"] = part.groupby(group, sort=False).cumcount()
    hashed = pd.util.hash_pandas_object(rows.loc[idx, fields], index=False)
    part["_hash"] = hashed.to_numpy().view(np.int64)
    part["_unsettled"] = part["_reason"].isin(UNSETTLED)
    table = (
        part.groupby(group + ["_run"], sort=False)
        .agg(
            unsettled=("_unsettled", "max"),
            updated=("_updated", "max"),
            period_end=("_period_end", "max"),
            content=("_hash", "sum"),
            lines=("_row", "size"),
        )
        .reset_index()
        .rename(
            columns={"_position": "position", "_segment": "segment", "_key": "key", "_run": "run"}
        )
    )
    copies = table["key"].duplicated(keep=False)
    if not copies.any():
        return
    table = table[copies].copy()
    table["unsettled"] = table["unsettled"].astype(bool)
    table = table.sort_values(
        ["key", "unsettled", "updated", "period_end", "position", "segment", "run"],
        ascending=[True, True, False, False, False, False, False],
        na_position="last",
        kind="stable",
    )
    chosen_copy = table.groupby("key", sort=False).head(1)
    winner = chosen_copy.set_index("key")
    table["w_content"] = table["key"].map(winner["content"])
    table["w_lines"] = table["key"].map(winner["lines"])
    table["w_position"] = table["key"].map(winner["position"])
    table["w_segment"] = table["key"].map(winner["segment"])
    losers = table.drop(index=chosen_copy.index)
    same = (losers["content"] == losers["w_content"]) & (losers["lines"] == losers["w_lines"])
    same_part = (losers["position"] == losers["w_position"]) & (
        losers["segment"] == losers["w_segment"]
    )
    clash = losers[~same & same_part]
    if len(clash):
        key = clash["key"].iloc[0]
        where = part.loc[part["_key"] == key]
        where = where[(where["_position"] == clash["position"].iloc[0])]
        ident = str(key).split("|")[0]
        raise DataError(
            f"{ctx.func}: {where['_file'].iloc[0]}: order id {ident!r} appears on rows "
            f"{where['_row'].tolist()[:10]} with different content, and one export cannot "
            "hold two versions of an order. Export again (one row per order, or the lines of "
            "an order together), or split the file into the exports it was made from."
        )
    reason = np.where(
        same & (losers["position"] == losers["w_position"]),
        _PASTED,
        np.where(same, _DUPLICATE, _REPLACED),
    )
    marks = pd.DataFrame(
        {
            "_key": losers["key"].to_numpy(),
            "_position": losers["position"].to_numpy(),
            "_segment": losers["segment"].to_numpy(),
            "_run": losers["run"].to_numpy(),
            "_new": reason,
        }
    )
    tagged = part[["_key", "_position", "_segment", "_run"]].reset_index()
    hit = tagged.merge(marks, on=["_key", "_position", "_segment", "_run"], how="inner")
    rows.loc[hit["index"].to_numpy(), "_reason"] = hit["_new"].to_numpy()
    for label, text in (
        (
            _DUPLICATE,
            "appeared in an earlier or later file too (overlapping exports) and were counted once",
        ),
        (_PASTED, "repeat rows already in the same file (pasted twice) and were counted once"),
        (
            _REPLACED,
            "are older versions of orders that a later export shows changed (e.g. a "
            "refund or a status change); the later version is kept",
        ),
    ):
        n = int((hit["_new"] == label).sum())
        if n:
            first = hit.loc[hit["_new"] == label, "index"].iloc[0]
            ctx.warnings.append(
                f"{n:,} rows {text} (first: {rows.at[first, '_file']}:row "
                f"{rows.at[first, '_row']}); see the ledger."
            )


def _empty_orders() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype="object") for c in ORDER_COLUMNS})
    out["date"] = pd.Series(dtype="datetime64[us]")
    for col in ("revenue", "cost", "discount", "refunded"):
        out[col] = pd.Series(dtype="float64")
    out["currency"] = pd.Series(dtype="object")
    out["source_file"] = pd.Series(dtype="str")
    out["source_row"] = pd.Series(dtype="int64")
    return out


def _finish_refunds(refunds: pd.DataFrame) -> pd.DataFrame:
    out = refunds.copy()
    if "date_source" not in out:
        out["date_source"] = "issued"
    out = out[REFUND_COLUMNS + ["date_source"]]
    out["order_id"] = out["order_id"].astype("str")
    out["date"] = out["date"].astype("datetime64[us]")
    out["amount"] = out["amount"].astype("float64").round(2)
    out["reason"] = out["reason"].astype("str")
    out["source_file"] = out["source_file"].astype("str")
    out["source_row"] = out["source_row"].astype("int64")
    out["date_source"] = out["date_source"].astype("str")
    return out.sort_values(["date", "order_id", "source_row"], kind="stable").reset_index(drop=True)


def _reconcile(rows: pd.DataFrame, orders: pd.DataFrame, refunds, id_field: str) -> None:
    """Check that every kept row reached the orders or the refunds table.

    A kept row whose order id is in neither table was lost between the ledger and the data
    (e.g. a group key the aggregation dropped): that is a bug, never a silent loss.
    """
    kept = rows[rows["_reason"].isna()]
    if not len(kept):
        return
    ids = kept[id_field].astype(str).str.strip()
    in_orders = member(ids, orders["order_id"].astype(str))
    in_refunds = np.zeros(len(ids), dtype=bool)
    if refunds is not None:
        in_refunds = member(ids, refunds["order_id"].astype(str))
        orphan = ~in_orders & in_refunds
        rows.loc[kept.index[orphan], "_kept_reason"] = (
            "refund kept (its sale is not in these files)"
        )
    lost = ~(in_orders | in_refunds)
    if lost.any():
        raise AssertionError(  # pragma: no cover - a bug, reported as such by the CLI
            f"read_orders lost {int(lost.sum())} kept rows (first: "
            f"{kept['_file'].iloc[0]}:row {kept.loc[lost, '_row'].iloc[0]})"
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


def notes_for(orders: pd.DataFrame, refunds=None, chosen: Source | None = None) -> list[str]:
    gross = float(orders["revenue"].sum())
    refunded = float(orders["refunded"].sum())
    currency = orders["currency"].dropna()
    unit = f" {currency.iloc[0]}" if len(currency) else ""
    notes = [
        f"Gross revenue {gross:,.2f}{unit}, refunds {refunded:,.2f}, net "
        f"{gross - refunded:,.2f} (net of tax and shipping; refunds on their orders' dates)."
    ]
    if refunds is not None:
        outside = ~member(refunds["order_id"], orders["order_id"])
        text = (
            f"Refunds table: {len(refunds):,} refund(s), {refunds['amount'].sum():,.2f} in all, "
            "dated when issued"
        )
        if outside.any():
            text += (
                f"; {int(outside.sum()):,} of them ({refunds.loc[outside, 'amount'].sum():,.2f})"
                " refund sales outside these files"
            )
        notes.append(text + ".")
    if chosen is not None and chosen.refund_dates:
        notes.append(chosen.refund_dates)
    coverage = customer_coverage(orders)
    if coverage == coverage:
        notes.append(f"{100 * coverage:.1f} % of revenue is tied to a customer id.")
    return notes
