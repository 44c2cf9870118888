OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import base_share, cohort_orders_share, cohort_share, cohort_share_of_buyers
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="Cohort retention: take the customers whose FIRST order was in March 2025; "
    "the answer is the fraction of them with at least one order in June 2025.",
)
def check_cohort(march_month3):
    assert march_month3 is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(march_month3, numbers.Real), (
        f"march_month3 should be one number (a fraction), but it is a "
        f"{type(march_month3).__name__}. A cohort table holds many; pick one cell with .loc."
    )
    expected = cohort_share("2025-03", "2025-06")
    if abs(march_month3 - 100 * expected) < 0.01:
        raise AssertionError("That is a percentage: give the share as a fraction (0.4, not 40).")
    if abs(march_month3 - cohort_share_of_buyers("2025-03", "2025-06")) < 1e-6:
        raise AssertionError(
            "You divided by everybody who bought in June. Retention divides by the cohort's "
            "size: the customers who first bought in March 2025."
        )
    if abs(march_month3 - base_share("2025-03", "2025-06")) < 1e-6:
        raise AssertionError(
            "You followed everyone who bought in March, including older customers. A cohort "
            "is only the customers whose first order was in March 2025."
        )
    if abs(march_month3 - cohort_orders_share("2025-03", "2025-06")) < 1e-6:
        raise AssertionError(
            "You counted June orders, not customers: a customer with three orders in June "
            "counts once. Count distinct customer ids."
        )
    assert 0 <= march_month3 <= 1, f"A share is between 0 and 1, but you have {march_month3}."
    assert abs(march_month3 - expected) < 1e-6, (
        f"march_month3 is {march_month3:.4f}. June 2025 is 3 months after March (age 3 in the "
        "cohort table, where age 0 is March itself); check which month you read."
    )
