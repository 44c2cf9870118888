"""Product-engagement KPIs (events), customers.n_day_retention and analysis.feature_adoption.

Exact values on the hand-made events of tests/kpi_fixtures.py (worked out in its
docstring) on pandas, polars eager and lazy and DuckDB; the refusals; and hypothesis
properties on random event tables, with a plain-pandas oracle for the trailing windows.
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

from smbkit import DataError, SmbkitError, analysis, customers, kpis

JAN, FEB = pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")
WEEKS = pd.date_range("2024-01-01", "2024-02-19", freq="7D")
ENGAGEMENT = ["dau", "wau", "mau", "stickiness"]


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


def values(out: pd.DataFrame) -> list[float]:
    assert list(out.columns) == ["period", "value", "note"]
    assert out["value"].dtype == "float64"
    return out["value"].tolist()


# --- hand-checked values -------------------------------------------------------------------


def test_monthly(constructor):
    events = constructor(fx.events())
    out = kpis.dau(events)
    assert out["period"].tolist() == [JAN, FEB]
    assert values(out) == pytest.approx([8 / 31, 1 / 20])
    assert values(kpis.wau(events)) == pytest.approx([51 / 31, 1 / 20])
    assert values(kpis.mau(events)) == pytest.approx([143 / 31, 28 / 20])
    assert values(kpis.stickiness(events)) == pytest.approx([800 / 143, 100 / 28])


def test_weekly(constructor):
    events = constructor(fx.events())
    dau = kpis.dau(events, freq="W")
    assert dau["period"].tolist() == list(WEEKS)
    assert values(dau) == pytest.approx([5 / 7, 3 / 7, 0, 0, 0, 0, 0, 1 / 2])
    # Weeks from 15 January to 12 February have no events, and say so.
    assert dau["note"].tolist()[2:7] == ["no events in period"] * 5
    assert dau["note"].iloc[[0, 1, 7]].isna().all()
    assert values(kpis.wau(events, freq="W"))[:2] == pytest.approx([25 / 7, 18 / 7])
    mau = values(kpis.mau(events, freq="W"))
    assert mau[:2] == pytest.approx([25 / 7, 33 / 7])
    assert mau[-2:] == pytest.approx([1 / 7, 1 / 2])  # Feb 12-18: 1, 0 x 6; Feb 19-20: 0, 1
    assert values(kpis.stickiness(events, freq="W"))[:2] == pytest.approx([20.0, 100 / 11])


def test_identified_users_only():
    # Without devices, the anonymous p9 (Jan 2) and p1 (Jan 3) events are left out.
    out = kpis.dau(fx.events(), device_id=None)
    assert values(out) == pytest.approx([6 / 31, 1 / 20])
    assert values(kpis.mau(fx.events(), device_id=None))[0] < values(kpis.mau(fx.events()))[0]


def test_compute_adds_engagement_only_with_events_and_flags_short_windows():
    assert not set(ENGAGEMENT) & set(kpis.compute({"orders": fx.orders()})["kpi"])
    out = kpis.compute({"events": fx.events()})
    assert set(out["kpi"]) == set(ENGAGEMENT)
    flags = out.set_index(["kpi", "period"])["partial"]
    # Events run 1 January to 20 February: February is partial. WAU's windows reach
    # before 1 January until 7 January, MAU's until 30 January: January is partial too.
    assert flags["dau"].tolist() == [False, True]
    assert flags["wau"].tolist() == [True, True]
    assert flags["mau"].tolist() == [True, True]
    assert flags["stickiness"].tolist() == [True, True]
    weekly = kpis.compute({"events": fx.events()}, freq="W").set_index(["kpi", "period"])
    assert weekly.loc["wau", "partial"].tolist()[:2] == [True, False]
    assert weekly.loc["mau", "partial"].tolist()[:5] == [True] * 5
    assert not weekly.loc["mau", "partial"].iloc[5]  # week of 5 February


def test_compute_matches_the_plain_functions():
    out = kpis.compute({"events": fx.events()}, freq="W")
    for name in ENGAGEMENT:
        got = out[out["kpi"] == name][["period", "value", "note"]].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, getattr(kpis, name)(fx.events(), freq="W"))
    units = dict(zip(out["kpi"], out["unit"], strict=False))
    assert units == {"dau": "count", "wau": "count", "mau": "count", "stickiness": "%"}


@pytest.mark.parametrize("engine", ["polars_eager", "polars_lazy", "duckdb"])
@pytest.mark.parametrize("freq", ["W", "M", "Q", "Y"])
def test_every_engine_gives_the_same_frame(engine, freq):
    expected = kpis.compute({"events": fx.events()}, freq=freq)
    got = kpis.compute({"events": CONSTRUCTORS[engine](fx.events())}, freq=freq)
    pd.testing.assert_frame_equal(got, expected)


def test_catalog_rows():
    cat = kpis.catalog().set_index("kpi")
    assert cat.loc["stickiness", ["unit", "polarity", "kind", "perspective"]].tolist() == [
        "%",
        "higher",
        "leading",
        "customer",
    ]
    assert (cat.loc[ENGAGEMENT, "tables"] == "events").all()


def test_refusals():
    events = fx.events()
    events.loc[3, "device_id"] = None  # the anonymous p9 event
    with pytest.raises(
        DataError,
        match=r"dau: 1 of 11 rows \(9.09 %\) in events have neither a user_id nor a device_id "
        r"\(column 'user_id', user_id=\) \(first: row 3\)",
    ):
        kpis.dau(events)
    anonymous = fx.events().assign(user_id=None)
    with pytest.raises(DataError, match=r"every row of events has a missing user id"):
        kpis.mau(anonymous, device_id=None)
    with pytest.raises(DataError, match=r"column 'ts' \(time=\) is not in events"):
        kpis.wau(fx.events(), time="ts")
    with pytest.raises(DataError, match=r"'time' \(time=\) in events is timezone-aware"):
        kpis.dau(fx.events().assign(time=fx.events()["time"].dt.tz_localize("UTC")))
    with pytest.raises(SmbkitError, match=r"the value for `freq` must be one of"):
        kpis.stickiness(fx.events(), freq="D")


def test_input_is_not_mutated():
    events = fx.events()
    before = events.copy()
    kpis.compute({"events": events}, freq="W")
    customers.n_day_retention(events)
    analysis.feature_adoption(events, event="export")
    pd.testing.assert_frame_equal(events, before)


# --- n-day retention -------------------------------------------------------------------------


def test_n_day_retention(constructor):
    out = customers.n_day_retention(constructor(fx.events()), days=(1, 2, 7, 50))
    assert out.index.name == "cohort"
    assert out.index.tolist() == [JAN]
    assert out["users"].tolist() == [5] and out["users"].dtype == "int64"
    # Day 2: u1; day 7: u2; day 50: u2, of the two users (u1, u2) whose day 50 is observed.
    assert out.loc[JAN, [1, 2, 7, 50]].tolist() == pytest.approx([0.0, 0.2, 0.2, 0.5])
    weekly = customers.n_day_retention(constructor(fx.events()), days=[2, 50], freq="W")
    assert weekly["users"].tolist() == [4, 1]
    assert weekly[2].tolist() == [0.25, 0.0]
    assert weekly[50].iloc[0] == 0.5 and np.isnan(weekly[50].iloc[1])  # u3's day 50: Feb 29


def test_n_day_retention_default_days_and_daily_cohorts():
    out = customers.n_day_retention(fx.events(), freq="D")
    assert list(out.columns) == ["users", 1, 7, 30]
    assert out["users"].tolist() == [2, 1, 1, 1]  # Jan 1 (u1, u2), Jan 2, Jan 3, Jan 10
    assert out.loc[JAN, 7] == 0.5  # u2 on 8 January


def test_n_day_retention_refusals():
    for bad in [(), (0, 7), (1, 1), (1.5,), "7", (True,)]:
        with pytest.raises(SmbkitError, match=r"n_day_retention: `days` must be whole numbers"):
            customers.n_day_retention(fx.events(), days=bad)
    with pytest.raises(SmbkitError, match=r"the value for `freq` must be one of"):
        customers.n_day_retention(fx.events(), freq="H")
    with pytest.raises(DataError, match=r"n_day_retention: every row of events has a missing"):
        customers.n_day_retention(fx.events().assign(user_id=None), device_id=None)


# --- feature adoption ----------------------------------------------------------------------


def test_feature_adoption(constructor):
    out = analysis.feature_adoption(constructor(fx.events()), event=["export", "login"])
    assert list(out.columns) == [
        "period",
        "event",
        "users",
        "active_users",
        "adoption_pct",
        "partial",
        "note",
    ]
    assert out["period"].tolist() == [JAN, FEB, JAN, FEB]
    assert out["event"].tolist() == ["export", "export", "login", "login"]
    assert out["users"].tolist() == [2, 0, 3, 1]
    assert out["active_users"].tolist() == [5, 1, 5, 1]
    assert out["adoption_pct"].tolist() == pytest.approx([40.0, 0.0, 60.0, 100.0])
    assert out["partial"].tolist() == [False, True, False, True]
    assert out["note"].isna().all()


def test_feature_adoption_weekly_periods_without_users():
    out = analysis.feature_adoption(fx.events(), event="export", freq="W")
    assert len(out) == 8
    assert out["users"].tolist()[:2] == [1, 1]  # u1 on Jan 1; u2 on Jan 8
    assert np.isnan(out["adoption_pct"].iloc[2])
    assert out["note"].iloc[2] == "no active users in period: denominator is zero"


def test_feature_adoption_refusals():
    with pytest.raises(
        DataError,
        match=r"feature_adoption: event 'exprt' never occurs in events \(column 'event', "
        r"event_column=\). Did you mean 'export'\? Events that occur include "
        r"\['export', 'login', 'view'\]",
    ):
        analysis.feature_adoption(fx.events(), event=["login", "exprt"])
    with pytest.raises(SmbkitError, match=r"`event` must be a name or a list of names"):
        analysis.feature_adoption(fx.events(), event=[])
    with pytest.raises(SmbkitError, match=r"`event` names 'login' more than once"):
        analysis.feature_adoption(fx.events(), event=["login", "login"])
    with pytest.raises(DataError, match=r"have a missing value \(column 'event', event=\)"):
        analysis.feature_adoption(fx.events().assign(event=None), event="login")


# --- properties ---------------------------------------------------------------------------

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = pd.Timestamp("2024-01-01")


@st.composite
def event_tables(draw, min_size=1, max_size=40):
    n = draw(st.integers(min_size, max_size))
    minutes = draw(st.lists(st.integers(0, 120 * 24 * 60), min_size=n, max_size=n))
    users = draw(st.lists(st.sampled_from(["a", "b", "c", "d", None]), min_size=n, max_size=n))
    devices = draw(st.lists(st.sampled_from(["p", "q", "r"]), min_size=n, max_size=n))
    names = draw(st.lists(st.sampled_from(["login", "export"]), min_size=n, max_size=n))
    return pd.DataFrame(
        {
            "user_id": pd.Series(users, dtype="str"),
            "device_id": pd.Series(devices, dtype="str"),
            "time": START + pd.to_timedelta(minutes, unit="min"),
            "event": pd.Series(names, dtype="str"),
        }
    )


freqs = st.sampled_from(["W", "M", "Q"])


def _oracle(events: pd.DataFrame, width: int, freq: str) -> pd.Series:
    """Mean over each period's covered days of the users active in the trailing window."""
    who = events["user_id"].map(lambda u: f"u:{u}", na_action="ignore")
    who = who.fillna("d:" + events["device_id"])
    day = events["time"].dt.normalize()
    days = pd.date_range(day.min(), day.max(), freq="D")
    counts = [who[(day > d - pd.Timedelta(days=width)) & (day <= d)].nunique() for d in days]
    alias = {"W": "W-SUN", "M": "M", "Q": "Q"}[freq]
    periods = days.to_period(alias).start_time
    return pd.Series(counts, index=days, dtype="float64").groupby(periods).mean()


