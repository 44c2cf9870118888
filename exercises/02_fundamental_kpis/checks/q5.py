OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import churn
from otter.test_files import test_case

name = "q5"


@test_case(
    points=1,
    failure_message="Churn in June 2025 = 100 x (1 - customers who bought in "
    "both May and June / customers who bought in May). Leave out guest orders.",
)
def check_churn(churn_june):
    assert churn_june is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(churn_june, numbers.Real), "churn_june should be one number, in percent."
    expected = churn("2025-06")
    if abs(churn_june - (100 - expected)) < 0.01:
        raise AssertionError("That is the retention rate; churn is 100 minus retention.")
    if abs(churn_june * 100 - expected) < 0.01:
        raise AssertionError("Your answer is a fraction: churn is in percent.")
    assert 0 <= churn_june <= 100, "Churn is a share of customers, between 0 and 100 %."
    assert abs(churn_june - expected) < 0.01, (
        f"churn_june is {churn_june:.2f} %. The base is May's customers (with a customer_id); "
        "a churned customer bought in May but not in June."
    )
