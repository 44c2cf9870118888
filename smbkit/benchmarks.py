"""Peer benchmarks: where a business sits among similar businesses on a KPI.

A benchmark describes how a KPI is spread across a peer group by a few of its
percentiles: ``p25 = 63`` means a quarter of the peers have a value below 63. The band
between the lower and upper quartile (p25 to p75) is where the middle half of the peers
sit: the **benchmark band**. :func:`percentile_position` places one value on that
distribution ("better than 62 % of peers"), :func:`benchmark_bands` does it for a whole
KPI table and returns a tidy table for drawing the bands (see
:func:`smbkit.plots.dashboard`).

The table bundled with smbkit (:func:`load_benchmarks`, data dictionary in
:func:`benchmark_dictionary`) covers a few bakery and small-retail KPIs. **Every figure
in it is illustrative**: invented for teaching, of a plausible order of magnitude, and
from no survey; its ``illustrative`` column says so and its ``source`` column repeats it.
Before judging a real business, load a table with figures from a cited source
(``load_benchmarks(path)``): a row that is not illustrative must name its source.

Where the percentiles stop, nothing is known: a value above the highest given percentile
is reported at that percentile with the flag ``"above p90"`` (or ``"above p75"``), never
extrapolated.

>>> from smbkit import benchmarks
>>> pos = benchmarks.percentile_position(12.0, {25: 8.0, 50: 10.0, 75: 14.0},
...                                      polarity="higher")
>>> pos.percentile, pos.describe()
(62.5, 'better than 62 % of peers')
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import math
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, describe_rows, require_columns

__all__ = [
    "BenchmarkPosition",
    "benchmark_bands",
    "benchmark_dictionary",
    "load_benchmarks",
    "percentile_position",
]

POLARITIES = ("higher", "lower")
#: ``freq`` values of a benchmark row: ``"any"`` for KPIs whose level does not depend on the
#: length of the period (margins, average order value, NPS).
FREQS = ("any", "W", "M", "Q", "Y")
_KPI_FREQS = ("W", "M", "Q", "Y")
_PCOL = re.compile(r"^p(\d{1,3}(?:\.\d+)?)$")
_INFO = ("segment", "kpi", "freq", "unit", "polarity")
_TAIL = ("illustrative", "source", "note")
# typical spacing of period starts in days, for telling the frequency of a KPI table
_SPACING = {"W": (6, 8), "M": (27, 32), "Q": (88, 93), "Y": (360, 367)}


def _plabel(q: float) -> str:
    return f"p{q:g}"


# --------------------------------------------------------------------------- position


@dataclass(frozen=True)
class BenchmarkPosition:
    """Where one value sits on a peer distribution.

    Attributes
    ----------
    value : float
        The business's value, in the KPI's unit.
    percentile : float
        The share of peers (0-100) whose value is below ``value``, interpolated linearly
        between the given percentiles; clamped to the lowest or highest given percentile
        outside them (see ``flag``). NaN when ``value`` is missing.
    better_than_pct : float
        The share of peers (0-100) the business does better than: ``percentile`` when
        higher is better, ``100 - percentile`` when lower is better.
    flag : str
        ``"within p25-p75"`` (named after the lowest and highest given percentiles) when
        the value lies inside them; ``"below p25"`` or ``"above p75"`` when it lies outside
        and the percentile is only a bound; ``"no data"`` for a missing value.
    polarity : {"higher", "lower"}
    """

    value: float
    percentile: float
    better_than_pct: float
    flag: str
    polarity: str

    @property
    def clamped(self) -> bool:
        """True when the value lies outside the given percentiles (the position is a bound)."""
        return self.flag.startswith(("below", "above"))

    def describe(self) -> str:
        """Return the position in words, e.g. ``'better than 62 % of peers'``.

        Outside the given percentiles the share is a bound: ``'better than at least 90 %
        of peers'`` on the good side, ``'better than at most 10 % of peers'`` on the bad.
        """
        if self.flag == "no data":
            return "no data"
        share = f"{math.floor(self.better_than_pct + 1e-9):.0f} % of peers"
        if not self.clamped:
            return f"better than {share}"
        good_side = (self.flag.startswith("above")) == (self.polarity == "higher")
        return f"better than {'at least' if good_side else 'at most'} {share}"


def _percentile_key(func: str, key: object) -> float | None:
    """Return the percentile a key names (25 or 'p25'), or None for another key."""
    if isinstance(key, bool):
        return None
    if isinstance(key, numbers.Real):
        q = float(key)
    elif isinstance(key, str) and _PCOL.match(key):
        q = float(key[1:])
    else:
        return None
    if not 0.0 <= q <= 100.0:
        raise SmbkitError(
            f"{func}: percentile {key!r} in `benchmark` is outside 0-100; percentiles are "
            "on a 0-100 scale (25 = the lower quartile)"
        )
    return q


def _quantiles(func: str, benchmark: object) -> tuple[np.ndarray, np.ndarray]:
    """Return (percentiles, values), sorted by percentile, from a mapping or a table row."""
    if not isinstance(benchmark, (Mapping, pd.Series)):
        raise SmbkitError(
            f"{func}: `benchmark` must map percentiles to values, e.g. "
            f"{{25: 8.0, 50: 10.5, 75: 14.0}}, or be a row of a benchmark table; got "
            f"{type(benchmark).__name__}"
        )
    points: dict[float, float] = {}
    numeric_keys = []
    for key, raw in benchmark.items():
        q = _percentile_key(func, key)
        if q is None:
            continue  # another field of a table row (kpi, unit, source, ...)
        if isinstance(key, numbers.Real):
            numeric_keys.append(q)
        try:
            v = float(raw)
        except (TypeError, ValueError) as exc:
            raise SmbkitError(
                f"{func}: the value at {_plabel(q)} in `benchmark` must be a number, but "
                f"{raw!r} was passed"
            ) from exc
        if math.isnan(v):
            continue  # a percentile the source does not give
        if q in points:
            raise SmbkitError(f"{func}: `benchmark` gives {_plabel(q)} twice; keep one value")
        points[q] = v
    fractional = any(q != int(q) for q in numeric_keys)
    if numeric_keys and max(numeric_keys) <= 1.0 and fractional:
        raise SmbkitError(
            f"{func}: the percentiles in `benchmark` ({sorted(numeric_keys)}) look like "
            "fractions; percentiles are on a 0-100 scale: use 25, 50, 75 (or 'p25', ...)"
        )
    if len(points) < 2:
        raise SmbkitError(
            f"{func}: `benchmark` needs values at two or more percentiles (e.g. p25 and "
            f"p75), but it has {len(points)}: {sorted(points)}"
        )
    qs = np.array(sorted(points), dtype=float)
    vs = np.array([points[q] for q in qs], dtype=float)
    if not np.isfinite(vs).all():
        raise SmbkitError(f"{func}: benchmark values must be finite numbers, got {vs.tolist()}")
    drop = np.flatnonzero(np.diff(vs) < 0)
    if len(drop):
        i = int(drop[0])
        raise DataError(
            f"{func}: benchmark values must not fall as the percentile rises, but "
            f"{_plabel(qs[i])} = {vs[i]:g} > {_plabel(qs[i + 1])} = {vs[i + 1]:g}; check "
            "the order of the percentiles"
        )
    return qs, vs


def _locate(x: np.ndarray, qs: np.ndarray, vs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (percentile, flag) for values ``x`` on the distribution given by (qs, vs)."""
    x = np.asarray(x, dtype=float)
    n = len(qs)
    left = np.searchsorted(vs, x, side="left")
    right = np.searchsorted(vs, x, side="right")
    # the branches not taken may divide by a zero-width step: their values are discarded
    with np.errstate(divide="ignore", invalid="ignore"):
        exact = (qs[np.minimum(left, n - 1)] + qs[np.maximum(right - 1, 0)]) / 2.0
        k = np.clip(left - 1, 0, n - 2)
        step = vs[k + 1] - vs[k]
        inner = qs[k] + (x - vs[k]) / step * (qs[k + 1] - qs[k])
    pct = np.where(left < right, exact, inner)
    below, above, missing = x < vs[0], x > vs[-1], np.isnan(x)
    pct = np.where(below, qs[0], np.where(above, qs[-1], pct))
    pct = np.where(missing, np.nan, pct)
    lo, hi = _plabel(qs[0]), _plabel(qs[-1])
    flag = np.where(
        missing,
        "no data",
        np.where(below, f"below {lo}", np.where(above, f"above {hi}", f"within {lo}-{hi}")),
    ).astype(object)
    return pct, flag


