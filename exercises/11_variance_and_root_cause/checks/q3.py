OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import effects
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="Price effect = sum over products of actual quantity x (actual price - "
    "budget price), with price = revenue / quantity per product in each period.",
)
def check_price(price_effect_nov):
    assert price_effect_nov is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(price_effect_nov, numbers.Real), (
        "price_effect_nov should be one number in USD (the sum over products)."
    )
    paid, listed = effects("2025-11"), effects("2025-11", price="list")
    if abs(price_effect_nov - listed["price"]) < 0.01:
        raise AssertionError(
            "That uses unit_price, the list price before promotion discounts. Use the price "
            "customers actually paid: revenue / quantity, per product."
        )
    if abs(price_effect_nov - paid["price_on_budget_units"]) < 0.01:
        raise AssertionError(
            "That weighs the price change by the budget's quantities. The price effect is "
            "on the units actually sold: actual quantity x (actual price - budget price)."
        )
    if abs(price_effect_nov + paid["price"]) < 0.01:
        raise AssertionError("The sign is the wrong way round: actual price - budget price.")
    assert abs(price_effect_nov - paid["price"]) < 0.01, (
        f"price_effect_nov is {price_effect_nov:,.2f} USD. Group each month's lines by "
        "product first, then price = revenue / quantity."
    )
