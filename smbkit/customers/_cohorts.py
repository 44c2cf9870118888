"""Cohort retention and the pooled churn rate of a customer base."""

from __future__ import annotations

import narwhals as nw
import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import closest
from smbkit.customers._common import (
    day_after,
    distance,
    load_table,
    no_customers,
    period_of,
    period_start,
    timestamp,
)
from smbkit.kpis._engine import ORDER_KEY, Rule, Source, as_narwhals, load, to_frame
from smbkit.kpis._orders import customer_activity
from smbkit.kpis._periods import FREQS, check_freq, partial_flags, previous_period

__all__ = ["churn_rate", "cohort_retention", "load_segmented", "segment_columns"]

#: Separates the segment values in the one text key a join can match (a missing value
#: cannot be matched by a join on every engine, a text key can).
_SEP = "\x1f"
_MISSING = "\x00missing"


def segment_columns(func: str, data, table: str, by, reserved) -> list[str]:
    """Check ``by`` (a column name or list of them) against ``data`` and return it as a list."""
    if by is None:
        return []
    names = [by] if isinstance(by, str) else list(by) if isinstance(by, (list, tuple)) else []
    if not names or not all(isinstance(n, str) for n in names) or len(set(names)) < len(names):
        raise SmbkitError(
            f"{func}: `by` must be a column name or a list of distinct column names such as "
            f"'location' or ['location', 'channel'], but {by!r} was passed."
        )
    clash = [n for n in names if n in reserved]
    if clash:
        raise SmbkitError(
            f"{func}: `by` column(s) {clash!r} clash with the result's {sorted(reserved)!r}; "
            "rename them in the table first."
        )
    frame = as_narwhals(func, data, table)
    schema = frame.collect_schema() if hasattr(frame, "collect_schema") else frame.schema
    have = list(schema.names())
    lacking = [n for n in names if n not in have]
    if lacking:
        hint = closest(lacking[0], have)
        tail = f" Did you mean {hint[0]!r}?" if hint else ""
        raise DataError(
            f"{func}: by={names!r} names column(s) {lacking!r} that {table} does not have; "
            f"its columns are {have!r}.{tail}"
        )
    return names


def load_segmented(
    func: str,
    data,
    *,
    table: str,
    customer: str,
    date: str,
    by: list[str],
    value: str | None = None,
    value_problem: str = "have a negative value",
    value_fix: str = "",
) -> Source:
    """:func:`smbkit.customers._common.load_table` keeping the ``by`` columns too.

    The lazy frame has ``customer``, ``date``, ``value`` (when given) and ``__seg0``,
    ``__seg1``... (the ``by`` columns, in order).
    """
    roles = {"customer": customer, "date": date}
    numbers: tuple[str, ...] = ()
    rules = []
    if value is not None:
        roles["value"] = value
        numbers = ("value",)
        rules.append(Rule("value", nw.col("value") < 0, value_problem, value_fix))
    roles.update({f"__seg{i}": column for i, column in enumerate(by)})
    return load(
        func,
        data,
        table=table,
        roles=roles,
        dates=("date",),
        numbers=numbers,
        required=("date", *numbers),
        rules=rules,
        span="date",
        unique=ORDER_KEY,
    )


def _segment_key(n: int) -> nw.Expr:
    """One text key for the segment columns ``__seg0..``, a missing value as a marker."""
    parts = [nw.col(f"__seg{i}").cast(nw.String).fill_null(_MISSING) for i in range(n)]
    return parts[0] if n == 1 else nw.concat_str(parts, separator=_SEP)


def _segment_labels(lf, by: list[str]) -> pd.DataFrame:
    """The segments' values by key (index ``__segkey``), sorted, a missing value last."""
    keys = [f"__seg{i}" for i in range(len(by))]
    labels = to_frame(lf.select(_segment_key(len(by)).alias("__segkey"), *keys).unique())
    labels = labels.rename(columns=dict(zip(keys, by, strict=True)))
    for column in by:
        if pd.api.types.is_object_dtype(labels[column]) or pd.api.types.is_string_dtype(
            labels[column]
        ):
            labels[column] = labels[column].astype("str")
    labels = labels.sort_values(by, na_position="last", kind="stable")
    return labels.set_index("__segkey")


