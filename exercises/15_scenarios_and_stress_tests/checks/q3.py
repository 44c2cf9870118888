OK_FORMAT = False

import numbers
import os
import sys

if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import buffer_months, inputs
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="sc.cash_buffer(supply_sim, survival=0.95) is in USD; divide it by the "
    "monthly fixed costs to get months of cover.",
)
def check_buffer(supply_buffer_months):
    assert supply_buffer_months is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(supply_buffer_months, numbers.Real), (
        f"supply_buffer_months should be one number, not a {type(supply_buffer_months).__name__}."
    )
    right = buffer_months()
    if abs(supply_buffer_months - right) < 1e-6:
        return
    if abs(supply_buffer_months - right * inputs()["fixed"]) < 1e-3:
        raise AssertionError("That is the buffer in USD: divide by base.fixed_costs.")
    if abs(supply_buffer_months - buffer_months(0.5)) < 1e-6:
        raise AssertionError(
            "That buffer only gives a 50 % chance of survival; the question asks for 95 %."
        )
    if abs(supply_buffer_months - buffer_months(0.05)) < 1e-6:
        raise AssertionError(
            "That is the 5 % quantile (survival=0.05): the buffer that keeps 95 % of paths "
            "afloat is the 95 % quantile of the cash needed."
        )
    raise AssertionError(
        f"supply_buffer_months is {supply_buffer_months:.3f}. Simulate "
        "scenarios['supply_shock'] with horizon=24, paths=2000, seed=0."
    )
