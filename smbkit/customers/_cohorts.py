"""Cohort retention and the pooled churn rate of a customer base."""

from __future__ import annotations

import narwhals as nw
import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit.customers._common import (
    day_after,
    distance,
    load_table,
    no_customers,
    period_of,
    period_start,
    timestamp,
)
from smbkit.kpis._engine import to_frame
from smbkit.kpis._orders import customer_activity
from smbkit.kpis._periods import FREQS, check_freq, partial_flags, previous_period

__all__ = ["churn_rate", "cohort_retention"]


def cohort_retention(
    orders,
    *,
    customer_id: str = "customer_id",
    date: str = "date",
    freq: str = "M",
    observation_end=None,
) -> pd.DataFrame:
    """Return the share of each cohort still buying, by periods since its first order.

    A **cohort** is the customers whose first order falls in the same period. Following
    each cohort separately shows whether newer customers stay better or worse than older
    ones, which a single retention rate over the whole base hides.

    Parameters
    ----------
    orders : DataFrame
        One row per order (pandas or polars DataFrame, polars LazyFrame or DuckDB
        relation). Orders without a customer id (guests) are left out.
    customer_id, date : str
        Columns with the customer id and the order's date.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Length of a cohort and of an age step; weeks start on Monday.
    observation_end : date, optional
        Last day to use (later orders are ignored); default the last order date. Set it
        to the end of the last complete period: a period the data covers only in part
        shows too few active customers.

    Returns
    -------
    DataFrame
        Index ``cohort`` (start of the first-order period, datetime64[ns]); column
        ``customers`` (cohort size, int64), then one float column per age ``0, 1, 2, ...``
        (periods since the first order): the share (0-1) of the cohort with at least one
        order in that period. Age 0 is 1.0 by definition; a cell is NaN where the age is
        not observed yet (after ``observation_end``) and 0.0 where nobody came back.

    Raises
    ------
    SmbkitError
        If ``freq`` is not an option, or ``observation_end`` cannot be read or is before
        the first order.
    DataError
        If a column is missing, a date is missing or unreadable, or no order has a
        customer id.

    Notes
    -----
    With :math:`C_c` the customers whose first order falls in period :math:`c`,

    .. math:: r_{c,k} = \\frac{|\\{i \\in C_c : i \\text{ ordered in period } c + k\\}|}{|C_c|}

    A customer who skips a period and comes back counts as active again ("share active",
    not "share never lapsed"), the usual convention for shops, where nobody cancels.

    See Also
    --------
    smbkit.kpis.retention_rate : the period-to-period retention of the whole base.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.customers import cohort_retention
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["a", "a", "b", "c", "c", None],
    ...     "date": pd.to_datetime(["2025-01-03", "2025-02-09", "2025-01-20", "2025-02-01",
    ...                             "2025-03-05", "2025-02-02"])})
    >>> cohort_retention(orders)  # doctest: +NORMALIZE_WHITESPACE
                customers    0    1    2
    cohort
    2025-01-01          2  1.0  0.5  0.0
    2025-02-01          1  1.0  1.0  NaN
    """
    func = "cohort_retention"
    check_freq(func, freq, FREQS)
    cutoff = timestamp(func, "observation_end", observation_end)
    src = load_table(func, orders, table="orders", customer=customer_id, date=date)
    if cutoff is None:
        cutoff = src.last_day
    if cutoff < src.first_day:
        raise SmbkitError(
            f"{func}: `observation_end` {cutoff.date()} is before the first order "
            f"({src.first_day.date()}); there is nothing to follow"
        )
    known = src.lf.filter(~nw.col("customer").is_null(), nw.col("date") < day_after(cutoff))
    pairs = (
        known.with_columns(period_of("date", freq).alias("period"))
        .group_by("customer", "period")
        .agg(nw.len().alias("orders"))
    )
    firsts = pairs.group_by("customer").agg(nw.col("period").min().alias("cohort"))
    counts = to_frame(
        pairs.join(firsts, on="customer").group_by("cohort", "period").agg(nw.len().alias("active"))
    )
    if counts.empty:
        raise no_customers(func, "orders", customer_id)
    cohort = pd.to_datetime(counts["cohort"]).astype("datetime64[ns]")
    period = pd.to_datetime(counts["period"]).astype("datetime64[ns]")
    age = distance(cohort, period, freq)
    cohorts = pd.DatetimeIndex(np.unique(cohort.to_numpy()), name="cohort")
    observable = distance(cohorts, period_start(cutoff, freq), freq)
    ages = np.arange(int(observable.max()) + 1)
    active = np.zeros((len(cohorts), len(ages)))
    active[cohorts.get_indexer(cohort), age] = counts["active"].to_numpy(dtype="float64")
    size = active[:, 0]
    shares = active / size[:, None]
    shares = np.where(ages[None, :] <= observable[:, None], shares, np.nan)
    out = pd.DataFrame(shares, index=cohorts, columns=list(ages))
    out.insert(0, "customers", size.astype("int64"))
    return out


