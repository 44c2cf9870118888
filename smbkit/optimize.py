"""Prescriptive analytics: from "what happened" to "what should we do".

Four small optimisation models a small business can act on:

- **price**: :func:`price_elasticity` estimates the price elasticity of demand from a
  log-log regression, :func:`optimal_price` gives the profit-maximising price under
  constant-elasticity demand, :func:`price_profit` the profit at any price;
- **marketing mix**: :func:`fit_response` fits a saturating (Hill) response curve to spend
  and response, :func:`allocate_budget` splits a budget across channels to maximise the
  total response;
- **inventory**: :func:`eoq` (economic order quantity) and :func:`reorder_point` (reorder
  point and safety stock, with demand and lead-time variability);
- **resources**: :func:`product_mix` solves a small linear program (which products to make
  with limited oven hours, labour, ...), with the shadow price of each resource.

statsmodels and scipy.optimize are imported inside the functions that need them.

>>> from smbkit import optimize as opt
>>> round(opt.eoq(annual_demand=1000, order_cost=10, holding_cost=0.5), 6)
200.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import require_columns

__all__ = [
    "Elasticity",
    "ProductMix",
    "ReorderPoint",
    "ResponseCurve",
    "allocate_budget",
    "eoq",
    "fit_response",
    "hill",
    "optimal_price",
    "price_elasticity",
    "price_profit",
    "budget_for_response",
    "price_for_profit",
    "product_mix",
    "reorder_point",
]


def _positive(func: str, **values: float) -> None:
    for name, v in values.items():
        if not isinstance(v, (int, float, np.integer, np.floating)) or not v > 0:
            raise SmbkitError(
                f"{func}: `{name}` must be a positive number, but {v!r} was passed. "
                "Give it in the units the docstring names (e.g. USD, days, units a year)."
            )


def _non_negative(func: str, **values: float) -> None:
    for name, v in values.items():
        if not isinstance(v, (int, float, np.integer, np.floating)) or not v >= 0:
            raise SmbkitError(
                f"{func}: `{name}` must be zero or a positive number, but {v!r} was passed."
            )


# ---------------------------------------------------------------------------------------
# price


@dataclass(frozen=True)
class Elasticity:
    """A price elasticity of demand estimated by :func:`price_elasticity`.

    Attributes
    ----------
    elasticity : float
        % change in quantity for a 1 % change in price (negative for normal goods).
    lower, upper : float
        Confidence interval of the elasticity at ``level``.
    level : float
        Confidence level of the interval.
    intercept : float
        Log of the quantity at a price of 1 (the constant of the log-log line).
    r_squared : float
        Share of the variation in log quantity explained by log price.
    n : int
        Number of observations used.
    """

    elasticity: float
    lower: float
    upper: float
    level: float
    intercept: float
    r_squared: float
    n: int

    def quantity(self, price):
        """Quantity the fitted demand curve predicts at ``price``."""
        return np.exp(self.intercept) * np.asarray(price, dtype=float) ** self.elasticity


def price_elasticity(
    data: pd.DataFrame, *, price: str = "price", quantity: str = "quantity", level: float = 0.95
) -> Elasticity:
    r"""Estimate the price elasticity of demand with a log-log regression.

    Fits :math:`\ln q = a + e \ln p + \varepsilon` by ordinary least squares
    (statsmodels); the slope :math:`e` is the elasticity: a 1 % higher price changes the
    quantity by about :math:`e` %. The interval is the usual t-based confidence interval of
    the slope. Prices must vary (and not only together with other causes, such as the
    season) for the estimate to mean anything.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation (e.g. a store-week) with a price and a quantity sold.
    price, quantity : str
        Column names (keyword-only). Both must be positive.
    level : float
        Confidence level of the interval, between 0 and 1.

    Returns
    -------
    Elasticity

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.Series([4.0, 4.5, 5.0, 5.5, 6.0])
    >>> df = pd.DataFrame({"price": p, "quantity": 1000 * p**-2.0})
    >>> round(price_elasticity(df).elasticity, 6)
    -2.0
    """
    func = "price_elasticity"
    require_columns(func, list(data.columns), price=price, quantity=quantity)
    if not 0 < level < 1:
        raise SmbkitError(f"{func}: `level` must be between 0 and 1, but {level!r} was passed.")
    p = pd.to_numeric(data[price], errors="coerce").to_numpy(dtype=float)
    q = pd.to_numeric(data[quantity], errors="coerce").to_numpy(dtype=float)
    keep = np.isfinite(p) & np.isfinite(q)
    p, q = p[keep], q[keep]
    if (p <= 0).any() or (q <= 0).any():
        raise DataError(
            f"{func}: `{price}` and `{quantity}` must be positive to take logs; drop the rows "
            "with zero or negative values (e.g. weeks with no sales) first."
        )
    if len(p) < 3 or np.ptp(np.log(p)) == 0:
        raise DataError(
            f"{func}: need at least 3 rows with at least two different prices in `{price}`, "
            f"got {len(p)} rows and {len(np.unique(p))} price(s). Without price variation the "
            "elasticity cannot be estimated."
        )
    import statsmodels.api as sm

    X = sm.add_constant(np.log(p))
    res = sm.OLS(np.log(q), X).fit()
    lo, hi = res.conf_int(alpha=1 - level)[1]
    r2 = float(res.rsquared) if np.ptp(np.log(q)) > 0 else float("nan")
    return Elasticity(
        elasticity=float(res.params[1]),
        lower=float(lo),
        upper=float(hi),
        level=float(level),
        intercept=float(res.params[0]),
        r_squared=r2,
        n=int(len(p)),
    )


def optimal_price(*, unit_cost: float, elasticity: float) -> float:
    r"""Profit-maximising price under constant-elasticity demand.

    With demand :math:`q = A p^{e}` and a constant unit cost :math:`c`, profit
    :math:`(p - c)\,q` is largest at

    .. math:: p^* = c \, \frac{e}{1 + e}, \qquad e < -1,

    the mark-up rule of microeconomics (e.g. Varian, *Intermediate Microeconomics*, ch. on
    monopoly: :math:`p(1 + 1/e) = c`). When demand is inelastic (:math:`e \ge -1`) raising
    the price always raises profit in this model, so there is no finite optimum and the
    function raises: the model is outside its range, not the business.

    Parameters
    ----------
    unit_cost : float
        Variable cost of one unit (currency), positive.
    elasticity : float
        Price elasticity of demand, below -1.

    Returns
    -------
    float
        The price (same currency as ``unit_cost``).

    Examples
    --------
    >>> optimal_price(unit_cost=2.0, elasticity=-3.0)
    3.0
    """
    func = "optimal_price"
    _positive(func, unit_cost=unit_cost)
    if not isinstance(elasticity, (int, float, np.floating)) or not math.isfinite(elasticity):
        raise SmbkitError(f"{func}: `elasticity` must be a number, not {elasticity!r}.")
    if elasticity >= -1:
        raise SmbkitError(
            f"{func}: `elasticity` must be below -1 (elastic demand), but {elasticity!r} was "
            "passed. With inelastic demand a higher price always raises profit in the "
            "constant-elasticity model, so it has no best price: test a price rise instead."
        )
    return float(unit_cost * elasticity / (1 + elasticity))


def price_profit(
    price, *, unit_cost: float, elasticity: float, base_price: float, base_quantity: float
):
    r"""Profit at ``price`` with constant-elasticity demand through a known point.

    .. math:: q(p) = q_0 (p / p_0)^{e}, \qquad \text{profit}(p) = (p - c)\, q(p)

    Parameters
    ----------
    price : float or array-like
        Price(s) to evaluate.
    unit_cost, elasticity, base_price, base_quantity : float
        Unit cost :math:`c`, elasticity :math:`e`, and today's price :math:`p_0` and
        quantity :math:`q_0` (keyword-only).

    Returns
    -------
    float or numpy.ndarray
        Profit (same shape as ``price``; a float for a single price).

    Examples
    --------
    >>> price_profit(5.0, unit_cost=2.0, elasticity=-2.0, base_price=5.0, base_quantity=100)
    300.0
    """
    func = "price_profit"
    _positive(func, base_price=base_price, base_quantity=base_quantity)
    _non_negative(func, unit_cost=unit_cost)
    p = np.asarray(price, dtype=float)
    if (p <= 0).any():
        raise SmbkitError(f"{func}: every `price` must be positive, got {price!r}.")
    out = (p - unit_cost) * base_quantity * (p / base_price) ** elasticity
    return float(out) if out.ndim == 0 else out


def price_for_profit(
    target: float,
    *,
    unit_cost: float,
    elasticity: float,
    base_price: float,
    base_quantity: float,
) -> tuple[float, float]:
    r"""Goal-seek: the lowest and highest price that give a target profit.

    Profit :func:`price_profit` rises up to :func:`optimal_price` and falls after it, so a
    reachable target is met at one price on each side of the optimum (found with
    ``scipy.optimize.brentq``). An unreachable target gives ``(nan, nan)``: no price earns
    that much in this model.

    Returns
    -------
    tuple of float
        ``(low, high)`` prices.

    Examples
    --------
    >>> kw = dict(unit_cost=2.0, elasticity=-3.0, base_price=3.0, base_quantity=100)
    >>> lo, hi = price_for_profit(90.0, **kw)
    >>> round(price_profit(lo, **kw), 6), round(price_profit(hi, **kw), 6), lo < 3.0 < hi
    (90.0, 90.0, True)
    """
    func = "price_for_profit"
    best = optimal_price(unit_cost=unit_cost, elasticity=elasticity)
    kw = {
        "unit_cost": unit_cost,
        "elasticity": elasticity,
        "base_price": base_price,
        "base_quantity": base_quantity,
    }
    top = price_profit(best, **kw)
    _positive(func, target=target)
    if target > top:
        return (float("nan"), float("nan"))
    from scipy.optimize import brentq

    def gap(p):
        return price_profit(p, **kw) - target

    low = float(brentq(gap, unit_cost, best, xtol=1e-12)) if target < top else best
    hi_end = best * 2
    while gap(hi_end) > 0:
        hi_end *= 2
    high = float(brentq(gap, best, hi_end, xtol=1e-12)) if target < top else best
    return (low, high)


# ---------------------------------------------------------------------------------------
# marketing mix


def hill(spend, *, top: float, half: float, shape: float = 1.0):
    r"""Saturating (Hill) response to spend.

    .. math:: r(x) = \text{top} \cdot \frac{x^{s}}{x^{s} + \text{half}^{s}}

    ``top`` is the most the channel can ever deliver, ``half`` the spend that gets half of
    it and ``shape`` :math:`s` how sharp the bend is. For :math:`s \le 1` every extra
    dollar brings less than the one before (**diminishing returns** from the first dollar).

    Examples
    --------
    >>> hill(100.0, top=50.0, half=100.0)
    25.0
    """
    x = np.clip(np.asarray(spend, dtype=float), 0, None)
    out = top * x**shape / (x**shape + half**shape)
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class ResponseCurve:
    """A fitted :func:`hill` curve for one channel (see :func:`fit_response`).

    Attributes
    ----------
    top, half, shape : float
        The Hill parameters.
    r_squared : float
        Share of the variation in the response the curve explains.
    n : int
        Number of observations fitted.
    """

    top: float
    half: float
    shape: float
    r_squared: float
    n: int

    def predict(self, spend):
        """Response at ``spend``."""
        return hill(spend, top=self.top, half=self.half, shape=self.shape)

    def marginal(self, spend):
        """Extra response from one more unit of spend (the slope of the curve)."""
        x = np.clip(np.asarray(spend, dtype=float), 1e-12, None)
        s, h = self.shape, self.half
        out = self.top * s * h**s * x ** (s - 1) / (x**s + h**s) ** 2
        return float(out) if out.ndim == 0 else out


def fit_response(
    data: pd.DataFrame,
    *,
    spend: str = "spend",
    response: str = "response",
    shape: float | None = 1.0,
) -> ResponseCurve:
    r"""Fit a saturating :func:`hill` response curve by non-linear least squares.

    Uses ``scipy.optimize.curve_fit``. With ``shape=1.0`` (the default) the curve is
    concave from the first dollar; ``shape=None`` also fits the shape (an S-curve when it
    comes out above 1), which needs spend levels on both sides of the bend.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per period (e.g. a week) and channel, with spend and response.
    spend, response : str
        Column names (keyword-only).
    shape : float or None
        Fixed shape, or ``None`` to estimate it.

    Returns
    -------
    ResponseCurve

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> x = np.linspace(10, 400, 20)
    >>> df = pd.DataFrame({"spend": x, "response": hill(x, top=90.0, half=120.0)})
    >>> c = fit_response(df)
    >>> round(c.top, 3), round(c.half, 3)
    (90.0, 120.0)
    """
    func = "fit_response"
    require_columns(func, list(data.columns), spend=spend, response=response)
    if shape is not None:
        _positive(func, shape=shape)
    x = pd.to_numeric(data[spend], errors="coerce").to_numpy(dtype=float)
    y = pd.to_numeric(data[response], errors="coerce").to_numpy(dtype=float)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if (x < 0).any():
        raise DataError(f"{func}: `{spend}` has negative values; spend cannot be negative.")
    n_par = 2 if shape is not None else 3
    if len(np.unique(x)) < n_par + 1:
        raise DataError(
            f"{func}: need at least {n_par + 1} different spend levels in `{spend}` to fit "
            f"the curve, got {len(np.unique(x))}. Vary the spend (a test-and-learn plan)."
        )
    from scipy.optimize import curve_fit

    top0 = max(float(y.max()) * 1.5, 1e-9)
    half0 = max(float(np.median(x[x > 0])) if (x > 0).any() else 1.0, 1e-9)
    big = max(float(x.max()) * 1000, 1.0)
    if shape is None:

        def f(v, t, h, s):
            return hill(v, top=t, half=h, shape=s)

        p0, bounds = [top0, half0, 1.0], ([0, 1e-9, 0.2], [np.inf, big, 5.0])
    else:

        def f(v, t, h):
            return hill(v, top=t, half=h, shape=shape)

        p0, bounds = [top0, half0], ([0, 1e-9], [np.inf, big])
    params, _ = curve_fit(f, x, y, p0=p0, bounds=bounds, maxfev=20000)
    fitted = f(x, *params)
    ss_tot = float(((y - y.mean()) ** 2).sum())
    r2 = 1 - float(((y - fitted) ** 2).sum()) / ss_tot if ss_tot > 0 else float("nan")
    s = float(params[2]) if shape is None else float(shape)
    return ResponseCurve(float(params[0]), float(params[1]), s, r2, int(len(x)))


def allocate_budget(
    curves: Mapping[str, ResponseCurve],
    *,
    budget: float,
    minimum: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    r"""Split a budget across channels to maximise the total response.

    Solves :math:`\max \sum_i r_i(x_i)` subject to :math:`\sum_i x_i = B`,
    :math:`x_i \ge m_i`, with ``scipy.optimize.minimize`` (SLSQP). At an interior optimum
    every channel has the same **marginal return** :math:`r_i'(x_i)` (the Karush-Kuhn-Tucker
    condition): otherwise moving a dollar from the lower to the higher one would add
    response. The table shows it so it can be checked.

    Parameters
    ----------
    curves : mapping of str to ResponseCurve
        One fitted curve per channel.
    budget : float
        Total spend to allocate (keyword-only), positive.
    minimum : mapping of str to float, optional
        Smallest spend per channel (default 0).

    Returns
    -------
    pandas.DataFrame
        Indexed by channel: ``spend``, ``response``, ``marginal_return`` (response per
        extra unit of spend), ``share`` of the budget.

    Examples
    --------
    >>> a = ResponseCurve(100.0, 50.0, 1.0, 1.0, 10)
    >>> plan = allocate_budget({"a": a, "b": a}, budget=100)
    >>> plan["spend"].round(2).tolist()
    [50.0, 50.0]
    """
    func = "allocate_budget"
    if not curves:
        raise SmbkitError(f"{func}: `curves` is empty; pass {{channel: fit_response(...)}}.")
    for k, c in curves.items():
        if not isinstance(c, ResponseCurve):
            raise SmbkitError(
                f"{func}: curves[{k!r}] must be a ResponseCurve (from fit_response), "
                f"not {type(c).__name__}."
            )
    _positive(func, budget=budget)
    names = list(curves)
    minimum = dict(minimum or {})
    unknown = set(minimum) - set(names)
    if unknown:
        raise SmbkitError(
            f"{func}: `minimum` names unknown channels {sorted(unknown)}; channels are {names}."
        )
    lo = np.array([float(minimum.get(k, 0.0)) for k in names])
    if (lo < 0).any() or lo.sum() > budget:
        raise SmbkitError(
            f"{func}: the minimum spends ({lo.sum():,.2f} in total) must be non-negative and "
            f"fit within the budget ({budget:,.2f}); lower them or raise the budget."
        )
    from scipy.optimize import minimize

    scale = float(budget)

    def neg(z):
        return -sum(curves[k].predict(v * scale) for k, v in zip(names, z, strict=True))

    def grad(z):
        return -np.array(
            [curves[k].marginal(v * scale) * scale for k, v in zip(names, z, strict=True)]
        )

    z0 = lo / scale + (1 - lo.sum() / scale) / len(names)
    res = minimize(
        neg,
        z0,
        jac=grad,
        method="SLSQP",
        bounds=[(m / scale, 1.0) for m in lo],
        constraints=[
            {"type": "eq", "fun": lambda z: z.sum() - 1.0, "jac": lambda z: np.ones_like(z)}
        ],
        options={"ftol": 1e-12, "maxiter": 500},
    )
    if not res.success:  # pragma: no cover - SLSQP on concave curves converges
        raise SmbkitError(f"{func}: the optimiser did not converge ({res.message}).")
    spend = np.clip(res.x, lo / scale, None) * scale
    out = pd.DataFrame(
        {
            "spend": spend,
            "response": [curves[k].predict(v) for k, v in zip(names, spend, strict=True)],
            "marginal_return": [curves[k].marginal(v) for k, v in zip(names, spend, strict=True)],
        },
        index=pd.Index(names, name="channel"),
    )
    out["share"] = out["spend"] / budget
    return out


def budget_for_response(curves: Mapping[str, ResponseCurve], *, target: float) -> float:
    r"""Goal-seek: the smallest budget whose best split reaches a target response.

    The best total response grows with the budget (more money can always be spent the
    same way plus some), so ``scipy.optimize.brentq`` finds the budget :math:`B` with
    :math:`\max \sum_i r_i = \text{target}` using :func:`allocate_budget`. The curves
    saturate at :math:`\sum_i \text{top}_i`; a target at or above that gives NaN.

    Examples
    --------
    >>> a = ResponseCurve(100.0, 50.0, 1.0, 1.0, 10)
    >>> round(budget_for_response({"a": a, "b": a}, target=100.0), 4)
    100.0
    """
    func = "budget_for_response"
    _positive(func, target=target)
    if not curves:
        raise SmbkitError(f"{func}: `curves` is empty; pass {{channel: fit_response(...)}}.")
    ceiling = sum(c.top for c in curves.values())
    if target >= ceiling:
        return float("nan")
    from scipy.optimize import brentq

    def gap(b):
        return float(allocate_budget(curves, budget=b)["response"].sum()) - target

    hi = max(c.half for c in curves.values())
    while gap(hi) < 0:
        hi *= 2
    return float(brentq(gap, hi * 1e-9, hi, xtol=1e-9, rtol=1e-10))


# ---------------------------------------------------------------------------------------
# inventory


def eoq(*, annual_demand: float, order_cost: float, holding_cost: float) -> float:
    r"""Economic order quantity (Harris, 1913).

    The order size that minimises ordering plus holding cost a year,

    .. math:: Q^* = \sqrt{\frac{2 D S}{H}},

    with annual demand :math:`D` (units), cost per order :math:`S` and cost of holding one
    unit for a year :math:`H` (same currency).

    Examples
    --------
    >>> eoq(annual_demand=1000, order_cost=10, holding_cost=0.5)
    200.0
    """
    _positive("eoq", annual_demand=annual_demand, order_cost=order_cost, holding_cost=holding_cost)
    return float(math.sqrt(2 * annual_demand * order_cost / holding_cost))


@dataclass(frozen=True)
class ReorderPoint:
    """Result of :func:`reorder_point`.

    Attributes
    ----------
    reorder_point : float
        Stock level (units) at which to place the next order.
    safety_stock : float
        Extra stock held for bad luck in demand or lead time (units).
    lead_time_demand : float
        Expected demand during the lead time (units).
    sigma_lead_time_demand : float
        Standard deviation of demand during the lead time (units).
    z : float
        Standard normal quantile of the service level.
    service_level : float
        Chance of not running out during one lead time (cycle service level).
    """

    reorder_point: float
    safety_stock: float
    lead_time_demand: float
    sigma_lead_time_demand: float
    z: float
    service_level: float


def reorder_point(
    *,
    daily_demand: float,
    demand_sd: float,
    lead_time: float,
    service_level: float = 0.95,
    lead_time_sd: float = 0.0,
) -> ReorderPoint:
    r"""Reorder point and safety stock for normally distributed lead-time demand.

    .. math::

        \sigma_{LT} = \sqrt{L\,\sigma_d^2 + d^2\,\sigma_L^2}, \qquad
        SS = z\,\sigma_{LT}, \qquad ROP = d\,L + SS

    with average daily demand :math:`d`, its daily standard deviation :math:`\sigma_d`,
    mean lead time :math:`L` (days) and its standard deviation :math:`\sigma_L`. With a
    fixed lead time this is the familiar :math:`SS = z\,\sigma_d\sqrt{L}`.

    Parameters
    ----------
    daily_demand, demand_sd : float
        Mean and standard deviation of demand per day (units).
    lead_time : float
        Mean lead time in days, positive.
    service_level : float
        Wanted chance of no stock-out per cycle, between 0.5 and 1.
    lead_time_sd : float
        Standard deviation of the lead time in days (0 = always the same).

    Returns
    -------
    ReorderPoint

    Examples
    --------
    >>> r = reorder_point(daily_demand=10, demand_sd=3, lead_time=4, service_level=0.95)
    >>> round(r.safety_stock, 2), round(r.reorder_point, 2)
    (9.87, 49.87)
    """
    func = "reorder_point"
    _positive(func, daily_demand=daily_demand, lead_time=lead_time)
    _non_negative(func, demand_sd=demand_sd, lead_time_sd=lead_time_sd)
    if not 0.5 <= service_level < 1:
        raise SmbkitError(
            f"{func}: `service_level` must be at least 0.5 and below 1 (e.g. 0.95), but "
            f"{service_level!r} was passed."
        )
    from statistics import NormalDist

    z = NormalDist().inv_cdf(service_level)
    sigma = math.sqrt(lead_time * demand_sd**2 + daily_demand**2 * lead_time_sd**2)
    ss = z * sigma
    mean = daily_demand * lead_time
    return ReorderPoint(mean + ss, ss, mean, sigma, z, float(service_level))


# ---------------------------------------------------------------------------------------
# resources


@dataclass(frozen=True)
class ProductMix:
    """Result of :func:`product_mix`.

    Attributes
    ----------
    plan : pandas.DataFrame
        Indexed by product: ``units`` to make and the ``profit`` they bring.
    profit : float
        Total profit of the plan.
    resources : pandas.DataFrame
        Indexed by resource: ``used``, ``capacity``, ``slack`` and ``shadow_price`` (extra
        profit from one more unit of the resource; 0 when it is not fully used).
    """

    plan: pd.DataFrame
    profit: float
    resources: pd.DataFrame


def product_mix(
    products: pd.DataFrame,
    *,
    profit: str,
    uses: Mapping[str, str],
    capacity: Mapping[str, float],
    max_units: str | None = None,
) -> ProductMix:
    r"""Best production mix as a linear program (``scipy.optimize.linprog``, HiGHS).

    .. math::

        \max_x \sum_j \pi_j x_j \quad \text{s.t.} \quad
        \sum_j a_{rj} x_j \le b_r \;\; \forall r, \qquad 0 \le x_j \le u_j

    Units are continuous (round down for a plan you can bake).

    Parameters
    ----------
    products : pandas.DataFrame
        One row per product (the index names them).
    profit : str
        Column with the profit per unit (keyword-only).
    uses : mapping of str to str
        Resource name -> column with how much of it one unit uses.
    capacity : mapping of str to float
        Resource name -> amount available.
    max_units : str, optional
        Column with the most units that can be sold (demand cap).

    Returns
    -------
    ProductMix

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"margin": [3.0, 5.0], "oven": [1.0, 2.0]}, index=["a", "b"])
    >>> mix = product_mix(df, profit="margin", uses={"oven": "oven"}, capacity={"oven": 10})
    >>> mix.plan["units"].round(6).tolist(), round(mix.profit, 6)
    ([10.0, 0.0], 30.0)
    """
    func = "product_mix"
    columns = list(products.columns)
    require_columns(func, columns, profit=profit)
    if max_units is not None:
        require_columns(func, columns, max_units=max_units)
    for col in uses.values():
        require_columns(func, columns, uses=col)
    if not uses:
        raise SmbkitError(f"{func}: `uses` is empty; name at least one resource column.")
    missing = set(uses) - set(capacity)
    if missing:
        raise SmbkitError(
            f"{func}: no capacity for resource(s) {sorted(missing)}; pass "
            f"capacity={{'{sorted(missing)[0]}': <amount>, ...}}."
        )
    for r in uses:
        _non_negative(func, **{f"capacity[{r!r}]": capacity[r]})
    from scipy.optimize import linprog

    names = list(uses)
    c = -products[profit].to_numpy(dtype=float)
    A = np.vstack([products[uses[r]].to_numpy(dtype=float) for r in names])
    b = np.array([float(capacity[r]) for r in names])
    ub = products[max_units].to_numpy(dtype=float) if max_units else [None] * len(products)
    res = linprog(
        c, A_ub=A, b_ub=b, bounds=list(zip([0] * len(products), ub, strict=True)), method="highs"
    )
    if res.status == 3:
        raise SmbkitError(
            f"{func}: the profit is unbounded: some profitable product uses no limited "
            "resource. Give it a resource or a `max_units` column."
        )
    if not res.success:  # pragma: no cover - bounded and feasible by construction
        raise SmbkitError(f"{func}: the linear program failed ({res.message}).")
    x = np.clip(res.x, 0, None)
    plan = pd.DataFrame({"units": x, "profit": x * -c}, index=products.index)
    used = A @ x
    resources = pd.DataFrame(
        {
            "used": used,
            "capacity": b,
            "slack": b - used,
            "shadow_price": -np.asarray(res.ineqlin.marginals),
        },
        index=pd.Index(names, name="resource"),
    )
    return ProductMix(plan, float(-res.fun), resources)
