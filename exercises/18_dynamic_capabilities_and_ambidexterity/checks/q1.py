OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import months_to, peak_month_gap
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="Innovation velocity = first month with share ≥ 5 % minus the launch month "
    "(first month with a sale), in months; share = category revenue ÷ all revenue that month.",
)
def check_velocity(velocity_catering):
    assert velocity_catering is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(velocity_catering, numbers.Real), (
        f"velocity_catering should be one number, not a {type(velocity_catering).__name__}."
    )
    right = months_to("category", "catering_platter", 0.05)
    if velocity_catering == right:
        return
    if velocity_catering == right + 1:
        raise AssertionError(
            "One month too many: count months *after* the launch month (the launch month "
            "itself is month 0)."
        )
    if velocity_catering == months_to("category", "catering_platter", 0.05, from_data_start=True):
        raise AssertionError(
            "That counts from the first month of the data; count from the category's launch "
            "month, its first month with a sale."
        )
    if velocity_catering == peak_month_gap("category", "catering_platter"):
        raise AssertionError(
            "That is the month of the highest share (or of 10 %); the question asks for the "
            "first month at or above 5 %."
        )
    raise AssertionError(
        f"velocity_catering is {velocity_catering}, not the months from launch to 5 % of "
        "monthly revenue."
    )
