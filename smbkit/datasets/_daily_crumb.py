"""Simulate The Daily Crumb, an artisan bakery, from 2022-01-01 to 2025-12-31.

The story
---------
The Daily Crumb opens in **Old Town** on 2022-01-02 (closed on New Year's Day, Christmas
and Thanksgiving; Monday-Friday 7-18 h, Saturday 7-17 h, a short Sunday 8-14 h). Demand
at a shop is a logistic lifecycle ``L(t) = f + (1 - f) / (1 + exp(-(t - t0) / s))`` with
floor ``f = LIFECYCLE_FLOOR`` (start-up), inflection ``t0 = LIFECYCLE_MID`` and time scale
``s = LIFECYCLE_DAYS``. A second shop, **Riverside**, opens 2023-09-09 (RIVERSIDE_OPEN),
financed by a bank loan (LOAN) and a fit-out (capex June-August 2023); its demand ramps
to RIVERSIDE_SIZE of Old Town's with time constant RIVERSIDE_RAMP_DAYS. **Online
ordering** launches 2024-03-01 (pickup at a shop), **catering** 2024-09-03 (business
accounts, a few large orders on weekdays, invoiced on 30-day terms, made at Old Town).
The three launches on top of the lifecycle put the inflection of total monthly revenue in
2023-2024 and leave 2025 as slower-growing maturity.

Every day's demand is multiplied by: day of week (WEEKDAY: Saturday busiest), a smooth
yearly season (MONTH, interpolated from mid-month anchors: December peak, July-August
dip), holiday spikes (Valentine's, Easter Saturday, Mother's Day, the day before
Thanksgiving, 23/24/31 December; 4 July quieter) and promotions (PROMOS: a few one-week
periods a year, 15 % off in store and online, demand x PROMO_LIFT).

Customers
---------
*Identified* customers (a loyalty card or an online account) get a ``customer_id``;
*guests* do not. New identified customers arrive as a Poisson process whose daily mean is
solved (:func:`_acquisition`, a day-by-day deconvolution) so that the expected orders by
identified customers follow IDENT_PER_DAY x L(t) per shop; online-first customers follow
ONLINE_IDENT_PER_DAY x the online ramp; catering accounts CATERING_PER_DAY x the catering
ramp. A new consumer is ``regular`` (share REGULAR[0]) or ``occasional``; each draws an
order rate (gamma, mean REGULAR[1] or OCCASIONAL[1] orders per average day) and an
exponential lifetime (mean REGULAR[3] / OCCASIONAL[3] days; a loyal core, LOYAL_SHARE of
regulars, LOYAL_DAYS), scaled by cohort year (COHORT_LIFE: later cohorts stay a little
shorter), so retention curves fall with age. Repeat orders are Poisson(rate x exposure)
and fall on days drawn in proportion to the day weights, so they share the weekly,
yearly and promotion patterns. ONLINE_ADOPTERS of in-store customers move up to
ONLINE_SHARE_MAX of their orders online after the launch. Before Riverside opens, some
Old Town customers live across the river; after, 60 % of their visits go to Riverside.
Guest orders are Poisson: GUESTS_PER_DAY x L(t) x day weights (30-45 % of in-store
orders). Order value comes from 27 products (PRODUCTS: price and unit cost in cents,
popularity by channel, cakes seasonal by CAKE_MONTH); prices rise at PRICE_STEPS, costs
at COST_STEPS. Money is integer cents throughout, so lines sum to orders exactly.
Refunds hit REFUND_P of orders by channel (+10 points for a late online order; late
online orders are common just after launch: LATE_BASE + LATE_EXTRA x exp(-days/LATE_DAYS));
half are partial.

The leading and the vanity metric
---------------------------------
Local awareness is an exogenous AR(1) process in logs (AWARE_PHI, AWARE_SD per day).
Search ``local_search_visits`` are Poisson(SEARCH_PER_DAY x business size x awareness).
New identified customers on day t are proportional to the realised visits at lags
12-16 days (SEARCH_LAG weights, centred on 14 days: people look the bakery up, then come
two weeks later); guest walk-ins to the same index to the power GUEST_SEARCH_POWER. So
week-on-week changes in search visits lead changes in sales by two weeks. Social
``likes`` follow followers (which grow with the business), posts on ~3 days a week,
one-week campaigns at random dates and a week-to-week random walk in the platform's
reach (REACH_SD); nothing social feeds back into demand, so likes trend up with the
business but their changes say nothing about future sales.

Staff, surveys and money
------------------------
Each month, head-count targets per shop and department follow volume (FOH_PER in-store
orders per front-of-house person, BAKER_PER items per baker, DELIVERY_PER online and
catering orders per driver, an office from the Riverside opening), hiring a month ahead.
People leave with monthly hazard HAZARD by department times
``exp(-SAT_EFFECT x (satisfaction - 3.6))`` (satisfaction drawn around SAT_MEAN, lower
for Riverside's first hires), giving roughly 40-70 % yearly turnover in front of house.
Wages are days employed x WAGE. Surveys: SURVEY_BASE responses a month plus SURVEY_SHARE
of orders; each response may carry a comment theme (THEMES) whose chance follows what is
happening (queues when a shop is busier than its 8-week average and in Riverside's first
100 days, lateness for late online orders, prices after a price rise) and whose effect
moves the 0-10 score (mean NPS_BASE, sd 1.4). Financials: revenue = net revenue of the
month's orders; cogs = order costs + unsold-bake waste (8 %, more in a new shop);
operating expenses = wages + rent + utilities + marketing spend + depreciation + other
(insurance, card fees 2.6 %, loan interest 7.5 %); capex and straight-line depreciation
from an asset list; receivables = unpaid catering invoices; inventory and payables in
proportion to cogs. Cash starts at OPENING_CASH, takes the loan (LOAN, 60 monthly
repayments), the owner draws 70 % of profit above DRAW_BUFFER from FIRST_DRAW and injects
cash when it would fall under USD 2,000 (x scale), so cash gets tight around the
Riverside opening but never goes negative.

``scale`` multiplies every volume (customers, orders, search visits, staff, fixed costs)
and leaves the calendar and prices alone. Randomness comes from one
:class:`numpy.random.SeedSequence` per ``seed``, spawned into independent streams per
part. Everything is vectorised over customers, orders and lines; the loops run over
days (the acquisition deconvolution), months (staff, cash) or products.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit.datasets._daily_crumb_schema import PACKAGE
from smbkit.datasets._package import conform

__all__ = ["simulate"]

# --------------------------------------------------------------------------- calendar
START = pd.Timestamp("2022-01-01")
END = pd.Timestamp("2025-12-31")
RIVERSIDE_OPEN = pd.Timestamp("2023-09-09")
ONLINE_LAUNCH = pd.Timestamp("2024-03-01")
CATERING_LAUNCH = pd.Timestamp("2024-09-03")

LOCATIONS = ("Old Town", "Riverside")
CHANNELS = ("in_store", "online", "catering")
REGIONS = ("Old Town", "Mill District", "Hillcrest", "Riverside", "Eastbank", "Harbor Point")
ACQUISITION = ("walk_in", "search", "social", "referral", "email", "corporate")
SEGMENTS = ("regular", "occasional", "business")
DEPARTMENTS = ("bakery", "front_of_house", "delivery", "office")
STATUSES = ("completed", "partially_refunded", "refunded")

#: Demand by day of week, Monday first: Saturday busiest, Sunday a short day (8-14 h).
WEEKDAY = np.array([0.80, 0.85, 0.90, 0.95, 1.10, 1.45, 1.05])
#: Demand by month at mid-month (interpolated daily): summer dip, December peak.
MONTH = np.array([0.88, 0.92, 0.97, 1.00, 1.02, 0.95, 0.87, 0.88, 0.98, 1.03, 1.08, 1.22])
#: Promotions: 15 % off in store and online, demand lifted by PROMO_LIFT.
PROMOS = (
    ("2022-02-07", "2022-02-13"),
    ("2022-05-16", "2022-05-22"),
    ("2022-09-19", "2022-09-25"),
    ("2023-02-06", "2023-02-12"),
    ("2023-05-15", "2023-05-21"),
    ("2023-09-09", "2023-09-17"),
    ("2024-02-05", "2024-02-11"),
    ("2024-05-13", "2024-05-19"),
    ("2024-09-16", "2024-09-22"),
    ("2025-02-03", "2025-02-09"),
    ("2025-05-12", "2025-05-18"),
    ("2025-09-15", "2025-09-21"),
)
#: Catering demand by month (office parties in December, summer holidays).
CATERING_MONTH = np.array([0.9, 1.0, 1.0, 1.1, 1.1, 1.0, 0.7, 0.7, 1.0, 1.1, 1.2, 1.5])
PROMO_DISCOUNT = 0.15
PROMO_LIFT = 1.30
EASTER = ("2022-04-17", "2023-04-09", "2024-03-31", "2025-04-20")

#: (date, multiplier) price and cost changes; prices rounded to 5 cents.
PRICE_STEPS = (("2023-04-01", 1.07), ("2025-03-01", 1.05))
COST_STEPS = (("2022-07-01", 1.05), ("2023-03-01", 1.04), ("2024-06-01", 1.02))

# name, category, price (cents, 2022), unit cost (cents, 2022), extra-quantity weight,
# popularity in store, online, catering
PRODUCTS = (
    ("Country sourdough", "bread", 850, 210, 0.3, 6.0, 9.0, 0),
    ("Seeded rye", "bread", 900, 240, 0.2, 2.5, 4.0, 0),
    ("Baguette", "bread", 400, 90, 0.6, 5.0, 4.0, 0),
    ("Whole wheat sandwich loaf", "bread", 750, 190, 0.2, 2.5, 4.0, 0),
    ("Olive and rosemary loaf", "bread", 950, 290, 0.1, 1.5, 2.5, 0),
    ("Cinnamon raisin loaf", "bread", 875, 240, 0.1, 1.5, 2.5, 0),
    ("Butter croissant", "pastry", 425, 115, 1.2, 8.0, 6.0, 0),
    ("Pain au chocolat", "pastry", 475, 140, 1.0, 5.0, 4.0, 0),
    ("Almond croissant", "pastry", 525, 175, 0.8, 4.0, 3.0, 0),
    ("Morning bun", "pastry", 450, 120, 1.0, 3.5, 2.5, 0),
    ("Blueberry muffin", "pastry", 375, 100, 1.0, 3.0, 2.0, 0),
    ("Cardamom knot", "pastry", 475, 130, 0.8, 3.0, 2.5, 0),
    ("Seasonal fruit danish", "pastry", 500, 160, 0.6, 2.5, 2.0, 0),
    ("Carrot cake slice", "cake", 650, 260, 0.3, 2.0, 1.0, 0),
    ("Chocolate torte slice", "cake", 700, 290, 0.3, 2.0, 1.0, 0),
    ("Lemon tart", "cake", 600, 230, 0.3, 1.5, 1.0, 0),
    ("Celebration cake", "cake", 4800, 2100, 0.0, 0.25, 3.0, 0.5),
    ("Basque cheesecake", "cake", 3800, 1700, 0.0, 0.25, 2.0, 0.3),
    ("Drip coffee", "coffee", 300, 45, 0.4, 10.0, 0, 0),
    ("Latte", "coffee", 500, 95, 0.4, 9.0, 0, 0),
    ("Cappuccino", "coffee", 475, 90, 0.3, 5.0, 0, 0),
    ("Cold brew", "coffee", 450, 70, 0.3, 4.0, 0, 0),
    ("Chai latte", "coffee", 525, 105, 0.2, 3.0, 0, 0),
    ("Coffee traveler (serves 10)", "coffee", 3200, 800, 0.5, 0, 0, 2.0),
    ("Breakfast pastry platter", "catering_platter", 8500, 3400, 1.0, 0, 0, 4.0),
    ("Sandwich platter", "catering_platter", 12000, 5200, 1.0, 0, 0, 3.0),
    ("Dessert platter", "catering_platter", 9500, 4000, 0.8, 0, 0, 2.0),
)
#: Seasonal popularity of cakes by month (holiday cakes in December, Valentine's, May).
CAKE_MONTH = np.array([0.8, 1.3, 1.0, 1.0, 1.3, 1.0, 0.9, 0.9, 1.0, 1.0, 1.2, 2.0])
#: Mean number of extra lines and of extra units per line, by channel.
EXTRA_LINES = np.array([0.8, 1.4, 1.2])
EXTRA_UNITS = np.array([0.45, 0.9, 1.0])
CATERING_VOLUME_DISCOUNT = (40_000, 0.10)  # 10 % off catering orders from USD 400 (gross)

# ------------------------------------------------------------------------ growth story
LIFECYCLE_MID = pd.Timestamp("2023-02-01")  # inflection of Old Town's logistic demand
LIFECYCLE_DAYS = 110.0  # logistic time scale (days)
LIFECYCLE_FLOOR = 0.25  # demand in the first weeks, relative to maturity
RIVERSIDE_SIZE = 0.80  # Riverside's mature demand relative to Old Town's
RIVERSIDE_RAMP_DAYS = 100.0
GUESTS_PER_DAY = 34.0  # guest (no loyalty card) orders per day at Old Town at maturity
IDENT_PER_DAY = 60.0  # orders by identified customers per day at Old Town at maturity
GUEST_SEARCH_POWER = 1.5  # guest walk-ins ~ (lagged search index) ** power
ONLINE_IDENT_PER_DAY = 12.0  # orders by online-first customers per day at maturity
CATERING_PER_DAY = 1.2  # catering orders per (weekday-weighted) day at maturity

# segment -> (share of new consumers, orders/day, gamma shape, mean lifetime days)
REGULAR = (0.25, 0.15, 3.0, 240.0)
OCCASIONAL = (0.75, 0.035, 2.0, 150.0)
LOYAL_SHARE, LOYAL_DAYS = 0.30, 1500.0  # the loyal core among regulars
BUSINESS = (0.05, 4.0, 420.0)  # catering accounts: orders/weekday-weighted day, shape, life
COHORT_LIFE = {2022: 1.10, 2023: 1.00, 2024: 0.90, 2025: 0.85}
ONLINE_LIFE = 0.8  # online-first customers stay 20 % shorter
ONLINE_ADOPTERS = 0.35  # share of in-store customers who also order online after launch
ONLINE_SHARE_MAX, ONLINE_RAMP_DAYS = 0.50, 90.0

# awareness and local search
REACH_SD = 0.2  # weekly random-walk step of social reach (log scale)
AWARE_PHI, AWARE_SD = 0.90, 0.08  # daily AR(1) of log awareness
SEARCH_PER_DAY = 70.0  # local search visits per day at maturity (times awareness)
SEARCH_LAG = np.array([0.1, 0.2, 0.4, 0.2, 0.1])  # weights of lags 12..16 days
SEARCH_LAG_START = 12

REFUND_P = np.array([0.009, 0.012, 0.03])  # by channel; late online orders +0.10
LATE_BASE, LATE_EXTRA, LATE_DAYS = 0.05, 0.22, 100.0

# staff: orders per front-of-house person-month, items per baker-month, etc.
FOH_PER, BAKER_PER, DELIVERY_PER = 900.0, 6000.0, 500.0
WAGE = np.array([3300_00, 1900_00, 2000_00, 3600_00])  # cents per month, by department
HAZARD = np.array([0.025, 0.085, 0.06, 0.015])  # monthly exit hazard at satisfaction 3.6
SAT_MEAN = np.array([3.9, 3.5, 3.6, 3.8])
SAT_EFFECT = 0.8  # hazard multiplier exp(-SAT_EFFECT * (satisfaction - 3.6))

# money (USD, times scale)
OPENING_CASH = 80_000.0  # owner's cash in the bank on 2021-12-31
LOAN = 120_000.0  # bank loan for the Riverside fit-out, drawn July 2023, 60 months
DRAW_BUFFER = 30_000.0  # the owner draws 70 % of profit above this cash balance ...
FIRST_DRAW = "2024-07-01"  # ... from this month on


def _ids(prefix: str, numbers: np.ndarray, width: int, missing=None) -> pd.Series:
    """Return zero-padded ids like 'DC-0000001' as a pandas 'string' Series."""
    import pyarrow as pa
    import pyarrow.compute as pc

    width = max(width, len(str(int(numbers.max()))) if len(numbers) else width)
    text = pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width, "0")
    joined = pc.binary_join_element_wise(prefix, text, "")
    if missing is not None:
        joined = pc.if_else(pa.array(missing), pa.scalar(None, pa.string()), joined)
    return pd.Series(pd.arrays.ArrowStringArray(joined))


def _labels(codes: np.ndarray, names) -> pd.Series:
    """Return ``names[codes]`` as a pandas 'string' Series without Python objects."""
    import pyarrow as pa

    dictionary = pa.DictionaryArray.from_arrays(
        pa.array(np.asarray(codes, dtype=np.int32)), pa.array(list(names), pa.string())
    )
    return pd.Series(pd.arrays.ArrowStringArray(dictionary.cast(pa.string())))


def _cents(x) -> np.ndarray:
    """Round to whole cents, half up."""
    return np.floor(np.asarray(x, dtype=float) + 0.5).astype(np.int64)


def _draw(rng, probs: np.ndarray, n: int) -> np.ndarray:
    """Draw n category codes with probabilities ``probs``."""
    return np.searchsorted(np.cumsum(probs) / np.sum(probs), rng.random(n), side="right")


class _Calendar:
    """Day-level drivers shared by every table."""

    def __init__(self):
        days = pd.date_range(START, END, freq="D")
        self.days = days
        n = self.n = len(days)
        self.t = np.arange(n)
        self.dow = days.day_of_week.to_numpy()
        month = days.month.to_numpy()
        dom = days.day.to_numpy()
        self.month0 = (days.year.to_numpy() - START.year) * 12 + month - 1
        self.moy = month - 1

        def day(ts) -> int:
            return int((pd.Timestamp(ts) - START).days)

        self.day = day
        thanks = np.zeros(n, dtype=bool)
        hol = np.ones(n)
        for year in range(START.year, END.year + 1):
            nov1 = pd.Timestamp(year=year, month=11, day=1)
            tg = day(nov1) + (3 - nov1.day_of_week) % 7 + 21
            thanks[tg] = True
            hol[tg - 1] *= 1.5
            may1 = pd.Timestamp(year=year, month=5, day=1)
            mothers = day(may1) + (6 - may1.day_of_week) % 7 + 7
            hol[mothers - 1] *= 1.25
            hol[mothers] *= 1.4
            hol[day(f"{year}-02-14")] *= 1.4
            hol[day(f"{year}-12-23")] *= 1.6
            hol[day(f"{year}-12-24")] *= 1.9
            hol[day(f"{year}-12-31")] *= 1.25
            hol[day(f"{year}-07-04")] *= 0.6
        for easter in EASTER:
            hol[day(easter) - 1] *= 1.4
        self.closed = ((month == 1) & (dom == 1)) | ((month == 12) & (dom == 25)) | thanks
        self.open_min = np.where(self.dow == 6, 8 * 60, 7 * 60)
        close = np.where(self.dow == 6, 14 * 60, np.where(self.dow == 5, 17 * 60, 18 * 60))
        close = np.where((month == 12) & (dom == 24), np.minimum(close, 14 * 60), close)
        self.close_min = np.where((month == 12) & (dom == 31), np.minimum(close, 15 * 60), close)
        self.holiday = hol

        # smooth yearly seasonality: monthly anchors at mid-month, periodic interpolation
        doy = days.day_of_year.to_numpy()
        anchors = np.arange(12) * 30.44 + 15.2
        self.season = np.interp(
            doy,
            np.r_[anchors[-1] - 365.25, anchors, anchors[0] + 365.25],
            np.r_[MONTH[-1], MONTH, MONTH[0]],
        )
        self.promo = np.zeros(n, dtype=bool)
        for a, b in PROMOS:
            self.promo[day(a) : day(b) + 1] = True

        self.t_rs = day(RIVERSIDE_OPEN)
        self.t_online = day(ONLINE_LAUNCH)
        self.t_catering = day(CATERING_LAUNCH)
        t = self.t.astype(float)
        self.lvl_ot = LIFECYCLE_FLOOR + (1 - LIFECYCLE_FLOOR) / (
            1 + np.exp(-(t - day(LIFECYCLE_MID)) / LIFECYCLE_DAYS)
        )
        since_rs = np.clip(t - self.t_rs, 0, None)
        ramp_rs = np.where(t >= self.t_rs, 1 - np.exp(-since_rs / RIVERSIDE_RAMP_DAYS), 0.0)
        self.lvl_rs = RIVERSIDE_SIZE * ramp_rs
        self.lvl_rs_guest = np.where(t >= self.t_rs, RIVERSIDE_SIZE * (0.3 + 0.7 * ramp_rs), 0)
        since_on = np.clip(t - self.t_online, 0, None)
        self.ramp_online = np.where(
            t >= self.t_online, 1 - 0.8 * np.exp(-since_on / ONLINE_RAMP_DAYS), 0.0
        )
        since_cat = np.clip(t - self.t_catering, 0, None)
        self.ramp_catering = np.where(t >= self.t_catering, 1 - np.exp(-since_cat / 150.0), 0)

        # demand weight of a shop day and of a catering (office) day
        shop = self.season * WEEKDAY[self.dow] * self.holiday * np.where(self.closed, 0, 1)
        self.shop = shop
        self.shop_promo = shop * np.where(self.promo, PROMO_LIFT, 1.0)
        cat = np.interp(
            doy,
            np.r_[anchors[-1] - 365.25, anchors, anchors[0] + 365.25],
            np.r_[CATERING_MONTH[-1], CATERING_MONTH, CATERING_MONTH[0]],
        )
        self.catering = cat * (self.dow < 5) * np.where(self.closed, 0, 1)
        self.price_period = np.zeros(n, dtype=np.int64)
        for d, _ in PRICE_STEPS:
            self.price_period += self.t >= day(d)
        self.cost_period = np.zeros(n, dtype=np.int64)
        for d, _ in COST_STEPS:
            self.cost_period += self.t >= day(d)


def _awareness(rng, cal: _Calendar, scale: float):
    """Return daily local search visits and the lagged search multiplier of demand."""
    from scipy.signal import lfilter

    burn = 60
    shocks = rng.normal(0.0, AWARE_SD, cal.n + burn)
    log_aware = lfilter([1.0], [1.0, -AWARE_PHI], shocks)
    stationary_var = AWARE_SD**2 / (1 - AWARE_PHI**2)
    aware = np.exp(log_aware - stationary_var / 2)
    # expected visits follow the whole business's size, weekdays a little above weekends
    size = np.r_[np.full(burn, cal.lvl_ot[0]), cal.lvl_ot + cal.lvl_rs] / (1 + RIVERSIDE_SIZE)
    dow = np.r_[np.zeros(burn, dtype=int), cal.dow]
    search_dow = np.array([1.05, 1.05, 1.05, 1.05, 1.1, 0.9, 0.8])
    base = SEARCH_PER_DAY * scale * size * search_dow[dow]
    visits = rng.poisson(base * aware)
    index = visits / base  # realised awareness (mean 1)
    lagged = np.zeros(cal.n)
    for k, w in enumerate(SEARCH_LAG):
        lag = SEARCH_LAG_START + k
        lagged += w * index[burn - lag : burn - lag + cal.n]
    return visits[burn:], lagged


def _sample_days(rng, cumw: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Sample one day in (start, end] per row with probability proportional to the weight."""
    lo, hi = cumw[start], cumw[end]
    u = hi - (1.0 - rng.random(len(start))) * (hi - lo)
    day = np.searchsorted(cumw, u, side="left")
    return np.clip(day, start + 1, end)


