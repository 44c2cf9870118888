"""Square item sales detail and transactions exports (in-store point of sale)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit._errors import DataError
from smbkit.io._core import Layout
from smbkit.io._dates import resolve_zone
from smbkit.io._orders import (
    Source,
    first_nonblank,
    footer_rows,
    parse_date_field,
    parse_money_fields,
)

_COMMON = {
    "date": ("Date", "Datum", "Fecha"),
    "time": ("Time", "Uhrzeit", "Hora"),
    "time_zone": ("Time Zone", "Zeitzone"),
    "gross_sales": ("Gross Sales",),
    "discounts": ("Discounts",),
    "net_sales": ("Net Sales",),
    "tax": ("Tax",),
    "transaction_id": ("Transaction ID",),
    "payment_id": ("Payment ID",),
    "event_type": ("Event Type",),
    "location": ("Location",),
    "customer_id": ("Customer ID",),
    "channel": ("Channel",),
}

ITEMS_LAYOUT = Layout(
    name="square_items",
    fields={
        **_COMMON,
        "category": ("Category",),
        "item": ("Item",),
        "qty": ("Qty", "Quantity"),
        "dining_option": ("Dining Option",),
    },
    signature=(
        "date",
        "time",
        "time_zone",
        "category",
        "item",
        "qty",
        "net_sales",
        "transaction_id",
    ),
    required=("date", "time", "net_sales", "transaction_id"),
    money=("gross_sales", "discounts", "net_sales", "tax"),
    ids=("transaction_id", "payment_id", "customer_id"),
    amount="net_sales",
)

TRANSACTIONS_LAYOUT = Layout(
    name="square_transactions",
    fields={
        **_COMMON,
        "gift_card_sales": ("Gift Card Sales",),
        "tip": ("Tip",),
        "partial_refunds": ("Partial Refunds",),
        "total_collected": ("Total Collected",),
        "fees": ("Fees",),
        "net_total": ("Net Total",),
        "refund_reason": ("Refund Reason",),
    },
    signature=(
        "date",
        "time",
        "time_zone",
        "gross_sales",
        "net_sales",
        "total_collected",
        "net_total",
        "transaction_id",
    ),
    required=("date", "time", "net_sales", "transaction_id"),
    money=(
        "gross_sales",
        "discounts",
        "net_sales",
        "tax",
        "gift_card_sales",
        "tip",
        "partial_refunds",
        "total_collected",
        "fees",
        "net_total",
    ),
    ids=("transaction_id", "payment_id", "customer_id"),
    amount="net_sales",
)


def _prepare(layout: Layout):
    def prepare(df: pd.DataFrame, ctx, opts, file: str) -> pd.Series:
        data = df["_reason"].isna()
        footer = data & footer_rows(df, "transaction_id")
        df.loc[footer, "_reason"] = "total or footer row"
        data &= ~footer
        formatted, comma = parse_money_fields(df, layout, ctx, opts, file, ~df["_blank"])
        df["_amount"] = df["net_sales"].fillna(0.0)
        ctx.repair("money text parsed ($, separators, parentheses)", df, formatted & data)
        ctx.repair("decimal comma read as decimal point", df, comma & data)
        zones = df.loc[data, "time_zone"].str.strip()
        zones = zones[zones != ""].unique()
        if len(zones) > 1:
            raise DataError(
                f"{ctx.func}: {file} mixes time zones {sorted(zones)}; export each location's "
                "sales separately, or pass one file per zone."
            )
        zone = resolve_zone(zones[0], func=ctx.func, where=file) if len(zones) else None
        stamp = (df["date"].str.strip() + " " + df["time"].str.strip()).str.strip()
        converted = parse_date_field(
            df, "date", layout, ctx, opts, file, data, zone=zone, text=stamp
        )
        ctx.repair("time zone converted", df, converted)
        event = df["event_type"].str.strip().str.lower()
        df["_refund"] = event.str.contains("refund", regex=False)
        return df["transaction_id"].str.strip() + "|" + np.where(df["_refund"], "refund", "sale")

    return prepare


def exclude(rows: pd.DataFrame, ctx, opts) -> pd.Series:
    reason = pd.Series(None, index=rows.index, dtype=object)
    sold = set(rows.loc[~rows["_refund"], "transaction_id"])
    orphan = rows["_refund"] & ~rows["transaction_id"].isin(sold)
    reason[orphan] = "refund of a sale not in these files"
    if orphan.any():
        ctx.warnings.append(
            f"{int(orphan.sum())} refund rows belong to sales outside these files (first: "
            f"{rows.loc[orphan, '_file'].iloc[0]}:row {rows.loc[orphan, '_row'].iloc[0]}); they "
            "are excluded from orders and listed in the ledger."
        )
    return reason


def aggregate(kept: pd.DataFrame, ctx, opts) -> pd.DataFrame:
    sales = kept[~kept["_refund"]]
    refunds = kept[kept["_refund"]]
    groups = sales.groupby("transaction_id", sort=False)
    orders = groups.agg(
        date=("_date", "min"),
        revenue=("net_sales", "sum"),
        discount=("discounts", lambda s: abs(s.sum(min_count=1))),
        tax=("tax", "sum"),
        customer_id=("customer_id", first_nonblank),
        location=("location", first_nonblank),
        channel=("channel", first_nonblank),
        source_file=("_file", "first"),
        source_row=("_row", "first"),
    )
    back = refunds.groupby("transaction_id")["net_sales"].sum().abs()
    orders["refunded"] = back.reindex(orders.index).fillna(0.0)
    orders["status"] = np.select(
        [orders["refunded"] >= orders["revenue"] - 0.005, orders["refunded"] > 0],
        ["refunded", "partially_refunded"],
        "completed",
    )
    orders.loc[orders["refunded"] == 0, "status"] = "completed"
    online = (
        orders["channel"]
        .astype(object)
        .fillna("")
        .astype(str)
        .str.lower()
        .str.contains("online", regex=False)
    )
    orders["channel"] = np.where(online, "online", "in_store")
    orders["cost"] = np.nan
    orders["currency"] = np.nan
    return orders.reset_index().rename(columns={"transaction_id": "order_id"})


ITEMS = Source(
    ITEMS_LAYOUT, _prepare(ITEMS_LAYOUT), exclude, aggregate, kept_reason="item line kept"
)
TRANSACTIONS = Source(
    TRANSACTIONS_LAYOUT,
    _prepare(TRANSACTIONS_LAYOUT),
    exclude,
    aggregate,
    kept_reason="transaction row kept",
)
