"""Every entry point that reads orders refuses the same bad input, on every engine.

Three checks live once, in the tier-1 engine (smbkit/kpis/_engine.py), and every public
function inherits them: an ``order_id`` that repeats in an orders table, inf or -inf in a
number column, and a column name that repeats. Each message is matched in full enough to
show it names the column, an example value and the fix.
"""

from __future__ import annotations

import duckdb
import kpi_fixtures as fx
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from smbkit import DataError, analysis, customers, datasets, kpis


def _duckdb(frame: pd.DataFrame):
    return duckdb.from_arrow(pa.Table.from_pandas(frame, preserve_index=False))


CONSTRUCTORS = {
    "pandas": lambda frame: frame.copy(),
    "polars_eager": pl.from_pandas,
    "polars_lazy": lambda frame: pl.from_pandas(frame).lazy(),
    "duckdb": _duckdb,
}
EAGER = {"pandas", "polars_eager"}


@pytest.fixture(params=list(CONSTRUCTORS))
def engine(request):
    return request.param


# Every public function that reads an orders table (or transactions standing for one),
# called with the fixture's other tables.
ORDER_ENTRY_POINTS = {
    "compute": lambda o: kpis.compute({"orders": o, "marketing": fx.marketing()}),
    "revenue": kpis.revenue,
    "revenue_growth": kpis.revenue_growth,
    "revenue_growth_yoy": kpis.revenue_growth_yoy,
    "orders": kpis.orders,
    "average_order_value": kpis.average_order_value,
    "gross_profit": kpis.gross_profit,
    "gross_margin": kpis.gross_margin,
    "discount_rate": kpis.discount_rate,
    "refund_rate": kpis.refund_rate,
    "active_customers": kpis.active_customers,
    "new_customers": kpis.new_customers,
    "repeat_purchase_rate": kpis.repeat_purchase_rate,
    "retention_rate": kpis.retention_rate,
    "churn_rate": kpis.churn_rate,
    "cac": lambda o: kpis.cac(fx.marketing(), o),
    "revenue_per_employee": lambda o: kpis.revenue_per_employee(o, fx.employees()),
    "summary_from_transactions": customers.summary_from_transactions,
    "rfm": customers.rfm,
    "cohort_retention": customers.cohort_retention,
    "customers.churn_rate": customers.churn_rate,
}
TABLE_NAME = {"summary_from_transactions": "transactions", "rfm": "transactions"}


def _func_name(name: str) -> str:
    return name.split(".")[-1]


def _twice(orders: pd.DataFrame) -> pd.DataFrame:
    """O08 (row 7, 1 March) takes the id of O04 (row 3, 24 January)."""
    orders = orders.copy()
    orders.loc[7, "order_id"] = "O04"
    return orders


# ------------------------------------------------------------------ repeated order ids


@pytest.mark.parametrize("name", list(ORDER_ENTRY_POINTS))
def test_a_repeated_order_id_is_refused(name, engine):
    table = TABLE_NAME.get(name, "orders")
    if engine in EAGER:
        where = r"first at rows 3 and 7"
    else:
        where = (
            r"a lazy table has no row numbers; the first two are dated 2024-01-24 17:45:00 "
            r"and 2024-03-01 07:05:00"
        )
    tail = r" \(while computing KPI '[a-z_]+'\)" if name == "compute" else ""
    with pytest.raises(
        DataError,
        match=rf"^{_func_name(name)}: {table} has 2 rows with order_id 'O04' \({where}\); an "
        r"order must appear once\. Sum its lines into one row, or read the export with "
        rf"smbkit\.io\.read_orders which does\.{tail}$",
    ):
        ORDER_ENTRY_POINTS[name](CONSTRUCTORS[engine](_twice(fx.orders())))


def test_the_count_of_every_repeat_is_given_when_several_ids_repeat(engine):
    orders = _twice(fx.orders())
    orders.loc[[9, 10, 11], "order_id"] = "O02"
    with pytest.raises(
        DataError,
        # the id whose first row comes first (eager) or the smallest id (lazy): both O02
        match=r"^revenue: orders has 4 rows with order_id 'O02' \((first at rows 1 and 9|.*"
        r"dated 2024-01-10 12:00:00 and 2024-03-15 16:40:00)\); .* In all, 4 of 12 rows "
        r"repeat an earlier order_id\.$",
    ):
        kpis.revenue(CONSTRUCTORS[engine](orders))


def test_the_pandas_index_labels_the_rows():
    orders = _twice(fx.orders())
    orders.index = [f"r{i}" for i in range(12)]
    with pytest.raises(DataError, match=r"\(first at rows r3 and r7\)"):
        kpis.orders(orders)