def _kernel(cal: _Calendar, life: float) -> np.ndarray:
    """Expected orders a new in-store customer places a days after joining, by cohort year.

    Row ``y`` is the kernel of a customer who joined in year ``START.year + y``: 1 (the
    first order) at ``a = 0``, then rate times the chance of still being active.
    """
    a = np.arange(cal.n, dtype=float)
    rows = []
    for year in range(START.year, END.year + 1):
        c = COHORT_LIFE[year] * life
        regular = REGULAR[1] * (
            LOYAL_SHARE * np.exp(-a / (LOYAL_DAYS * c))
            + (1 - LOYAL_SHARE) * np.exp(-a / (REGULAR[3] * c))
        )
        occasional = OCCASIONAL[1] * np.exp(-a / (OCCASIONAL[3] * c))
        k = REGULAR[0] * regular + OCCASIONAL[0] * occasional
        k[0] = 1.0
        rows.append(k)
    return np.array(rows)


def _acquisition(cal: _Calendar) -> np.ndarray:
    """Expected new customers per day (before day-level multipliers), by stream.

    Streams: in-store at Old Town, in-store at Riverside, online-first, catering accounts.
    Solves ``orders(t) = sum_s new(s) * kernel(t - s)`` for ``new`` day by day, so that
    orders by identified customers follow IDENT_PER_DAY times each shop's demand level
    (the logistic lifecycle at Old Town, the ramp at Riverside), ONLINE_IDENT_PER_DAY
    times the online ramp and CATERING_PER_DAY times the catering ramp.
    """
    shop = _kernel(cal, 1.0)
    online = _kernel(cal, ONLINE_LIFE)
    a = np.arange(cal.n, dtype=float)
    business = np.r_[1.0, BUSINESS[0] * np.exp(-a[1:] / BUSINESS[2])]
    kernel = np.stack([shop, shop, online, np.broadcast_to(business, shop.shape)])
    cohort = cal.days.year.to_numpy() - START.year
    target = np.stack(
        [
            IDENT_PER_DAY * cal.lvl_ot,
            IDENT_PER_DAY * cal.lvl_rs,
            ONLINE_IDENT_PER_DAY * cal.ramp_online,
            CATERING_PER_DAY * cal.ramp_catering,
        ]
    )
    expected = np.zeros_like(target)
    new = np.zeros_like(target)
    n = cal.n
    for t in range(n):  # O(days) steps, each a vector update
        new[:, t] = np.maximum(target[:, t] - expected[:, t], 0.0)
        expected[:, t:] += new[:, t, None] * kernel[:, cohort[t], : n - t]
    return new


