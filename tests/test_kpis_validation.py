"""Every message smbkit.kpis raises, checked with match= (function, argument, value, fix)."""

from __future__ import annotations

import duckdb
import kpi_fixtures as fx
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from smbkit import DataError, SmbkitError, kpis


def test_missing_column_names_function_role_and_column():
    data = fx.orders().drop(columns="refunded")
    with pytest.raises(
        DataError,
        match=r"revenue: column 'refunded' \(refunded=\) is not in "
        r"orders; columns are \['order_id'.*Pass refunded='<your column>'",
    ):
        kpis.revenue(data)


def test_missing_column_suggests_a_close_name():
    data = fx.orders().rename(columns={"revenue": "revenu"})
    with pytest.raises(
        DataError,
        match=r"gross_margin: column 'revenue' \(revenue=\).*"
        r"Did you mean 'revenu'\?",
    ):
        kpis.gross_margin(data)


def test_negative_revenue_gives_count_and_first_row():
    data = fx.orders()
    data.loc[3, "revenue"] = -5.0
    with pytest.raises(
        DataError,
        match=r"revenue: 1 of 12 rows \(8.33 %\) in orders have "
        r"negative revenue \(column 'revenue', revenue=\) \(first: row 3, "
        r"value -5.0\)",
    ):
        kpis.revenue(data)


def test_first_row_is_the_pandas_index_label():
    data = fx.orders()
    data.index = [f"r{i}" for i in range(12)]
    data.loc["r5", "refunded"] = 200.0
    data.loc["r7", "refunded"] = 200.0
    with pytest.raises(
        DataError,
        match=r"2 of 12 rows .* have refunded greater than revenue "
        r".*\(first: row r5, value 200.0\); a refund cannot exceed",
    ):
        kpis.average_order_value(data)


@pytest.mark.parametrize(
    "make",
    [lambda f: pl.from_pandas(f).lazy(), lambda f: duckdb.from_arrow(pa.Table.from_pandas(f))],
)
def test_lazy_tables_name_the_first_bad_row_by_date(make):
    data = fx.orders()
    data.loc[3, "revenue"] = -5.0
    with pytest.raises(DataError, match=r"first: row with date=2024-01-24 17:45:00, value -5.0"):
        kpis.revenue(make(data))


def test_negative_refund_and_cost_and_discount():
    data = fx.orders()
    data.loc[0, "refunded"] = -1.0
    with pytest.raises(DataError, match="have a negative refund"):
        kpis.refund_rate(data)
    data = fx.orders()
    data.loc[1, "cost"] = -1.0
    with pytest.raises(DataError, match=r"gross_profit: 1 of 12 .* have a negative cost"):
        kpis.gross_profit(data)
    data = fx.orders()
    data.loc[1, "discount"] = -1.0
    with pytest.raises(DataError, match=r"discount_rate: .* have a negative discount"):
        kpis.discount_rate(data)


def test_missing_values_are_errors_not_dropped():
    data = fx.orders()
    data.loc[2, "date"] = pd.NaT
    with pytest.raises(
        DataError,
        match=r"orders have a missing value \(column 'date', date=\) "
        r"\(first: row 2\); fill or remove those rows first",
    ):
        kpis.orders(data)
    data = fx.orders()
    data.loc[2, "cost"] = float("nan")
    with pytest.raises(DataError, match=r"gross_margin: .* missing value \(column 'cost'"):
        kpis.gross_margin(data)


def test_unparseable_dates():
    data = fx.orders()
    data["date"] = data["date"].dt.strftime("%Y-%m-%d").astype(object)
    data.loc[4, "date"] = "yesterday"
    with pytest.raises(
        DataError,
        match=r"revenue: 1 of 12 rows .* have dates that cannot be "
        r"read .*\(first: row 4, value 'yesterday'\); write dates as YYYY-MM-DD",
    ):
        kpis.revenue(data)


def test_wrong_date_types():
    data = fx.orders()
    data["date"] = data["date"].dt.tz_localize("UTC")
    with pytest.raises(
        DataError,
        match=r"column 'date' \(date=\) in orders is timezone-aware "
        r"\(UTC\).*tz_localize\(None\)",
    ):
        kpis.revenue(data)
    data = fx.orders()
    data["date"] = 5
    with pytest.raises(DataError, match=r"holds Int64 values, not dates"):
        kpis.revenue(data)


def test_text_in_a_money_column():
    data = fx.orders()
    data["revenue"] = data["revenue"].astype("str")
    with pytest.raises(
        DataError,
        match=r"column 'revenue' \(revenue=\) in orders holds String "
        r"values, not numbers; .*pandas.to_numeric",
    ):
        kpis.revenue(data)


@pytest.mark.parametrize(
    ("func", "column", "bad", "message"),
    [
        (kpis.nps, "nps_score", 11, r"nps: 1 of 11 rows .* have a score outside 0-10 .*value 11"),
        (kpis.nps, "nps_score", -1, r"score outside 0-10"),
        (kpis.csat, "csat_score", 0, r"csat: 1 of 11 rows .* have a score outside 1-5 .*value 0"),
        (kpis.csat, "csat_score", 6, r"score outside 1-5"),
        (kpis.nps, "nps_score", 9.5, r"not a whole number .*value 9.5"),
    ],
)
def test_survey_scores_out_of_range(func, column, bad, message):
    data = fx.surveys()
    data[column] = data[column].astype("float64")
    data.loc[2, column] = bad
    with pytest.raises(DataError, match=message):
        func(data)


