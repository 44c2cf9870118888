"""Simulate Harbor & Co, a small web shop for coastal homeware, 2024-01-01 to 2025-12-31.

The story
---------
Harbor & Co sells candles, ceramics, linens and prints from Portland, Maine, to customers
across the US (REGIONS, by shipping address). It has traded since 2021, so the tables open
on a base of N_EXISTING customers (times ``scale``) who bought before 2024. Visits come
through six marketing channels (CHANNELS). Organic search, direct and referral visits are
Poisson around BASE_SESSIONS a day, growing GROWTH a year, times the day of week
(WEEKDAY), a smooth yearly season (MONTH: a November-December gift peak), Black Friday to
Cyber Monday spikes, a lull after the Christmas shipping cut-off (HOLIDAYS) and the sales
(SALES: 15-20 % off for a week or a long weekend, traffic x SALE_TRAFFIC).

Paid search and paid social are bought in ``campaigns``: a daily budget (SEARCH_BUDGET,
SOCIAL_BUDGET, growing BUDGET_GROWTH a year, higher in the fourth quarter and on sale
days, paid social in two bursts a year, SOCIAL_BURSTS) buys impressions at a cost per
thousand (CPM, higher in the fourth quarter) and clicks at a click-through rate (CTR);
each click becomes a session with probability LAND. E-mail: a newsletter goes to every
opted-in customer on Tuesdays and a promotional e-mail on the first day of each sale;
recipients click with probability EMAIL_CTR over the following days (EMAIL_CLICK_LAGS)
and each click becomes a session with probability LAND_EMAIL. The e-mail platform
charges ESP_FEE per subscriber and month.

The funnel
----------
Every session of a channel views a product, adds to the cart, starts checkout and orders
with the channel's step probabilities (FUNNEL), each drawn as a binomial of the step
before, so sessions >= product_views >= add_to_carts >= checkouts >= conversions on every
row. Step probabilities vary a little from day to day (lognormal, FUNNEL_NOISE); on sale
days the add-to-cart step is SALE_CART times higher. On 2025-04-15 (CHECKOUT_REDESIGN) a
one-page checkout raises the checkout-to-order step by CHECKOUT_LIFT (absolute).

Customers and orders
--------------------
Each order of a channel is placed by a returning customer with probability RETURNING
(every e-mail order is by an opted-in customer), otherwise by a new customer, who gets a
region, a buying propensity (gamma, mean 1, shape PROPENSITY_SHAPE) and opts in to e-mail
with probability OPT_IN. A returning order goes to an existing customer with probability
proportional to propensity x (RECENCY_FLOOR + exp(-days since their last order /
RECENCY_DAYS)), so recent, keen customers come back most. Merchandise value is lognormal
with mean ORDER_VALUE by channel (sd of logs ORDER_SIGMA); sale days take the sale's
discount off; a share WELCOME_USE of new customers from paid social use a WELCOME_CODE
welcome discount. Cost = COGS_SHARE of the value before discount (lognormal noise) +
FULFILMENT (packaging and the shipping label). Money is integer cents throughout.

Returns and the returns-portal pilot
------------------------------------
An order is returned with probability RETURN_P by channel (paid social highest), a
RETURN_LAG of days after the order (requests after 2025-12-31 are not in the data yet),
for one of REASONS (RETURN_REASON_P; late deliveries twice as common in December). Damage,
wrong items and late deliveries are refunded in full; other returns in full or in part
(FULL_REFUND). Staff time per return is lognormal around HANDLING_MINUTES by process times
REASON_MINUTES. From 2025-07-01 (PILOT_START) a random PILOT_SHARE of return requests go
through a self-service returns portal (process 'self_service'): the customer prints the
label and the refund is triggered on scan, so staff time falls to about a third. Because
the pilot is randomised, comparing the two processes in the same months is a fair test of
the portal (lesson 12 turns it into an ROI case).

The e-mail A/B test
-------------------
The newsletter of 2025-06-10 (AB_DATE) went to the whole list, split at random 50/50:
variant A is the usual 'New in' newsletter, variant B adds a free-shipping offer to the
subject line and a banner. A recipient of variant v opens with probability
``AB_TRUTH[v]["opened"]``, clicks with probability ``clicked / opened`` given an open and
converts with probability ``converted / clicked`` given a click, so the three rates per
recipient are exactly AB_TRUTH's (B: a real but modest lift of 0.6 points in
conversion). Clicks spread over the seven days after the send (AB_CLICK_LAGS); a
converter orders on the day of the click, through the e-mail channel, for a lognormal
value with mean ``AB_TRUTH[v]["order_value"]``; those orders are in ``orders`` and their
sessions in ``web``.

``scale`` multiplies every volume (sessions, budgets, customers) and leaves the calendar,
prices and rates alone. Randomness comes from one :class:`numpy.random.SeedSequence` per
``seed``, spawned into independent streams per part. Sessions, funnels, order values and
returns are vectorised; the loop runs over the 731 days (customers and e-mail sends).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit.datasets._daily_crumb import _cents, _ids, _labels
from smbkit.datasets._harbor_co_schema import AB_DATE, AB_TRUTH, PACKAGE
from smbkit.datasets._package import conform

__all__ = ["AB_DATE", "AB_TRUTH", "simulate"]

START = pd.Timestamp("2024-01-01")
END = pd.Timestamp("2025-12-31")
CHECKOUT_REDESIGN = pd.Timestamp("2025-04-15")
PILOT_START = pd.Timestamp("2025-07-01")

CHANNELS = ("organic_search", "paid_search", "paid_social", "email", "direct", "referral")
ORGANIC, SEARCH, SOCIAL, EMAIL, DIRECT, REFERRAL = range(6)
CAMPAIGN_CHANNELS = (SEARCH, SOCIAL, EMAIL)
REGIONS = ("Northeast", "South", "Midwest", "West")
REGION_P = np.array([0.34, 0.26, 0.17, 0.23])
STATUSES = ("completed", "partially_refunded", "refunded")
REASONS = ("damaged_in_transit", "not_as_pictured", "changed_mind", "wrong_item", "arrived_late")
PROCESSES = ("manual", "self_service")

# ------------------------------------------------------------------------- traffic
#: Sessions a day at the start of 2024 (before season, weekday and noise), scale 1.
BASE_SESSIONS = {ORGANIC: 900.0, DIRECT: 600.0, REFERRAL: 150.0}
GROWTH = 1.25  # organic, direct and referral traffic, per year
WEEKDAY = np.array([1.05, 1.00, 1.00, 0.98, 0.92, 0.95, 1.10])  # Monday first
MONTH = np.array([0.85, 0.85, 0.95, 1.00, 1.05, 0.95, 0.90, 0.90, 0.95, 1.05, 1.30, 1.40])
SESSION_NOISE = 0.08  # sd of the daily lognormal factor
#: (first day, last day, discount) of each sale.
SALES = (
    ("2024-03-18", "2024-03-24", 0.15),
    ("2024-07-15", "2024-07-21", 0.15),
    ("2024-11-29", "2024-12-02", 0.20),
    ("2025-03-17", "2025-03-23", 0.15),
    ("2025-07-14", "2025-07-20", 0.15),
    ("2025-11-28", "2025-12-01", 0.20),
)
SALE_TRAFFIC = 1.35
SALE_CART = 1.25
#: Black Friday weekend and Cyber Monday (day offsets from Black Friday) and the lull
#: after the Christmas shipping cut-off.
BLACK_FRIDAY = ("2024-11-29", "2025-11-28")
HOLIDAYS = {0: 2.0, 1: 1.5, 2: 1.4, 3: 1.9}
CUTOFF_LULL = (("12-19", "12-23", 0.75), ("12-24", "12-26", 0.5))

# ---------------------------------------------------------------------- campaigns
SEARCH_BUDGET = 220.0  # USD a day in early 2024, scale 1
SOCIAL_BUDGET = 120.0
BUDGET_GROWTH = 1.15  # per year
Q4_BUDGET = 1.5  # November-December
SALE_BUDGET = 1.3
#: Paid-social bursts (budget x 2): a spring collection launch and the holidays.
SOCIAL_BURSTS = (
    ("2024-04-08", "2024-04-28"),
    ("2024-11-10", "2024-12-15"),
    ("2025-04-07", "2025-04-27"),
    ("2025-11-09", "2025-12-14"),
)
CPM = {SEARCH: 30.0, SOCIAL: 7.0}  # USD per thousand impressions
Q4_CPM = {SEARCH: 1.3, SOCIAL: 1.4}
CTR = {SEARCH: 0.032, SOCIAL: 0.012}
LAND = 0.92  # share of ad clicks that load the shop
EMAIL_CTR = (0.042, 0.060)  # newsletter, promotional e-mail: clicks per delivered e-mail
EMAIL_CLICK_LAGS = np.array([0.62, 0.23, 0.10, 0.05])  # days 0..3 after the send
LAND_EMAIL = 0.95
ESP_FEE = 0.015  # USD per subscriber and month

# ------------------------------------------------------------------------- funnel
#: Per channel: P(product view | session), P(cart | view), P(checkout | cart),
#: P(order | checkout).
FUNNEL = np.array(
    [
        [0.62, 0.110, 0.55, 0.72],
        [0.66, 0.120, 0.55, 0.72],
        [0.50, 0.070, 0.50, 0.70],
        [0.70, 0.150, 0.60, 0.78],
        [0.65, 0.140, 0.58, 0.76],
        [0.60, 0.100, 0.52, 0.72],
    ]
)
FUNNEL_NOISE = 0.06
CHECKOUT_LIFT = 0.06

# --------------------------------------------------------------- customers, orders
N_EXISTING = 7_000  # customers from before 2024, scale 1
RETURNING = np.array([0.30, 0.22, 0.12, 1.00, 0.55, 0.25])  # share of orders, by channel
PROPENSITY_SHAPE = 1.5
RECENCY_DAYS, RECENCY_FLOOR = 200.0, 0.03
OPT_IN = 0.55  # new customers; 0.60 of the existing base
ORDER_VALUE = np.array([70.0, 72.0, 62.0, 66.0, 74.0, 68.0])  # mean, USD, by channel
ORDER_SIGMA = 0.5
MIN_ORDER = 12.0
WELCOME_CODE, WELCOME_USE = 0.10, 0.40
COGS_SHARE = 0.40
FULFILMENT = (7.50, 0.03)  # USD per order + share of the merchandise value

# ------------------------------------------------------------------------ returns
RETURN_P = np.array([0.08, 0.09, 0.13, 0.06, 0.07, 0.08])  # by channel
RETURN_LAG = (4, 2.0, 4.0)  # minimum days + gamma(shape, scale)
RETURN_REASON_P = np.array([0.26, 0.22, 0.32, 0.08, 0.12])
FULL_REFUND = np.array([1.0, 0.8, 0.6, 1.0, 1.0])  # chance of a full refund, by reason
HANDLING_MINUTES = np.array([18.0, 6.0])  # median staff minutes: manual, self-service
REASON_MINUTES = np.array([[1.6, 2.0], [1.0, 1.0], [0.9, 0.9], [1.3, 1.5], [1.1, 1.0]])
HANDLING_SIGMA = 0.35
PILOT_SHARE = 0.5

# ---------------------------------------------------------------------- A/B test
AB_CLICK_LAGS = np.array([0.60, 0.20, 0.08, 0.05, 0.03, 0.02, 0.02])  # days 0..6
AB_FUNNEL = (0.75, 0.12, 0.45)  # non-converting clickers: view, cart | view, checkout | cart
AB_SEND_MINUTE = 9 * 60


class _Calendar:
    """Day-level drivers shared by every table."""

    def __init__(self):
        days = pd.date_range(START, END, freq="D")
        self.days = days
        self.n = n = len(days)
        self.t = np.arange(n)
        self.dow = days.day_of_week.to_numpy()
        doy = days.day_of_year.to_numpy()
        anchors = np.arange(12) * 30.44 + 15.2
        self.season = np.interp(
            doy,
            np.r_[anchors[-1] - 365.25, anchors, anchors[0] + 365.25],
            np.r_[MONTH[-1], MONTH, MONTH[0]],
        )
        self.q4 = days.month.to_numpy() >= 11
        self.years = self.t / 365.25

        def day(ts) -> int:
            return int((pd.Timestamp(ts) - START).days)

        self.day = day
        self.holiday = np.ones(n)
        for bf in BLACK_FRIDAY:
            for offset, mult in HOLIDAYS.items():
                self.holiday[day(bf) + offset] *= mult
        for year in (2024, 2025):
            for a, b, mult in CUTOFF_LULL:
                self.holiday[day(f"{year}-{a}") : day(f"{year}-{b}") + 1] *= mult
        self.sale = np.zeros(n)
        self.sale_start = np.zeros(n, dtype=bool)
        for a, b, rate in SALES:
            self.sale[day(a) : day(b) + 1] = rate
            self.sale_start[day(a)] = True
        self.burst = np.zeros(n, dtype=bool)
        for a, b in SOCIAL_BURSTS:
            self.burst[day(a) : day(b) + 1] = True
        self.t_redesign = day(CHECKOUT_REDESIGN)
        self.t_pilot = day(PILOT_START)
        self.t_ab = day(AB_DATE)
        self.send = (self.dow == 1) | self.sale_start
        self.promo_send = self.sale_start & (self.t != self.t_ab)


def _paid(rng, cal: _Calendar, scale: float) -> dict:
    """Daily spend, impressions, clicks and landed sessions for paid search and social."""
    out = {}
    grow = BUDGET_GROWTH**cal.years
    for ch, budget in ((SEARCH, SEARCH_BUDGET), (SOCIAL, SOCIAL_BUDGET)):
        mult = np.where(cal.q4, Q4_BUDGET, 1.0) * np.where(cal.sale > 0, SALE_BUDGET, 1.0)
        if ch == SOCIAL:
            mult = mult * np.where(cal.burst, 2.0, 1.0) / np.where(cal.q4, Q4_BUDGET, 1.0)
        spend = _cents(budget * scale * grow * mult * rng.uniform(0.9, 1.1, cal.n) * 100) / 100
        cpm = CPM[ch] * np.where(cal.q4, Q4_CPM[ch], 1.0) * rng.lognormal(0, 0.05, cal.n)
        impressions = rng.poisson(spend / cpm * 1000)
        clicks = rng.binomial(impressions, CTR[ch] * rng.lognormal(0, 0.05, cal.n))
        out[ch] = {
            "spend": spend,
            "impressions": impressions,
            "clicks": clicks,
            "sessions": rng.binomial(clicks, LAND),
        }
    return out


def _unpaid_sessions(rng, cal: _Calendar, scale: float) -> dict:
    """Daily sessions of organic search, direct and referral."""
    level = GROWTH**cal.years * cal.season * WEEKDAY[cal.dow] * cal.holiday
    level = level * np.where(cal.sale > 0, SALE_TRAFFIC, 1.0)
    return {
        ch: rng.poisson(base * scale * level * rng.lognormal(0, SESSION_NOISE, cal.n))
        for ch, base in BASE_SESSIONS.items()
    }


def _step_probs(rng, cal: _Calendar, n: int) -> np.ndarray:
    """Funnel step probabilities for n days of every channel: shape (n, 6 channels, 4)."""
    p = FUNNEL[None, :, :] * rng.lognormal(0, FUNNEL_NOISE, (n, len(CHANNELS), 4))
    p[:, :, 1] *= np.where(cal.sale > 0, SALE_CART, 1.0)[:, None]
    p[:, :, 3] += np.where(cal.t >= cal.t_redesign, CHECKOUT_LIFT, 0.0)[:, None]
    return np.clip(p, 0.0, 0.98)


def _funnel(rng, sessions: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Binomial funnel: stack sessions, views, carts, checkouts, orders (last axis)."""
    steps = [sessions]
    for k in range(4):
        steps.append(rng.binomial(steps[-1], probs[..., k]))
    return np.stack(steps, axis=-1)


