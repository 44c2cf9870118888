OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import mean_monthly_churn_2025, pooled_churn_2025
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="Pooled churn in 2025: over the 12 month pairs December 2024 -> January "
    "2025 ... November -> December 2025, 1 - (customers kept) / (customers at risk), with "
    "both counts summed over the pairs. customers.churn_rate on orders from 2024-12-01 on "
    "does exactly this.",
)
def check_churn(churn_2025):
    assert churn_2025 is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(churn_2025, numbers.Real), "churn_2025 should be one number (a share)."
    expected = pooled_churn_2025()
    if abs(churn_2025 - 100 * expected) < 0.01:
        raise AssertionError("That is a percentage: give the churn rate as a share (0.28).")
    if abs(churn_2025 - (1 - expected)) < 1e-6:
        raise AssertionError("That is the retention rate: churn = 1 - retention.")
    if abs(churn_2025 - mean_monthly_churn_2025()) < 1e-6:
        raise AssertionError(
            "That is the plain average of the 12 monthly rates, which gives a quiet month the "
            "same weight as a busy one. Pool the counts: sum the customers kept and the "
            "customers at risk over the pairs, then divide."
        )
    assert abs(churn_2025 - expected) < 1e-6, (
        f"churn_2025 is {churn_2025:.4f}. The first pair is December 2024 -> January 2025, "
        "so the orders must start on 2024-12-01 (not 2025-01-01), and end on 2025-12-31."
    )
