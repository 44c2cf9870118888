OK_FORMAT = False

import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import lower_is_better
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="Filter kpis.catalog() on its `polarity` column and collect "
    "the `kpi` ids into a set.",
)
def check_polarity(lower_kpis):
    assert lower_kpis is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(lower_kpis, (set, frozenset, list, tuple)), (
        "lower_kpis should be a set of KPI ids such as {'churn_rate', ...}."
    )
    got, expected = set(lower_kpis), lower_is_better()
    missing, wrong = expected - got, got - expected
    assert not wrong, f"These are not lower-is-better KPIs: {sorted(wrong)}."
    assert not missing, (
        f"{len(missing)} lower-is-better KPI(s) missing, e.g. {sorted(missing)[0]!r}."
    )
