"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.strategy and smbkit.kpis, a different route from the
plain Python and pandas in checks/_answers.py, so a check that agrees with both is checking
the concept.
"""

from __future__ import annotations

STATEMENTS = [
    "Our regulars come back week after week",
    "Our gross margin has slipped for two years",
    "More people in town order food online each year",
    "A national coffee chain is looking at a site on our street",
    "Customers queue at the counter at busy times",
    "New offices nearby want catered breakfasts",
]
ITEMS = [
    {
        "item": "Loyal regulars",
        "quadrant": "strength",
        "priority": 3,
        "kpi": "repeat_purchase_rate",
    },
    {"item": "Social media following grows", "quadrant": "strength", "priority": 1},
    {"item": "Margins are slipping", "quadrant": "weakness", "priority": 3, "kpi": "gross_margin"},
    {"item": "Queues at busy times", "quadrant": "weakness", "priority": 2},
    {"item": "Online ordering is catching on", "quadrant": "opportunity", "priority": 3},
    {"item": "Local food festival each summer", "quadrant": "opportunity", "priority": 1},
    {"item": "A coffee chain may open nearby", "quadrant": "threat", "priority": 3},
    {
        "item": "Fewer people left to win in town",
        "quadrant": "threat",
        "priority": 2,
        "kpi": "new_customers",
    },
]


def cases():
    from smbkit import datasets, kpis, strategy

    right_q = ["strength", "weakness", "opportunity", "threat", "weakness", "opportunity"]
    trend_as_strength = ["strength", "weakness", "strength", "threat", "weakness", "opportunity"]
    queue_as_threat = ["strength", "weakness", "opportunity", "threat", "threat", "opportunity"]
    chain_as_weakness = [
        "strength",
        "weakness",
        "opportunity",
        "weakness",
        "weakness",
        "opportunity",
    ]

    table = strategy.swot(ITEMS)
    todo = set(strategy.unmeasured(table)["item"])
    all_unmeasured = set(strategy.unmeasured(table, min_priority=1)["item"])
    only_high = set(strategy.unmeasured(table, min_priority=3)["item"])
    measured = set(table.loc[table["kpi"].notna(), "item"])

    bakery = datasets.load("daily_crumb")
    o = bakery.orders
    o = o[o["date"].dt.year == 2025]
    net = o["revenue"] - o["refunded"]
    by_channel = net.groupby(o["channel"]).sum()
    online = float(100 * by_channel["online"] / by_channel.sum())
    online_orders = float(100 * (o["channel"] == "online").mean())
    online_and_catering = float(
        100 * (by_channel["online"] + by_channel["catering"]) / by_channel.sum()
    )
    gross = o.groupby("channel")["revenue"].sum()
    online_gross = float(100 * gross["online"] / gross.sum())

    yearly = kpis.compute(bakery, kpis=["gross_margin", "gross_profit", "revenue"], freq="Y")
    row = yearly[yearly["period"].dt.year == 2025].set_index("kpi")["value"]
    margin = float(row["gross_margin"])
    cost = float(row["revenue"] - row["gross_profit"])
    shocked = float(100 * (row["revenue"] - 1.15 * cost) / row["revenue"])
    shocked_gross = float(100 * (o["revenue"].sum() - 1.15 * cost) / o["revenue"].sum())

    return {
        "q1": {
            "right": {"statements": STATEMENTS, "quadrants": right_q},
            "wrong": [
                ({"statements": STATEMENTS, "quadrants": ...}, "not answered"),
                (
                    {"statements": STATEMENTS, "quadrants": trend_as_strength},
                    "a market trend called a strength",
                ),
                (
                    {"statements": STATEMENTS, "quadrants": queue_as_threat},
                    "an internal problem called a threat",
                ),
                (
                    {"statements": STATEMENTS, "quadrants": chain_as_weakness},
                    "a competitor called a weakness",
                ),
                ({"statements": STATEMENTS, "quadrants": right_q[:5]}, "one missing"),
                (
                    {"statements": STATEMENTS, "quadrants": ["S", "W", "O", "T", "W", "O"]},
                    "letters, not names",
                ),
                ({"statements": STATEMENTS, "quadrants": "strength"}, "a string, not a list"),
            ],
        },
        "q2": {
            "right": {"items": ITEMS, "todo": todo},
            "wrong": [
                ({"items": ITEMS, "todo": ...}, "not answered"),
                ({"items": ITEMS, "todo": all_unmeasured}, "low-priority items included"),
                ({"items": ITEMS, "todo": only_high}, "priority 2 left out"),
                ({"items": ITEMS, "todo": measured}, "the measured items instead"),
                ({"items": ITEMS, "todo": "Queues at busy times"}, "a string, not a set"),
            ],
        },
        "q3": {
            "right": {"online_share_2025": online},
            "wrong": [
                ({"online_share_2025": ...}, "not answered"),
                ({"online_share_2025": online / 100}, "a fraction"),
                ({"online_share_2025": online_orders}, "share of orders"),
                ({"online_share_2025": online_and_catering}, "catering included"),
                ({"online_share_2025": online_gross}, "gross revenue"),
            ],
        },
        "q4": {
            "right": {"shocked_margin": shocked},
            "wrong": [
                ({"shocked_margin": ...}, "not answered"),
                ({"shocked_margin": margin}, "no shock applied"),
                ({"shocked_margin": margin - 15}, "15 points off"),
                ({"shocked_margin": 0.85 * margin}, "margin x 0.85"),
                ({"shocked_margin": shocked / 100}, "a fraction"),
                ({"shocked_margin": shocked_gross}, "gross revenue"),
            ],
        },
    }
