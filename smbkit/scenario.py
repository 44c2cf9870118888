"""Scenarios and stress tests: thousands of possible futures for revenue, profit and cash.

A plan built on one forecast hides the question that matters to a small business: *how
likely* is it that the cash runs out, and would we see it coming? This module simulates many
monthly paths at once (a Monte Carlo simulation, vectorised with numpy and seeded) under a
:class:`Scenario`: a named set of assumptions about demand growth, its volatility, the
contribution margin, fixed costs, a one-off demand shift and cost shocks.

The model, for path :math:`i` and month :math:`t = 1, \\dots, H`:

.. math::

    R_{i,t} = R_0 (1 + s) \\exp\\Big(\\sum_{u \\le t} \\big(g - \\tfrac{\\sigma^2}{2}
    + \\sigma Z_{i,u}\\big)\\Big), \\qquad Z_{i,u} \\sim N(0, 1)

    m_{i,t} = m - d\\, B_{i,t}, \\qquad B_{i,t} \\sim \\text{Bernoulli}(p)

    \\pi_{i,t} = m_{i,t} R_{i,t} - F, \\qquad C_{i,t} = C_0 + \\sum_{u \\le t} \\pi_{i,u}

with :math:`g` the expected monthly growth (so :math:`E[R_t] = R_0(1+s)e^{gt}`),
:math:`\\sigma` the volatility, :math:`s` the demand shift, :math:`m` the contribution margin
(revenue less variable costs, as a share of revenue), :math:`p, d` the chance and size (in
margin points) of a cost shock, and :math:`F` the fixed costs per month.

:func:`simulate` returns the paths as a tidy table; :func:`chance_of_target`,
:func:`cash_buffer`, :func:`band` and :func:`stress_test` read it. :func:`named_scenarios`
turns one calibrated base case into the classic set: boom, recession, new competitor and
supply shock. The shifts in those sets are illustrative assumptions for planning, not
estimates from data: change them to the client's own view.

References
----------
Glasserman, P. (2003). *Monte Carlo Methods in Financial Engineering*. Springer, ch. 3
(geometric Brownian motion paths).

Schoemaker, P. J. H. (1995). Scenario planning: a tool for strategic thinking. *Sloan
Management Review* 36(2), 25-40.

>>> from smbkit import scenario as sc
>>> base = sc.Scenario(growth=0.01, volatility=0.05, margin=0.6, fixed_costs=500)
>>> paths = sc.simulate(base, start_revenue=1000, start_cash=2000, horizon=3, paths=4, seed=1)
>>> paths.shape
(12, 8)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, require_columns

__all__ = [
    "COLUMNS",
    "Scenario",
    "band",
    "cash_buffer",
    "chance_of_target",
    "named_scenarios",
    "simulate",
    "stress_test",
]

#: Columns of the table :func:`simulate` returns.
COLUMNS = ("scenario", "path", "month", "date", "revenue", "margin", "profit", "cash")
_KPIS = ("revenue", "margin", "profit", "cash")


@dataclass(frozen=True)
class Scenario:
    """One set of assumptions for :func:`simulate`.

    Attributes
    ----------
    name : str
        A label, e.g. "recession".
    growth : float
        Expected demand growth per month (0.01 = 1 % a month).
    volatility : float
        Standard deviation of the monthly demand shocks (log scale; 0.05 is about 5 %).
    margin : float
        Contribution margin: share of revenue left after variable costs (0-1).
    fixed_costs : float
        Fixed costs per month (rent, salaries), in currency.
    demand_shift : float
        One-off change in demand from the first month (-0.15 = lose 15 % of customers).
    shock_prob : float
        Chance in any month of a cost shock (0-1).
    shock_size : float
        Margin points lost in a shock month (0.1 = margin 10 points lower that month).
    """

    name: str = "base"
    growth: float = 0.0
    volatility: float = 0.05
    margin: float = 0.5
    fixed_costs: float = 0.0
    demand_shift: float = 0.0
    shock_prob: float = 0.0
    shock_size: float = 0.0

    def __post_init__(self) -> None:
        func = "Scenario"
        for f in fields(self)[1:]:
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, (int, float, np.number)):
                raise SmbkitError(f"{func}: `{f.name}` must be a number, got {v!r}")
            if not math.isfinite(float(v)):
                raise SmbkitError(f"{func}: `{f.name}` must be finite, got {v!r}")
        bounds = {
            "volatility": (0.0, 2.0),
            "margin": (0.0, 1.0),
            "shock_prob": (0.0, 1.0),
            "shock_size": (0.0, 1.0),
            "growth": (-0.5, 0.5),
        }
        for arg, (lo, hi) in bounds.items():
            v = float(getattr(self, arg))
            if not lo <= v <= hi:
                raise SmbkitError(
                    f"{func}: `{arg}` must be between {lo:g} and {hi:g} (a monthly fraction), "
                    f"got {v!r}"
                )
        if self.fixed_costs < 0:
            raise SmbkitError(f"{func}: `fixed_costs` must be >= 0, got {self.fixed_costs!r}")
        if not -1 < self.demand_shift <= 5:
            raise SmbkitError(
                f"{func}: `demand_shift` is a fraction of demand gained or lost, above -1 "
                f"(-0.15 = lose 15 %), got {self.demand_shift!r}"
            )


def named_scenarios(base: Scenario) -> dict[str, Scenario]:
    """The classic planning set built from one base case.

    * ``"base"``: the base case as given.
    * ``"boom"``: growth 1.5 points a month higher.
    * ``"recession"``: growth 2 points a month lower, volatility 1.5 times.
    * ``"new_competitor"``: 15 % of demand lost from the first month, growth 0.5 points lower.
    * ``"supply_shock"``: margin 5 points lower, and a 30 % chance each month of a further
      10-point cost shock.

    These are illustrative assumptions, to be replaced by the client's own view.

    Parameters
    ----------
    base : Scenario

    Returns
    -------
    dict of str to Scenario

    Examples
    --------
    >>> s = named_scenarios(Scenario(growth=0.01, margin=0.6))
    >>> list(s), round(s["recession"].growth, 3)
    (['base', 'boom', 'recession', 'new_competitor', 'supply_shock'], -0.01)
    """
    if not isinstance(base, Scenario):
        raise SmbkitError(f"named_scenarios: `base` must be a Scenario, got {type(base).__name__}")
    return {
        "base": replace(base, name="base"),
        "boom": replace(base, name="boom", growth=base.growth + 0.015),
        "recession": replace(
            base, name="recession", growth=base.growth - 0.02, volatility=base.volatility * 1.5
        ),
        "new_competitor": replace(
            base,
            name="new_competitor",
            demand_shift=(1 + base.demand_shift) * 0.85 - 1,
            growth=base.growth - 0.005,
        ),
        "supply_shock": replace(
            base,
            name="supply_shock",
            margin=max(0.0, base.margin - 0.05),
            shock_prob=0.3,
            shock_size=0.10,
        ),
    }


def _positive(func: str, arg: str, value: object) -> float:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise SmbkitError(f"{func}: `{arg}` must be a number, got {value!r}") from exc
    if not (x > 0 and math.isfinite(x)):
        raise SmbkitError(f"{func}: `{arg}` must be a number > 0, got {value!r}")
    return x


def _whole(func: str, arg: str, value: object, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
        raise SmbkitError(f"{func}: `{arg}` must be a whole number >= {least}, got {value!r}")
    return int(value)


def simulate(
    scenario: Scenario,
    *,
    start_revenue: float,
    start_cash: float,
    horizon: int = 12,
    paths: int = 2000,
    seed: int | None = 0,
    start=None,
) -> pd.DataFrame:
    """Simulate monthly revenue, margin, profit and cash paths under one scenario.

    All paths are drawn at once with ``numpy.random.default_rng(seed)`` (no loop over paths),
    so 10,000 paths of 24 months take milliseconds.

    Parameters
    ----------
    scenario : Scenario
    start_revenue : float
        Revenue of a normal month today (> 0), the :math:`R_0` of the model.
    start_cash : float
        Cash in the bank today, :math:`C_0` (may be negative: an overdraft).
    horizon : int, default 12
        Months to simulate.
    paths : int, default 2000
        Number of simulated futures.
    seed : int, default 0
        Seed of the random generator; the same seed gives the same paths.
    start : date-like, optional
        First simulated month; fills the ``date`` column (month starts). Without it
        ``date`` is missing (NaT).

    Returns
    -------
    DataFrame
        One row per path and month: ``scenario, path, month, date, revenue, margin,
        profit, cash`` (``month`` runs 1..horizon).

    Raises
    ------
    SmbkitError
        If ``scenario`` is not a :class:`Scenario`, ``start_revenue`` is not positive, or
        ``horizon``/``paths`` is not a whole number >= 1.

    Examples
    --------
    >>> s = Scenario(growth=0.0, volatility=0.0, margin=0.5, fixed_costs=300)
    >>> t = simulate(s, start_revenue=1000, start_cash=100, horizon=3, paths=2)
    >>> t.loc[t["path"] == 0, "cash"].tolist()  # 100 + 200 a month
    [300.0, 500.0, 700.0]
    """
    func = "simulate"
    if not isinstance(scenario, Scenario):
        raise SmbkitError(
            f"{func}: `scenario` must be a Scenario (see named_scenarios), "
            f"got {type(scenario).__name__}"
        )
    r0 = _positive(func, "start_revenue", start_revenue)
    try:
        c0 = float(start_cash)
    except (TypeError, ValueError) as exc:
        raise SmbkitError(f"{func}: `start_cash` must be a number, got {start_cash!r}") from exc
    h = _whole(func, "horizon", horizon, 1)
    n = _whole(func, "paths", paths, 1)
    s = scenario
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, h))
    shocks = rng.random((n, h)) < s.shock_prob
    log_level = np.cumsum(s.growth - 0.5 * s.volatility**2 + s.volatility * z, axis=1)
    revenue = r0 * (1 + s.demand_shift) * np.exp(log_level)
    margin = s.margin - s.shock_size * shocks
    profit = margin * revenue - s.fixed_costs
    cash = c0 + np.cumsum(profit, axis=1)
    if start is None:
        dates = np.full(h, np.datetime64("NaT"), dtype="datetime64[ns]")
    else:
        dates = pd.date_range(
            pd.Timestamp(start).to_period("M").to_timestamp(), periods=h, freq="MS"
        ).to_numpy()
    return pd.DataFrame(
        {
            "scenario": s.name,
            "path": np.repeat(np.arange(n), h),
            "month": np.tile(np.arange(1, h + 1), n),
            "date": np.tile(dates, n),
            "revenue": revenue.ravel(),
            "margin": margin.ravel(),
            "profit": profit.ravel(),
            "cash": cash.ravel(),
        }
    )


def _paths(func: str, sim: object, *cols: str, one: bool = True) -> pd.DataFrame:
    if not isinstance(sim, pd.DataFrame):
        raise SmbkitError(
            f"{func}: `sim` must be the table simulate() returns, got {type(sim).__name__}"
        )
    require_columns(func, list(sim.columns), "sim", path="path", month="month")
    for c in cols:
        require_columns(func, list(sim.columns), "sim", column=c)
    if len(sim) == 0:
        raise DataError(f"{func}: `sim` has no rows")
    if one and "scenario" in sim and len(sim["scenario"].unique()) > 1:
        names = sorted(sim["scenario"].unique())
        raise DataError(
            f"{func}: `sim` mixes scenarios {names}; pass one, e.g. "
            f"sim[sim['scenario'] == {names[0]!r}]"
        )
    return sim


def _matrix(sim: pd.DataFrame, column: str) -> np.ndarray:
    """paths x months array of one column."""
    ordered = sim.sort_values(["path", "month"], kind="stable")
    n = len(ordered["path"].unique())
    if n * len(ordered["month"].unique()) != len(ordered):
        raise DataError("scenario: `sim` must have one row per path and month, as simulate() makes")
    return ordered[column].to_numpy(dtype=float).reshape(n, -1)


def chance_of_target(
    sim: pd.DataFrame, *, target: float, column: str = "revenue", how: str = "total"
) -> float:
    """Share of simulated paths that reach a target.

    Parameters
    ----------
    sim : DataFrame
        One scenario's table from :func:`simulate`.
    target : float
        The value to reach (at least).
    column : {"revenue", "profit", "cash", "margin"}, default "revenue"
    how : {"total", "final"}, default "total"
        Compare the sum over the horizon, or the last month's value, with ``target``.

    Returns
    -------
    float
        The estimated probability, between 0 and 1.

    Examples
    --------
    >>> s = Scenario(volatility=0.0, margin=0.5)
    >>> sim = simulate(s, start_revenue=100, start_cash=0, horizon=12, paths=5)
    >>> chance_of_target(sim, target=1200), chance_of_target(sim, target=1201)
    (1.0, 0.0)
    """
    func = "chance_of_target"
    check_option(func, "column", column, _KPIS)
    check_option(func, "how", how, ("total", "final"))
    sim = _paths(func, sim, column)
    m = _matrix(sim, column)
    value = m.sum(axis=1) if how == "total" else m[:, -1]
    return float(np.mean(value >= float(target)))


def cash_buffer(sim: pd.DataFrame, *, survival: float = 0.95) -> float:
    """Starting cash needed so that cash stays at or above zero on a share of paths.

    For each path the need is the deepest dip of cumulative profit,
    :math:`\\max(0, -\\min_t \\sum_{u \\le t} \\pi_u)`; the buffer is the ``survival``
    quantile of the needs across paths (starting cash is not used).

    Parameters
    ----------
    sim : DataFrame
        One scenario's table from :func:`simulate`.
    survival : float, default 0.95
        Wanted share of paths that never run out of cash (0-1, exclusive).

    Returns
    -------
    float
        Cash (in currency) to hold at the start.

    Examples
    --------
    >>> s = Scenario(volatility=0.0, margin=0.5, fixed_costs=60)
    >>> sim = simulate(s, start_revenue=100, start_cash=0, horizon=3, paths=3)
    >>> cash_buffer(sim)  # loses 10 a month for 3 months
    30.0
    """
    func = "cash_buffer"
    q = float(survival) if isinstance(survival, (int, float)) else math.nan
    if not 0 < q < 1:
        raise SmbkitError(
            f"{func}: `survival` is a share of paths, strictly between 0 and 1 (e.g. 0.95), "
            f"got {survival!r}"
        )
    sim = _paths(func, sim, "profit")
    cum = np.cumsum(_matrix(sim, "profit"), axis=1)
    need = np.maximum(0.0, -cum.min(axis=1))
    return float(np.quantile(need, q))


def band(sim: pd.DataFrame, *, column: str = "cash", level: float = 0.9) -> pd.DataFrame:
    """Median and central interval of one column per month (a fan-chart band).

    Parameters
    ----------
    sim : DataFrame
        One scenario's table from :func:`simulate`, made with ``start=`` so it has dates.
    column : {"revenue", "margin", "profit", "cash"}, default "cash"
    level : float, default 0.9
        Share of paths inside the band (0-1, exclusive).

    Returns
    -------
    DataFrame
        ``date, forecast, lower, upper`` (``forecast`` is the median), with ``attrs``
        ``level`` and ``spec``, ready for :func:`smbkit.plots.plot_forecast`.

    Examples
    --------
    >>> s = Scenario(volatility=0.0, margin=0.5)
    >>> sim = simulate(s, start_revenue=100, start_cash=0, horizon=2, paths=3,
    ...                start="2026-01-01")
    >>> band(sim)["forecast"].tolist()
    [50.0, 100.0]
    """
    func = "band"
    check_option(func, "column", column, _KPIS)
    if not 0 < float(level) < 1:
        raise SmbkitError(f"{func}: `level` must be strictly between 0 and 1, got {level!r}")
    sim = _paths(func, sim, column, "date")
    if sim["date"].isna().any():
        raise DataError(f"{func}: `sim` has no dates; run simulate(..., start='YYYY-MM-01')")
    grouped = sim.groupby("date")[column]
    tail = (1 - float(level)) / 2
    out = pd.DataFrame(
        {
            "forecast": grouped.median(),
            "lower": grouped.quantile(tail),
            "upper": grouped.quantile(1 - tail),
        }
    ).reset_index()
    out.attrs["level"] = float(level)
    name = sim["scenario"].iloc[0] if "scenario" in sim else "simulation"
    out.attrs["spec"] = f"median, {name}"
    return out


def stress_test(
    sim: pd.DataFrame, *, kpi: str, threshold: float, direction: str = "below"
) -> pd.DataFrame:
    """Does a KPI warn before the cash runs out, in every scenario?

    For each path, the *warning* month is the first month the KPI crosses ``threshold``
    (below it, or above it with ``direction="above"``) and the *failure* month the first
    month cash is below zero. A warning counts if it comes strictly before the failure.

    Parameters
    ----------
    sim : DataFrame
        Tables from :func:`simulate`, one or several scenarios concatenated.
    kpi : {"revenue", "margin", "profit", "cash"}
        The warning indicator.
    threshold : float
    direction : {"below", "above"}, default "below"

    Returns
    -------
    DataFrame
        One row per scenario: ``scenario, paths, cash_out`` (share of paths whose cash
        went below zero), ``warned`` (share of those that the KPI warned in time; NaN
        if none ran out), ``median_lead`` (months between warning and failure among the
        warned; NaN if none), ``false_alarm`` (share of paths that never ran out but
        warned anyway; NaN if all ran out), ``note``.

    Examples
    --------
    >>> s = Scenario(growth=-0.2, volatility=0.0, margin=0.5, fixed_costs=40)
    >>> sim = simulate(s, start_revenue=100, start_cash=20, horizon=6, paths=2)
    >>> row = stress_test(sim, kpi="revenue", threshold=70).iloc[0]
    >>> float(row["cash_out"]), float(row["warned"]), float(row["median_lead"])
    (1.0, 1.0, 2.0)

    (Revenue falls below 70 in month 2, cash below zero in month 4: two months' warning.)
    """
    func = "stress_test"
    check_option(func, "kpi", kpi, _KPIS)
    check_option(func, "direction", direction, ("below", "above"))
    sim = _paths(func, sim, kpi, "cash", "scenario", one=False)
    rows = []
    for name, part in sim.groupby("scenario", sort=False):
        x = _matrix(part, kpi)
        cash = _matrix(part, "cash")
        h = x.shape[1]
        crossed = x < threshold if direction == "below" else x > threshold
        warn = np.where(crossed.any(axis=1), crossed.argmax(axis=1), h)
        broke = cash < 0
        fail = np.where(broke.any(axis=1), broke.argmax(axis=1), h)
        failed = fail < h
        in_time = failed & (warn < fail)
        notes = []
        if failed.any():
            warned = float(in_time.sum() / failed.sum())
        else:
            warned = math.nan
            notes.append("no path ran out of cash")
        if in_time.any():
            lead = float(np.median((fail - warn)[in_time]))
        else:
            lead = math.nan
            notes.append("no timely warning")
        if (~failed).any():
            false_alarm = float((warn[~failed] < h).mean())
        else:
            false_alarm = math.nan
            notes.append("every path ran out of cash")
        rows.append(
            {
                "scenario": name,
                "paths": int(x.shape[0]),
                "cash_out": float(failed.mean()),
                "warned": warned,
                "median_lead": lead,
                "false_alarm": false_alarm,
                "note": "; ".join(notes),
            }
        )
    return pd.DataFrame(rows)
