OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import runway, runway_from_net_income
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="Runway = cash at the end of September 2022 / monthly burn, "
    "where the burn is the average fall in the cash balance over July, August and "
    "September 2022 (a month's fall = the previous month-end balance - this month's).",
)
def check_runway(runway_sep_2022):
    assert runway_sep_2022 is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(runway_sep_2022, numbers.Real), (
        f"runway_sep_2022 should be one number of months, but it is a "
        f"{type(runway_sep_2022).__name__}. Did you forget .mean() or to pick one row?"
    )
    expected = runway("2022-09-01")
    if abs(runway_sep_2022 - runway("2022-09-01", months=1)) < 0.01:
        raise AssertionError(
            "That uses September's fall alone: average the falls of July, August "
            "and September, so one odd month does not decide the runway."
        )
    if abs(runway_sep_2022 - runway("2022-09-01", months=2)) < 0.01:
        raise AssertionError(
            "That averages only two falls. July's fall needs June's balance: if "
            "you kept July-September and then took .diff(), July's fall is lost. "
            "Take the difference first, then keep the three months."
        )
    if abs(runway_sep_2022 - runway_from_net_income("2022-09-01")) < 0.01:
        raise AssertionError(
            "That divides by the net loss. Profit is not cash (depreciation, stock "
            "and unpaid bills make them differ): use the change in the cash balance."
        )
    if abs(runway_sep_2022 - 1 / expected) < 1e-4:
        raise AssertionError("Your ratio is upside down: runway = cash / burn, in months.")
    assert runway_sep_2022 > 0, (
        "Cash was positive and falling, so the runway is a positive number of months."
    )
    assert abs(runway_sep_2022 - expected) < 0.01, (
        f"runway_sep_2022 is {runway_sep_2022:.2f} months. Use the cash at the end of September 2022 "
        "(the row dated 2022-09-01) and the mean of the three monthly falls."
    )