def test_web_and_marketing_values():
    web = fx.web()
    web.loc[0, "sessions"] = -1
    with pytest.raises(DataError, match=r"conversion_rate: .* have negative sessions"):
        kpis.conversion_rate(web)
    marketing = fx.marketing()
    marketing.loc[0, "spend"] = -1.0
    with pytest.raises(DataError, match=r"cac: 1 of 5 rows .* in marketing have negative spend"):
        kpis.cac(marketing, fx.orders())


def test_cac_tables_must_overlap():
    marketing = fx.marketing()
    marketing["date"] = marketing["date"] - pd.DateOffset(years=3)
    with pytest.raises(
        DataError,
        match=r"cac: marketing \(2021-01-01 to 2021-03-31\) and orders "
        r"\(2024-01-03 to 2024-03-30\) do not overlap",
    ):
        kpis.cac(marketing, fx.orders())


def test_employee_dates():
    staff = fx.employees()
    staff.loc[1, "exit_date"] = pd.Timestamp("2022-01-01")
    with pytest.raises(
        DataError,
        match=r"employee_turnover: 1 of 4 rows .* have an exit before "
        r"the hire .*value '2022-01-01 00:00:00'",
    ):
        kpis.employee_turnover(staff)
    with pytest.raises(DataError, match=r"have exit_date after as_of=2024-02-15"):
        kpis.employee_turnover(fx.employees(), as_of="2024-02-15")


def test_financials_months():
    with pytest.raises(
        DataError,
        match=r"net_margin: financials is missing 1 month\(s\) .*first "
        r"missing: 2024-01-01",
    ):
        kpis.net_margin(fx.financials().drop(index=1))
    data = fx.financials()
    data.loc[1, "month"] = pd.Timestamp("2024-01-15")
    with pytest.raises(DataError, match=r"not the first day of a month \(first: 2024-01-15\)"):
        kpis.net_margin(data)
    data = fx.financials()
    data.loc[2, "month"] = pd.Timestamp("2024-01-01")
    with pytest.raises(DataError, match=r"more than one row for month 2024-01-01"):
        kpis.dso(data)
    data = fx.financials()
    data.loc[0, "inventory"] = -3.0
    with pytest.raises(DataError, match=r"dio: 1 of 4 rows .* have a negative balance"):
        kpis.dio(data)


def test_financial_kpis_are_not_weekly():
    with pytest.raises(
        DataError,
        match=r"net_margin: financials has one row per month, so "
        r"freq='W' is finer than the data; use freq='M', 'Q' or 'Y'",
    ):
        kpis.net_margin(fx.financials(), freq="W")


def test_bad_freq_option():
    with pytest.raises(
        SmbkitError,
        match=r"revenue: the value for `freq` must be one of "
        r"\['W', 'M', 'Q', 'Y'\], but 'monthly' was passed",
    ):
        kpis.revenue(fx.orders(), freq="monthly")
    with pytest.raises(SmbkitError, match=r"compute: the value for `freq`.*'D' was passed"):
        kpis.compute(fx.tables(), freq="D")


def test_empty_table_and_not_a_table():
    with pytest.raises(DataError, match=r"revenue: orders has no rows"):
        kpis.revenue(fx.orders().iloc[:0])
    with pytest.raises(DataError, match=r"orders must be a table .* got Series"):
        kpis.revenue(fx.orders()["revenue"])


def test_compute_unknown_kpi_suggests_a_name():
    with pytest.raises(
        SmbkitError,
        match=r"compute: unknown KPI 'revnue' in `kpis`. Did you "
        r"mean 'revenue'\?",
    ):
        kpis.compute(fx.tables(), kpis=["revnue"])


def test_compute_missing_table_says_what_to_do():
    with pytest.raises(
        DataError,
        match=r"compute: KPI 'cac' needs table\(s\) \['marketing'\], "
        r"but tables has \['orders'\]; add them or leave 'cac' out",
    ):
        kpis.compute({"orders": fx.orders()}, kpis=["cac"])


def test_compute_freq_finer_than_source():
    with pytest.raises(
        DataError,
        match=r"compute: KPI 'net_margin' comes from financials and "
        r"cannot be computed at freq='W'.*\['M', 'Q', 'Y'\]",
    ):
        kpis.compute(fx.tables(), kpis=["net_margin"], freq="W")


def test_compute_nothing_computable():
    with pytest.raises(
        DataError,
        match=r"compute: no KPI can be computed at freq='W' from "
        r"tables \['financials'\]",
    ):
        kpis.compute({"financials": fx.financials()}, freq="W")


def test_compute_tables_must_be_a_mapping():
    with pytest.raises(SmbkitError, match=r"compute: `tables` must be a mapping .* got list"):
        kpis.compute([fx.orders()])
