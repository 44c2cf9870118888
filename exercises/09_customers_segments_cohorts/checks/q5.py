OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import DISCOUNT, cac, clv, margin_2025, pooled_churn_2025
from otter.test_files import test_case

name = "q5"


@test_case(
    points=1,
    failure_message="CLV = m * r / (1 + d - r) with m = margin_2025, r = 1 - churn_2025 and "
    "d = 0.01; LTV:CAC = CLV / cac_social_2025.",
)
def check_clv(clv_2025, ltv_cac_social):
    assert clv_2025 is not ..., "Not answered yet: replace `...` in clv_2025."
    assert ltv_cac_social is not ..., "Not answered yet: replace `...` in ltv_cac_social."
    for label, value in (("clv_2025", clv_2025), ("ltv_cac_social", ltv_cac_social)):
        assert isinstance(value, numbers.Real), f"{label} should be one number."
    churn = pooled_churn_2025()
    r = 1 - churn
    m = margin_2025()
    expected = clv(r)
    if abs(clv_2025 - clv(churn)) < 1e-6:
        raise AssertionError("You used the churn rate as r. r is the retention rate, 1 - churn.")
    if abs(clv_2025 - clv(r, discount=0.0)) < 1e-6:
        raise AssertionError(
            "You left out the discount rate: with d = 0.01 the denominator is 1 + 0.01 - r."
        )
    if abs(clv_2025 - m * (1 + DISCOUNT) / (1 + DISCOUNT - r)) < 1e-6:
        raise AssertionError(
            "You counted the current month too (m (1 + d) / (1 + d - r)). The simple formula "
            "counts the months after it: m r / (1 + d - r)."
        )
    assert abs(clv_2025 - expected) < 1e-6, (
        f"clv_2025 is {clv_2025:.2f} USD but the formula gives {expected:.2f} with the "
        "reference churn. If question 3 does not pass yet, fix it first: r = 1 - churn_2025."
    )
    ratio = expected / cac("social", 2025)
    if abs(ltv_cac_social - 1 / ratio) < 1e-6:
        raise AssertionError("The ratio is upside down: LTV:CAC = CLV / CAC.")
    assert abs(ltv_cac_social - ratio) < 1e-6, (
        f"ltv_cac_social is {ltv_cac_social:.3f}. Divide clv_2025 by cac_social_2025; if "
        "question 4 does not pass yet, fix it first."
    )
