"""catalog() and compute(): shape, partial flags, frequencies, engines, no mutation, imports."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import kpi_fixtures as fx
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from smbkit import SmbkitError, kpis
from smbkit.kpis._catalog import REGISTRY

UNITS = {
    "USD",
    "%",
    "count",
    "days",
    "points",
    "times",
    "USD per employee",
    "USD per day",
    "tasks per week",
}
PERSPECTIVES = {"financial", "customer", "internal process", "learning and growth"}
FINANCIAL = {"net_margin", "inventory_turnover", "dso", "dio", "dpo", "cash_conversion_cycle"}
REQUIRED = {
    "revenue",
    "revenue_growth",
    "revenue_growth_yoy",
    "orders",
    "average_order_value",
    "gross_margin",
    "net_margin",
    "active_customers",
    "new_customers",
    "repeat_purchase_rate",
    "retention_rate",
    "churn_rate",
    "csat",
    "nps",
    "conversion_rate",
    "cac",
    "employee_turnover",
    "inventory_turnover",
    "dso",
    "dio",
    "dpo",
    "cash_conversion_cycle",
    "revenue_per_employee",
}


def test_catalog_columns_and_values():
    cat = kpis.catalog()
    assert list(cat.columns) == [
        "kpi",
        "label",
        "definition",
        "formula",
        "unit",
        "polarity",
        "kind",
        "perspective",
        "tables",
        "freqs",
    ]
    assert REQUIRED <= set(cat["kpi"])
    assert cat["kpi"].is_unique
    assert set(cat["unit"]) <= UNITS
    assert set(cat["polarity"]) == {"higher", "lower"}
    assert set(cat["kind"]) == {"leading", "lagging"}
    assert set(cat["perspective"]) == PERSPECTIVES
    assert cat["kpi"].str.fullmatch(r"[a-z][a-z0-9_]*").all()
    assert cat["definition"].str.endswith(".").all()
    lower = set(cat.loc[cat["polarity"] == "lower", "kpi"])
    assert {
        "churn_rate",
        "cac",
        "dso",
        "dio",
        "cash_conversion_cycle",
        "employee_turnover",
    } <= lower
    assert "revenue" not in lower
    row = cat.set_index("kpi").loc["net_margin"]
    assert (row["tables"], row["freqs"]) == ("financials", "M,Q,Y")
    assert cat.set_index("kpi").loc["cac", "tables"] == "marketing,orders"


def test_catalog_and_functions_come_from_one_registry():
    cat = kpis.catalog()
    assert list(cat["kpi"]) == list(REGISTRY)
    for name in cat["kpi"]:
        assert callable(getattr(kpis, name)), name
        assert name in kpis.__all__


def test_compute_shape_and_dtypes():
    out = kpis.compute(fx.tables())
    assert list(out.columns) == ["period", "kpi", "value", "unit", "partial", "note"]
    assert out["period"].dtype == "datetime64[ns]"
    assert out["value"].dtype == "float64"
    assert out["partial"].dtype == bool
    assert set(out["kpi"]) == set(REGISTRY)
    # Sorted by kpi, then period.
    assert out.equals(out.sort_values(["kpi", "period"], kind="stable").reset_index(drop=True))
    units = kpis.catalog().set_index("kpi")["unit"]
    assert (out["unit"] == out["kpi"].map(units)).all()
    assert not np.isinf(out["value"]).any()
    # Every NaN carries its reason.
    assert out.loc[out["value"].isna(), "note"].notna().all()


def test_compute_matches_the_plain_functions():
    tables = fx.tables()
    out = kpis.compute(tables, kpis=["gross_margin", "retention_rate", "cac", "dso"])
    pairs = {
        "gross_margin": kpis.gross_margin(tables["orders"]),
        "retention_rate": kpis.retention_rate(tables["orders"]),
        "cac": kpis.cac(tables["marketing"], tables["orders"]),
        "dso": kpis.dso(tables["financials"]),
    }
    for name, expected in pairs.items():
        got = out[out["kpi"] == name][["period", "value", "note"]].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected)


def test_compute_partial_flags():
    out = kpis.compute(fx.tables(), kpis=["revenue", "retention_rate", "net_margin", "nps"])
    flags = out.set_index(["kpi", "period"])["partial"]
    # Orders run 2024-01-03 to 2024-03-30: January and March are partial.
    assert flags["revenue"].tolist() == [True, False, True]
    # Retention compares with the previous month, so February (vs partial January) is too.
    assert flags["retention_rate"].tolist() == [True, True, True]
    # Surveys run 2024-01-02 to 2024-03-31.
    assert flags["nps"].tolist() == [True, False, False]
    assert not flags["net_margin"].any()
    quarterly = kpis.compute(fx.tables(), kpis=["net_margin"], freq="Q")
    # 2023-Q4 holds December only.
    assert quarterly["partial"].tolist() == [True, False]


@pytest.mark.parametrize("freq", ["W", "M", "Q", "Y"])
def test_compute_frequencies(freq):
    out = kpis.compute(fx.tables(), freq=freq)
    present = set(out["kpi"])
    if freq == "W":
        assert present == set(REGISTRY) - FINANCIAL
        assert (out["period"].dt.day_of_week == 0).all()
    else:
        assert present == set(REGISTRY)
        assert (out["period"].dt.day == 1).all()
    revenue = out.loc[out["kpi"] == "revenue", "value"]
    assert revenue.sum() == pytest.approx(420.0)


def test_compute_accepts_a_single_name_and_keeps_order_of_sorting():
    out = kpis.compute(fx.tables(), kpis="orders")
    assert out["kpi"].unique().tolist() == ["orders"]
    assert out["value"].tolist() == [4.0, 3.0, 5.0]


def test_compute_skips_kpis_without_their_tables_when_none_requested():
    out = kpis.compute({"orders": fx.orders()})
    assert "cac" not in set(out["kpi"])
    assert "net_margin" not in set(out["kpi"])
    assert "revenue" in set(out["kpi"])


def test_inputs_are_not_mutated():
    tables = fx.tables()
    before = {k: v.copy() for k, v in tables.items()}
    kpis.compute(tables, freq="W")
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, before[name])


ENGINES = {
    "polars_eager": pl.from_pandas,
    "polars_lazy": lambda frame: pl.from_pandas(frame).lazy(),
    "duckdb": lambda frame: duckdb.from_arrow(pa.Table.from_pandas(frame, preserve_index=False)),
}


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize("freq", ["W", "M", "Q", "Y"])
def test_every_kpi_is_identical_on_every_engine(engine, freq):
    tables = fx.tables()
    expected = kpis.compute(tables, freq=freq)
    got = kpis.compute({name: ENGINES[engine](t) for name, t in tables.items()}, freq=freq)
    pd.testing.assert_frame_equal(got, expected)


def test_mixed_engines_in_one_call():
    tables = fx.tables()
    mixed = dict(
        tables,
        orders=pl.from_pandas(tables["orders"]).lazy(),
        marketing=ENGINES["duckdb"](tables["marketing"]),
    )
    pd.testing.assert_frame_equal(kpis.compute(mixed), kpis.compute(tables))


def test_import_is_light():
    code = (
        "import sys, smbkit.kpis; "
        "bad = [m for m in ('statsmodels', 'seaborn', 'ipywidgets', 'scipy.optimize', "
        "'polars', 'duckdb') if m in sys.modules]; print(bad)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_date_typed_columns_work_on_polars_and_duckdb():
    # Parquet and SQL often give day columns as DATE rather than a timestamp.
    web = pl.from_pandas(fx.web()).with_columns(pl.col("date").cast(pl.Date))
    assert kpis.conversion_rate(web)["value"].tolist()[:2] == [2.5, 5.0]
    fin = pl.from_pandas(fx.financials()).with_columns(pl.col("month").cast(pl.Date))
    assert kpis.dso(fin)["value"].tolist()[1:3] == [5.0, 7.5]
    con = duckdb.connect()
    rel = con.sql(
        "select DATE '2024-01-01' + i::INTEGER as date, 100 as sessions, 3 as conversions "
        "from range(60) t(i)"
    )
    out = kpis.conversion_rate(rel)
    assert out["period"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")]
    assert out["value"].tolist() == [3.0, 3.0]


def test_money_units_follow_the_currency():
    orders = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01", "2024-01-31"]),
            "revenue": [10.0, 30.0],
            "refunded": [0.0, 0.0],
        }
    )
    usd = kpis.compute({"orders": orders}, kpis=["revenue", "orders"])
    eur = kpis.compute({"orders": orders}, kpis=["revenue", "orders"], currency="EUR")
    assert dict(zip(eur["kpi"], eur["unit"], strict=True)) == {"orders": "count", "revenue": "EUR"}
    # only the label changes: nothing is converted
    pd.testing.assert_series_equal(eur["value"], usd["value"])
    with pytest.raises(SmbkitError, match=r"`currency` must be a three-letter ISO 4217 code"):
        kpis.compute({"orders": orders}, kpis=["revenue"], currency="euro")
