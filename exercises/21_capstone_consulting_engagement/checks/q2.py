OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import first_file_total, raw_total
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="The raw total is the Total column summed over every row "
    "of both files, before anything is excluded: kept + excluded in the ledger.",
)
def check_raw_total(raw_total_usd):
    assert raw_total_usd is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(raw_total_usd, numbers.Real), "raw_total_usd should be one number (USD)."
    expected = raw_total()
    if abs(raw_total_usd - first_file_total()) < 0.005:
        raise AssertionError("That is the first file only: the raw total covers both exports.")
    assert raw_total_usd >= expected - 0.005, (
        f"raw_total_usd is {raw_total_usd:,.2f}, less than the files hold. Did you take only the "
        "kept rows? Excluded rows (duplicates, tests, voided ...) are part of the raw total."
    )
    assert abs(raw_total_usd - expected) < 0.005, (
        f"raw_total_usd is {raw_total_usd:,.2f}. Add the 'amount' of the kept and the excluded "
        "rows, but not the repaired ones: they are already counted among the kept."
    )
