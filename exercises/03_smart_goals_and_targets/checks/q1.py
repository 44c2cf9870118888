OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import MONTHS, TARGET_REVENUE, baseline_2025, compound, net_revenue
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="baseline = 2025 net revenue (revenue - refunded) / 12; "
    "monthly_growth = (120000 / baseline) ** (1 / 12) - 1, as a fraction.",
)
def check_growth(baseline, monthly_growth):
    assert baseline is not ..., "Not answered yet: replace `...` in `baseline`."
    assert isinstance(baseline, numbers.Real), (
        f"baseline should be one number (USD), but it is a {type(baseline).__name__}."
    )
    b = baseline_2025()
    if abs(baseline - baseline_2025(refunds=False)) < 0.01:
        raise AssertionError("That baseline uses gross revenue: subtract the `refunded` column.")
    if abs(baseline - 12 * b) < 0.05:
        raise AssertionError("That is the whole year's net revenue: the average month is / 12.")
    if abs(baseline - net_revenue("2025-12")) < 0.01:
        raise AssertionError(
            "That is December 2025 alone. Revenue is seasonal (December is the peak), so the "
            "baseline is the average month of the whole year: 2025's net revenue / 12."
        )
    assert abs(baseline - b) < 0.01, (
        f"baseline is {baseline:,.2f}, not the average month of 2025. Filter orders dated in "
        "2025, take revenue - refunded, sum, and divide by 12."
    )
    assert monthly_growth is not ..., "Not answered yet: replace `...` in `monthly_growth`."
    assert isinstance(monthly_growth, numbers.Real), "monthly_growth should be one number."
    expected = compound(b, TARGET_REVENUE, MONTHS)
    if abs(monthly_growth - 100 * expected) < 1e-4:
        raise AssertionError("That is in percent: give the rate as a fraction (0.02 is 2 %).")
    if abs(monthly_growth - (TARGET_REVENUE / b - 1)) < 1e-6:
        raise AssertionError(
            "That is the growth over the whole 12 months. The monthly rate r compounds: "
            "baseline * (1 + r) ** 12 = target, so r = (target / baseline) ** (1 / 12) - 1."
        )
    if abs(monthly_growth - (TARGET_REVENUE / b - 1) / MONTHS) < 1e-6:
        raise AssertionError(
            "Dividing the total growth by 12 ignores compounding (each month grows on a "
            "bigger base) and overstates the rate: take the 12th root instead."
        )
    if abs(monthly_growth - compound(b, TARGET_REVENUE, MONTHS - 1)) < 1e-6:
        raise AssertionError("From December 2025 to December 2026 is 12 monthly steps, not 11.")
    assert abs(monthly_growth - expected) < 1e-6, (
        f"monthly_growth is {monthly_growth:.5f}; check that baseline * (1 + monthly_growth) "
        "** 12 gives 120,000."
    )
