"""Square item sales detail and transactions exports (in-store point of sale)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit._errors import DataError
from smbkit.io._core import Layout
from smbkit.io._dates import resolve_zone
from smbkit.io._parse import (
    Source,
    footer_rows,
    member,
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


def _prepare(layout: Layout, *, per_payment: bool = False):
    """Return the ``prepare`` of a Square layout.

    ``per_payment``: each row is one payment (the transactions export), so a sale's key holds
    its payment id too, and two rows with one key are two copies of that payment (pasted or
    exported twice), never two parts of it. In the item sales export a ticket's lines share
    their payment id, and identical lines inside one ticket are real.
    """

    def prepare(df: pd.DataFrame, ctx, opts, file: str) -> pd.Series:
        footer_rows(
            df, "transaction_id", ctx, file, date_field="date", money=("net_sales", "gross_sales")
        )
        data = df["_reason"].isna()
        readable = ~(df["_blank"] | df["_header"])
        formatted, comma = parse_money_fields(df, layout, ctx, opts, file, readable)
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
        # One refund event is one refund: its payment id and its time tell several partial
        # refunds of one sale apart (Square may repeat the sale's payment id on them).
        refund_id = df["payment_id"].str.strip() + "|" + df["_date"].astype(str)
        sale = "sale|" + df["payment_id"].str.strip() if per_payment else "sale"
        tail = np.where(df["_refund"], "refund|" + refund_id, sale)
        return df["transaction_id"].str.strip() + "|" + tail

    return prepare


def exclude(rows: pd.DataFrame, ctx, opts) -> pd.Series:
    """Square exports only completed payments and refunds: nothing is excluded by status."""
    sold = rows.loc[~rows["_refund"], "transaction_id"]
    orphan = rows["_refund"] & ~member(rows["transaction_id"], sold)
    if orphan.any():
        ctx.warnings.append(
            f"{int(orphan.sum())} refund rows belong to sales outside these files (first: "
            f"{rows.loc[orphan, '_file'].iloc[0]}:row {rows.loc[orphan, '_row'].iloc[0]}); they "
            "are kept in the refunds table (money that left in the period they were issued), "
            "not in the orders."
        )
    return pd.Series(None, index=rows.index, dtype=object)


def refunds(kept: pd.DataFrame, orders: pd.DataFrame, ctx, opts) -> pd.DataFrame:
    """One row per refund event, dated when Square issued it (net of tax, as a positive)."""
    back = kept[kept["_refund"]]
    reason = back["refund_reason"] if "refund_reason" in back else pd.Series("", index=back.index)
    back = back.assign(_why=_blank_to_na(reason))
    table = (
        back.groupby("_key", sort=False)
        .agg(
            order_id=("transaction_id", "first"),
            date=("_date", "min"),
            amount=("net_sales", "sum"),
            reason=("_why", "first"),
            source_file=("_file", "first"),
            source_row=("_row", "first"),
        )
        .reset_index(drop=True)
    )
    table["amount"] = table["amount"].abs()
    table["order_id"] = table["order_id"].str.strip()
    table["date_source"] = "issued"
    return table


def _blank_to_na(cells: pd.Series) -> pd.Series:
    text = cells.fillna("").astype("str").str.strip()
    return text.mask(text == "")


def aggregate(kept: pd.DataFrame, ctx, opts) -> pd.DataFrame:
    columns = ["transaction_id", "_date", "net_sales", "tax", "discounts", "_file", "_row"]
    sales = kept.loc[~kept["_refund"], columns]
    refunds = kept.loc[kept["_refund"], ["transaction_id", "net_sales"]]
    for c in ("customer_id", "location", "channel"):
        sales[f"_{c}"] = _blank_to_na(kept.loc[~kept["_refund"], c])
    groups = sales.groupby("transaction_id", sort=False)
    orders = groups.agg(
        date=("_date", "min"),
        revenue=("net_sales", "sum"),
        tax=("tax", "sum"),
        customer_id=("_customer_id", "first"),
        location=("_location", "first"),
        channel=("_channel", "first"),
        source_file=("_file", "first"),
        source_row=("_row", "first"),
    )
    orders["discount"] = groups["discounts"].sum(min_count=1).abs()
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


_DATES = (
    "Square: refunds are their own rows (Event Type 'Refund'), dated when they were issued; "
    "the refunds table has them on that date, as Square's Sales Summary counts them."
)
ITEMS = Source(
    ITEMS_LAYOUT,
    _prepare(ITEMS_LAYOUT),
    exclude,
    aggregate,
    kept_reason="item line kept",
    refunds=refunds,
    multirow=True,
    refund_dates=_DATES,
)
TRANSACTIONS = Source(
    TRANSACTIONS_LAYOUT,
    _prepare(TRANSACTIONS_LAYOUT, per_payment=True),
    exclude,
    aggregate,
    kept_reason="transaction row kept",
    refunds=refunds,
    multirow=False,  # one row per payment or refund: a row repeated is a copy
    refund_dates=_DATES,
)
