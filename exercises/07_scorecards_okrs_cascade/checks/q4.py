OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import production_progress
from otter.test_files import test_case

name = "q4"

TOL = 0.005


@test_case(
    points=1,
    failure_message="Each line's progress = (2025 rate - 2024 rate) / (target - 2024 rate), "
    "capped to [0, 1]; production's progress is the mean of the three weighted by each "
    "line's share of the defective units of 2024.",
)
def check_production_progress(production_progress_2025):
    value = production_progress_2025
    assert value is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(value, numbers.Real) and not isinstance(value, bool), (
        "production_progress_2025 should be one number between 0 and 1, not a "
        f"{type(value).__name__}."
    )
    expected = production_progress()
    if abs(value / 100 - expected) < TOL:
        raise AssertionError("That is in percent: progress runs from 0 to 1.")
    if abs(value - production_progress(weights="equal")) < TOL:
        raise AssertionError(
            "That is the plain mean of the three lines. Weight each line by its share of the "
            "2024 defective units: the line that made most of the defects counts most."
        )
    if abs(value - production_progress(weights="units")) < TOL:
        raise AssertionError(
            "Those weights are the lines' shares of the parts produced. The question weights "
            "each line by its share of the defective units of 2024."
        )
    if abs(value - production_progress(clip=False)) < TOL:
        raise AssertionError(
            "One line beat its target by far, and its raw progress is above 1. Cap each line's "
            "progress at 1 before rolling up, or one line's overshoot hides another's shortfall."
        )
    assert 0 <= value <= 1, f"{value:.3f} is outside 0-1."
    assert abs(value - expected) < TOL, (
        f"production_progress_2025 is {value:.3f}. Check the defect rates (units_defective / "
        "units_produced x 100 by line and year) and the weights."
    )
