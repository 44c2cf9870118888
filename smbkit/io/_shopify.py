"""Shopify ``orders_export.csv``: one row per line item, order fields on the first row."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit.io._core import Layout
from smbkit.io._parse import Source, footer_rows, parse_date_field, parse_money_fields

LAYOUT = Layout(
    name="shopify",
    fields={
        "order_id": ("Name", "Order", "Order Name", "Order Number", "Bestellung"),
        "email": ("Email", "E-mail", "Customer Email"),
        "financial_status": ("Financial Status", "Payment Status", "Zahlungsstatus"),
        "paid_at": ("Paid at",),
        "currency": ("Currency", "Währung"),
        "subtotal": ("Subtotal", "Zwischensumme"),
        "shipping": ("Shipping", "Versand"),
        "taxes": ("Taxes", "Steuern"),
        "total": ("Total", "Gesamt"),
        "discount_code": ("Discount Code",),
        "discount_amount": ("Discount Amount", "Rabattbetrag"),
        "created_at": ("Created at", "Erstellt am"),
        "lineitem_quantity": ("Lineitem quantity",),
        "lineitem_name": ("Lineitem name",),
        "lineitem_price": ("Lineitem price",),
        "cancelled_at": ("Cancelled at",),
        "payment_method": ("Payment Method",),
        "refunded_amount": ("Refunded Amount",),
        "tags": ("Tags",),
        "source": ("Source",),
        "location": ("Location",),
        "customer_id": ("Customer ID", "Customer Id"),
        "id": ("Id",),
    },
    signature=(
        "order_id",
        "email",
        "financial_status",
        "subtotal",
        "shipping",
        "taxes",
        "total",
        "created_at",
        "lineitem_name",
    ),
    required=("order_id", "financial_status", "subtotal", "total", "created_at"),
    money=(
        "subtotal",
        "shipping",
        "taxes",
        "total",
        "discount_amount",
        "refunded_amount",
        "lineitem_price",
    ),
    ids=("order_id", "id", "customer_id"),
    amount="total",
)

_ORDER_TEXT = (
    "email",
    "financial_status",
    "paid_at",
    "currency",
    "discount_code",
    "created_at",
    "cancelled_at",
    "payment_method",
    "tags",
    "source",
    "location",
    "customer_id",
    "id",
)
_UNPAID = {"pending", "authorized", "expired", "partially_paid"}


def prepare(df: pd.DataFrame, ctx, opts, file: str) -> pd.Series:
    footer_rows(df, "order_id", ctx, file, date_field="created_at", money=("total", "subtotal"))
    data = df["_reason"].isna()
    order = df["order_id"].where(data)
    filled_any = pd.Series(False, index=df.index)
    for name in _ORDER_TEXT:
        col = df[name].where(df[name].str.strip() != "")
        filled = col.groupby(order).ffill()
        filled_any |= data & col.isna() & filled.notna()
        df[name] = filled.fillna("").where(data, df[name])
    readable = ~(df["_blank"] | df["_header"])
    formatted, comma = parse_money_fields(df, LAYOUT, ctx, opts, file, readable)
    df["_amount"] = df["total"].fillna(0.0)
    ctx.repair("order fields filled down", df, filled_any)
    ctx.repair("money text parsed ($, separators, parentheses)", df, formatted & data)
    ctx.repair("decimal comma read as decimal point", df, comma & data)
    converted = parse_date_field(df, "created_at", LAYOUT, ctx, opts, file, data)
    ctx.repair("time zone converted", df, converted)
    return df["order_id"]


def _has_test_tag(tags: pd.Series) -> pd.Series:
    return tags.str.lower().str.contains(r"(?:^|,)\s*test\s*(?:,|$)", regex=True)


def exclude(rows: pd.DataFrame, ctx, opts) -> pd.Series:
    status = rows["financial_status"].str.strip().str.lower()
    method = rows["payment_method"].str.lower()
    test = method.str.contains("bogus gateway", regex=False)
    test |= method.str.contains("(for testing)", regex=False)
    test |= _has_test_tag(rows["tags"])
    reason = pd.Series(None, index=rows.index, dtype=object)
    reason[status.isin(_UNPAID)] = "not paid (pending or authorized)"
    reason[status == "voided"] = "voided"
    reason[rows["cancelled_at"].str.strip() != ""] = "cancelled"
    if not opts.include_tests:
        reason[test] = "test order"
    elif test.any():
        ctx.warnings.append(f"{int(test.sum())} test order rows kept (include_tests=True).")
    return reason


def aggregate(kept: pd.DataFrame, ctx, opts) -> pd.DataFrame:
    from smbkit.io._privacy import normalize_ids, pseudonymize

    groups = kept.groupby("order_id", sort=False)
    first = groups.first()  # first non-null per column: money only on the order's first row
    orders = pd.DataFrame(index=first.index)
    subtotal, shipping = first["subtotal"], first["shipping"].fillna(0.0)
    taxes, total = first["taxes"].fillna(0.0), first["total"]
    exclusive = (subtotal + shipping + taxes - total).abs() < 0.005
    inclusive = ~exclusive & ((subtotal + shipping - total).abs() < 0.005)
    odd = ~exclusive & ~inclusive
    if inclusive.any():
        ctx.warnings.append(
            f"{int(inclusive.sum())} orders have tax-inclusive prices (Total = Subtotal + "
            "Shipping); their tax was taken out of revenue."
        )
    if odd.any():
        ctx.warnings.append(
            f"{int(odd.sum())} orders have a Total that is neither Subtotal + Shipping + Taxes "
            f"nor Subtotal + Shipping (first: {odd[odd].index[0]}); revenue is the Subtotal."
        )
    orders["revenue"] = subtotal.where(~inclusive, subtotal - taxes)
    share = (orders["revenue"] / total).where(total > 0, 0.0)
    orders["refunded"] = (first["refunded_amount"].fillna(0.0) * share).round(2)
    status = first["financial_status"].str.lower()
    orders["status"] = np.select(
        [status == "refunded", (status == "partially_refunded") | (orders["refunded"] > 0)],
        ["refunded", "partially_refunded"],
        "completed",
    )
    orders["date"] = first["_date"]
    email = normalize_ids(first["email"])  # as pseudonymize does: joins stay possible
    customer = first["customer_id"].where(first["customer_id"] != "")
    from_email = customer.isna() & (email != "")
    if from_email.any():
        if opts.key is not None:
            keyed = pseudonymize(email.to_frame(), ["email"], key=opts.key)["email"]
            email = keyed
        else:
            ctx.warnings.append(
                "customer_id holds e-mail addresses (personal data); pass key= to read_orders "
                "or call smbkit.io.pseudonymize before sharing the table."
            )
    orders["customer_id"] = customer.where(~from_email, email).where(customer.notna() | from_email)
    source = first["source"].str.lower()
    orders["channel"] = np.where(source.isin(["pos", "shopify_pos"]), "in_store", "online")
    orders["location"] = first["location"].where(first["location"] != "")
    orders["cost"] = np.nan
    orders["discount"] = first["discount_amount"]
    orders["currency"] = first["currency"].where(first["currency"] != "")
    orders["shipping"] = first["shipping"]
    orders["tax"] = first["taxes"]
    orders["source_file"] = first["_file"]
    orders["source_row"] = first["_row"]
    return orders.reset_index()


def version_start(rows: pd.DataFrame) -> pd.Series:
    """An order's first line carries its Total: a second such line is a second copy."""
    return rows["total"].notna()


SOURCE = Source(
    LAYOUT,
    prepare,
    exclude,
    aggregate,
    kept_reason="order kept",
    multirow=True,
    version_start=version_start,
    version_columns=("total",),
    refund_dates=(
        "Shopify: the orders export gives the amount refunded but not when, so refunds are "
        "on their orders' dates; Shopify's own sales reports count a refund when it was "
        "issued, so a month with refunds of earlier orders can differ from them."
    ),
)