def cohort_retention(
    orders,
    *,
    customer_id: str = "customer_id",
    date: str = "date",
    freq: str = "M",
    observation_end=None,
    by=None,
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
    by : str or list of str, optional
        Segment column(s) (``"location"``, ``"channel"``, a client...): cohorts are
        formed and followed within each segment. A customer's cohort in a segment is the
        period of her first order *in that segment*, and she is active there in the
        periods she ordered there; a missing segment value is a segment of its own.

    Returns
    -------
    DataFrame
        Index ``cohort`` (start of the first-order period, datetime64[ns]); column
        ``customers`` (cohort size, int64), then one float column per age ``0, 1, 2, ...``
        (periods since the first order): the share (0-1) of the cohort with at least one
        order in that period. Age 0 is 1.0 by definition; a cell is NaN where the age is
        not observed yet (after ``observation_end``) and 0.0 where nobody came back.
        With ``by``: the index is a MultiIndex, the ``by`` columns then ``cohort``
        (segments sorted, a missing value last), with the cohorts each segment has; the
        age columns run to the oldest observable age of any cohort.

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

    Per shop: ``a`` is in shop x's January cohort and in shop y's February cohort.

    >>> orders["shop"] = ["x", "y", "x", "y", "y", "x"]
    >>> cohort_retention(orders, by="shop")  # doctest: +NORMALIZE_WHITESPACE
                     customers    0    1    2
    shop cohort
    x    2025-01-01          2  1.0  0.0  0.0
    y    2025-02-01          2  1.0  0.5  NaN
    """
    func = "cohort_retention"
    check_freq(func, freq, FREQS)
    cutoff = timestamp(func, "observation_end", observation_end)
    by = segment_columns(func, orders, "orders", by, {"cohort", "customers"})
    if by:
        src = load_segmented(func, orders, table="orders", customer=customer_id, date=date, by=by)
    else:
        src = load_table(func, orders, table="orders", customer=customer_id, date=date)
    if cutoff is None:
        cutoff = src.last_day
    if cutoff < src.first_day:
        raise SmbkitError(
            f"{func}: `observation_end` {cutoff.date()} is before the first order "
            f"({src.first_day.date()}); there is nothing to follow"
        )
    known = src.lf.filter(~nw.col("customer").is_null(), nw.col("date") < day_after(cutoff))
    if by:
        return _segmented(func, known, by, freq, cutoff, customer_id)
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


def _segmented(func, known, by, freq, cutoff, customer_id) -> pd.DataFrame:
    """cohort_retention within each segment (``known``: identified customers' orders)."""
    keyed = known.with_columns(
        _segment_key(len(by)).alias("__segkey"), period_of("date", freq).alias("period")
    )
    pairs = keyed.group_by("__segkey", "customer", "period").agg(nw.len().alias("orders"))
    firsts = pairs.group_by("__segkey", "customer").agg(nw.col("period").min().alias("cohort"))
    counts = to_frame(
        pairs.join(firsts, on=["__segkey", "customer"])
        .group_by("__segkey", "cohort", "period")
        .agg(nw.len().alias("active"))
    )
    if counts.empty:
        raise no_customers(func, "orders", customer_id)
    labels = _segment_labels(keyed, by)
    cohort = pd.to_datetime(counts["cohort"]).astype("datetime64[ns]")
    period = pd.to_datetime(counts["period"]).astype("datetime64[ns]")
    age = distance(cohort, period, freq)
    order = pd.Series(np.arange(len(labels)), index=labels.index)
    rows = (
        pd.DataFrame({"seg": order.reindex(counts["__segkey"]).to_numpy(), "cohort": cohort})
        .drop_duplicates()
        .sort_values(["seg", "cohort"], kind="stable")
    )
    index = pd.MultiIndex.from_frame(rows)
    observable = distance(pd.DatetimeIndex(rows["cohort"]), period_start(cutoff, freq), freq)
    ages = np.arange(int(observable.max()) + 1)
    active = np.zeros((len(index), len(ages)))
    at = index.get_indexer(pd.MultiIndex.from_arrays([order.reindex(counts["__segkey"]), cohort]))
    active[at, age] = counts["active"].to_numpy(dtype="float64")
    size = active[:, 0]
    shares = active / size[:, None]
    shares = np.where(ages[None, :] <= observable[:, None], shares, np.nan)
    segs = labels.iloc[rows["seg"].to_numpy()].reset_index(drop=True)
    names = pd.MultiIndex.from_frame(segs.assign(cohort=rows["cohort"].to_numpy()))
    out = pd.DataFrame(shares, index=names, columns=list(ages))
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