class _Customers:
    """The growing customer base: propensity, last order day, region, e-mail opt-in."""

    def __init__(self, rng, n_existing: int, capacity: int):
        self.prop = np.empty(capacity)
        self.last = np.empty(capacity)
        self.region = np.empty(capacity, dtype=np.int64)
        self.optin = np.zeros(capacity, dtype=bool)
        self.n = 0
        self.add(rng, n_existing, rng.integers(-540, 0, n_existing), optin_p=0.60)

    def add(self, rng, k: int, day, optin_p: float = OPT_IN) -> np.ndarray:
        idx = np.arange(self.n, self.n + k)
        self.prop[idx] = rng.gamma(PROPENSITY_SHAPE, 1 / PROPENSITY_SHAPE, k)
        self.last[idx] = day
        self.region[idx] = np.searchsorted(np.cumsum(REGION_P), rng.random(k), side="right")
        self.optin[idx] = rng.random(k) < optin_p
        self.n += k
        return idx

    def pick(self, rng, k: int, day: int, among: np.ndarray | None = None) -> np.ndarray:
        """Draw k distinct returning customers, keen and recent ones first (an
        exponential race: the k smallest Exp(1) / weight win)."""
        pool = np.arange(self.n) if among is None else among
        k = min(k, len(pool))
        if k == 0:
            return np.zeros(0, dtype=np.int64)
        w = self.prop[pool] * (RECENCY_FLOOR + np.exp(-(day - self.last[pool]) / RECENCY_DAYS))
        keys = rng.exponential(size=len(pool)) / w
        return pool[np.argpartition(keys, k - 1)[:k]]


