"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.experiments and smbkit.finance, a different route from the
numpy and scipy in checks/_answers.py, so a check that agrees with both is checking the concept.
"""

from __future__ import annotations

import math


def cases():
    from scipy.stats import chi2_contingency

    from smbkit import datasets, experiments, finance

    test = datasets.load("harbor_co").email_ab_test
    clicked = experiments.ab_test(test, outcome="clicked")
    converted = experiments.ab_test(test, outcome="converted")
    lift = 100 * clicked.difference
    counts = test.groupby("variant")["converted"].agg(["sum", "size"])
    table = [[s, n - s] for s, n in zip(counts["sum"], counts["size"], strict=True)]
    pa, pb = (counts["sum"] / counts["size"]).tolist()
    na, nb = counts["size"].tolist()
    unpooled_z = (pb - pa) / math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    from scipy.stats import norm

    plan = experiments.sample_size(0.02, 0.005)
    case = finance.automation_case(9_000, 1_200, months=36, ramp_months=4, monthly_cost=100)
    flows = case.cash_flows["cash_flow"].to_numpy()
    monthly = 1.08 ** (1 / 12) - 1

    return {
        "q1": {
            "right": {"click_lift_points": lift},
            "wrong": [
                ({"click_lift_points": ...}, "not answered"),
                ({"click_lift_points": clicked.difference}, "a fraction, not points"),
                ({"click_lift_points": -lift}, "A minus B"),
                ({"click_lift_points": 100 * clicked.relative_lift}, "relative lift"),
                ({"click_lift_points": 100 * converted.difference}, "conversions, not clicks"),
                ({"click_lift_points": test.groupby("variant")["clicked"].mean()}, "a Series"),
            ],
        },
        "q2": {
            "right": {"p_conversion": converted.p_value},
            "wrong": [
                ({"p_conversion": ...}, "not answered"),
                ({"p_conversion": converted.p_value / 2}, "one-sided"),
                ({"p_conversion": 1 - converted.p_value}, "1 - p"),
                ({"p_conversion": clicked.p_value}, "clicks instead of conversions"),
                ({"p_conversion": float(2 * norm.sf(abs(unpooled_z)))}, "unpooled standard error"),
                ({"p_conversion": float(chi2_contingency(table)[1])}, "Yates-corrected chi-square"),
            ],
        },
        "q3": {
            "right": {"n_per_group": plan.n_control},
            "wrong": [
                ({"n_per_group": ...}, "not answered"),
                ({"n_per_group": plan.total}, "both groups"),
                (
                    {
                        "n_per_group": experiments.sample_size(
                            0.02, 0.005, alternative="larger"
                        ).n_control
                    },
                    "one-sided",
                ),
                (
                    {"n_per_group": experiments.sample_size(0.02, 0.005, power=0.9).n_control},
                    "90 % power",
                ),
                (
                    {"n_per_group": experiments.sample_size(0.02, 0.0001).n_control},
                    "0.5 % of the baseline as the effect",
                ),
                ({"n_per_group": plan.n_control - 0.4}, "not rounded up"),
            ],
        },
        "q4": {
            "right": {"payback_months": case.payback_months},
            "wrong": [
                ({"payback_months": ...}, "not answered"),
                ({"payback_months": 9_000 / 1_100}, "no ramp"),
                (
                    {
                        "payback_months": finance.automation_case(
                            9_000, 1_200, ramp_months=4
                        ).payback_months
                    },
                    "no subscription",
                ),
                ({"payback_months": 9_000 / 1_200}, "neither ramp nor subscription"),
                ({"payback_months": math.ceil(case.payback_months)}, "whole months"),
            ],
        },
        "q5": {
            "right": {"npv_36": finance.npv(monthly, flows)},
            "wrong": [
                ({"npv_36": ...}, "not answered"),
                ({"npv_36": float(flows.sum())}, "not discounted"),
                ({"npv_36": finance.npv(0.08 / 12, flows)}, "8 % / 12 a month"),
                ({"npv_36": finance.npv(monthly, flows) / (1 + monthly)}, "investment discounted"),
                ({"npv_36": finance.npv(0.08, flows)}, "8 % a month"),
            ],
        },
    }