def percentile_position(value, benchmark, *, polarity: str) -> BenchmarkPosition:
    """Return where a value sits within a peer distribution given by a few percentiles.

    Parameters
    ----------
    value : float
        The business's KPI value, in the benchmark's unit (NaN gives ``"no data"``).
    benchmark : mapping or Series
        Percentile -> peer value, e.g. ``{25: 8.0, 50: 10.5, 75: 14.0}``; keys may be
        numbers on a 0-100 scale or labels such as ``"p25"``. A row of a benchmark table
        (:func:`load_benchmarks`) can be passed as it is: keys that are not percentiles
        are ignored, and so are missing values. At least two percentiles are needed.
    polarity : {"higher", "lower"}
        ``"higher"`` when more is better (margin), ``"lower"`` when less is better
        (employee turnover): it decides what "better than" means.

    Returns
    -------
    BenchmarkPosition
        ``value, percentile, better_than_pct, flag, polarity``; ``describe()`` puts it
        in words.

    Raises
    ------
    SmbkitError
        If ``polarity`` is unknown, ``value`` is not a number, or ``benchmark`` has fewer
        than two percentiles, a percentile outside 0-100, fractions instead of
        percentiles, or a non-numeric value.
    DataError
        If the benchmark values fall as the percentile rises.

    Notes
    -----
    Between two given percentiles :math:`(q_i, v_i)` and :math:`(q_{i+1}, v_{i+1})` the
    peers are assumed to be spread evenly, so the position is interpolated linearly:

    .. math::

        q(x) = q_i + (q_{i+1} - q_i)\\,\\frac{x - v_i}{v_{i+1} - v_i},
        \\qquad v_i \\le x \\le v_{i+1}.

    A value equal to several tied percentiles gets the middle of them. Outside the given
    percentiles the position is clamped to the outermost one and flagged, because the
    table says nothing about how far the tails reach. The share of peers the business
    beats is :math:`q` when higher is better and :math:`100 - q` when lower is better.
    Business meaning: "our margin is better than 62 % of bakeries like ours", with the
    honesty to say "at least 90 %" when the table cannot say more.

    Examples
    --------
    >>> peers = {25: 8.0, 50: 10.0, 75: 14.0}
    >>> percentile_position(12.0, peers, polarity="higher").percentile  # half-way p50-p75
    62.5
    >>> pos = percentile_position(9.0, peers, polarity="lower")     # lower is better
    >>> pos.percentile, pos.better_than_pct, pos.describe()
    (37.5, 62.5, 'better than 62 % of peers')
    >>> pos = percentile_position(20.0, peers, polarity="higher")   # beyond the table
    >>> pos.percentile, pos.flag, pos.describe()
    (75.0, 'above p75', 'better than at least 75 % of peers')
    """
    func = "percentile_position"
    check_option(func, "polarity", polarity, POLARITIES)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise SmbkitError(
            f"{func}: `value` must be one number (the KPI's value), but a "
            f"{type(value).__name__} was passed; for a whole KPI table use benchmark_bands"
        )
    qs, vs = _quantiles(func, benchmark)
    pct, flag = _locate(np.array([float(value)]), qs, vs)
    p = float(pct[0])
    better = p if polarity == "higher" else 100.0 - p
    return BenchmarkPosition(float(value), p, better, str(flag[0]), polarity)


