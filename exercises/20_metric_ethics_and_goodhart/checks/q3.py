OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import n_answers, n_comments, price_mentions
from _answers import price_share as reference_share
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="Share = comments that mention 'price' or 'expensive' (any case) ÷ survey "
    "answers that have a comment. State the denominator: it is comments, not all answers.",
)
def check_price_share(price_share):
    value = price_share
    assert value is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(value, numbers.Real), (
        f"price_share should be one number, not a {type(value).__name__}."
    )
    right = reference_share()
    if abs(value - right) < 1e-9:
        return
    if abs(value - price_mentions()) < 1e-9:
        raise AssertionError(
            "That is the count of comments; divide by the number of comments to get a share."
        )
    if abs(value - 100 * right) < 1e-6:
        raise AssertionError("That is a percentage; give a fraction between 0 and 1.")
    if abs(value - price_mentions() / n_answers()) < 1e-9:
        raise AssertionError(
            "You divided by every survey answer, including those with no comment. The share of "
            "comments needs the number of comments as its denominator."
        )
    if abs(value - price_mentions(ignore_case=False) / n_comments()) < 1e-9:
        raise AssertionError(
            "Some comments start with a capital: 'Prices went up'. Lower-case the text first "
            "(or use case=False) so that they are counted too."
        )
    raise AssertionError(
        f"price_share is {value:.4f}, not the share of non-missing comments containing "
        "'price' or 'expensive'."
    )