def _ab_test(rng, recipients: np.ndarray) -> dict:
    """Draw the A/B test outcome of every recipient (exact marginal rates: AB_TRUTH)."""
    m = len(recipients)
    variant = rng.permutation(np.arange(m) % 2)  # 0 = A, 1 = B, an exact 50/50 split
    truth = np.array([[AB_TRUTH[v][k] for k in ("opened", "clicked", "converted")] for v in "AB"])
    p = truth[variant]
    opened = rng.random(m) < p[:, 0]
    clicked = opened & (rng.random(m) < p[:, 1] / p[:, 0])
    converted = clicked & (rng.random(m) < p[:, 2] / p[:, 1])
    lag = np.searchsorted(np.cumsum(AB_CLICK_LAGS), rng.random(m) * AB_CLICK_LAGS.sum())
    return {
        "cust": recipients,
        "variant": variant,
        "opened": opened,
        "clicked": clicked,
        "converted": converted,
        "lag": np.minimum(lag, len(AB_CLICK_LAGS) - 1),
    }


def _days(rng, rng_ab, cal: _Calendar, other: np.ndarray, probs: np.ndarray, scale: float):
    """Walk through the days: e-mail sends and their funnel, new and returning customers."""
    n = cal.n
    n_existing = int(round(N_EXISTING * scale))
    cust = _Customers(rng, n_existing, n_existing + int(other.sum()) + 20_000)
    email_funnel = np.zeros((n, 5), dtype=np.int64)
    delivered = np.zeros(n, dtype=np.int64)
    subscribed = np.zeros(n, dtype=np.int64)
    email_clicks = np.zeros(n + 8, dtype=np.int64)  # regular clicks landing per day
    ab_clicks = np.zeros(n + 8, dtype=np.int64)
    ab = None
    o_day, o_chan, o_cust, o_new, o_ab = [], [], [], [], []

    def emit(day, channel, who, new, ab_variant=-1):
        o_day.append(np.full(len(who), day))
        o_chan.append(np.broadcast_to(channel, len(who)).copy())
        o_cust.append(np.asarray(who, dtype=np.int64))
        o_new.append(np.full(len(who), new))
        o_ab.append(np.broadcast_to(ab_variant, len(who)).copy())

    for d in range(n):
        mark = len(o_cust)
        subscribed[d] = np.count_nonzero(cust.optin[: cust.n])
        if cal.send[d]:
            subscribers = np.flatnonzero(cust.optin[: cust.n])
            delivered[d] = len(subscribers)
            if d == cal.t_ab:
                ab = _ab_test(rng_ab, subscribers)
                ab["day"] = d
                np.add.at(ab_clicks, d + ab["lag"][ab["clicked"]], 1)
            else:
                clicks = rng.binomial(len(subscribers), EMAIL_CTR[int(cal.promo_send[d])])
                email_clicks[d : d + len(EMAIL_CLICK_LAGS)] += rng.multinomial(
                    clicks, EMAIL_CLICK_LAGS
                )
        # the regular e-mail funnel, then the A/B clickers who land today
        regular = _funnel(rng, rng.binomial(email_clicks[d], LAND_EMAIL), probs[d, EMAIL])
        email_funnel[d] = regular
        if ab is not None and ab_clicks[d] > 0:
            today = ab["clicked"] & (ab["day"] + ab["lag"] == d)
            conv = ab["converted"] & today
            c, rest = int(conv.sum()), int(today.sum() - conv.sum())
            views = rng.binomial(rest, AB_FUNNEL[0])
            carts = rng.binomial(views, AB_FUNNEL[1])
            checkouts = rng.binomial(carts, AB_FUNNEL[2])
            email_funnel[d] += np.array([c + rest, c + views, c + carts, c + checkouts, c])
            emit(d, EMAIL, ab["cust"][conv], False, ab["variant"][conv])
        k_email = int(regular[-1])
        if k_email:
            who = cust.pick(rng, k_email, d, np.flatnonzero(cust.optin[: cust.n]))
            emit(d, EMAIL, who, False)
            if len(who) < k_email:  # a tiny list: newsletter-only subscribers buy first
                fresh = cust.add(rng, k_email - len(who), d, optin_p=1.0)
                emit(d, EMAIL, fresh, True)
        # other channels: returning customers first, then new ones
        counts = other[d].copy()
        counts[EMAIL] = 0
        back = rng.binomial(counts, RETURNING)
        back_chan = np.repeat(np.arange(len(CHANNELS)), back)
        chosen = cust.pick(rng, len(back_chan), d)
        emit(d, back_chan[: len(chosen)], chosen, False)
        new_chan = np.r_[
            back_chan[len(chosen) :], np.repeat(np.arange(len(CHANNELS)), counts - back)
        ]
        if len(new_chan):
            emit(d, new_chan, cust.add(rng, len(new_chan), d), True)
        if len(o_cust) > mark:
            cust.last[np.concatenate(o_cust[mark:])] = d

    orders = {
        "day": np.concatenate(o_day),
        "channel": np.concatenate(o_chan).astype(np.int64),
        "cust": np.concatenate(o_cust),
        "new": np.concatenate(o_new),
        "ab": np.concatenate(o_ab).astype(np.int64),
    }
    return orders, cust, email_funnel, (subscribed, delivered, email_clicks[:n], ab_clicks[:n]), ab


