"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.ethics (group_error_rates, theme_counts, wilson_interval),
a different route from the numpy and by-formula code in checks/_answers.py, so a check that
agrees with both is checking the concept.
"""

from __future__ import annotations


def cases():
    from smbkit import datasets
    from smbkit.ethics import gaming_simulation, group_error_rates, theme_counts, wilson_interval

    sim = gaming_simulation(seed=7)
    m = sim.groupby("period")[["orders_per_hour", "customers_per_hour"]].mean()
    pct = 100 * (m.loc["after bonus"] / m.loc["before bonus"] - 1)
    gm = sim[sim["games"]].groupby("period")["orders_per_hour"].mean()
    gamers_pct = 100 * (gm["after bonus"] / gm["before bonus"] - 1)

    surveys = datasets.load("daily_crumb").surveys
    comments = surveys["comment"].dropna()
    prices = theme_counts(comments, {"prices": ["price", "expensive"]}).set_index("theme")
    share = float(prices.at["prices", "share"])
    count = int(prices.at["prices", "comments"])
    case_sensitive = int(comments.str.contains("price|expensive", regex=True).sum())

    saas = datasets.load("brightlane")
    audit = saas.usage[saas.usage["month"] == "2025-06-01"].merge(saas.accounts, on="account_id")
    churn_month = audit["churn_date"].dt.to_period("M").dt.to_timestamp()
    churned = churn_month.between("2025-07-01", "2025-09-01")
    flagged = audit["engagement_score"] < 60
    rates = group_error_rates(churned, flagged, audit["segment"]).set_index(["group", "measure"])
    fp = rates.loc[("smb", "false positive rate")]
    fn = rates.loc[("smb", "false negative rate")]
    smb = audit["segment"] == "smb"
    fdr = float((flagged & ~churned & smb).sum() / (flagged & smb).sum())
    lo, hi = wilson_interval(int(fp["events"]), int(fp["denominator"]))
    lo90, hi90 = wilson_interval(int(fp["events"]), int(fp["denominator"]), level=0.9)
    p, n = float(fp["rate"]), int(fp["denominator"])
    half = 1.959963984540054 * (p * (1 - p) / n) ** 0.5

    return {
        "q1": {
            "right": {"metric_change_pct": float(pct["orders_per_hour"])},
            "wrong": [
                ({"metric_change_pct": ...}, "not answered"),
                ({"metric_change_pct": float(pct["customers_per_hour"])}, "the outcome"),
                ({"metric_change_pct": float(pct["orders_per_hour"]) / 100}, "a fraction"),
                ({"metric_change_pct": float(gamers_pct)}, "gamers only"),
                (
                    {"metric_change_pct": 1 + float(pct["orders_per_hour"]) / 100},
                    "the ratio after / before",
                ),
                (
                    {
                        "metric_change_pct": float(m.at["after bonus", "orders_per_hour"])
                        - float(m.at["before bonus", "orders_per_hour"])
                    },
                    "an absolute difference",
                ),
                ({"metric_change_pct": m}, "a table, not a number"),
            ],
        },
        "q2": {
            "right": {"outcome_change_pct": float(pct["customers_per_hour"])},
            "wrong": [
                ({"outcome_change_pct": ...}, "not answered"),
                ({"outcome_change_pct": -float(pct["customers_per_hour"])}, "sign flipped"),
                ({"outcome_change_pct": float(pct["orders_per_hour"])}, "the paid metric"),
                ({"outcome_change_pct": float(pct["customers_per_hour"]) / 100}, "a fraction"),
            ],
        },
        "q3": {
            "right": {"price_share": share},
            "wrong": [
                ({"price_share": ...}, "not answered"),
                ({"price_share": count}, "a count"),
                ({"price_share": 100 * share}, "a percentage"),
                ({"price_share": count / len(surveys)}, "divided by every survey answer"),
                ({"price_share": case_sensitive / len(comments)}, "case-sensitive match"),
                ({"price_share": "13 %"}, "text, not a number"),
            ],
        },
        "q4": {
            "right": {"fpr_smb": p},
            "wrong": [
                ({"fpr_smb": ...}, "not answered"),
                ({"fpr_smb": fdr}, "false discovery rate (divided by the flagged)"),
                ({"fpr_smb": float(fp["events"]) / int(smb.sum())}, "divided by all smb"),
                ({"fpr_smb": float(fn["rate"])}, "the false-negative rate"),
                (
                    {"fpr_smb": float(rates.loc[("all", "false positive rate"), "rate"])},
                    "all segments",
                ),
                ({"fpr_smb": 100 * p}, "a percentage"),
            ],
        },
        "q5": {
            "right": {"fpr_smb_interval": (float(lo), float(hi))},
            "wrong": [
                ({"fpr_smb_interval": ...}, "not answered"),
                ({"fpr_smb_interval": (p - half, p + half)}, "Wald interval"),
                ({"fpr_smb_interval": (float(lo90), float(hi90))}, "90 % interval"),
                ({"fpr_smb_interval": (float(hi), float(lo))}, "bounds swapped"),
                ({"fpr_smb_interval": p}, "one number"),
                ({"fpr_smb_interval": (100 * float(lo), 100 * float(hi))}, "percentages"),
            ],
        },
    }
