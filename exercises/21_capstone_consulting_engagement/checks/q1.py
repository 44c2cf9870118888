OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import duplicate_money, raw_total
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="Look up the ledger row with action 'excluded' and reason "
    "'duplicate across exports', and take its amount (money from the Total column).",
)
def check_duplicates(duplicate_money_usd):
    assert duplicate_money_usd is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(duplicate_money_usd, numbers.Real), (
        "duplicate_money_usd should be one number (USD), not a "
        f"{type(duplicate_money_usd).__name__}. Did you take the whole row instead of 'amount'?"
    )
    expected = duplicate_money()
    if float(duplicate_money_usd).is_integer() and abs(duplicate_money_usd - expected) > 1:
        raise AssertionError(
            "That looks like a count of rows. The question asks for money: the ledger's "
            "'amount' column."
        )
    assert duplicate_money_usd < raw_total() / 2, (
        "That is far too much: only the orders of the overlap week were exported twice."
    )
    assert abs(duplicate_money_usd - expected) < 0.005, (
        f"duplicate_money_usd is {duplicate_money_usd:,.2f}. Take only the reason "
        "'duplicate across exports', not the sum of every excluded reason."
    )