def _minutes(rng, n: int) -> np.ndarray:
    """Time of day of web orders (minutes after midnight): lunch and evening peaks."""
    mix = rng.random(n)
    hours = np.where(
        mix < 0.15,
        rng.uniform(0, 24, n),
        np.where(mix < 0.50, rng.normal(12.5, 2.0, n), rng.normal(20.5, 1.8, n)),
    )
    return np.floor(np.mod(hours, 24) * 60).astype(np.int64)


def _order_money(rng, cal: _Calendar, orders: dict) -> dict:
    """Merchandise value, discount, cost (integer cents) for every order."""
    chan, day, ab = orders["channel"], orders["day"], orders["ab"]
    m = len(chan)
    mean = ORDER_VALUE[chan]
    ab_mean = np.array([AB_TRUTH["A"]["order_value"], AB_TRUTH["B"]["order_value"]])
    mean = np.where(ab >= 0, ab_mean[np.maximum(ab, 0)], mean)
    mu = np.log(mean) - ORDER_SIGMA**2 / 2
    gross = np.maximum(_cents(rng.lognormal(mu, ORDER_SIGMA) * 100), _cents(MIN_ORDER * 100))
    welcome = orders["new"] & (chan == SOCIAL) & (rng.random(m) < WELCOME_USE)
    rate = np.maximum(cal.sale[day], np.where(welcome, WELCOME_CODE, 0.0))
    discount = _cents(gross * rate)
    goods = _cents(gross * COGS_SHARE * rng.lognormal(0, 0.05, m))
    cost = goods + _cents(FULFILMENT[0] * 100 + FULFILMENT[1] * gross)
    return {"revenue": gross - discount, "discount": discount, "cost": cost}


