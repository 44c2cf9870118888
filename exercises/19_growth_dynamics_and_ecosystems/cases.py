"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.growth (hhi, supplier_risk, fit-free Bass formula via
bass_cumulative's peak), a different route from the plain pandas in checks/_answers.py.
"""

from __future__ import annotations

import math

import numpy as np


def cases():
    from smbkit import datasets
    from smbkit import growth as gr

    nw = datasets.load("northwind_supply")
    lots = nw.material_lots.merge(nw.suppliers[["supplier_id", "name"]], on="supplier_id")
    risk = gr.supplier_risk(
        lots, supplier="name", lead_time="lead_time_days", quantity="quantity_kg"
    )
    index = gr.hhi(risk["share"])
    by_count = gr.hhi(risk["deliveries"])
    cv = float(risk.loc["Baltic Alloys", "lead_time_cv"])
    sd = float(risk.loc["Baltic Alloys", "lead_time_sd"])
    lt = lots.loc[lots["name"] == "Baltic Alloys", "lead_time_days"].to_numpy(dtype=float)

    # the peak of the Bass adoption rate, found numerically on a fine grid
    t = np.linspace(0, 20, 2_000_001)
    rate = np.gradient(gr.bass_cumulative(t, p=0.03, q=0.38), t)
    peak = float(t[rate.argmax()])

    prod = nw.production
    y = prod[prod["date"].dt.year == 2024]
    waste = 1000 * y["units_scrapped"].sum() / y["units_produced"].sum()
    defect = 1000 * y["units_defective"].sum() / y["units_produced"].sum()
    all_years = 1000 * prod["units_scrapped"].sum() / prod["units_produced"].sum()

    return {
        "q1": {
            "right": {"supply_hhi": index},
            "wrong": [
                ({"supply_hhi": ...}, "not answered"),
                ({"supply_hhi": index / 10_000}, "fractions squared"),
                ({"supply_hhi": by_count}, "by number of lots"),
                ({"supply_hhi": 100.0}, "shares not squared"),
                ({"supply_hhi": risk["share"]}, "a Series"),
            ],
        },
        "q2": {
            "right": {"baltic_cv": cv},
            "wrong": [
                ({"baltic_cv": ...}, "not answered"),
                ({"baltic_cv": sd}, "standard deviation only"),
                ({"baltic_cv": 1 / cv}, "upside down"),
                ({"baltic_cv": float(lt.std() / lt.mean())}, "numpy std (ddof=0)"),
                ({"baltic_cv": sd**2 / float(lt.mean())}, "variance over mean"),
            ],
        },
        "q3": {
            "right": {"peak_years": peak},
            "wrong": [
                ({"peak_years": ...}, "not answered"),
                ({"peak_years": -peak}, "ln(p/q)"),
                ({"peak_years": 1 / 0.41}, "no logarithm"),
                ({"peak_years": math.log10(0.38 / 0.03) / 0.41}, "log base 10"),
            ],
        },
        "q4": {
            "right": {"scrap_2024": waste},
            "wrong": [
                ({"scrap_2024": ...}, "not answered"),
                ({"scrap_2024": waste / 1000}, "per unit"),
                ({"scrap_2024": defect}, "defective instead of scrapped"),
                ({"scrap_2024": all_years}, "all years"),
            ],
        },
    }
