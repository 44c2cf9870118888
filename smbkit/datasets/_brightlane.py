"""Simulate Brightlane, a B2B software-as-a-service company, from 2023-01 to 2025-12.

The story
---------
Brightlane sells a team workspace by the seat and month on three plans (PLANS: starter,
growth, enterprise; prices per seat rise 8 % on 2025-01-01) to small businesses
(``smb``), mid-market companies and enterprises (SEGMENTS) in three regions. New accounts
come from four acquisition channels (CHANNELS): each month's ``marketing`` spend buys
Poisson leads at a cost per lead (CPL) and each lead signs up with a channel-specific
probability (CONVERSION), so ``signups`` are exactly the accounts with that channel and
signup month. Spend grows 25 % a year. The simulation starts in January 2021 so that the
tables open on a customer base with history; they hold every account active at some
time from 2023-01-01 and the months, usage and tickets from 2023-01 on.

An account's seats are lognormal by segment (SEATS); healthy accounts add seats now and
then (EXPAND), troubled ones cut seats (CONTRACT). MRR = seats x the plan's price per
seat x (1 - the account's negotiated discount). A subscription is billed monthly; an
account that cancels (``churn_date``) keeps its service to the end of that month, so its
last row in ``subscriptions`` is the churn month.

Why accounts churn: trouble first, churn later
----------------------------------------------
Each month a healthy account runs into **trouble** (a failed integration, its champion
leaves, a bug that blocks its workflow) with probability ONSET[segment] times the
account's fragility (lognormal) times a company-wide factor ``Q`` (a monthly AR(1) in
logs, QUALITY_PHI and QUALITY_SD, times INCIDENTS: a sync outage in 2023-09, a buggy
major release in 2024-05/06 and the price rise in 2025-01), doubled in an account's first
two months (onboarding). From the month trouble starts (month 0 of the episode):

- its support **tickets** rate is multiplied by TICKET_TROUBLE (3 in month 0, 2.5 in
  month 1, 2 later), with more bugs and integration issues and higher priorities;
- the share of its seats in use and the feature events per active user are multiplied by
  USAGE_TROUBLE (0.60 in month 0, 0.50, 0.45, then 0.40; sessions per user by the square
  root): **usage** and the **engagement score** fall at once and keep sliding;
- at the end of every trouble month it recovers with probability RESOLVE (20 %);
- from month 1 on it **churns** with probability CHURN_AFTER (45 % in month 1, 35 %,
  30 %, then 20 % a month).

So about 57 % of trouble episodes end in churn: 36 % of episodes in the month after
trouble starts, 12 % a month later, the rest later still. A rise in tickets and a fall in
usage and engagement in the 1-3 months before churn is the typical path. It is not the
only one: every account also churns out of the blue with probability BASE_CHURN[segment]
a month (acquired, budget cut), and two in five troubled accounts recover. Tickets also
rise for everybody when ``Q`` is high (bugs annoy healthy customers too). In monthly
totals, therefore, changes in the number of tickets and in the mean engagement score
come one month before changes in the number of churned accounts (on the bundled data
:func:`smbkit.analysis.alignment_report` calls both leading indicators), while total
active users, dominated by a few large accounts, show no reliable lead. December and
August are a little quieter (SEASON_USAGE, SEASON_TICKETS) without any effect on churn.

The engagement score is a documented composite of the other usage columns,

.. math:: \\text{engagement} = \\operatorname{round}\\Big(100 \\big(0.5\\,a + 0.3
          \\min(1, e / (60 u)) + 0.2 \\min(1, s / (16 u))\\big)\\Big)

with ``u`` active users, ``a = u / seats`` (adoption), ``e`` feature events and ``s``
sessions in the month (0 when nobody was active), so it lies in 0-100.

Tickets: category and priority depend on trouble; resolution hours are lognormal around
a median by priority (RESOLUTION_HOURS), longer for bugs and integrations and when the
month's ticket volume is above its six-month average (a stretched support team).

``scale`` multiplies marketing spend, hence leads, accounts, tickets and money; not the
calendar or the prices. Randomness comes from one :class:`numpy.random.SeedSequence` per
``seed``, spawned into independent streams per part. Accounts, usage and tickets are
vectorised; the loop runs over the 60 simulated months.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit.datasets._brightlane_schema import PACKAGE
from smbkit.datasets._daily_crumb import _cents, _ids, _labels
from smbkit.datasets._package import conform

__all__ = ["simulate"]

SIM_START = pd.Timestamp("2021-01-01")  # first simulated month (history before the tables)
START = pd.Timestamp("2023-01-01")  # first month in the tables
END = pd.Timestamp("2025-12-31")
PRICE_RISE = ("2025-01-01", 1.08)

SEGMENTS = ("smb", "mid_market", "enterprise")
REGIONS = ("North America", "Europe", "APAC")
REGION_P = np.array([0.55, 0.33, 0.12])
CHANNELS = ("paid_search", "content", "outbound", "partner")
SPEND = np.array([18_000.0, 12_000.0, 25_000.0, 8_000.0])  # USD per month in 2023, by channel
SPEND_GROWTH = 1.25  # per year
CPL = np.array([150.0, 90.0, 300.0, 200.0])  # cost per lead, USD
CONVERSION = np.array([0.08, 0.06, 0.12, 0.20])  # lead -> signup
SEGMENT_BY_CHANNEL = np.array(
    [[0.80, 0.18, 0.02], [0.75, 0.22, 0.03], [0.30, 0.50, 0.20], [0.45, 0.45, 0.10]]
)
PLANS = ("starter", "growth", "enterprise")
PRICE = np.array([15.0, 29.0, 49.0])  # USD per seat and month before 2025
PLAN_BY_SEGMENT = np.array([[0.7, 0.3, 0.0], [0.0, 0.8, 0.2], [0.0, 0.0, 1.0]])
SEATS = ((8.0, 0.5, 2), (30.0, 0.45, 10), (120.0, 0.5, 40))  # median, log sd, minimum
DISCOUNT = ((0.0, 0.0), (0.0, 0.10), (0.10, 0.25))  # negotiated discount range, by segment
EXPAND = (0.03, 1.10, 1.40)  # healthy: chance a month, seat multiplier range
CONTRACT = (0.15, 0.70, 0.90)  # troubled: chance a month, seat multiplier range
UPGRADE = 0.01  # healthy starter -> growth, and growth -> enterprise from 25 seats, a month

ONSET = np.array([0.035, 0.022, 0.014])  # monthly chance of trouble at Q = 1, by segment
FRAGILITY_SD = 0.5
QUALITY_PHI, QUALITY_SD = 0.5, 0.60
INCIDENTS = {"2023-09": 2.5, "2024-05": 3.0, "2024-06": 1.8, "2025-01": 2.0}
TICKET_TROUBLE = np.array([3.0, 2.5, 2.0])  # by month of the episode (0, 1, 2+)
USAGE_TROUBLE = np.array([0.60, 0.50, 0.45, 0.40])  # by month of the episode (0, 1, 2, 3+)
CHURN_AFTER = np.array([0.0, 0.45, 0.35, 0.30, 0.20])  # by month of the episode (0..4+)
RESOLVE = 0.20
BASE_CHURN = np.array([0.005, 0.003, 0.002])  # out-of-the-blue churn a month, by segment
TICKETS_BASE = np.array([0.35, 0.9, 2.2])  # tickets a month when healthy, by segment
SEASON_USAGE = np.array([1.0, 1, 1, 1, 1, 1, 0.99, 0.98, 1, 1, 1, 0.96])
SEASON_TICKETS = np.array([1.0, 1, 1, 1, 1, 1, 0.98, 0.96, 1, 1, 1, 0.93])
EVENTS_TARGET, SESSIONS_TARGET = 60.0, 16.0  # per active user a month: full marks

CATEGORIES = ("how_to", "bug", "integration", "billing", "feature_request")
CATEGORY_P = np.array([[0.35, 0.20, 0.15, 0.10, 0.20], [0.15, 0.35, 0.30, 0.12, 0.08]])
PRIORITIES = ("low", "normal", "high", "urgent")
PRIORITY_P = np.array([[0.30, 0.50, 0.15, 0.05], [0.12, 0.40, 0.32, 0.16]])
RESOLUTION_HOURS = np.array([40.0, 20.0, 8.0, 3.0])  # median, by priority
CATEGORY_HOURS = np.array([0.7, 1.8, 1.5, 0.8, 1.0])


def _month_days(months: pd.DatetimeIndex) -> np.ndarray:
    return months.days_in_month.to_numpy()


def _signups(rng, months: pd.DatetimeIndex, scale: float) -> tuple[dict, dict]:
    """Monthly spend, leads and signups by channel, and the new accounts' attributes."""
    n_m, n_c = len(months), len(CHANNELS)
    years = (months - START).days.to_numpy() / 365.25
    season = np.where(months.month.isin([8, 12]), 0.8, 1.0)
    spend = (
        scale * SPEND[None, :] * SPEND_GROWTH ** years[:, None] * season[:, None]
    ) * rng.lognormal(0.0, 0.15, (n_m, n_c))
    spend = _cents(spend * 100) / 100
    leads = rng.poisson(spend / CPL * rng.lognormal(0.0, 0.1, (n_m, n_c)))
    signups = rng.binomial(leads, CONVERSION)
    month = np.repeat(np.tile(np.arange(n_m)[:, None], (1, n_c)).ravel(), signups.ravel())
    channel = np.repeat(np.tile(np.arange(n_c), n_m), signups.ravel())
    n = len(month)
    days = _month_days(months)[month]
    day = (rng.random(n) * days).astype(np.int64)  # 0-based day of the month
    order = np.lexsort((day, month))
    month, channel, day = month[order], channel[order], day[order]
    segment = (rng.random(n)[:, None] > np.cumsum(SEGMENT_BY_CHANNEL[channel], 1)[:, :-1]).sum(1)
    plan = (rng.random(n)[:, None] > np.cumsum(PLAN_BY_SEGMENT[segment], 1)[:, :-1]).sum(1)
    region = np.searchsorted(np.cumsum(REGION_P), rng.random(n) * REGION_P.sum(), side="right")
    median, sd, low = (np.array([s[i] for s in SEATS]) for i in range(3))
    seats = np.maximum(
        np.round(median[segment] * rng.lognormal(0.0, sd[segment])), low[segment]
    ).astype(np.int64)
    lo, hi = (np.array([d[i] for d in DISCOUNT]) for i in range(2))
    accounts = {
        "month": month,
        "day": day,
        "channel": channel,
        "segment": segment,
        "plan": plan,
        "region": np.minimum(region, len(REGIONS) - 1),
        "seats": seats,
        "discount": np.round(rng.uniform(lo[segment], hi[segment]), 2),
        "adoption": rng.beta(8.0, 3.0, n),
        "events": rng.lognormal(np.log(55.0), 0.35, n),
        "sessions": rng.lognormal(np.log(14.0), 0.25, n),
        "tickets": TICKETS_BASE[segment] * rng.lognormal(-0.08, 0.4, n),
        "fragility": rng.lognormal(-(FRAGILITY_SD**2) / 2, FRAGILITY_SD, n),
    }
    marketing = {"spend": spend, "leads": leads, "signups": signups}
    return accounts, marketing


