"""Hand-made canonical tables for KPI tests, small enough to check every answer by hand.

Importable by any test (``from kpi_fixtures import orders``); every function returns a new
pandas DataFrame, so a test may change its copy freely. The expected values below are
worked out by hand and used in tests/test_kpis*.py.

orders: 12 orders, 2024-01-03 to 2024-03-30 (so January and March are partial months)
----------------------------------------------------------------------------------------
id   date              customer channel   revenue cost discount refunded
O01  Wed 01-03 09:15   A        in_store   20      8     0        0
O02  Wed 01-10 12:00   B        online     30     12     5        0
O03  Wed 01-17 08:30   (guest)  in_store   10      4     0        0
O04  Wed 01-24 17:45   A        in_store   40     16     0       10   partially refunded
O05  Fri 02-02 10:00   B        online     25     10     0        0
O06  Wed 02-14 19:00   C        catering  100     40    10        0
O07  Wed 02-21 11:11   (guest)  in_store   15      6     0       15   refunded
O08  Fri 03-01 07:05   A        in_store   35     14     0        0
O09  Fri 03-08 13:20   C        catering   60     30     0        0
O10  Fri 03-15 16:40   D        online     45     18     5        0
O11  Fri 03-22 09:00   D        online     50     20     0        5   partially refunded
O12  Sat 03-30 18:30   B        in_store   20     10     0        0

Monthly, by hand:
            revenue refunded  net  cost  discount orders  active (customers)  new
  January     100      10      90    40      5       4     2 (A, B)            2 (A, B)
  February    140      15     125    56     10       3     2 (B, C)            1 (C)
  March       210       5     205    92      5       5     4 (A, B, C, D)      1 (D)
AOV 22.5, 41.666.., 41; gross margin 50/90, 69/125, 113/205; repeat purchase (2+ orders
in the month) 1/2 (A), 0/2, 1/4 (D); retention Feb = |{A,B} & {B,C}| / 2 = 50 %,
Mar = |{B,C} & {A,B,C,D}| / 2 = 100 %.

Weeks (Monday starts): 01-01, 01-08, 01-15, 01-22, 01-29, 02-05 (no orders), 02-12, 02-19,
02-26, 03-04, 03-11, 03-18, 03-25: 13 weeks.

refunds: 5 refunds, each of the 3 refunded orders in full, plus one of an order not in orders
---------------------------------------------------------------------------------------------
order  issued            amount
O04    Mon 02-05 10:00   10     order of January, refunded in February (a week w/o orders)
O07    Wed 02-21 15:00    5     two partial refunds of O07 (15 in all), the second
O07    Sat 03-02 09:30   10     issued the next month
X99    Sun 03-10 11:00    8     a sale outside the files: counts only when issued
O11    Tue 04-02 12:00    5     issued after the last order: April, a month without orders

Monthly with refunds booked when issued (refund_basis="issued"):
            revenue  issued  net   cost  orders   AOV      GP   GM %          refund rate %
  January     100      0     100    40     4      25       60   60            0
  February    140     15     125    56     3      41.66..  69   55.2          10.714..
  March       210     18     192    92     5      38.4    100   52.083..      8.571..
  April         0      5      -5     0     0      NaN      -5   NaN (net < 0) NaN (no sales)
Revenue growth: February 25 %, March 53.6 %, April (-5 - 192) / 192 = -102.604.. %.
Revenue per employee (average headcount 2.5, 2.5, 2, 2): 40, 50, 96, -2.5.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "employees",
    "financials",
    "marketing",
    "orders",
    "refunds",
    "surveys",
    "tables",
    "web",
]


def _ts(values: list[str]) -> pd.Series:
    return pd.Series(pd.to_datetime(values, format="ISO8601"), dtype="datetime64[ns]")


def orders() -> pd.DataFrame:
    """Return the 12 orders described in the module docstring."""
    return pd.DataFrame(
        {
            "order_id": [f"O{i:02d}" for i in range(1, 13)],
            "date": _ts(
                [
                    "2024-01-03 09:15",
                    "2024-01-10 12:00",
                    "2024-01-17 08:30",
                    "2024-01-24 17:45",
                    "2024-02-02 10:00",
                    "2024-02-14 19:00",
                    "2024-02-21 11:11",
                    "2024-03-01 07:05",
                    "2024-03-08 13:20",
                    "2024-03-15 16:40",
                    "2024-03-22 09:00",
                    "2024-03-30 18:30",
                ]
            ),
            "customer_id": pd.Series(
                ["A", "B", None, "A", "B", "C", None, "A", "C", "D", "D", "B"], dtype="str"
            ),
            "channel": [
                "in_store",
                "online",
                "in_store",
                "in_store",
                "online",
                "catering",
                "in_store",
                "in_store",
                "catering",
                "online",
                "online",
                "in_store",
            ],
            "location": ["Old Town"] * 12,
            "revenue": [20.0, 30.0, 10.0, 40.0, 25.0, 100.0, 15.0, 35.0, 60.0, 45.0, 50.0, 20.0],
            "cost": [8.0, 12.0, 4.0, 16.0, 10.0, 40.0, 6.0, 14.0, 30.0, 18.0, 20.0, 10.0],
            "discount": [0.0, 5.0, 0.0, 0.0, 0.0, 10.0, 0.0, 0.0, 0.0, 5.0, 0.0, 0.0],
            "refunded": [0.0, 0.0, 0.0, 10.0, 0.0, 0.0, 15.0, 0.0, 0.0, 0.0, 5.0, 0.0],
            "status": [
                "completed",
                "completed",
                "completed",
                "partially_refunded",
                "completed",
                "completed",
                "refunded",
                "completed",
                "completed",
                "completed",
                "partially_refunded",
                "completed",
            ],
        }
    )


def refunds() -> pd.DataFrame:
    """Return the 5 refunds described in the module docstring (canonical refunds table)."""
    return pd.DataFrame(
        {
            "order_id": pd.Series(["O04", "O07", "O07", "X99", "O11"], dtype="str"),
            "date": _ts(
                [
                    "2024-02-05 10:00",
                    "2024-02-21 15:00",
                    "2024-03-02 09:30",
                    "2024-03-10 11:00",
                    "2024-04-02 12:00",
                ]
            ),
            "amount": [10.0, 5.0, 10.0, 8.0, 5.0],
            "reason": pd.Series(["stale", None, "wrong order", "damaged", None], dtype="str"),
            "source_file": ["refunds.csv"] * 5,
            "source_row": [2, 3, 4, 5, 6],
        }
    )


def marketing() -> pd.DataFrame:
    """Return 5 marketing rows, 2024-01-01 to 2024-03-31.

    Spend by month: January 40 + 60 = 100, February 30, March 50 + 50 = 100. With new
    customers 2, 1, 1 (orders), CAC is 50, 30 and 100 USD.
    """
    return pd.DataFrame(
        {
            "date": _ts(["2024-01-01", "2024-01-15", "2024-02-10", "2024-03-05", "2024-03-31"]),
            "channel": ["social", "search", "social", "email", "search"],
            "spend": [40.0, 60.0, 30.0, 50.0, 50.0],
            "impressions": [1000, 2000, 800, 500, 1500],
            "clicks": [20, 50, 10, 15, 30],
            "leads": [2, 4, 1, 3, 2],
            "followers": [500.0, np.nan, 510.0, np.nan, np.nan],
            "likes": [30.0, np.nan, 25.0, np.nan, np.nan],
            "shares": [3.0, np.nan, 2.0, np.nan, np.nan],
            "local_search_visits": [np.nan, 120.0, np.nan, np.nan, 90.0],
        }
    )


def web() -> pd.DataFrame:
    """Return 4 days of web analytics, 2024-01-01 to 2024-03-31.

    Conversion: January 5 / 200 = 2.5 %, February 10 / 200 = 5 %, March 0 / 0 = NaN.
    """
    return pd.DataFrame(
        {
            "date": _ts(["2024-01-01", "2024-01-31", "2024-02-15", "2024-03-31"]),
            "sessions": [100, 100, 200, 0],
            "conversions": [2, 3, 10, 0],
        }
    )


def surveys() -> pd.DataFrame:
    """Return 11 survey responses, 2024-01-02 to 2024-03-31.

    NPS (promoters 9-10, detractors 0-6): January [10, 9, 8, 6, 0] -> (2 - 2) / 5 = 0;
    February [10, 10, 9, 7] -> (3 - 0) / 4 = 75; March [3, 5] -> (0 - 2) / 2 = -100.
    CSAT (share of 4-5): January [5, 4, 3, 2, 1] -> 40 %; February [5, 5, 4, 4] -> 100 %;
    March [1, 2] -> 0 %.
    """
    return pd.DataFrame(
        {
            "date": _ts(
                [
                    "2024-01-02",
                    "2024-01-10",
                    "2024-01-11",
                    "2024-01-20",
                    "2024-01-31",
                    "2024-02-01",
                    "2024-02-05",
                    "2024-02-28",
                    "2024-02-29",
                    "2024-03-03",
                    "2024-03-31",
                ]
            ),
            "customer_id": pd.Series(
                ["A", None, "B", None, "C", "A", "B", None, "C", "D", None], dtype="str"
            ),
            "nps_score": [10, 9, 8, 6, 0, 10, 10, 9, 7, 3, 5],
            "csat_score": [5, 4, 3, 2, 1, 5, 5, 4, 4, 1, 2],
            "comment": pd.Series([None] * 10 + ["too slow"], dtype="str"),
        }
    )


def financials() -> pd.DataFrame:
    """Return 4 months of financials, 2023-12 to 2024-03 (balances at month end).

    month     revenue cogs net_income   AR  inventory  AP   days
    2023-12    1000   400     100      200     100      50   31
    2024-01    1240   496     124      200     140      60   31
    2024-02    1160   580     -58      400     150     100   29
    2024-03       0     0     -30      100     150      80   31

    January: DSO = (200 + 200) / 2 / 1240 * 31 = 5; DIO = (100 + 140) / 2 / 496 * 31 =
    7.5; DPO = (50 + 60) / 2 / 496 * 31 = 3.4375; CCC = 9.0625; inventory turnover
    496 / 120 = 4.1333..; net margin 10 %. February: DSO 300 / 1160 * 29 = 7.5, DIO
    145 / 580 * 29 = 7.25, DPO 80 / 580 * 29 = 4, CCC 10.75, turnover 580 / 145 = 4, net
    margin -5 %. March: revenue and COGS are zero, so DSO, DIO, DPO, CCC and net margin
    are NaN; turnover 0 / 150 = 0. December has no opening balance (NaN) but a net margin
    of 10 %. Q1 2024 (91 days): revenue 2400, COGS 1076, net income 36; AR 200 -> 100,
    inventory 100 -> 150, AP 50 -> 80.
    """
    return pd.DataFrame(
        {
            "month": _ts(["2023-12-01", "2024-01-01", "2024-02-01", "2024-03-01"]),
            "revenue": [1000.0, 1240.0, 1160.0, 0.0],
            "cogs": [400.0, 496.0, 580.0, 0.0],
            "operating_expenses": [500.0, 620.0, 638.0, 30.0],
            "net_income": [100.0, 124.0, -58.0, -30.0],
            "cash": [5000.0, 5100.0, 4900.0, 4800.0],
            "accounts_receivable": [200.0, 200.0, 400.0, 100.0],
            "inventory": [100.0, 140.0, 150.0, 150.0],
            "accounts_payable": [50.0, 60.0, 100.0, 80.0],
            "depreciation": [10.0, 10.0, 10.0, 10.0],
            "capex": [0.0, 0.0, 0.0, 0.0],
            "financing": [0.0, 0.0, 0.0, 0.0],
        }
    )


def employees() -> pd.DataFrame:
    """Return 4 employees.

    E1 hired 2023-01-01, still employed; E2 2023-06-01 to 2024-02-10; E3 hired 2024-01-15;
    E4 2024-02-01 to 2024-02-20. Headcount at month starts/ends in 2024: January 2 -> 3
    (average 2.5, no exits, 0 %); February 3 -> 2 (average 2.5, 2 exits, 80 %); March
    2 -> 2 (0 %). Revenue per employee: 90 / 2.5 = 36, 125 / 2.5 = 50, 205 / 2 = 102.5.
    """
    return pd.DataFrame(
        {
            "employee_id": ["E1", "E2", "E3", "E4"],
            "department": ["bakery", "front_of_house", "bakery", "delivery"],
            "location": ["Old Town"] * 4,
            "hire_date": _ts(["2023-01-01", "2023-06-01", "2024-01-15", "2024-02-01"]),
            "exit_date": _ts([None, "2024-02-10", None, "2024-02-20"]),
            "satisfaction": [4.0, 3.0, 5.0, 2.0],
        }
    )


def tables() -> dict[str, pd.DataFrame]:
    """Return every fixture table by its canonical name."""
    return {
        "orders": orders(),
        "marketing": marketing(),
        "web": web(),
        "surveys": surveys(),
        "financials": financials(),
        "employees": employees(),
    }
