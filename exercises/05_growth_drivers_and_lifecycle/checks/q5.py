OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import books, working_capital_change
from otter.test_files import test_case

name = "q5"


@test_case(
    points=1,
    failure_message="Working capital = accounts receivable + inventory - accounts "
    "payable at a month end; the answer is December 2025's minus December 2024's, in USD.",
)
def check_working_capital(wc_change):
    assert wc_change is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(wc_change, numbers.Real), "wc_change should be one number (USD)."
    expected = working_capital_change()
    table = books()
    dec24, dec25 = table.loc["2024-12-01"], table.loc["2025-12-01"]
    if abs(wc_change + expected) < 0.01:
        raise AssertionError("The sign is flipped: take December 2025 minus December 2024.")
    with_ap_added = sum(
        dec25[c] - dec24[c] for c in ("accounts_receivable", "inventory", "accounts_payable")
    )
    if abs(wc_change - with_ap_added) < 0.01:
        raise AssertionError(
            "Accounts payable is money the bakery owes its suppliers: it is "
            "subtracted (suppliers finance part of the stock), not added."
        )
    if abs(wc_change - (dec25["accounts_receivable"] - dec24["accounts_receivable"])) < 0.01:
        raise AssertionError(
            "That is only the change in receivables: add inventory and subtract "
            "accounts payable too."
        )
    if abs(wc_change - (dec25["cash"] - dec24["cash"])) < 0.01:
        raise AssertionError(
            "That is the change in cash. Working capital is the money tied up in "
            "receivables and stock, net of what is owed to suppliers."
        )
    assert abs(wc_change - expected) < 0.01, (
        f"wc_change is {wc_change:,.2f} USD. Use the rows dated 2024-12-01 and 2025-12-01 of "
        "`financials` (balances at the end of December)."
    )
