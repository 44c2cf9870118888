"""Stripe payments export (``unified_payments.csv``): one row per payment attempt."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit.io._core import Layout
from smbkit.io._parse import Source, footer_rows, parse_date_field, parse_money_fields

LAYOUT = Layout(
    name="stripe",
    fields={
        "id": ("id", "ID", "Payment ID", "Charge ID"),
        "created": ("Created date (UTC)", "Created (UTC)", "Created date", "Created"),
        "amount": ("Amount", "Betrag", "Montant"),
        "amount_refunded": ("Amount Refunded", "Erstatteter Betrag"),
        "currency": ("Currency", "Währung", "Devise"),
        "captured": ("Captured",),
        "converted_amount": ("Converted Amount",),
        "fee": ("Fee", "Gebühr", "Frais"),
        "status": ("Status",),
        "customer_id": ("Customer ID",),
        "customer_email": ("Customer Email",),
        "description": ("Description",),
    },
    signature=(
        "id",
        "created",
        "amount",
        "amount_refunded",
        "currency",
        "captured",
        "fee",
        "status",
        "customer_id",
    ),
    required=("id", "created", "amount", "status"),
    money=("amount", "amount_refunded", "converted_amount", "fee"),
    ids=("id", "customer_id"),
    amount="amount",
)

_KEEP = {"paid", "succeeded", "refunded", "partially refunded", "partially_refunded"}
_REASONS = {
    "failed": "failed payment",
    "canceled": "cancelled",
    "cancelled": "cancelled",
    "pending": "not paid (pending or authorized)",
    "uncaptured": "not paid (pending or authorized)",
    "requires_payment_method": "not paid (pending or authorized)",
    "requires_action": "not paid (pending or authorized)",
    "blocked": "failed payment",
}


def prepare(df: pd.DataFrame, ctx, opts, file: str) -> pd.Series:
    footer_rows(df, "id", ctx, file, date_field="created", money=("amount",))
    data = df["_reason"].isna()
    readable = ~(df["_blank"] | df["_header"])
    formatted, comma = parse_money_fields(df, LAYOUT, ctx, opts, file, readable)
    df["_amount"] = df["amount"].fillna(0.0)
    ctx.repair("money text parsed ($, separators, parentheses)", df, formatted & data)
    ctx.repair("decimal comma read as decimal point", df, comma & data)
    utc = "utc" in df.attrs["headers"]["created"].lower()
    converted = parse_date_field(
        df, "created", LAYOUT, ctx, opts, file, data, zone="UTC" if utc else None
    )
    ctx.repair("time zone converted", df, converted)
    return df["id"].str.strip()


def exclude(rows: pd.DataFrame, ctx, opts) -> pd.Series:
    status = rows["status"].str.strip().str.lower()
    reason = status.map(_REASONS).astype(object)
    reason = reason.where(reason.notna(), None)
    captured = rows["captured"].str.strip().str.lower()
    reason[(captured == "false") & reason.isna()] = "not paid (pending or authorized)"
    unknown = reason.isna() & ~status.isin(_KEEP)
    reason[unknown] = "unknown status"
    if unknown.any():
        ctx.warnings.append(
            f"{int(unknown.sum())} payments have a status smbkit does not know (first: "
            f"{status[unknown].iloc[0]!r}); they are excluded and listed in the ledger."
        )
    return reason


def aggregate(kept: pd.DataFrame, ctx, opts) -> pd.DataFrame:
    if len(kept):
        ctx.warnings.append(
            "Stripe amounts are what the customer was charged, tax included if any: revenue "
            "includes tax unless the business charges none."
        )
    orders = pd.DataFrame(
        {
            "order_id": kept["id"].str.strip(),
            "date": kept["_date"],
            "customer_id": kept["customer_id"].where(kept["customer_id"].str.strip() != ""),
            "channel": "online",
            "location": np.nan,
            "revenue": kept["amount"],
            "cost": np.nan,
            "discount": np.nan,
            "refunded": kept["amount_refunded"].fillna(0.0),
            "currency": kept["currency"].where(kept["currency"] != "").str.upper(),
            "fee": kept["fee"],
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


SOURCE = Source(
    LAYOUT,
    prepare,
    exclude,
    aggregate,
    kept_reason="payment kept",
    refund_dates=(
        "Stripe: the payments export gives the amount refunded but not when, so refunds are "
        "on their payments' dates; Stripe's balance reports count a refund when it was "
        "issued, so a month with refunds of earlier payments can differ from them."
    ),
)
