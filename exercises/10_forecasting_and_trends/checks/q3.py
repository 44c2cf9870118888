OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import scale, snaive_mae, snaive_mase
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="MASE = MAE of the 2025 forecasts / in-sample MAE of the "
    "seasonal naive method, mean |y_t - y_(t-12)| over 2023-2024 (Hyndman and Koehler, 2006).",
)
def check_mase(mase_2025):
    assert mase_2025 is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(mase_2025, numbers.Real), (
        f"mase_2025 should be one number (a ratio), not a {type(mase_2025).__name__}."
    )
    expected = snaive_mase()
    if abs(mase_2025 - expected) < 1e-4:
        return
    if mase_2025 > 0 and abs(1 / mase_2025 - expected) < 1e-4:
        raise AssertionError(
            "Your ratio is upside down: the 2025 MAE goes on top, the scale below."
        )
    if abs(mase_2025 - snaive_mae() / scale(lag=1)) < 1e-4:
        raise AssertionError(
            "You scaled by the naive method (month to month, lag 1). For monthly data with a "
            "season, the scale is the seasonal naive error: compare each month with 12 months earlier."
        )
    if abs(mase_2025 - snaive_mae() / scale(end="2025-12-01")) < 1e-4:
        raise AssertionError(
            "Your scale includes 2025. MASE scales by the history the forecast was made from: "
            "only the months up to December 2024."
        )
    if abs(mase_2025 - snaive_mae()) < 0.01:
        raise AssertionError("That is the MAE itself: divide it by the in-sample scale.")
    assert abs(mase_2025 - expected) < 1e-4, (
        f"mase_2025 is {mase_2025:.4f}. The scale is the mean of |y_t - y_(t-12)| for the 24 "
        "months of 2023 and 2024."
    )
