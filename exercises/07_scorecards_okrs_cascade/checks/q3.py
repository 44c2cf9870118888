OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import supplier_ids, supplier_rates
from otter.test_files import test_case

name = "q3"

TOL = 0.01


@test_case(
    points=1,
    failure_message="Take the lots received in 2024, group them by supplier, and divide each "
    "supplier's defective units by the units made from its lots (x 100). Name the supplier "
    "with the highest rate, as in the `name` column of `suppliers`.",
)
def check_worst_supplier(worst_supplier, worst_supplier_defect_rate):
    assert worst_supplier is not ..., "Not answered yet: replace the `...` of worst_supplier."
    assert worst_supplier_defect_rate is not ..., (
        "Not answered yet: replace the `...` of worst_supplier_defect_rate."
    )
    rates = supplier_rates()
    expected = rates.idxmax()
    ids = supplier_ids()
    assert isinstance(worst_supplier, str), (
        f"worst_supplier should be the supplier's name (a string), not a "
        f"{type(worst_supplier).__name__}."
    )
    if worst_supplier in ids.values():
        raise AssertionError(
            f"You gave {worst_supplier!r}, a supplier id; give the name from the `suppliers` table "
            "(merge or map supplier_id to name)."
        )
    assert worst_supplier in ids, (
        f"You gave {worst_supplier!r}, which is not one of the suppliers: {sorted(ids)}."
    )
    assert worst_supplier == expected, (
        f"{worst_supplier} is not the supplier whose 2024 lots made the most defects. Filter "
        "on received_date in 2024 and compare each supplier's pooled defect rate."
    )
    value = worst_supplier_defect_rate
    assert isinstance(value, numbers.Real) and not isinstance(value, bool), (
        f"worst_supplier_defect_rate should be one number (%), not a {type(value).__name__}."
    )
    right = rates[expected]
    if abs(100 * value - right) < TOL:
        raise AssertionError("That is a fraction: give the defect rate in percent.")
    if abs(value - supplier_rates(pooled=False)[expected]) < TOL:
        raise AssertionError(
            "That is the plain average of the lots' defect rates, which counts a small lot "
            "as much as a big one. Pool the lots: total defective units / total units made."
        )
    assert abs(value - right) < TOL, (
        f"worst_supplier_defect_rate is {value:.2f}. Use units_defective / units_made of "
        f"{expected}'s lots received in 2024, x 100."
    )
