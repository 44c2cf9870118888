"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.customers and smbkit.kpis, a different route from the
plain pandas in checks/_answers.py, so a check that agrees with both is checking the concept.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def cases():
    from smbkit import customers, datasets, kpis

    bakery = datasets.load("daily_crumb")
    orders, marketing, people = bakery.orders, bakery.marketing, bakery.customers

    # q1: cohort retention of the March 2025 cohort three months on
    cohorts = customers.cohort_retention(orders)
    march_month3 = float(cohorts.loc["2025-03-01", 3])
    known = orders.dropna(subset=["customer_id"])
    june = known[known["date"].dt.to_period("M") == pd.Period("2025-06", "M")]
    march_size = int(cohorts.loc["2025-03-01", "customers"])
    members = march_month3 * march_size  # customers of the cohort who bought in June
    share_of_june = members / june["customer_id"].nunique()
    month_2 = float(cohorts.loc["2025-03-01", 2])

    # q2: RFM
    rfm = customers.rfm(orders)
    champions = rfm["segment"] == "Champions"
    spend_share = float(rfm.loc[champions, "monetary"].sum() / rfm["monetary"].sum())
    customer_share = float(champions.mean())
    all_revenue = float(rfm.loc[champions, "monetary"].sum() / orders["revenue"].sum())

    # q3: pooled churn December 2024 -> December 2025
    churn = customers.churn_rate(orders[orders["date"] >= "2024-12-01"])
    monthly = kpis.churn_rate(orders).set_index("period")["value"]
    mean_churn = float(monthly.loc["2025-01-01":"2025-12-01"].mean() / 100)
    from_january = customers.churn_rate(orders[orders["date"] >= "2025-01-01"])

    # q4: CAC of social in 2025
    table = customers.cac_by_channel(marketing, people, start="2025-01-01", end="2025-12-31")
    social = table.set_index("channel").loc["social"]
    cac_social = float(social["cac"])
    blended = float(table["spend"].sum() / table["new_customers"].sum())
    social_rows = marketing[
        (marketing["channel"] == "social") & (marketing["date"].dt.year == 2025)
    ]
    per_lead = float(social_rows["spend"].sum() / social_rows["leads"].sum())
    every_year = float(
        marketing.loc[marketing["channel"] == "social", "spend"].sum() / social["new_customers"]
    )

    # q5: simple CLV and LTV:CAC
    known25 = known[known["date"].dt.year == 2025]
    margin = float(
        kpis.gross_profit(known25)["value"].sum() / kpis.active_customers(known25)["value"].sum()
    )
    clv = customers.simple_clv(margin, 1 - churn, discount_rate=0.01)
    ratio = customers.ltv_to_cac(clv, cac_social)
    no_discount = customers.simple_clv(margin, 1 - churn)
    churn_as_r = customers.simple_clv(margin, churn, discount_rate=0.01)
    with_now = margin * 1.01 / (1.01 - (1 - churn))

    return {
        "q1": {
            "right": {"march_month3": march_month3},
            "wrong": [
                ({"march_month3": ...}, "not answered"),
                ({"march_month3": 100 * march_month3}, "percent instead of a fraction"),
                ({"march_month3": share_of_june}, "divided by June's buyers"),
                ({"march_month3": month_2}, "read age 2 instead of age 3"),
                ({"march_month3": cohorts.loc["2025-03-01"]}, "a whole row, not a number"),
            ],
        },
        "q2": {
            "right": {"champions_spend_share": spend_share},
            "wrong": [
                ({"champions_spend_share": ...}, "not answered"),
                ({"champions_spend_share": customer_share}, "share of customers"),
                ({"champions_spend_share": all_revenue}, "guests' revenue in the denominator"),
                ({"champions_spend_share": 100 * spend_share}, "percent"),
            ],
        },
        "q3": {
            "right": {"churn_2025": churn},
            "wrong": [
                ({"churn_2025": ...}, "not answered"),
                ({"churn_2025": 1 - churn}, "retention instead of churn"),
                ({"churn_2025": 100 * churn}, "percent"),
                ({"churn_2025": mean_churn}, "unweighted mean of monthly rates"),
                ({"churn_2025": from_january}, "left out December 2024 -> January 2025"),
            ],
        },
        "q4": {
            "right": {"cac_social_2025": cac_social},
            "wrong": [
                ({"cac_social_2025": ...}, "not answered"),
                ({"cac_social_2025": blended}, "blended CAC"),
                ({"cac_social_2025": per_lead}, "cost per lead"),
                ({"cac_social_2025": every_year}, "spend of every year"),
                ({"cac_social_2025": table}, "the whole table"),
            ],
        },
        "q5": {
            "right": {"clv_2025": clv, "ltv_cac_social": ratio},
            "wrong": [
                ({"clv_2025": ..., "ltv_cac_social": ...}, "not answered"),
                ({"clv_2025": no_discount, "ltv_cac_social": ratio}, "no discount"),
                ({"clv_2025": churn_as_r, "ltv_cac_social": ratio}, "churn used as r"),
                ({"clv_2025": with_now, "ltv_cac_social": ratio}, "current month counted"),
                ({"clv_2025": clv, "ltv_cac_social": 1 / ratio}, "ratio upside down"),
                ({"clv_2025": clv, "ltv_cac_social": np.nan}, "ratio missing"),
            ],
        },
    }
