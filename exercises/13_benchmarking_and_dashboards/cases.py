"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.kpis and smbkit.benchmarks, a different route from the
pandas and numpy in checks/_answers.py, so a check that agrees with both is checking the
concept.
"""

from __future__ import annotations

import pandas as pd


def cases():
    from smbkit import benchmarks, datasets, kpis

    bakery = datasets.load("daily_crumb")
    peers = benchmarks.load_benchmarks(segment="bakery")
    names = [
        "gross_margin",
        "net_margin",
        "average_order_value",
        "repeat_purchase_rate",
        "employee_turnover",
        "nps",
    ]
    yearly = kpis.compute(bakery, kpis=names, freq="Y")

    def value(kpi, year):
        row = yearly[(yearly["kpi"] == kpi) & (yearly["period"] == pd.Timestamp(f"{year}-01-01"))]
        return float(row["value"].item())

    def row(kpi, freq):
        return peers[(peers["kpi"] == kpi) & (peers["freq"] == freq)].iloc[0]

    gm = benchmarks.percentile_position(
        value("gross_margin", 2024), row("gross_margin", "any"), polarity="higher"
    )
    to = benchmarks.percentile_position(
        value("employee_turnover", 2024), row("employee_turnover", "Y"), polarity="lower"
    )
    to_q = benchmarks.percentile_position(
        value("employee_turnover", 2024), row("employee_turnover", "Q"), polarity="lower"
    )

    # one leaver: the engine's rate divided by the number of leavers is 100 / avg headcount
    staff = bakery.employees
    riverside = staff[staff["location"] == "Riverside"]
    rate = kpis.employee_turnover(riverside, as_of="2025-12-31", freq="Y")
    rate_2025 = float(rate.loc[rate["period"] == "2025-01-01", "value"].item())
    leavers = int((riverside["exit_date"].dt.year == 2025).sum())
    one_leaver = rate_2025 / leavers
    closing = int(riverside["exit_date"].isna().sum())  # still on staff at the end
    whole = kpis.employee_turnover(staff, as_of="2025-12-31", freq="Y")
    whole_2025 = float(whole.loc[whole["period"] == "2025-01-01", "value"].item())
    one_leaver_whole = whole_2025 / int((staff["exit_date"].dt.year == 2025).sum())

    bands = benchmarks.benchmark_bands(yearly[yearly["period"] == "2025-01-01"], peers, freq="Y")
    best_first = bands.sort_values("better_than_pct", ascending=False)["kpi"].tolist()
    raw_order = bands.sort_values("percentile", ascending=False)["kpi"].tolist()

    return {
        "q1": {
            "right": {"gm_percentile": gm.percentile},
            "wrong": [
                ({"gm_percentile": ...}, "not answered"),
                ({"gm_percentile": gm.percentile / 100}, "a fraction instead of 0-100"),
                ({"gm_percentile": 75}, "the nearest given percentile, not interpolated"),
                ({"gm_percentile": 90.0}, "compared with specialty retail: clamped at p90"),
                ({"gm_percentile": "69.7"}, "a string, not a number"),
            ],
        },
        "q2": {
            "right": {"turnover_better_than": to.better_than_pct},
            "wrong": [
                ({"turnover_better_than": ...}, "not answered"),
                ({"turnover_better_than": to.percentile}, "polarity ignored"),
                ({"turnover_better_than": to_q.better_than_pct}, "quarterly row for a year"),
                ({"turnover_better_than": to.better_than_pct / 100}, "a fraction"),
            ],
        },
        "q3": {
            "right": {"one_leaver_points": one_leaver},
            "wrong": [
                ({"one_leaver_points": ...}, "not answered"),
                ({"one_leaver_points": one_leaver_whole}, "the whole bakery"),
                ({"one_leaver_points": 100 / len(riverside)}, "everyone ever employed"),
                ({"one_leaver_points": 100 / closing}, "closing headcount only"),
                ({"one_leaver_points": one_leaver / 100}, "a fraction"),
            ],
        },
        "q4": {
            "right": {"ranking_2025": best_first},
            "wrong": [
                ({"ranking_2025": ...}, "not answered"),
                ({"ranking_2025": raw_order}, "ranked by raw percentile, polarity ignored"),
                ({"ranking_2025": best_first[::-1]}, "worst first"),
                ({"ranking_2025": set(best_first)}, "a set has no order"),
                ({"ranking_2025": best_first[:-1]}, "one KPI missing"),
            ],
        },
    }
