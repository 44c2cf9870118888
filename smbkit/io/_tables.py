"""Helpers shared by the readers of keyed records: deals, events and tasks.

These tables have no money of their own that a file totals (events and tasks none at all),
one record per id, and several dates that may be blank (a deal's close date while it is
open, a task's completion date). What they share lives here: the list of paths, optional
dates, the latest version of a record across overlapping exports, and typed tables.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit.io._core import Context
from smbkit.io._dates import PLAUSIBLE_DATES, parse_datetimes

__all__ = [
    "NO_MONEY",
    "as_paths",
    "dayfirst_evidence",
    "empty_table",
    "file_date",
    "keep_latest",
    "no_rows_warning",
    "optional_datetimes",
    "typed",
    "unix_times",
]

#: The ledger's amount column for records without money: every amount is 0.
NO_MONEY = "none (these records carry no money: every ledger amount is 0)"

_FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)")
_SLASHED = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b")


def as_paths(paths, func: str) -> list[Path]:
    """Return one path or a list of paths as a list; refuse an empty list."""
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    out = [Path(p) for p in paths]
    if not out:
        raise SmbkitError(f"{func}: paths is empty; pass a file or a list of files.")
    return out


def file_date(name: str) -> pd.Timestamp:
    """The last date written in a file name (``...-2026-05-31.csv``), else NaT."""
    found = [pd.Timestamp(f"{y}-{m}-{d}") for y, m, d in _FILE_DATE.findall(name)]
    return max(found) if found else pd.NaT


def empty_table(columns: dict[str, str]) -> pd.DataFrame:
    """An empty table with ``columns`` (name -> dtype)."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def typed(data: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Return ``data``'s ``columns`` (name -> dtype) in that order, each cast to its dtype."""
    if not len(data):
        return empty_table(columns)
    out = pd.DataFrame(index=data.index)
    for name, dtype in columns.items():
        out[name] = data[name].astype(dtype)
    return out.reset_index(drop=True)


def no_rows_warning(file: str, table: str) -> str:
    """The warning for an export without data rows."""
    return (
        f"{file}: no data rows (only a header, or nothing below it); the {table} table gets "
        "nothing from it. Check the export's filters and date range, or export it again."
    )


def dayfirst_evidence(columns: list[pd.Series], dayfirst: bool | None) -> bool | None:
    """Decide the day/month order of one file from all its slashed date columns.

    A first part above 12 says day first, a second part above 12 month first; without
    evidence (or with both, which the per-column parser then refuses) ``dayfirst`` stands.
    """
    if dayfirst is not None:
        return dayfirst
    day = month = False
    for col in columns:
        parts = col.fillna("").astype(str).str.extract(_SLASHED.pattern).dropna()
        if len(parts):
            day |= bool((parts[0].astype(int) > 12).any())
            month |= bool((parts[1].astype(int) > 12).any())
    return True if day and not month else False if month and not day else None