def _quality(rng, months: pd.DatetimeIndex) -> np.ndarray:
    """Company-wide trouble factor Q by month: AR(1) in logs times the incidents."""
    shocks = rng.normal(0.0, QUALITY_SD, len(months) + 24)
    log_q = np.zeros_like(shocks)
    for t in range(1, len(shocks)):  # 84 months: AR(1), the first 24 a burn-in
        log_q[t] = QUALITY_PHI * log_q[t - 1] + shocks[t]
    log_q = log_q[24:]
    q = np.exp(log_q - QUALITY_SD**2 / (1 - QUALITY_PHI**2) / 2)
    labels = months.strftime("%Y-%m")
    for month, mult in INCIDENTS.items():
        q[labels == month] *= mult
    return q


def _simulate_months(rng, months, acc: dict, q: np.ndarray):
    """Run the accounts month by month.

    Returns the account-month rows (every live account, every month), and each account's
    churn month (-1 if it never churned) and 0-based churn day of the month.
    """
    n = len(acc["month"])
    days = _month_days(months)
    seats = acc["seats"].copy()
    plan = acc["plan"].copy()
    onset = np.full(n, -1)  # month the current trouble episode started, -1 when healthy
    churn_month = np.full(n, -1)
    churn_day = np.zeros(n, dtype=np.int64)
    price_factor = np.where(months >= pd.Timestamp(PRICE_RISE[0]), PRICE_RISE[1], 1.0)
    rows = {k: [] for k in ("acct", "month", "plan", "seats", "mrr", "episode", "first")}
    rows.update(active_users=[], sessions=[], events=[], tickets=[])
    seg = acc["segment"]
    for m in range(len(months)):
        live = np.flatnonzero((acc["month"] <= m) & (churn_month < 0))
        new = acc["month"][live] == m
        old = live[~new]
        # churn this month: trouble that started in an earlier month, or out of the blue
        j = np.where(onset[old] >= 0, m - onset[old], 0)
        hazard = 1 - (1 - BASE_CHURN[seg[old]]) * (
            1 - np.where(onset[old] >= 0, CHURN_AFTER[np.minimum(j, 4)], 0.0)
        )
        leaving = old[rng.random(len(old)) < hazard]
        churn_month[leaving] = m
        churn_day[leaving] = (rng.random(len(leaving)) * days[m]).astype(np.int64)
        # trouble starts for healthy accounts (twice as often in their first two months)
        healthy = live[(onset[live] < 0) & (churn_month[live] < 0)]
        young = m - acc["month"][healthy] < 2
        p = ONSET[seg[healthy]] * acc["fragility"][healthy] * q[m] * np.where(young, 2.0, 1.0)
        onset[healthy[rng.random(len(healthy)) < np.minimum(p, 0.9)]] = m
        # the month's rows for every live account: the churners keep their service (and
        # their troubled usage and tickets) to the end of the month; a new account's first
        # month counts from its signup day
        ep = np.where(onset[live] >= 0, m - onset[live], -1)
        first = np.where(acc["month"][live] == m, acc["day"][live], 0)
        frac = (days[m] - first) / days[m]
        usage_mult = np.where(ep >= 0, USAGE_TROUBLE[np.minimum(np.maximum(ep, 0), 3)], 1.0)
        share = acc["adoption"][live] * usage_mult * SEASON_USAGE[months[m].month - 1]
        share = np.clip(share * rng.lognormal(0.0, 0.07, len(live)) * (0.3 + 0.7 * frac), 0, 1)
        active = rng.binomial(seats[live], share)
        sessions = rng.poisson(active * acc["sessions"][live] * np.sqrt(usage_mult) * frac)
        events = rng.poisson(active * acc["events"][live] * usage_mult * frac)
        ticket_mult = np.where(ep >= 0, TICKET_TROUBLE[np.minimum(np.maximum(ep, 0), 2)], 1.0)
        rate = acc["tickets"][live] * ticket_mult * np.sqrt(q[m]) * frac
        tickets = rng.poisson(rate * SEASON_TICKETS[months[m].month - 1])
        mrr = _cents(
            seats[live] * PRICE[plan[live]] * price_factor[m] * (1 - acc["discount"][live]) * 100
        )
        for key, value in (
            ("acct", live),
            ("month", np.full(len(live), m)),
            ("plan", plan[live]),
            ("seats", seats[live]),
            ("mrr", mrr),
            ("episode", ep),
            ("first", first),
            ("active_users", active),
            ("sessions", sessions),
            ("events", events),
            ("tickets", tickets),
        ):
            rows[key].append(value)
        # end of month: seats move, plans upgrade, trouble resolves
        stay = live[churn_month[live] < 0]
        troubled = onset[stay] >= 0
        grow = stay[~troubled & (rng.random(len(stay)) < EXPAND[0])]
        seats[grow] = np.ceil(seats[grow] * rng.uniform(EXPAND[1], EXPAND[2], len(grow)))
        cut = stay[troubled & (rng.random(len(stay)) < CONTRACT[0])]
        seats[cut] = np.maximum(
            np.floor(seats[cut] * rng.uniform(CONTRACT[1], CONTRACT[2], len(cut))), 1
        )
        up = stay[~troubled & (rng.random(len(stay)) < UPGRADE)]
        up = up[(plan[up] == 0) | ((plan[up] == 1) & (seats[up] >= 25))]
        plan[up] += 1
        fixed = stay[troubled & (rng.random(len(stay)) < RESOLVE)]
        onset[fixed] = -1
    out = {k: np.concatenate(v) for k, v in rows.items()}
    return out, churn_month, churn_day


