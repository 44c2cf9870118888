"""Tier-1 plumbing shared by every KPI: read any engine's table, check it, collect small frames.

A KPI function hands :func:`load` the user's table (pandas, polars eager or lazy, DuckDB
relation, or anything else narwhals understands) and the column for each role. ``load``
checks the columns exist, normalises the date columns, checks every value rule in one
aggregation pass, and returns a narwhals LazyFrame whose columns are named by role, plus the
first and last day the data covers. Aggregations are then narwhals expressions, and only
their small results are turned into pandas (:func:`to_pandas`).

Checks every entry point inherits from here (kpis, customers, analysis):

- a table whose column names repeat is refused (:func:`as_narwhals`): pandas allows it,
  DuckDB keeps both columns but resolves a name to one of them, polars refuses only once a
  lazy plan is resolved; smbkit refuses the same way on every engine;
- a number column holding inf or -inf is refused (:func:`finite_rule`, added by ``load`` for
  every float role); NaN keeps its meaning of "missing";
- a key column such as ``order_id`` that must not repeat is counted in the same aggregation
  pass (``load(unique=ORDER_KEY)``); missing keys are not counted as repeats.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import narwhals as nw
import numpy as np
import pandas as pd

from smbkit._errors import DataError
from smbkit._validation import describe_rows, require_columns
from smbkit.kpis._periods import grid, partial_flags

__all__ = [
    "ORDER_KEY",
    "Key",
    "Rule",
    "Source",
    "as_narwhals",
    "combine_notes",
    "finite_rule",
    "load",
    "on_grid",
    "public",
    "ratio",
    "result",
    "to_frame",
    "to_pandas",
]

_ISO_DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"


@dataclass(frozen=True)
class Rule:
    """A value rule: rows where ``bad`` is true are errors (``role`` names the value shown)."""

    role: str
    bad: nw.Expr
    problem: str
    fix: str = ""


@dataclass(frozen=True)
class Key:
    """A column that, when the table has it, names each row once (e.g. ``order_id``)."""

    column: str
    rule: str
    fix: str


#: The orders table (or a table of transactions standing for it) has one row per order.
ORDER_KEY = Key(
    "order_id",
    "an order must appear once",
    "Sum its lines into one row, or read the export with smbkit.io.read_orders which does.",
)

NOT_FINITE = "have a value that is not finite (inf or -inf)"
NOT_FINITE_FIX = (
    "amounts and counts must be finite numbers; inf usually comes from a division by zero "
    "upstream, so fix or remove those rows (a missing value is NaN, not inf)"
)


def finite_rule(role: str) -> Rule:
    """Return the rule refusing inf and -inf in a number role (NaN is left to other rules)."""
    return Rule(role, nw.col(role).abs() == float("inf"), NOT_FINITE, NOT_FINITE_FIX)


@dataclass(frozen=True)
class Source:
    """A checked table: columns named by role, and the days it covers."""

    lf: nw.LazyFrame
    first_day: pd.Timestamp
    last_day: pd.Timestamp
    n_rows: int


def _repeated_columns(func: str, table: str, names, engine_message: str | None) -> DataError:
    if names is None:
        # A lazy plan names the clash only in its message: quote its first sentence.
        first = re.split(r"\.\s", (engine_message or "").strip(), maxsplit=1)[0].strip()
        found = re.search(r"name '([^']+)'", first)
        what = (
            f"more than one column named {found.group(1)!r}" if found else "a repeated column name"
        )
        detail = f" (the engine says: {first})" if first else ""
        return DataError(
            f"{func}: {table} has {what}{detail}; a column name must appear once, or smbkit "
            "cannot tell which column is meant. Rename or drop the extra copies first (in "
            "polars: give each expression its own name with .alias(...))."
        )
    names = [str(n) for n in names]
    counts = {n: names.count(n) for n in dict.fromkeys(names)}
    repeated = [n for n, k in counts.items() if k > 1]
    first = repeated[0]
    more = f" ({len(repeated) - 1} more name(s) repeat: {repeated[1:]!r})" if repeated[1:] else ""
    return DataError(
        f"{func}: {table} has {counts[first]} columns named {first!r}{more}; columns are "
        f"{names!r}. A column name must appear once, or smbkit cannot tell which column is "
        "meant. Rename or drop the extra copies first, e.g. in pandas "
        "df.loc[:, ~df.columns.duplicated()] keeps the first."
    )


def as_narwhals(func: str, data: object, table: str):
    """Wrap a user's table for narwhals; refuse what is not a table or repeats a column name."""
    if isinstance(data, (nw.DataFrame, nw.LazyFrame)):
        frame = data
    else:
        try:
            frame = nw.from_native(data)
        except TypeError:
            raise DataError(
                f"{func}: {table} must be a table (pandas or polars DataFrame, polars "
                f"LazyFrame or DuckDB relation); got {type(data).__name__}"
            ) from None
        except nw.exceptions.DuplicateError as exc:  # pandas, pyarrow
            names = getattr(data, "column_names", None) or getattr(data, "columns", None)
            raise _repeated_columns(
                func, table, list(names) if names is not None else None, str(exc)
            ) from None
    try:
        if isinstance(frame, nw.LazyFrame):
            frame.collect_schema()  # a polars plan with a repeated name fails here
        # DuckDB relations keep repeated names here (their schema would merge them).
        names = list(frame.columns)
    except nw.exceptions.DuplicateError as exc:
        raise _repeated_columns(func, table, None, str(exc)) from None
    if len(set(names)) < len(names):
        raise _repeated_columns(func, table, names, None)
    return frame