# --------------------------------------------------------------------------- the table


def _bundled_path():
    return importlib.resources.files("smbkit.datasets") / "benchmarks" / "benchmarks.csv"


@functools.cache
def _schema() -> dict:
    path = importlib.resources.files("smbkit.datasets") / "benchmarks" / "benchmarks.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _percentile_columns(columns) -> list[str]:
    cols = [str(c) for c in columns if _PCOL.match(str(c))]
    return sorted(cols, key=lambda c: float(c[1:]))


def _check_table(func: str, table: pd.DataFrame, arg: str = "benchmark_table") -> pd.DataFrame:
    """Validate a benchmark table and return it with its columns in the standard order."""
    if not isinstance(table, pd.DataFrame):
        raise SmbkitError(
            f"{func}: `{arg}` must be a DataFrame such as load_benchmarks() returns, got "
            f"{type(table).__name__}"
        )
    missing = [c for c in (*_INFO, *_TAIL[:2]) if c not in table.columns]
    if missing:
        raise DataError(
            f"{func}: `{arg}` has no column {missing[0]!r}; a benchmark table needs "
            f"{[*_INFO, 'p25', 'p75', *_TAIL[:2]]} (see benchmark_dictionary()), but its "
            f"columns are {list(table.columns)}"
        )
    pcols = _percentile_columns(table.columns)
    if len(pcols) < 2:
        raise DataError(
            f"{func}: `{arg}` needs two or more percentile columns named like 'p25' and "
            f"'p75', but it has {pcols}; columns are {list(table.columns)}"
        )
    n = len(table)
    for col, allowed in (("freq", FREQS), ("polarity", POLARITIES)):
        bad = ~table[col].isin(allowed)
        if bad.any():
            first = bad.to_numpy().nonzero()[0][0]
            raise DataError(
                describe_rows(
                    func,
                    f"have a `{col}` outside {list(allowed)}",
                    int(bad.sum()),
                    n,
                    table.index[first],
                    table[col].iloc[first],
                )
            )
    flags = table["illustrative"]
    if not (pd.api.types.is_bool_dtype(flags) and flags.notna().all()):
        raise DataError(
            f"{func}: column 'illustrative' of `{arg}` must be True or False in every row "
            f"(True for invented figures), but it holds {sorted(map(str, flags.unique()))}"
        )
    source = table["source"].fillna("").astype(str).str.strip()
    unsourced = (~flags.astype(bool) & (source == "")).to_numpy(dtype=bool)
    if unsourced.any():
        first = unsourced.nonzero()[0][0]
        raise DataError(
            describe_rows(
                func,
                "claim real figures (illustrative=False) but cite no source",
                int(unsourced.sum()),
                n,
                table.index[first],
                fix="name the publisher, title, year and table, or set illustrative=True",
            )
        )
    values = table[pcols].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    text = table[pcols].notna().to_numpy() & np.isnan(values)
    if text.any():
        r, c = (int(i[0]) for i in text.nonzero())
        raise DataError(
            f"{func}: `{arg}` column {pcols[c]!r} must hold numbers, but row "
            f"{table.index[r]} holds {table[pcols[c]].iloc[r]!r}"
        )
    few = (~np.isnan(values)).sum(axis=1) < 2
    if few.any():
        first = few.nonzero()[0][0]
        raise DataError(
            describe_rows(
                func,
                "have fewer than two percentile values",
                int(few.sum()),
                n,
                table.index[first],
                fix="give at least p25 and p75",
            )
        )
    # the values must not fall from one given percentile to the next (missing ones skipped)
    filled = pd.DataFrame(values).ffill(axis=1).to_numpy()
    falls = (np.diff(filled, axis=1) < 0).any(axis=1)
    if falls.any():
        first = falls.nonzero()[0][0]
        raise DataError(
            describe_rows(
                func,
                "have percentile values that fall as the percentile rises",
                int(falls.sum()),
                n,
                table.index[first],
                dict(zip(pcols, values[first].tolist(), strict=True)),
                "the values must be in percentile order (p25 <= p50 <= p75)",
            )
        )
    dup = table.duplicated(["segment", "kpi", "freq"], keep=False)
    if dup.any():
        first = dup.to_numpy().nonzero()[0][0]
        key = tuple(table[["segment", "kpi", "freq"]].iloc[first])
        raise DataError(
            f"{func}: `{arg}` has {int(dup.sum())} rows for the same (segment, kpi, freq), "
            f"e.g. {key}; keep one row per peer group, KPI and period length"
        )
    out = table.copy()
    out[pcols] = values
    rest = [c for c in out.columns if c not in (*_INFO, *pcols, *_TAIL)]
    tail = [c for c in _TAIL if c in out.columns]
    return out[[*_INFO, *pcols, *tail, *rest]].reset_index(drop=True)


