"""smbkit.widgets.price_budget_whatif and the goal-seek models behind it."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from smbkit import SmbkitError, plots  # noqa: E402
from smbkit import optimize as opt  # noqa: E402
from smbkit.widgets import PriceBudgetWhatIf, price_budget_whatif  # noqa: E402

CURVES = {
    "search": opt.ResponseCurve(120.0, 300.0, 1.0, 1.0, 10),
    "social": opt.ResponseCurve(60.0, 80.0, 1.0, 1.0, 10),
}
DEMAND = dict(unit_cost=2.0, elasticity=-2.5, base_price=4.0, base_quantity=1000.0)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _ui():
    return price_budget_whatif(**DEMAND, curves=CURVES, budget=200.0)


def test_builds_and_agrees_with_the_models():
    ui = _ui()
    assert isinstance(ui, PriceBudgetWhatIf)
    assert set(ui.controls) == {"price", "profit_goal", "budget", "response_goal"}
    r = ui.result
    assert r["best_price"] == pytest.approx(opt.optimal_price(unit_cost=2.0, elasticity=-2.5))
    assert r["profit"] == pytest.approx(opt.price_profit(4.0, **DEMAND))
    plan = opt.allocate_budget(CURVES, budget=200.0)
    assert r["response"] == pytest.approx(plan["response"].sum(), rel=1e-6)
    assert f"{r['response']:,.2f}" in ui.summary.value
    assert ui.image.value[:4] == b"\x89PNG"
    assert ui.figure.axes[0].get_xlabel() == "Price (USD)"


def test_moving_the_controls_recomputes_and_goal_seeks():
    ui = _ui()
    ui.controls["price"].value = 3.5
    assert ui.result["profit"] == pytest.approx(opt.price_profit(3.5, **DEMAND))
    ui.controls["profit_goal"].value = ui.controls["profit_goal"].max
    assert all(math.isnan(p) for p in ui.result["goal_prices"])
    assert "no price reaches" in ui.summary.value
    ui.controls["response_goal"].value = 90.0
    need = ui.result["budget_needed"]
    assert opt.allocate_budget(CURVES, budget=need)["response"].sum() == pytest.approx(90.0)
    assert "needs a budget of" in ui.summary.value
    ui.controls["budget"].value = 400.0
    assert ui.result["plan"]["spend"].sum() == pytest.approx(400.0)


@settings(max_examples=40, deadline=None)
@given(share=st.floats(0.05, 0.999), e=st.floats(-6, -1.1))
def test_price_goal_seek_hits_the_target_on_both_sides(share, e):
    d = dict(DEMAND, elasticity=e)
    best = opt.optimal_price(unit_cost=d["unit_cost"], elasticity=e)
    target = share * opt.price_profit(best, **d)
    lo, hi = opt.price_for_profit(target, **d)
    assert lo <= best <= hi
    assert opt.price_profit(lo, **d) == pytest.approx(target, rel=1e-6)
    assert opt.price_profit(hi, **d) == pytest.approx(target, rel=1e-6)


def test_budget_goal_seek_unreachable_and_errors():
    assert math.isnan(opt.budget_for_response(CURVES, target=180.0))
    with pytest.raises(SmbkitError, match=r"budget_for_response: `target` must be a positive"):
        opt.budget_for_response(CURVES, target=0)
    with pytest.raises(SmbkitError, match=r"budget_for_response: `curves` is empty"):
        opt.budget_for_response({}, target=1)
    with pytest.raises(SmbkitError, match=r"price_for_profit: `target` must be a positive"):
        opt.price_for_profit(-5, **DEMAND)


def test_widget_errors():
    with pytest.raises(SmbkitError, match=r"optimal_price: `elasticity` must be below -1"):
        price_budget_whatif(**dict(DEMAND, elasticity=-0.5), curves=CURVES, budget=100)
    with pytest.raises(SmbkitError, match=r"price_budget_whatif: `curves` is empty"):
        price_budget_whatif(**DEMAND, curves={}, budget=100)
    with pytest.raises(SmbkitError, match=r"allocate_budget: `budget` must be a positive"):
        price_budget_whatif(**DEMAND, curves=CURVES, budget=-1)


def test_plots_have_titles_and_units():
    plan = opt.allocate_budget(CURVES, budget=200.0)
    ax = plots.plot_response_curves(CURVES, plan=plan, response="new customers a week")
    assert "best split of 200 USD" in ax.get_title()
    assert ax.get_xlabel() == "Spend per period (USD)"
    assert len(ax.get_lines()) >= 4
    with pytest.raises(SmbkitError, match=r"plot_response_curves: `curves` must map"):
        plots.plot_response_curves({"a": 1})
    with pytest.raises(SmbkitError, match=r"plot_price_profit: `prices` and `profits` must be"):
        plots.plot_price_profit([1.0, 2.0], [1.0])
