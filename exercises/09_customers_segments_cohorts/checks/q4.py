OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import blended_cac, cac, cac_all_years, cost_per_lead
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="CAC of social in 2025 = social's marketing spend dated in 2025 / the "
    "customers whose acquisition_channel is 'social' and whose first order was in 2025.",
)
def check_cac(cac_social_2025):
    assert cac_social_2025 is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(cac_social_2025, numbers.Real), (
        "cac_social_2025 should be one number (USD per new customer); with cac_by_channel, "
        "pick the social row's `cac`."
    )
    if abs(cac_social_2025 - blended_cac(2025)) < 1e-6:
        raise AssertionError(
            "That is the blended CAC of all channels. Keep only the social channel's spend "
            "and the customers who came through social."
        )
    if abs(cac_social_2025 - cac_all_years("social", 2025)) < 1e-6:
        raise AssertionError(
            "The spend covers every year: keep only the spend dated in 2025, the same year as "
            "the new customers."
        )
    if abs(cac_social_2025 - cost_per_lead("social", 2025)) < 1e-6:
        raise AssertionError(
            "That is cost per lead. A lead is an enquiry; CAC divides by customers who "
            "actually bought (customers table, acquisition_channel)."
        )
    assert abs(cac_social_2025 - cac("social", 2025)) < 1e-6, (
        f"cac_social_2025 is {cac_social_2025:.2f} USD. Check both filters: spend dated "
        "2025-01-01 to 2025-12-31, and customers whose first_order_date is in 2025."
    )