@SETTINGS
@given(event_tables(), freqs)
def test_windows_match_a_plain_pandas_count_and_dau_wau_mau_are_ordered(events, freq):
    out = kpis.compute({"events": events}, freq=freq)

    def value(kpi):
        return out.loc[out["kpi"] == kpi, "value"].to_numpy()

    for kpi, width in (("dau", 1), ("wau", 7), ("mau", 30)):
        np.testing.assert_allclose(value(kpi), _oracle(events, width, freq).to_numpy())
    assert (value("dau") <= value("wau") + 1e-12).all()
    assert (value("wau") <= value("mau") + 1e-12).all()
    sticky = value("stickiness")
    sticky = sticky[~np.isnan(sticky)]
    assert ((sticky >= 0) & (sticky <= 100 + 1e-9)).all()
    assert out.loc[out["value"].isna(), "note"].notna().all()


@settings(max_examples=15, deadline=None)
@given(event_tables(min_size=2), st.randoms(use_true_random=False), freqs)
def test_reordering_rows_changes_nothing(events, rnd, freq):
    order = list(range(len(events)))
    rnd.shuffle(order)
    shuffled = events.iloc[order].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        kpis.compute({"events": shuffled}, freq=freq),
        kpis.compute({"events": events}, freq=freq),
    )
    pd.testing.assert_frame_equal(
        customers.n_day_retention(shuffled, days=(1, 7)),
        customers.n_day_retention(events, days=(1, 7)),
    )


@settings(max_examples=15, deadline=None)
@given(event_tables(), freqs)
def test_polars_lazy_agrees_with_pandas(events, freq):
    expected = kpis.compute({"events": events}, freq=freq)
    got = kpis.compute({"events": pl.from_pandas(events).lazy()}, freq=freq)
    pd.testing.assert_frame_equal(got, expected)


@SETTINGS
@given(event_tables(), st.sampled_from(["D", "W", "M"]))
def test_retention_and_adoption_are_shares(events, freq):
    kept = customers.n_day_retention(events, days=(1, 3, 30), freq=freq)
    shares = kept[[1, 3, 30]].to_numpy()
    shares = shares[~np.isnan(shares)]
    assert ((shares >= 0) & (shares <= 1)).all()
    who = events["user_id"].fillna("device " + events["device_id"])
    assert kept["users"].sum() == who.nunique()
    if freq != "D":
        adoption = analysis.feature_adoption(events, event=sorted(set(events["event"])), freq=freq)
        pct = adoption["adoption_pct"].dropna()
        assert ((pct >= 0) & (pct <= 100)).all()
        assert (adoption["users"] <= adoption["active_users"]).all()
