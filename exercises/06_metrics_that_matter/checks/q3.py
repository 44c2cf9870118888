OK_FORMAT = False

import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import CANDIDATES, vanity
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="Run alignment_report on `daily` with outcome 'net_revenue', "
    "the four candidates and freq='W' (other options at their defaults), and collect the "
    "candidates whose verdict is 'vanity' into a set.",
)
def check_vanity(vanity_metrics):
    assert vanity_metrics is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(vanity_metrics, (set, frozenset, list, tuple)), (
        "vanity_metrics should be a set of column names such as {'likes', ...}, "
        f"not a {type(vanity_metrics).__name__}."
    )
    got = set(vanity_metrics)
    unknown = sorted(str(v) for v in got - set(CANDIDATES))
    assert not unknown, f"{unknown} are not among the candidates {list(CANDIDATES)}."
    if not got:
        raise AssertionError(
            "No vanity metric at all? That is what you get on levels (transform='none'): in "
            "levels every series that grows with the business looks related to sales. Keep "
            "the default, week-on-week changes."
        )
    assert "local_search_visits" not in got, (
        "Local search visits are not vanity: their changes are followed by changes in sales "
        "a few weeks later (look at their verdict in the report)."
    )
    missing = vanity() - got
    assert not missing, (
        f"{len(missing)} vanity metric(s) missing, e.g. {sorted(missing)[0]!r}: read the "
        "verdict of every row. A metric that grows with the business can still be vanity."
    )