def _date_expr(func: str, table: str, role: str, column: str, dtype) -> tuple[nw.Expr, bool]:
    """Return (expression giving a naive datetime, whether the column is text)."""
    col = nw.col(role)
    if isinstance(dtype, nw.Datetime):
        if dtype.time_zone is not None:
            raise DataError(
                f"{func}: column {column!r} ({role}=) in {table} is timezone-aware "
                f"({dtype.time_zone}); smbkit expects local, timezone-naive times. Convert it, "
                "e.g. with .dt.tz_convert('<your timezone>').dt.tz_localize(None)."
            )
        return col, False
    if dtype == nw.Date:
        return col.cast(nw.Datetime("us")), False
    if dtype == nw.String:
        # Only the day matters for periods, so text dates are read from their ISO day.
        return col.str.slice(0, 10).str.to_datetime("%Y-%m-%d"), True
    raise DataError(
        f"{func}: column {column!r} ({role}=) in {table} holds {dtype} values, not dates; "
        "convert it first, e.g. with pandas.to_datetime."
    )


def _first_example(frame, prepare, bad: nw.Expr, role: str, span: str | None):
    """Return (row label, value) of the first row where ``bad`` holds (error path only)."""
    if isinstance(frame, nw.DataFrame):
        rows = prepare(frame.with_row_index("__row").lazy(), keep=("__row",))
        hit = rows.filter(bad.fill_null(False)).head(1).collect().to_pandas()
        position = int(hit["__row"].iloc[0])
        native = frame.to_native()
        label = native.index[position] if isinstance(native, pd.DataFrame) else position
    else:
        rows = prepare(frame.lazy())
        hit = rows.filter(bad.fill_null(False)).head(1).collect().to_pandas()
        label = f"with {span}={hit[span].iloc[0]}" if span else "(lazy table)"
    value = hit[role].iloc[0]
    if pd.isna(value):
        value = None
    elif isinstance(value, pd.Timestamp):
        value = str(value)
    elif hasattr(value, "item"):
        value = value.item()
    return label, value


