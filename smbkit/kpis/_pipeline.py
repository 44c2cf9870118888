"""Sales-pipeline KPIs from the ``deals`` table: win rate, deal size, cycle, pipeline, velocity.

A deal is created on ``created`` and, once won or lost, closed on ``closed`` (missing while
open). Two kinds of number come out of it:

- **flows** count the deals *closed* in a period (win rate, average won deal, sales
  cycle) or *created* in it (new deals);
- **stocks** look at the deals *open at the period's end*: created before the end and
  not closed by then. A deal that was won later still counts as open at the end of the
  months it spent in the pipeline, so a past month's pipeline does not shrink as deals
  close. The stock is built from the flows (created minus closed, accumulated), so no
  row is visited once per period.

Periods run from the first day a deal was created to the last day a deal was created or
closed; a period those days do not cover in full is flagged partial. Every amount is in
one currency: when the table has a ``currency`` column, it may hold only one currency.
Deals without an amount (common on open deals) are left out of money sums and said so in
``note``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import narwhals as nw
import numpy as np
import pandas as pd

from smbkit._errors import DataError
from smbkit.kpis._engine import (
    Key,
    Rule,
    as_narwhals,
    load,
    on_grid,
    public,
    ratio,
    result,
    to_frame,
    to_pandas,
)
from smbkit.kpis._periods import check_freq, period_expr

__all__ = [
    "DEAL_KEY",
    "OUTCOMES",
    "average_won_deal",
    "deal_totals",
    "new_deals",
    "open_pipeline_value",
    "outcome_rule",
    "pipeline_velocity",
    "sales_cycle_days",
    "win_rate",
]

#: The values of ``deals.outcome``.
OUTCOMES = ("won", "lost", "open")

#: The deals table has one row per deal.
DEAL_KEY = Key(
    "deal_id",
    "a deal must appear once",
    "Keep one row per deal (its latest state), or read the export with smbkit.io.read_deals.",
)

NO_CLOSED = "no deals won or lost in period: denominator is zero"
NO_WON = "no deals won in period: denominator is zero"

_US_PER_DAY = 86_400_000_000.0


@dataclass(frozen=True)
class DealTotals:
    """Per-period flows and end-of-period stocks of a deals table, on the full grid."""

    table: pd.DataFrame
    first_day: pd.Timestamp
    last_day: pd.Timestamp


def outcome_rule() -> Rule:
    """Return the rule refusing an outcome other than won, lost or open."""
    return Rule(
        "outcome",
        ~nw.col("outcome").is_in(list(OUTCOMES)),
        "have an outcome other than 'won', 'lost' or 'open'",
        "outcome is 'won', 'lost' or 'open' in lower case (smbkit.io.read_deals maps a "
        "CRM's closed-won and closed-lost stages to it)",
    )


def _rules() -> list[Rule]:
    c = nw.col
    outcome = c("outcome")
    return [
        outcome_rule(),
        Rule(
            "closed",
            outcome.is_in(["won", "lost"]) & c("closed").is_null(),
            "are won or lost but have no closed date",
            "a won or lost deal needs the day it closed; fill it in or mark the deal open",
        ),
        Rule(
            "closed",
            (outcome == "open") & ~c("closed").is_null(),
            "are open but have a closed date",
            "closed is the day a deal was won or lost and is missing while it is open; an "
            "expected close date (HubSpot's closedate on open deals) belongs elsewhere",
        ),
        Rule(
            "closed",
            c("closed") < c("created"),
            "were closed before they were created",
            "closed is on or after created; a deal imported into the CRM after it closed "
            "needs its real creation date",
        ),
        Rule(
            "amount",
            c("amount") < 0,
            "have a negative amount",
            "amount is the deal's value, 0 or more (missing when not known)",
        ),
    ]


def _check_one_currency(func: str, deals) -> None:
    """Refuse a deals table whose ``currency`` column holds more than one currency."""
    frame = as_narwhals(func, deals, "deals")
    if "currency" not in frame.columns:
        return
    found = to_frame(
        frame.lazy()
        .filter(~nw.col("currency").is_null())
        .group_by("currency")
        .agg(nw.len().alias("deals"))
        .sort("currency")
    )
    if len(found) > 1:
        counts = ", ".join(
            f"{cur} ({n:,})" for cur, n in zip(found["currency"], found["deals"], strict=True)
        )
        raise DataError(
            f"{func}: deals are in {len(found)} currencies (column 'currency': {counts}); "
            "sums and averages across currencies mean nothing. Convert the amounts to one "
            "currency first, or pass the deals of one currency at a time."
        )


def deal_totals(func: str, deals, roles: Mapping[str, str], freq: str, cache=None) -> DealTotals:
    """Check ``deals`` and count its flows and stocks per period.

    Columns of the table (one row per period, the grid covering every created and closed
    day): ``created`` (deals created), ``won``, ``lost`` (deals closed so), ``won_amount``
    (sum of the amounts of the won deals that have one), ``won_priced`` (how many do),
    ``won_days`` (sum of their created-to-closed days), ``open`` (deals open at the
    period's end), ``open_value`` (sum of their amounts), ``open_unpriced`` (how many of
    them have no amount).
    """
    check_freq(func, freq)
    key = ("deal_totals", id(deals), tuple(sorted(roles.items())), freq)
    if cache is not None and key in cache:
        return cache[key]
    checked = cache is not None and ("deal_key", id(deals)) in cache
    src = load(
        func,
        deals,
        table="deals",
        roles=roles,
        dates=("created", "closed"),
        numbers=("amount",),
        required=("created", "outcome"),
        rules=_rules(),
        span="created",
        unique=None if checked else DEAL_KEY,
    )
    if not checked:
        _check_one_currency(func, deals)
        if cache is not None:
            cache[("deal_key", id(deals))] = True
    c = nw.col
    amount = c("amount").cast(nw.Float64)
    missing = amount.is_null() | amount.is_nan()
    won = c("outcome") == "won"
    lf = src.lf.with_columns(
        nw.when(missing).then(0.0).otherwise(amount).alias("amount0"),
        missing.cast(nw.Int64).alias("unpriced"),
        (~missing & (amount > 0)).cast(nw.Int64).alias("positive"),
        won.cast(nw.Int64).alias("won"),
        (c("outcome") == "lost").cast(nw.Int64).alias("lost"),
    )
    created = to_pandas(
        lf.with_columns(period_expr("created", freq).alias("period"))
        .group_by("period")
        .agg(
            nw.len().alias("created"),
            c("amount0").sum().alias("created_value"),
            c("positive").sum().alias("created_positive"),
            c("unpriced").sum().alias("created_unpriced"),
        )
    )
    days = (c("closed") - c("created")).dt.total_microseconds() / _US_PER_DAY
    closed_lf = lf.filter(~c("closed").is_null()).with_columns(
        period_expr("closed", freq).alias("period"),
        (c("won") * c("amount0")).alias("won_amount"),
        (c("won") * (1 - c("unpriced"))).alias("won_priced"),
        nw.when(won).then(days).otherwise(0.0).alias("won_days"),
    )
    closed = to_pandas(
        closed_lf.group_by("period").agg(
            nw.len().alias("closed"),
            c("won").sum(),
            c("lost").sum(),
            c("won_amount").sum(),
            c("won_priced").sum(),
            c("won_days").sum(),
            c("amount0").sum().alias("closed_value"),
            c("positive").sum().alias("closed_positive"),
            c("unpriced").sum().alias("closed_unpriced"),
        )
    )
    last = src.last_day
    if len(closed):
        last_closed = to_frame(closed_lf.select(c("closed").max()))["closed"].iloc[0]
        last = max(last, pd.Timestamp(last_closed).normalize())
    t = on_grid(created, src.first_day, last, freq).fillna(0.0)
    periods = t.index
    t = t.join(closed.set_index("period").reindex(periods).fillna(0.0))
    # A deal is open at the end of the periods from the one it was created in up to, not
    # including, the one it closed in: accumulate created minus closed.
    t["open"] = (t["created"] - t["closed"]).cumsum()
    t["open_unpriced"] = (t["created_unpriced"] - t["closed_unpriced"]).cumsum()
    open_positive = (t["created_positive"] - t["closed_positive"]).cumsum()
    value = (t["created_value"] - t["closed_value"]).cumsum()
    # With no positive amount open the sum is exactly 0 (not a rounding residue).
    t["open_value"] = value.where(open_positive > 0, 0.0)
    out = DealTotals(t, src.first_day, last)
    if cache is not None:
        cache[key] = out
    return out


def _roles(outcome, amount, created, closed) -> dict[str, str]:
    return {"outcome": outcome, "amount": amount, "created": created, "closed": closed}


def _finish(d: DealTotals, value, note, freq) -> pd.DataFrame:
    return result(d.table.index, value, note, freq=freq, first_day=d.first_day, last_day=d.last_day)


def _win_rate(deals, roles, freq, cache=None, func="win_rate"):
    d = deal_totals(func, deals, roles, freq, cache)
    t = d.table
    value, note = ratio(t["won"], t["won"] + t["lost"], scale=100.0, zero_note=NO_CLOSED)
    return _finish(d, value, note, freq)


def win_rate(
    deals, *, outcome="outcome", amount="amount", created="created", closed="closed", freq="M"
):
    """Compute the win rate: deals won over deals won or lost in the period, in percent.

    Parameters
    ----------
    deals : DataFrame
        One row per CRM deal (pandas, polars eager or lazy, or a DuckDB relation).
    outcome : str, default "outcome"
        Column with "won", "lost" or "open".
    amount : str, default "amount"
        Column with the deal's value (missing when not known). Checked, not used here.
    created, closed : str, default "created", "closed"
        Columns with the day the deal was created and the day it was won or lost
        (missing while open).
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (%), ``note``; NaN where no deal closed in the period.

    Raises
    ------
    DataError
        If a column is missing, ``deal_id`` repeats, an outcome is not won, lost or open,
        a won or lost deal has no closed date or an open one has one, a deal closed before
        it was created, an amount is negative, or the amounts are in several currencies.

    Notes
    -----
    .. math:: \\text{win rate}_t = 100 \\cdot \\frac{W_t}{W_t + L_t}

    with :math:`W_t` and :math:`L_t` the deals won and lost with a closed date in period
    :math:`t`; open deals are left out, as their outcome is not known yet. How often the
    sales effort pays off once a buyer decides.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import win_rate
    >>> deals = pd.DataFrame({
    ...     "outcome": ["won", "lost", "lost", "open"], "amount": [100.0, 50.0, 80.0, None],
    ...     "created": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-05", "2024-01-09"]),
    ...     "closed": pd.to_datetime(["2024-01-20", "2024-01-25", "2024-01-30", None])})
    >>> win_rate(deals)["value"].round(2).tolist()
    [33.33]
    """
    return public(_win_rate(deals, _roles(outcome, amount, created, closed), freq))


def _average_won_deal(deals, roles, freq, cache=None, func="average_won_deal"):
    d = deal_totals(func, deals, roles, freq, cache)
    t = d.table
    value, note = ratio(t["won_amount"], t["won_priced"], zero_note=NO_WON)
    note = note.to_numpy(dtype=object).copy()
    won, priced = t["won"].to_numpy(), t["won_priced"].to_numpy()
    for i in np.flatnonzero(priced < won):  # one step per period, not per deal
        if priced[i] == 0:
            note[i] = "none of the deals won in period has an amount: denominator is zero"
        else:
            note[i] = (
                f"{int(won[i] - priced[i])} of {int(won[i])} deals won in period have no "
                "amount: left out"
            )
    return _finish(d, value, note, freq)


def average_won_deal(
    deals, *, outcome="outcome", amount="amount", created="created", closed="closed", freq="M"
):
    """Compute the average amount of the deals won in the period.

    Parameters
    ----------
    deals : DataFrame
        One row per CRM deal.
    outcome, amount, created, closed : str
        Columns as in :func:`win_rate`; ``amount`` in the business's currency.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (currency), ``note``; NaN where no deal was won. Won deals
        without an amount are left out of both sums, and the note says how many.

    Raises
    ------
    DataError
        As :func:`win_rate`.

    Notes
    -----
    .. math:: \\bar a^{won}_t = \\frac{\\sum_{i \\in W_t} a_i}{|W_t|}

    over the deals :math:`W_t` won (closed) in period :math:`t` that have an amount. The
    deal-size lever of sales velocity: how much one win brings.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import average_won_deal
    >>> deals = pd.DataFrame({
    ...     "outcome": ["won", "won", "lost"], "amount": [100.0, 300.0, 50.0],
    ...     "created": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-05"]),
    ...     "closed": pd.to_datetime(["2024-01-20", "2024-01-25", "2024-01-30"])})
    >>> average_won_deal(deals)["value"].tolist()
    [200.0]
    """
    return public(_average_won_deal(deals, _roles(outcome, amount, created, closed), freq))


def _sales_cycle(deals, roles, freq, cache=None, func="sales_cycle_days"):
    d = deal_totals(func, deals, roles, freq, cache)
    t = d.table
    value, note = ratio(t["won_days"], t["won"], zero_note=NO_WON)
    return _finish(d, value, note, freq)


def sales_cycle_days(
    deals, *, outcome="outcome", amount="amount", created="created", closed="closed", freq="M"
):
    """Compute the mean days from creation to close of the deals won in the period.

    Parameters
    ----------
    deals : DataFrame
        One row per CRM deal.
    outcome, amount, created, closed : str
        Columns as in :func:`win_rate`.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (days, with fractions when the times carry hours),
        ``note``; NaN where no deal was won.

    Raises
    ------
    DataError
        As :func:`win_rate`.

    Notes
    -----
    .. math:: \\bar c_t = \\frac{1}{|W_t|} \\sum_{i \\in W_t} (\\text{closed}_i - \\text{created}_i)

    The mean, not the median, because it is the "sales cycle length" of the sales
    velocity formula (:func:`pipeline_velocity`): mean deal size over mean cycle is money
    per day. One deal that stalled for a year pulls the mean up; that is a real cost to
    see, but read the number of wins beside it. Lost deals are left out: how long a
    buyer takes to say no is another question.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import sales_cycle_days
    >>> deals = pd.DataFrame({
    ...     "outcome": ["won", "won"], "amount": [100.0, 300.0],
    ...     "created": pd.to_datetime(["2024-01-01", "2024-01-11"]),
    ...     "closed": pd.to_datetime(["2024-01-11", "2024-01-31"])})
    >>> sales_cycle_days(deals)["value"].tolist()
    [15.0]
    """
    return public(_sales_cycle(deals, _roles(outcome, amount, created, closed), freq))


def _new_deals(deals, roles, freq, cache=None, func="new_deals"):
    d = deal_totals(func, deals, roles, freq, cache)
    t = d.table
    note = np.where(t["created"] == 0, "no deals created in period", None)
    return _finish(d, t["created"], note, freq)


def new_deals(
    deals, *, outcome="outcome", amount="amount", created="created", closed="closed", freq="M"
):
    """Count the deals created in each period.

    Parameters
    ----------
    deals : DataFrame
        One row per CRM deal.
    outcome, amount, created, closed : str
        Columns as in :func:`win_rate`.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (count), ``note`` ("no deals created in period" for 0).

    Raises
    ------
    DataError
        As :func:`win_rate`.

    Notes
    -----
    .. math:: N_t = |\\{i : \\text{created}_i \\in t\\}|

    Whatever their outcome since. The top of the funnel: the deals that will be won or
    lost in the months to come.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import new_deals
    >>> deals = pd.DataFrame({
    ...     "outcome": ["won", "open", "open"], "amount": [100.0, None, 80.0],
    ...     "created": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-02-05"]),
    ...     "closed": pd.to_datetime(["2024-02-20", None, None])})
    >>> new_deals(deals)["value"].tolist()
    [2.0, 1.0]
    """
    return public(_new_deals(deals, _roles(outcome, amount, created, closed), freq))


def _open_value(deals, roles, freq, cache=None, func="open_pipeline_value"):
    d = deal_totals(func, deals, roles, freq, cache)
    t = d.table
    n_open = t["open"].to_numpy()
    unpriced = t["open_unpriced"].to_numpy()
    note = np.full(len(t), None, dtype=object)
    note[n_open == 0] = "no deals open at period end"
    for i in np.flatnonzero(unpriced > 0):
        note[i] = (
            f"{int(unpriced[i])} of {int(n_open[i])} deals open at period end have no "
            "amount: not counted"
        )
    return _finish(d, t["open_value"], note, freq)


def open_pipeline_value(
    deals, *, outcome="outcome", amount="amount", created="created", closed="closed", freq="M"
):
    """Sum the amounts of the deals open at the end of each period.

    Parameters
    ----------
    deals : DataFrame
        One row per CRM deal.
    outcome, amount, created, closed : str
        Columns as in :func:`win_rate`; ``amount`` in the business's currency.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (currency, 0 or more), ``note`` (how many open deals have
        no amount and are not counted).

    Raises
    ------
    DataError
        As :func:`win_rate`.

    Notes
    -----
    With :math:`e_t` the end of period :math:`t`,

    .. math:: P_t = \\sum_{i : \\text{created}_i \\le e_t \\,\\wedge\\,
              (\\text{closed}_i \\text{ missing} \\,\\vee\\, \\text{closed}_i > e_t)} a_i

    A deal won or lost later was open then, so it counts: the pipeline of a past month
    does not change as its deals close. Unweighted (not multiplied by a stage
    probability). The money the sales team could still bring in; the last period, if
    partial, shows the pipeline on the last day of the data.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import open_pipeline_value
    >>> deals = pd.DataFrame({
    ...     "outcome": ["won", "open", "open"], "amount": [100.0, None, 80.0],
    ...     "created": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-02-05"]),
    ...     "closed": pd.to_datetime(["2024-02-20", None, None])})
    >>> out = open_pipeline_value(deals)
    >>> out["value"].tolist()   # January: 100 + (no amount); February: (no amount) + 80
    [100.0, 80.0]
    >>> out["note"].iloc[0]
    '1 of 2 deals open at period end have no amount: not counted'
    """
    return public(_open_value(deals, _roles(outcome, amount, created, closed), freq))


def _velocity(deals, roles, freq, cache=None, func="pipeline_velocity"):
    rate = _win_rate(deals, roles, freq, cache, func)
    size = _average_won_deal(deals, roles, freq, cache, func)
    cycle = _sales_cycle(deals, roles, freq, cache, func)
    d = deal_totals(func, deals, roles, freq, cache)
    n_open = d.table["open"].to_numpy()
    days = cycle["value"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        value = n_open * rate["value"].to_numpy() / 100.0 * size["value"].to_numpy() / days
    value = np.where(days == 0, np.nan, value)
    note = np.full(len(n_open), None, dtype=object)
    for frame in (cycle, size, rate):
        has = (frame["note"].notna() & frame["value"].isna()).to_numpy()
        note = np.where(has, frame["note"].to_numpy(dtype=object), note)
    note = np.where(
        days == 0,
        "the deals won in period closed the moment they were created: mean sales cycle is "
        "zero, velocity undefined",
        note,
    )
    return _finish(d, value, note, freq)


def pipeline_velocity(
    deals, *, outcome="outcome", amount="amount", created="created", closed="closed", freq="M"
):
    """Compute pipeline (sales) velocity: the money the pipeline brings in per day.

    Parameters
    ----------
    deals : DataFrame
        One row per CRM deal.
    outcome, amount, created, closed : str
        Columns as in :func:`win_rate`; ``amount`` in the business's currency.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (currency per day), ``note``; NaN (with the reason) where
        no deal was won or lost in the period, or the won deals have no amount or a
        sales cycle of zero days.

    Raises
    ------
    DataError
        As :func:`win_rate`.

    Notes
    -----
    The "sales velocity" formula as Salesforce and HubSpot publish it:

    .. math:: V_t = \\frac{O_t \\cdot (\\text{win rate}_t / 100) \\cdot \\bar a^{won}_t}
              {\\bar c_t}

    with :math:`O_t` the number of deals open at the end of period :math:`t` (priced or
    not: the average won deal stands for each), and the win rate (:func:`win_rate`),
    average won deal (:func:`average_won_deal`) and mean sales cycle in days
    (:func:`sales_cycle_days`) of the deals closed in the same period. Each lever moves it
    in proportion, the cycle inversely: a summary of how fast the pipeline turns into
    money, for comparing periods, not a forecast. With few deals a month the closed-deal
    terms swing; prefer "Q".

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import pipeline_velocity
    >>> deals = pd.DataFrame({  # won 1 of 2 (50 %), 300 in 30 days; 4 deals still open
    ...     "outcome": ["won", "lost", "open", "open", "open", "open"],
    ...     "amount": [300.0, 100.0, 10.0, 20.0, None, 40.0],
    ...     "created": pd.to_datetime(["2024-01-01"] * 6),
    ...     "closed": pd.to_datetime(["2024-01-31", "2024-01-15", None, None, None, None])})
    >>> pipeline_velocity(deals)["value"].tolist()   # 4 * 0.5 * 300 / 30
    [20.0]
    """
    return public(_velocity(deals, _roles(outcome, amount, created, closed), freq))
