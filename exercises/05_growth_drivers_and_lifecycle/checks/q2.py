OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import FIXED_COSTS, break_even_orders, riverside_price
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="Break-even orders = fixed costs / (price - variable cost), "
    "with price = Riverside's net revenue per order in 2025 (revenue - refunded) and "
    "variable cost = its cost per order in 2025; fixed costs are 21,000 USD a month.",
)
def check_break_even(break_even_orders_riverside):
    assert break_even_orders_riverside is not ..., (
        "Not answered yet: replace `...` with your calculation."
    )
    assert isinstance(break_even_orders_riverside, numbers.Real), (
        "break_even_orders_riverside should be one number (orders a month)."
    )
    x = break_even_orders_riverside
    expected = break_even_orders()
    if abs(x - FIXED_COSTS / riverside_price()) < 0.5:
        raise AssertionError(
            "That divides the fixed costs by the price. Each order only "
            "contributes its price minus its own cost (the contribution margin)."
        )
    if abs(x - break_even_orders(net=False)) < 0.5:
        raise AssertionError(
            "That uses gross revenue: subtract `refunded`, refunded money does not pay the rent."
        )
    if abs(x - 12 * expected) < 6:
        raise AssertionError(
            "The fixed costs are per month, so the break-even is orders per month, not per year."
        )
    if abs(x - expected * riverside_price()) < 10:
        raise AssertionError(
            "That is the break-even revenue in USD; the question asks for the "
            "number of orders (divide by the price, or skip multiplying by it)."
        )
    assert abs(x - expected) < 0.5, (
        f"break_even_orders_riverside is {x:,.1f}. Keep the Riverside orders of 2025 only (all "
        "channels), and divide by the contribution margin per order."
    )