def simulate(seed: int = 0, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Run the simulation and return the five tables (schema dtypes)."""
    rng_mkt, rng_q, rng_acct, rng_tickets = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4)
    )
    months = pd.date_range(SIM_START, END, freq="MS")
    acc, mkt = _signups(rng_mkt, months, scale)
    q = _quality(rng_q, months)
    rows, churn_month, churn_day = _simulate_months(rng_acct, months, acc, q)
    m0 = int(np.flatnonzero(months == START)[0])

    # accounts active at some time in the tables' window, numbered by signup
    keep = (churn_month < 0) | (churn_month >= m0)
    number = np.zeros(len(keep), dtype=np.int64)
    number[keep] = np.arange(1, keep.sum() + 1)
    month_start = months.to_numpy()
    day = np.timedelta64(1, "D")
    signup = month_start[acc["month"]] + acc["day"] * day
    churned = churn_month >= 0
    churn_date = np.where(
        churned, month_start[np.maximum(churn_month, 0)] + churn_day * day, np.datetime64("NaT")
    )
    ids = _ids("BL-", number, 5)
    tables = {}
    tables["accounts"] = pd.DataFrame(
        {
            "account_id": ids[keep].reset_index(drop=True),
            "signup_date": signup[keep],
            "segment": _labels(acc["segment"][keep], SEGMENTS),
            "region": _labels(acc["region"][keep], REGIONS),
            "acquisition_channel": _labels(acc["channel"][keep], CHANNELS),
            "churn_date": churn_date[keep],
        }
    )
    # account-month rows in the window, ordered by month then account
    sel = np.flatnonzero(rows["month"] >= m0)
    sel = sel[np.lexsort((number[rows["acct"][sel]], rows["month"][sel]))]
    acct, month = rows["acct"][sel], rows["month"][sel]
    account_id = ids.take(acct).reset_index(drop=True)
    tables["subscriptions"] = pd.DataFrame(
        {
            "account_id": account_id,
            "month": month_start[month],
            "plan": _labels(rows["plan"][sel], PLANS),
            "seats": rows["seats"][sel],
            "mrr": rows["mrr"][sel] / 100,
        }
    )
    active, sessions, events = (rows[k][sel] for k in ("active_users", "sessions", "events"))
    tables["usage"] = pd.DataFrame(
        {
            "account_id": account_id,
            "month": month_start[month],
            "active_users": active,
            "sessions": sessions,
            "feature_events": events,
            "engagement_score": engagement(active, rows["seats"][sel], events, sessions),
        }
    )
    tables["tickets"] = _tickets(rng_tickets, months, rows, sel, ids)
    n_m = len(months) - m0
    tables["marketing"] = pd.DataFrame(
        {
            "month": np.repeat(month_start[m0:], len(CHANNELS)),
            "channel": _labels(np.tile(np.arange(len(CHANNELS)), n_m), CHANNELS),
            "spend": mkt["spend"][m0:].ravel(),
            "leads": mkt["leads"][m0:].ravel(),
            "signups": mkt["signups"][m0:].ravel(),
        }
    )
    out = {}
    for resource in PACKAGE["resources"]:
        out[resource["name"]] = conform(tables[resource["name"]], resource["schema"]["fields"])
    return out


def engagement(active, seats, events, sessions) -> np.ndarray:
    """Return the 0-100 engagement score of account-months (see the module docstring).

    Eight of ten seats active (0.5 x 0.8), 60 events per active user (0.3 x 1) and 8
    sessions per active user (0.2 x 8 / 16) give 40 + 30 + 10:

    >>> engagement(np.array([8, 0]), np.array([10, 5]), np.array([480, 0]), np.array([64, 0]))
    array([80,  0])
    """
    active = np.asarray(active, dtype=float)
    per = np.where(active > 0, active, 1.0)
    depth = np.minimum(1.0, np.asarray(events) / (EVENTS_TARGET * per))
    frequency = np.minimum(1.0, np.asarray(sessions) / (SESSIONS_TARGET * per))
    score = 100 * (0.5 * active / np.asarray(seats) + 0.3 * depth + 0.2 * frequency)
    return np.where(active > 0, np.floor(score + 0.5), 0).astype(np.int64)


def _tickets(rng, months, rows: dict, sel: np.ndarray, ids: pd.Series) -> pd.DataFrame:
    """One row per ticket, dated between the signup (in the first month) and month end."""
    count = rows["tickets"][sel]
    r = np.repeat(sel, count)
    n = len(r)
    troubled = (rows["episode"][r] >= 0).astype(np.int64)
    first, last = rows["first"][r], _month_days(months)[rows["month"][r]]
    day = first + (rng.random(n) * (last - first)).astype(np.int64)
    minute = rng.integers(8 * 60, 19 * 60, n)
    stamp = (
        months.to_numpy()[rows["month"][r]]
        + day * np.timedelta64(1, "D")
        + minute * np.timedelta64(1, "m")
    )
    order = np.argsort(stamp, kind="stable")
    r, troubled, stamp = r[order], troubled[order], stamp[order]
    category = (rng.random(n)[:, None] > np.cumsum(CATEGORY_P[troubled], 1)[:, :-1]).sum(1)
    priority = (rng.random(n)[:, None] > np.cumsum(PRIORITY_P[troubled], 1)[:, :-1]).sum(1)
    # a stretched support team: this month's volume over its six-month average
    month = rows["month"][r]
    volume = np.bincount(rows["month"], weights=rows["tickets"], minlength=len(months))
    avg = np.convolve(volume, np.ones(6) / 6, mode="full")[: len(months)]
    load = np.clip(volume / np.maximum(avg, 1.0), 0.7, 2.0)
    median = RESOLUTION_HOURS[priority] * CATEGORY_HOURS[category] * load[month] ** 1.5
    hours = np.round(np.maximum(median * rng.lognormal(0.0, 0.6, n), 0.1), 1)
    return pd.DataFrame(
        {
            "ticket_id": _ids("T-", np.arange(1, n + 1), 6),
            "account_id": ids.take(rows["acct"][r]).reset_index(drop=True),
            "date": stamp,
            "category": _labels(category, CATEGORIES),
            "priority": _labels(priority, PRIORITIES),
            "resolution_hours": hours,
        }
    )
