"""smbkit.optimize: price, marketing mix, inventory and resource allocation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError
from smbkit import optimize as opt

# --- published reference values -------------------------------------------------------
# Textbook worked examples (Heizer & Render, Operations Management). Their inputs and answers
# were taken from the examples as we know them and each answer was re-derived by hand here;
# the page numbers of a specific edition were not re-checked offline.


def test_eoq_textbook_example():
    # Heizer & Render, Operations Management (Sharp, Inc. example): D = 1,000 units a year,
    # S = USD 10 per order, H = USD 0.50 per unit-year -> Q* = 200 units.
    assert opt.eoq(annual_demand=1000, order_cost=10, holding_cost=0.5) == pytest.approx(200)


def test_reorder_point_textbook_examples():
    # Heizer & Render (iPod example): d = 15 a day, sigma_d = 5, L = 2 days, 90 % service
    # (z = 1.28 in the book's table) -> safety stock ~ 9.02, ROP ~ 39 units.
    r = opt.reorder_point(daily_demand=15, demand_sd=5, lead_time=2, service_level=0.90)
    assert r.safety_stock == pytest.approx(9.02, abs=0.05)
    assert r.reorder_point == pytest.approx(39.0, abs=0.1)
    # Heizer & Render (Saks example): constant demand 3 a day, lead time 6 days with
    # sigma_L = 3 days, 98 % service (z = 2.055) -> safety stock 18.5, ROP 36.5.
    r = opt.reorder_point(
        daily_demand=3, demand_sd=0, lead_time=6, lead_time_sd=3, service_level=0.98
    )
    assert r.safety_stock == pytest.approx(18.5, abs=0.05)
    assert r.reorder_point == pytest.approx(36.5, abs=0.05)


def test_product_mix_textbook_example():
    # Heizer & Render (Shader Electronics LP): profit 7 and 5 per unit; electronics
    # 4x1 + 3x2 <= 240 h, assembly 2x1 + x2 <= 100 h -> x1 = 30, x2 = 40, profit 410.
    df = pd.DataFrame(
        {"profit": [7.0, 5.0], "elec": [4.0, 3.0], "asm": [2.0, 1.0]}, index=["x1", "x2"]
    )
    mix = opt.product_mix(
        df,
        profit="profit",
        uses={"electronics": "elec", "assembly": "asm"},
        capacity={"electronics": 240, "assembly": 100},
    )
    assert mix.plan["units"].tolist() == pytest.approx([30, 40])
    assert mix.profit == pytest.approx(410)
    # both hours bind; shadow prices from the dual: 4a + 2b = 7, 3a + b = 5 -> a=1.5, b=0.5
    assert mix.resources["shadow_price"].tolist() == pytest.approx([1.5, 0.5])
    assert mix.resources["slack"].tolist() == pytest.approx([0, 0], abs=1e-9)


def test_product_mix_demand_cap_and_slack():
    df = pd.DataFrame({"m": [3.0, 5.0], "oven": [1.0, 2.0], "cap": [4.0, 100.0]})
    mix = opt.product_mix(
        df, profit="m", uses={"oven": "oven"}, capacity={"oven": 10}, max_units="cap"
    )
    assert mix.plan["units"].tolist() == pytest.approx([4, 3])
    mix = opt.product_mix(
        df, profit="m", uses={"oven": "oven"}, capacity={"oven": 1000}, max_units="cap"
    )
    assert mix.resources["shadow_price"].iloc[0] == pytest.approx(0)
    assert mix.resources["slack"].iloc[0] == pytest.approx(1000 - 4 - 200)


# --- price ---------------------------------------------------------------------------


def _demand(e=-2.5, n=200, noise=0.05, seed=1):
    rng = np.random.default_rng(seed)
    p = rng.uniform(4, 6, n)
    q = 5000 * p**e * np.exp(rng.normal(0, noise, n))
    return pd.DataFrame({"price": p, "units": q})


def test_elasticity_recovers_a_known_value_and_covers_it():
    est = opt.price_elasticity(_demand(), quantity="units")
    assert est.elasticity == pytest.approx(-2.5, abs=0.1)
    assert est.lower < -2.5 < est.upper
    assert est.n == 200 and 0.5 < est.r_squared <= 1
    assert est.quantity(5.0) == pytest.approx(5000 * 5**est.elasticity * 1, rel=0.05)


def test_elasticity_interval_widens_with_level():
    d = _demand()
    a, b = (
        opt.price_elasticity(d, quantity="units", level=0.8),
        opt.price_elasticity(d, quantity="units", level=0.99),
    )
    assert b.upper - b.lower > a.upper - a.lower


def test_optimal_price_matches_a_numeric_search():
    from scipy.optimize import minimize_scalar

    for c, e in [(2.0, -3.0), (1.2, -1.5), (10.0, -4.2)]:
        p_star = opt.optimal_price(unit_cost=c, elasticity=e)
        res = minimize_scalar(
            lambda p, c=c, e=e: (
                -opt.price_profit(p, unit_cost=c, elasticity=e, base_price=5, base_quantity=100)
            ),
            bounds=(c * 1.0001, c * 20),
            method="bounded",
            options={"xatol": 1e-9},
        )
        assert res.x == pytest.approx(p_star, rel=1e-4)


@settings(max_examples=60, deadline=None)
@given(
    c=st.floats(0.1, 100),
    e=st.floats(-8, -1.05),
    k=st.floats(0.5, 2.0).filter(lambda k: abs(k - 1) > 1e-6),
)
def test_optimal_price_beats_any_other_price(c, e, k):
    p = opt.optimal_price(unit_cost=c, elasticity=e)
    assert p > c
    kw = {"unit_cost": c, "elasticity": e, "base_price": p, "base_quantity": 100.0}
    assert opt.price_profit(p, **kw) >= opt.price_profit(p * k, **kw) - 1e-9


def test_price_errors():
    with pytest.raises(SmbkitError, match=r"optimal_price: `elasticity` must be below -1"):
        opt.optimal_price(unit_cost=2, elasticity=-0.8)
    with pytest.raises(SmbkitError, match=r"optimal_price: `unit_cost` must be a positive"):
        opt.optimal_price(unit_cost=0, elasticity=-2)
    with pytest.raises(
        DataError, match=r"price_elasticity: need at least 3 rows with at least two"
    ):
        opt.price_elasticity(pd.DataFrame({"price": [5.0] * 4, "quantity": [1.0, 2, 3, 4]}))
    with pytest.raises(DataError, match=r"must be positive to take logs"):
        opt.price_elasticity(pd.DataFrame({"price": [5.0, 6, 7], "quantity": [1.0, 0, 3]}))
    with pytest.raises(DataError, match=r"column 'qty' \(quantity=\)"):
        opt.price_elasticity(_demand(), quantity="qty")
    with pytest.raises(SmbkitError, match=r"`level` must be between 0 and 1"):
        opt.price_elasticity(_demand(), quantity="units", level=95)
    with pytest.raises(SmbkitError, match=r"price_profit: every `price` must be positive"):
        opt.price_profit(0.0, unit_cost=1, elasticity=-2, base_price=5, base_quantity=10)


# --- marketing mix --------------------------------------------------------------------


def test_fit_response_recovers_parameters_with_noise():
    rng = np.random.default_rng(3)
    x = rng.uniform(20, 600, 150)
    y = opt.hill(x, top=400.0, half=250.0) + rng.normal(0, 5, x.size)
    c = opt.fit_response(pd.DataFrame({"spend": x, "response": y}))
    assert c.top == pytest.approx(400, rel=0.1)
    assert c.half == pytest.approx(250, rel=0.15)
    assert c.r_squared > 0.9 and c.n == 150


def test_fit_response_free_shape():
    x = np.linspace(10, 500, 40)
    y = opt.hill(x, top=100.0, half=150.0, shape=2.0)
    c = opt.fit_response(pd.DataFrame({"s": x, "r": y}), spend="s", response="r", shape=None)
    assert c.shape == pytest.approx(2.0, rel=1e-3)


def test_marginal_is_the_slope():
    c = opt.ResponseCurve(300.0, 120.0, 1.4, 1.0, 1)
    for x in [10.0, 120.0, 700.0]:
        h = 1e-4
        assert c.marginal(x) == pytest.approx(
            (c.predict(x + h) - c.predict(x - h)) / (2 * h), rel=1e-5
        )


@settings(max_examples=30, deadline=None)
@given(
    t1=st.floats(50, 500),
    h1=st.floats(20, 300),
    t2=st.floats(50, 500),
    h2=st.floats(20, 300),
    budget=st.floats(50, 1000),
)
def test_allocation_beats_alternatives_and_equalises_marginal_returns(t1, h1, t2, h2, budget):
    curves = {"a": opt.ResponseCurve(t1, h1, 1.0, 1, 1), "b": opt.ResponseCurve(t2, h2, 1.0, 1, 1)}
    plan = opt.allocate_budget(curves, budget=budget)
    assert plan["spend"].sum() == pytest.approx(budget, rel=1e-6)
    assert (plan["spend"] >= -1e-9).all()
    best = plan["response"].sum()
    for share in np.linspace(0, 1, 11):
        other = curves["a"].predict(share * budget) + curves["b"].predict((1 - share) * budget)
        assert best >= other - 1e-6 * max(1.0, other)
    # KKT: both channels funded -> equal marginal returns; a channel at zero has a lower one
    m = plan["marginal_return"]
    if (plan["spend"] > 1e-3 * budget).all():
        assert m["a"] == pytest.approx(m["b"], rel=1e-3)
    else:
        zero = plan["spend"].idxmin()
        assert m[zero] <= m.drop(zero).iloc[0] * (1 + 1e-3)


def test_allocation_minimum_is_respected():
    a = opt.ResponseCurve(100.0, 50.0, 1.0, 1, 1)
    weak = opt.ResponseCurve(10.0, 50.0, 1.0, 1, 1)
    plan = opt.allocate_budget({"a": a, "weak": weak}, budget=100, minimum={"weak": 30})
    assert plan.loc["weak", "spend"] == pytest.approx(30, abs=1e-6)
    assert plan["share"].sum() == pytest.approx(1)


def test_marketing_errors():
    c = opt.ResponseCurve(100.0, 50.0, 1.0, 1, 1)
    with pytest.raises(SmbkitError, match=r"allocate_budget: `budget` must be a positive"):
        opt.allocate_budget({"a": c}, budget=0)
    with pytest.raises(SmbkitError, match=r"curves\['a'\] must be a ResponseCurve"):
        opt.allocate_budget({"a": 3}, budget=10)
    with pytest.raises(SmbkitError, match=r"must be non-negative and fit within the budget"):
        opt.allocate_budget({"a": c}, budget=10, minimum={"a": 20})
    with pytest.raises(SmbkitError, match=r"`minimum` names unknown channels \['z'\]"):
        opt.allocate_budget({"a": c}, budget=10, minimum={"z": 1})
    with pytest.raises(SmbkitError, match=r"`curves` is empty"):
        opt.allocate_budget({}, budget=10)
    with pytest.raises(DataError, match=r"fit_response: need at least 3 different spend levels"):
        opt.fit_response(pd.DataFrame({"spend": [1.0, 1.0, 2.0], "response": [1.0, 2, 3]}))
    with pytest.raises(DataError, match=r"has negative values"):
        opt.fit_response(pd.DataFrame({"spend": [-1.0, 1, 2, 3], "response": [1.0, 2, 3, 4]}))


# --- inventory -------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(d=st.floats(1, 1e6), s=st.floats(0.1, 1e4), h=st.floats(0.01, 1e3), k=st.floats(0.2, 5))
def test_eoq_minimises_total_cost(d, s, h, k):
    q = opt.eoq(annual_demand=d, order_cost=s, holding_cost=h)

    def cost(x):
        return d / x * s + x / 2 * h

    assert cost(q) <= cost(q * k) * (1 + 1e-9)
    # at the optimum, ordering cost = holding cost
    assert d / q * s == pytest.approx(q / 2 * h, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(
    d=st.floats(0.1, 1e4),
    sd=st.floats(0, 1e3),
    lt=st.floats(0.1, 60),
    sl=st.floats(0.5, 0.999),
    lsd=st.floats(0, 30),
)
def test_safety_stock_grows_with_uncertainty(d, sd, lt, sl, lsd):
    a = opt.reorder_point(daily_demand=d, demand_sd=sd, lead_time=lt, service_level=sl)
    b = opt.reorder_point(
        daily_demand=d, demand_sd=sd, lead_time=lt, service_level=sl, lead_time_sd=lsd
    )
    assert b.safety_stock >= a.safety_stock - 1e-9
    assert a.safety_stock == pytest.approx(a.z * sd * math.sqrt(lt), abs=1e-9)
    assert a.reorder_point == pytest.approx(d * lt + a.safety_stock)


def test_inventory_errors():
    with pytest.raises(SmbkitError, match=r"eoq: `holding_cost` must be a positive number"):
        opt.eoq(annual_demand=100, order_cost=5, holding_cost=0)
    with pytest.raises(SmbkitError, match=r"reorder_point: `service_level` must be at least 0.5"):
        opt.reorder_point(daily_demand=1, demand_sd=1, lead_time=2, service_level=95)
    with pytest.raises(SmbkitError, match=r"reorder_point: `demand_sd` must be zero or a pos"):
        opt.reorder_point(daily_demand=1, demand_sd=-1, lead_time=2)


def test_product_mix_errors():
    df = pd.DataFrame({"m": [3.0], "oven": [0.0]})
    with pytest.raises(SmbkitError, match=r"product_mix: the profit is unbounded"):
        opt.product_mix(df, profit="m", uses={"oven": "oven"}, capacity={"oven": 10})
    with pytest.raises(SmbkitError, match=r"no capacity for resource\(s\) \['oven'\]"):
        opt.product_mix(df, profit="m", uses={"oven": "oven"}, capacity={})
    with pytest.raises(DataError, match=r"column 'hours' \(uses=\)"):
        opt.product_mix(df, profit="m", uses={"oven": "hours"}, capacity={"oven": 1})
