OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import best_lag, lagged_r
from otter.test_files import test_case

name = "q4"

TOL = 0.01


def _search(lag, **kwargs):
    return lagged_r("local_search_visits", lag, **kwargs)


@test_case(
    points=1,
    failure_message="For each year, keep the rows of `daily` in its whole weeks, "
    "sum them by week, take week-on-week changes, and correlate search visits in week "
    "t - lag with net revenue in week t, at the lag of Question 1.",
)
def check_stages(search_r_2022, search_r_2025):
    answers = {2022: search_r_2022, 2025: search_r_2025}
    for year, value in answers.items():
        assert value is not ..., f"Not answered yet: replace the `...` of search_r_{year}."
        assert isinstance(value, numbers.Real), (
            f"search_r_{year} should be one correlation (a number), not a {type(value).__name__}."
        )
        assert -1 <= value <= 1, f"search_r_{year} = {value:.3f}: a correlation is within ±1."
    lag = best_lag()
    expected = {year: _search(lag, year=year) for year in answers}
    if abs(search_r_2022 - expected[2025]) < TOL and abs(search_r_2025 - expected[2022]) < TOL:
        raise AssertionError("Your two answers are swapped: 2022 first, 2025 second.")
    for year, value in answers.items():
        if abs(value - _search(lag)) < TOL:
            raise AssertionError(
                f"search_r_{year} is the correlation over all four years. Keep only the weeks "
                f"of {year} before correlating: the point is to compare the two stages."
            )
        if abs(value - _search(0, year=year)) < TOL:
            raise AssertionError(
                f"search_r_{year} is the same-week correlation. Use the lag of Question 1: "
                "search visits in week t - lag against net revenue in week t."
            )
        if abs(value - _search(lag, year=year, changes=False)) < TOL:
            raise AssertionError(
                f"search_r_{year} is a correlation of levels. Take week-on-week changes first."
            )
        if abs(value - _search(lag, year=year, whole=False)) < TOL:
            raise AssertionError(
                f"search_r_{year} includes a part week at the turn of the year. Keep whole "
                "weeks (Monday to Sunday) only, with the dates given in the question."
            )
        assert abs(value - expected[year]) < TOL, (
            f"search_r_{year} is {value:.3f}. Keep the whole weeks of {year}, sum by week, take "
            f"week-on-week changes and correlate at a lag of {lag} weeks."
        )