def _customers(rng, cal: _Calendar, search: np.ndarray, scale: float) -> dict:
    """Draw every identified customer: first-order day, location, segment and habits."""
    shop = cal.shop_promo * search
    new = _acquisition(cal) * scale
    counts = rng.poisson(new[:2] * shop)  # (location, day)
    loc, d0 = np.nonzero(counts)
    reps = counts[loc, d0]
    loc, d0 = np.repeat(loc, reps), np.repeat(d0, reps)
    first_channel = np.zeros(len(d0), dtype=np.int64)

    d_on = np.repeat(cal.t, rng.poisson(new[2] * shop))
    loc_on = (rng.random(len(d_on)) < 0.45).astype(np.int64)

    d_biz = np.repeat(cal.t, rng.poisson(new[3] * cal.catering))

    d0 = np.r_[d0, d_on, d_biz]
    loc = np.r_[loc, loc_on, np.zeros(len(d_biz), dtype=np.int64)]
    first_channel = np.r_[first_channel, np.ones(len(d_on), dtype=np.int64), np.full(len(d_biz), 2)]
    kind = np.r_[
        np.zeros(len(d0) - len(d_on) - len(d_biz), dtype=np.int64),
        np.ones(len(d_on), dtype=np.int64),
        np.full(len(d_biz), 2),
    ]
    c = len(d0)

    segment = np.where(kind == 2, 2, np.where(rng.random(c) < REGULAR[0], 0, 1))
    rate_mean = np.array([REGULAR[1], OCCASIONAL[1], BUSINESS[0]])[segment]
    shape = np.array([REGULAR[2], OCCASIONAL[2], BUSINESS[1]])[segment]
    rate = rng.gamma(shape, rate_mean / shape)
    life_mean = np.array([REGULAR[3], OCCASIONAL[3], BUSINESS[2]])[segment]
    loyal = (segment == 0) & (rng.random(c) < LOYAL_SHARE)
    life_mean = np.where(loyal, LOYAL_DAYS, life_mean)
    year = cal.days.year.to_numpy()[d0]
    cohort_life = np.array([COHORT_LIFE[y] for y in range(START.year, END.year + 1)])
    life_mean = (
        life_mean
        * np.where(kind == 2, 1.0, cohort_life[year - START.year])
        * np.where(kind == 1, ONLINE_LIFE, 1.0)
    )
    life = rng.exponential(life_mean)
    adopter = (kind == 1) | ((kind == 0) & (rng.random(c) < ONLINE_ADOPTERS))

    # home neighbourhood: Old Town shoppers mostly from the Old Town side of the river
    near_rs = np.where(loc == 1, 0.85, np.where(d0 < cal.t_rs, 0.30, 0.15))
    near_rs = np.where(kind == 0, near_rs, 0.45)
    side = rng.random(c) < near_rs
    region = np.where(side, 3, 0) + rng.integers(0, 3, c)
    # a pre-opening Old Town customer from across the river switches to Riverside
    switcher = (loc == 0) & side & (kind == 0) & (rng.random(c) < 0.6)

    # acquisition channel; the share found through search rises with search visits
    p_search = np.clip(0.22 * search[d0], 0.05, 0.6)
    from_search = rng.random(c) < p_search
    other_store = _draw(rng, np.array([0.55, 0, 0.15, 0.22, 0.08, 0]), c)
    other_online = _draw(rng, np.array([0, 0, 0.35, 0.35, 0.30, 0]), c)
    other_biz = _draw(rng, np.array([0, 0, 0, 0.3, 0, 0.7]), c)
    other = np.where(kind == 0, other_store, np.where(kind == 1, other_online, other_biz))
    acquisition = np.where(from_search, 1, other)
    return {
        "d0": d0,
        "loc": loc,
        "kind": kind,
        "segment": segment,
        "rate": rate,
        "life": life,
        "adopter": adopter,
        "region": region,
        "switcher": switcher,
        "acquisition": acquisition,
        "first_channel": first_channel,
    }


