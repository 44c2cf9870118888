OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import elasticity as expected_elasticity
from _answers import inverse_slope, linear_slope
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="Elasticity = slope of log(units) on log(price): "
    "opt.price_elasticity(test, price='price', quantity='units').elasticity, or "
    "np.polyfit(np.log(price), np.log(units), 1)[0].",
)
def check_elasticity(elasticity):
    assert elasticity is not ..., "Not answered yet: replace `...` with your estimate."
    if hasattr(elasticity, "elasticity"):
        raise AssertionError(
            "That is the whole result object: take its `.elasticity` attribute (one number)."
        )
    assert isinstance(elasticity, numbers.Real), (
        f"elasticity should be one number, not a {type(elasticity).__name__}."
    )
    expected = expected_elasticity()
    if abs(elasticity - expected) < 1e-6:
        return
    if abs(elasticity + 2.6) < 1e-9:
        raise AssertionError(
            "-2.6 is the value planted in the simulation: a real owner never knows it. "
            "Estimate the elasticity from the 40 weeks of data instead."
        )
    if abs(elasticity + expected) < 1e-6:
        raise AssertionError(
            "Right size, wrong sign: demand falls when the price rises, so the elasticity is "
            "negative. Keep the slope's sign."
        )
    if abs(elasticity - linear_slope()) < 1e-6:
        raise AssertionError(
            "That is the slope in units per USD (a straight line through prices and units). "
            "An elasticity is in % per %: fit the line through the logarithms."
        )
    if abs(elasticity - inverse_slope()) < 1e-6:
        raise AssertionError(
            "You regressed log price on log units. The quantity is the outcome: put log units "
            "on the left (y) and log price on the right (x)."
        )
    assert abs(elasticity - expected) < 1e-6, (
        f"elasticity is {elasticity:.4f}. Fit log(units) = a + e log(price) on all 40 weeks "
        "of `test` and report e."
    )