def load_benchmarks(path=None, *, segment: str | None = None) -> pd.DataFrame:
    """Return a benchmark table: peer percentiles per segment, KPI and period length.

    Parameters
    ----------
    path : str or Path, optional
        A CSV file with the same columns as the bundled table (see
        :func:`benchmark_dictionary`), e.g. figures copied from a trade survey. The
        bundled, illustrative table when omitted.
    segment : str, optional
        Keep only this peer group (e.g. ``"bakery"``).

    Returns
    -------
    DataFrame
        ``segment, kpi, freq, unit, polarity, p10, p25, p50, p75, p90, illustrative,
        source, note`` (the percentile columns the file has, in order), one row per
        segment, KPI and ``freq``.

    Raises
    ------
    SmbkitError
        If ``segment`` is not in the table.
    DataError
        If a column is missing, a ``freq`` or ``polarity`` is unknown, ``illustrative``
        is not True/False, a row claims real figures without a source, a row has fewer
        than two percentiles or its values fall as the percentile rises, or a segment,
        KPI and freq appear twice.

    Notes
    -----
    Every row of the bundled table has ``illustrative == True``: the figures are invented
    for teaching and describe no real peer group.

    Examples
    --------
    >>> table = load_benchmarks(segment="bakery")
    >>> bool(table["illustrative"].all())
    True
    >>> table.loc[table["kpi"] == "gross_margin", ["p25", "p50", "p75"]].to_numpy().tolist()
    [[63.0, 67.0, 71.0]]
    """
    func = "load_benchmarks"
    if path is None:
        with importlib.resources.as_file(_bundled_path()) as p:
            raw = pd.read_csv(p, keep_default_na=False, na_values=[""])
    else:
        p = Path(path)
        if not p.is_file():
            raise SmbkitError(f"{func}: `path` {str(path)!r} is not a file; pass a CSV file")
        raw = pd.read_csv(p, keep_default_na=False, na_values=[""])
    if "note" in raw.columns:
        raw["note"] = raw["note"].fillna("")
    table = _check_table(func, raw, arg="path" if path is not None else "the bundled table")
    if segment is not None:
        check_option(func, "segment", segment, list(dict.fromkeys(table["segment"])))
        table = table[table["segment"] == segment].reset_index(drop=True)
    return table