def _orders(rng, cal: _Calendar, cust: dict, search: np.ndarray, scale: float) -> dict:
    """Draw every order (first, repeat, guest) with day, minute, channel and location."""
    n = cal.n
    c = len(cust["d0"])
    # repeat orders of identified customers, placed on days weighted by demand
    w_shop = cal.shop_promo / cal.shop_promo.mean()
    w_cat = cal.catering / cal.catering.mean()
    cum_shop, cum_cat = np.cumsum(w_shop), np.cumsum(w_cat)
    d0 = cust["d0"]
    end = np.minimum(d0 + np.ceil(cust["life"]).astype(np.int64), n - 1)
    biz = cust["kind"] == 2
    exposure = np.where(biz, cum_cat[end] - cum_cat[d0], cum_shop[end] - cum_shop[d0])
    k = rng.poisson(cust["rate"] * exposure)
    who = np.repeat(np.arange(c), k)
    start_r, end_r = d0[who], end[who]
    day_r = np.where(
        biz[who],
        _sample_days(rng, cum_cat, start_r, end_r),
        _sample_days(rng, cum_shop, start_r, end_r),
    )
    chan_r = np.where(biz[who], 2, 0)
    p_online = ONLINE_SHARE_MAX * cal.ramp_online[day_r]
    p_online = np.where(cust["kind"][who] == 1, np.maximum(p_online, 0.8), p_online)
    online = cust["adopter"][who] & (day_r >= cal.t_online) & (rng.random(len(who)) < p_online)
    chan_r = np.where(online, 1, chan_r)
    loc_r = cust["loc"][who]
    switch = cust["switcher"][who] & (day_r >= cal.t_rs) & (rng.random(len(who)) < 0.6)
    loc_r = np.where(switch, 1, loc_r)

    # guest checkouts: in store only, driven by search like new customers
    lam = (
        GUESTS_PER_DAY
        * scale
        * np.stack([cal.lvl_ot, cal.lvl_rs_guest])
        * (cal.shop_promo * search**GUEST_SEARCH_POWER)
    )
    g = rng.poisson(lam)
    g_loc, g_day = np.nonzero(g)
    reps = g[g_loc, g_day]
    g_loc, g_day = np.repeat(g_loc, reps), np.repeat(g_day, reps)

    day = np.r_[d0, day_r, g_day]
    cust_idx = np.r_[np.arange(c), who, np.full(len(g_day), -1)]
    channel = np.r_[cust["first_channel"], chan_r, np.zeros(len(g_day), dtype=np.int64)]
    location = np.r_[cust["loc"], loc_r, g_loc]
    first = np.r_[np.ones(c, dtype=bool), np.zeros(len(who) + len(g_day), dtype=bool)]

    # time of day: morning-heavy mixture over the opening hours; catering 8-16 h
    m = len(day)
    mix = rng.random(m)
    pos = np.where(
        mix < 0.55,
        rng.beta(2.0, 5.0, m),
        np.where(mix < 0.85, rng.beta(5.0, 4.0, m), rng.random(m)),
    )
    lo = np.where(channel == 2, 8 * 60, cal.open_min[day])
    hi = np.where(channel == 2, 16 * 60, cal.close_min[day])
    minute = lo + np.floor(pos * (hi - lo)).astype(np.int64)
    order = np.lexsort((rng.random(m), minute, day))
    return {
        "day": day[order],
        "minute": minute[order],
        "cust": cust_idx[order],
        "channel": channel[order],
        "location": location[order],
        "first": first[order],
    }