def load(
    func: str,
    data: object,
    *,
    table: str,
    roles: Mapping[str, str],
    dates: Sequence[str] = (),
    numbers: Sequence[str] = (),
    required: Sequence[str] = (),
    rules: Sequence[Rule] = (),
    span: str | None = None,
    unique: Key | None = None,
    allow_empty: bool = False,
) -> Source:
    """Check ``data`` and return it as a lazy frame with one column per role.

    ``roles`` maps role -> the user's column; ``dates`` and ``numbers`` are roles whose
    type is checked (float number roles may not hold inf or -inf); ``required`` roles may
    not be missing; ``rules`` are value checks; ``span`` is the date role whose first and
    last day define the data's coverage; ``unique`` is a key column that, when the table
    has it, may not repeat; ``allow_empty`` accepts a table without rows (its span is NaT).
    Every count is taken in one aggregation pass.
    """
    frame = as_narwhals(func, data, table)
    schema = frame.collect_schema() if isinstance(frame, nw.LazyFrame) else frame.schema
    names = list(schema.names())
    require_columns(func, names, table=table, **roles)

    date_exprs: dict[str, nw.Expr] = {}
    text_dates: list[str] = []
    for role in dates:
        expr, is_text = _date_expr(func, table, role, roles[role], schema[roles[role]])
        date_exprs[role] = expr
        if is_text:
            text_dates.append(role)
    for role in numbers:
        dtype = schema[roles[role]]
        if not dtype.is_numeric():
            raise DataError(
                f"{func}: column {roles[role]!r} ({role}=) in {table} holds {dtype} values, "
                "not numbers; convert it first, e.g. with pandas.to_numeric."
            )
    key = unique if unique is not None and unique.column in names else None

    def renamed(lf: nw.LazyFrame, keep: tuple[str, ...] = (), with_key=False) -> nw.LazyFrame:
        extra = [nw.col(key.column).alias("__key")] if (with_key and key is not None) else []
        return lf.select(
            *[nw.col(col).alias(role) for role, col in roles.items()],
            *[nw.col(k) for k in keep],
            *extra,
        )

    def prepare(lf: nw.LazyFrame, keep: tuple[str, ...] = (), with_key=False) -> nw.LazyFrame:
        return renamed(lf, keep, with_key).with_columns(
            *[expr.alias(role) for role, expr in date_exprs.items()]
        )

    def fail(rule_bad: nw.Expr, role: str, problem: str, fix: str, n_bad: int, n: int, pre):
        label, value = _first_example(frame, pre, rule_bad, role, span)
        column = roles[role]
        raise DataError(
            describe_rows(
                func,
                f"in {table} {problem} (column {column!r}, {role}=)",
                n_bad,
                n,
                label,
                value,
                fix,
            )
        )

    # Text dates must look like ISO days before they can be parsed.
    if text_dates:
        checks = [
            (role, ~nw.col(role).is_null() & ~nw.col(role).str.contains(_ISO_DAY).fill_null(True))
            for role in text_dates
        ]
        counts = to_frame(
            renamed(frame.lazy()).select(
                nw.len().alias("__n"),
                *[_count(bad).alias(f"__bad{i}") for i, (_, bad) in enumerate(checks)],
            )
        )
        for i, (role, bad) in enumerate(checks):
            n_bad = int(counts[f"__bad{i}"].iloc[0])
            if n_bad:
                fail(
                    bad,
                    role,
                    "have dates that cannot be read",
                    "write dates as "
                    "YYYY-MM-DD (optionally followed by a time) or convert the column with "
                    "pandas.to_datetime",
                    n_bad,
                    int(counts["__n"].iloc[0]),
                    renamed,
                )

    lf = prepare(frame.lazy())
    all_rules = (
        [
            Rule(
                role,
                _missing(role, schema[roles[role]]),
                "have a missing value",
                "fill or remove those rows first (smbkit never drops rows silently)",
            )
            for role in required
        ]
        + [finite_rule(role) for role in numbers if schema[roles[role]].is_float()]
        + list(rules)
    )
    aggs = [nw.len().alias("__n")] + [
        _count(rule.bad).alias(f"__bad{i}") for i, rule in enumerate(all_rules)
    ]
    if span is not None:
        aggs += [nw.col(span).min().alias("__first"), nw.col(span).max().alias("__last")]
    if key is not None:
        # n_unique counts a missing key as one more value: take it back out below.
        aggs += [
            nw.col("__key").count().alias("__key_n"),
            nw.col("__key").n_unique().alias("__key_distinct"),
            nw.col("__key").null_count().alias("__key_nulls"),
        ]
    checked = lf if key is None else prepare(frame.lazy(), with_key=True)
    summary = to_frame(checked.select(*aggs))
    n = int(summary["__n"].iloc[0])
    for i, rule in enumerate(all_rules):
        n_bad = int(summary[f"__bad{i}"].iloc[0])
        if n_bad:
            fail(rule.bad, rule.role, rule.problem, rule.fix, n_bad, n, prepare)
    if key is not None:
        known = int(summary["__key_n"].iloc[0])
        distinct = int(summary["__key_distinct"].iloc[0]) - int(
            int(summary["__key_nulls"].iloc[0]) > 0
        )
        if known > distinct:
            raise _repeated_key(func, frame, table, key, known - distinct, n, prepare, span)
    if n == 0:
        if allow_empty:
            return Source(lf=lf, first_day=pd.NaT, last_day=pd.NaT, n_rows=0)
        raise DataError(f"{func}: {table} has no rows; there is nothing to compute.")
    first = last = pd.NaT
    if span is not None:
        first = pd.Timestamp(summary["__first"].iloc[0]).normalize()
        last = pd.Timestamp(summary["__last"].iloc[0]).normalize()
        if pd.isna(first):
            raise DataError(
                f"{func}: column {roles[span]!r} ({span}=) in {table} has no dates; "
                "there is nothing to compute."
            )
    return Source(lf=lf, first_day=first, last_day=last, n_rows=n)


def _missing(role: str, dtype) -> nw.Expr:
    """Rows where a role is missing: null, or NaN in a float column (polars and DuckDB keep
    the two apart; pandas does not)."""
    bad = nw.col(role).is_null()
    return bad | nw.col(role).is_nan() if dtype.is_float() else bad


def _plain_value(value):
    if isinstance(value, pd.Timestamp):
        return str(value)
    return value.item() if hasattr(value, "item") else value


