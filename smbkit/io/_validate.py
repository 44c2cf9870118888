"""Validate canonical tables with pandera (lazy: every failure at once), in plain sentences."""

from __future__ import annotations

import pandas as pd

__all__ = ["STATUSES", "problems"]

STATUSES = ("completed", "partially_refunded", "refunded")
_CENT = 0.005


def _orders_schema():
    import pandera.pandas as pa

    def money(nullable: bool, *checks):
        return pa.Column(float, list(checks), nullable=nullable, coerce=False)

    return pa.DataFrameSchema(
        {
            "order_id": pa.Column(
                str, pa.Check(lambda s: ~s.duplicated(keep=False), error="are duplicated ids")
            ),
            "date": pa.Column("datetime64[us]", nullable=False),
            "customer_id": pa.Column(str, nullable=True),
            "channel": pa.Column(str, nullable=True),
            "location": pa.Column(str, nullable=True),
            "revenue": money(False, pa.Check.ge(0, error="are negative")),
            "cost": money(True, pa.Check.ge(0, error="are negative")),
            "discount": money(True, pa.Check.ge(0, error="are negative")),
            "refunded": money(False, pa.Check.ge(0, error="are negative")),
            "status": pa.Column(str, pa.Check.isin(STATUSES, error="are not a known status")),
        },
        checks=[
            pa.Check(
                lambda d: d["refunded"] <= d["revenue"] + _CENT,
                error="have refunded above revenue",
            )
        ],
        strict=False,
        ordered=True,
    )


def _plain(check: str) -> str:
    return {
        "not_nullable": "are missing",
        "column_in_dataframe": "is not a column",
        "dtype": "have the wrong type",
    }.get(check.split("(")[0], check)


def problems(data: pd.DataFrame, table: str = "orders") -> list[str]:
    """Return one sentence per failed check of the canonical ``table`` (empty when valid).

    Rows are named by ``source_file``/``source_row`` when the table has them.
    """
    import pandera.pandas as pa

    schema = {"orders": _orders_schema}[table]()
    try:
        schema.validate(data, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    else:
        return []
    out = []
    n = len(data)
    frame_checks = cases["schema_context"] == "DataFrameSchema"
    cases = cases.assign(column=cases["column"].where(~frame_checks, "refunded"))
    cases = cases.drop_duplicates(["column", "check", "index"])
    for (column, check), group in cases.groupby(["column", "check"], sort=False):
        index = group["index"].dropna()
        bad = len(index) if len(index) else 1
        sentence = f"{column}: "
        if len(index):
            first = index.iloc[0]
            share = 100.0 * bad / n if n else 0.0
            where = f"row {first}"
            if "source_row" in data and first in data.index:
                where = f"{data.loc[first, 'source_file']} row {data.loc[first, 'source_row']}"
            value = group["failure_case"].iloc[0]
            if column in data and first in data.index:
                value = data.loc[first, column]
            if hasattr(value, "item"):
                value = value.item()
            sentence += (
                f"{bad:,} of {n:,} rows ({share:.2f} %) {_plain(str(check))}, e.g. {where} "
                f"value {value!r}"
            )
        else:
            sentence += f"{_plain(str(check))} ({group['failure_case'].iloc[0]})"
        out.append(sentence)
    return out
