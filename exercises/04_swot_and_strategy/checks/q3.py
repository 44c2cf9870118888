OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import channel_share, order_share
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="Online share = 100 x online net revenue / net revenue of all channels, "
    "for orders dated in 2025, where net revenue = revenue - refunded.",
)
def check_online_share(online_share_2025):
    assert online_share_2025 is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(online_share_2025, numbers.Real), (
        f"online_share_2025 should be one number, not a {type(online_share_2025).__name__}."
    )
    expected = channel_share(("online",))
    if abs(online_share_2025 * 100 - expected) < 0.01:
        raise AssertionError("Your answer is a fraction: express the share in percent.")
    if abs(online_share_2025 - order_share("online")) < 0.01:
        raise AssertionError(
            "That is the share of orders. The measure is the share of net revenue: sum the "
            "money, not the rows (online orders are bigger than counter orders)."
        )
    if abs(online_share_2025 - channel_share(("online", "catering"))) < 0.01:
        raise AssertionError("That includes catering: keep only channel == 'online'.")
    if abs(online_share_2025 - channel_share(("online",), refunds=False)) < 0.005:
        raise AssertionError("You used gross revenue: subtract `refunded` first.")
    assert 0 <= online_share_2025 <= 100, "A share lies between 0 and 100 %."
    assert abs(online_share_2025 - expected) < 0.005, (
        f"online_share_2025 is {online_share_2025:.2f} %. Check the year filter (2025 only) "
        "and that the denominator is the net revenue of every channel."
    )