def _returns(rng, cal: _Calendar, orders: dict, revenue: np.ndarray) -> dict:
    """Return requests (at most one per order) with reason, refund, process and minutes."""
    chan, day = orders["channel"], orders["day"]
    m = len(chan)
    returned = rng.random(m) < RETURN_P[chan]
    lag = RETURN_LAG[0] + np.floor(rng.gamma(RETURN_LAG[1], RETURN_LAG[2], m)).astype(np.int64)
    when = day + lag
    which = np.flatnonzero(returned & (when < cal.n))
    k = len(which)
    december = cal.days.month.to_numpy()[day[which]] == 12
    probs = np.tile(RETURN_REASON_P, (k, 1))
    probs[december, 4] *= 2
    probs /= probs.sum(axis=1, keepdims=True)
    reason = (rng.random(k)[:, None] > np.cumsum(probs, axis=1)).sum(axis=1)
    reason = np.minimum(reason, len(REASONS) - 1)
    rev = revenue[which]
    full = rng.random(k) < FULL_REFUND[reason]
    part = np.minimum(_cents(rev * rng.uniform(0.3, 0.8, k)), rev - 1)
    refund = np.where(full | (part < 1), rev, part)
    req = when[which]
    process = ((req >= cal.t_pilot) & (rng.random(k) < PILOT_SHARE)).astype(np.int64)
    median = HANDLING_MINUTES[process] * REASON_MINUTES[reason, process]
    minutes = np.maximum(np.rint(median * rng.lognormal(0, HANDLING_SIGMA, k)), 1).astype(np.int64)
    order = np.lexsort((which, req))
    return {
        "order": which[order],
        "day": req[order],
        "reason": reason[order],
        "refund": refund[order],
        "process": process[order],
        "minutes": minutes[order],
    }


