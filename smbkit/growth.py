"""Growth dynamics and ecosystems: diffusion, supplier concentration and risk, feedback.

- **diffusion**: :func:`bass_cumulative` and :func:`fit_bass` (the Bass 1969 model of how a
  new product spreads through innovators and imitators);
- **supplier concentration**: :func:`hhi` (Herfindahl-Hirschman index) and
  :func:`concentration_level` (US DOJ/FTC 2010 thresholds);
- **supplier risk**: :func:`supplier_risk` (share, mean lead time, its variability and
  lateness against the quoted lead time, per supplier);
- **feedback and path dependence**: :func:`polya_urn` (a reinforcing loop in which early
  luck decides who wins).

scipy.optimize is imported inside :func:`fit_bass`.

>>> from smbkit import growth
>>> growth.hhi([50, 50])
5000.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, require_columns

__all__ = [
    "BassFit",
    "bass_cumulative",
    "concentration_level",
    "fit_bass",
    "hhi",
    "polya_urn",
    "supplier_risk",
]

#: US DOJ/FTC Horizontal Merger Guidelines (2010), section 5.3: HHI below 1,500
#: unconcentrated, 1,500-2,500 moderately concentrated, above 2,500 highly concentrated.
HHI_THRESHOLDS = (1500.0, 2500.0)


# ---------------------------------------------------------------------------------------
# diffusion


def bass_cumulative(t, *, p: float, q: float, m: float = 1.0):
    r"""Cumulative adopters of the Bass (1969) diffusion model at time ``t``.

    .. math:: N(t) = m\,\frac{1 - e^{-(p+q)t}}{1 + (q/p)\,e^{-(p+q)t}}

    with coefficient of innovation :math:`p` (adoption from outside influence, such as
    advertising), coefficient of imitation :math:`q` (word of mouth) and market potential
    :math:`m`.

    Examples
    --------
    >>> bass_cumulative(0.0, p=0.03, q=0.38, m=100)
    0.0
    >>> round(bass_cumulative(1e6, p=0.03, q=0.38, m=100), 6)
    100.0
    """
    if not (p > 0 and q >= 0 and m > 0):
        raise SmbkitError(
            f"bass_cumulative: need p > 0, q >= 0 and m > 0, got p={p!r}, q={q!r}, m={m!r}."
        )
    t = np.asarray(t, dtype=float)
    e = np.exp(-(p + q) * t)
    out = m * (1 - e) / (1 + (q / p) * e)
    return float(out) if out.ndim == 0 else out


def _density(t, p, q, m):
    e = np.exp(-(p + q) * t)
    return m * ((p + q) ** 2 / p) * e / (1 + (q / p) * e) ** 2


@dataclass(frozen=True)
class BassFit:
    r"""A Bass model fitted by :func:`fit_bass`.

    Attributes
    ----------
    p, q, m : float
        Coefficients of innovation and imitation, and market potential (adopters).
    p_se, q_se, m_se : float
        Their approximate standard errors (from the least-squares covariance).
    peak_time : float
        Periods from launch to the peak of new adoptions,
        :math:`t^* = \ln(q/p)/(p+q)` (0 when :math:`q \le p`: adoptions only fall).
    r_squared : float
        Share of the variation in per-period adopters the curve explains.
    n : int
        Number of periods fitted.
    form : str
        ``"interval"`` or ``"density"`` (see :func:`fit_bass`).
    """

    p: float
    q: float
    m: float
    p_se: float
    q_se: float
    m_se: float
    peak_time: float
    r_squared: float
    n: int
    form: str

    def adopters(self, t):
        """New adopters in period ``t`` (1 = the first period), as fitted."""
        t = np.asarray(t, dtype=float)
        if self.form == "density":
            out = _density(t, self.p, self.q, self.m)
        else:
            out = bass_cumulative(t, p=self.p, q=self.q, m=self.m) - bass_cumulative(
                t - 1, p=self.p, q=self.q, m=self.m
            )
        return float(out) if np.ndim(out) == 0 else out

    def cumulative(self, t):
        """Cumulative adopters by the end of period ``t``."""
        return bass_cumulative(t, p=self.p, q=self.q, m=self.m)


def fit_bass(adopters, *, form: str = "interval") -> BassFit:
    r"""Fit the Bass diffusion model to new adopters per period by non-linear least squares.

    Periods are numbered 1, 2, ... from launch (the data must start at launch and have no
    gaps). ``form="interval"`` (default) fits the adopters of period :math:`t` as
    :math:`N(t) - N(t-1)` (Srinivasan and Mason, 1986); ``form="density"`` fits them as
    :math:`m f(t)`, the rate at time :math:`t`, as many textbook examples do. Uses
    ``scipy.optimize.curve_fit``. Before the peak of adoptions, the market potential
    :math:`m` is poorly determined: read ``m_se``.

    Parameters
    ----------
    adopters : array-like or pandas.Series
        New adopters (or first purchases) per period, in time order, non-negative.
    form : {"interval", "density"}

    Returns
    -------
    BassFit

    Examples
    --------
    >>> import numpy as np
    >>> t = np.arange(1, 16)
    >>> new = bass_cumulative(t, p=0.02, q=0.5, m=1000) - bass_cumulative(t - 1, p=0.02, q=0.5, m=1000)
    >>> fit = fit_bass(new)
    >>> round(fit.p, 4), round(fit.q, 4), round(fit.m, 1)
    (0.02, 0.5, 1000.0)
    """
    func = "fit_bass"
    check_option(func, "form", form, ["interval", "density"])
    y = np.asarray(pd.Series(adopters).to_numpy(dtype=float))
    if y.ndim != 1 or len(y) < 4:
        raise DataError(
            f"{func}: `adopters` must be one series of at least 4 periods, got shape {y.shape}. "
            "Count new adopters per period from launch."
        )
    if not np.isfinite(y).all() or (y < 0).any():
        raise DataError(
            f"{func}: `adopters` must be non-negative numbers without gaps (NaN); fill periods "
            "with no adopters with 0."
        )
    total = float(y.sum())
    if total <= 0:
        raise DataError(f"{func}: `adopters` are all zero; there is no diffusion to fit.")
    from scipy.optimize import curve_fit

    t = np.arange(1, len(y) + 1, dtype=float)

    if form == "density":

        def model(tt, p, q, m):
            return _density(tt, p, q, m)
    else:

        def model(tt, p, q, m):
            e1, e0 = np.exp(-(p + q) * tt), np.exp(-(p + q) * (tt - 1))
            return m * ((1 - e1) / (1 + (q / p) * e1) - (1 - e0) / (1 + (q / p) * e0))

    best = None
    for p0, q0, k in [(0.03, 0.38, 2.0), (0.01, 0.1, 5.0), (0.005, 0.6, 1.3), (0.05, 0.05, 10)]:
        try:
            params, cov = curve_fit(
                model,
                t,
                y,
                p0=[p0, q0, k * total],
                bounds=([1e-6, 0.0, total * 0.5], [1.0, 5.0, total * 1e4]),
                maxfev=20000,
            )
        except RuntimeError:  # pragma: no cover - another start usually converges
            continue
        sse = float(((y - model(t, *params)) ** 2).sum())
        if best is None or sse < best[0]:
            best = (sse, params, cov)
    if best is None:  # pragma: no cover
        raise DataError(f"{func}: the Bass model did not converge on these data.")
    sse, (p, q, m), cov = best
    se = np.sqrt(np.clip(np.diag(cov), 0, None)) if np.isfinite(cov).all() else [np.nan] * 3
    ss_tot = float(((y - y.mean()) ** 2).sum())
    peak = math.log(q / p) / (p + q) if q > p else 0.0
    return BassFit(
        p=float(p),
        q=float(q),
        m=float(m),
        p_se=float(se[0]),
        q_se=float(se[1]),
        m_se=float(se[2]),
        peak_time=float(peak),
        r_squared=1 - sse / ss_tot if ss_tot > 0 else float("nan"),
        n=int(len(y)),
        form=form,
    )


# ---------------------------------------------------------------------------------------
# concentration and supplier risk


def hhi(values) -> float:
    r"""Herfindahl-Hirschman index of concentration, from 0 to 10,000.

    .. math:: HHI = \sum_i (100\, s_i)^2, \qquad s_i = x_i / \textstyle\sum_j x_j

    ``values`` are each party's volume (or shares): they are normalised to shares first.
    One supplier gives 10,000; :math:`n` equal suppliers give :math:`10{,}000/n`.

    Examples
    --------
    >>> hhi([1, 1, 1, 1])
    2500.0
    >>> hhi({"a": 70, "b": 30})
    5800.0
    """
    if isinstance(values, dict):
        values = list(values.values())
    x = np.asarray(pd.Series(values).to_numpy(dtype=float))
    if x.size == 0 or not np.isfinite(x).all() or (x < 0).any():
        raise DataError(
            "hhi: `values` must be one or more non-negative numbers (volumes or shares), "
            f"got {values!r}."
        )
    total = x.sum()
    if total == 0:
        return float("nan")  # no volume: concentration undefined
    return float(((100 * x / total) ** 2).sum())


def concentration_level(index: float) -> str:
    """Name the concentration of an HHI value by the US DOJ/FTC 2010 thresholds.

    Below 1,500 "unconcentrated", 1,500 to 2,500 "moderately concentrated", above 2,500
    "highly concentrated" (Horizontal Merger Guidelines, 2010, section 5.3; the 2023
    Merger Guidelines lowered the thresholds to 1,000 and 1,800).

    Examples
    --------
    >>> concentration_level(2657.5)
    'highly concentrated'
    """
    if not isinstance(index, (int, float, np.floating)) or not 0 <= index <= 10000:
        raise SmbkitError(
            f"concentration_level: `index` must be an HHI between 0 and 10,000, got {index!r}."
        )
    low, high = HHI_THRESHOLDS
    if index < low:
        return "unconcentrated"
    return "moderately concentrated" if index <= high else "highly concentrated"


def supplier_risk(
    data: pd.DataFrame,
    *,
    supplier: str = "supplier",
    lead_time: str = "lead_time_days",
    quantity: str | None = None,
    quoted: str | None = None,
) -> pd.DataFrame:
    r"""Share, lead time and its variability per supplier.

    The coefficient of variation :math:`CV = s / \bar{x}` of the lead time measures how
    unpredictable a supplier is, independently of how long it takes (NaN with a mean of 0).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per delivery (lot).
    supplier, lead_time : str
        Columns naming the supplier and the days from order to delivery (keyword-only).
    quantity : str, optional
        Column with the delivered volume; the share is of volume (else of deliveries).
    quoted : str, optional
        Column with the quoted lead time; adds ``late_share``, the share of deliveries
        that took longer than quoted.

    Returns
    -------
    pandas.DataFrame
        Indexed by supplier: ``deliveries``, ``share``, ``lead_time_mean``,
        ``lead_time_sd``, ``lead_time_cv`` (and ``late_share``), sorted by share.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"supplier": ["a", "a", "b", "b"], "lead_time_days": [10, 14, 5, 5]})
    >>> supplier_risk(df)["lead_time_cv"].round(3).tolist()
    [0.236, 0.0]
    """
    func = "supplier_risk"
    cols = list(data.columns)
    require_columns(func, cols, supplier=supplier, lead_time=lead_time)
    if quantity is not None:
        require_columns(func, cols, quantity=quantity)
    if quoted is not None:
        require_columns(func, cols, quoted=quoted)
    if data.empty:
        raise DataError(f"{func}: `data` has no rows; pass one row per delivery.")
    lt = pd.to_numeric(data[lead_time], errors="coerce")
    if (lt < 0).any():
        raise DataError(f"{func}: `{lead_time}` has negative lead times; fix the dates first.")
    frame = pd.DataFrame({"supplier": data[supplier].to_numpy(), "lt": lt.to_numpy()})
    frame["vol"] = (
        pd.to_numeric(data[quantity], errors="coerce").to_numpy() if quantity is not None else 1.0
    )
    if quoted is not None:
        frame["late"] = lt.to_numpy() > pd.to_numeric(data[quoted], errors="coerce").to_numpy()
    g = frame.groupby("supplier", sort=False)
    out = pd.DataFrame(
        {
            "deliveries": g.size(),
            "share": g["vol"].sum() / frame["vol"].sum(),
            "lead_time_mean": g["lt"].mean(),
            "lead_time_sd": g["lt"].std(),
        }
    )
    mean = out["lead_time_mean"].where(out["lead_time_mean"] != 0)
    out["lead_time_cv"] = out["lead_time_sd"] / mean
    if quoted is not None:
        out["late_share"] = g["late"].mean()
    out.index.name = supplier
    return out.sort_values("share", ascending=False)


# ---------------------------------------------------------------------------------------
# feedback and path dependence


def polya_urn(runs: int = 1000, steps: int = 500, *, start=(1, 1), seed: int = 0) -> np.ndarray:
    r"""Simulate a reinforcing loop: each new customer picks a firm with probability
    equal to its current share (a Pólya urn; Arthur, 1989, on increasing returns).

    Success brings more success, so the final shares do not settle near 50 % but spread
    out: which firm wins depends on early luck (**path dependence**). With start (1, 1)
    the final share of firm A is uniform between 0 and 1 in the limit.

    Parameters
    ----------
    runs : int
        Number of independent histories.
    steps : int
        New customers per history.
    start : tuple of int
        Customers each firm starts with.
    seed : int
        Seed for :func:`numpy.random.default_rng`.

    Returns
    -------
    numpy.ndarray
        Shape (runs, steps + 1): firm A's share after each new customer.

    Examples
    --------
    >>> s = polya_urn(runs=3, steps=10, seed=1)
    >>> s.shape, float(s[0, 0])
    ((3, 11), 0.5)
    """
    func = "polya_urn"
    for name, v in (("runs", runs), ("steps", steps)):
        if not isinstance(v, (int, np.integer)) or v < 1:
            raise SmbkitError(f"{func}: `{name}` must be a positive whole number, got {v!r}.")
    a0, b0 = start
    if not (a0 > 0 and b0 > 0):
        raise SmbkitError(f"{func}: `start` needs at least one customer per firm, got {start!r}.")
    rng = np.random.default_rng(seed)
    a = np.full(runs, float(a0))
    n = float(a0 + b0)
    shares = np.empty((runs, steps + 1))
    shares[:, 0] = a / n
    draws = rng.random((steps, runs))
    for k in range(steps):
        a += draws[k] < a / n
        n += 1
        shares[:, k + 1] = a / n
    return shares
