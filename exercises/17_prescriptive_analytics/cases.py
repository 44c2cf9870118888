"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.optimize (price_elasticity, optimal_price, eoq,
reorder_point), a different route from the numpy and pandas code in checks/_answers.py, so
a check that agrees with both is checking the concept.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def cases():
    from smbkit import datasets
    from smbkit import optimize as opt

    rng = np.random.default_rng(2026)
    prices = rng.permutation(np.repeat([4.50, 4.75, 5.00, 5.25, 5.50], 8))
    test = pd.DataFrame({"price": prices, "units": rng.poisson(400 * (prices / 5.0) ** -2.6)})
    est = opt.price_elasticity(test, price="price", quantity="units")
    e = est.elasticity
    levels = float(np.polyfit(test["price"], test["units"], 1)[0])
    best = opt.optimal_price(unit_cost=1.60, elasticity=e)

    lots = datasets.load("northwind_supply").material_lots
    brass = lots[(lots["material"] == "brass bar") & (lots["received_date"].dt.year == 2025)]
    D = float(brass["quantity_kg"].sum())
    H = 0.25 * float(brass["price_per_kg"].mean())
    q = opt.eoq(annual_demand=D, order_cost=150, holding_cost=H)
    lt = brass["lead_time_days"]
    kw = dict(daily_demand=D / 365, demand_sd=450.0, lead_time=float(lt.mean()))
    varying = opt.reorder_point(**kw, lead_time_sd=float(lt.std()), service_level=0.95)
    fixed = opt.reorder_point(**kw, service_level=0.95)
    z = varying.z
    added = z * (450.0 * np.sqrt(kw["lead_time"]) + kw["daily_demand"] * float(lt.std()))

    return {
        "q1": {
            "right": {"elasticity": e},
            "wrong": [
                ({"elasticity": ...}, "not answered"),
                ({"elasticity": -2.6}, "the planted value"),
                ({"elasticity": -e}, "sign dropped"),
                ({"elasticity": levels}, "slope in levels, not logs"),
                ({"elasticity": est}, "the result object"),
                ({"elasticity": round(e, 1)}, "rounded"),
            ],
        },
        "q2": {
            "right": {"best_price": best},
            "wrong": [
                ({"best_price": ...}, "not answered"),
                ({"best_price": opt.optimal_price(unit_cost=1.60, elasticity=-2.6)}, "planted e"),
                ({"best_price": 1.60 * (1 + e) / e}, "mark-up upside down"),
                ({"best_price": e / (1 + e)}, "mark-up factor without the cost"),
                ({"best_price": 1.60 * abs(e) / (1 + abs(e))}, "sign dropped: below cost"),
            ],
        },
        "q3": {
            "right": {"eoq_kg": q},
            "wrong": [
                ({"eoq_kg": ...}, "not answered"),
                ({"eoq_kg": q / np.sqrt(2)}, "left out the 2"),
                ({"eoq_kg": q**2}, "no square root"),
                (
                    {"eoq_kg": opt.eoq(annual_demand=D, order_cost=150, holding_cost=0.25)},
                    "holding rate instead of cost",
                ),
                (
                    {"eoq_kg": opt.eoq(annual_demand=D / 12, order_cost=150, holding_cost=H)},
                    "monthly demand",
                ),
                ({"eoq_kg": [q]}, "a list, not a number"),
            ],
        },
        "q4": {
            "right": {"safety_kg": varying.safety_stock},
            "wrong": [
                ({"safety_kg": ...}, "not answered"),
                ({"safety_kg": fixed.safety_stock}, "fixed lead time form"),
                ({"safety_kg": added}, "added standard deviations"),
                ({"safety_kg": varying.safety_stock / z * 1.959963984540054}, "z = 1.96"),
                ({"safety_kg": varying.reorder_point}, "the reorder point"),
            ],
        },
    }
