OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import snaive_errors_2025, snaive_mae, snaive_mape, snaive_mean_error
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="MAE = mean of |actual - forecast| over the 12 months of "
    "2025, where the forecast of each month is the same month of 2024 (in USD).",
)
def check_mae(mae_2025):
    assert mae_2025 is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(mae_2025, numbers.Real), (
        f"mae_2025 should be one number (USD), not a {type(mae_2025).__name__}. "
        "Did you forget to take the mean?"
    )
    if abs(mae_2025 - snaive_mae()) < 0.01:
        return
    if abs(mae_2025 - snaive_mean_error()) < 0.01:
        raise AssertionError(
            "That is the mean error: the misses above and below cancel out. Take the absolute "
            "value of each error before averaging (np.abs)."
        )
    if abs(mae_2025 - snaive_mape()) < 0.01:
        raise AssertionError(
            "That looks like a percentage error (MAPE). The MAE is in dollars: average the "
            "absolute errors without dividing by the actual values."
        )
    if abs(mae_2025 - float(abs(snaive_errors_2025()).sum())) < 0.01:
        raise AssertionError("That is the sum of the absolute errors: divide by the 12 months.")
    assert mae_2025 >= 0, "An absolute error cannot be negative."
    assert abs(mae_2025 - snaive_mae()) < 0.01, (
        f"mae_2025 is {mae_2025:,.2f} USD. Compare each month of 2025 with the same month of "
        "2024 (Jan with Jan, ...), in order, and average the absolute differences."
    )
