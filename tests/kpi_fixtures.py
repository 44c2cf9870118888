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

deals: 13 CRM deals, created 2024-01-02 to 2024-04-15 (January and April partial months)
----------------------------------------------------------------------------------------
id   created       closed        outcome  amount  stage        cycle (won)
D01  01-02         01-22         won      1000    closedwon    20 days
D02  01-05         01-25         lost      500    qualified    (lost where it stood)
D03  01-10         02-09         won      2000    closedwon    30 days
D04  01-15         -             open      NaN    lead         open, no amount
D05  01-20         02-20         lost      300    closedlost   (stage not kept)
D06  02-01         02-11         won       600    closedwon    10 days
D07  02-05         03-06         won      1400    closedwon    30 days (2024 is a leap year)
D08  02-15         -             open      800    proposal
D09  03-01         03-11         lost      200    proposal
D10  03-10         -             open     1200    negotiation
D11  03-20 00:00   03-30 12:00   won      1000    closedwon    10.5 days
D12  03-25         03-28         won       NaN    closedwon    3 days, won without an amount
D13  04-15         -             open      500    qualified

Monthly, by hand (open = created by the month's end and not closed by then):
          new  won lost  win %    avg won        cycle   open (priced)  open value  velocity
  Jan      5    1    1   50       1000           20      3 (D03 D04 D05) 2300       3*.5*1000/20 = 75
  Feb      3    2    1   66.66..  1300           20      3 (D04 D07 D08) 2200       3*2/3*1300/20 = 130
  Mar      4    3    1   75       1200 (1 of 3   14.5    3 (D04 D08 D10) 2000       3*.75*1200/14.5
                                  has no amount)                                  = 186.2068..
  Apr      1    0    0   NaN      NaN            NaN     4 (+D13)        2500       NaN
Each month's open deals include D04, which has no amount (noted). Q1: 6 won, 3 lost
(66.66.. %), average won 6000 / 5 = 1200, cycle 103.5 / 6 = 17.25 days, velocity
3 * 2/3 * 1200 / 17.25 = 139.130.. .
Stage conversion over ["lead", "qualified", "proposal", "negotiation"] (won deals reached
every stage, D05 only the first): reached 13, 11, 9, 7, won 6; conversion 11/13, 9/11,
7/9, 6/7. Closed deals only: 9, 8, 7, 6, won 6.

events: 11 events, 2024-01-01 (Mon) to 2024-02-20, users u1-u3, anonymous devices p9, p1
----------------------------------------------------------------------------------------
day     actors (anonymous events count by device: p1 is also u1's device)
Jan 1   u1 (login, export), u2 (login)
Jan 2   device p9 (view)
Jan 3   u1 (login), device p1 (view)
Jan 8   u2 (login, export)
Jan 10  u3 (login)
Jan 14  u1 (login)
Feb 20  u2 (login)
Per day, Jan 1-14: DAU 2 1 2 0 0 0 0 1 0 1 0 0 0 1; WAU (7 days to the day)
2 3 4 4 4 4 4 4 3 2 2 2 2 3; MAU (30 days) 2 3 4 4 4 4 4 4 4 5 5 5 5 5.
Weeks 1 and 2: DAU 5/7, 3/7; WAU 25/7, 18/7; MAU 25/7, 33/7; stickiness 20 %, 9.0909.. %.
January (31 days; Jan 15-16 WAU 2, Jan 17-20 WAU 1, then 0; MAU 5 to Jan 31): DAU 8/31,
WAU 51/31, MAU 143/31, stickiness 8/143 = 5.594.. %. February (20 days: MAU 4 on Feb 1,
3 on Feb 2-6, 2 on Feb 7-8, 1 on Feb 9-12, 0 on Feb 13-19, 1 on Feb 20): DAU 1/20, WAU
1/20, MAU 28/20, stickiness 1/28 = 3.571.. %. Weeks from Jan 15 to Feb 12 have no events.
Feature adoption: January active users {u1, u2, p9, p1, u3}: export 2/5 = 40 %, login 3/5
= 60 %; February {u2}: export 0 %, login 100 %. First seen: u1, u2 Jan 1; p9 Jan 2; p1
Jan 3; u3 Jan 10. Active again on day 2: u1; day 7: u2; day 50: u2 (observable only for
users first seen by Jan 1, the data ending Feb 20).

tasks: 11 tasks, created 2024-01-02 to 2024-03-12, last completed 03-25
----------------------------------------------------------------------
id   created       due     completed      on time  cycle days
T01  01-02 09:00   01-10   01-09 17:00    yes      7.333..
T02  01-03         01-12   01-12 18:00    yes      9.75   (on the due day)
T03  01-05         01-20   02-02          no       28
T04  01-08         -       01-15          -        7
T05  01-15         01-31   -              overdue from the end of January
T06  02-01         02-10   02-10 09:00    yes      9.375
T07  02-05         02-15   03-05          no       29
T08  02-20         03-31   03-10          yes      19
T09  03-01         03-05   -              overdue at the end of March
T10  03-10         04-30   -              due after the data end: not overdue
T11  03-12         03-20   03-25          no       13     (a subtask of T09)
Monthly: completed 3, 2, 3; on time 2/2 = 100 %, 1/2 = 50 %, 1/3 = 33.3.. %; median
cycle 7.333.., (28 + 9.375) / 2 = 18.6875, 19; throughput 3 / (31/7), 2 / (29/7),
3 / (31/7); overdue at the end 2 (T03 T05), 2 (T05 T07), 2 (T05 T09; read on Mar 25).
The week of Jan 1 has no task completed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "deals",
    "employees",
    "events",
    "financials",
    "marketing",
    "orders",
    "refunds",
    "surveys",
    "tables",
    "tasks",
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
        "deals": deals(),
        "events": events(),
        "tasks": tasks(),
    }


def deals() -> pd.DataFrame:
    """Return the 13 CRM deals described in the module docstring."""
    outcome = ["won", "lost", "won", "open", "lost", "won", "won"]
    outcome += ["open", "lost", "open", "won", "won", "open"]
    return pd.DataFrame(
        {
            "deal_id": [f"D{i:02d}" for i in range(1, 14)],
            "name": [f"Deal {i}" for i in range(1, 14)],
            "account": ["Acme", "Birch", "Cedar", "Dune", "Elm", "Fjord", "Gale"]
            + ["Haven", "Iris", "Juno", "Kite", "Lark", "Moss"],
            "owner": ["ana", "ben"] * 6 + ["ana"],
            "pipeline": ["default"] * 13,
            "stage": pd.Series(
                ["closedwon", "qualified", "closedwon", "lead", "closedlost", "closedwon"]
                + ["closedwon", "proposal", "proposal", "negotiation", "closedwon"]
                + ["closedwon", "qualified"],
                dtype="str",
            ),
            "outcome": pd.Series(outcome, dtype="str"),
            "amount": [1000.0, 500.0, 2000.0, np.nan, 300.0, 600.0, 1400.0]
            + [800.0, 200.0, 1200.0, 1000.0, np.nan, 500.0],
            "currency": ["USD"] * 13,
            "created": _ts(
                ["2024-01-02", "2024-01-05", "2024-01-10", "2024-01-15", "2024-01-20"]
                + ["2024-02-01", "2024-02-05", "2024-02-15", "2024-03-01", "2024-03-10"]
                + ["2024-03-20 00:00", "2024-03-25", "2024-04-15"]
            ),
            "closed": _ts(
                ["2024-01-22", "2024-01-25", "2024-02-09", None, "2024-02-20", "2024-02-11"]
                + ["2024-03-06", None, "2024-03-11", None, "2024-03-30 12:00", "2024-03-28"]
                + [None]
            ),
            "source": ["web", "referral", "web", "event", "web", "referral", "web"]
            + ["web", "event", "referral", "web", "web", "event"],
        }
    )


def events() -> pd.DataFrame:
    """Return the 11 product-analytics events described in the module docstring."""
    return pd.DataFrame(
        {
            "event_id": [f"E{i:02d}" for i in range(1, 12)],
            "user_id": pd.Series(
                ["u1", "u1", "u2", None, "u1", None, "u2", "u2", "u3", "u1", "u2"], dtype="str"
            ),
            "device_id": pd.Series(
                ["p1", "p1", "p2", "p9", "p1", "p1", "p2", "p2", "p3", "p1", "p2"], dtype="str"
            ),
            "time": _ts(
                ["2024-01-01 09:00", "2024-01-01 09:05", "2024-01-01 10:00"]
                + ["2024-01-02 11:00", "2024-01-03 08:00", "2024-01-03 07:00"]
                + ["2024-01-08 10:00", "2024-01-08 10:30", "2024-01-10 12:00"]
                + ["2024-01-14 18:00", "2024-02-20 08:00"]
            ),
            "event": pd.Series(
                ["login", "export", "login", "view", "login", "view", "login", "export"]
                + ["login", "login", "login"],
                dtype="str",
            ),
            "session_id": pd.Series(
                ["s1", "s1", "s2", "s3", "s4", "s5", "s6", "s6", "s7", "s8", "s9"], dtype="str"
            ),
        }
    )


def tasks() -> pd.DataFrame:
    """Return the 11 project tasks described in the module docstring."""
    return pd.DataFrame(
        {
            "task_id": [f"T{i:02d}" for i in range(1, 12)],
            "name": [f"Task {i}" for i in range(1, 12)],
            "project": ["Website"] * 6 + ["Launch"] * 5,
            "section": ["To do", "Doing", "Done"] * 3 + ["To do", "Done"],
            "assignee": pd.Series(["ana", "ben", None] * 3 + ["ana", "ben"], dtype="str"),
            "created": _ts(
                ["2024-01-02 09:00", "2024-01-03", "2024-01-05", "2024-01-08", "2024-01-15"]
                + ["2024-02-01", "2024-02-05", "2024-02-20", "2024-03-01", "2024-03-10"]
                + ["2024-03-12"]
            ),
            "due": _ts(
                ["2024-01-10", "2024-01-12", "2024-01-20", None, "2024-01-31", "2024-02-10"]
                + ["2024-02-15", "2024-03-31", "2024-03-05", "2024-04-30", "2024-03-20"]
            ),
            "completed": _ts(
                ["2024-01-09 17:00", "2024-01-12 18:00", "2024-02-02", "2024-01-15", None]
                + ["2024-02-10 09:00", "2024-03-05", "2024-03-10", None, None, "2024-03-25"]
            ),
            "parent_id": pd.Series([None] * 10 + ["T09"], dtype="str"),
        }
    )


def two_shops() -> pd.DataFrame:
    """Return 10 orders of two shops, one opening mid-February, for ``compute(by=...)``.

    Old Town sells from 2 January; Harbour opens on Wednesday 14 February; one order has no
    location (its own, missing, segment). ``ana`` buys in Old Town in January, in Harbour
    in February (new *in Harbour* then) and in both in March.

    id   date    location   customer channel   revenue cost refunded
    S01  01-02   Old Town   ana      in_store   20      8    0
    S02  01-15   Old Town   ben      in_store   30     12    0
    S03  01-31   Old Town   (guest)  in_store   10      5    0
    S04  02-14   Harbour    ana      in_store   40     20   10
    S05  02-20   Harbour    cat      online     60     30    0
    S06  02-25   Old Town   ben      in_store   50     20    0
    S07  03-05   Old Town   ana      in_store   25     10    0
    S08  03-10   Harbour    ana      in_store   35     14    0
    S09  03-20   Harbour    dan      online     45     18    5
    S10  03-31   (missing)  ben      in_store   15      6    0

    Monthly by location (the data run from 01-02 to 03-31, so only January is partial):
                 net revenue   orders   AOV     active  new  retention %   partial
    Old Town     60, 50, 25    3, 1, 1  20,50,25  2,1,1  2,0,0  -, 50, 0   T, F, F
    Harbour       0, 90, 75    0, 2, 2  -,45,37.5 0,2,2  0,2,1  -, -, 50   T, T, F
    (missing)     0,  0, 15    0, 0, 1  -,-,15    0,0,1  0,0,1  -, -, -    T, T, T
    Unsplit net revenue 60, 140, 115 (the sum of the segments); unsplit new customers
    2, 1, 1 (ana, ben; cat; dan), whereas per shop ana is new twice.
    """
    return pd.DataFrame(
        {
            "order_id": [f"S{i:02d}" for i in range(1, 11)],
            "date": _ts(
                ["2024-01-02", "2024-01-15", "2024-01-31 18:00", "2024-02-14 10:00"]
                + ["2024-02-20", "2024-02-25", "2024-03-05", "2024-03-10", "2024-03-20"]
                + ["2024-03-31 12:00"]
            ),
            "location": pd.Series(
                ["Old Town"] * 3 + ["Harbour"] * 2 + ["Old Town"] * 2 + ["Harbour"] * 2 + [None],
                dtype="str",
            ),
            "customer_id": pd.Series(
                ["ana", "ben", None, "ana", "cat", "ben", "ana", "ana", "dan", "ben"], dtype="str"
            ),
            "channel": ["in_store"] * 4 + ["online"] + ["in_store"] * 3 + ["online", "in_store"],
            "revenue": [20.0, 30.0, 10.0, 40.0, 60.0, 50.0, 25.0, 35.0, 45.0, 15.0],
            "cost": [8.0, 12.0, 5.0, 20.0, 30.0, 20.0, 10.0, 14.0, 18.0, 6.0],
            "discount": [0.0] * 10,
            "refunded": [0.0, 0.0, 0.0, 10.0, 0.0, 0.0, 0.0, 0.0, 5.0, 0.0],
        }
    )
