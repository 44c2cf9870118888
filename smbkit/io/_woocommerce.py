"""WooCommerce order exports (order-export extensions): one row per order."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit._errors import DataError
from smbkit.io._core import Layout
from smbkit.io._parse import (
    Source,
    dated_refunds,
    footer_rows,
    parse_date_field,
    parse_money_fields,
)

LAYOUT = Layout(
    name="woocommerce",
    fields={
        "order_id": ("order_id", "Order ID", "order_number", "Order Number"),
        "order_date": ("order_date", "Order Date", "date_created"),
        "status": ("status", "Order Status", "order_status"),
        "shipping_total": ("shipping_total", "Order Shipping", "order_shipping"),
        "shipping_tax": ("shipping_tax_total", "Order Shipping Tax", "order_shipping_tax"),
        "tax_total": ("tax_total", "Order Tax", "order_tax", "cart_tax"),
        "discount_total": ("discount_total", "Cart Discount", "cart_discount"),
        "order_total": ("order_total", "Order Total"),
        "refund_total": ("refund_total", "Order Refund", "order_refund"),
        "currency": ("order_currency", "currency", "Order Currency"),
        "payment_method": ("payment_method", "Payment Method"),
        "customer_id": ("customer_id", "Customer User", "customer_user"),
        "customer_email": ("customer_email", "billing_email", "Billing Email"),
        "refund_date": ("refund_date", "Refund Date", "date_refunded", "Order Refund Date"),
        "modified": ("date_modified", "Date Modified", "order_modified_date", "modified_date"),
    },
    signature=(
        "order_id",
        "order_date",
        "status",
        "shipping_total",
        "tax_total",
        "discount_total",
        "order_total",
        "currency",
        "customer_id",
    ),
    required=("order_id", "order_date", "status", "order_total"),
    money=(
        "shipping_total",
        "shipping_tax",
        "tax_total",
        "discount_total",
        "order_total",
        "refund_total",
    ),
    ids=("order_id", "customer_id"),
    amount="order_total",
)

_KEEP = {"completed", "processing", "refunded"}
_REASONS = {
    "cancelled": "cancelled",
    "failed": "failed payment",
    "pending": "not paid (pending or on hold)",
    "on-hold": "not paid (pending or on hold)",
    "checkout-draft": "not paid (pending or on hold)",
    "trash": "deleted (trash)",
}


def prepare(df: pd.DataFrame, ctx, opts, file: str) -> pd.Series:
    footer_rows(df, "order_id", ctx, file, date_field="order_date", money=("order_total",))
    data = df["_reason"].isna()
    readable = ~(df["_blank"] | df["_header"])
    formatted, comma = parse_money_fields(df, LAYOUT, ctx, opts, file, readable)
    df["_amount"] = df["order_total"].fillna(0.0)
    ctx.repair("money text parsed ($, separators, parentheses)", df, formatted & data)
    ctx.repair("decimal comma read as decimal point", df, comma & data)
    converted = parse_date_field(df, "order_date", LAYOUT, ctx, opts, file, data)
    ctx.repair("time zone converted", df, converted)
    for name, into in (("refund_date", "_refund_date"), ("modified", "_updated")):
        given = data & (df[name].str.strip() != "")
        parse_date_field(df, name, LAYOUT, ctx, opts, file, given, into=into)
    status = df["status"].str.strip().str.lower().str.removeprefix("wc-")
    unknown = data & ~status.isin(_KEEP | set(_REASONS))
    if unknown.any():
        raise DataError(
            f"{ctx.func}: {file} row {df.loc[unknown, '_row'].iloc[0]}, column "
            f"{df.attrs['headers']['status']!r}: unknown order status "
            f"{df.loc[unknown, 'status'].iloc[0]!r}; known statuses are "
            f"{sorted(_KEEP | set(_REASONS))}. Rename it in the export settings."
        )
    df["status"] = status
    guest = data & (df["customer_id"].str.strip() == "0")
    ctx.repair("guest customer id 0 read as missing", df, guest)
    df.loc[guest, "customer_id"] = ""
    df.attrs["refund_dates"] = "refund_date" in df.attrs["headers"]
    return df["order_id"].str.strip()


def exclude(rows: pd.DataFrame, ctx, opts) -> pd.Series:
    reason = rows["status"].map(_REASONS).astype(object)
    return reason.where(reason.notna(), None)


def aggregate(kept: pd.DataFrame, ctx, opts) -> pd.DataFrame:
    shipping = kept["shipping_total"].fillna(0.0) + kept["shipping_tax"].fillna(0.0)
    revenue = kept["order_total"] - kept["tax_total"].fillna(0.0) - shipping
    refunded = kept["refund_total"].fillna(0.0)
    from_status = (kept["status"] == "refunded") & (refunded == 0)
    if from_status.any():
        ctx.repair("refund amount taken from status 'refunded'", kept, from_status)
    refunded = refunded.where(~from_status, revenue)
    # refunds in WooCommerce include tax and shipping: scale to the net-of-tax share
    share = (revenue / kept["order_total"]).where(kept["order_total"] > 0, 0.0)
    refunded = refunded.where(from_status, (refunded * share).round(2))
    orders = pd.DataFrame(
        {
            "order_id": kept["order_id"].str.strip(),
            "date": kept["_date"],
            "customer_id": kept["customer_id"].where(kept["customer_id"].str.strip() != ""),
            "channel": "online",
            "location": np.nan,
            "revenue": revenue,
            "cost": np.nan,
            "discount": kept["discount_total"],
            "refunded": refunded,
            "currency": kept["currency"].where(kept["currency"] != ""),
            "shipping": kept["shipping_total"],
            "tax": kept["tax_total"],
            "source_file": kept["_file"],
            "source_row": kept["_row"],
        }
    )
    orders["status"] = np.select(
        [orders["refunded"] >= orders["revenue"] - 0.005, orders["refunded"] > 0],
        ["refunded", "partially_refunded"],
        "completed",
    )
    orders.loc[orders["refunded"] == 0, "status"] = "completed"
    return orders


def refunds(kept: pd.DataFrame, orders: pd.DataFrame, ctx, opts) -> pd.DataFrame | None:
    """Refunds dated when issued, where the export has a refund date column; else None."""
    if not len(kept) or not (kept["refund_date"].str.strip() != "").any():
        return None
    return dated_refunds(kept, orders, ctx)


SOURCE = Source(
    LAYOUT,
    prepare,
    exclude,
    aggregate,
    kept_reason="order kept",
    refunds=refunds,
    refund_dates=(
        "WooCommerce: an export with a refund date column dates each order's refunds then "
        "(the refunds table); without one, refunds are on their orders' dates, and several "
        "partial refunds of one order arrive as one total."
    ),
)
