OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import best_lag, lagged_r
from otter.test_files import test_case

name = "q1"

TOL = 0.005


@test_case(
    points=1,
    failure_message="Take month-on-month changes of tickets and churned accounts, and "
    "correlate the change in tickets in month t - k with the change in churned accounts in "
    "month t for k = 1, 2, 3; keep the k with the largest |r| and that r.",
)
def check_tickets_lag(tickets_lag, tickets_r):
    assert tickets_lag is not ..., "Not answered yet: replace the `...` of tickets_lag."
    assert tickets_r is not ..., "Not answered yet: replace the `...` of tickets_r."
    if isinstance(tickets_lag, numbers.Real) and float(tickets_lag).is_integer():
        tickets_lag = int(tickets_lag)  # 1.0 is a fine way to write 1
    assert isinstance(tickets_lag, numbers.Integral) and not isinstance(tickets_lag, bool), (
        f"tickets_lag should be a whole number of months, not {tickets_lag!r}."
    )
    if tickets_lag == 0:
        raise AssertionError(
            "Lag 0 is the same month: it cannot warn anybody. Look at lags 1 to 3."
        )
    assert 1 <= tickets_lag <= 3, "The question asks for a lag of 1 to 3 months."
    lag = best_lag()
    assert isinstance(tickets_r, numbers.Real) and not isinstance(tickets_r, bool), (
        f"tickets_r should be one correlation (a number), not a {type(tickets_r).__name__}."
    )
    assert -1 <= tickets_r <= 1, f"tickets_r = {tickets_r:.3f}: a correlation is within ±1."
    if abs(tickets_r - lagged_r(tickets_lag, changes=False)) < TOL:
        raise AssertionError(
            "That correlation is on levels. Both series grow and shrink with the customer "
            "base; take month-on-month changes first (transform='diff' in lead_lag)."
        )
    if abs(tickets_r - lagged_r(tickets_lag, reverse=True)) < TOL:
        raise AssertionError(
            "That pairs churn first and tickets later. A leading indicator moves first: "
            "tickets in month t - k against churned accounts in month t."
        )
    if abs(tickets_r - lagged_r(0)) < TOL:
        raise AssertionError(
            "tickets_r is the same-month correlation (lag 0). Give the correlation at the lag "
            "you chose: tickets in month t - lag against churned accounts in month t."
        )
    assert tickets_lag == lag, (
        f"At a lag of {tickets_lag} month(s) |r| is only {abs(lagged_r(tickets_lag)):.2f}: "
        "compare the three lags on month-on-month changes and keep the largest |r|."
    )
    assert abs(tickets_r - lagged_r(lag)) < TOL, (
        f"tickets_r is {tickets_r:.3f}; the correlation of the changes at lag {lag} is "
        "different. Check that you used monthly totals of tickets and of churned accounts."
    )