def benchmark_dictionary() -> pd.DataFrame:
    """Return the data dictionary of a benchmark table: one row per column.

    Returns
    -------
    DataFrame
        ``field, type, description`` (a Frictionless Table Schema, stored next to the
        bundled table).

    Examples
    --------
    >>> d = benchmark_dictionary()
    >>> d["field"].tolist()[:5]
    ['segment', 'kpi', 'freq', 'unit', 'polarity']
    """
    return pd.DataFrame(
        [
            {"field": f["name"], "type": f["type"], "description": f["description"]}
            for f in _schema()["fields"]
        ]
    )


# --------------------------------------------------------------------------- bands


def _infer_freq(periods: pd.Series) -> str | None:
    days = pd.Series(pd.to_datetime(periods).drop_duplicates().sort_values()).diff().dt.days
    if days.dropna().empty:
        return None
    gap = float(days.median())
    for freq, (lo, hi) in _SPACING.items():
        if lo <= gap <= hi:
            return freq
    return None


def benchmark_bands(
    kpi_values: pd.DataFrame,
    benchmark_table: pd.DataFrame,
    *,
    segment: str | None = None,
    freq: str | None = None,
    kpis: Sequence[str] | None = None,
    band: tuple[float, float] = (25, 75),
    include_partial: bool = False,
) -> pd.DataFrame:
    """Return a tidy table of each KPI value with its peers' benchmark band and position.

    Parameters
    ----------
    kpi_values : DataFrame
        Tidy KPI table (``period, kpi, value``, optionally ``unit`` and ``partial``) as
        from :func:`smbkit.kpis.compute`.
    benchmark_table : DataFrame
        A table as from :func:`load_benchmarks`.
    segment : str, optional
        The peer group to compare with; may be omitted when the table has one segment.
    freq : {"W", "M", "Q", "Y"}, optional
        The period length of ``kpi_values``; told from the spacing of its periods when
        omitted. Benchmark rows for this ``freq`` are used, or rows with ``freq="any"``.
    kpis : list of str, optional
        KPI ids to compare; every KPI of ``kpi_values`` that has a benchmark when omitted.
    band : (float, float), default (25, 75)
        The percentiles that bound the band (the lower and upper quartile).
    include_partial : bool, default False
        Keep periods flagged ``partial`` (left out by default: a half period is not
        comparable with a peer's full one).

    Returns
    -------
    DataFrame
        One row per KPI and period: ``period, kpi, value, unit, segment, freq, polarity,
        lower, median, upper, band_edges, percentile, better_than_pct, flag, band,
        illustrative, source``. ``lower``/``upper`` are the band's edges (named in
        ``band_edges``, e.g. ``"p25-p75"``) and ``median`` the p50 (NaN if the table has
        none); ``percentile``, ``better_than_pct`` and ``flag`` are as in
        :func:`percentile_position`; ``band`` is ``"below"``, ``"inside"`` or
        ``"above"`` the band (by value, whatever the polarity) or ``"no data"``.

    Raises
    ------
    SmbkitError
        If ``segment`` is needed but missing or unknown, ``freq`` is unknown or does not
        match the periods' spacing, or ``band`` is not two increasing percentiles.
    DataError
        If a column is missing, the benchmark table is invalid, a KPI has no benchmark for
        this segment and freq, a band percentile is missing, or a KPI's unit differs
        between the two tables.

    Notes
    -----
    The band is :math:`[v_{25}, v_{75}]` by default: the middle half of the peers. Each
    period's value is placed on the peer distribution by linear interpolation between the
    table's percentiles (see :func:`percentile_position`). Business meaning: one table
    that says, quarter by quarter, whether the business was a typical peer, a leader or a
    laggard on each KPI.

    Examples
    --------
    >>> kv = pd.DataFrame({"period": pd.to_datetime(["2025-01-01", "2025-04-01"]),
    ...                    "kpi": "gross_margin", "value": [69.0, 72.0], "unit": "%"})
    >>> bands = benchmark_bands(kv, load_benchmarks(), segment="bakery")
    >>> bands[["value", "lower", "upper", "percentile", "band"]]
       value  lower  upper  percentile    band
    0   69.0   63.0   71.0        62.5  inside
    1   72.0   63.0   71.0        80.0   above
    """
    func = "benchmark_bands"
    require_columns(
        func,
        list(kpi_values.columns),
        table="kpi_values",
        period="period",
        kpi="kpi",
        value="value",
    )
    table = _check_table(func, benchmark_table)
    segments = list(dict.fromkeys(table["segment"]))
    if segment is None:
        if len(segments) != 1:
            raise SmbkitError(
                f"{func}: the benchmark table holds several peer groups {segments}; pass "
                "`segment=` to choose the one the business belongs to"
            )
        segment = segments[0]
    check_option(func, "segment", segment, segments)
    lo_q, hi_q = _check_band(func, band)
    data = kpi_values
    if not include_partial and "partial" in data.columns:
        data = data[~data["partial"].astype(bool)]
    seen = _infer_freq(data["period"])
    if freq is None:
        if seen is None:
            raise SmbkitError(
                f"{func}: cannot tell the period length of `kpi_values` from its periods; "
                f"pass freq= one of {list(_KPI_FREQS)}"
            )
        freq = seen
    check_option(func, "freq", freq, _KPI_FREQS)
    if seen is not None and seen != freq:
        raise SmbkitError(
            f"{func}: freq={freq!r} was passed but the periods of `kpi_values` are spaced "
            f"like freq={seen!r}; pass freq={seen!r} (benchmarks of rates such as turnover "
            "depend on the period length)"
        )
    rows = table[(table["segment"] == segment) & table["freq"].isin([freq, "any"])]
    rows = rows.assign(_exact=rows["freq"] == freq).sort_values("_exact", ascending=False)
    rows = rows.drop_duplicates("kpi").drop(columns="_exact").set_index("kpi")
    present = list(dict.fromkeys(data["kpi"]))
    if kpis is None:
        chosen = [k for k in present if k in rows.index]
        if not chosen:
            raise DataError(
                f"{func}: no KPI of kpi_values {present} has a benchmark for segment="
                f"{segment!r} and freq={freq!r}; benchmarks exist for {sorted(rows.index)}"
            )
    else:
        chosen = list(kpis)
        for k in chosen:
            check_option(func, "kpis", k, present)
            if k not in rows.index:
                other = table.loc[(table["segment"] == segment) & (table["kpi"] == k), "freq"]
                where = f"only for freq {sorted(other)}" if len(other) else "no benchmark at all"
                raise DataError(
                    f"{func}: KPI {k!r} has no benchmark for segment={segment!r} and "
                    f"freq={freq!r} ({where}); compute the KPI at a benchmarked freq or "
                    "leave it out of `kpis`"
                )
    pcols = _percentile_columns(table.columns)
    lo_col, hi_col = _plabel(lo_q), _plabel(hi_q)
    for col in (lo_col, hi_col):
        if col not in pcols:
            raise DataError(
                f"{func}: `band` needs percentile column {col!r}, but the benchmark table "
                f"has {pcols}"
            )
    parts = []
    for k in chosen:
        ref = rows.loc[k]
        sub = data[data["kpi"] == k]
        if "unit" in sub.columns:
            units = sorted(set(sub["unit"].dropna().astype(str)) - {str(ref["unit"])})
            if units:
                raise DataError(
                    f"{func}: KPI {k!r} is in {units[0]!r} in kpi_values but in "
                    f"{ref['unit']!r} in the benchmark table; convert one of them first"
                )
        for col in (lo_col, hi_col):
            if pd.isna(ref[col]):
                raise DataError(
                    f"{func}: the benchmark of {k!r} (segment={segment!r}) has no {col}; "
                    "choose a `band` whose percentiles the table gives"
                )
        qs, vs = _quantiles(func, ref[pcols])
        values = sub["value"].to_numpy(dtype=float)
        pct, flag = _locate(values, qs, vs)
        lower, upper = float(ref[lo_col]), float(ref[hi_col])
        side = np.where(values < lower, "below", np.where(values > upper, "above", "inside"))
        side = np.where(np.isnan(values), "no data", side)
        parts.append(
            pd.DataFrame(
                {
                    "period": pd.to_datetime(sub["period"]).to_numpy(),
                    "kpi": k,
                    "value": values,
                    "unit": str(ref["unit"]),
                    "segment": segment,
                    "freq": str(ref["freq"]),
                    "polarity": str(ref["polarity"]),
                    "lower": lower,
                    "median": float(ref["p50"]) if "p50" in pcols else np.nan,
                    "upper": upper,
                    "band_edges": f"{lo_col}-{hi_col}",
                    "percentile": pct,
                    "better_than_pct": pct if ref["polarity"] == "higher" else 100.0 - pct,
                    "flag": flag,
                    "band": side.astype(object),
                    "illustrative": bool(ref["illustrative"]),
                    "source": str(ref["source"]),
                }
            ).sort_values("period", kind="stable")
        )
    return pd.concat(parts, ignore_index=True)


def _check_band(func: str, band: object) -> tuple[float, float]:
    try:
        lo, hi = (float(b) for b in band)  # type: ignore[union-attr]
    except (TypeError, ValueError) as exc:
        raise SmbkitError(
            f"{func}: `band` must be two percentiles (lower edge, upper edge), e.g. (25, 75), "
            f"but {band!r} was passed"
        ) from exc
    if not (0 <= lo < hi <= 100):
        raise SmbkitError(
            f"{func}: `band` must be two percentiles with 0 <= lower < upper <= 100, but "
            f"{band!r} was passed"
        )
    return lo, hi
