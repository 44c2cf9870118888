"""Delivery KPIs (tasks): hand-checked values on every engine, refusals and properties.

The expected numbers are worked out in the docstring of tests/kpi_fixtures.py; the
overdue stock is also checked against a plain-pandas count on random task tables.
"""

from __future__ import annotations

import duckdb
import kpi_fixtures as fx
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smbkit import DataError, kpis

NAN = float("nan")
JAN, FEB, MAR = (pd.Timestamp(f"2024-{m:02d}-01") for m in (1, 2, 3))
DELIVERY = [
    "tasks_completed",
    "on_time_rate",
    "cycle_time_days",
    "throughput",
    "open_overdue_tasks",
]


def _duckdb(frame: pd.DataFrame):
    return duckdb.from_arrow(pa.Table.from_pandas(frame, preserve_index=False))


CONSTRUCTORS = {
    "pandas": lambda frame: frame.copy(),
    "polars_eager": pl.from_pandas,
    "polars_lazy": lambda frame: pl.from_pandas(frame).lazy(),
    "duckdb": _duckdb,
}


@pytest.fixture(params=list(CONSTRUCTORS))
def constructor(request):
    return CONSTRUCTORS[request.param]


def check(result, periods, values, notes=None):
    assert list(result.columns) == ["period", "value", "note"]
    assert result["value"].dtype == "float64"
    assert list(result["period"]) == [pd.Timestamp(p) for p in periods]
    np.testing.assert_allclose(result["value"].to_numpy(), np.array(values, float), rtol=1e-12)
    if notes is not None:
        assert [None if pd.isna(n) else n for n in result["note"]] == notes


# --- hand-checked values -------------------------------------------------------------------


def test_monthly(constructor):
    tasks = constructor(fx.tasks())
    months = [JAN, FEB, MAR]
    check(kpis.tasks_completed(tasks), months, [3, 2, 3], [None] * 3)
    check(kpis.on_time_rate(tasks), months, [100, 50, 100 / 3], [None] * 3)
    check(kpis.cycle_time_days(tasks), months, [22 / 3, 18.6875, 19], [None] * 3)
    check(kpis.throughput(tasks), months, [3 / (31 / 7), 2 / (29 / 7), 3 / (31 / 7)])
    check(kpis.open_overdue_tasks(tasks), months, [2, 2, 2], [None] * 3)


def test_weekly(constructor):
    tasks = constructor(fx.tasks())
    done = kpis.tasks_completed(tasks, freq="W")
    assert (done["period"].dt.day_of_week == 0).all()
    assert done["period"].iloc[0] == JAN
    # Nothing was completed in the week of 1 January: the counts are 0, the ratios NaN.
    assert done["value"].iloc[0] == 0.0 and done["note"].iloc[0] == "no tasks completed in period"
    on_time = kpis.on_time_rate(tasks, freq="W")
    assert np.isnan(on_time["value"].iloc[0])
    assert on_time["note"].iloc[0] == (
        "no tasks with a due date completed in period: denominator is zero"
    )
    cycle = kpis.cycle_time_days(tasks, freq="W")
    assert np.isnan(cycle["value"].iloc[0]) and "no tasks completed" in cycle["note"].iloc[0]
    # Week of 8 January: T01 (9th, on time) and T02 (12th, on its due day).
    assert on_time["value"].iloc[1] == 100.0
    assert cycle["value"].iloc[1] == pytest.approx((22 / 3 + 9.75) / 2)
    overdue = kpis.open_overdue_tasks(tasks, freq="W").set_index("period")["value"]
    assert overdue[pd.Timestamp("2024-01-15")] == 1.0  # T03, due Sat 20 January
    assert overdue[pd.Timestamp("2024-01-08")] == 0.0
    # Throughput is tasks_completed when weekly.
    pd.testing.assert_frame_equal(kpis.throughput(tasks, freq="W"), done)


def test_quarterly(constructor):
    tasks = constructor(fx.tasks())
    check(kpis.tasks_completed(tasks, freq="Q"), [JAN], [8])
    check(kpis.on_time_rate(tasks, freq="Q"), [JAN], [400 / 7])  # T01 T02 T06 T08 of 7
    check(kpis.throughput(tasks, freq="Q"), [JAN], [8 / 13])  # Q1 2024: 91 days
    # Overdue read on 25 March, the data's last day: T05 and T09 (T10 is due in April).
    check(kpis.open_overdue_tasks(tasks, freq="Q"), [JAN], [2])


def test_compute_adds_delivery_only_with_tasks():
    assert not set(DELIVERY) & set(kpis.compute({"orders": fx.orders()})["kpi"])
    out = kpis.compute({"tasks": fx.tasks()})
    assert set(out["kpi"]) == set(DELIVERY)
    flags = out.set_index(["kpi", "period"])["partial"]
    # Tasks run 2 January to 25 March: January and March are partial.
    assert flags["on_time_rate"].tolist() == [True, False, True]
    units = dict(zip(out["kpi"], out["unit"], strict=False))
    assert units["throughput"] == "tasks per week" and units["cycle_time_days"] == "days"
    for name in DELIVERY:
        got = out[out["kpi"] == name][["period", "value", "note"]].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, getattr(kpis, name)(fx.tasks()))


