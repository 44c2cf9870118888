OK_FORMAT = False

import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import ranking
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="Compute, for each KPI in 2025, the share of bakery peers "
    "the bakery beats (polarity-aware, yearly rows), and list the KPI ids from the "
    "largest share to the smallest.",
)
def check_ranking(ranking_2025):
    assert ranking_2025 is not ..., "Not answered yet: replace `...` with your answer."
    assert not isinstance(ranking_2025, (set, frozenset, dict)), (
        "A set has no order, and a ranking is all about order: give a list of KPI ids."
    )
    assert isinstance(ranking_2025, (list, tuple)), (
        "ranking_2025 should be a list of KPI ids such as ['average_order_value', ...]."
    )
    expected = ranking(2025)
    got = list(ranking_2025)
    missing, extra = set(expected) - set(got), set(got) - set(expected)
    assert not extra, f"These are not among the six KPIs of the exercise: {sorted(extra)}."
    assert not missing, f"{len(missing)} KPI(s) missing, e.g. {sorted(missing)[0]!r}."
    assert len(got) == len(expected), "Each KPI should appear exactly once."
    if got == ranking(2025, polarity=False):
        raise AssertionError(
            "You ranked by the raw percentile. For employee turnover lower is better, so a "
            "high percentile is a bad position: rank by the share of peers beaten."
        )
    if got == expected[::-1]:
        raise AssertionError("Right order, wrong way round: put the best position first.")
    assert got == expected, (
        f"Not quite: the ranking should start with {expected[0]!r} and end with "
        f"{expected[-1]!r}. Use the yearly benchmark rows (freq 'Y' or 'any') and 2025's "
        "yearly values."
    )
