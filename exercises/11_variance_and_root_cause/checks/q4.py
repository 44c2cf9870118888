OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import effects
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="Mix effect = sum over products of (actual quantity - actual total "
    "quantity x budget share of the product) x budget price; equivalently sum(q1 x p0) - "
    "Q1 x budget average price.",
)
def check_mix(mix_effect_nov):
    assert mix_effect_nov is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(mix_effect_nov, numbers.Real), "mix_effect_nov should be one number."
    paid, listed = effects("2025-11"), effects("2025-11", price="list")
    if abs(mix_effect_nov - paid["volume"]) < 0.01:
        raise AssertionError(
            "That is the volume effect (change in total units x budget average price). "
            "Mix is the shift between products at budget prices."
        )
    if abs(mix_effect_nov - paid["volume_and_mix"]) < 0.01:
        raise AssertionError(
            "That is volume and mix together (sum of (q1 - q0) x p0). Take the volume part "
            "out: subtract (Q1 - Q0) x the budget's average price."
        )
    if abs(mix_effect_nov - listed["mix"]) < 0.01:
        raise AssertionError(
            "That uses list prices (unit_price). Use the prices paid: revenue / quantity."
        )
    assert abs(mix_effect_nov - paid["mix"]) < 0.01, (
        f"mix_effect_nov is {mix_effect_nov:,.2f} USD. The budget's average price is budget "
        "revenue / budget units, over all products."
    )
