OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import nps
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="NPS = % promoters (9-10) - % detractors (0-6), "
    "in points from -100 to 100, over survey answers dated October-December 2024.",
)
def check_nps(nps_q4):
    assert nps_q4 is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(nps_q4, numbers.Real), (
        f"nps_q4 should be a number, not {type(nps_q4).__name__}."
    )
    expected = nps(2024, 4)
    if abs(nps_q4 * 100 - expected) < 0.05:
        raise AssertionError("Your answer is a fraction: NPS is in points, so multiply by 100.")
    assert -100 <= nps_q4 <= 100, f"NPS lies between -100 and 100; {nps_q4:.1f} cannot be right."
    assert abs(nps_q4 - expected) < 0.05, (
        f"nps_q4 is {nps_q4:.1f}. Promoters score 9 or 10, detractors 0 to 6 (7 and 8 are "
        "passives: they count in the total but in neither group)."
    )
