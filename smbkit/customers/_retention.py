"""N-day retention of product users by first-seen cohort, from the ``events`` table."""

from __future__ import annotations

from collections.abc import Sequence

import narwhals as nw
import numpy as np
import pandas as pd

from smbkit._errors import SmbkitError
from smbkit.customers._common import period_of
from smbkit.kpis._engagement import load_events, nobody
from smbkit.kpis._engine import to_frame
from smbkit.kpis._periods import check_freq

__all__ = ["n_day_retention"]

_FREQS = ("D", "W", "M", "Q", "Y")
_US_PER_DAY = 86_400_000_000


def _check_days(func: str, days) -> list[int]:
    values = [days] if isinstance(days, (int, np.integer)) else list(days)
    ok = bool(values) and all(
        isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d >= 1 for d in values
    )
    if not ok or len(set(values)) < len(values):
        raise SmbkitError(
            f"{func}: `days` must be whole numbers of days of 1 or more, each once, such as "
            f"(1, 7, 30), but {days!r} was passed"
        )
    return sorted(int(d) for d in values)


def n_day_retention(
    events,
    *,
    days: int | Sequence[int] = (1, 7, 30),
    user_id: str = "user_id",
    device_id: str | None = "device_id",
    time: str = "time",
    freq: str = "M",
) -> pd.DataFrame:
    """Return, per first-seen cohort, the share of users active again exactly N days later.

    Parameters
    ----------
    events : DataFrame
        One row per product-analytics event (pandas or polars DataFrame, polars LazyFrame
        or DuckDB relation).
    days : int or sequence of int, default (1, 7, 30)
        The days N after the first day to look at (1 or more).
    user_id, device_id, time : str
        Columns with the user (missing for anonymous events), the device (an anonymous
        event counts as its device's; ``None`` leaves anonymous events out) and the
        event's local time.
    freq : {"D", "W", "M", "Q", "Y"}, default "M"
        Length of a cohort: users first seen in the same period form one.

    Returns
    -------
    DataFrame
        Index ``cohort`` (start of the first-seen period, datetime64[ns]); column
        ``users`` (cohort size, int64), then one float column per N (named by the int):
        the share (0-1) of the cohort's users whose day N the data reach who had an event
        on day N. NaN where the data end before day N of every user in the cohort.

    Raises
    ------
    SmbkitError
        If ``freq`` or ``days`` is not valid.
    DataError
        If a column is missing, a time is missing or unreadable, or an event has neither a
        user nor a device id.

    Notes
    -----
    With :math:`f_u` the first day user :math:`u` had an event, :math:`C` a cohort and
    :math:`L` the data's last day,

    .. math:: r_N(C) = \\frac{|\\{u \\in C : f_u + N \\le L,\\ u \\text{ active on day }
              f_u + N\\}|}{|\\{u \\in C : f_u + N \\le L\\}|}

    "Exactly day N" (Amplitude's N-day retention), on calendar days: an event at 23:50 and
    one at 00:10 are a day apart. Users are counted as in :func:`smbkit.kpis.dau`
    (anonymous events by device). A user whose day N lies after the data's end is left out
    of that column's denominator rather than counted as gone, so recent cohorts are not
    made to look worse; their shares rest on fewer users. The first day is the first
    day *in the data*: a user active before the export began is taken for new.

    See Also
    --------
    smbkit.customers.cohort_retention : the same idea for orders, by periods since the
        first order.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.customers import n_day_retention
    >>> events = pd.DataFrame({
    ...     "user_id": ["a", "a", "b", "c", "c"], "device_id": ["p", "p", "q", "r", "r"],
    ...     "time": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-01", "2024-01-05",
    ...                             "2024-01-12"])})
    >>> n_day_retention(events, days=(1, 7))  # doctest: +NORMALIZE_WHITESPACE
                users         1         7
    cohort
    2024-01-01      3  0.333333  0.333333
    """
    func = "n_day_retention"
    check_freq(func, freq, _FREQS)
    wanted = _check_days(func, days)
    roles = {"user_id": user_id, "time": time}
    if device_id is not None:
        roles["device_id"] = device_id
    src, lf = load_events(func, events, roles)
    c = nw.col
    pairs = lf.group_by("actor", "day").agg(nw.len().alias("events"))
    firsts = (
        pairs.group_by("actor")
        .agg(c("day").min().alias("first"))
        .with_columns(period_of("first", freq).alias("cohort"))
    )
    last = src.last_day
    seen = firsts.with_columns(
        *[
            (c("first") <= nw.lit((last - pd.Timedelta(days=n)).to_pydatetime()))
            .cast(nw.Int64)
            .alias(f"seen_{n}")
            for n in wanted
        ]
    )
    sizes = to_frame(
        seen.group_by("cohort").agg(
            nw.len().alias("users"), *[c(f"seen_{n}").sum() for n in wanted]
        )
    ).sort_values("cohort")
    if sizes.empty:
        raise nobody(func, roles)
    back = to_frame(
        pairs.join(firsts, on="actor")
        .with_columns(
            ((c("day") - c("first")).dt.total_microseconds() // _US_PER_DAY)
            .cast(nw.Int64)
            .alias("age")
        )
        .filter(c("age").is_in(wanted))
        .group_by("cohort", "age")
        .agg(nw.len().alias("back"))
    )
    cohorts = pd.DatetimeIndex(
        pd.to_datetime(sizes["cohort"]).astype("datetime64[ns]"), name="cohort"
    )
    out = pd.DataFrame({"users": sizes["users"].to_numpy(dtype="int64")}, index=cohorts)
    back_cohort = pd.DatetimeIndex(pd.to_datetime(back["cohort"]).astype("datetime64[ns]"))
    for n in wanted:
        hit = back["age"].to_numpy() == n
        came = pd.Series(back["back"].to_numpy(dtype="float64")[hit], index=back_cohort[hit])
        came = came.reindex(cohorts).fillna(0.0).to_numpy()
        observed = sizes[f"seen_{n}"].to_numpy(dtype="float64")
        with np.errstate(divide="ignore", invalid="ignore"):
            out[n] = np.where(observed > 0, came / observed, np.nan)
    return out
