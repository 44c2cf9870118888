OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import aov, gross_aov
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="Average order value = net revenue / number of orders, "
    "where net revenue = revenue - refunded, for orders dated in March 2025.",
)
def check_aov(aov_march):
    assert aov_march is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(aov_march, numbers.Real), (
        f"aov_march should be a single number (USD), but it is a {type(aov_march).__name__}. "
        "Did you forget to divide, or to take .sum()?"
    )
    if abs(aov_march - gross_aov("2025-03")) < 0.005:
        raise AssertionError(
            "That is gross AOV: subtract the `refunded` column from revenue first."
        )
    assert abs(aov_march - aov("2025-03")) < 0.01, (
        f"aov_march is {aov_march:.2f}, which is not the net AOV of March 2025. "
        "Check the month filter (1 to 31 March 2025) and that you divide by the number of orders."
    )
