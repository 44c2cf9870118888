OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import gross_margin, percentile
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="Find the two given percentiles the 2024 gross margin lies "
    "between and interpolate along a straight line: q = q_i + (q_i+1 - q_i) x "
    "(x - v_i) / (v_i+1 - v_i), with the bakery peers' p10-p90.",
)
def check_percentile(gm_percentile):
    assert gm_percentile is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(gm_percentile, numbers.Real), (
        f"gm_percentile should be one number from 0 to 100, not a {type(gm_percentile).__name__}."
    )
    expected = percentile(gross_margin(2024), "gross_margin")
    if abs(gm_percentile * 100 - expected) < 0.01:
        raise AssertionError("Your answer is a fraction: percentiles run from 0 to 100.")
    if gm_percentile in (50, 75):
        raise AssertionError(
            "That is the nearest given percentile. The margin lies between p50 and p75: "
            "interpolate between them instead of rounding to one."
        )
    assert 0 <= gm_percentile <= 100, f"A percentile lies between 0 and 100, not {gm_percentile}."
    assert abs(gm_percentile - expected) < 0.01, (
        f"gm_percentile is {gm_percentile:.2f}. Check that you used the 2024 gross margin, the "
        "'bakery' peers (not specialty retail) and the percentiles in order (p10 ... p90)."
    )