def test_integer_order_ids_are_shown_as_numbers(engine):
    orders = fx.orders().assign(order_id=[1001 + i for i in range(12)])
    orders.loc[7, "order_id"] = 1001
    with pytest.raises(DataError, match=r"orders has 2 rows with order_id 1001 \("):
        kpis.revenue(CONSTRUCTORS[engine](orders))


def test_missing_order_ids_are_not_repeats(engine):
    orders = fx.orders()
    orders["order_id"] = orders["order_id"].astype(object)
    orders.loc[[2, 6], "order_id"] = None
    out = kpis.revenue(CONSTRUCTORS[engine](orders))
    assert out["value"].tolist() == [90.0, 125.0, 205.0]


def test_order_lines_may_repeat_an_order_id(engine):
    # Analyses read raw rows such as order lines: an order id there repeats by design.
    lines = pd.DataFrame(
        {
            "order_id": ["A", "A", "B", "B"],
            "date": pd.to_datetime(["2025-01-03", "2025-01-03", "2025-02-04", "2025-02-04"]),
            "product": ["bread", "bun", "bread", "bun"],
            "location": ["North", "North", "South", "North"],
            "quantity": [2, 1, 3, 1],
            "revenue": [8.0, 2.0, 12.0, 2.0],
        }
    )
    make = CONSTRUCTORS[engine]
    budget = pd.DataFrame(
        {"date": pd.to_datetime(["2025-01-01", "2025-02-01"]), "revenue": [10.0, 10.0]}
    )
    table = analysis.budget_vs_actual(make(lines), budget)
    assert table["actual"].tolist() == [10.0, 14.0]
    jan, feb = lines.iloc[:2], lines.iloc[2:]
    pvm = analysis.price_volume_mix(make(jan), make(feb), revenue="revenue")
    assert pvm.gap == pytest.approx(4.0)
    drill = analysis.drill_down(make(jan), make(feb), dimensions="location")
    assert set(drill["member"]) == {"North", "South"}


# -------------------------------------------------------------------- inf and -inf

NOT_FINITE = (
    r"have a value that is not finite \(inf or -inf\) \(column '{column}', {role}=\) "
    r"\(first: {where}, value {value}\); amounts and counts must be finite numbers"
)


def _where(engine: str, eager_row: object, date: str) -> str:
    return f"row {eager_row}" if engine in EAGER else f"row with date={date}"


@pytest.mark.parametrize("value", [np.inf, -np.inf])
@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("revenue", "revenue"),
        ("gross_margin", "cost"),
        ("discount_rate", "discount"),
        ("refund_rate", "refunded"),
        ("rfm", "revenue"),
        ("summary_from_transactions", "revenue"),
    ],
)
def test_inf_in_an_orders_money_column_is_refused(name, column, value, engine):
    orders = fx.orders()
    orders.loc[4, column] = value
    table = TABLE_NAME.get(name, "orders")
    role = "value" if table == "transactions" else column
    message = NOT_FINITE.format(
        column=column,
        role=role,
        where=_where(engine, 4, "2024-02-02 10:00:00"),
        value=str(value),
    )
    funcs = {**ORDER_ENTRY_POINTS, "rfm": customers.rfm}
    with pytest.raises(DataError, match=rf"^{name}: 1 of 12 rows \(8\.33 %\) in {table} {message}"):
        funcs[name](CONSTRUCTORS[engine](orders))


def test_inf_in_compute_names_compute_and_the_kpi(engine):
    orders = fx.orders()
    orders.loc[0, "revenue"] = np.inf
    with pytest.raises(
        DataError,
        match=r"^compute: 1 of 12 rows .* in orders have a value that is not finite .*"
        r"\(while computing KPI 'revenue'\)$",
    ):
        kpis.compute({"orders": CONSTRUCTORS[engine](orders)})


def test_inf_in_other_number_columns_is_refused(engine):
    make = CONSTRUCTORS[engine]
    marketing = fx.marketing()
    marketing.loc[1, "spend"] = np.inf
    with pytest.raises(
        DataError, match=r"cac: 1 of 5 rows .* in marketing have a value that is not finite"
    ):
        kpis.cac(make(marketing), fx.orders())
    financials = fx.financials()
    financials.loc[2, "cogs"] = -np.inf
    with pytest.raises(
        DataError,
        match=r"dio: 1 of 4 rows .* in financials have a value that is not finite .*"
        r"\(column 'cogs', cogs=\).*value -inf",
    ):
        kpis.dio(make(financials))
    web = fx.web().astype({"sessions": "float64"})
    web.loc[0, "sessions"] = np.inf
    with pytest.raises(DataError, match=r"conversion_rate: .* in web have a value that is not"):
        kpis.conversion_rate(make(web))


