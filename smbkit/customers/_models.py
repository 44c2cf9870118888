"""Probability models of customer behaviour: BG/NBD, gamma-gamma, shifted-beta-geometric.

The "buy till you die" family of Fader & Hardie: who is still a customer, how many
purchases to expect, what each purchase is worth, and how a cohort's retention decays.
scipy is imported inside the functions that fit or evaluate a model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import require_columns
from smbkit.kpis._engine import as_narwhals

__all__ = [
    "BGNBD",
    "GammaGamma",
    "ShiftedBetaGeometric",
    "clv",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_sbg",
    "holdout_check",
]


def _columns(func: str, summary, names: dict[str, str]) -> dict[str, np.ndarray]:
    """Named columns of a summary frame as float arrays, checked finite and 0 or more."""
    if not isinstance(summary, pd.DataFrame):
        raise SmbkitError(
            f"{func}: `summary` must be a pandas DataFrame (e.g. the output of "
            f"summary_from_transactions), not {type(summary).__name__}"
        )
    as_narwhals(func, summary, "summary")  # refuses repeated column names, as every entry point
    require_columns(func, summary.columns, "summary", **names)
    out = {}
    for role, name in names.items():
        values = pd.to_numeric(summary[name], errors="coerce").to_numpy(dtype="float64")
        bad = ~np.isfinite(values) | (values < 0)
        if bad.any():
            raise DataError(
                f"{func}: column {name!r} ({role}) has {int(bad.sum())} missing, non-numeric "
                f"or negative value(s), e.g. row {summary.index[bad.argmax()]!r}; fix or drop "
                "those rows (every customer needs a frequency, recency and T of 0 or more)"
            )
        out[role] = values
    return out


def _rfm_arrays(func: str, summary, frequency: str, recency: str, T: str):
    cols = _columns(func, summary, {"frequency": frequency, "recency": recency, "T": T})
    x, tx, big_t = cols["frequency"], cols["recency"], cols["T"]
    if (tx > big_t).any() or ((x > 0) & (tx <= 0)).any():
        i = int(np.argmax((tx > big_t) | ((x > 0) & (tx <= 0))))
        raise DataError(
            f"{func}: row {summary.index[i]!r} has frequency {x[i]:g}, recency {tx[i]:g} and "
            f"T {big_t[i]:g}; recency must be at most T, and above 0 when frequency is above 0 "
            "(pass the output of summary_from_transactions)"
        )
    return x, tx, big_t


def _positive(func: str, arg: str, value) -> np.ndarray:
    arr = np.asarray(value, dtype="float64")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise SmbkitError(f"{func}: `{arg}` must be 0 or more, but {value!r} was passed")
    return arr


def _minimise(func: str, negloglik, start: np.ndarray) -> np.ndarray:
    """Minimise over log-parameters: L-BFGS-B to get close, Nelder-Mead to polish."""
    from scipy.optimize import minimize

    rough = minimize(negloglik, np.log(start), method="L-BFGS-B")
    x0 = rough.x if np.isfinite(rough.fun) else np.log(start)
    res = minimize(
        negloglik,
        x0,
        method="Nelder-Mead",
        options={"xatol": 1e-7, "fatol": 1e-9, "maxiter": 20_000, "maxfev": 40_000},
    )
    if not res.success or not np.isfinite(res.fun):
        raise SmbkitError(
            f"{func}: the maximum-likelihood fit did not converge ({res.message}); check that "
            "the data hold enough customers with repeat purchases"
        )
    return np.exp(res.x)


# ---------------------------------------------------------------------------------------
# BG/NBD


@dataclass(frozen=True)
class BGNBD:
    """A fitted BG/NBD model (Fader, Hardie & Lee 2005).

    Attributes
    ----------
    r, alpha : float
        Shape and scale of the gamma distribution of purchase rates across customers
        (mean rate ``r / alpha`` purchases per time unit).
    a, b : float
        Parameters of the beta distribution of the drop-out probability after each
        purchase (mean ``a / (a + b)``).
    log_likelihood : float
        Log-likelihood at the fitted parameters.
    n_customers : int
        Number of customers fitted.
    """

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    n_customers: int

    def expected_purchases_new(self, t) -> np.ndarray:
        """Expected repeat purchases in ``(0, t]`` of a customer who just made a first one.

        .. math::

            E[X(t)] = \\frac{a+b-1}{a-1}\\left[1 - \\left(\\frac{\\alpha}{\\alpha+t}
            \\right)^r {}_2F_1\\!\\left(r, b; a+b-1; \\frac{t}{\\alpha+t}\\right)\\right]

        (Fader, Hardie & Lee 2005, eq. 7).

        >>> m = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=0.0, n_customers=1)
        >>> round(float(m.expected_purchases_new(39.0)), 3)
        1.197
        """
        from scipy.special import hyp2f1

        t = _positive("BGNBD.expected_purchases_new", "t", t)
        r, al, a, b = self.r, self.alpha, self.a, self.b
        z = t / (al + t)
        return (a + b - 1) / (a - 1) * (1 - (al / (al + t)) ** r * hyp2f1(r, b, a + b - 1, z))

    def _odds_dead(self, x, tx, big_t):
        with np.errstate(divide="ignore", invalid="ignore"):
            odds = (
                self.a
                / np.maximum(self.b + x - 1, 1e-300)
                * ((self.alpha + big_t) / (self.alpha + tx)) ** (self.r + x)
            )
        return np.where(x > 0, odds, 0.0)

    def p_alive(
        self,
        summary: pd.DataFrame,
        *,
        frequency: str = "frequency",
        recency: str = "recency",
        T: str = "T",
    ) -> pd.Series:
        """Probability that each customer is still active at the end of the calibration.

        .. math::

            P(\\text{alive} \\mid x, t_x, T) = \\left[1 + \\delta_{x>0}\\,\\frac{a}{b+x-1}
            \\left(\\frac{\\alpha+T}{\\alpha+t_x}\\right)^{r+x}\\right]^{-1}

        (Fader, Hardie & Lee 2005, eq. 13). A customer who never came back is "alive" with
        probability 1 under BG/NBD: drop-out happens only right after a purchase.

        >>> m = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=0.0, n_customers=1)
        >>> s = pd.DataFrame({"frequency": [2, 2], "recency": [30.43, 5.0], "T": [38.86, 38.86]})
        >>> m.p_alive(s).round(3).tolist()
        [0.727, 0.124]
        """
        x, tx, big_t = _rfm_arrays("BGNBD.p_alive", summary, frequency, recency, T)
        out = 1.0 / (1.0 + self._odds_dead(x, tx, big_t))
        return pd.Series(out, index=summary.index, name="p_alive")

    def expected_purchases(
        self,
        summary: pd.DataFrame,
        t: float,
        *,
        frequency: str = "frequency",
        recency: str = "recency",
        T: str = "T",
    ) -> pd.Series:
        """Expected purchases of each customer in the next ``t`` time units.

        .. math::

            E[Y(t) \\mid x, t_x, T] = \\frac{\\frac{a+b+x-1}{a-1}\\left[1 -
            \\left(\\frac{\\alpha+T}{\\alpha+T+t}\\right)^{r+x}
            {}_2F_1\\!\\left(r+x, b+x; a+b+x-1; \\frac{t}{\\alpha+T+t}\\right)\\right]}
            {1 + \\delta_{x>0}\\,\\frac{a}{b+x-1}
            \\left(\\frac{\\alpha+T}{\\alpha+t_x}\\right)^{r+x}}

        (Fader, Hardie & Lee 2005, eq. 10), in the time unit of the fit. The example is their
        worked customer (x = 2, t_x = 30.43, T = 38.86 weeks): 1.226 purchases in the
        next 39 weeks.

        >>> m = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=0.0, n_customers=1)
        >>> s = pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 30.43], "T": [38.86, 38.86]})
        >>> m.expected_purchases(s, 39.0).round(3).tolist()
        [0.195, 1.226]
        """
        from scipy.special import hyp2f1

        func = "BGNBD.expected_purchases"
        x, tx, big_t = _rfm_arrays(func, summary, frequency, recency, T)
        t = float(_positive(func, "t", t))
        r, al, a, b = self.r, self.alpha, self.a, self.b
        z = t / (al + big_t + t)
        head = (a + b + x - 1) / (a - 1)
        body = 1 - ((al + big_t) / (al + big_t + t)) ** (r + x) * hyp2f1(
            r + x, b + x, a + b + x - 1, z
        )
        out = head * body / (1.0 + self._odds_dead(x, tx, big_t))
        return pd.Series(out, index=summary.index, name="expected_purchases")

    def expected_cumulative(self, first_purchase, times) -> np.ndarray:
        """Expected repeat purchases of a whole cohort by each calendar time.

        ``first_purchase`` holds each customer's first-purchase time and ``times`` the
        calendar times, both from the same origin in the model's time unit; the result is
        :math:`\\sum_i E[X(\\max(0, \\tau - s_i))]` for each :math:`\\tau` in ``times``, the
        model line of a tracking plot.

        >>> m = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=0.0, n_customers=1)
        >>> m.expected_cumulative([0.0, 10.0], [0.0, 10.0, 20.0]).round(3).tolist()
        [0.0, 0.432, 1.177]
        """
        func = "BGNBD.expected_cumulative"
        start = _positive(func, "first_purchase", first_purchase).ravel()
        when = _positive(func, "times", times).ravel()
        births, counts = np.unique(start, return_counts=True)
        age = np.clip(when[:, None] - births[None, :], 0.0, None)
        return (self.expected_purchases_new(age) * counts[None, :]).sum(axis=1)


def _bgnbd_loglik(params, x, tx, big_t):
    from scipy.special import betaln, gammaln

    r, al, a, b = params
    common = gammaln(r + x) - gammaln(r) + r * np.log(al) - betaln(a, b)
    stay = betaln(a, b + x) - (r + x) * np.log(al + big_t)
    with np.errstate(divide="ignore", invalid="ignore"):
        drop = np.where(
            x > 0,
            betaln(a + 1, np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(al + tx),
            -np.inf,
        )
    return common + np.logaddexp(stay, drop)


def fit_bgnbd(
    summary: pd.DataFrame,
    *,
    frequency: str = "frequency",
    recency: str = "recency",
    T: str = "T",
) -> BGNBD:
    """Fit the BG/NBD model of repeat purchasing by maximum likelihood.

    Parameters
    ----------
    summary : DataFrame
        One row per customer, e.g. the output of
        :func:`~smbkit.customers.summary_from_transactions`.
    frequency, recency, T : str
        Columns with the number of repeat purchases :math:`x`, the time of the last
        purchase after the first :math:`t_x`, and the time from the first purchase to the
        end of the calibration period :math:`T`. Recency and T share one time unit (days
        in summary_from_transactions; divide both by 7 for Fader & Hardie's weeks), and
        the fitted model predicts in that unit.

    Returns
    -------
    BGNBD
        The fitted parameters, with methods for P(alive) and expected purchases.

    Raises
    ------
    SmbkitError
        If ``summary`` is not a DataFrame or the fit does not converge.
    DataError
        If a column is missing, a value is missing or negative, or recency exceeds T.

    Notes
    -----
    While active, a customer buys as a Poisson process with rate :math:`\\lambda \\sim
    \\text{Gamma}(r, \\alpha)`; after each purchase they drop out with probability
    :math:`p \\sim \\text{Beta}(a, b)`. The likelihood of one customer (Fader, Hardie &
    Lee 2005, eq. 6) is

    .. math::

        L = \\frac{\\Gamma(r+x)\\,\\alpha^r}{\\Gamma(r)} \\left[
        \\frac{B(a, b+x)}{B(a,b)\\,(\\alpha+T)^{r+x}} + \\delta_{x>0}
        \\frac{B(a+1, b+x-1)}{B(a,b)\\,(\\alpha+t_x)^{r+x}} \\right]

    summed in log space (``gammaln``, ``betaln``, ``logaddexp``) and maximised over the
    logarithms of the four parameters (L-BFGS-B, then a Nelder-Mead polish). On the
    CDNOW 1/10 sample (39 weeks) it gives the published :math:`r=0.243, \\alpha=4.414, a=0.793, b=2.426`
    (tests/test_customers_models.py). Business meaning: how often customers buy and how
    quickly they quietly leave, from the purchase log alone.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"frequency": [0, 1, 3, 0, 2, 5, 0, 1],
    ...                   "recency": [0.0, 4.0, 20.0, 0.0, 30.0, 35.0, 0.0, 2.0],
    ...                   "T": [40.0, 38.0, 36.0, 30.0, 39.0, 40.0, 25.0, 33.0]})
    >>> m = fit_bgnbd(s)
    >>> m.n_customers, bool(m.r > 0 and m.alpha > 0)
    (8, True)
    """
    func = "fit_bgnbd"
    x, tx, big_t = _rfm_arrays(func, summary, frequency, recency, T)
    if len(x) == 0 or not (x > 0).any():
        raise DataError(
            f"{func}: `summary` has no customer with a repeat purchase (frequency > 0); the "
            "model needs some repeat buying to learn from: use a longer calibration period"
        )

    # customers with the same (x, t_x, T) share a likelihood: evaluate each pattern once
    rows, weight = np.unique(np.column_stack([x, tx, big_t]), axis=0, return_counts=True)
    ux, utx, ut = rows.T

    def negloglik(log_params):
        params = np.exp(np.clip(log_params, -30, 30))
        return -float(_bgnbd_loglik(params, ux, utx, ut) @ weight)

    scale = max(float(np.mean(big_t)), 1e-6)
    r, al, a, b = _minimise(func, negloglik, np.array([1.0, scale, 1.0, 1.0]))
    ll = -negloglik(np.log([r, al, a, b]))
    return BGNBD(float(r), float(al), float(a), float(b), ll, len(x))


# ---------------------------------------------------------------------------------------
# Gamma-gamma


@dataclass(frozen=True)
class GammaGamma:
    """A fitted gamma-gamma model of spend per purchase (Fader, Hardie & Lee 2005; Fader &
    Hardie 2013).

    Attributes
    ----------
    p : float
        Shape of the gamma distribution of each purchase's value around a customer's mean.
    q, gamma : float
        Shape and scale of the gamma distribution of that scale across customers; the
        population mean spend per purchase is :math:`p\\gamma/(q-1)` when :math:`q > 1`.
    log_likelihood : float
        Log-likelihood at the fitted parameters.
    n_customers : int
        Number of customers fitted (those with a repeat purchase).
    """

    p: float
    q: float
    gamma: float
    log_likelihood: float
    n_customers: int

    def population_mean(self) -> float:
        """Mean spend per purchase across customers, :math:`p\\gamma/(q-1)`; NaN if q <= 1.

        >>> round(GammaGamma(6.25, 3.74, 15.44, 0.0, 1).population_mean(), 2)
        35.22
        """
        if self.q <= 1:
            return float("nan")  # the mean of the inverse-gamma scale is infinite
        return self.p * self.gamma / (self.q - 1)

    def expected_spend(
        self,
        summary: pd.DataFrame,
        *,
        frequency: str = "frequency",
        monetary: str = "monetary",
    ) -> pd.Series:
        """Expected spend per future purchase of each customer.

        .. math::

            E[Z \\mid x, \\bar z] = \\frac{q-1}{px+q-1}\\,\\frac{p\\gamma}{q-1}
            + \\frac{px}{px+q-1}\\,\\bar z

        a weighted average of the population mean and the customer's own mean repeat
        spend (Fader & Hardie 2013, eq. 5); customers without a repeat purchase get the
        population mean. NaN (with q <= 1) when the population mean is infinite.

        >>> gg = GammaGamma(6.25, 3.74, 15.44, 0.0, 1)
        >>> s = pd.DataFrame({"frequency": [0, 2], "monetary": [float("nan"), 22.35]})
        >>> gg.expected_spend(s).round(2).tolist()
        [35.22, 24.66]
        """
        func = "GammaGamma.expected_spend"
        x = _columns(func, summary, {"frequency": frequency})["frequency"]
        require_columns(func, summary.columns, "summary", monetary=monetary)
        zbar = pd.to_numeric(summary[monetary], errors="coerce").to_numpy(dtype="float64")
        zbar = np.where(x > 0, zbar, 0.0)
        px = self.p * x
        with np.errstate(divide="ignore", invalid="ignore"):
            out = (self.p * self.gamma + px * zbar) / (px + self.q - 1)
        if self.q <= 1:
            out = np.full_like(out, np.nan)
        return pd.Series(out, index=summary.index, name="expected_spend")


def fit_gamma_gamma(
    summary: pd.DataFrame,
    *,
    frequency: str = "frequency",
    monetary: str = "monetary",
) -> GammaGamma:
    """Fit the gamma-gamma model of spend per purchase by maximum likelihood.

    Parameters
    ----------
    summary : DataFrame
        One row per customer, e.g. the output of
        :func:`~smbkit.customers.summary_from_transactions`. Only customers with a repeat
        purchase (frequency > 0) are used: their mean repeat spend is the data.
    frequency, monetary : str
        Columns with the number of repeat purchases :math:`x` and their mean value
        :math:`\\bar z` (above 0).

    Returns
    -------
    GammaGamma
        The fitted parameters, with :meth:`GammaGamma.expected_spend`.

    Raises
    ------
    SmbkitError
        If ``summary`` is not a DataFrame or the fit does not converge.
    DataError
        If a column is missing, fewer than 2 customers repeat, or a repeater's mean spend
        is missing or not above 0.

    Notes
    -----
    Each purchase value is Gamma(:math:`p, \\nu`) with the customer's scale :math:`\\nu
    \\sim \\text{Gamma}(q, \\gamma)`, so the mean of :math:`x` purchases has density
    (Fader & Hardie 2013, eq. 3)

    .. math::

        f(\\bar z \\mid x) = \\frac{\\Gamma(px+q)}{\\Gamma(px)\\Gamma(q)}
        \\frac{\\gamma^q\\, \\bar z^{px-1}\\, x^{px}}{(\\gamma + x\\bar z)^{px+q}}

    maximised in log space. The model assumes spend per purchase does not depend on how
    often a customer buys: check the correlation of frequency and monetary first. On the
    CDNOW 1/10 sample it gives the published :math:`p=6.25, q=3.74, \\gamma=15.44`.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"frequency": [1, 2, 3, 1, 4, 2, 0],
    ...                   "monetary": [20.0, 35.0, 28.0, 15.0, 40.0, 22.0, float("nan")]})
    >>> gg = fit_gamma_gamma(s)
    >>> gg.n_customers
    6
    """
    from scipy.special import gammaln

    func = "fit_gamma_gamma"
    x = _columns(func, summary, {"frequency": frequency})["frequency"]
    require_columns(func, summary.columns, "summary", monetary=monetary)
    zbar = pd.to_numeric(summary[monetary], errors="coerce").to_numpy(dtype="float64")
    keep = x > 0
    x, zbar = x[keep], zbar[keep]
    if len(x) < 2:
        raise DataError(
            f"{func}: only {len(x)} customer(s) have a repeat purchase (frequency > 0); the "
            "spend model needs several: use a longer calibration period"
        )
    bad = ~np.isfinite(zbar) | (zbar <= 0)
    if bad.any():
        raise DataError(
            f"{func}: column {monetary!r} has {int(bad.sum())} repeat customer(s) with a mean "
            "spend that is missing or not above 0; the gamma-gamma model needs positive "
            "spend: drop those customers or use net revenue above 0"
        )

    def negloglik(log_params):
        p, q, g = np.exp(np.clip(log_params, -30, 30))
        px = p * x
        ll = (
            gammaln(px + q)
            - gammaln(px)
            - gammaln(q)
            + q * np.log(g)
            + (px - 1) * np.log(zbar)
            + px * np.log(x)
            - (px + q) * np.log(g + x * zbar)
        )
        return -float(ll.sum())

    p, q, g = _minimise(func, negloglik, np.array([1.0, 1.0, float(np.mean(zbar))]))
    return GammaGamma(float(p), float(q), float(g), -negloglik(np.log([p, q, g])), len(x))


# ---------------------------------------------------------------------------------------
# CLV


def clv(
    summary: pd.DataFrame,
    *,
    purchases: BGNBD,
    spend: GammaGamma,
    horizon: float,
    margin: float,
    discount_rate: float = 0.0,
    step: float = 1.0,
    frequency: str = "frequency",
    recency: str = "recency",
    T: str = "T",
    monetary: str = "monetary",
) -> pd.Series:
    """Probability-model customer lifetime value: purchases × spend × margin, discounted.

    Parameters
    ----------
    summary : DataFrame
        One row per customer (the calibration summary the models were fitted on).
    purchases : BGNBD
        Fitted purchase model (its time unit is the unit of ``horizon`` and ``step``).
    spend : GammaGamma
        Fitted spend model.
    horizon : float
        How far ahead to value, in the model's time unit (e.g. 52 weeks).
    margin : float
        Share of revenue kept as profit, between 0 and 1.
    discount_rate : float, default 0.0
        Discount rate per ``step`` (e.g. 0.01 a month); 0 means no discounting.
    step : float, default 1.0
        Length of the discounting period in the model's time unit (4.345 weeks ≈ a
        month).
    frequency, recency, T, monetary : str
        Columns of ``summary``.

    Returns
    -------
    Series
        Expected discounted margin of each customer over the horizon, named ``clv``.

    Raises
    ------
    SmbkitError
        If ``purchases``/``spend`` are not fitted models or an option is out of range.
    DataError
        As :meth:`BGNBD.expected_purchases`.

    Notes
    -----
    With :math:`K = \\lceil H / s \\rceil` steps of length :math:`s` (the last one ends at
    :math:`H`), :math:`t_k = \\min(ks, H)`, and the purchases of step :math:`k` discounted
    at the end of the step,

    .. math::

        \\text{CLV} = m \\, E[Z \\mid x, \\bar z] \\sum_{k=1}^{K}
        \\frac{E[Y(t_k)] - E[Y(t_{k-1})]}{(1 + d)^{k}}

    (Fader, Hardie & Lee 2005, "RFM and CLV", multiply expected purchases by expected
    spend, which the gamma-gamma model makes independent of frequency). Business meaning:
    what each customer is worth in profit over the horizon, in today's money.

    Examples
    --------
    >>> m = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=0.0, n_customers=1)
    >>> gg = GammaGamma(6.25, 3.74, 15.44, 0.0, 1)
    >>> s = pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 30.43],
    ...                   "T": [38.86, 38.86], "monetary": [float("nan"), 22.35]})
    >>> clv(s, purchases=m, spend=gg, horizon=52, margin=0.3).round(2).tolist()
    [2.66, 11.53]
    """
    func = "clv"
    if not isinstance(purchases, BGNBD):
        raise SmbkitError(f"{func}: `purchases` must be a BGNBD (from fit_bgnbd)")
    if not isinstance(spend, GammaGamma):
        raise SmbkitError(f"{func}: `spend` must be a GammaGamma (from fit_gamma_gamma)")
    for arg, value, low, high in (
        ("horizon", horizon, 0.0, np.inf),
        ("margin", margin, 0.0, 1.0),
        ("discount_rate", discount_rate, 0.0, np.inf),
        ("step", step, 0.0, np.inf),
    ):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if not (low <= number <= high):
            raise SmbkitError(
                f"{func}: `{arg}` must be a number between {low:g} and {high:g}, but {value!r} "
                "was passed"
            )
    if not (np.isfinite(horizon) and step > 0 and np.isfinite(step)):
        raise SmbkitError(
            f"{func}: `horizon` must be finite and `step` above 0, but horizon={horizon!r} "
            f"and step={step!r} were passed"
        )
    n_steps = int(np.ceil(horizon / step - 1e-12))
    ends = np.minimum(np.arange(1, n_steps + 1) * step, horizon)
    cols = {"frequency": frequency, "recency": recency, "T": T}
    cum = [np.zeros(len(summary))] + [
        purchases.expected_purchases(summary, t, **cols).to_numpy() for t in ends
    ]
    per_step = np.diff(np.column_stack(cum), axis=1)
    factors = (1.0 + discount_rate) ** -np.arange(1, n_steps + 1)
    value = per_step @ factors if n_steps else np.zeros(len(summary))
    z = spend.expected_spend(summary, frequency=frequency, monetary=monetary).to_numpy()
    return pd.Series(margin * z * value, index=summary.index, name="clv")


# ---------------------------------------------------------------------------------------
# Shifted-beta-geometric


@dataclass(frozen=True)
class ShiftedBetaGeometric:
    """A fitted shifted-beta-geometric retention model (Fader & Hardie 2007).

    Attributes
    ----------
    alpha, beta : float
        Parameters of the beta distribution of churn probabilities across customers
        (mean churn ``alpha / (alpha + beta)`` in the first period).
    log_likelihood : float
        Log-likelihood at the fitted parameters (survival shares as weights).
    periods : int
        Number of periods after the start the fit used.
    """

    alpha: float
    beta: float
    log_likelihood: float
    periods: int

    def survival(self, t) -> np.ndarray:
        """Share of the starting cohort still a customer after ``t`` periods.

        .. math:: S(t) = \\frac{B(\\alpha, \\beta + t)}{B(\\alpha, \\beta)}

        >>> ShiftedBetaGeometric(0.704, 1.182, 0.0, 7).survival([0, 1, 12]).round(3).tolist()
        [1.0, 0.627, 0.17]
        """
        from scipy.special import betaln

        t = _positive("ShiftedBetaGeometric.survival", "t", t)
        return np.exp(betaln(self.alpha, self.beta + t) - betaln(self.alpha, self.beta))

    def retention(self, t) -> np.ndarray:
        """Retention rate in period ``t`` (1, 2, ...), which rises as the cohort sorts out.

        .. math:: r_t = \\frac{\\beta + t - 1}{\\alpha + \\beta + t - 1}

        >>> ShiftedBetaGeometric(0.704, 1.182, 0.0, 7).retention([1, 2, 10]).round(3).tolist()
        [0.627, 0.756, 0.935]
        """
        t = _positive("ShiftedBetaGeometric.retention", "t", t)
        if np.any(t < 1):
            raise SmbkitError(
                "ShiftedBetaGeometric.retention: `t` counts periods from 1 (the first "
                f"renewal), but {t.min():g} was passed"
            )
        return (self.beta + t - 1) / (self.alpha + self.beta + t - 1)


def fit_sbg(survival) -> ShiftedBetaGeometric:
    """Fit the shifted-beta-geometric model to a cohort's survival curve.

    Parameters
    ----------
    survival : sequence of float
        Share (or percent, or count) of the cohort still active at the start and after
        each of periods 1, 2, ...: it starts at its largest value and never rises, e.g.
        ``[100, 63.1, 46.8, 38.2]``.

    Returns
    -------
    ShiftedBetaGeometric
        The fitted model, with :meth:`~ShiftedBetaGeometric.survival` for projections.

    Raises
    ------
    DataError
        If fewer than 2 periods are given, a value is negative or missing, or the curve
        rises.
    SmbkitError
        If the fit does not converge.

    Notes
    -----
    Each customer churns at the end of a period with their own probability
    :math:`\\theta \\sim \\text{Beta}(\\alpha, \\beta)`. With :math:`n_t` customers left after
    period :math:`t` (:math:`t = 0..n`), the likelihood (Fader & Hardie 2007, eq. 5) is

    .. math::

        \\ell = \\sum_{t=1}^{n} (n_{t-1} - n_t) \\ln P(T=t) + n_n \\ln S(n), \\quad
        P(T=t) = \\frac{B(\\alpha + 1, \\beta + t - 1)}{B(\\alpha, \\beta)}

    The scale of :math:`n_t` does not move the estimates, so percentages will do. On the
    "regular" and "high end" cohorts of Fader & Hardie (2007), years 0-7, it gives the
    published :math:`\\alpha=0.704, \\beta=1.182` and :math:`\\alpha=0.668, \\beta=3.806`.
    Business meaning: retention improves with tenure because the likely leavers leave
    first, so a flat churn rate projects too few long-lived customers.

    Examples
    --------
    >>> m = fit_sbg([100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1])
    >>> round(m.alpha, 3), round(m.beta, 3)
    (0.704, 1.182)
    """
    from scipy.special import betaln

    func = "fit_sbg"
    try:
        alive = np.asarray(survival, dtype="float64").ravel()
    except (TypeError, ValueError):
        raise DataError(f"{func}: `survival` must be a sequence of numbers") from None
    if len(alive) < 2 or not np.all(np.isfinite(alive)) or np.any(alive < 0) or alive[0] <= 0:
        raise DataError(
            f"{func}: `survival` needs the starting value (above 0) and at least one later "
            f"period, all 0 or more and none missing, but {survival!r} was passed"
        )
    if np.any(np.diff(alive) > 0):
        raise DataError(
            f"{func}: `survival` rises at period {int(np.argmax(np.diff(alive) > 0)) + 1}; a "
            "survival curve counts the starting cohort only, so it can only fall: leave new "
            "customers out"
        )
    lost = -np.diff(alive)
    t = np.arange(1, len(alive))

    def negloglik(log_params):
        a, b = np.exp(np.clip(log_params, -30, 30))
        churn = betaln(a + 1, b + t - 1) - betaln(a, b)
        last = betaln(a, b + t[-1]) - betaln(a, b)
        return -float((lost * churn).sum() + alive[-1] * last)

    a, b = _minimise(func, negloglik, np.array([1.0, 1.0]))
    return ShiftedBetaGeometric(float(a), float(b), -negloglik(np.log([a, b])), len(t))


# ---------------------------------------------------------------------------------------
# Calibration/holdout check


def holdout_check(
    summary: pd.DataFrame,
    *,
    model: BGNBD,
    t: float,
    max_frequency: int = 7,
    frequency: str = "frequency",
    recency: str = "recency",
    T: str = "T",
    frequency_holdout: str = "frequency_holdout",
) -> pd.DataFrame:
    """Expected against actual holdout purchases, by purchases in the calibration period.

    Parameters
    ----------
    summary : DataFrame
        Calibration summary with the holdout counts, e.g. from
        :func:`~smbkit.customers.summary_from_transactions` with ``calibration_end``.
    model : BGNBD
        Model fitted on the calibration columns.
    t : float
        Length of the holdout period in the model's time unit (39 weeks for CDNOW).
    max_frequency : int, default 7
        Calibration frequencies at or above this are pooled into one last group
        (labelled ``max_frequency``, meaning "that many or more").
    frequency, recency, T, frequency_holdout : str
        Columns of ``summary``.

    Returns
    -------
    DataFrame
        One row per calibration frequency 0, 1, ..., ``max_frequency``: ``customers``,
        ``actual`` (mean holdout purchases) and ``expected`` (mean of
        :meth:`BGNBD.expected_purchases`), indexed by ``frequency``; both NaN for a
        frequency no customer has (there is nothing to average).

    Raises
    ------
    SmbkitError
        If ``model`` is not a BGNBD or ``max_frequency`` is below 1.
    DataError
        If a column is missing or a value is bad.

    Notes
    -----
    The conditional-expectation check of Fader, Hardie & Lee (2005, Fig. 4): for the
    customers who made :math:`x` repeat purchases in calibration, compare the mean of
    :math:`E[Y(t) \\mid x, t_x, T]` with what they actually bought. A good model tracks the
    actual line; the top groups are small and noisy.

    Examples
    --------
    >>> m = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=0.0, n_customers=1)
    >>> s = pd.DataFrame({"frequency": [0, 0, 2], "recency": [0.0, 0.0, 30.4],
    ...                   "T": [38.9, 30.0, 38.9], "frequency_holdout": [0, 1, 2]})
    >>> holdout_check(s, model=m, t=39.0, max_frequency=2)["actual"].tolist()
    [0.5, nan, 2.0]
    """
    func = "holdout_check"
    if not isinstance(model, BGNBD):
        raise SmbkitError(f"{func}: `model` must be a BGNBD (from fit_bgnbd)")
    if isinstance(max_frequency, bool) or not isinstance(max_frequency, (int, np.integer)):
        raise SmbkitError(f"{func}: `max_frequency` must be a whole number, not {max_frequency!r}")
    if max_frequency < 1:
        raise SmbkitError(
            f"{func}: `max_frequency` must be 1 or more, but {max_frequency} was passed"
        )
    held = _columns(func, summary, {"frequency_holdout": frequency_holdout})["frequency_holdout"]
    expected = model.expected_purchases(summary, t, frequency=frequency, recency=recency, T=T)
    x = summary[frequency].to_numpy(dtype="float64")
    group = np.minimum(x, max_frequency).astype("int64")
    frame = pd.DataFrame({"frequency": group, "actual": held, "expected": expected.to_numpy()})
    out = frame.groupby("frequency").agg(
        customers=("actual", "size"), actual=("actual", "mean"), expected=("expected", "mean")
    )
    out = out.reindex(pd.RangeIndex(max_frequency + 1, name="frequency"))
    out["customers"] = out["customers"].fillna(0).astype("int64")
    return out
