"""Unit economics of customers: acquisition cost by channel, simple CLV, LTV:CAC, payback."""

from __future__ import annotations

import math

import narwhals as nw
import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit.customers._common import day_after, timestamp
from smbkit.kpis._engine import Rule, load, to_frame

__all__ = ["UNKNOWN_CHANNEL", "cac_by_channel", "cac_payback_months", "ltv_to_cac", "simple_clv"]

#: The channel label of customers whose acquisition channel is missing.
UNKNOWN_CHANNEL = "(unknown)"

_NO_CUSTOMERS = "no new customers attributed to this channel: CAC is undefined"
_NO_SPEND = "no marketing spend recorded for this channel (organic): CAC is 0"


def _number(func: str, arg: str, value: object) -> float:
    if isinstance(value, bool):
        raise SmbkitError(f"{func}: `{arg}` must be a number, but {value!r} was passed")
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SmbkitError(f"{func}: `{arg}` must be a number, but {value!r} was passed") from None
    if not math.isfinite(x):
        raise SmbkitError(f"{func}: `{arg}` must be a finite number, but {value!r} was passed")
    return x


def cac_by_channel(
    marketing,
    customers,
    *,
    channel: str = "channel",
    spend: str = "spend",
    date: str = "date",
    acquisition_channel: str = "acquisition_channel",
    first_order_date: str = "first_order_date",
    start=None,
    end=None,
) -> pd.DataFrame:
    """Compute customer acquisition cost (CAC) per marketing channel.

    Parameters
    ----------
    marketing : DataFrame
        One row per channel and day with the money spent (the canonical ``marketing``
        table); pandas or polars DataFrame, polars LazyFrame or DuckDB relation.
    customers : DataFrame
        One row per customer with the channel that brought them in and the date of
        their first order (the canonical ``customers`` table).
    channel, spend, date : str
        Columns of ``marketing``: the channel, the money spent (USD, 0 or more), the day.
    acquisition_channel, first_order_date : str
        Columns of ``customers``. Channel names must match ``marketing``'s for spend and
        customers to meet; a missing channel counts as ``"(unknown)"``.
    start, end : date, optional
        The window, both days included: spend on those days and customers whose first
        order falls in it. Default: the days the marketing table covers.

    Returns
    -------
    DataFrame
        One row per channel found in either table, sorted by channel: ``channel``,
        ``spend`` (USD), ``new_customers``, ``cac`` (USD per new customer) and ``note``.
        CAC is NaN, with a note, for a channel that spent money but won nobody (no
        denominator); 0, with a note, for a channel that won customers without recorded
        spend (walk-ins, referrals).

    Raises
    ------
    SmbkitError
        If ``start`` or ``end`` cannot be read, or ``start`` is after ``end``.
    DataError
        If a column is missing, a date or spend is missing or unreadable, or spend is
        negative.

    Notes
    -----
    .. math:: CAC_c = \\frac{\\sum_{\\text{days in window}} \\text{spend}_c}
              {|\\{\\text{customers acquired through } c \\text{ in the window}\\}|}

    An attribution by the customer's stated first channel: it gives a channel credit
    only for customers who name it, so channels that work on customers who then walk in
    look worse than they are. Business meaning: what one new customer costs through
    each channel, to compare with what a customer is worth (:func:`ltv_to_cac`).

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.customers import cac_by_channel
    >>> marketing = pd.DataFrame({
    ...     "date": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-01-02"]),
    ...     "channel": ["search", "print", "search"], "spend": [30.0, 25.0, 30.0]})
    >>> customers = pd.DataFrame({
    ...     "customer_id": ["a", "b", "c", "d"],
    ...     "first_order_date": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-02",
    ...                                         "2025-01-02"]),
    ...     "acquisition_channel": ["search", "search", "search", "walk_in"]})
    >>> cac_by_channel(marketing, customers)[["channel", "spend", "new_customers", "cac"]]
       channel  spend  new_customers   cac
    0    print   25.0              0   NaN
    1   search   60.0              3  20.0
    2  walk_in    0.0              1   0.0
    """
    func = "cac_by_channel"
    first = timestamp(func, "start", start)
    last = timestamp(func, "end", end)
    m = load(
        func,
        marketing,
        table="marketing",
        roles={"channel": channel, "spend": spend, "date": date},
        dates=("date",),
        numbers=("spend",),
        required=("date", "spend", "channel"),
        rules=[
            Rule(
                "spend",
                nw.col("spend") < 0,
                "have negative spend",
                "spend is money paid out, 0 or more",
            )
        ],
        span="date",
    )
    c = load(
        func,
        customers,
        table="customers",
        roles={"channel": acquisition_channel, "date": first_order_date},
        dates=("date",),
        required=("date",),
        span="date",
    )
    first = m.first_day if first is None else first
    last = m.last_day if last is None else last
    if first > last:
        raise SmbkitError(
            f"{func}: `start` ({first.date()}) is after `end` ({last.date()}); the window "
            "must run forward in time"
        )

    def window(lf: nw.LazyFrame) -> nw.LazyFrame:
        return lf.filter(nw.col("date") >= first.to_pydatetime(), nw.col("date") < day_after(last))

    spent = to_frame(window(m.lf).group_by("channel").agg(nw.col("spend").sum()))
    won = to_frame(
        window(c.lf)
        .with_columns(nw.col("channel").fill_null(UNKNOWN_CHANNEL))
        .group_by("channel")
        .agg(nw.len().alias("new_customers"))
    )
    spent = spent.set_index(spent["channel"].astype("str"))["spend"]
    won = won.set_index(won["channel"].astype("str"))["new_customers"]
    channels = sorted(set(spent.index) | set(won.index))
    if not channels:
        raise DataError(
            f"{func}: no spend and no new customers between {first.date()} and "
            f"{last.date()}; choose a window the two tables cover"
        )
    spend_v = spent.reindex(channels).fillna(0.0).to_numpy(dtype="float64")
    new_v = won.reindex(channels).fillna(0).to_numpy(dtype="int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        cac = np.where(new_v > 0, spend_v / new_v, np.nan)
    note = np.where(new_v == 0, _NO_CUSTOMERS, np.where(spend_v == 0, _NO_SPEND, None))
    return pd.DataFrame(
        {
            "channel": pd.Series(channels, dtype="str"),
            "spend": spend_v,
            "new_customers": new_v,
            "cac": cac,
            "note": pd.Series(note, dtype="str"),
        }
    )


def simple_clv(margin_per_period: float, retention: float, *, discount_rate: float = 0.0) -> float:
    """Return a customer's lifetime value from a constant margin and retention rate.

    Parameters
    ----------
    margin_per_period : float
        Average margin (revenue less the cost of what was sold) per retained customer per
        period, in currency. May be negative (then so is the value).
    retention : float
        Share of customers who stay from one period to the next, between 0 and 1
        (1 - :func:`churn_rate`).
    discount_rate : float, default 0.0
        Cost of money per period (0.01 = 1 % a month), 0 or more.

    Returns
    -------
    float
        Expected discounted margin of a customer over the periods after the current one.

    Raises
    ------
    SmbkitError
        If a value is not a finite number, ``retention`` is outside [0, 1],
        ``discount_rate`` is negative, or ``retention`` is 1 with no discount (an
        infinite lifetime).

    Notes
    -----
    With margin :math:`m` per period, retention :math:`r` and discount rate :math:`d`,
    a customer still there after :math:`t` periods (probability :math:`r^t`) brings
    :math:`m` at the end of period :math:`t`:

    .. math::

        CLV = \\sum_{t=1}^{\\infty} \\frac{m \\, r^t}{(1 + d)^t}
            = m \\cdot \\frac{r}{1 + d - r}

    The factor :math:`r / (1 + d - r)` is the retention-based expected (discounted)
    lifetime in periods, the "margin multiple" of Gupta & Lehmann (2003, "Customers as
    Assets", Journal of Interactive Marketing 17(1), 9-24). With :math:`d = 0` it is
    :math:`r / (1 - r)`, the expected number of further periods. Margin, retention and
    discount rate must use the same period. The formula assumes constant margin and
    retention; it leaves out the first period's margin (add it to value a brand-new
    customer) and the acquisition cost (compare with :func:`ltv_to_cac`).

    Examples
    --------
    >>> from smbkit.customers import simple_clv
    >>> round(simple_clv(100.0, 0.8, discount_rate=0.12), 2)  # margin multiple 0.8 / 0.32
    250.0
    >>> simple_clv(10.0, 0.5)                          # 0.5 / 0.5 = 1 further period
    10.0
    """
    func = "simple_clv"
    m = _number(func, "margin_per_period", margin_per_period)
    r = _number(func, "retention", retention)
    d = _number(func, "discount_rate", discount_rate)
    if not 0.0 <= r <= 1.0:
        raise SmbkitError(
            f"{func}: `retention` must be a share between 0 and 1, but {retention!r} was "
            "passed; a retention of 85 % is 0.85"
        )
    if d < 0:
        raise SmbkitError(
            f"{func}: `discount_rate` must be 0 or more, but {discount_rate!r} was passed"
        )
    if r == 1.0 and d == 0.0:
        raise SmbkitError(
            f"{func}: `retention` is 1 and `discount_rate` is 0, so the expected lifetime "
            "is infinite; use a measured retention below 1 or a positive discount rate"
        )
    return m * r / (1.0 + d - r)


def ltv_to_cac(ltv: float, cac: float) -> float:
    """Return the LTV:CAC ratio: what a customer is worth per unit of money spent to win one.

    Parameters
    ----------
    ltv : float
        Customer lifetime value (e.g. :func:`simple_clv`), in currency.
    cac : float
        Customer acquisition cost (e.g. from :func:`cac_by_channel`), in currency, 0 or
        more.

    Returns
    -------
    float
        LTV / CAC; NaN when ``cac`` is 0 (customers won without recorded spend: the ratio
        is undefined, not infinite).

    Raises
    ------
    SmbkitError
        If a value is not a finite number or ``cac`` is negative.

    Notes
    -----
    .. math:: \\text{LTV:CAC} = \\frac{CLV}{CAC}

    Below 1 each new customer destroys value; a common rule of thumb for a healthy
    business is about 3 (a rule of thumb, not a law: it depends on margins and cash).

    Examples
    --------
    >>> from smbkit.customers import ltv_to_cac
    >>> ltv_to_cac(150.0, 50.0)
    3.0
    """
    func = "ltv_to_cac"
    value = _number(func, "ltv", ltv)
    cost = _number(func, "cac", cac)
    if cost < 0:
        raise SmbkitError(f"{func}: `cac` must be 0 or more, but {cac!r} was passed")
    if cost == 0:
        return math.nan
    return value / cost


def cac_payback_months(cac: float, monthly_margin_per_customer: float) -> float:
    """Return the months of a customer's margin it takes to earn back what winning them cost.

    Parameters
    ----------
    cac : float
        Customer acquisition cost, in currency, 0 or more.
    monthly_margin_per_customer : float
        Average margin per active customer per month, in currency.

    Returns
    -------
    float
        Months; NaN when the monthly margin is 0 or negative (the cost is never earned
        back, so there is no payback time).

    Raises
    ------
    SmbkitError
        If a value is not a finite number or ``cac`` is negative.

    Notes
    -----
    .. math:: \\text{payback} = \\frac{CAC}{m_{\\text{month}}}

    A simple payback that assumes the customer stays: compare it with the expected
    lifetime (a customer who leaves after 4 months never pays back a 6-month CAC).
    Business meaning: how long the business must finance each new customer.

    Examples
    --------
    >>> from smbkit.customers import cac_payback_months
    >>> cac_payback_months(60.0, 15.0)
    4.0
    """
    func = "cac_payback_months"
    cost = _number(func, "cac", cac)
    margin = _number(func, "monthly_margin_per_customer", monthly_margin_per_customer)
    if cost < 0:
        raise SmbkitError(f"{func}: `cac` must be 0 or more, but {cac!r} was passed")
    if margin <= 0:
        return math.nan
    return cost / margin
