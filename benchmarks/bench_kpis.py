"""Time smbkit.kpis.compute() on pandas, polars (eager, lazy) and DuckDB, against plain pandas.

Run on demand (``make bench`` or ``python benchmarks/bench_kpis.py [n_rows]``); never part of
the test suite. A synthetic orders table (default 1.5 million rows over three years, 50,000
customers, a quarter of orders from guests) goes through ``compute`` for the orders KPIs at
monthly frequency on each engine. The peer is a hand-written pandas ``groupby`` computing
the same monthly numbers (net revenue, orders, AOV, gross margin, active and new customers,
retention) with no validation, which is the floor a careful analyst would write by hand.
Timings are the best of a few repeats; ratios are relative to that peer.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from smbkit import kpis

KPIS = [
    "revenue",
    "orders",
    "average_order_value",
    "gross_margin",
    "active_customers",
    "new_customers",
    "retention_rate",
]


def synthetic_orders(n_rows: int, *, seed: int = 0) -> pd.DataFrame:
    """Return a canonical orders table of ``n_rows`` random orders (reproducible by seed)."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2022-01-01T07:00:00", "s")
    seconds = rng.integers(0, 3 * 365 * 24 * 3600, n_rows)
    revenue = np.round(rng.gamma(2.0, 8.0, n_rows), 2)
    refunded = np.where(rng.random(n_rows) < 0.01, revenue, 0.0)
    customer = pd.Series(
        np.char.add("C-", rng.integers(0, 50_000, n_rows).astype(str)), dtype="str"
    )
    customer = customer.where(rng.random(n_rows) >= 0.25)
    return pd.DataFrame(
        {
            "order_id": pd.Series(np.char.add("O-", np.arange(n_rows).astype(str)), dtype="str"),
            "date": (start + seconds).astype("datetime64[ns]"),
            "customer_id": customer,
            "channel": rng.choice(["in_store", "online", "catering"], n_rows),
            "revenue": revenue,
            "cost": np.round(revenue * rng.uniform(0.25, 0.4, n_rows), 2),
            "discount": np.where(rng.random(n_rows) < 0.1, 1.0, 0.0),
            "refunded": refunded,
        }
    )


def pandas_peer(orders: pd.DataFrame) -> pd.DataFrame:
    """The same monthly numbers written directly in pandas (no checks, no engines)."""
    month = orders["date"].dt.to_period("M")
    net = orders["revenue"] - orders["refunded"]
    frame = pd.DataFrame({"month": month, "net": net, "cost": orders["cost"]})
    sums = frame.groupby("month").agg(
        net=("net", "sum"), cost=("cost", "sum"), orders=("net", "size")
    )
    sums["aov"] = sums["net"] / sums["orders"]
    sums["gross_margin"] = 100 * (sums["net"] - sums["cost"]) / sums["net"]
    known = pd.DataFrame({"month": month, "customer": orders["customer_id"]}).dropna()
    pairs = known.drop_duplicates()
    sums["active"] = pairs.groupby("month").size()
    sums["new"] = known.groupby("customer")["month"].min().value_counts()
    shifted = pairs.assign(month=pairs["month"] + 1)
    retained = shifted.merge(pairs, on=["month", "customer"]).groupby("month").size()
    sums["retention"] = 100 * retained / sums["active"].shift(1)
    return sums


def best_of(func, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(n_rows: int = 1_500_000, repeats: int = 3) -> None:
    import duckdb
    import polars as pl
    import pyarrow as pa

    orders = synthetic_orders(n_rows)
    engines = {
        "pandas": orders,
        "polars eager": pl.from_pandas(orders),
        "polars lazy": pl.from_pandas(orders).lazy(),
        "duckdb": duckdb.from_arrow(pa.Table.from_pandas(orders, preserve_index=False)),
    }
    print(f"orders: {n_rows:,} rows; KPIs: {', '.join(KPIS)}; freq='M'; best of {repeats}")
    peer = best_of(lambda: pandas_peer(orders), repeats)
    print(f"{'hand-written pandas groupby (peer)':36s} {peer:8.3f} s   1.00x")
    reference = kpis.compute({"orders": orders}, kpis=KPIS)
    for name, table in engines.items():
        result = kpis.compute({"orders": table}, kpis=KPIS)
        pd.testing.assert_frame_equal(result, reference)
        seconds = best_of(lambda t=table: kpis.compute({"orders": t}, kpis=KPIS), repeats)
        print(f"{'smbkit.kpis.compute on ' + name:36s} {seconds:8.3f} s  {seconds / peer:5.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_500_000)
