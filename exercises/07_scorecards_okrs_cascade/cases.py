"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.kpis and smbkit.targets, a different route from the
pandas in checks/_answers.py, so a check that agrees with both is checking the concept.
"""

from __future__ import annotations

import pandas as pd

LINE_TARGETS = {"Line 1": 2.5, "Line 2": 4.0, "Line 3": 1.6}


def cases():
    from smbkit import datasets, kpis
    from smbkit.targets import (
        KeyResult,
        Objective,
        cascade_check,
        goal_cascade,
        key_result_progress,
        okr_scores,
    )

    bakery = datasets.load("daily_crumb")
    nw = datasets.load("northwind_supply")

    quarterly = kpis.compute(bakery, kpis=["repeat_purchase_rate", "refund_rate"], freq="Q")
    wide = quarterly.pivot_table(index="period", columns="kpi", values="value")
    q4_24, q3_25, q4_25 = (pd.Timestamp(d) for d in ("2024-10-01", "2025-07-01", "2025-10-01"))
    rep0, rep1 = wide.at[q4_24, "repeat_purchase_rate"], wide.at[q4_25, "repeat_purchase_rate"]
    ref0, ref1 = wide.at[q4_24, "refund_rate"], wide.at[q4_25, "refund_rate"]
    repeat = key_result_progress(rep1, rep0, 82.0)
    objective = Objective(
        "Customers love coming back",
        [
            KeyResult("Repeat", rep0, 82.0, kpi="repeat_purchase_rate"),
            KeyResult("Refunds", ref0, 0.60, kpi="refund_rate"),
        ],
    )
    score = float(okr_scores(objective, kpi_values=quarterly, at=q4_25).loc[0, "progress"])
    raw_refund = key_result_progress(ref1, ref0, 0.60, clip=False)

    lots = nw.material_lots.merge(nw.suppliers, on="supplier_id")
    lots = lots[lots["received_date"].dt.year == 2024]
    sums = lots.groupby("name")[["units_defective", "units_made"]].sum()
    rates = 100 * sums["units_defective"] / sums["units_made"]
    worst = rates.idxmax()
    worst_id = lots.loc[lots["name"] == worst, "supplier_id"].iloc[0]
    best = rates.idxmin()
    mean_of_lots = 100 * lots.groupby("name")["defect_rate"].mean()

    p = nw.production.assign(year=nw.production["date"].dt.year)
    by = p.groupby(["line", "year"])[["units_defective", "units_produced"]].sum()
    line_rate = 100 * by["units_defective"] / by["units_produced"]

    def rolled(weight, *, clip=True):
        nodes = [{"node": "Production", "parent": None}]
        for line, target in LINE_TARGETS.items():
            start, now = line_rate[(line, 2024)], line_rate[(line, 2025)]
            node = {"node": line, "parent": "Production", "weight": weight(line)}
            if clip:
                node.update(start=start, target=target, current=now)
            else:  # raw progress can exceed 1, which goal_cascade refuses: roll up by hand
                node["progress"] = (now - start) / (target - start)
            nodes.append(node)
        if not clip:
            shares = pd.Series({n["node"]: n["weight"] for n in nodes[1:]})
            shares = shares / shares.sum()
            return float(sum(shares[n["node"]] * n["progress"] for n in nodes[1:]))
        return float(goal_cascade(nodes).loc[0, "progress"])

    production = rolled(lambda line: by.loc[(line, 2024), "units_defective"])
    equal = rolled(lambda line: 1.0)
    by_units = rolled(lambda line: by.loc[(line, 2024), "units_produced"])
    unclipped = rolled(lambda line: by.loc[(line, 2024), "units_defective"], clip=False)

    top = "Plant defect rate down"
    draft = [
        {"node": top, "parent": None, "kpi": "defect_rate"},
        {"node": "Production", "parent": top, "kpi": None},
        {"node": "Line 1", "parent": "Production", "kpi": "line1_defect_rate"},
        {"node": "Line 2", "parent": "Production", "kpi": "line2_defect_rate"},
        {"node": "Line 3", "parent": "Production", "kpi": "line3_defect_rate"},
        {"node": "Quality control", "parent": top, "kpi": "qc_detection_rate"},
        {"node": "Procurement", "parent": top, "kpi": None},
        {"node": "Engineering", "parent": top, "kpi": None},
    ]
    dashboard = [
        "defect_rate",
        "line1_defect_rate",
        "line2_defect_rate",
        "line3_defect_rate",
        "units_produced",
        "price_per_kg",
        "supplier_lead_time_days",
    ]
    gaps = cascade_check(draft, kpis_in_use=dashboard)
    orphans = set(gaps.loc[gaps["issue"] == "orphan KPI", "kpi"])
    unmeasured = set(gaps.loc[gaps["issue"] == "objective without KPI", "node"])
    not_in_use = set(gaps.loc[gaps["issue"] == "KPI not in use", "kpi"])

    def gap_env(o, u):
        return {"orphan_kpis_found": o, "unmeasured_goals_found": u}

    return {
        "q1": {
            "right": {"repeat_progress_q4": repeat},
            "wrong": [
                ({"repeat_progress_q4": ...}, "not answered"),
                ({"repeat_progress_q4": 100 * repeat}, "in percent"),
                ({"repeat_progress_q4": 1 - repeat}, "the share still to go"),
                ({"repeat_progress_q4": rep1 / 82.0}, "current / target"),
                (
                    {
                        "repeat_progress_q4": key_result_progress(
                            wide.at[q3_25, "repeat_purchase_rate"], rep0, 82.0
                        )
                    },
                    "graded on Q3 2025",
                ),
                ({"repeat_progress_q4": rep1 - rep0}, "the change in points"),
                ({"repeat_progress_q4": str(repeat)}, "a string"),
            ],
        },
        "q2": {
            "right": {"objective_score_q4": score},
            "wrong": [
                ({"objective_score_q4": ...}, "not answered"),
                ({"objective_score_q4": 100 * score}, "in percent"),
                ({"objective_score_q4": (repeat + raw_refund) / 2}, "refund progress not capped"),
                ({"objective_score_q4": (repeat - raw_refund) / 2}, "refund sign flipped"),
                ({"objective_score_q4": repeat}, "repeat key result alone"),
            ],
        },
        "q3": {
            "right": {"worst_supplier": worst, "worst_supplier_defect_rate": rates[worst]},
            "wrong": [
                ({"worst_supplier": ..., "worst_supplier_defect_rate": rates[worst]}, "no name"),
                ({"worst_supplier": worst, "worst_supplier_defect_rate": ...}, "no rate"),
                (
                    {"worst_supplier": worst_id, "worst_supplier_defect_rate": rates[worst]},
                    "the id instead of the name",
                ),
                (
                    {"worst_supplier": best, "worst_supplier_defect_rate": rates[best]},
                    "the best supplier",
                ),
                (
                    {"worst_supplier": worst, "worst_supplier_defect_rate": rates[worst] / 100},
                    "a fraction",
                ),
                (
                    {"worst_supplier": worst, "worst_supplier_defect_rate": mean_of_lots[worst]},
                    "mean of the lots' rates",
                ),
                (
                    {"worst_supplier": "Corra", "worst_supplier_defect_rate": rates[worst]},
                    "a name that is not in the table",
                ),
            ],
        },
        "q4": {
            "right": {"production_progress_2025": production},
            "wrong": [
                ({"production_progress_2025": ...}, "not answered"),
                ({"production_progress_2025": equal}, "equal weights"),
                ({"production_progress_2025": by_units}, "weighted by output"),
                ({"production_progress_2025": unclipped}, "line progress not capped"),
                ({"production_progress_2025": 100 * production}, "in percent"),
            ],
        },
        "q5": {
            "right": gap_env(orphans, unmeasured),
            "wrong": [
                (gap_env(..., unmeasured), "not answered"),
                (gap_env(orphans | not_in_use, unmeasured), "KPI not in use counted as orphan"),
                (gap_env(unmeasured, orphans), "swapped"),
                (gap_env(orphans, unmeasured | {"Production"}), "Production flagged"),
                (gap_env(set(list(orphans)[:1]), unmeasured), "orphans missing"),
                (gap_env(orphans, {"Procurement"}), "a goal missing"),
                (gap_env("price_per_kg", unmeasured), "a string, not a set"),
            ],
        },
    }
