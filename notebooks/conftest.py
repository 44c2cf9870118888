"""nbval run of the lessons: print each notebook's total time at the end of the run.

pytest's ``--durations`` lists the slowest cells; a lesson's total is what a learner
waits for, so it is summed here from the same reports.
"""

from __future__ import annotations

from collections import defaultdict

_TOTALS: dict[str, float] = defaultdict(float)


def pytest_runtest_logreport(report):
    if report.when == "call":
        _TOTALS[report.nodeid.split("::", 1)[0]] += report.duration


def pytest_terminal_summary(terminalreporter):
    if not _TOTALS:
        return
    terminalreporter.section("time per notebook (cells only, slowest first)")
    for path, seconds in sorted(_TOTALS.items(), key=lambda kv: -kv[1]):
        terminalreporter.write_line(f"{seconds:6.1f} s  {path}")
