OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import CUSTOMER, customer_row, p_alive
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="P(alive) comes from the customer's frequency, recency and T, in the "
    "same time unit (weeks) as the model: model.p_alive(crumb[crumb.customer_id == ...]).",
)
def check_p_alive(p_alive_regular):
    assert p_alive_regular is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(p_alive_regular, numbers.Real), (
        f"p_alive_regular should be one number between 0 and 1, not a "
        f"{type(p_alive_regular).__name__}. Take the value out with .iloc[0] or float(...)."
    )
    row = customer_row()
    right = float(p_alive(row["x"], row["t_x"], row["T"]))
    if abs(p_alive_regular - right) < 1e-3:
        return
    assert 0 <= p_alive_regular <= 1, "A probability is between 0 and 1."
    if abs(p_alive_regular - (1 - right)) < 1e-3:
        raise AssertionError(
            "That is the chance the customer has LEFT (1 - P(alive)). The question asks for "
            "the chance they are still a customer."
        )
    in_days = float(p_alive(row["x"], 7 * row["t_x"], 7 * row["T"]))
    if abs(p_alive_regular - in_days) < 1e-3:
        raise AssertionError(
            "That mixes units: the model was fitted in weeks, but you gave it recency and T "
            "in days. Use the `crumb` summary, whose recency and T are already in weeks."
        )
    assert abs(p_alive_regular - right) < 1e-3, (
        f"p_alive_regular is {p_alive_regular:.4f}. Select customer {CUSTOMER} from `crumb` and "
        "pass that one-row frame to model.p_alive."
    )
