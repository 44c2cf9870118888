"""Simulate Northwind Supply, a small parts manufacturer, from 2023-01-01 to 2025-12-31.

The story
---------
Northwind Supply makes three parts on three production lines in one plant: valve bodies
machined from brass bar on **Line 1**, pump housings cast in aluminium on **Line 2** and
mounting brackets pressed from steel sheet on **Line 3** (LINES, PRODUCTS, MATERIALS). The
plant works Monday to Friday, closed on US public holidays and between Christmas and New
Year (:class:`_Calendar`). It sells to distributors, to OEMs (manufacturers who build the
parts into their machines, on contract prices) and through a web store to repair shops
(SEGMENTS, CHANNELS); orders ship from finished-goods stock the day they are placed.
Each customer's order sizes grow 10 % a year (GROWTH) with a summer and Christmas dip
(SEASON), and the web store gains about six repair shops a month (NEW_REPAIR_SHOPS), so
revenue grows by a fifth a year; list prices and standard costs rise every January
(PRICE_STEPS, COST_STEPS); distributors get 6 % off list, OEMs 10 % (DISCOUNT).

Each week the planner makes the week's orders plus whatever brings the stock back to
COVER_WEEKS of recent shipments, grossed up for the scrap rate of the last four weeks, and
spreads it over the week's working days; if scrap eats the buffer, the last day of the
week runs overtime. So ``inventory`` holds 1-2 weeks of shipments and never goes
negative.

The defect-rate cascade
-----------------------
The plant's **defect rate** (defective parts / parts produced, ``production``) is, by
construction, the output-weighted mean of the line defect rates. On line ``l`` and working
day ``d`` a part is defective with probability

.. math:: p_{l,d} = b_l \\times q_{\\text{lot}} \\times e_{l,d} \\times w_d \\times
          \\varepsilon_{l,d}

- ``b_l`` is the line's base rate (BASE_DEFECT: housings 5.5 %, valve bodies 2.5 %,
  brackets 1.5 %): **production** owns it;
- ``q_lot`` is the material lot in use: the supplier's quality multiplier (SUPPLIERS;
  one supplier, *Corra Industrial Supply*, makes 1.9 times the defects of the others)
  times a lot-to-lot lognormal factor (LOT_SD). The lot's incoming ``quality_score``
  (0-100) is a noisy reading of the same factor. Corra is the cheapest and fastest
  supplier, so a procurement KPI of price or lead time favours it: **procurement** raised
  its share of lots from 15 % to 45 % on 2024-03-04 and cut it to 5 % on 2025-03-03 after
  a supplier review (SUPPLIER_MIX);
- ``e_{l,d}`` is **engineering**: the product of the multipliers of the design changes
  in force (DESIGN_CHANGES). The bracket's thinner steel gauge (2024-02-12, meant to cut
  cost) raises bracket defects by 35 %; the pump-housing redesign of 2024-10-14 cuts
  housing defects to 45 % of what they were; a valve O-ring groove change (2025-06-09)
  cuts valve defects by 15 %; the other two changes do nothing to defects;
- ``w_d`` is 1.15 on Mondays (start-up after the weekend), 1 otherwise, and
  ``epsilon`` is day-to-day noise (lognormal, DAY_SD).

**Quality control** then decides how many defects reach customers. In-process gauges
catch each defect with the line's probability IP_DETECT (55 %, 45 %, 30 %); final
inspection checks every part that reaches it and catches 90 % of the defects it sees
(FINAL_DETECT), except from 2024-06-03 to 2024-09-27 (QC_VACANCY) when one of the two
final inspectors had left and only 35 % of parts were checked. Defects that escape are
found by customers, returned and credited (``orders.refunded``), and traced back to the
line and production day by the date code. So the **escape rate** (defects found by
customers / parts shipped) is approximately

.. math:: p \\times (1 - \\text{in-process detection}) \\times
          (1 - \\text{share checked at final} \\times 0.9)

and a company goal on defects reaching customers cascades to line defect rates
(production), the detection rate (QC), lot quality and supplier mix (procurement) and
design changes (engineering). What the data let a lesson discover: the 2024 rise in
defects (Corra's bigger share plus the bracket gauge change), the fall after the housing
redesign and after Corra was cut, the jump in escapes and credits during the QC vacancy,
Corra's lots' higher defect rate and lower quality scores, and the cost-cutting change
that quietly made brackets worse. ``units_defective`` counts every defect traced to a
production day (in process + final + customer), so it equals the sum of the three
``qc_inspections`` stages.

``scale`` multiplies the number of customers, hence orders, units, lot sizes and money,
not the calendar, the lines or the number of lots. Randomness comes from one
:class:`numpy.random.SeedSequence` per ``seed``, spawned into independent streams per
part. Customers, orders, lines, lots and inspections are vectorised; the planning loop
runs over weeks (157 of them).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit.datasets._daily_crumb import _cents, _ids, _labels
from smbkit.datasets._northwind_schema import PACKAGE
from smbkit.datasets._package import conform

__all__ = ["simulate"]

# --------------------------------------------------------------------------- calendar
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2025-12-31")
FIRST_MONDAY = pd.Timestamp("2023-01-02")  # weeks start on Monday

LINES = ("Line 1", "Line 2", "Line 3")
PRODUCTS = ("Valve body", "Pump housing", "Mounting bracket")  # product of line i
CATEGORIES = ("machined", "cast", "stamped")
MATERIALS = ("brass bar", "aluminium casting", "steel sheet")
KG_PER_PART = np.array([0.45, 1.80, 0.60])  # material per part, before machining loss
MATERIAL_PRICE = np.array([9.20, 4.10, 1.15])  # USD per kg from a price-index-1 supplier
LIST_PRICE = np.array([1850, 4400, 640])  # cents per part, 2023
UNIT_COST = np.array([920, 2650, 290])  # standard cost, cents per part, 2023
PRICE_STEPS = (("2024-01-01", 1.04), ("2025-01-01", 1.03))
COST_STEPS = (("2024-01-01", 1.03), ("2025-01-01", 1.02))

# ---------------------------------------------------------------------------- demand
SEGMENTS = ("distributor", "oem", "repair_shop")
CHANNELS = ("distributor", "direct", "web")  # the order channel of each segment
DISCOUNT = np.array([0.06, 0.10, 0.0])  # off list price, by segment
N_CUSTOMERS = np.array([12, 8, 60])  # at the start, by segment (times scale)
NEW_REPAIR_SHOPS = 6.0  # repair shops gained per month (times scale)
ORDER_RATE = np.array([0.20, 0.12, 0.025])  # orders per working day per customer
#: chance an order includes each product, by segment (an OEM buys only its one product)
INCLUDE = np.array([[0.70, 0.40, 0.80], [0.0, 0.0, 0.0], [0.60, 0.50, 0.50]])
OEM_PRODUCT = np.array([0.40, 0.35, 0.25])  # which product an OEM buys
#: mean quantity per order line, by segment and product (gamma, shape 2)
QUANTITY = np.array([[250.0, 90.0, 600.0], [500.0, 280.0, 1500.0], [20.0, 8.0, 40.0]])
CUSTOMER_SD = 0.4  # lognormal spread of customers' order sizes
GROWTH = 0.10  # demand growth per year
#: demand by month (summer shutdowns at customers, Christmas)
SEASON = np.array([0.95, 1.00, 1.05, 1.05, 1.05, 1.00, 0.90, 0.85, 1.05, 1.05, 1.00, 0.85])
REGIONS = ("Midwest", "Northeast", "South", "West", "Canada")
REGION_P = np.array([0.40, 0.20, 0.20, 0.12, 0.08])
ACQUISITION = ("sales_rep", "trade_show", "referral", "web_search")
ACQUISITION_P = np.array(  # by segment
    [[0.6, 0.3, 0.1, 0.0], [0.7, 0.2, 0.1, 0.0], [0.0, 0.15, 0.25, 0.6]]
)
COVER_WEEKS = 1.5  # finished-goods stock the planner aims for, in weeks of shipments

# --------------------------------------------------------------------------- quality
BASE_DEFECT = np.array([0.025, 0.055, 0.015])  # by line
MONDAY_EFFECT = 1.15
DAY_SD = 0.20  # day-to-day lognormal noise of the defect rate
IP_DETECT = np.array([0.55, 0.45, 0.30])  # in-process detection probability, by line
FINAL_DETECT = 0.90  # detection probability of a defect at final inspection
QC_VACANCY = ("2024-06-03", "2024-09-27")
VACANCY_SHARE = 0.35  # share of parts checked at final inspection during the vacancy
# supplier id, name, country, ISO 9001, quality multiplier, mean lead time (days),
# price index, payment terms (days), contract start
SUPPLIERS = (
    ("SUP-01", "Apex Metals", "United States", True, 0.90, 21, 1.00, 30, "2019-04-01"),
    ("SUP-02", "Baltic Alloys", "Poland", True, 1.00, 38, 0.94, 60, "2020-09-01"),
    ("SUP-03", "Corra Industrial Supply", "United States", False, 1.90, 9, 0.86, 30, "2022-11-01"),
    ("SUP-04", "Delta Materials", "Canada", True, 1.10, 17, 0.97, 45, "2018-02-01"),
)
#: (from date, share of lots by supplier)
SUPPLIER_MIX = (
    ("2023-01-01", (0.35, 0.25, 0.15, 0.25)),
    ("2024-03-04", (0.25, 0.15, 0.45, 0.15)),
    ("2025-03-03", (0.40, 0.25, 0.05, 0.30)),
)
LOT_SD = 0.25  # lot-to-lot lognormal spread of the quality multiplier
LOT_DAYS = (np.array([1, 2, 3, 4]), np.array([0.15, 0.35, 0.35, 0.15]))  # working days a lot lasts
# date, line/product, description, expected effect, true defect multiplier
DESIGN_CHANGES = (
    ("2023-05-15", 0, "Laser-etched part number replaces the stamped one", "none (cosmetic)", 1.0),
    (
        "2024-02-12",
        2,
        "Steel gauge reduced from 3.0 to 2.5 mm to cut material cost",
        "lower cost",
        1.35,
    ),
    (
        "2024-10-14",
        1,
        "Thicker wall at the port boss and a revised casting draft angle",
        "fewer defects",
        0.45,
    ),
    ("2025-06-09", 0, "Tighter tolerance on the O-ring groove", "fewer defects", 0.85),
    ("2025-09-08", 1, "Foam packaging insert", "fewer transit damages", 1.0),
)
RETURN_DAYS = 28  # escaped parts ship on orders within this many days of production
STAGES = ("in_process", "final", "customer")


class _Calendar:
    """Working days, weeks and the day-level drivers."""

    def __init__(self):
        days = pd.date_range(START, END, freq="D")
        n = len(days)
        self.days = days
        dow = days.day_of_week.to_numpy()
        closed = np.zeros(n, dtype=bool)

        def day(ts) -> int:
            return int((pd.Timestamp(ts) - START).days)

        self.day = day
        for year in range(START.year, END.year + 1):
            may31 = pd.Timestamp(year=year, month=5, day=31)
            sep1 = pd.Timestamp(year=year, month=9, day=1)
            nov1 = pd.Timestamp(year=year, month=11, day=1)
            thanksgiving = day(nov1) + (3 - nov1.day_of_week) % 7 + 21
            for d in (
                day(f"{year}-01-01"),
                day(may31) - may31.day_of_week,  # Memorial Day
                day(f"{year}-07-04"),
                day(sep1) + (7 - sep1.day_of_week) % 7,  # Labor Day
                thanksgiving,
                thanksgiving + 1,
            ):
                closed[d] = True
            closed[day(f"{year}-12-24") : day(f"{year}-12-31") + 1] = True
        self.work = np.flatnonzero((dow < 5) & ~closed)  # day index of each working day
        self.n_work = len(self.work)
        wdays = days[self.work]
        self.monday = np.asarray(wdays.day_of_week == 0)
        self.week = (self.work - day(FIRST_MONDAY)) // 7
        self.n_weeks = (n - day(FIRST_MONDAY) + 6) // 7
        self.week_start = FIRST_MONDAY + pd.to_timedelta(7 * np.arange(self.n_weeks), unit="D")
        years = (self.work / 365.25).astype(float)
        self.demand = (1 + GROWTH * years) * SEASON[wdays.month.to_numpy() - 1]
        self.year = wdays.year.to_numpy() - START.year

        def steps(table) -> np.ndarray:
            factor = np.ones(self.n_work)
            for date, mult in table:
                factor *= np.where(self.work >= day(date), mult, 1.0)
            return factor

        self.price = _cents(LIST_PRICE[:, None] * steps(PRICE_STEPS)[None, :])  # (3, n_work)
        self.cost = _cents(UNIT_COST[:, None] * steps(COST_STEPS)[None, :])
        self.final_share = np.where(
            (self.work >= day(QC_VACANCY[0])) & (self.work <= day(QC_VACANCY[1])),
            VACANCY_SHARE,
            1.0,
        )
        self.mix = np.zeros((self.n_work, len(SUPPLIERS)))
        for date, shares in SUPPLIER_MIX:
            self.mix[self.work >= day(date)] = shares
        self.design = np.ones((len(LINES), self.n_work))
        for date, line, *_, mult in DESIGN_CHANGES:
            self.design[line, self.work >= day(date)] *= mult


def _draw_rows(rng, probs: np.ndarray) -> np.ndarray:
    """One category code per row of ``probs`` (rows sum to 1)."""
    cum = np.cumsum(probs, axis=1)
    return (rng.random(len(probs))[:, None] > cum[:, :-1]).sum(axis=1)


def _lots(rng, cal: _Calendar) -> dict:
    """Material lots: each line uses lots one after another, each for 1-4 working days."""
    sizes, probs = LOT_DAYS
    line, first, last = [], [], []
    for l_ in range(len(LINES)):
        span = rng.choice(sizes, size=cal.n_work, p=probs)
        start = np.r_[0, np.cumsum(span)[:-1]]
        start = start[start < cal.n_work]
        end = np.r_[start[1:], cal.n_work] - 1
        line.append(np.full(len(start), l_))
        first.append(start)
        last.append(end)
    line, first, last = (np.concatenate(x) for x in (line, first, last))
    order = np.lexsort((line, first))
    line, first, last = line[order], first[order], last[order]
    n = len(line)
    supplier = _draw_rows(rng, cal.mix[first])
    quality = np.array([s[4] for s in SUPPLIERS])[supplier]
    log_q = np.log(quality) + rng.normal(0.0, LOT_SD, n)
    score = np.clip(np.round(88.0 - 18.0 * log_q + rng.normal(0.0, 4.0, n)), 0, 100)
    lead_mean = np.array([s[5] for s in SUPPLIERS], dtype=float)[supplier]
    lead = np.maximum(np.round(rng.gamma(8.0, lead_mean / 8.0)), 3).astype(np.int64)
    # received 2-14 calendar days before first use, moved back to a weekday
    received = cal.work[first] - rng.integers(2, 15, n)
    weekday = (START.day_of_week + received) % 7
    received = received - np.where(weekday >= 5, weekday - 4, 0)
    price_index = np.array([s[6] for s in SUPPLIERS])[supplier]
    price = (
        MATERIAL_PRICE[line]
        * price_index
        * (1 + 0.03 * cal.work[first] / 365.25)
        * rng.lognormal(0.0, 0.03, n)
    )
    lot_of = np.stack(
        [np.repeat(np.flatnonzero(line == l_), (last - first + 1)[line == l_]) for l_ in range(3)]
    )
    return {
        "line": line,
        "first": first,
        "supplier": supplier,
        "mult": np.exp(log_q),
        "score": score.astype(np.int64),
        "lead": lead,
        "received": received,
        "price": np.round(price, 2),
        "of": lot_of,
        "waste": rng.uniform(1.05, 1.15, n),
    }


def _customers(rng, cal: _Calendar, scale: float) -> dict:
    """Customers by segment; distributors and OEMs from the start, repair shops keep coming."""
    n_init = np.maximum(np.round(N_CUSTOMERS * scale), 1).astype(np.int64)
    months = 36
    n_new = int(rng.poisson(NEW_REPAIR_SHOPS * scale * months))
    segment = np.r_[np.repeat(np.arange(3), n_init), np.full(n_new, 2)]
    arrival = np.r_[np.zeros(n_init.sum(), dtype=np.int64), rng.integers(0, cal.n_work, n_new)]
    n = len(segment)
    return {
        "segment": segment,
        "arrival": arrival,
        "size": rng.lognormal(-(CUSTOMER_SD**2) / 2, CUSTOMER_SD, n),
        "oem_product": _draw_rows(rng, np.broadcast_to(OEM_PRODUCT, (n, 3))),
        "region": _draw_rows(rng, np.broadcast_to(REGION_P, (n, len(REGIONS)))),
        "acquisition": _draw_rows(rng, ACQUISITION_P[segment]),
    }


def _orders(rng, cal: _Calendar, cust: dict) -> tuple[dict, dict]:
    """Orders (one per customer visit) and their lines, in time order."""
    seg = cust["segment"]
    active_days = cal.n_work - cust["arrival"]
    count = rng.poisson(ORDER_RATE[seg] * active_days)
    who = np.repeat(np.arange(len(seg)), count)
    wday = cust["arrival"][who] + (rng.random(len(who)) * active_days[who]).astype(np.int64)
    minute = rng.integers(7 * 60, 17 * 60, len(who))
    order = np.lexsort((minute, wday))
    who, wday, minute = who[order], wday[order], minute[order]
    n = len(who)
    s = seg[who]
    include = rng.random((n, 3)) < INCLUDE[s]
    oem = s == 1
    include[oem, cust["oem_product"][who[oem]]] = True
    empty = ~include.any(axis=1)
    pick = _draw_rows(rng, INCLUDE[s[empty]] / INCLUDE[s[empty]].sum(axis=1, keepdims=True))
    include[np.flatnonzero(empty), pick] = True
    o_idx, product = np.nonzero(include)  # lines in order of orders, then product
    ls = s[o_idx]
    mean = QUANTITY[ls, product] * cust["size"][who[o_idx]] * cal.demand[wday[o_idx]]
    qty = rng.gamma(2.0, mean / 2.0)
    pack = np.where(ls < 2, 10, 1)  # distributors and OEMs buy in boxes of 10
    qty = (np.maximum(np.ceil(qty / pack), 1) * pack).astype(np.int64)
    d = wday[o_idx]
    price, cost = cal.price[product, d], cal.cost[product, d]
    gross = qty * price
    discount = _cents(gross * DISCOUNT[ls])
    lines = {
        "order": o_idx,
        "product": product,
        "quantity": qty,
        "unit_price": price,
        "revenue": gross - discount,
        "discount": discount,
        "cost": qty * cost,
        "wday": d,
    }
    return {"cust": who, "wday": wday, "minute": minute}, lines


def _inspect(rng, units: np.ndarray, p: np.ndarray, final_share: np.ndarray) -> dict:
    """Draw defects and the three inspection stages for ``units`` (lines x days)."""
    defective = rng.binomial(units, p)
    ip = rng.binomial(defective, IP_DETECT[:, None])
    reach, rest = units - ip, defective - ip
    sample = rng.binomial(reach, np.broadcast_to(final_share, units.shape))
    seen = rng.hypergeometric(rest, reach - rest, sample)
    final = rng.binomial(seen, FINAL_DETECT)
    return {
        "defective": defective,
        "in_process": ip,
        "sample": sample,
        "final": final,
        "escaped": rest - final,
        "scrap": ip + final,
    }


def _production(rng, cal: _Calendar, lines: dict, p_defect: np.ndarray) -> dict:
    """Weekly plan to orders plus a stock buffer; daily output, defects and inspections."""
    k = len(LINES)
    shipped = np.zeros((cal.n_weeks, k), dtype=np.int64)
    np.add.at(shipped, (cal.week[lines["wday"]], lines["product"]), lines["quantity"])
    bounds = np.searchsorted(cal.week, np.arange(cal.n_weeks + 1))
    out = {
        name: np.zeros((k, cal.n_work), dtype=np.int64)
        for name in ("units", "defective", "in_process", "sample", "final", "escaped")
    }
    stock = np.ceil(COVER_WEEKS * shipped[:4].mean(axis=0)).astype(np.int64)
    on_hand = np.zeros((cal.n_weeks, k), dtype=np.int64)
    made = np.zeros((cal.n_weeks, k), dtype=np.int64)
    scrapped = np.zeros((cal.n_weeks, k), dtype=np.int64)
    scrap_hat = BASE_DEFECT * (1 - (1 - IP_DETECT) * (1 - FINAL_DETECT))
    for w in range(cal.n_weeks):
        a, b = bounds[w], bounds[w + 1]
        if b > a:
            recent = shipped[max(0, w - 4) : w] if w else shipped[:1]
            need = shipped[w] + COVER_WEEKS * recent.mean(axis=0) - stock
            plan = np.ceil(np.maximum(need, 0) / (1 - scrap_hat)).astype(np.int64)
            weights = rng.gamma(30.0, 1.0, (k, b - a))
            units = rng.multinomial(plan, weights / weights.sum(axis=1, keepdims=True))
            day = _inspect(rng, units, p_defect[:, a:b], cal.final_share[a:b])
            short = shipped[w] - stock - (units - day["scrap"]).sum(axis=1)
            while (short > 0).any():  # overtime on the last day when scrap ate the buffer
                extra = np.zeros_like(units)
                extra[:, -1] = np.where(short > 0, short + 1, 0)
                more = _inspect(rng, extra, p_defect[:, a:b], cal.final_share[a:b])
                units = units + extra
                day = {name: day[name] + more[name] for name in day}
                short = shipped[w] - stock - (units - day["scrap"]).sum(axis=1)
            out["units"][:, a:b] = units
            for name in ("defective", "in_process", "sample", "final", "escaped"):
                out[name][:, a:b] = day[name]
            scrap = day["scrap"].sum(axis=1)
            made[w], scrapped[w] = units.sum(axis=1), scrap
            stock = stock + units.sum(axis=1) - scrap
            lo = max(0, w - 3)
            scrap_hat = scrapped[lo : w + 1].sum(axis=0) / np.maximum(
                made[lo : w + 1].sum(axis=0), 1
            )
        stock = stock - shipped[w]
        on_hand[w] = stock
    out.update(shipped=shipped, on_hand=on_hand, made=made, scrapped=scrapped)
    return out


def _credits(rng, cal: _Calendar, prod: dict, lines: dict) -> np.ndarray:
    """Credit (cents) per order line for escaped defective parts customers sent back.

    Each escaped part left the plant on an order line of its product shipped within
    RETURN_DAYS calendar days of its production day, drawn in proportion to quantity.
    """
    credit_units = np.zeros(len(lines["order"]), dtype=np.int64)
    for p in range(len(LINES)):
        idx = np.flatnonzero(lines["product"] == p)
        if len(idx) == 0:
            continue
        day = cal.work[lines["wday"][idx]]
        cum = np.r_[0, np.cumsum(lines["quantity"][idx])]
        esc = prod["escaped"][p]
        made_on = np.repeat(cal.work, esc)
        lo = np.searchsorted(day, made_on, side="left")
        hi = np.searchsorted(day, made_on + RETURN_DAYS, side="right")
        lo = np.where(lo >= hi, np.maximum(hi - 1, 0), lo)
        hi = np.maximum(hi, lo + 1)
        u = cum[lo] + rng.random(len(lo)) * (cum[hi] - cum[lo])
        pos = np.minimum(np.searchsorted(cum, u, side="right") - 1, len(idx) - 1)
        credit_units += np.bincount(idx[pos], minlength=len(credit_units))
    per_part = lines["revenue"] / lines["quantity"]
    return np.minimum(_cents(credit_units * per_part), lines["revenue"])


def simulate(seed: int = 0, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Run the simulation and return the nine tables (schema dtypes)."""
    rng_lots, rng_day, rng_cust, rng_orders, rng_prod, rng_ret = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(6)
    )
    cal = _Calendar()
    lots = _lots(rng_lots, cal)
    noise = rng_day.lognormal(-(DAY_SD**2) / 2, DAY_SD, (len(LINES), cal.n_work))
    p_defect = np.clip(
        BASE_DEFECT[:, None]
        * lots["mult"][lots["of"]]
        * cal.design
        * np.where(cal.monday, MONDAY_EFFECT, 1.0)
        * noise,
        0.0,
        0.5,
    )
    cust = _customers(rng_cust, cal, scale)
    orders, lines = _orders(rng_orders, cal, cust)
    prod = _production(rng_prod, cal, lines, p_defect)
    credit = _credits(rng_ret, cal, prod, lines)

    n_orders = len(orders["wday"])
    sums = {
        k: np.bincount(lines["order"], weights=lines[k], minlength=n_orders).astype(np.int64)
        for k in ("revenue", "cost", "discount")
    }
    refunded = np.bincount(lines["order"], weights=credit, minlength=n_orders).astype(np.int64)
    status = np.where(refunded == 0, 0, np.where(refunded == sums["revenue"], 2, 1))

    tables = {}
    dates = cal.days.to_numpy()
    # customers are numbered in order of their first order
    first_pos = np.unique(orders["cust"], return_index=True)[1]
    first_pos = np.sort(first_pos)
    number = np.zeros(len(cust["segment"]), dtype=np.int64)
    number[orders["cust"][first_pos]] = np.arange(1, len(first_pos) + 1)
    order_time = dates[cal.work[orders["wday"]]] + orders["minute"] * np.timedelta64(1, "m")
    order_ids = _ids("NW-", np.arange(1, n_orders + 1), 6)
    seg = cust["segment"][orders["cust"]]
    tables["orders"] = pd.DataFrame(
        {
            "order_id": order_ids,
            "date": order_time,
            "customer_id": _ids("NC-", number[orders["cust"]], 4),
            "channel": _labels(seg, CHANNELS),
            "location": np.full(n_orders, "Northwind plant"),
            "revenue": sums["revenue"] / 100,
            "cost": sums["cost"] / 100,
            "discount": sums["discount"] / 100,
            "refunded": refunded / 100,
            "status": _labels(status, ("completed", "partially_refunded", "refunded")),
        }
    )
    tables["order_lines"] = pd.DataFrame(
        {
            "order_id": order_ids.take(lines["order"]).reset_index(drop=True),
            "product": _labels(lines["product"], PRODUCTS),
            "category": _labels(lines["product"], CATEGORIES),
            "quantity": lines["quantity"],
            "unit_price": lines["unit_price"] / 100,
            "revenue": lines["revenue"] / 100,
            "cost": lines["cost"] / 100,
        }
    )
    who = orders["cust"][first_pos]
    tables["customers"] = pd.DataFrame(
        {
            "customer_id": _ids("NC-", np.arange(1, len(who) + 1), 4),
            "first_order_date": order_time[first_pos],
            "acquisition_channel": _labels(cust["acquisition"][who], ACQUISITION),
            "segment": _labels(cust["segment"][who], SEGMENTS),
            "region": _labels(cust["region"][who], REGIONS),
        }
    )

    k, nw = len(LINES), cal.n_work
    line_code = np.tile(np.arange(k), nw)  # rows: day-major, then line
    day_code = np.repeat(np.arange(nw), k)

    def flat(a: np.ndarray) -> np.ndarray:
        return a.T.ravel()

    lot_ids = _ids("LOT-", np.arange(1, len(lots["line"]) + 1), 4)
    lot_of = flat(lots["of"])
    units, defective = flat(prod["units"]), flat(prod["defective"])
    scrapped = flat(prod["in_process"] + prod["final"])
    tables["production"] = pd.DataFrame(
        {
            "date": dates[cal.work[day_code]],
            "line": _labels(line_code, LINES),
            "product": _labels(line_code, PRODUCTS),
            "lot_id": lot_ids.take(lot_of).reset_index(drop=True),
            "units_produced": units,
            "units_defective": defective,
            "units_scrapped": scrapped,
        }
    )
    inspected = np.stack(
        [units, flat(prod["sample"]), units - scrapped], axis=1
    ).ravel()  # rows: day, line, stage
    detected = np.stack(
        [flat(prod["in_process"]), flat(prod["final"]), flat(prod["escaped"])], axis=1
    ).ravel()
    tables["qc_inspections"] = pd.DataFrame(
        {
            "date": np.repeat(dates[cal.work[day_code]], 3),
            "line": _labels(np.repeat(line_code, 3), LINES),
            "stage": _labels(np.tile(np.arange(3), k * nw), STAGES),
            "units_inspected": inspected,
            "defects_detected": detected,
        }
    )
    n_lots = len(lots["line"])
    lot_units = np.bincount(lot_of, weights=units, minlength=n_lots).astype(np.int64)
    lot_bad = np.bincount(lot_of, weights=defective, minlength=n_lots).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(lot_units > 0, np.round(lot_bad / lot_units, 4), np.nan)
    kg = np.round(
        np.maximum(lot_units, 1) * KG_PER_PART[lots["line"]] * lots["waste"], 1
    )  # a lot nobody used still weighs something
    tables["material_lots"] = pd.DataFrame(
        {
            "lot_id": lot_ids,
            "supplier_id": _labels(lots["supplier"], [s[0] for s in SUPPLIERS]),
            "material": _labels(lots["line"], MATERIALS),
            "line": _labels(lots["line"], LINES),
            "received_date": dates[0] + lots["received"] * np.timedelta64(1, "D"),
            "lead_time_days": lots["lead"],
            "quantity_kg": kg,
            "price_per_kg": lots["price"],
            "quality_score": lots["score"],
            "units_made": lot_units,
            "units_defective": lot_bad,
            "defect_rate": rate,
        }
    )
    tables["suppliers"] = pd.DataFrame(
        {
            "supplier_id": [s[0] for s in SUPPLIERS],
            "name": [s[1] for s in SUPPLIERS],
            "country": [s[2] for s in SUPPLIERS],
            "iso9001_certified": [s[3] for s in SUPPLIERS],
            "quoted_lead_time_days": [s[5] for s in SUPPLIERS],
            "payment_terms_days": [s[7] for s in SUPPLIERS],
            "contract_start": pd.to_datetime([s[8] for s in SUPPLIERS]),
        }
    )
    tables["design_changes"] = pd.DataFrame(
        {
            "change_id": [f"ECN-{101 + i}" for i in range(len(DESIGN_CHANGES))],
            "date": pd.to_datetime([c[0] for c in DESIGN_CHANGES]),
            "product": [PRODUCTS[c[1]] for c in DESIGN_CHANGES],
            "line": [LINES[c[1]] for c in DESIGN_CHANGES],
            "description": [c[2] for c in DESIGN_CHANGES],
            "effect": [c[3] for c in DESIGN_CHANGES],
        }
    )
    weeks = cal.n_weeks
    week_cost = np.zeros((weeks, k))
    last_day = np.clip(np.searchsorted(cal.week, np.arange(weeks), side="right") - 1, 0, None)
    week_cost[:] = cal.cost[:, last_day].T
    tables["inventory"] = pd.DataFrame(
        {
            "week": np.repeat(cal.week_start.to_numpy(), k),
            "product": _labels(np.tile(np.arange(k), weeks), PRODUCTS),
            "units_produced": prod["made"].ravel(),
            "units_scrapped": prod["scrapped"].ravel(),
            "units_shipped": prod["shipped"].ravel(),
            "units_on_hand": prod["on_hand"].ravel(),
            "value": _cents(prod["on_hand"] * week_cost).ravel() / 100,
        }
    )
    out = {}
    for resource in PACKAGE["resources"]:
        out[resource["name"]] = conform(tables[resource["name"]], resource["schema"]["fields"])
    return out
