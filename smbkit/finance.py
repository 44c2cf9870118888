"""Cash runway, break-even and the gross-profit bridge: the finance a small business lives by.

Cash flow is the common killer of small businesses: a profitable month does not pay the
rent if the cash is tied up in stock. :func:`cash_runway` and :func:`runway` say how many
months the cash lasts at the current burn; :func:`break_even` how much must be sold to
cover fixed costs; :func:`gross_profit_bridge` why gross profit moved between two periods.
:func:`roi`, :func:`payback_period`, :func:`npv`, :func:`irr` and :func:`mirr` appraise an
investment, and :func:`automation_case` puts them together for one that saves money every
month.

>>> from smbkit import finance
>>> finance.cash_runway(60_000, 5_000)
12.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import describe_rows, require_columns

__all__ = [
    "AutomationCase",
    "BreakEven",
    "automation_case",
    "break_even",
    "cash_runway",
    "gross_profit_bridge",
    "irr",
    "mirr",
    "npv",
    "payback_period",
    "roi",
    "runway",
]


def _number(func: str, arg: str, value: object) -> float:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise SmbkitError(f"{func}: `{arg}` must be a number, but {value!r} was passed") from exc
    if not math.isfinite(x):
        raise SmbkitError(f"{func}: `{arg}` must be a finite number, but {value!r} was passed")
    return x


def cash_runway(cash: float, monthly_net_burn: float) -> float:
    """Return how many months the cash lasts at the current net burn.

    Parameters
    ----------
    cash : float
        Cash on hand now (currency).
    monthly_net_burn : float
        Cash lost per month, net of cash coming in (currency per month). Positive when
        cash is shrinking; zero or negative when it is stable or growing.

    Returns
    -------
    float
        Months of runway. ``inf`` when the business is not burning cash
        (``monthly_net_burn <= 0``: whatever the balance, it does not fall); 0.0 when
        cash is already zero or negative and the business is burning.

    Raises
    ------
    SmbkitError
        If a value is not a finite number.

    Notes
    -----
    .. math::

        \\text{runway} = \\frac{\\text{cash}}{\\text{net burn per month}}
        \\quad\\text{when net burn} > 0.

    Why ``inf`` and not NaN: the runway is a duration, not a ratio we report as a KPI,
    and "cash never runs out at this rate" is a known answer, not a missing one; ``inf``
    keeps comparisons right (``runway < 6`` is False, ``runway > 6`` is True), where NaN
    would make both False. Business meaning: the months left to fix the burn or raise
    money.

    Examples
    --------
    >>> cash_runway(45_000, 7_500)
    6.0
    >>> cash_runway(45_000, -1_000)     # cash is growing
    inf
    """
    func = "cash_runway"
    c = _number(func, "cash", cash)
    burn = _number(func, "monthly_net_burn", monthly_net_burn)
    if burn <= 0:
        return math.inf
    return max(c, 0.0) / burn


def runway(
    financials: pd.DataFrame,
    *,
    month: str = "month",
    cash: str = "cash",
    window: int = 3,
    financing: str | None = None,
) -> pd.DataFrame:
    """Return the cash runway for each month from the average recent change in cash.

    Parameters
    ----------
    financials : DataFrame
        One row per month with the month's start date and the cash balance at month
        end (the canonical ``financials`` table).
    month, cash : str
        Column names.
    window : int, default 3
        The burn is the average net cash flow over the last ``window`` months (3 smooths
        one lumpy month without hiding a trend).
    financing : str, optional
        A column of financing cash flows (loans, equity in; repayments out) to leave out
        of the burn, so the runway shows how long the cash lasts without new money.

    Returns
    -------
    DataFrame
        One row per month, in date order: ``month, cash, net_cash_flow,
        avg_net_cash_flow, monthly_net_burn, runway_months, note``. ``net_cash_flow`` is
        the change in cash from the month before (less financing, if given; missing for
        the first month); ``monthly_net_burn`` = -``avg_net_cash_flow``; ``runway_months``
        is :func:`cash_runway` (``inf`` when cash is not shrinking, with a note; missing
        with a note until ``window`` flows are known). The last row is the current runway.

    Raises
    ------
    SmbkitError
        If ``window`` is not a whole number >= 1.
    DataError
        If a column is missing, a month is duplicated or missing, or cash is missing.

    Notes
    -----
    With cash :math:`C_t` and financing :math:`F_t`, the net cash flow is
    :math:`\\Delta_t = C_t - C_{t-1} - F_t` and

    .. math::

        \\text{runway}_t = \\frac{C_t}{-\\tfrac{1}{w}\\sum_{i=0}^{w-1} \\Delta_{t-i}}
        \\quad\\text{when the denominator is} > 0.

    Business meaning: how many months until the bank account is empty if the last
    quarter's pattern continues.

    Examples
    --------
    >>> fin = pd.DataFrame({"month": pd.date_range("2025-01-01", periods=4, freq="MS"),
    ...                     "cash": [50_000.0, 46_000.0, 41_000.0, 38_000.0]})
    >>> last = runway(fin).iloc[-1]      # flows -4,000, -5,000, -3,000: burn 4,000 a month
    >>> float(last["monthly_net_burn"]), float(last["runway_months"])
    (4000.0, 9.5)
    """
    func = "runway"
    if int(window) != window or window < 1:
        raise SmbkitError(f"{func}: `window` must be a whole number >= 1, got {window!r}")
    roles = {"month": month, "cash": cash}
    if financing is not None:
        roles["financing"] = financing
    require_columns(func, list(financials.columns), table="financials", **roles)
    data = financials.sort_values(month, kind="stable").reset_index(drop=True)
    months = pd.to_datetime(data[month])
    periods = months.dt.to_period("M")
    dup = periods.duplicated()
    if dup.any():
        raise DataError(
            describe_rows(
                func,
                "repeat a month already in the table",
                int(dup.sum()),
                len(data),
                int(np.argmax(dup)),
                str(periods[dup].iloc[0]),
                "keep one row per month",
            )
        )
    steps = periods.astype("int64").diff().iloc[1:]
    if (steps != 1).any():
        gap_at = int(steps.index[np.argmax(steps.to_numpy() != 1)])
        raise DataError(
            f"{func}: months are not consecutive: {periods.iloc[gap_at - 1]} is followed by "
            f"{periods.iloc[gap_at]}; add the missing months"
        )
    c = pd.to_numeric(data[cash]).astype(float)
    if c.isna().any():
        raise DataError(
            describe_rows(
                func,
                f"have no cash balance (column {cash!r})",
                int(c.isna().sum()),
                len(data),
                int(np.argmax(c.isna())),
                fix="fill the balances from the bank statements",
            )
        )
    flow = c.diff()
    if financing is not None:
        f = pd.to_numeric(data[financing]).astype(float)
        if f.isna().any():
            raise DataError(
                describe_rows(
                    func,
                    f"have no financing value ({financing!r})",
                    int(f.isna().sum()),
                    len(data),
                    int(np.argmax(f.isna())),
                    fix="use 0 for none",
                )
            )
        flow = flow - f
    avg = flow.rolling(window, min_periods=window).mean()
    burn = -avg
    run = np.full(len(data), np.nan)
    notes = np.full(len(data), "", dtype=object)
    for i in range(len(data)):
        if np.isnan(avg.iloc[i]):
            notes[i] = f"needs {window} months of cash flow"
            continue
        run[i] = cash_runway(c.iloc[i], burn.iloc[i])
        if np.isinf(run[i]):
            notes[i] = "cash is not shrinking: no run-out date at this rate"
        elif c.iloc[i] <= 0:
            notes[i] = "cash is already at or below zero"
    return pd.DataFrame(
        {
            "month": months.to_numpy().astype("datetime64[ns]"),
            "cash": c.to_numpy(),
            "net_cash_flow": flow.to_numpy(),
            "avg_net_cash_flow": avg.to_numpy(),
            "monthly_net_burn": burn.to_numpy(),
            "runway_months": run,
            "note": pd.Series(notes, dtype=object),
        }
    )


@dataclass(frozen=True)
class BreakEven:
    """Break-even point: ``units`` (fractional), ``units_whole`` (rounded up, the units to
    actually sell), ``revenue`` (currency), ``contribution_margin`` (currency per unit)
    and ``contribution_margin_ratio`` (share of price)."""

    units: float
    units_whole: int
    revenue: float
    contribution_margin: float
    contribution_margin_ratio: float


def break_even(fixed_costs: float, price: float, variable_cost: float) -> BreakEven:
    """Return the sales needed to cover fixed costs (the break-even point).

    Parameters
    ----------
    fixed_costs : float
        Costs that do not change with volume over the period (rent, salaries), currency.
    price : float
        Selling price per unit, net of tax, currency.
    variable_cost : float
        Cost of one more unit (ingredients, packaging, card fees), currency.

    Returns
    -------
    BreakEven

    Raises
    ------
    SmbkitError
        If a value is not a finite number, fixed costs or the variable cost is negative,
        or the price does not exceed the variable cost (every sale then loses money and
        there is no break-even).

    Notes
    -----
    With fixed costs :math:`F`, price :math:`p` and variable cost :math:`v`, the
    contribution margin is :math:`p - v` and

    .. math::

        Q^* = \\frac{F}{p - v}, \\qquad R^* = p\\,Q^* = \\frac{F}{(p - v)/p}.

    Business meaning: the volume below which the business loses money; every unit above
    it adds its contribution margin to profit.

    Examples
    --------
    >>> be = break_even(12_000, 5.0, 2.0)   # $12k rent and wages, $5 loaf, $2 to make
    >>> be.units, be.revenue, round(be.contribution_margin_ratio, 2)
    (4000.0, 20000.0, 0.6)
    """
    func = "break_even"
    fc = _number(func, "fixed_costs", fixed_costs)
    p = _number(func, "price", price)
    v = _number(func, "variable_cost", variable_cost)
    if fc < 0:
        raise SmbkitError(f"{func}: `fixed_costs` must be >= 0, but {fixed_costs!r} was passed")
    if v < 0:
        raise SmbkitError(f"{func}: `variable_cost` must be >= 0, but {variable_cost!r} was passed")
    if p <= v:
        raise SmbkitError(
            f"{func}: price ({p:g}) must exceed variable_cost ({v:g}); each sale loses "
            f"{v - p:g}, so no volume breaks even. Raise the price or cut the unit cost"
        )
    cm = p - v
    units = fc / cm
    return BreakEven(
        units=units,
        units_whole=math.ceil(units - 1e-9),
        revenue=units * p,
        contribution_margin=cm,
        contribution_margin_ratio=cm / p,
    )


def _as_frame(func: str, arg: str, x) -> pd.DataFrame:
    if isinstance(x, pd.DataFrame):
        return x
    if isinstance(x, pd.Series | Mapping):
        return pd.DataFrame([dict(x)])
    raise SmbkitError(
        f"{func}: `{arg}` must be a DataFrame, Series or dict, got {type(x).__name__}"
    )


def gross_profit_bridge(
    previous,
    current,
    *,
    units: str = "units",
    revenue: str = "revenue",
    cost: str = "cogs",
    key: str | None = None,
) -> pd.DataFrame:
    """Split the change in gross profit between two periods into volume, price and cost.

    Parameters
    ----------
    previous, current : DataFrame, Series or dict
        The two periods' units sold, revenue and cost of goods sold: one row per product
        (pass ``key=``), or a single row (a dict or Series works) for the whole business
        (e.g. orders as units, so price is the average order value).
    units, revenue, cost : str
        Column names (revenue and cost in currency, net of tax).
    key : str, optional
        The product column to match rows between the periods.

    Returns
    -------
    DataFrame
        Five rows for a waterfall chart, in order ``previous gross profit``, ``volume``,
        ``price``, ``cost``, ``current gross profit``; columns ``step, kind`` ("total" or
        "effect"), ``amount`` (currency), ``start`` and ``end`` (the bar's ends).
        The three effects sum exactly to the change.

    Raises
    ------
    DataError
        If a column is missing, a value is missing or negative, units are zero (no price
        then), keys repeat, or a product is in only one period.

    Notes
    -----
    With units :math:`q`, price :math:`p = \\text{revenue}/q` and unit cost
    :math:`c = \\text{cost}/q` per product, before (0) and after (1), the effects are
    taken in the order volume, then price, then cost:

    .. math::

        \\text{volume} = \\sum (q_1 - q_0)(p_0 - c_0), \\quad
        \\text{price} = \\sum q_1 (p_1 - p_0), \\quad
        \\text{cost} = -\\sum q_1 (c_1 - c_0),

    which add up to :math:`\\sum q_1(p_1 - c_1) - \\sum q_0(p_0 - c_0)` exactly. Another
    order gives other (equally valid) splits; with several products the volume effect
    includes the shift in product mix. Business meaning: did profit grow because we sold
    more, charged more, or bought cheaper?

    Examples
    --------
    >>> prev = {"units": 1000, "revenue": 5000.0, "cogs": 2000.0}   # $5 price, $2 cost
    >>> cur = {"units": 1100, "revenue": 5830.0, "cogs": 2420.0}    # $5.30 price, $2.20 cost
    >>> gross_profit_bridge(prev, cur)[["step", "amount"]]
                        step  amount
    0  previous gross profit  3000.0
    1                 volume   300.0
    2                  price   330.0
    3                   cost  -220.0
    4   current gross profit  3410.0
    """
    func = "gross_profit_bridge"
    frames = {}
    for arg, x in (("previous", previous), ("current", current)):
        df = _as_frame(func, arg, x)
        roles = {"units": units, "revenue": revenue, "cost": cost}
        if key is not None:
            roles["key"] = key
        require_columns(func, list(df.columns), table=arg, **roles)
        if key is None and len(df) != 1:
            raise DataError(
                f"{func}: `{arg}` has {len(df)} rows; pass key='<product column>' to bridge "
                "several products, or give one row for the whole business"
            )
        if key is not None and df[key].duplicated().any():
            first = df[key][df[key].duplicated()].iloc[0]
            raise DataError(f"{func}: `{arg}` repeats {key} {first!r}; sum it to one row first")
        vals = df[[units, revenue, cost]].apply(pd.to_numeric).astype(float)
        for col in (units, revenue, cost):
            bad = vals[col].isna() | (vals[col] < 0)
            if bad.any():
                i = int(np.argmax(bad.to_numpy()))
                raise DataError(
                    describe_rows(
                        func,
                        f"in `{arg}` have a missing or negative {col!r}",
                        int(bad.sum()),
                        len(df),
                        i,
                        float(vals[col].iloc[i]),
                    )
                )
        zero = vals[units] == 0
        if zero.any():
            i = int(np.argmax(zero.to_numpy()))
            raise DataError(
                describe_rows(
                    func,
                    f"in `{arg}` have zero units, so no price",
                    int(zero.sum()),
                    len(df),
                    i,
                    fix="leave out products not sold in both periods",
                )
            )
        vals.index = df[key].to_numpy() if key is not None else [0]
        frames[arg] = vals
    p0, p1 = frames["previous"], frames["current"]
    only = sorted(set(map(str, p0.index)) ^ set(map(str, p1.index)))
    if only:
        raise DataError(
            f"{func}: {len(only)} product(s) are in only one period (first: {only[0]!r}); "
            "a new or dropped product has no price to compare, so bridge it separately"
        )
    p1 = p1.loc[p0.index]
    q0, q1 = p0[units], p1[units]
    pr0, pr1 = p0[revenue] / q0, p1[revenue] / q1
    c0, c1 = p0[cost] / q0, p1[cost] / q1
    gp0 = float((p0[revenue] - p0[cost]).sum())
    gp1 = float((p1[revenue] - p1[cost]).sum())
    volume = float(((q1 - q0) * (pr0 - c0)).sum())
    price = float((q1 * (pr1 - pr0)).sum())
    cost_effect = float((-q1 * (c1 - c0)).sum())
    amounts = [gp0, volume, price, cost_effect, gp1]
    starts = [0.0, gp0, gp0 + volume, gp0 + volume + price, 0.0]
    ends = [gp0, gp0 + volume, gp0 + volume + price, gp0 + volume + price + cost_effect, gp1]
    return pd.DataFrame(
        {
            "step": ["previous gross profit", "volume", "price", "cost", "current gross profit"],
            "kind": ["total", "effect", "effect", "effect", "total"],
            "amount": amounts,
            "start": starts,
            "end": ends,
        }
    )


# ------------------------------------------------------------ investment appraisal
def _flows(func: str, cash_flows) -> np.ndarray:
    try:
        x = np.asarray(cash_flows, dtype=float)
    except (TypeError, ValueError) as exc:
        raise SmbkitError(
            f"{func}: `cash_flows` must be a sequence of numbers (today's first), got "
            f"{cash_flows!r}"
        ) from exc
    if x.ndim != 1 or len(x) == 0:
        raise SmbkitError(
            f"{func}: `cash_flows` must be a non-empty 1-D sequence (today's flow first), "
            f"got shape {x.shape}"
        )
    if not np.isfinite(x).all():
        i = int(np.argmax(~np.isfinite(x)))
        raise SmbkitError(
            f"{func}: `cash_flows` must be finite numbers, but period {i} is {x[i]!r}"
        )
    return x


def _rate(func: str, arg: str, rate: object) -> float:
    r = _number(func, arg, rate)
    if r <= -1:
        raise SmbkitError(
            f"{func}: `{arg}` must be above -1 (-100 %), but {rate!r} was passed; write 8 % as 0.08"
        )
    return r


def roi(gain: float, cost: float) -> float:
    """Return the return on investment: what an investment earned per unit it cost.

    Parameters
    ----------
    gain : float
        Everything the investment brought in or saved over the period judged (currency).
    cost : float
        Everything it cost over the same period (currency, >= 0).

    Returns
    -------
    float
        ROI as a fraction (0.5 = 50 %: every dollar spent came back with 50 cents more).
        NaN when ``cost`` is 0: a free investment has no return *per dollar*.

    Raises
    ------
    SmbkitError
        If a value is not a finite number or ``cost`` is negative.

    See Also
    --------
    npv : the same comparison with the timing of money taken into account.

    Notes
    -----
    .. math::

        \\text{ROI} = \\frac{\\text{gain} - \\text{cost}}{\\text{cost}}.

    ROI ignores *when* the money comes: 10,000 saved in year three counts as much as
    10,000 saved today, and it says nothing about the period. Always state the horizon
    ("ROI over 3 years"), and use :func:`npv` and :func:`payback_period` alongside.

    Examples
    --------
    >>> roi(15_000, 10_000)
    0.5
    >>> roi(8_000, 10_000)      # lost a fifth of the money
    -0.2
    """
    func = "roi"
    g = _number(func, "gain", gain)
    c = _number(func, "cost", cost)
    if c < 0:
        raise SmbkitError(f"{func}: `cost` must be >= 0, but {cost!r} was passed")
    if c == 0:
        return math.nan
    return (g - c) / c


def npv(rate: float, cash_flows) -> float:
    """Return the net present value of a series of cash flows.

    Parameters
    ----------
    rate : float
        Discount rate per period (0.08 = 8 % per period; for monthly flows use a monthly
        rate such as :math:`1.08^{1/12} - 1`). Must be above -1.
    cash_flows : sequence of float
        One flow per period, **today's first** (period 0, not discounted): usually a
        negative investment followed by the savings or income of each later period.

    Returns
    -------
    float
        The value today of all the flows (currency).

    Raises
    ------
    SmbkitError
        If ``rate <= -1`` or a flow is not a finite number.

    See Also
    --------
    irr, payback_period

    Notes
    -----
    .. math::

        \\text{NPV} = \\sum_{t=0}^{T} \\frac{CF_t}{(1 + r)^t}.

    This is the convention of most finance textbooks and of numpy-financial's ``npv``;
    Excel's ``NPV`` discounts its first value by one period, so
    ``=NPV(r, a, b, c)`` equals ``npv(r, [0, a, b, c])``. Business meaning: a positive
    NPV means the investment beats leaving the money where it earns ``rate``.

    Examples
    --------
    >>> round(npv(0.10, [-1_000, 500, 500, 500]), 2)     # 1,243.43 of value for 1,000
    243.43
    >>> npv(0.0, [-1_000, 500, 500, 500])                # no discounting: plain sum
    500.0
    """
    func = "npv"
    r = _rate(func, "rate", rate)
    flows = _flows(func, cash_flows)
    t = np.arange(len(flows))
    return float(np.sum(flows / (1.0 + r) ** t))


def _scaled_npv(coefficients: np.ndarray):
    """The NPV as a polynomial in x = 1/(1 + r), divided by max(1, x)**degree.

    The division keeps every power of x at most 1, so no value overflows for any x > 0;
    it is positive, so it changes neither the sign nor the zeros.
    """
    powers = np.arange(len(coefficients))
    degree = len(coefficients) - 1

    def h(x: float) -> float:
        with np.errstate(over="ignore", under="ignore"):
            if x <= 1.0:
                return float(np.dot(coefficients, x**powers))
            return float(np.dot(coefficients, x ** (powers - degree)))

    return h


def _sign_changes(flows: np.ndarray) -> int:
    signs = np.sign(flows[flows != 0])
    return int(np.count_nonzero(signs[1:] != signs[:-1]))


def _one_root(h, first: float, last: float) -> float:
    """The single positive root of h when its coefficients change sign once (Descartes)."""
    from scipy.optimize import brentq

    at_one = h(1.0)
    if at_one == 0:
        return 1.0
    if np.sign(at_one) == np.sign(first):  # h has the sign of `first` near 0: root above 1
        lo, hi = 1.0, 2.0
        while np.sign(h(hi)) != np.sign(last):
            lo, hi = hi, 2.0 * hi
    else:
        lo, hi = 0.5, 1.0
        while np.sign(h(lo)) != np.sign(first):
            lo, hi = 0.5 * lo, lo
    return float(brentq(h, lo, hi, xtol=1e-300, rtol=4 * np.finfo(float).eps))


def _all_roots(h, coefficients: np.ndarray) -> list[float]:
    """Every positive root of h: the polynomial's eigenvalue roots, checked and polished,
    and every sign change on a fine grid (which catches what the eigenvalues blur)."""
    from scipy.optimize import brentq

    found = []
    grid = np.geomspace(1e-6, 1e6, 4001)
    powers = np.arange(len(coefficients))
    exponents = np.where(grid[:, None] <= 1.0, powers, powers - powers[-1])  # as in h
    with np.errstate(over="ignore", under="ignore"):
        values = (grid[:, None] ** exponents) @ coefficients
    for i in np.flatnonzero(values == 0):
        found.append(float(grid[i]))
    for i in np.flatnonzero(values[:-1] * values[1:] < 0):
        found.append(float(brentq(h, grid[i], grid[i + 1], xtol=1e-300)))
    size = _scaled_npv(np.abs(coefficients))  # the scale of h at x, for "is it zero"
    for z in np.roots(coefficients[::-1]):
        x = float(z.real)
        if x <= 0 or abs(z.imag) > 1e-3 * abs(z):
            continue
        for width in (1e-9, 1e-7, 1e-5, 1e-3):
            lo, hi = x * (1 - width), x * (1 + width)
            if h(lo) * h(hi) < 0:
                found.append(float(brentq(h, lo, hi, xtol=1e-300)))
                break
        else:
            if abs(h(x)) <= 1e-12 * size(x):  # touches zero without crossing: a double root
                found.append(x)
    roots: list[float] = []
    for x in sorted(found):
        if roots:  # the same root found twice, or a multiple root blurred by rounding
            mid = 0.5 * (roots[-1] + x)
            if x - roots[-1] <= 1e-7 * x or abs(h(mid)) <= 1e-12 * size(mid):
                continue
        roots.append(x)
    return roots


def _irrs(flows: np.ndarray) -> list[float]:
    """Every rate above -100 % at which the NPV of ``flows`` is zero, ascending."""
    nonzero = np.flatnonzero(flows)
    if _sign_changes(flows) == 0:
        return []
    coefficients = flows[nonzero[0] : nonzero[-1] + 1]  # zero ends move no root x > 0
    h = _scaled_npv(coefficients)
    if _sign_changes(flows) == 1:
        xs = [_one_root(h, coefficients[0], coefficients[-1])]
    else:
        xs = _all_roots(h, coefficients)
    return sorted(1.0 / x - 1.0 for x in xs)


def _percentages(rates: list[float]) -> list[str]:
    """Rates as percentages with just enough decimals to tell them apart."""
    for digits in range(1, 7):
        texts = [f"{100 * r:,.{digits}f} %" for r in rates]
        if len(set(texts)) == len(texts):
            break
    return texts


def irr(cash_flows) -> float:
    """Return the internal rate of return: the discount rate at which the NPV is zero.

    Parameters
    ----------
    cash_flows : sequence of float
        One flow per period, today's first (as in :func:`npv`).

    Returns
    -------
    float
        The rate per period (monthly flows give a monthly rate; a yearly one is
        :math:`(1 + r)^{12} - 1`). NaN when no rate above -100 % makes the NPV zero
        (e.g. the flows never change sign: an investment that never pays anything back).

    Raises
    ------
    SmbkitError
        If a flow is not a finite number, or if several rates make the NPV zero (possible
        only when the flows change sign more than once); the message lists them all.

    See Also
    --------
    npv : the value at your own cost of capital, which is always defined.
    mirr : one rate of return for any flows, with stated finance and reinvestment rates.

    Notes
    -----
    Solves :math:`\\sum_t CF_t (1 + r)^{-t} = 0` for :math:`r > -1`. With
    :math:`x = 1/(1 + r)` this is the polynomial :math:`\\sum_t CF_t\\, x^t = 0`, and each
    positive root :math:`x` is one IRR. By Descartes' rule of signs the number of positive
    roots is at most the number of sign changes in the flows (and has the same parity):

    - no sign change: no IRR (NaN);
    - one sign change, the usual "pay now, earn later" or a loan: exactly one IRR, found by
      bracketing the root and refining it with :func:`scipy.optimize.brentq`;
    - more (e.g. a refit or a clean-up cost at the end): there may be none, one or several.
      Every root is looked for, from the polynomial's eigenvalues (:func:`numpy.roots`),
      each checked and polished by ``brentq``, and from the sign changes on a fine grid.

    With several roots no single one is the project's return: ``[-100, 230, -132]`` has
    IRRs of 10 % and 20 %, and returning "the one nearest zero" would make a project that
    earns more than a 12 % cost of capital look as if it earned 10 %, or a loss where a root
    is negative. So ``irr`` refuses, lists the rates and points to :func:`npv` at the cost
    of capital or :func:`mirr`, rather than picking one. Business meaning: the investment's
    own rate of return; worth doing when it beats the cost of the money (the discount rate).

    Examples
    --------
    >>> round(irr([-1_000, 500, 500, 500]), 4)
    0.2338
    >>> irr([-1_000, -100])          # nothing ever comes back
    nan
    >>> irr([-100, 230, -132])       # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    smbkit._errors.SmbkitError: irr: these cash flows change sign 2 times and have 2 internal rates of return, 10.0 % and 20.0 %; ...
    """
    func = "irr"
    flows = _flows(func, cash_flows)
    rates = _irrs(flows)
    if not rates:
        return math.nan
    if len(rates) == 1:
        return rates[0]
    texts = _percentages(rates)
    listed = ", ".join(texts[:-1]) + " and " + texts[-1]
    raise SmbkitError(
        f"{func}: these cash flows change sign {_sign_changes(flows)} times and have "
        f"{len(rates)} internal rates of return, {listed}; the NPV is zero at each, so no "
        "single one is the investment's return. Judge it by npv(rate, cash_flows) at your "
        "cost of capital (positive: worth doing), or by mirr(cash_flows, finance_rate, "
        "reinvest_rate), which gives one rate."
    )


def mirr(cash_flows, finance_rate: float, reinvest_rate: float) -> float:
    """Return the modified internal rate of return: one rate for any pattern of flows.

    Parameters
    ----------
    cash_flows : sequence of float
        One flow per period, today's first (as in :func:`npv`); at least two.
    finance_rate : float
        Rate per period at which the money paid out is financed (the cost of borrowing or
        of capital); above -1.
    reinvest_rate : float
        Rate per period the money received earns when reinvested; above -1.

    Returns
    -------
    float
        The rate per period. NaN when the flows are not both paid and received (there is
        then no investment to earn a return on, or nothing comes back to compare).

    Raises
    ------
    SmbkitError
        If a flow or rate is not a finite number, a rate is at or below -1, or there is
        only one flow.

    See Also
    --------
    irr, npv

    Notes
    -----
    With :math:`N` the last period, the outflows discounted to today at the finance rate
    :math:`f`, and the inflows compounded to period :math:`N` at the reinvestment rate
    :math:`r`,

    .. math::

        \\text{MIRR} = \\left(\\frac{\\sum_{CF_t > 0} CF_t (1 + r)^{N - t}}
        {-\\sum_{CF_t < 0} CF_t (1 + f)^{-t}}\\right)^{1/N} - 1,

    the same definition as Excel's ``MIRR`` and numpy-financial's ``mirr``. Unlike the
    IRR it always has one value, and it does not assume the money received is reinvested
    at the IRR itself. Business meaning: the yearly (or monthly) growth rate that turns
    what the project costs into what it brings in, given what money costs and earns.

    Examples
    --------
    Microsoft's worked example for Excel's ``MIRR``: 120,000 invested, five years of income,
    financed at 10 %, income reinvested at 12 %:

    >>> round(mirr([-120_000, 39_000, 30_000, 21_000, 37_000, 46_000], 0.10, 0.12), 4)
    0.1261

    Flows with two IRRs (10 % and 20 %, see :func:`irr`) have one MIRR; at a 12 % cost of
    capital it is just above 12 %, as the NPV at 12 % is just above zero:

    >>> round(mirr([-100, 230, -132], 0.12, 0.12), 4), round(npv(0.12, [-100, 230, -132]), 2)
    (0.1203, 0.13)
    """
    func = "mirr"
    flows = _flows(func, cash_flows)
    f = _rate(func, "finance_rate", finance_rate)
    r = _rate(func, "reinvest_rate", reinvest_rate)
    if len(flows) < 2:
        raise SmbkitError(
            f"{func}: `cash_flows` needs at least two periods (today's flow and a later "
            f"one), got {len(flows)}"
        )
    if not ((flows > 0).any() and (flows < 0).any()):
        return math.nan
    last = len(flows) - 1
    t = np.arange(len(flows))
    gained = float(np.sum(np.where(flows > 0, flows, 0.0) * (1.0 + r) ** (last - t)))
    paid = -float(np.sum(np.where(flows < 0, flows, 0.0) / (1.0 + f) ** t))
    return (gained / paid) ** (1.0 / last) - 1.0


def payback_period(cash_flows, *, rate: float | None = None) -> float:
    """Return how many periods it takes for the cumulative cash flow to turn non-negative.

    Parameters
    ----------
    cash_flows : sequence of float
        One flow per period, today's first (as in :func:`npv`): the investment (negative)
        and then each period's net saving or income, which may be uneven.
    rate : float, optional
        Discount rate per period: the flows are discounted first (the *discounted*
        payback period, always at least as long).

    Returns
    -------
    float
        Periods (months for monthly flows) until the investment is paid back, counting
        the flow of a period as arriving evenly through it, so 2.5 means halfway through
        the third period. 0.0 when the first flow is not negative; NaN when the
        cumulative flow never turns non-negative within the flows given (it may later:
        extend the horizon).

    Raises
    ------
    SmbkitError
        If a flow is not a finite number or ``rate <= -1``.

    Notes
    -----
    With cumulative flow :math:`C_t = \\sum_{s \\le t} CF_s` and :math:`k` the first period
    with :math:`C_k \\ge 0`,

    .. math::

        \\text{payback} = (k - 1) + \\frac{-C_{k-1}}{CF_k}.

    Payback ignores everything after the break-even point, so rank investments by NPV
    and use payback as a risk check (how long is the money at stake?).

    Examples
    --------
    >>> payback_period([-1_000, 300, 400, 500, 600])     # 700 back after 2 periods
    2.6
    >>> round(payback_period([-1_000, 300, 400, 500, 600], rate=0.10), 2)
    3.05
    """
    func = "payback_period"
    flows = _flows(func, cash_flows)
    if rate is not None:
        r = _rate(func, "rate", rate)
        flows = flows / (1.0 + r) ** np.arange(len(flows))
    cumulative = np.cumsum(flows)
    if cumulative[0] >= 0:
        return 0.0
    after = np.flatnonzero(cumulative >= 0)
    if len(after) == 0:
        return math.nan
    k = int(after[0])
    return float(k - 1 + (-cumulative[k - 1]) / flows[k])


@dataclass(frozen=True)
class AutomationCase:
    """The economics of an automation investment, from :func:`automation_case`.

    Attributes
    ----------
    cash_flows : DataFrame
        One row per month ``0..months``: ``month, adoption`` (share of the full saving
        reached), ``saving, cost, cash_flow`` (saving - cost), ``cumulative``,
        ``present_value`` (the flow discounted to today) and
        ``cumulative_present_value``. Month 0 holds the investment.
    investment, monthly_saving, monthly_cost : float
        The inputs (currency).
    months, ramp_months : int
        Horizon and ramp-up of adoption, in months.
    annual_discount_rate, monthly_rate : float
        The discount rate per year and the equivalent rate per month,
        :math:`(1 + r)^{1/12} - 1`.
    total_saving, total_cost : float
        Sums over the horizon (cost includes the investment).
    roi : float
        :func:`roi` of the total saving against the total cost, over the horizon.
    payback_months, discounted_payback_months : float
        :func:`payback_period` of the monthly flows, undiscounted and discounted (NaN,
        with a note, when not within the horizon).
    npv : float
        :func:`npv` of the monthly flows at the monthly rate.
    irr_annual : float
        :func:`irr` of the monthly flows as a yearly rate (NaN, with a note, when none).
    note : str
        Why a number is NaN ("" when none is).
    """

    cash_flows: pd.DataFrame = field(repr=False)
    investment: float
    monthly_saving: float
    monthly_cost: float
    months: int
    ramp_months: int
    annual_discount_rate: float
    monthly_rate: float
    total_saving: float
    total_cost: float
    roi: float
    payback_months: float
    discounted_payback_months: float
    npv: float
    irr_annual: float
    note: str


def automation_case(
    investment: float,
    monthly_saving: float,
    *,
    months: int = 36,
    ramp_months: int = 0,
    annual_discount_rate: float = 0.08,
    monthly_cost: float = 0.0,
) -> AutomationCase:
    """Return ROI, payback, NPV and IRR of an investment that saves money every month.

    Parameters
    ----------
    investment : float
        Up-front cost in month 0 (set-up, integration, training), currency, >= 0.
    monthly_saving : float
        The saving per month once fully adopted (e.g. staff hours saved x wage), >= 0.
    months : int, default 36
        Horizon: months of savings counted (1-600).
    ramp_months : int, default 0
        Months until the saving is fully reached: adoption rises in a straight line,
        ``min(1, t / ramp_months)`` in month ``t`` (0 = full saving from month 1).
    annual_discount_rate : float, default 0.08
        What the money could earn elsewhere, per year (0.08 = 8 %).
    monthly_cost : float, default 0.0
        Running cost per month from month 1 (a subscription, maintenance), >= 0.

    Returns
    -------
    AutomationCase
        The monthly cash-flow table and ``roi``, ``payback_months``,
        ``discounted_payback_months``, ``npv``, ``irr_annual`` with a ``note``.

    Raises
    ------
    SmbkitError
        If a value is not a finite number, a money input is negative, ``months`` is not
        a whole number in 1-600, ``ramp_months`` not a whole number >= 0 or the discount
        rate is not above -1.

    See Also
    --------
    roi, payback_period, npv, irr

    Notes
    -----
    Month :math:`t \\ge 1` brings :math:`CF_t = a_t S - m` with adoption
    :math:`a_t = \\min(1, t/R)`, saving :math:`S` and running cost :math:`m`;
    :math:`CF_0 = -I`. With the monthly rate :math:`i = (1 + r)^{1/12} - 1`,

    .. math::

        \\text{NPV} = \\sum_{t=0}^{T} \\frac{CF_t}{(1 + i)^t}, \\qquad
        \\text{ROI} = \\frac{\\sum_t a_t S - (I + T m)}{I + T m}.

    Business meaning: a pilot measures :math:`S`; the ramp, the horizon and the discount
    rate are judgement calls, so look at how the answer moves with them (the
    :func:`smbkit.widgets.automation_roi` what-if does exactly that).

    Examples
    --------
    >>> case = automation_case(12_000, 1_000, months=36, ramp_months=0,
    ...                        annual_discount_rate=0.0)
    >>> case.payback_months, case.roi, case.npv
    (12.0, 2.0, 24000.0)
    >>> slow = automation_case(12_000, 1_000, ramp_months=6)
    >>> round(slow.payback_months, 1), round(slow.npv)
    (14.5, 17580)
    """
    func = "automation_case"
    inv = _number(func, "investment", investment)
    saving = _number(func, "monthly_saving", monthly_saving)
    running = _number(func, "monthly_cost", monthly_cost)
    for arg, v, raw in (
        ("investment", inv, investment),
        ("monthly_saving", saving, monthly_saving),
        ("monthly_cost", running, monthly_cost),
    ):
        if v < 0:
            raise SmbkitError(f"{func}: `{arg}` must be >= 0, but {raw!r} was passed")
    if (
        isinstance(months, bool)
        or int(_number(func, "months", months)) != months
        or not (1 <= months <= 600)
    ):
        raise SmbkitError(
            f"{func}: `months` must be a whole number of months from 1 to 600, got {months!r}"
        )
    if (
        isinstance(ramp_months, bool)
        or int(_number(func, "ramp_months", ramp_months)) != ramp_months
        or ramp_months < 0
    ):
        raise SmbkitError(f"{func}: `ramp_months` must be a whole number >= 0, got {ramp_months!r}")
    annual = _rate(func, "annual_discount_rate", annual_discount_rate)
    months, ramp_months = int(months), int(ramp_months)
    monthly = (1.0 + annual) ** (1 / 12) - 1.0
    t = np.arange(months + 1)
    adoption = np.where(t == 0, 0.0, np.minimum(1.0, t / ramp_months) if ramp_months else 1.0)
    savings = adoption * saving
    costs = np.where(t == 0, inv, running)
    flow = savings - costs
    pv = flow / (1.0 + monthly) ** t
    table = pd.DataFrame(
        {
            "month": t,
            "adoption": adoption,
            "saving": savings,
            "cost": costs,
            "cash_flow": flow,
            "cumulative": np.cumsum(flow),
            "present_value": pv,
            "cumulative_present_value": np.cumsum(pv),
        }
    )
    total_saving, total_cost = float(savings.sum()), float(costs.sum())
    notes = []
    ratio = roi(total_saving, total_cost)
    if math.isnan(ratio):
        notes.append("ROI is undefined: nothing was spent")
    payback = payback_period(flow)
    discounted = payback_period(flow, rate=monthly)
    if math.isnan(payback):
        notes.append(f"it does not pay back within {months} months")
    elif math.isnan(discounted):
        notes.append(f"it does not pay back within {months} months once discounted")
    monthly_irr = irr(flow)
    irr_annual = math.nan
    if math.isnan(monthly_irr):
        notes.append("IRR is undefined: no discount rate makes the NPV zero")
    else:
        try:
            irr_annual = (1.0 + monthly_irr) ** 12 - 1.0
        except OverflowError:  # e.g. a near-free investment: the rate has no meaning
            notes.append("IRR is too large to state: the investment is tiny next to its return")
    return AutomationCase(
        cash_flows=table,
        investment=inv,
        monthly_saving=saving,
        monthly_cost=running,
        months=months,
        ramp_months=ramp_months,
        annual_discount_rate=annual,
        monthly_rate=monthly,
        total_saving=total_saving,
        total_cost=total_cost,
        roi=ratio,
        payback_months=payback,
        discounted_payback_months=discounted,
        npv=float(pv.sum()),
        irr_annual=irr_annual,
        note="; ".join(notes),
    )
