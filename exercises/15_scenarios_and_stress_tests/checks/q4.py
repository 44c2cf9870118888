OK_FORMAT = False

import numbers
import os
import sys

if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import lead
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="sc.stress_test(supply_sim, kpi='revenue', threshold=0.85 * "
    "start_revenue): read the median_lead (months).",
)
def check_lead(revenue_lead):
    assert revenue_lead is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(revenue_lead, numbers.Real), (
        f"revenue_lead should be one number of months, not a {type(revenue_lead).__name__}. "
        "Pick the value out of the table, e.g. table['median_lead'].iloc[0]."
    )
    if abs(revenue_lead - lead("revenue")) < 1e-9:
        return
    if abs(revenue_lead - lead("margin")) < 1e-9:
        raise AssertionError(
            "That is the margin KPI's lead. The question tests the revenue KPI: compare the "
            "two afterwards, the gap is the point of the stress test."
        )
    assert 0 < revenue_lead <= 24, "A lead time is a number of months within the horizon."
    raise AssertionError(
        f"revenue_lead is {revenue_lead}. Use the supply-shock simulation of question 3 and "
        "the threshold 85 % of start_revenue, direction 'below'."
    )
