OK_FORMAT = False

import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import unmeasured_items
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="Keep the items with priority >= 2 and no `kpi`: "
    "set(strategy.unmeasured(strategy.swot(items))['item']).",
)
def check_todo(items, todo):
    assert todo is not ..., "Not answered yet: replace `...` with a set of item texts."
    assert isinstance(todo, (set, frozenset, list, tuple)), (
        f"todo should be a set of item texts, not a {type(todo).__name__}."
    )
    got, expected = set(todo), unmeasured_items(items)
    by_text = {d["item"]: d for d in items}
    unknown = got - set(by_text)
    assert not unknown, f"{sorted(unknown)[0]!r} is not an item of the draft SWOT."
    measured = sorted(t for t in got - expected if by_text[t].get("kpi"))
    assert not measured, f"{measured[0]!r} already has a KPI ({by_text[measured[0]]['kpi']})."
    low = sorted(t for t in got - expected if by_text[t].get("priority", 0) < 2)
    assert not low, (
        f"{low[0]!r} has priority 1 (low): it does not matter enough to need a measure yet."
    )
    missing = sorted(expected - got)
    assert not missing, (
        f"{missing[0]!r} matters (priority {by_text[missing[0]]['priority']}) and has no KPI: "
        "it belongs on the to-do list."
    )