def test_nan_keeps_meaning_missing():
    orders = fx.orders()
    orders.loc[2, "revenue"] = np.nan
    with pytest.raises(DataError, match=r"in orders have a missing value \(column 'revenue'"):
        kpis.revenue(orders)


@pytest.mark.parametrize("kind", ["polars_eager", "polars_lazy", "duckdb"])
def test_a_nan_that_is_not_null_is_missing_too(kind):
    # polars and DuckDB keep NaN apart from null (pandas does not): a NaN amount is as
    # missing on every engine, where it used to be summed silently.
    orders = pl.from_pandas(fx.orders()).with_columns(
        pl.when(pl.col("order_id") == "O05")
        .then(float("nan"))
        .otherwise(pl.col("revenue"))
        .alias("revenue")
    )
    data = {
        "polars_eager": orders,
        "polars_lazy": orders.lazy(),
        "duckdb": duckdb.from_arrow(orders.to_arrow()),
    }[kind]
    where = "row 4" if kind == "polars_eager" else "row with date=2024-02-02 10:00:00"
    with pytest.raises(
        DataError,
        match=rf"^revenue: 1 of 12 rows \(8\.33 %\) in orders have a missing value \(column "
        rf"'revenue', revenue=\) \(first: {where}\); fill or remove those rows first",
    ):
        kpis.revenue(data)


def test_inf_in_analysis_rows_is_refused(engine):
    make = CONSTRUCTORS[engine]
    base = pd.DataFrame(
        {"product": ["bread", "bun"], "quantity": [10.0, 5.0], "revenue": [40.0, 10.0]}
    )
    actual = base.assign(revenue=[44.0, np.inf])
    where = "row 1" if engine in EAGER else r"row \(a lazy table\)"
    value = ", value inf" if engine in EAGER else ""
    with pytest.raises(
        DataError,
        match=rf"^price_volume_mix: 1 of 2 rows \(50\.00 %\) in data_actual have a value that "
        rf"is not finite \(inf or -inf\) \(column 'revenue', revenue=\) \(first: {where}"
        rf"{value}\); amounts and counts must be finite numbers",
    ):
        analysis.price_volume_mix(make(base), make(actual), revenue="revenue")
    shops = pd.DataFrame({"shop": ["North", "South"], "revenue": [5.0, -np.inf]})
    with pytest.raises(
        DataError, match=r"^drill_down: 1 of 2 rows .* in data_base have a value that is not"
    ):
        analysis.drill_down(make(shops), make(shops.assign(revenue=[1.0, 2.0])), dimensions="shop")
    actual = pd.DataFrame(
        {"date": pd.to_datetime(["2025-01-03", "2025-01-04"]), "revenue": [1.0, np.inf]}
    )
    budget = pd.DataFrame({"date": pd.to_datetime(["2025-01-01"]), "revenue": [10.0]})
    with pytest.raises(
        DataError,
        match=r"^budget_vs_actual: 1 of 2 rows .* in actual have a value that is not finite "
        r"\(inf or -inf\) \(column 'revenue', value=\)",
    ):
        analysis.budget_vs_actual(make(actual), budget)


# ------------------------------------------------------------- repeated column names


def _repeat_cost_as_revenue(orders: pd.DataFrame) -> pd.DataFrame:
    out = orders.copy()
    out.columns = ["revenue" if c == "cost" else c for c in out.columns]
    return out


REPEATED_NAMES = (
    r"orders has 2 columns named 'revenue'; columns are \['order_id', 'date', 'customer_id', "
    r"'channel', 'location', 'revenue', 'revenue', 'discount', 'refunded', 'status'\]\. A "
    r"column name must appear once, or smbkit cannot tell which column is meant\. Rename or "
    r"drop the extra copies first"
)


@pytest.mark.parametrize("name", list(ORDER_ENTRY_POINTS))
def test_a_repeated_column_name_is_refused_on_pandas(name):
    table = TABLE_NAME.get(name, "orders")
    message = REPEATED_NAMES.replace("orders has", f"{table} has")
    with pytest.raises(DataError, match=rf"^{_func_name(name)}: {message}"):
        ORDER_ENTRY_POINTS[name](_repeat_cost_as_revenue(fx.orders()))


