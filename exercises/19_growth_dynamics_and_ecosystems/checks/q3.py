OK_FORMAT = False

import math
import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import P, Q, peak_time
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="Bass peak time t* = ln(q / p) / (p + q) with p = 0.03 and q = 0.38, "
    "in years (natural logarithm, np.log).",
)
def check_peak(peak_years):
    assert peak_years is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(peak_years, numbers.Real), (
        f"peak_years should be one number (years), not a {type(peak_years).__name__}."
    )
    expected = peak_time()
    if abs(peak_years - expected) < 1e-4:
        return
    if abs(peak_years + expected) < 1e-4:
        raise AssertionError("Negative time: it is ln(q / p), imitation over innovation.")
    if abs(peak_years - 1 / (P + Q)) < 1e-6:
        raise AssertionError("You left out the logarithm: t* = ln(q / p) / (p + q).")
    if abs(peak_years - math.log10(Q / P) / (P + Q)) < 1e-6:
        raise AssertionError("That uses log base 10; the formula needs the natural log (np.log).")
    if abs(peak_years - math.log(Q / P) * (P + Q)) < 1e-6:
        raise AssertionError("Divide by (p + q), do not multiply.")
    assert abs(peak_years - expected) < 1e-4, (
        f"peak_years is {peak_years:.4f}. Compute np.log(0.38 / 0.03) / (0.03 + 0.38)."
    )
