"""Build the bundled sample client export: a synthetic Shopify orders export.

The files in ``smbkit/datasets/sample_exports/`` are what a consultant is handed on the
first day of an engagement: two monthly ``orders_export`` files from a Shopify store that
overlap by a week, with the faults real exports have. They are made from The Daily
Crumb's bundled 2025 orders and order lines (every order's money, date, customer and
items), thinned to a seeded random sample so that the files stay small, and written in
Shopify's ``orders_export.csv`` layout (the one :func:`smbkit.io.read_orders` recognises
as ``"shopify"``). Nothing in them is about a real person or shop.

Planted faults, each of which :func:`smbkit.io.read_orders` handles and records in its
ledger:

- one row per line item, with the order fields only on an order's first row;
- ``Created at`` with a UTC offset that changes with daylight saving (-0500 / -0400);
- the two files overlap (1-7 July 2025): those orders appear in both files;
- test orders (``(for testing) Bogus Gateway`` payment method, or a ``test`` tag);
- voided, cancelled and pending (unpaid) orders;
- refunds and partial refunds (``Refunded Amount`` includes tax);
- guest checkouts (no e-mail);
- the second file was re-saved through a spreadsheet: money reads ``$1,234.50``;
- a note with a line break inside a quoted field, and a note starting with ``=`` (text a
  spreadsheet would run as a formula).

Rebuild the files, byte for byte, with ``python -m smbkit.datasets._sample_exports``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["HEADER", "SEED", "build", "write"]

SEED = 2125
SHARE = 0.02  # share of the bakery's 2025 orders kept (the files stay small)
TAX_RATE = 0.08
SHIPPING = 6.50  # online orders that are delivered pay this
ZONE = "America/New_York"
OVERLAP = ("2025-07-01", "2025-07-08")  # both files hold the orders of these days
N_TEST, N_VOIDED, N_CANCELLED, N_PENDING = 4, 3, 3, 2

HEADER = [
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Code",
    "Discount Amount",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Notes",
    "Cancelled at",
    "Payment Method",
    "Refunded Amount",
    "Id",
    "Tags",
    "Source",
    "Location",
]
# fields written on an order's first row only
_ORDER_ONLY = [h for h in HEADER if not h.startswith("Lineitem") and h not in {"Name"}]
_MONEY = ["Subtotal", "Shipping", "Taxes", "Total", "Discount Amount", "Refunded Amount"]
_NOTES = [
    "Please slice the loaf",
    "Pick up after 5pm\nCall on arrival",
    '=HYPERLINK("http://example.invalid","gift note")',
    "Birthday - write Happy 40th",
]


def _orders(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    from smbkit import datasets

    bakery = datasets.load("daily_crumb")
    orders = bakery.orders
    orders = orders[orders["date"].dt.year == 2025].reset_index(drop=True)
    rng = np.random.default_rng(seed)
    keep = rng.random(len(orders)) < SHARE
    orders = orders[keep].reset_index(drop=True)
    lines = bakery.order_lines
    lines = lines[lines["order_id"].isin(set(orders["order_id"]))]
    return orders, lines


def _money(x: float) -> str:
    return f"{x:.2f}"


def _spreadsheet_money(text: str) -> str:
    """How a spreadsheet re-save writes money: ``$1,234.50``."""
    if text == "":
        return text
    return f"${float(text):,.2f}"


def build(seed: int = SEED) -> dict[str, str]:
    """Return the files' text: ``{"shopify_orders_1.csv": ..., "shopify_orders_2.csv": ...}``.

    Parameters
    ----------
    seed : int
        Seed of :func:`numpy.random.default_rng` for the sample and the planted faults.

    Returns
    -------
    dict of str to str
        File name -> CSV text (UTF-8, ``\\n`` line ends).
    """
    orders, lines = _orders(seed)
    rng = np.random.default_rng(seed + 1)
    n = len(orders)
    local = orders["date"].dt.tz_localize(ZONE)
    created = local.dt.strftime("%Y-%m-%d %H:%M:%S %z")
    subtotal = orders["revenue"].round(2)
    delivered = (orders["channel"] != "in_store").to_numpy() & (rng.random(n) < 0.4)
    shipping = np.where(delivered, SHIPPING, 0.0)
    taxes = (subtotal * TAX_RATE).round(2)
    total = (subtotal + shipping + taxes).round(2)
    refund_share = (orders["refunded"] / orders["revenue"]).where(orders["revenue"] > 0, 0.0)
    refunded_amount = (refund_share * total).round(2)
    status = orders["status"].map(
        {"completed": "paid", "refunded": "refunded", "partially_refunded": "partially_refunded"}
    )
    status = status.to_numpy(dtype=object)
    email = ("c" + orders["customer_id"].str[2:] + "@example.com").fillna("")
    payment = np.where(orders["channel"] == "in_store", "Shopify POS", "Shopify Payments")
    payment = payment.astype(object)
    tags = np.full(n, "", dtype=object)
    tags[orders["channel"] == "catering"] = "catering"
    cancelled = np.full(n, "", dtype=object)
    notes = np.full(n, "", dtype=object)
    paid_at = created.to_numpy(dtype=object).copy()

    # plant faults on distinct completed orders, away from the overlap week
    day = orders["date"].dt.strftime("%Y-%m-%d")
    free = np.flatnonzero((status == "paid") & ~day.between(OVERLAP[0], OVERLAP[1]).to_numpy())
    picks = rng.choice(free, N_TEST + N_VOIDED + N_CANCELLED + N_PENDING + len(_NOTES), False)
    k = 0
    for i in picks[k : k + N_TEST]:
        email.iloc[i] = "test@example.com"
        if k % 2:
            tags[i] = "test"
        else:
            payment[i] = "(for testing) Bogus Gateway"
        k += 1
    for i in picks[k : k + N_VOIDED]:
        status[i] = "voided"
        paid_at[i] = ""
        k += 1
    for i in picks[k : k + N_CANCELLED]:
        status[i] = "refunded"
        refunded_amount.iloc[i] = total.iloc[i]
        cancelled[i] = (local.iloc[i] + pd.Timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S %z")
        k += 1
    for i in picks[k : k + N_PENDING]:
        status[i] = "pending"
        paid_at[i] = ""
        k += 1
    for note, i in zip(_NOTES, picks[k:], strict=True):
        notes[i] = note

    head = pd.DataFrame(
        {
            "order_id": orders["order_id"],
            "Name": "#" + orders["order_id"].str[3:].str.lstrip("0"),
            "Email": email,
            "Financial Status": status,
            "Paid at": paid_at,
            "Currency": "USD",
            "Subtotal": subtotal.map(_money),
            "Shipping": pd.Series(shipping).map(_money),
            "Taxes": taxes.map(_money),
            "Total": total.map(_money),
            "Discount Code": np.where(orders["discount"] > 0, "WELCOME10", ""),
            "Discount Amount": orders["discount"].map(_money),
            "Created at": created,
            "Notes": notes,
            "Cancelled at": cancelled,
            "Payment Method": payment,
            "Refunded Amount": refunded_amount.map(_money),
            "Id": "52" + orders["order_id"].str[3:].str.zfill(11),
            "Tags": tags,
            "Source": np.where(orders["channel"] == "in_store", "pos", "web"),
            "Location": np.where(orders["channel"] == "in_store", orders["location"], ""),
            "day": day,
        }
    ).astype(str)
    head = head.set_index("order_id")

    items = lines.assign(
        **{
            "Lineitem quantity": lines["quantity"].astype(str),
            "Lineitem name": lines["product"].astype(str),
            "Lineitem price": lines["unit_price"].map(_money),
        }
    )
    rows: dict[str, list[list[str]]] = {"1": [], "2": []}
    by_order = {oid: grp for oid, grp in items.groupby("order_id", sort=False)}
    for oid, order in head.iterrows():
        group = by_order[oid]
        out = []
        for j, (_, line) in enumerate(group.iterrows()):
            row = [order["Name"] if h == "Name" else "" for h in HEADER]
            for col, h in enumerate(HEADER):
                if h.startswith("Lineitem"):
                    row[col] = line[h]
                elif h in _ORDER_ONLY and (j == 0 or h in {"Email", "Created at"}):
                    row[col] = order[h]
            out.append(row)
        if order["day"] < OVERLAP[1]:
            rows["1"].extend(out)
        if order["day"] >= OVERLAP[0]:
            rows["2"].extend([r[:] for r in out])
    money_cols = [HEADER.index(h) for h in [*_MONEY, "Lineitem price"]]
    for row in rows["2"]:
        for c in money_cols:
            row[c] = _spreadsheet_money(row[c])

    files = {}
    for part, body in rows.items():
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(body)
        files[f"shopify_orders_{part}.csv"] = buf.getvalue()
    return files


def write(folder: str | Path | None = None, seed: int = SEED) -> list[Path]:
    """Write the sample export files (to the bundled folder by default); return their paths."""
    folder = Path(folder) if folder is not None else Path(__file__).parent / "sample_exports"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in build(seed).items():
        path = folder / name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover
    for p in write():
        print(f"wrote {p} ({p.stat().st_size:,} bytes)")