@pytest.mark.parametrize("name", ["compute", "revenue", "rfm", "cohort_retention"])
def test_a_repeated_column_name_is_refused_on_duckdb(name):
    # DuckDB keeps both columns; narwhals' schema would silently keep one of them.
    con = duckdb.connect()
    frame = fx.orders()  # noqa: F841  (read by the SQL below)
    relation = con.sql(
        "select order_id, date, customer_id, channel, location, revenue, cost as revenue, "
        "discount, refunded, status from frame"
    )
    table = TABLE_NAME.get(name, "orders")
    message = REPEATED_NAMES.replace("orders has", f"{table} has")
    with pytest.raises(DataError, match=rf"^{_func_name(name)}: {message}"):
        ORDER_ENTRY_POINTS[name](relation)


@pytest.mark.parametrize("name", ["compute", "revenue", "rfm", "cohort_retention"])
def test_a_repeated_column_name_is_refused_on_polars_lazy(name):
    # polars cannot build an eager frame with a repeated name; a lazy plan fails only
    # when resolved, with polars' own error: smbkit turns it into a DataError.
    plan = pl.from_pandas(fx.orders()).lazy().select(pl.all(), pl.col("cost").alias("revenue"))
    table = TABLE_NAME.get(name, "orders")
    with pytest.raises(
        DataError,
        match=rf"^{_func_name(name)}: {table} has more than one column named 'revenue' \(the "
        r"engine says: projections contained duplicate output name 'revenue'\); a column name "
        r"must appear once, or smbkit cannot tell which column is meant\. Rename or drop the "
        r"extra copies first \(in polars: give each expression its own name with \.alias",
    ):
        ORDER_ENTRY_POINTS[name](plan)


def test_polars_eager_frames_cannot_repeat_a_name():
    with pytest.raises(pl.exceptions.DuplicateError):
        pl.DataFrame({"revenue": [1.0]}).hstack([pl.Series("revenue", [2.0])])
    with pytest.raises(ValueError, match="non-unique"):
        pl.from_pandas(_repeat_cost_as_revenue(fx.orders()))


def test_several_repeated_names_are_all_listed():
    orders = fx.orders()
    orders.columns = ["order_id", "date", "date", "channel", "location", "revenue", "revenue",
                      "discount", "refunded", "status"]  # fmt: skip
    with pytest.raises(
        DataError,
        match=r"^revenue: orders has 2 columns named 'date' \(1 more name\(s\) repeat: "
        r"\['revenue'\]\); columns are",
    ):
        kpis.revenue(orders)


def test_repeated_names_are_refused_by_the_analyses():
    sales = pd.DataFrame(
        [["2025-01-03", 1.0, 2.0], ["2025-01-04", 3.0, 4.0]], columns=["date", "revenue", "revenue"]
    )
    sales["date"] = pd.to_datetime(sales["date"])
    budget = pd.DataFrame({"date": pd.to_datetime(["2025-01-01"]), "revenue": [10.0]})
    with pytest.raises(DataError, match=r"^budget_vs_actual: actual has 2 columns named 'revenue'"):
        analysis.budget_vs_actual(sales, budget)
    rows = pd.DataFrame([["bread", 1.0, 2.0]], columns=["product", "quantity", "quantity"])
    with pytest.raises(DataError, match=r"^price_volume_mix: data_base has 2 columns named"):
        analysis.price_volume_mix(rows, rows, revenue="quantity")
    with pytest.raises(DataError, match=r"^drill_down: data_base has 2 columns named 'quantity'"):
        analysis.drill_down(rows, rows, dimensions="product", value="quantity")
    weekly = pd.DataFrame(
        [[pd.Timestamp("2025-01-06") + pd.Timedelta(weeks=i), i, i, i] for i in range(30)],
        columns=["date", "sales", "sales", "ads"],
    )
    with pytest.raises(DataError, match=r"^lead_lag: data has 2 columns named 'sales'"):
        analysis.lead_lag(weekly, outcome="sales", candidates=["ads"])


def test_repeated_names_are_refused_by_the_customer_models():
    summary = pd.DataFrame([[1, 10, 30, 30]], columns=["frequency", "recency", "T", "T"])
    with pytest.raises(
        DataError,
        match=r"^fit_bgnbd: summary has 2 columns named 'T'; columns are \['frequency', "
        r"'recency', 'T', 'T'\]\. A column name must appear once",
    ):
        customers.fit_bgnbd(summary)


# ------------------------------------------------------------------ bundled datasets


@pytest.mark.slow
def test_the_bundled_orders_pass_every_check():
    crumb = datasets.load("daily_crumb")
    out = kpis.compute({"orders": crumb.orders}, kpis=["revenue", "active_customers"])
    assert out["value"].notna().any()
    assert len(customers.rfm(crumb.orders)) > 0
    for name in ("cdnow", "harbor_co", "northwind_supply"):
        orders = datasets.load(name).orders
        assert orders["order_id"].is_unique, name
        assert len(customers.cohort_retention(orders)) > 0, name
