OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import vitality
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="Vitality = June 2025 revenue of products whose first sale was in "
    "July 2024-June 2025, divided by all June 2025 revenue.",
)
def check_vitality(vitality_june_2025):
    assert vitality_june_2025 is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(vitality_june_2025, numbers.Real), (
        f"vitality_june_2025 should be one number, not a {type(vitality_june_2025).__name__}."
    )
    right = vitality("2025-06-01", "2024-07-01", "2025-06-01")
    if abs(vitality_june_2025 - right) < 1e-9:
        return
    if abs(vitality_june_2025 - 100 * right) < 1e-6:
        raise AssertionError("That is a percentage; give a fraction between 0 and 1.")
    if (
        abs(
            vitality_june_2025
            - vitality("2025-06-01", "2024-07-01", "2025-06-01", revenue_only=True)
        )
        < 0.01
    ):
        raise AssertionError(
            "That is the new products' revenue in USD; divide it by all of June's revenue."
        )
    if abs(vitality_june_2025 - vitality("2025-06-01", "2022-01-01", "2025-06-01")) < 1e-9:
        raise AssertionError(
            "That counts every product as new, including those on sale since the data began; "
            "keep only products first sold from July 2024 on."
        )
    raise AssertionError(
        f"vitality_june_2025 is {vitality_june_2025:.4f}, not the share of June 2025 revenue "
        "from products launched in the previous 12 months."
    )
