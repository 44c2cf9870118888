"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.analysis and statsmodels' formula interface on pandas
tables, a different route from the numpy, GLM and scipy in checks/_answers.py, so a check
that agrees with both is checking the concept.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FORMULA = "churns_next_month ~ log2_tickets_3m + engagement + engagement_change + C(segment)"


def _month(dates):
    return dates.dt.to_period("M").dt.to_timestamp()


def _auc(y, score):
    ranks = pd.Series(np.asarray(score)).rank().to_numpy()
    y = np.asarray(y)
    n1, n0 = y.sum(), len(y) - y.sum()
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def cases():
    import statsmodels.formula.api as smf

    from smbkit import datasets
    from smbkit.analysis import best_lags, lead_lag

    b = datasets.load("brightlane")
    months = pd.Index(sorted(b.subscriptions["month"].unique()))
    series = pd.DataFrame(
        {
            "date": months,
            "churned_accounts": _month(b.accounts["churn_date"].dropna())
            .value_counts()
            .reindex(months, fill_value=0)
            .to_numpy(),
            "tickets": _month(b.tickets["date"])
            .value_counts()
            .reindex(months, fill_value=0)
            .to_numpy(),
        }
    )

    def table(transform="diff"):
        return lead_lag(
            series,
            outcome="churned_accounts",
            candidates=["tickets"],
            max_lag=3,
            freq="M",
            transform=transform,
        )

    best = best_lags(table()).iloc[0]
    lag, r = int(best["best_lag"]), float(best["correlation_at_best_lag"])
    levels = table("none")
    r_levels = float(levels.loc[levels["lag"] == lag, "correlation"].iloc[0])
    r0 = float(best["correlation_at_lag0"])
    reverse = lead_lag(
        series, outcome="tickets", candidates=["churned_accounts"], max_lag=3, freq="M"
    )
    r_reverse = float(reverse.loc[reverse["lag"] == lag, "correlation"].iloc[0])

    counts = (
        b.tickets.assign(month=_month(b.tickets["date"]))
        .groupby(["account_id", "month"])
        .size()
        .rename("tickets")
    )
    panel = (
        b.usage.merge(counts, on=["account_id", "month"], how="left")
        .fillna({"tickets": 0})
        .merge(b.accounts[["account_id", "segment", "churn_date"]], on="account_id")
        .sort_values(["account_id", "month"])
        .reset_index(drop=True)
    )
    cm = _month(panel["churn_date"])
    panel["months_to_churn"] = (cm.dt.year - panel["month"].dt.year) * 12 + (
        cm.dt.month - panel["month"].dt.month
    )
    retained = panel.loc[panel["churn_date"].isna(), "engagement_score"].mean()

    def churner_mean(k):
        return panel.loc[panel["months_to_churn"] == k, "engagement_score"].mean()

    gap = float(retained - churner_mean(1))
    gap_churn_month = float(retained - churner_mean(0))
    gap_all = float(retained - panel.loc[panel["churn_date"].notna(), "engagement_score"].mean())

    by = panel.groupby("account_id")
    data = panel.assign(
        log2_tickets_3m=np.log2(1 + by["tickets"].transform(lambda s: s.rolling(3).sum())),
        engagement=panel["engagement_score"] / 10,
        engagement_change=(panel["engagement_score"] - by["engagement_score"].shift(3)) / 10,
    )
    data = data[data["month"] < months[-1]].dropna(subset=["log2_tickets_3m", "engagement_change"])
    data = data.assign(churns_next_month=(data["months_to_churn"] == 1).astype(int))
    train = data[data["month"] <= "2024-12-01"]
    test = data[data["month"] >= "2025-01-01"]
    model = smf.logit(FORMULA, data=train).fit(disp=0)
    coef = float(model.params["engagement"])
    odds = float(np.exp(coef))
    same_month = smf.logit(
        FORMULA, data=train.assign(churns_next_month=(train["months_to_churn"] == 0).astype(int))
    ).fit(disp=0)
    everything = smf.logit(FORMULA, data=data).fit(disp=0)

    risk = model.predict(test)
    y = test["churns_next_month"].to_numpy()
    auc = _auc(y, risk)
    auc_train = _auc(train["churns_next_month"], model.predict(train))
    top = (risk >= np.quantile(risk, 0.9)).to_numpy()
    capture = float(y[top].sum() / y.sum())
    precision = float(y[top].sum() / top.sum())

    return {
        "q1": {
            "right": {"tickets_lag": lag, "tickets_r": r},
            "wrong": [
                ({"tickets_lag": ..., "tickets_r": r}, "not answered"),
                ({"tickets_lag": 0, "tickets_r": r0}, "the same month"),
                ({"tickets_lag": lag, "tickets_r": r_levels}, "levels"),
                ({"tickets_lag": lag, "tickets_r": r_reverse}, "churn first"),
                ({"tickets_lag": lag + 1, "tickets_r": r}, "wrong lag"),
                ({"tickets_lag": lag, "tickets_r": r0}, "lag-0 correlation"),
                ({"tickets_lag": str(lag), "tickets_r": r}, "a string"),
            ],
        },
        "q2": {
            "right": {"engagement_gap_pts": gap},
            "wrong": [
                ({"engagement_gap_pts": ...}, "not answered"),
                ({"engagement_gap_pts": -gap}, "reversed"),
                ({"engagement_gap_pts": gap_churn_month}, "the churn month"),
                ({"engagement_gap_pts": gap_all}, "all churner months"),
                ({"engagement_gap_pts": gap / 10}, "in tens of points"),
            ],
        },
        "q3": {
            "right": {"engagement_or": odds},
            "wrong": [
                ({"engagement_or": ...}, "not answered"),
                ({"engagement_or": coef}, "the coefficient"),
                ({"engagement_or": 1 / odds}, "inverted"),
                ({"engagement_or": float(np.exp(coef / 10))}, "per point"),
                (
                    {"engagement_or": float(np.exp(same_month.params["engagement"]))},
                    "churn in the same month",
                ),
                (
                    {"engagement_or": float(np.exp(everything.params["engagement"]))},
                    "fitted on 2025 too",
                ),
                ({"engagement_or": model.params}, "the whole Series"),
            ],
        },
        "q4": {
            "right": {"holdout_auc": auc},
            "wrong": [
                ({"holdout_auc": ...}, "not answered"),
                ({"holdout_auc": auc_train}, "in-sample"),
                ({"holdout_auc": 1 - auc}, "reversed ranks"),
                ({"holdout_auc": 100 * auc}, "in percent"),
            ],
        },
        "q5": {
            "right": {"top_decile_capture": capture},
            "wrong": [
                ({"top_decile_capture": ...}, "not answered"),
                ({"top_decile_capture": precision}, "precision instead of capture"),
                ({"top_decile_capture": 100 * capture}, "in percent"),
                ({"top_decile_capture": 0.1}, "a random list"),
            ],
        },
    }