@pytest.mark.parametrize("engine", ["polars_eager", "polars_lazy", "duckdb"])
@pytest.mark.parametrize("freq", ["W", "M", "Q", "Y"])
def test_every_engine_gives_the_same_frame(engine, freq):
    expected = kpis.compute({"tasks": fx.tasks()}, freq=freq)
    got = kpis.compute({"tasks": CONSTRUCTORS[engine](fx.tasks())}, freq=freq)
    pd.testing.assert_frame_equal(got, expected)


def test_catalog_rows():
    cat = kpis.catalog().set_index("kpi")
    assert cat.loc["open_overdue_tasks", ["polarity", "kind", "perspective"]].tolist() == [
        "lower",
        "leading",
        "internal process",
    ]
    assert cat.loc["cycle_time_days", "polarity"] == "lower"
    assert (cat.loc[DELIVERY, "tables"] == "tasks").all()


def test_refusals():
    tasks = fx.tasks()
    tasks.loc[4, "completed"] = pd.Timestamp("2024-01-01")
    with pytest.raises(
        DataError,
        match=r"tasks_completed: 1 of 11 rows \(9.09 %\) in tasks were completed before they "
        r"were created \(column 'completed', completed=\) \(first: row 4",
    ):
        kpis.tasks_completed(tasks)
    with pytest.raises(DataError, match=r"tasks has 2 rows with task_id 'T01'"):
        kpis.on_time_rate(fx.tasks().assign(task_id=["T01"] * 2 + [f"X{i}" for i in range(9)]))
    with pytest.raises(DataError, match=r"have a missing value \(column 'created', created=\)"):
        kpis.throughput(fx.tasks().assign(created=pd.NaT))
    with pytest.raises(DataError, match=r"column 'done' \(completed=\) is not in tasks"):
        kpis.cycle_time_days(fx.tasks(), completed="done")
    with pytest.raises(DataError, match=r"\(while computing KPI 'open_overdue_tasks'\)"):
        kpis.compute({"tasks": tasks}, kpis=["open_overdue_tasks"])


def test_input_is_not_mutated():
    tasks = fx.tasks()
    before = tasks.copy()
    kpis.compute({"tasks": tasks}, freq="W")
    pd.testing.assert_frame_equal(tasks, before)


# --- properties ---------------------------------------------------------------------------

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = pd.Timestamp("2024-01-01")


@st.composite
def task_tables(draw, min_size=1, max_size=30):
    n = draw(st.integers(min_size, max_size))
    rows = []
    for i in range(n):
        created = START + pd.Timedelta(minutes=draw(st.integers(0, 120 * 24 * 60)))
        due = draw(st.one_of(st.none(), st.integers(-10, 60)))
        due = None if due is None else created.normalize() + pd.Timedelta(days=due)
        done = draw(st.one_of(st.none(), st.integers(0, 60 * 24 * 60)))
        done = None if done is None else created + pd.Timedelta(minutes=done)
        rows.append((f"T{i}", created, due, done))
    return pd.DataFrame(rows, columns=["task_id", "created", "due", "completed"]).astype(
        {c: "datetime64[ns]" for c in ("created", "due", "completed")}
    )


freqs = st.sampled_from(["W", "M", "Q"])


@SETTINGS
@given(task_tables(), freqs)
def test_rates_within_bounds_and_counts_add_up(tasks, freq):
    out = kpis.compute({"tasks": tasks}, freq=freq)

    def value(kpi):
        return out.loc[out["kpi"] == kpi, "value"]

    rate = value("on_time_rate").dropna()
    assert ((rate >= 0) & (rate <= 100)).all()
    assert (value("open_overdue_tasks") >= 0).all()
    assert (value("cycle_time_days").dropna() >= 0).all()
    assert value("tasks_completed").sum() == tasks["completed"].notna().sum()
    assert out.loc[out["value"].isna(), "note"].notna().all()
    assert not np.isinf(out["value"]).any()


@SETTINGS
@given(task_tables(), freqs)
def test_overdue_matches_a_plain_pandas_count(tasks, freq):
    out = kpis.open_overdue_tasks(tasks, freq=freq)
    last = max(tasks["created"].max(), tasks["completed"].max()).normalize()
    alias = {"W": "W-SUN", "M": "M", "Q": "Q"}[freq]
    due_day = tasks["due"].dt.normalize()
    for period, value in zip(out["period"], out["value"], strict=True):
        end = pd.Period(period, freq=alias).end_time.normalize() + pd.Timedelta(days=1)
        at = min(end, last + pd.Timedelta(days=1))  # the end, or the data's last day
        late = (
            (tasks["created"] < at)
            & (due_day < at)
            & (tasks["completed"].isna() | (tasks["completed"] >= at))
        )
        assert value == late.sum()


@settings(max_examples=15, deadline=None)
@given(task_tables(min_size=2), st.randoms(use_true_random=False), freqs)
def test_reordering_rows_changes_nothing(tasks, rnd, freq):
    order = list(range(len(tasks)))
    rnd.shuffle(order)
    shuffled = tasks.iloc[order].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        kpis.compute({"tasks": shuffled}, freq=freq),
        kpis.compute({"tasks": tasks}, freq=freq),
    )


@settings(max_examples=15, deadline=None)
@given(task_tables(), freqs)
def test_duckdb_agrees_with_pandas(tasks, freq):
    expected = kpis.compute({"tasks": tasks}, freq=freq)
    pd.testing.assert_frame_equal(kpis.compute({"tasks": _duckdb(tasks)}, freq=freq), expected)
