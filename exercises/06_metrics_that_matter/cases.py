"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.analysis on the table the exercise builds, a different
route from the pandas/statsmodels in checks/_answers.py, so a check that agrees with both
is checking the concept.
"""

from __future__ import annotations

import pandas as pd

CANDIDATES = ["local_search_visits", "likes", "followers", "shares"]


def _daily(bakery):
    orders, marketing = bakery.orders, bakery.marketing
    net = (orders["revenue"] - orders["refunded"]).groupby(orders["date"].dt.normalize()).sum()
    search = marketing.loc[marketing["channel"] == "search", ["date", "local_search_visits"]]
    social = marketing.loc[marketing["channel"] == "social", ["date", *CANDIDATES[1:]]]
    daily = search.merge(social, on="date", validate="one_to_one")
    daily.insert(1, "net_revenue", net.reindex(daily["date"], fill_value=0.0).to_numpy())
    return daily


def cases():
    from smbkit import datasets
    from smbkit.analysis import alignment_report, best_lags, lead_lag

    everything = _daily(datasets.load("daily_crumb"))
    daily = everything[everything["date"].between("2022-01-03", "2025-12-28")]

    def r_at(data, candidate, lag, transform="diff", freq="W"):
        table = lead_lag(
            data,
            outcome="net_revenue",
            candidates=[candidate],
            max_lag=max(lag, 1),
            freq=freq,
            transform=transform,
        )
        return float(table.loc[table["lag"] == lag, "correlation"].iloc[0])

    table = lead_lag(daily, outcome="net_revenue", candidates=CANDIDATES, max_lag=8, freq="W")
    best = best_lags(table).set_index("candidate")
    lag = int(best.loc["local_search_visits", "best_lag"])
    daily_table = lead_lag(
        daily, outcome="net_revenue", candidates=["local_search_visits"], max_lag=8, freq=None
    )
    daily_lag = int(best_lags(daily_table)["best_lag"].iloc[0])

    levels = r_at(daily, "likes", 0, transform="none")
    changes = r_at(daily, "likes", 0)

    report = alignment_report(daily, outcome="net_revenue", candidates=CANDIDATES, freq="W")
    vanity = set(report.loc[report["verdict"] == "vanity", "candidate"])
    on_levels = alignment_report(
        daily, outcome="net_revenue", candidates=CANDIDATES, freq="W", transform="none"
    )
    vanity_levels = set(on_levels.loc[on_levels["verdict"] == "vanity", "candidate"])

    def year(start, end, data=daily):
        return data[data["date"].between(start, end)]

    y2022, y2025 = year("2022-01-03", "2022-12-25"), year("2025-01-06", "2025-12-28")
    r22, r25 = r_at(y2022, "local_search_visits", lag), r_at(y2025, "local_search_visits", lag)
    # calendar years cut at 1 January and 31 December: part weeks at the turn of the year
    p2022 = year(pd.Timestamp("2022-01-01"), pd.Timestamp("2022-12-31"))
    p2025 = year(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31"))

    return {
        "q1": {
            "right": {"search_lag": lag},
            "wrong": [
                ({"search_lag": ...}, "not answered"),
                ({"search_lag": 7 * lag}, "in days"),
                ({"search_lag": 0}, "the same week"),
                ({"search_lag": daily_lag}, "best lag of daily changes"),
                (
                    {"search_lag": best.loc["local_search_visits", "correlation_at_best_lag"]},
                    "the correlation instead of the lag",
                ),
                ({"search_lag": str(lag)}, "a string"),
                ({"search_lag": lag + 1}, "off by one"),
            ],
        },
        "q2": {
            "right": {"likes_r_levels": levels, "likes_r_changes": changes},
            "wrong": [
                ({"likes_r_levels": ..., "likes_r_changes": changes}, "not answered"),
                ({"likes_r_levels": changes, "likes_r_changes": levels}, "swapped"),
                (
                    {
                        "likes_r_levels": r_at(daily, "likes", 0, "none", None),
                        "likes_r_changes": r_at(daily, "likes", 0, "diff", None),
                    },
                    "daily numbers",
                ),
                ({"likes_r_levels": levels, "likes_r_changes": levels}, "levels twice"),
                (
                    {"likes_r_levels": levels, "likes_r_changes": r_at(daily, "likes", 1)},
                    "changes at lag 1",
                ),
                (
                    {
                        "likes_r_levels": table.loc[table["candidate"] == "likes", "correlation"],
                        "likes_r_changes": changes,
                    },
                    "a Series, not a number",
                ),
            ],
        },
        "q3": {
            "right": {"vanity_metrics": vanity},
            "wrong": [
                ({"vanity_metrics": ...}, "not answered"),
                ({"vanity_metrics": vanity_levels}, "report run on levels"),
                ({"vanity_metrics": vanity | {"local_search_visits"}}, "the leader included"),
                ({"vanity_metrics": {"likes"}}, "only likes"),
                ({"vanity_metrics": "likes"}, "a string, not a set"),
                ({"vanity_metrics": vanity | {"sales"}}, "a name that is not a candidate"),
            ],
        },
        "q4": {
            "right": {"search_r_2022": r22, "search_r_2025": r25},
            "wrong": [
                ({"search_r_2022": r22, "search_r_2025": ...}, "not answered"),
                ({"search_r_2022": r25, "search_r_2025": r22}, "swapped"),
                (
                    {
                        "search_r_2022": best.loc["local_search_visits", "correlation_at_best_lag"],
                        "search_r_2025": r25,
                    },
                    "all four years",
                ),
                (
                    {
                        "search_r_2022": r_at(y2022, "local_search_visits", 0),
                        "search_r_2025": r_at(y2025, "local_search_visits", 0),
                    },
                    "same week",
                ),
                (
                    {
                        "search_r_2022": r22,
                        "search_r_2025": r_at(y2025, "local_search_visits", lag, "none"),
                    },
                    "levels",
                ),
                (
                    {
                        "search_r_2022": r_at(p2022, "local_search_visits", lag),
                        "search_r_2025": r_at(p2025, "local_search_visits", lag),
                    },
                    "part weeks at the turn of the year",
                ),
                (
                    {
                        "search_r_2022": r22,
                        "search_r_2025": r_at(p2025, "local_search_visits", lag),
                    },
                    "a part week in January 2025",
                ),
            ],
        },
    }