def _lines(rng, cal: _Calendar, orders: dict) -> dict:
    """Draw the products on every order and price them in integer cents."""
    prod = np.array([p[2:] for p in PRODUCTS], dtype=float)
    category = np.array([p[1] for p in PRODUCTS])
    n_prod = len(PRODUCTS)
    chan = orders["channel"]
    n_lines = 1 + np.minimum(rng.poisson(EXTRA_LINES[chan]), 5)
    line_order = np.repeat(np.arange(len(chan)), n_lines)
    line_chan = chan[line_order]
    line_day = orders["day"][line_order]
    group = line_chan * 12 + cal.moy[line_day]
    sort = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[sort], np.arange(37))
    product = np.empty(len(line_order), dtype=np.int64)
    cake = category == "cake"
    for g in range(36):
        idx = sort[bounds[g] : bounds[g + 1]]
        if len(idx) == 0:
            continue
        weights = prod[:, 3 + g // 12] * np.where(cake, CAKE_MONTH[g % 12], 1.0)
        product[idx] = _draw(rng, weights, len(idx))
    qty = 1 + rng.poisson(EXTRA_UNITS[line_chan] * prod[product, 2])
    # one line per product per order: merge repeated draws
    key = line_order * n_prod + product
    srt = np.argsort(key, kind="stable")
    uniq, starts = np.unique(key[srt], return_index=True)
    qty = np.add.reduceat(qty[srt], starts)
    line_order, product = uniq // n_prod, uniq % n_prod
    day = orders["day"][line_order]

    price_mult = np.cumprod(np.r_[1.0, [m for _, m in PRICE_STEPS]])
    cost_mult = np.cumprod(np.r_[1.0, [m for _, m in COST_STEPS]])
    prices = np.round(prod[:, 0][None, :] * price_mult[:, None] / 5.0).astype(np.int64) * 5
    costs = _cents(prod[:, 1][None, :] * cost_mult[:, None])
    unit_price = prices[cal.price_period[day], product]
    unit_cost = costs[cal.cost_period[day], product]
    gross = qty * unit_price
    order_gross = np.bincount(line_order, weights=gross, minlength=len(chan))
    rate = np.where((chan != 2) & cal.promo[orders["day"]], PROMO_DISCOUNT, 0.0)
    big = (chan == 2) & (order_gross >= CATERING_VOLUME_DISCOUNT[0])
    rate = np.where(big, CATERING_VOLUME_DISCOUNT[1], rate)
    discount = _cents(gross * rate[line_order])
    return {
        "order": line_order,
        "product": product,
        "quantity": qty,
        "unit_price": unit_price,
        "revenue": gross - discount,
        "cost": qty * unit_cost,
        "discount": discount,
        "baked": np.isin(category, ["bread", "pastry"])[product],
    }


def simulate(seed: int = 0, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Run the simulation and return the eight canonical tables (schema dtypes)."""
    # one independent stream per part, so that changing one part leaves the others alone
    (
        rng_aware,
        rng_cust,
        rng_orders,
        rng_lines,
        rng_refund,
        rng_mkt,
        rng_web,
        rng_staff,
        rng_fin,
        rng_survey,
    ) = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(10))
    cal = _Calendar()
    visits, search = _awareness(rng_aware, cal, scale)
    cust = _customers(rng_cust, cal, search, scale)
    orders = _orders(rng_orders, cal, cust, search, scale)
    lines = _lines(rng_lines, cal, orders)
    n_orders = len(orders["day"])
    revenue = np.bincount(lines["order"], weights=lines["revenue"], minlength=n_orders)
    cost = np.bincount(lines["order"], weights=lines["cost"], minlength=n_orders)
    discount = np.bincount(lines["order"], weights=lines["discount"], minlength=n_orders)
    revenue, cost, discount = (np.rint(x).astype(np.int64) for x in (revenue, cost, discount))

    # online orders can be late (worse right after launch); late orders get refunded more
    chan, day = orders["channel"], orders["day"]
    p_late = LATE_BASE + LATE_EXTRA * np.exp(-np.clip(day - cal.t_online, 0, None) / LATE_DAYS)
    rng = rng_refund
    late = (chan == 1) & (rng.random(n_orders) < p_late)
    p_refund = REFUND_P[chan] + 0.10 * late
    refund = rng.random(n_orders) < p_refund
    full = rng.random(n_orders) < 0.5
    part = np.minimum(_cents(revenue * rng.uniform(0.15, 0.6, n_orders)), revenue - 1)
    refunded = np.where(refund, np.where(full | (part < 1), revenue, part), 0)
    status = np.where(refunded == 0, 0, np.where(refunded == revenue, 2, 1))

    first_pos, number = _customer_numbers(orders, len(cust["d0"]))
    tables = {}
    tables["orders"] = _orders_frame(cal, orders, number, revenue, cost, discount, refunded, status)
    tables["order_lines"] = _lines_frame(tables["orders"], lines)
    tables["customers"] = _customers_frame(cust, orders, first_pos, tables["orders"])
    marketing = _marketing(rng_mkt, cal, visits, cust, scale)
    tables["marketing"] = marketing
    tables["web"] = _web(rng_web, cal, orders)
    employees, wages = _employees(rng_staff, cal, orders, lines, scale)
    tables["employees"] = employees
    tables["financials"] = _financials(
        rng_fin, cal, orders, lines, revenue, cost, refunded, marketing, wages, scale
    )
    tables["surveys"] = _surveys(rng_survey, cal, orders, tables["orders"], late, refunded, scale)
    out = {}
    for resource in PACKAGE["resources"]:
        out[resource["name"]] = conform(tables[resource["name"]], resource["schema"]["fields"])
    return out


# ------------------------------------------------------------------ table builders
def _customer_numbers(orders: dict, c: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (position of each customer's first order, customer number by index)."""
    pos = np.flatnonzero(orders["first"])
    number = np.empty(c, dtype=np.int64)
    number[orders["cust"][pos]] = np.arange(1, len(pos) + 1)
    return pos, number


def _orders_frame(cal, orders, number, revenue, cost, discount, refunded, status):
    n = len(orders["day"])
    cust = orders["cust"]
    date = cal.days.to_numpy()[orders["day"]] + orders["minute"] * np.timedelta64(1, "m")
    return pd.DataFrame(
        {
            "order_id": _ids("DC-", np.arange(1, n + 1), 7),
            "date": date,
            "customer_id": _ids("C-", number[np.maximum(cust, 0)], 6, missing=cust < 0),
            "channel": _labels(orders["channel"], CHANNELS),
            "location": _labels(orders["location"], LOCATIONS),
            "revenue": revenue / 100,
            "cost": cost / 100,
            "discount": discount / 100,
            "refunded": refunded / 100,
            "status": _labels(status, STATUSES),
        }
    )


def _lines_frame(orders_frame: pd.DataFrame, lines: dict) -> pd.DataFrame:
    categories = sorted({p[1] for p in PRODUCTS})
    category_code = np.array([categories.index(p[1]) for p in PRODUCTS])[lines["product"]]
    return pd.DataFrame(
        {
            "order_id": orders_frame["order_id"].take(lines["order"]).reset_index(drop=True),
            "product": _labels(lines["product"], [p[0] for p in PRODUCTS]),
            "category": _labels(category_code, categories),
            "quantity": lines["quantity"],
            "unit_price": lines["unit_price"] / 100,
            "revenue": lines["revenue"] / 100,
            "cost": lines["cost"] / 100,
        }
    )


def _customers_frame(cust: dict, orders: dict, first_pos: np.ndarray, orders_frame):
    who = orders["cust"][first_pos]  # customer index in order of first purchase
    return pd.DataFrame(
        {
            "customer_id": orders_frame["customer_id"].take(first_pos).reset_index(drop=True),
            "first_order_date": orders_frame["date"].to_numpy()[first_pos],
            "acquisition_channel": np.array(ACQUISITION)[cust["acquisition"][who]],
            "segment": np.array(SEGMENTS)[cust["segment"][who]],
            "region": np.array(REGIONS)[cust["region"][who]],
        }
    )


def _marketing(rng, cal: _Calendar, visits: np.ndarray, cust: dict, scale: float):
    """Daily marketing by channel; the social numbers never feed back into demand."""
    n = cal.n
    size = (cal.lvl_ot + cal.lvl_rs) / (1 + RIVERSIDE_SIZE)
    # social: posts on ~3 days a week, 4 one-week campaigns a year at random dates
    post = rng.random(n) < 3 / 7
    campaign = np.zeros(n, dtype=bool)
    for start in rng.integers(0, n - 7, 4 * (n // 365)):
        campaign[start : start + 7] = True
    boost = 1 + 1.0 * post + 0.5 * campaign
    gained = rng.poisson(scale * 5.0 * size * boost * rng.lognormal(0, 0.3, n))
    lost = rng.poisson(scale * 1.2 * size, n)
    followers = np.maximum(np.round(250 * scale) + np.cumsum(gained - lost), 0)
    # the platform's reach drifts from week to week (a random walk in log engagement)
    week = cal.t // 7
    reach = np.exp(np.cumsum(rng.normal(0, REACH_SD, week[-1] + 1)))[week]
    reach = reach / reach.mean()
    likes = rng.poisson(followers * 0.015 * boost * reach * rng.lognormal(-0.02, 0.2, n))
    shares = rng.binomial(likes, 0.05)
    social_spend = (
        np.where(campaign, 35.0, np.where(post, 6.0, 0.0)) * scale * rng.uniform(0.8, 1.2, n)
    )
    social_impr = rng.poisson(followers * 0.4 * boost + social_spend * 90)
    social_clicks = rng.binomial(social_impr, 0.009)
    social_leads = rng.binomial(social_clicks, 0.04)

    # search: paid search budget steps up with each new venture; listing views = visits
    budget = np.where(cal.t >= cal.t_online, 28.0, np.where(cal.t >= cal.t_rs, 20.0, 12.0))
    search_spend = budget * scale * rng.uniform(0.85, 1.15, n)
    search_impr = rng.poisson(search_spend * 55 + visits * 6)
    search_clicks = rng.binomial(search_impr, 0.05)
    search_leads = rng.binomial(search_clicks, 0.06)

    # e-mail: weekly newsletter on Thursdays from March 2022 plus a mail on promo starts
    opted_in = np.cumsum(np.bincount(cust["d0"], minlength=n) * 0.55)
    send = ((cal.dow == 3) & (cal.t >= cal.day("2022-03-03"))) | (
        cal.promo & ~np.r_[False, cal.promo[:-1]]
    )
    email_impr = np.where(send, rng.binomial(np.round(opted_in).astype(np.int64), 0.38), 0)
    email_clicks = rng.binomial(email_impr, 0.07)
    email_leads = rng.binomial(email_clicks, 0.12)
    email_spend = (1.0 * scale + opted_in / 4000) * np.ones(n)

    # print: flyer drops (5 days each) in March, before the Riverside opening, November
    drops = [f"{y}-03-07" for y in range(2022, 2026)] + [f"{y}-11-07" for y in range(2022, 2026)]
    drops.append("2023-08-28")
    flyer = np.zeros(n, dtype=bool)
    coupon = np.zeros(n, dtype=bool)
    for d in drops:
        flyer[cal.day(d) : cal.day(d) + 5] = True
        coupon[cal.day(d) : cal.day(d) + 21] = True
    print_spend = np.where(flyer, 90.0 * scale, 0.0)
    print_impr = np.where(flyer, rng.poisson(1500 * scale, n), 0)
    print_leads = np.where(coupon, rng.poisson(4 * scale, n), 0)

    na = np.full(n, np.nan)
    cols = {
        "spend": [social_spend, search_spend, email_spend, print_spend],
        "impressions": [social_impr, search_impr, email_impr, print_impr],
        "clicks": [social_clicks, search_clicks, email_clicks, na],
        "leads": [social_leads, search_leads, email_leads, print_leads],
        "followers": [followers, na, na, na],
        "likes": [likes, na, na, na],
        "shares": [shares, na, na, na],
        "local_search_visits": [na, visits, na, na],
    }
    frame = {
        "date": np.repeat(cal.days.to_numpy(), 4),
        "channel": np.tile(np.array(["social", "search", "email", "print"]), n),
    }
    for name, parts in cols.items():
        values = np.stack([np.asarray(p, dtype=float) for p in parts], axis=1).ravel()
        if name == "spend":
            frame[name] = _cents(values * 100) / 100
        else:
            frame[name] = pd.array(
                np.where(np.isnan(values), 0, values).astype(np.int64), dtype="Int64"
            )
            frame[name][np.isnan(values)] = pd.NA
    return pd.DataFrame(frame)


def _web(rng, cal: _Calendar, orders: dict) -> pd.DataFrame:
    """Daily website sessions and conversions (= online orders) from the online launch."""
    online = orders["channel"] == 1
    conv = np.bincount(orders["day"][online], minlength=cal.n)[cal.t_online :]
    smooth = np.convolve(conv, np.ones(7) / 7, mode="same")
    browse = rng.poisson(22 * np.maximum(smooth, 1) * rng.lognormal(0, 0.12, len(conv)))
    return pd.DataFrame(
        {
            "date": cal.days.to_numpy()[cal.t_online :],
            "sessions": conv + browse,
            "conversions": conv,
        }
    )


def _month_bounds(cal: _Calendar):
    first = np.flatnonzero(np.r_[True, np.diff(cal.month0) != 0])
    last = np.r_[first[1:] - 1, cal.n - 1]
    return first, last


def _employees(rng, cal: _Calendar, orders: dict, lines: dict, scale: float):
    """Hire to a volume-driven headcount target each month; people leave at random,
    the unhappy ones more often. Return the table and wages by month (cents)."""
    first, last = _month_bounds(cal)
    n_months = len(first)
    mo = cal.month0[orders["day"]]
    chan, loc = orders["channel"], orders["location"]
    line_loc, line_mo = loc[lines["order"]], mo[lines["order"]]
    req = np.zeros((n_months + 1, 8))
    m_rs, m_on, m_cat = (cal.month0[d] for d in (cal.t_rs, cal.t_online, cal.t_catering))
    months = np.arange(n_months)
    for site in (0, 1):
        shop_open = months >= (m_rs if site else 0)
        store = np.bincount(mo[(chan == 0) & (loc == site)], minlength=n_months)
        items = np.bincount(
            line_mo[line_loc == site],
            weights=lines["quantity"][line_loc == site],
            minlength=n_months,
        )
        req[:n_months, site * 4 + 1] = np.where(
            shop_open, np.maximum(np.ceil(store / FOH_PER), 1), 0
        )
        req[:n_months, site * 4 + 0] = np.where(
            shop_open, np.maximum(np.ceil(items / BAKER_PER), 1), 0
        )
    deliveries = np.bincount(mo[chan >= 1], minlength=n_months)
    req[:n_months, 2] = np.where(
        months >= m_on, np.maximum(np.ceil(deliveries / DELIVERY_PER), 1), 0
    )
    office = (months >= m_rs).astype(float) + (months >= m_cat)
    req[:n_months, 3] = np.where(office > 0, np.maximum(np.round(scale * office), 1), 0)
    req[n_months] = req[n_months - 1]
    target = np.maximum(req[:-1], req[1:]).astype(np.int64)  # hire a month ahead

    group = np.zeros(0, dtype=np.int64)
    hire = np.zeros(0, dtype=np.int64)
    exit_ = np.zeros(0, dtype=np.int64)
    sat = np.zeros(0)
    for m in range(n_months):
        active = (hire < first[m]) & (exit_ < 0)
        idx = np.flatnonzero(active)
        hazard = HAZARD[group[idx] % 4] * np.exp(-SAT_EFFECT * (sat[idx] - 3.6))
        leaves = idx[rng.random(len(idx)) < 1 - np.exp(-hazard)]
        exit_[leaves] = first[m] + rng.integers(0, last[m] - first[m] + 1, len(leaves))
        staying = np.bincount(group[exit_ < 0], minlength=8)
        need = np.maximum(target[m] - staying, 0)
        new_group = np.repeat(np.arange(8), need)
        k = len(new_group)
        start = (
            np.zeros(k, dtype=np.int64)
            if m == 0
            else first[m] + rng.integers(0, last[m] - first[m] + 1, k)
        )
        dept = new_group % 4
        stretched = (new_group // 4 == 1) & (m >= m_rs - 1) & (m <= m_rs + 4)
        mood = SAT_MEAN[dept] - 0.5 * stretched + rng.normal(0, 0.6, k)
        group = np.r_[group, new_group]
        hire = np.r_[hire, start]
        exit_ = np.r_[exit_, np.full(k, -1)]
        sat = np.r_[sat, np.clip(np.round(mood, 1), 1.0, 5.0)]

    order = np.lexsort((group, hire))
    group, hire, exit_, sat = group[order], hire[order], exit_[order], sat[order]
    # wages: days employed in each month times the daily rate
    end = np.where(exit_ < 0, cal.n - 1, exit_)
    overlap = np.clip(
        np.minimum(end[:, None], last[None, :]) - np.maximum(hire[:, None], first[None, :]) + 1,
        0,
        None,
    )
    daily = WAGE[group % 4] * 12 / 365
    wages = _cents((overlap * daily[:, None]).sum(axis=0))
    dates = cal.days.to_numpy()
    frame = pd.DataFrame(
        {
            "employee_id": _ids("E-", np.arange(1, len(group) + 1), 4),
            "department": np.array(DEPARTMENTS)[group % 4],
            "location": np.array(LOCATIONS)[group // 4],
            "hire_date": dates[hire],
            "exit_date": np.where(exit_ < 0, np.datetime64("NaT"), dates[np.maximum(exit_, 0)]),
            "satisfaction": sat,
        }
    )
    return frame, wages


def _financials(rng, cal, orders, lines, revenue, cost, refunded, marketing, wages, scale):
    """Monthly income statement, balances and cash flow, all in integer cents."""
    first, last = _month_bounds(cal)
    n_months = len(first)
    day, chan, loc = orders["day"], orders["channel"], orders["location"]
    mo = cal.month0[day]
    net = revenue - refunded
    rev_m = np.bincount(mo, weights=net, minlength=n_months)
    cost_m = np.bincount(mo, weights=cost, minlength=n_months)
    # waste: unsold bread and pastry, worse in a new shop's first months
    baked = lines["baked"]
    line_mo = mo[lines["order"]]
    line_loc = loc[lines["order"]]
    months = np.arange(n_months)
    m_rs = cal.month0[cal.t_rs]
    waste = np.zeros(n_months)
    for site, extra in ((0, 0.0), (1, 0.15)):
        sel = baked & (line_loc == site)
        base = np.bincount(line_mo[sel], weights=lines["cost"][sel], minlength=n_months)
        rate = 0.08 + extra * np.exp(-np.clip(months - m_rs, 0, None) / 3.0)
        waste += base * rate * rng.lognormal(0, 0.1, n_months)
    cogs = _cents(cost_m) + _cents(waste)
    revenue_m = _cents(rev_m)

    mkt_month = cal.month0[(marketing["date"] - START).dt.days.to_numpy()]
    mkt = _cents(
        np.bincount(
            mkt_month, weights=_cents(marketing["spend"].to_numpy() * 100), minlength=n_months
        )
    )
    rent = _cents(scale * (3600_00 + 4800_00 * (months >= m_rs - 2)))
    winter = np.isin(months % 12, [0, 1, 11])
    utilities = _cents(
        (scale * 700_00 * (1 + (months >= m_rs)) + 0.025 * revenue_m) * np.where(winter, 1.15, 1.0)
    )

    # capital spending and straight-line depreciation (starting the month after purchase)
    def mi(ts):
        return cal.month0[cal.day(ts)]

    assets = [
        (-1, 72_000, 60),
        (mi("2023-06-01"), 30_000, 120),
        (mi("2023-07-01"), 60_000, 120),
        (mi("2023-08-01"), 55_000, 120),
        (mi("2024-02-01"), 12_000, 36),
        (mi("2024-08-01"), 48_000, 60),
    ]
    upkeep = rng.uniform(0, 600, n_months)
    assets += [(m, upkeep[m], 60) for m in range(n_months)]
    capex = np.zeros(n_months, dtype=np.int64)
    depreciation = np.zeros(n_months, dtype=np.int64)
    for bought, amount, life in assets:
        cents = _cents(amount * 100 * scale)
        if bought >= 0:
            capex[bought] += cents
        on = (months > bought) & (months <= bought + life)
        depreciation += np.where(on, _cents(cents / life), 0)
    # the Riverside loan: drawn July 2023, 60 monthly repayments from October 2023
    loan_in = np.where(months == mi("2023-07-01"), _cents(LOAN * 100 * scale), 0)
    repay = np.where(
        (months >= mi("2023-10-01")) & (months < mi("2023-10-01") + 60),
        _cents(LOAN / 60 * 100 * scale),
        0,
    )
    balance = np.cumsum(loan_in - repay)
    interest = _cents(np.r_[0, balance[:-1]] * 0.075 / 12)
    store_net = np.bincount(mo[chan != 2], weights=net[chan != 2], minlength=n_months)
    other = _cents(scale * 300_00 + 0.026 * store_net) + interest
    opex = wages + rent + utilities + mkt + depreciation + other
    net_income = revenue_m - cogs - opex

    # balances: catering invoices paid 30 days after the order
    cat = chan == 2
    receivable = np.zeros(n_months, dtype=np.int64)
    for j in (0, 1):
        m = mo[cat] + j
        owed = (m < n_months) & (last[np.minimum(m, n_months - 1)] < day[cat] + 30)
        receivable += np.bincount(m[owed], weights=net[cat][owed], minlength=n_months).astype(
            np.int64
        )
    inventory = _cents(0.30 * cogs + 1_500_00 * scale)
    payable = _cents(0.45 * cogs + 0.5 * utilities)

    # the owner draws from profits above a buffer and injects cash if it runs out
    cash = np.zeros(n_months, dtype=np.int64)
    financing = np.zeros(n_months, dtype=np.int64)
    prev = (_cents(OPENING_CASH * 100 * scale), 0, inventory[0], payable[0])
    buffer, floor = _cents(DRAW_BUFFER * 100 * scale), _cents(2_000_00 * scale)
    first_draw = mi(FIRST_DRAW)
    for m in range(n_months):
        cash_prev, ar_prev, inv_prev, ap_prev = prev
        flow = (
            net_income[m]
            + depreciation[m]
            - (receivable[m] - ar_prev)
            - (inventory[m] - inv_prev)
            + (payable[m] - ap_prev)
            - capex[m]
            + loan_in[m]
            - repay[m]
        )
        before = cash_prev + flow
        draw = int(min(max(0.7 * net_income[m], 0), max(before - buffer, 0)))
        draw = draw if m >= first_draw else 0
        inject = _cents(15_000_00 * scale) - (before - draw) if before - draw < floor else 0
        financing[m] = loan_in[m] - repay[m] - draw + inject
        cash[m] = before - draw + inject
        prev = (cash[m], receivable[m], inventory[m], payable[m])

    usd = {
        k: v / 100
        for k, v in dict(
            revenue=revenue_m,
            cogs=cogs,
            operating_expenses=opex,
            net_income=net_income,
            cash=cash,
            accounts_receivable=receivable,
            inventory=inventory,
            accounts_payable=payable,
            depreciation=depreciation,
            capex=capex,
            financing=financing,
        ).items()
    }
    return pd.DataFrame({"month": cal.days.to_numpy()[first], **usd})


SURVEY_BASE, SURVEY_SHARE = 24.0, 0.003
NPS_BASE = 8.8  # mean latent score before comment-theme effects (sd 1.4)
THEMES = {
    "queue": (
        -2.2,
        (
            "Long queue this morning.",
            "Waited 15 minutes in line.",
            "The line was out the door again.",
            "Too busy, took ages to get served.",
        ),
    ),
    "late": (
        -3.5,
        (
            "My online order was not ready at pickup time.",
            "Online order was late.",
            "Pickup order took 20 minutes past the slot.",
        ),
    ),
    "prices": (
        -1.3,
        ("Prices went up a lot.", "Getting expensive.", "Love it but the prices keep rising."),
    ),
    "sourdough": (
        0.8,
        (
            "Best sourdough in town.",
            "The sourdough is amazing.",
            "Great crust on the country loaf.",
        ),
    ),
    "friendly": (
        0.8,
        ("Friendly staff!", "The team is always so kind.", "Lovely service, they know my order."),
    ),
    "catering": (
        0.7,
        (
            "Catering arrived on time and looked great.",
            "Our office loved the platters, delivered on time.",
        ),
    ),
}


def _surveys(rng, cal, orders, orders_frame, late, refunded, scale):
    """Post-visit surveys; comment themes follow what is happening at the time."""
    day, chan, loc, cust = (orders[k] for k in ("day", "channel", "location", "cust"))
    n = len(day)
    # responses per month: a base of SURVEY_BASE plus SURVEY_SHARE of the month's orders
    mo = cal.month0[day]
    per_month = np.bincount(mo)
    wanted = SURVEY_BASE * scale + SURVEY_SHARE * per_month
    picked = np.flatnonzero(rng.random(n) < (wanted / per_month)[mo])
    d, ch, lc = day[picked], chan[picked], loc[picked]
    # busyness: in-store orders that day at that shop relative to its 8-week average
    store = np.zeros((2, cal.n))
    np.add.at(store, (loc[chan == 0], day[chan == 0]), 1)
    window = np.ones(56)
    days_seen = np.convolve(np.ones(cal.n), window, mode="full")[: cal.n]
    avg = np.stack([np.convolve(s, window, mode="full")[: cal.n] for s in store]) / days_seen
    busy = store / np.maximum(avg, 1e-9)
    crowd = np.clip(busy[lc, d] - 1.0, 0, 1.5)
    new_shop = (d >= cal.t_rs) & (d < cal.t_rs + 100)
    after_rise = np.zeros(cal.n, dtype=bool)
    for start, _ in PRICE_STEPS:
        after_rise[cal.day(start) : cal.day(start) + 150] = True
    m = len(picked)
    probs = np.stack(
        [
            np.where(ch == 0, 0.05 + 0.35 * crowd + 0.18 * new_shop, 0.0),
            np.where(ch == 1, np.where(late[picked], 0.75, 0.02), 0.0),
            0.03 + 0.12 * after_rise[d],
            np.full(m, 0.10),
            np.where(ch == 0, 0.12, 0.04),
            np.where(ch == 2, 0.45, 0.0),
        ],
        axis=1,
    )
    total = probs.sum(axis=1, keepdims=True)
    probs = probs / np.maximum(total, 0.9)
    theme = (rng.random(m)[:, None] > np.cumsum(probs, axis=1)).sum(axis=1)  # 6 = none
    names = list(THEMES)
    effect = np.r_[[THEMES[t][0] for t in names], 0.0][theme]
    latent = NPS_BASE + effect - 2.5 * (refunded[picked] > 0) + rng.normal(0, 1.4, m)
    nps = np.clip(np.round(latent), 0, 10).astype(np.int64)
    csat = np.clip(np.round(latent / 2 + rng.normal(0, 0.5, m)), 1, 5).astype(np.int64)
    variant = rng.integers(0, 12, m)
    text = np.full(m, "", dtype=object)
    for i, t in enumerate(names):
        options = THEMES[t][1]
        sel = theme == i
        text[sel] = np.array(options, dtype=object)[variant[sel] % len(options)]
    silent = (theme == len(names)) | (rng.random(m) < 0.25)
    resp = np.minimum(d + rng.integers(0, 4, m), cal.n - 1)
    order = np.lexsort((rng.random(m), resp))
    comment = pd.array(np.where(silent, None, text)[order], dtype="string")
    return pd.DataFrame(
        {
            "date": cal.days.to_numpy()[resp][order],
            "customer_id": orders_frame["customer_id"].take(picked[order]).reset_index(drop=True),
            "nps_score": nps[order],
            "csat_score": csat[order],
            "comment": comment,
        }
    )
