OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import best_lag, daily_best_lag, lagged_r
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="Sum the days into weeks (Monday to Sunday), take week-on-week "
    "changes of both series, and find the lag k from 1 to 8 at which the change in search "
    "visits in week t - k correlates most strongly with the change in net revenue in week t.",
)
def check_search_lag(search_lag):
    assert search_lag is not ..., "Not answered yet: replace `...` with your answer."
    if isinstance(search_lag, numbers.Real) and not isinstance(search_lag, numbers.Integral):
        if float(search_lag).is_integer():
            search_lag = int(search_lag)  # 2.0 is a fine way to write 2
        elif 0 < abs(search_lag) < 1:
            raise AssertionError(
                f"{search_lag:.2f} looks like a correlation. The question asks for the lag: the "
                "number of weeks between a move in search visits and the matching move in sales."
            )
    assert isinstance(search_lag, numbers.Integral) and not isinstance(search_lag, bool), (
        f"search_lag should be a whole number of weeks, not a {type(search_lag).__name__}."
    )
    expected = best_lag()
    if search_lag == 7 * expected:
        raise AssertionError(
            "That is the lag in days. The analysis runs on weekly sums, so give it in weeks."
        )
    if search_lag == 0:
        raise AssertionError(
            "Lag 0 is the same week. A leading indicator moves first: look at lags 1 to 8 and "
            "pick the one with the largest correlation (in absolute value)."
        )
    if search_lag == daily_best_lag() and search_lag != expected:
        raise AssertionError(
            "That is the best lag of daily changes. Day by day, the weekday rhythm (busy "
            "Saturdays, quiet Mondays) swamps the relation: sum the days into weeks first "
            "(lead_lag(..., freq='W') does it for you)."
        )
    assert 1 <= search_lag <= 8, "The question asks for a lag between 1 and 8 weeks."
    assert search_lag == expected, (
        f"At a lag of {search_lag} weeks the correlation of weekly changes is only "
        f"{lagged_r('local_search_visits', search_lag):.2f}. Compare all lags from 1 to 8 on "
        "week-on-week changes (not on levels, where every lag looks alike) and take the largest."
    )