def optional_datetimes(
    cells: pd.Series,
    ctx: Context,
    *,
    file: str,
    column: str,
    rows: pd.Series,
    dayfirst: bool | None = None,
    zone: str | None = None,
    tz: str | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Parse dates that may be blank (NaT there); return (values, converted by a zone).

    Columns with dates only (no time of day) need no zone, so they give no zone warning.
    """
    text = cells.fillna("").astype(str).str.strip()
    filled = text != ""
    values = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[us]")
    converted = pd.Series(False, index=cells.index)
    if not filled.any():
        return values, converted
    part = text[filled]
    dates_only = zone is None and not part.str.contains(":", regex=False).any()
    result = parse_datetimes(
        part,
        func=ctx.func,
        file=file,
        column=column,
        rows=rows[filled],
        dayfirst=dayfirst,
        zone=zone,
        tz=tz if tz is not None or not dates_only else "local",
    )
    ctx.warnings.extend(result.warnings)
    values[filled] = result.values.to_numpy()
    converted[filled] = result.converted.to_numpy()
    return values, converted


def unix_times(
    seconds: pd.Series,
    ctx: Context,
    *,
    file: str,
    column: str,
    rows: pd.Series,
    tz: str | None,
) -> pd.Series:
    """Turn Unix times (seconds, or milliseconds when above 10^11) into local naive times.

    Unix times are instants, so they are converted to ``tz``; without ``tz`` they stay in
    UTC, with a warning.
    """
    if not len(seconds):
        return pd.Series(dtype="datetime64[us]", index=seconds.index)
    values = pd.to_numeric(seconds, errors="coerce").astype("float64")
    values = values.where(values.abs() < 1e11, values / 1000.0)
    first, last = PLAUSIBLE_DATES.earliest_year, PLAUSIBLE_DATES.latest_year()
    low = pd.Timestamp(f"{first}-01-02").timestamp()  # 1970-01-01 itself is "no time"
    high = pd.Timestamp(f"{last + 1}-01-01").timestamp()
    bad = values.isna() | (values < low) | (values >= high)
    if bad.any():
        where = bad.to_numpy().argmax()
        shown = seconds.iloc[where]
        shown = shown.item() if hasattr(shown, "item") else shown
        raise DataError(
            f"{ctx.func}: {file} line {rows.iloc[where]}, {column!r}: "
            f"{shown!r} is not a plausible Unix time in seconds (times are read "
            f"from {first} to {last}; {int(bad.sum())} such values). Export the events again; "
            "if the file was edited, restore the original value."
        )
    instants = pd.to_datetime((values * 1e6).round().astype("int64"), unit="us", utc=True)
    if tz is None:
        ctx.warnings.append(
            f"{file}: {column!r} holds UTC instants; times are kept in UTC. Pass tz= with the "
            "business's zone so that days and months follow local time."
        )
        local = instants.dt.tz_localize(None)
    else:
        local = instants.dt.tz_convert(tz).dt.tz_localize(None)
    return local.astype("datetime64[us]").set_axis(seconds.index)


_PASTED = "repeated rows (pasted twice)"
_DUPLICATE = "duplicate across exports"


def keep_latest(
    rows: pd.DataFrame, live: pd.Series, ctx: Context, *, what: str, fields: list[str]
) -> pd.DataFrame:
    """Keep the latest version of every ``_key`` among ``live`` rows; mark the others.

    The latest is the one modified last (``_modified``, where the export has it), else the
    one from the export dated later by its file name (``_file_date``), else the later file
    (``_position``) or part of a file (``_segment``). Replaced copies get a reason in
    ``rows['_reason']``: identical ones are duplicates (across exports, or pasted twice in
    one), different ones older versions. Two different copies in one part of one file are
    refused. Returns one row per replaced copy: ``index`` (in ``rows``) and ``winner``.
    """
    empty = pd.DataFrame({"index": pd.Series(dtype="int64"), "winner": pd.Series(dtype="int64")})
    part = rows.loc[live & rows["_key"].notna()]
    part = part[part["_key"].duplicated(keep=False)].copy()
    if not len(part):
        return empty
    part["_hash"] = pd.util.hash_pandas_object(part[fields].astype(str), index=False).to_numpy()
    order = part.sort_values(
        ["_key", "_modified", "_file_date", "_position", "_segment", "_row"],
        ascending=[True, False, False, False, False, False],
        na_position="last",
        kind="stable",
    )
    winners = order.groupby("_key", sort=False).head(1)
    first = pd.Series(winners.index, index=winners["_key"].to_numpy())
    losers = order.drop(winners.index)
    won = first.loc[losers["_key"].to_numpy()].to_numpy()
    same = losers["_hash"].to_numpy() == part.loc[won, "_hash"].to_numpy()
    same_part = (losers["_position"].to_numpy() == part.loc[won, "_position"].to_numpy()) & (
        losers["_segment"].to_numpy() == part.loc[won, "_segment"].to_numpy()
    )
    clash = ~same & same_part
    if clash.any():
        at = clash.argmax()
        key = losers["_key"].to_numpy()[at]
        where = part[(part["_key"] == key) & (part["_position"] == losers["_position"].iloc[at])]
        raise DataError(
            f"{ctx.func}: {where['_file'].iloc[0]}: {what} id {key!r} appears on rows "
            f"{sorted(where['_row'].tolist())[:10]} with different content, and one export "
            f"cannot hold two versions of a {what}. Export again, or split the file into the "
            "exports it was made from."
        )
    replaced = f"older version of a {what} replaced by a later export"
    reason = np.where(same & same_part, _PASTED, np.where(same, _DUPLICATE, replaced))
    rows.loc[losers.index, "_reason"] = reason
    texts = {
        _DUPLICATE: "appeared in another file too (overlapping exports) and were counted once",
        _PASTED: "repeat rows already in the same file (pasted twice) and were counted once",
        replaced: f"are older versions of a {what} that a later export shows changed; the "
        "later version is kept",
    }
    for label, text in texts.items():
        hit = losers.index[reason == label]
        if len(hit):
            ctx.warnings.append(
                f"{len(hit):,} rows {text} (first: {rows.at[hit[0], '_file']}:row "
                f"{rows.at[hit[0], '_row']}); see the ledger."
            )
    return pd.DataFrame({"index": losers.index.to_numpy(), "winner": won})
