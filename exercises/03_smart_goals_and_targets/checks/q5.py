OK_FORMAT = False

import numbers
import os
import sys

import pandas as pd

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import AOV_TARGET, aov, compound
from otter.test_files import test_case

name = "q5"


@test_case(
    points=1,
    failure_message='revised = aov_goal.revise(deadline="2026-06-01", '
    "reason=...); revised_growth = revised.required_growth() (18 months, compound).",
)
def check_revision(revised, revised_growth):
    assert revised is not ..., "Not answered yet: replace `...` with aov_goal.revise(...)."
    assert all(hasattr(revised, a) for a in ("deadline", "target", "history")), (
        f"revised should be the Goal that aov_goal.revise(...) returns, not a "
        f"{type(revised).__name__}."
    )
    assert len(revised.history) >= 1, (
        "This goal has no history: you built a new Goal. Use aov_goal.revise(...), which keeps "
        "the old version and your reason, so anyone can see what changed and why."
    )
    assert pd.Timestamp(revised.deadline) == pd.Timestamp("2026-06-01"), (
        f"The revised deadline is {pd.Timestamp(revised.deadline):%Y-%m-%d}; the owner moved "
        "it to June 2026 ('2026-06-01')."
    )
    assert abs(revised.target - AOV_TARGET) < 1e-9, (
        f"The target changed to {revised.target:g}; the owner kept $20. Revise only the deadline."
    )
    b = aov("2024-12")
    assert abs(revised.baseline - b) < 0.005, "The baseline changed: revise keeps the baseline."
    assert revised_growth is not ..., "Not answered yet: replace `...` in `revised_growth`."
    assert isinstance(revised_growth, numbers.Real), "revised_growth should be one number."
    expected = compound(b, AOV_TARGET, 18)
    if abs(revised_growth - compound(b, AOV_TARGET, 12)) < 1e-6:
        raise AssertionError(
            "That is the original goal's growth (12 months). Ask the revised goal: it has 18 "
            "months from December 2024 to June 2026, so it needs less each month."
        )
    if abs(revised_growth - 100 * expected) < 1e-4:
        raise AssertionError("That is in percent: give the rate as a fraction.")
    assert abs(revised_growth - expected) < 1e-6, (
        f"revised_growth is {revised_growth:.5f}; the compound rate over 18 months is "
        "(target / baseline) ** (1 / 18) - 1."
    )