def simulate(seed: int = 0, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Run the simulation and return the five tables (schema dtypes)."""
    rng_traffic, rng_funnel, rng_days, rng_ab, rng_money, rng_returns, rng_time = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(7)
    )
    cal = _Calendar()
    paid = _paid(rng_traffic, cal, scale)
    unpaid = _unpaid_sessions(rng_traffic, cal, scale)
    sessions = np.zeros((cal.n, len(CHANNELS)), dtype=np.int64)
    for ch, s in unpaid.items():
        sessions[:, ch] = s
    for ch, p in paid.items():
        sessions[:, ch] = p["sessions"]
    probs = _step_probs(rng_funnel, cal, cal.n)
    funnel = _funnel(rng_funnel, sessions, probs)  # (days, channels, 5)
    orders, cust, email_funnel, email, ab = _days(
        rng_days, rng_ab, cal, funnel[:, :, 4], probs, scale
    )
    funnel[:, EMAIL, :] = email_funnel

    # orders in time order; customers numbered by first purchase (the old base first)
    minute = _minutes(rng_time, len(orders["day"]))
    ab_order = orders["ab"] >= 0
    minute = np.where(
        ab_order & (orders["day"] == cal.t_ab),
        AB_SEND_MINUTE + np.floor(rng_time.beta(1.2, 3.0, len(minute)) * (1440 - AB_SEND_MINUTE)),
        minute,
    ).astype(np.int64)
    sort = np.lexsort((rng_time.random(len(minute)), minute, orders["day"]))
    orders = {k: v[sort] for k, v in orders.items()}
    minute = minute[sort]
    n_existing = int(round(N_EXISTING * scale))
    first = np.full(cust.n, np.iinfo(np.int64).max)
    np.minimum.at(first, orders["cust"], np.arange(len(sort)))
    first[:n_existing] = -1 - np.arange(n_existing)[::-1]  # the old base comes first
    number = np.empty(cust.n, dtype=np.int64)
    number[np.argsort(first, kind="stable")] = np.arange(1, cust.n + 1)
    customer_ids = _ids("C-", number, 6)

    money = _order_money(rng_money, cal, orders)
    ret = _returns(rng_returns, cal, orders, money["revenue"])
    refunded = np.zeros(len(minute), dtype=np.int64)
    refunded[ret["order"]] = ret["refund"]
    status = np.where(refunded == 0, 0, np.where(refunded == money["revenue"], 2, 1))

    tables = {}
    dates = cal.days.to_numpy()
    n_days, n_chan = cal.n, len(CHANNELS)
    tables["web"] = pd.DataFrame(
        {
            "date": np.repeat(dates, n_chan),
            "channel": _labels(np.tile(np.arange(n_chan), n_days), CHANNELS),
            **{
                name: funnel[:, :, k].ravel()
                for k, name in enumerate(
                    ["sessions", "product_views", "add_to_carts", "checkouts", "conversions"]
                )
            },
        }
    )
    subscribed, delivered, email_clicks, ab_clicks = email
    esp = _cents(subscribed * ESP_FEE * 12 / 365.25 * 100)  # the monthly fee, by day
    camp = {
        SEARCH: (paid[SEARCH]["spend"], paid[SEARCH]["impressions"], paid[SEARCH]["clicks"]),
        SOCIAL: (paid[SOCIAL]["spend"], paid[SOCIAL]["impressions"], paid[SOCIAL]["clicks"]),
        EMAIL: (esp / 100, delivered, email_clicks + ab_clicks),
    }
    tables["campaigns"] = pd.DataFrame(
        {
            "date": np.repeat(dates, 3),
            "channel": _labels(np.tile(np.arange(3), n_days), [CHANNELS[c] for c in camp]),
            "spend": np.stack([camp[c][0] for c in camp], axis=1).ravel(),
            "impressions": np.stack([camp[c][1] for c in camp], axis=1).ravel(),
            "clicks": np.stack([camp[c][2] for c in camp], axis=1).ravel(),
        }
    )
    order_ids = _ids("HC-", np.arange(1, len(minute) + 1), 6)
    tables["orders"] = pd.DataFrame(
        {
            "order_id": order_ids,
            "date": dates[orders["day"]] + minute * np.timedelta64(1, "m"),
            "customer_id": customer_ids.take(orders["cust"]).reset_index(drop=True),
            "channel": _labels(orders["channel"], CHANNELS),
            "location": _labels(cust.region[orders["cust"]], REGIONS),
            "revenue": money["revenue"] / 100,
            "cost": money["cost"] / 100,
            "discount": money["discount"] / 100,
            "refunded": refunded / 100,
            "status": _labels(status, STATUSES),
        }
    )
    tables["returns"] = pd.DataFrame(
        {
            "return_id": _ids("R-", np.arange(1, len(ret["order"]) + 1), 5),
            "order_id": order_ids.take(ret["order"]).reset_index(drop=True),
            "date": dates[ret["day"]],
            "reason": _labels(ret["reason"], REASONS),
            "refund": ret["refund"] / 100,
            "process": _labels(ret["process"], PROCESSES),
            "handling_minutes": ret["minutes"],
        }
    )
    tables["email_ab_test"] = _ab_frame(ab, orders, money["revenue"], customer_ids, cal)
    out = {}
    for resource in PACKAGE["resources"]:
        out[resource["name"]] = conform(tables[resource["name"]], resource["schema"]["fields"])
    return out


def _ab_frame(ab: dict, orders: dict, revenue: np.ndarray, customer_ids, cal) -> pd.DataFrame:
    """One row per recipient, in customer-number order, with the converted order's revenue."""
    conv_orders = np.flatnonzero(orders["ab"] >= 0)
    rev = np.zeros(len(ab["cust"]), dtype=np.int64)
    pos = {c: i for i, c in enumerate(ab["cust"].tolist())}
    for o in conv_orders:
        rev[pos[int(orders["cust"][o])]] = revenue[o]
    ids = customer_ids.take(ab["cust"]).reset_index(drop=True)
    order = np.argsort(ids.to_numpy(dtype=object), kind="stable")
    return pd.DataFrame(
        {
            "recipient_id": ids.take(order).reset_index(drop=True),
            "variant": _labels(ab["variant"][order], ["A", "B"]),
            "sent_date": np.full(len(order), cal.days.to_numpy()[cal.t_ab]),
            "opened": ab["opened"][order],
            "clicked": ab["clicked"][order],
            "converted": ab["converted"][order],
            "revenue": rev[order] / 100,
        }
    )
