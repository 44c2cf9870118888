OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import months_to, online_current_share
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="Market agility = first month with online share ≥ half of its mean share in "
    "Jul-Dec 2025, minus the online launch month, in months.",
)
def check_agility(agility_online):
    assert agility_online is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(agility_online, numbers.Real), (
        f"agility_online should be one number, not a {type(agility_online).__name__}."
    )
    current = online_current_share()
    right = months_to("channel", "online", current / 2)
    if agility_online == right:
        return
    if agility_online == months_to("channel", "online", current / 2, from_data_start=True):
        raise AssertionError(
            "That counts from the first month of the data; count from the online channel's "
            "first month with a sale."
        )
    if agility_online == months_to("channel", "online", current):
        raise AssertionError(
            "That is the time to the full current share; the measure uses half of it, which "
            "is reached more cleanly."
        )
    raise AssertionError(
        f"agility_online is {agility_online}, not the months from launch to half the current "
        "online share."
    )