def _repeated_key(func, frame, table, key: Key, n_repeats, n, prepare, span) -> DataError:
    """Describe the first key that repeats: how often, and where (error path only)."""
    if isinstance(frame, nw.DataFrame):
        ids = to_frame(frame.select(nw.col(key.column).alias("__key")))["__key"]
        ids = ids.reset_index(drop=True)
        repeated = (ids.notna() & ids.duplicated(keep=False)).to_numpy(dtype=bool)
        value = ids.iloc[int(np.flatnonzero(repeated)[0])]
        positions = np.flatnonzero(repeated & (ids == value).to_numpy(dtype=bool))
        native = frame.to_native()
        labels = [native.index[p] if isinstance(native, pd.DataFrame) else p for p in positions]
        count = len(positions)
        where = f"first at rows {labels[0]} and {labels[1]}"
    else:
        keyed = prepare(frame.lazy(), with_key=True)
        hit = to_frame(
            keyed.filter(~nw.col("__key").is_null())
            .group_by("__key")
            .agg(nw.len().alias("__count"))
            .filter(nw.col("__count") > 1)
            .sort("__key")
            .head(1)
        )
        value = hit["__key"].iloc[0]
        count = int(hit["__count"].iloc[0])
        where = "a lazy table has no row numbers"
        if span is not None:
            days = to_frame(
                keyed.filter(nw.col("__key") == _plain_value(value))
                .select(nw.col(span))
                .sort(span)
                .head(2)
            )[span]
            where += f"; the first two are dated {days.iloc[0]} and {days.iloc[1]}"
    value = _plain_value(value)
    others = n_repeats - (count - 1)
    tail = (
        f" In all, {n_repeats:,} of {n:,} rows repeat an earlier {key.column}."
        if others > 0
        else ""
    )
    return DataError(
        f"{func}: {table} has {count} rows with {key.column} {value!r} ({where}); "
        f"{key.rule}. {key.fix}{tail}"
    )


def _count(bad: nw.Expr) -> nw.Expr:
    return nw.when(bad.fill_null(False)).then(1).otherwise(0).sum()


def to_frame(lf: nw.LazyFrame | nw.DataFrame) -> pd.DataFrame:
    """Collect a (small) narwhals frame into pandas without touching dtypes."""
    frame = lf.collect() if isinstance(lf, nw.LazyFrame) else lf
    return frame.to_pandas()


def to_pandas(lf: nw.LazyFrame) -> pd.DataFrame:
    """Collect a small aggregate into pandas: ``period`` as datetime64[ns], numbers float64."""
    out = to_frame(lf)
    columns = {}
    for name in out.columns:
        if name == "period":
            columns[name] = pd.to_datetime(out[name]).astype("datetime64[ns]")
        else:
            columns[name] = out[name].astype("float64")
    return pd.DataFrame(columns, index=pd.RangeIndex(len(out)))


def on_grid(
    agg: pd.DataFrame, first_day: pd.Timestamp, last_day: pd.Timestamp, freq: str
) -> pd.DataFrame:
    """Put a per-period aggregate onto the full period grid (absent periods hold NaN)."""
    periods = grid(first_day, last_day, freq)
    out = agg.set_index("period").reindex(periods)
    out.index.name = "period"
    return out


def ratio(
    numerator: pd.Series, denominator: pd.Series, *, scale: float = 1.0, zero_note: str
) -> tuple[pd.Series, pd.Series]:
    """Return (numerator / denominator * scale, note); NaN with ``zero_note`` where den is 0."""
    zero = denominator.fillna(0.0).to_numpy() == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        value = numerator.to_numpy(dtype="float64") / denominator.to_numpy(dtype="float64")
    value = np.where(zero, np.nan, value * scale)
    note = pd.Series(np.where(zero, zero_note, None), index=numerator.index, dtype="object")
    return pd.Series(value, index=numerator.index, dtype="float64"), note


def result(
    periods: pd.Index,
    value,
    note,
    *,
    freq: str,
    first_day: pd.Timestamp,
    last_day: pd.Timestamp,
    partial=None,
) -> pd.DataFrame:
    """Assemble the internal result: ``period, value, note, partial`` (one row per period)."""
    starts = pd.DatetimeIndex(periods).astype("datetime64[ns]")
    if partial is None:
        partial = partial_flags(starts, freq, first_day, last_day)
    notes = [
        None if (n is None or (isinstance(n, float) and np.isnan(n))) else str(n)
        for n in np.asarray(note, dtype="object")
    ]
    return pd.DataFrame(
        {
            "period": starts,
            "value": np.asarray(value, dtype="float64"),
            "note": pd.Series(notes, dtype="str"),
            "partial": np.asarray(partial, dtype="bool"),
        }
    )


def public(frame: pd.DataFrame) -> pd.DataFrame:
    """Return what a KPI function shows a user: ``period, value, note``."""
    return frame[["period", "value", "note"]].reset_index(drop=True)


def combine_notes(*notes: pd.Series) -> pd.Series:
    """Return, per row, the first non-missing note of several note series."""
    out = notes[0].copy()
    for other in notes[1:]:
        out = out.where(out.notna(), other)
    return out
