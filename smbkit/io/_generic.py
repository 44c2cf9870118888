"""Any one-row-per-order table (CSV or .xlsx), mapped with ``column_map``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit.io._core import Layout
from smbkit.io._parse import (
    Source,
    dated_refunds,
    footer_rows,
    parse_date_field,
    parse_money_fields,
)

_REQUIRED = ("order_id", "date", "revenue")
_OPTIONAL = (
    "customer_id",
    "channel",
    "location",
    "cost",
    "discount",
    "refunded",
    "status",
    "currency",
    "refund_date",
    "updated",
)
_MONEY = ("revenue", "cost", "discount", "refunded")
_KEEP = {
    "completed",
    "complete",
    "paid",
    "succeeded",
    "fulfilled",
    "closed",
    "processing",
    "partially_refunded",
    "partially refunded",
    "refunded",
}
_REASONS = {
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "void": "voided",
    "voided": "voided",
    "failed": "failed payment",
    "declined": "failed payment",
    "test": "test order",
    "pending": "not paid (pending or authorized)",
}


def source(column_map: dict[str, str], *, func: str) -> Source:
    """Return a Source whose layout is the user's column map."""
    unknown = [k for k in column_map if k not in _REQUIRED + _OPTIONAL]
    if unknown:
        raise SmbkitError(
            f"{func}: column_map has unknown canonical name(s) {unknown}; valid names are "
            f"{list(_REQUIRED + _OPTIONAL)}."
        )
    missing = [k for k in _REQUIRED if k not in column_map]
    if missing:
        raise SmbkitError(
            f"{func}: column_map lacks {missing}; it must map 'order_id', 'date' and "
            "'revenue' to the file's columns, e.g. {'order_id': 'Invoice', 'date': 'Date', "
            "'revenue': 'Net'}."
        )
    layout = Layout(
        name="generic",
        fields={k: (str(v),) for k, v in column_map.items()},
        signature=tuple(column_map),
        required=tuple(column_map),
        money=tuple(k for k in _MONEY if k in column_map),
        ids=tuple(k for k in ("order_id", "customer_id") if k in column_map),
        amount="revenue",
    )

    def prepare(df: pd.DataFrame, ctx, opts, file: str) -> pd.Series:
        footer_rows(df, "order_id", ctx, file, date_field="date", money=("revenue",))
        data = df["_reason"].isna()
        readable = ~(df["_blank"] | df["_header"])
        formatted, comma = parse_money_fields(df, layout, ctx, opts, file, readable)
        df["_amount"] = df["revenue"].fillna(0.0)
        ctx.repair("money text parsed ($, separators, parentheses)", df, formatted & data)
        ctx.repair("decimal comma read as decimal point", df, comma & data)
        converted = parse_date_field(df, "date", layout, ctx, opts, file, data)
        ctx.repair("time zone converted", df, converted)
        for name, into in (("refund_date", "_refund_date"), ("updated", "_updated")):
            if name in column_map:
                given = data & (df[name].str.strip() != "")
                parse_date_field(df, name, layout, ctx, opts, file, given, into=into)
        if "status" in column_map:
            status = df["status"].str.strip().str.lower()
            unknown = data & ~status.isin(_KEEP | set(_REASONS))
            if unknown.any():
                raise DataError(
                    f"{func}: {file} row {df.loc[unknown, '_row'].iloc[0]}, column "
                    f"{column_map['status']!r}: unknown status "
                    f"{df.loc[unknown, 'status'].iloc[0]!r}; known are "
                    f"{sorted(_KEEP | set(_REASONS))}. Map the statuses first or drop "
                    "'status' from column_map."
                )
            df["status"] = status
        return df["order_id"].str.strip()

    def exclude(rows: pd.DataFrame, ctx, opts) -> pd.Series:
        if "status" not in column_map:
            return pd.Series(None, index=rows.index, dtype=object)
        reason = rows["status"].map(_REASONS).astype(object)
        if opts.include_tests:
            reason[reason == "test order"] = np.nan
        return reason.where(reason.notna(), None)

    def aggregate(kept: pd.DataFrame, ctx, opts) -> pd.DataFrame:
        def text(name):
            if name not in column_map:
                return pd.Series(np.nan, index=kept.index, dtype="str")
            return kept[name].str.strip().where(kept[name].str.strip() != "")

        if "channel" not in column_map:
            ctx.warnings.append(
                "No channel column: channel is missing. Add 'channel' to column_map."
            )
        refunded = kept["refunded"] if "refunded" in column_map else 0.0
        orders = pd.DataFrame(
            {
                "order_id": kept["order_id"].str.strip(),
                "date": kept["_date"],
                "customer_id": text("customer_id"),
                "channel": text("channel"),
                "location": text("location"),
                "revenue": kept["revenue"],
                "cost": kept["cost"] if "cost" in column_map else np.nan,
                "discount": kept["discount"] if "discount" in column_map else np.nan,
                "refunded": pd.Series(refunded, index=kept.index).fillna(0.0),
                "currency": text("currency"),
                "source_file": kept["_file"],
                "source_row": kept["_row"],
            }
        )
        orders["status"] = np.select(
            [
                (orders["refunded"] > 0) & (orders["refunded"] >= orders["revenue"] - 0.005),
                orders["refunded"] > 0,
            ],
            ["refunded", "partially_refunded"],
            "completed",
        )
        return orders

    def refunds(kept: pd.DataFrame, orders: pd.DataFrame, ctx, opts) -> pd.DataFrame | None:
        if "refund_date" not in column_map or "refunded" not in column_map:
            return None
        return dated_refunds(kept, orders, ctx)

    return Source(
        layout,
        prepare,
        exclude,
        aggregate,
        kept_reason="order kept",
        refunds=refunds,
        refund_dates=(
            "Refunds are dated on their orders unless column_map names a 'refund_date' "
            "column, which dates them when issued (the refunds table)."
        ),
    )
