OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import sample_size
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="Two-sided test, 5 % significance, 80 % power, from a 2.0 % "
    "baseline to 2.5 % (a difference of 0.005); people in EACH group, rounded up.",
)
def check_sample_size(n_per_group):
    assert n_per_group is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(n_per_group, numbers.Real), "n_per_group should be one number of people."
    expected = sample_size(0.02, 0.025)
    # standard approximations (arcsine or on the rate scale) differ by well under 1 %
    if abs(n_per_group - 2 * expected) < 0.01 * 2 * expected:
        raise AssertionError("That is the total for both groups; give the size of one group.")
    if abs(n_per_group - sample_size(0.02, 0.025, sides=1)) < 0.01 * expected:
        raise AssertionError("That is a one-sided plan; the question asks for a two-sided test.")
    if abs(n_per_group - sample_size(0.02, 0.025, power=0.9)) < 0.01 * expected:
        raise AssertionError("That plan has 90 % power; use 80 %.")
    assert abs(n_per_group - expected) < 0.01 * expected, (
        f"n_per_group is {n_per_group:,.0f}. The minimum detectable effect is an absolute "
        "difference of 0.005 (0.5 points), not 0.5 and not 0.5 % of 2 %."
    )
    assert float(n_per_group).is_integer(), (
        "Round up to a whole number of people: you cannot e-mail a fraction of a recipient."
    )
