OK_FORMAT = False

import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import DRAFT, goals_without_own_kpi, kpis_not_in_use, orphan_kpis, unmeasured_goals
from otter.test_files import test_case

name = "q5"


def _as_set(label, value):
    assert value is not ..., f"Not answered yet: replace the `...` of {label}."
    assert isinstance(value, (set, frozenset, list, tuple)), (
        f"{label} should be a set of names such as {{'a', 'b'}}, not a {type(value).__name__}."
    )
    return {str(v) for v in value}


@test_case(
    points=1,
    failure_message="An orphan KPI is on the dashboard but named by no goal; a goal without "
    "a KPI has no KPI on itself or on any goal below it. cascade_check(draft, "
    "kpis_in_use=dashboard) lists both.",
)
def check_gaps(orphan_kpis_found, unmeasured_goals_found):
    orphans = _as_set("orphan_kpis_found", orphan_kpis_found)
    goals = _as_set("unmeasured_goals_found", unmeasured_goals_found)
    nodes = {node for node, *_ in DRAFT}
    if orphans & nodes:
        raise AssertionError(
            f"{sorted(orphans & nodes)} are goals, not KPIs. orphan_kpis_found lists KPI ids from "
            "the dashboard."
        )
    if orphans & kpis_not_in_use():
        raise AssertionError(
            f"{sorted(orphans & kpis_not_in_use())}: that KPI serves a goal but is missing from "
            "the dashboard, the opposite gap ('KPI not in use'). An orphan is on the dashboard "
            "and serves no goal."
        )
    missing = orphan_kpis() - orphans
    extra = orphans - orphan_kpis()
    assert not extra, f"{sorted(extra)} are named by a goal, so they are not orphans."
    assert not missing, (
        f"{len(missing)} orphan KPI(s) missing: compare every dashboard KPI with the KPIs the "
        "goals name."
    )
    if "Production" in goals:
        raise AssertionError(
            "Production has no KPI of its own, but its lines are measured, so it is measured "
            "through them: it is not a goal without a KPI."
        )
    unknown = goals - nodes
    assert not unknown, f"{sorted(unknown)} are not goals of the draft cascade."
    has_kpi = goals - goals_without_own_kpi()
    assert not has_kpi, f"{sorted(has_kpi)} have a KPI of their own in the draft."
    missing_goals = unmeasured_goals() - goals
    assert not missing_goals, (
        f"{len(missing_goals)} goal(s) without a KPI missing: look for every goal whose `kpi` is "
        "None and that has no measured goal below it."
    )
