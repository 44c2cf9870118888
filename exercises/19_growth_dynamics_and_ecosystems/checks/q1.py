OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import kg_shares, lot_count_hhi
from _answers import supply_hhi as expected_hhi
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="HHI = sum over suppliers of (percentage share of kg)^2, on all lots: "
    "shares = kg per supplier / total kg; hhi = ((100 * shares) ** 2).sum(), between 0 and "
    "10,000.",
)
def check_hhi(supply_hhi):
    assert supply_hhi is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(supply_hhi, numbers.Real), (
        f"supply_hhi should be one number, not a {type(supply_hhi).__name__}."
    )
    expected = expected_hhi()
    if abs(supply_hhi - expected) < 0.01:
        return
    if abs(supply_hhi - expected / 10_000) < 1e-6:
        raise AssertionError(
            "You squared the shares as fractions (0 to 1). The HHI uses percentages: "
            "(100 * share) ** 2, which puts it on the 0-10,000 scale of the DOJ thresholds."
        )
    if abs(supply_hhi - lot_count_hhi()) < 0.01:
        raise AssertionError(
            "You counted lots. Concentration of supply is about volume: use each supplier's "
            "share of the kilograms delivered (quantity_kg)."
        )
    if abs(supply_hhi - float((100 * kg_shares()).sum())) < 0.01:
        raise AssertionError("The shares add up to 100 %: square each one before adding.")
    assert 0 < supply_hhi <= 10_000, "An HHI lies between 0 and 10,000."
    assert abs(supply_hhi - expected) < 0.01, (
        f"supply_hhi is {supply_hhi:,.2f}. Use every lot (all materials and years), group by "
        "supplier, and sum the squared percentage shares of kg."
    )
