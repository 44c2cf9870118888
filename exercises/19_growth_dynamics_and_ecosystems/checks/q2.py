OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import baltic_cv as expected_cv
from _answers import baltic_lead_times
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="CV = standard deviation / mean of Baltic Alloys' lead_time_days "
    "(pandas .std(), the sample standard deviation), a ratio without units.",
)
def check_cv(baltic_cv):
    assert baltic_cv is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(baltic_cv, numbers.Real), (
        f"baltic_cv should be one number, not a {type(baltic_cv).__name__}."
    )
    expected = expected_cv()
    if abs(baltic_cv - expected) < 1e-6:
        return
    lt = baltic_lead_times()
    if abs(baltic_cv - float(lt.std())) < 1e-6:
        raise AssertionError(
            "That is the standard deviation in days. Divide it by the mean lead time to get "
            "the CV, which compares suppliers with different lead times."
        )
    if abs(baltic_cv - float(lt.mean() / lt.std())) < 1e-6:
        raise AssertionError("Upside down: the CV is the standard deviation divided by the mean.")
    if abs(baltic_cv - float(lt.var() / lt.mean())) < 1e-6:
        raise AssertionError("You used the variance: take its square root (the std) first.")
    if abs(baltic_cv - expected_cv(ddof=0)) < 1e-6:
        raise AssertionError(
            "numpy's std divides by n; use pandas' .std() (the sample standard deviation, "
            "n - 1), as the lesson does."
        )
    assert abs(baltic_cv - expected) < 1e-6, (
        f"baltic_cv is {baltic_cv:.4f}. Select the lots of the supplier named 'Baltic Alloys' "
        "(merge suppliers on supplier_id) and use all of their lead times."
    )