def churn_rate(
    orders,
    *,
    customer_id: str = "customer_id",
    date: str = "date",
    freq: str = "M",
) -> float:
    """Return the pooled churn rate: the share of a period's customers who do not buy the next.

    One number for the whole history, for a customer-lifetime-value calculation. It
    pools every pair of consecutive complete periods, so large periods weigh more than
    small ones; :func:`smbkit.kpis.churn_rate` gives the rate period by period, in %.

    Parameters
    ----------
    orders : DataFrame
        One row per order (pandas or polars DataFrame, polars LazyFrame or DuckDB
        relation). Guests (no customer id) are left out by definition.
    customer_id, date : str
        Columns with the customer id and the order's date.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; the churn rate is "per month" for ``"M"``.

    Returns
    -------
    float
        Churn rate per period, a share between 0 and 1.

    Raises
    ------
    SmbkitError
        If ``freq`` is not an option.
    DataError
        If a column is missing, a date is missing or unreadable, the data do not cover
        two consecutive complete periods, or no customer is identified in them.

    Notes
    -----
    With :math:`A_t` the customers who ordered in period :math:`t`, over the pairs of
    consecutive periods :math:`(t-1, t)` that the data cover completely,

    .. math:: \\text{churn} = 1 - \\frac{\\sum_t |A_{t-1} \\cap A_t|}{\\sum_t |A_{t-1}|}

    Partial periods (usually the first and last) are left out: a half month looks like a
    wave of churn. In a shop, "churned" means "did not buy this period": some of those
    customers come back later, so this is an upper bound on true defection. Business
    meaning: the share of the customer base the business must win back or replace each
    period just to stand still; 1 - churn is the retention rate that
    :func:`simple_clv` takes.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.customers import churn_rate
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["a", "b", "c", "d", "a", "b", "a", "e"],
    ...     "date": pd.to_datetime(["2025-01-01", "2025-01-05", "2025-01-09", "2025-01-31",
    ...                             "2025-02-03", "2025-02-20", "2025-03-02", "2025-03-31"])})
    >>> churn_rate(orders)   # Jan -> Feb: 2 of 4 stay; Feb -> Mar: 1 of 2 stay
    0.5
    """
    func = "churn_rate"
    check_freq(func, freq, FREQS)
    agg = customer_activity(func, orders, {"date": date, "customer": customer_id}, freq)
    table = agg.table
    starts = pd.DatetimeIndex(table.index)
    full = ~np.asarray(partial_flags(starts, freq, agg.first_day, agg.last_day))
    complete = pd.Series(full, index=starts)
    before = previous_period(starts, freq)
    before_full = complete.reindex(before).fillna(False).to_numpy(dtype=bool)
    use = full & before_full
    if not use.any():
        raise DataError(
            f"{func}: orders from {agg.first_day.date()} to {agg.last_day.date()} do not "
            f"cover two consecutive complete periods (freq={freq!r}); churn compares a "
            "complete period with the one after it. Use more data or a shorter freq."
        )
    at_risk = table["active"].reindex(before).to_numpy(dtype="float64")[use].sum()
    kept = table["retained"].to_numpy(dtype="float64")[use].sum()
    if at_risk == 0:
        raise DataError(
            f"{func}: no identified customer ordered in the complete periods compared "
            f"(column {customer_id!r}, customer_id=); churn needs customers with an id"
        )
    return float(1.0 - kept / at_risk)
