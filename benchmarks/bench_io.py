"""Time and memory of ``smbkit.io.read_orders`` on a 1 M-row export, against plain pandas.

Run on demand (``make bench`` or ``python benchmarks/bench_io.py [n_rows]``); never part of
the test suite. A synthetic Square item-sales export (default 1,000,000 item lines, money
written as ``$4.50`` / ``($4.50)``, one partial-refund row in fifty, two locations, a named time zone)
is split into two consecutive exports that overlap on their boundary day, as real monthly
exports do. Each reader runs in a fresh process so its peak memory (max RSS) is its own:

- smbkit: ``read_orders([part1, part2], tz=...)`` with every check, the ledger and the
  refunds table;
- peer: a hand-written pandas read of the same two files (``read_csv``, strip ``$``/``()``,
  drop the second file's copies of tickets the first already has, group lines into
  tickets) with no checks and no ledger: the floor a careful analyst would write by hand.
  (The tempting ``drop_duplicates()`` is wrong here: identical item lines inside one ticket
  are two items, and it drops them.)

The two must agree on the number of tickets and on net sales before any time is printed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

HEADER = (
    "Date,Time,Time Zone,Category,Item,Qty,Price Point Name,SKU,Modifiers Applied,Gross Sales,"
    "Discounts,Net Sales,Tax,Transaction ID,Payment ID,Device Name,Notes,Details,Event Type,"
    "Location,Dining Option,Customer ID,Customer Name,Customer Reference ID,Channel"
)


def _money(values: np.ndarray) -> np.ndarray:
    text = np.char.mod("%.2f", np.abs(values))
    return np.where(values < 0, np.char.add(np.char.add("($", text), ")"), np.char.add("$", text))


def write_exports(folder: Path, n_rows: int, *, seed: int = 0) -> list[Path]:
    """Write two overlapping Square item exports with ``n_rows`` lines in all."""
    rng = np.random.default_rng(seed)
    n_tickets = n_rows // 2
    ticket = np.sort(rng.integers(0, n_tickets, n_rows))
    start = np.datetime64("2025-01-01T07:00:00", "s")
    at = start + (ticket * (365 * 24 * 3600 // n_tickets)).astype("timedelta64[s]")
    net = np.round(0.5 + rng.gamma(2.0, 3.0, n_rows), 2)
    refund = rng.random(n_rows) < 0.02
    net = np.where(refund, -0.10, net)  # a small partial refund of the ticket
    stamp = pd.to_datetime(at)
    frame = pd.DataFrame(
        {
            "Date": stamp.strftime("%Y-%m-%d"),
            "Time": stamp.strftime("%H:%M:%S"),
            "Time Zone": "Eastern Time (US & Canada)",
            "Category": "Bakery",
            "Item": rng.choice(["Latte", "Croissant", "Sourdough", "Tart"], n_rows),
            "Qty": "1.0",
            "Price Point Name": "Regular",
            "SKU": "",
            "Modifiers Applied": "",
            "Gross Sales": _money(net),
            "Discounts": "$0.00",
            "Net Sales": _money(net),
            "Tax": _money(np.round(net * 0.08, 2)),
            "Transaction ID": np.char.add("T", ticket.astype(str)),
            "Payment ID": np.where(
                refund,
                np.char.add("R", np.arange(n_rows).astype(str)),
                np.char.add("P", ticket.astype(str)),
            ),
            "Device Name": "Front",
            "Notes": "",
            "Details": "",
            "Event Type": np.where(refund, "Refund", "Payment"),
            "Location": np.where(ticket % 2 == 0, "Old Town", "Harbour"),
            "Dining Option": "For Here",
            "Customer ID": np.where(
                ticket % 4 == 0, "", np.char.add("C", (ticket % 9973).astype(str))
            ),
            "Customer Name": "",
            "Customer Reference ID": "",
            "Channel": "Point of Sale",
        }
    )
    middle = frame["Date"].iloc[n_rows // 2]
    first = frame[frame["Date"] <= middle]
    second = frame[frame["Date"] >= middle]  # the boundary day is in both
    paths = [folder / "items-2025-01-01-part1.csv", folder / "items-part2.csv"]
    first.to_csv(paths[0], index=False)
    second.to_csv(paths[1], index=False)
    return paths


_SMBKIT = """
import json, resource, sys, time
t = time.perf_counter()
from smbkit.io import read_orders
res = read_orders(sys.argv[1:], tz="America/New_York")
net = float(res.data["revenue"].sum() - res.data["refunded"].sum())
print(json.dumps({"seconds": time.perf_counter() - t, "tickets": len(res.data), "net": net,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_PANDAS = """
import json, resource, sys, time
t = time.perf_counter()
import pandas as pd
first, second = (pd.read_csv(p, dtype=str, keep_default_na=False) for p in sys.argv[1:])
seen = set(first["Transaction ID"] + first["Payment ID"])
frame = pd.concat([first, second[~(second["Transaction ID"] + second["Payment ID"]).isin(seen)]])
money = frame["Net Sales"].str.replace(r"[$,)]", "", regex=True).str.replace("(", "-")
frame["net"] = money.astype(float)
sales = frame[frame["Event Type"] == "Payment"].groupby("Transaction ID")["net"].sum()
back = frame[frame["Event Type"] == "Refund"].groupby("Transaction ID")["net"].sum()
back = back[back.index.isin(sales.index)]
print(json.dumps({"seconds": time.perf_counter() - t, "tickets": len(sales),
    "net": float(sales.sum() + back.sum()),
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run(code: str, paths: list[Path]) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, paths)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(n_rows: int = 1_000_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_exports(Path(tmp), n_rows)
        size = sum(p.stat().st_size for p in paths) / 1e6
        peer = _run(_PANDAS, paths)
        ours = _run(_SMBKIT, paths)
    assert ours["tickets"] == peer["tickets"], (ours, peer)
    assert abs(ours["net"] - peer["net"]) < 0.01 * max(1.0, abs(peer["net"]) / 1e4), (ours, peer)
    print(f"Square items export, {n_rows:,} lines in two overlapping files ({size:.0f} MB)")
    print(f"{'reader':<32}{'seconds':>9}{'ratio':>8}{'peak MB':>9}")
    for name, r in (("hand-written pandas (no checks)", peer), ("smbkit.io.read_orders", ours)):
        ratio = r["seconds"] / peer["seconds"]
        print(f"{name:<32}{r['seconds']:>9.1f}{ratio:>7.2f}x{r['rss_mb']:>9.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
