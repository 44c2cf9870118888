"""smbkit.customers: hand-checked values on every engine, published CDNOW figures, properties.

The small table below is worked out by hand; each tier-1 function runs on pandas, polars
(eager and lazy) and DuckDB through the ``constructor`` fixture.

transactions (2024, Monday 1 January starts week 1)
----------------------------------------------------
customer  date             revenue
a         Mon 01-01        10      \\ the same day: one purchase occasion worth 15
a         Mon 01-01         5      /
(guest)   Wed 01-10        50      left out of every customer measure
a         Mon 01-15        20
b         Sat 01-20         8
c         Mon 02-05        12
a         Sat 02-10        30
c         Fri 03-01         6      the last day of the data

By day, to 2024-03-01: a has purchase days 01-01, 01-15, 02-10: frequency 2, recency
40 days, T 60 days (2024 is a leap year), monetary (20 + 30) / 2 = 25; b: 0, 0, 41, NaN;
c: 1, 25, 25, 6.
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError, customers, datasets, kpis

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NAN = float("nan")


def transactions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": pd.Series(["a", "a", None, "a", "b", "c", "a", "c"], dtype="str"),
            "date": pd.to_datetime(
                [
                    "2024-01-01 09:00",
                    "2024-01-01 17:30",
                    "2024-01-10 12:00",
                    "2024-01-15 10:00",
                    "2024-01-20 11:00",
                    "2024-02-05 08:00",
                    "2024-02-10 15:00",
                    "2024-03-01 16:00",
                ]
            ).astype("datetime64[ns]"),
            "revenue": [10.0, 5.0, 50.0, 20.0, 8.0, 12.0, 30.0, 6.0],
        }
    )


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


def _frame(rows: dict) -> pd.DataFrame:
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ summary_from_transactions
def test_summary_by_day(constructor):
    out = customers.summary_from_transactions(constructor(transactions()))
    assert list(out.columns) == [
        "customer_id",
        "first_purchase",
        "frequency",
        "recency",
        "T",
        "monetary",
    ]
    assert out["customer_id"].tolist() == ["a", "b", "c"]
    assert out["first_purchase"].tolist() == list(
        pd.to_datetime(["2024-01-01", "2024-01-20", "2024-02-05"])
    )
    assert out["frequency"].tolist() == [2, 1 - 1, 1]
    assert out["recency"].tolist() == [40, 0, 25]
    assert out["T"].tolist() == [60, 41, 25]
    np.testing.assert_allclose(out["monetary"], [25.0, NAN, 6.0])
    assert str(out["frequency"].dtype) == "int64" and str(out["T"].dtype) == "int64"


def test_summary_by_week_and_month(constructor):
    data = constructor(transactions())
    week = customers.summary_from_transactions(data, freq="W")
    # weeks of 01-01, 01-15 and 02-05 (Sat 02-10); the end (Fri 03-01) is in the week of 02-26
    assert week["frequency"].tolist() == [2, 0, 1]
    assert week["recency"].tolist() == [5, 0, 3]
    assert week["T"].tolist() == [8, 6, 3]
    np.testing.assert_allclose(week["monetary"], [25.0, NAN, 6.0])
    month = customers.summary_from_transactions(data, freq="M")
    # a: January (15 + 20 = 35, the first period) and February (30)
    assert month["frequency"].tolist() == [1, 0, 1]
    assert month["recency"].tolist() == [1, 0, 1]
    assert month["T"].tolist() == [2, 2, 1]
    np.testing.assert_allclose(month["monetary"], [30.0, NAN, 6.0])


def test_summary_calibration_and_holdout(constructor):
    out = customers.summary_from_transactions(
        constructor(transactions()), calibration_end="2024-01-31", observation_end="2024-03-01"
    )
    # c first bought after the calibration period: not yet a customer, left out
    assert out["customer_id"].tolist() == ["a", "b"]
    assert out["frequency"].tolist() == [1, 0]
    assert out["recency"].tolist() == [14, 0]
    assert out["T"].tolist() == [30, 11]
    np.testing.assert_allclose(out["monetary"], [20.0, NAN])
    assert out["frequency_holdout"].tolist() == [1, 0]
    np.testing.assert_allclose(out["monetary_holdout"], [30.0, NAN])
    assert out["duration_holdout"].tolist() == [30, 30]


def test_summary_observation_end_ignores_later_rows():
    out = customers.summary_from_transactions(transactions(), observation_end="2024-02-29")
    row = out.set_index("customer_id").loc["c"]
    assert (row["frequency"], row["T"]) == (0, 24)


def test_summary_without_money():
    out = customers.summary_from_transactions(transactions().drop(columns="revenue"), monetary=None)
    assert "monetary" not in out.columns
    assert out["frequency"].tolist() == [2, 0, 1]


def test_summary_does_not_mutate_its_input():
    data = transactions()
    before = data.copy()
    customers.summary_from_transactions(data, calibration_end="2024-01-31")
    pd.testing.assert_frame_equal(data, before)


def test_summary_reproduces_fader_hardie_on_the_cdnow_sample():
    """Fader, Hardie & Lee (2005): x, t_x, T (weeks) and mean repeat spend of all 2,357
    customers of the CDNOW 1/10 sample over the 39-week calibration period ending
    1997-09-30 (tests/fixtures/cdnow/README.md gives the source)."""
    ref = pd.read_csv(
        FIXTURES / "cdnow" / "fader_hardie_sample_summary.csv", dtype={"customer_id": "str"}
    )
    cdnow = datasets.load("cdnow").transactions
    sample = cdnow[cdnow["customer_id"].isin(ref["customer_id"])]
    out = customers.summary_from_transactions(
        sample, calibration_end="1997-09-30", observation_end="1998-06-30"
    )
    got = ref.merge(out, on="customer_id", how="left", validate="one_to_one")
    assert len(got) == 2_357 and got["frequency"].notna().all()
    assert (got["frequency"] == got["x"]).all()
    tol = 0.005 + 1e-9  # the published values are rounded to 2 decimals
    assert (got["recency"] / 7 - got["t_x"]).abs().max() <= tol
    assert (got["T_y"] / 7 - got["T_x"]).abs().max() <= tol
    assert (got["monetary"].fillna(0.0) - got["zbar"]).abs().max() <= tol
    # the calibration period holds 39 weeks for the first day's customers
    assert got["T_y"].max() == 272


def test_summary_on_the_cdnow_master_cohort():
    cdnow = datasets.load("cdnow").transactions
    out = customers.summary_from_transactions(cdnow)
    assert len(out) == 23_570
    assert out["first_purchase"].max() < pd.Timestamp("1997-04-01")
    # purchase days, not records, make frequency: fewer than the records less the first
    per_customer = cdnow.groupby("customer_id").size().sort_index()
    assert (out["frequency"].to_numpy() <= per_customer.to_numpy() - 1).all()
    assert (out["frequency"] < per_customer.to_numpy() - 1).sum() > 1_000


# ------------------------------------------------------------------------------------ rfm
def test_rfm_hand_values(constructor):
    out = customers.rfm(constructor(transactions()))
    # as of 2024-03-01: a last bought 02-10 (20 days), 4 records, 65; b 41 days, 1, 8;
    # c 0 days, 2, 18. With n = 3 the best of three scores 1 + floor(5 * 2 / 3) = 4.
    assert out["customer_id"].tolist() == ["a", "b", "c"]
    assert out["recency_days"].tolist() == [20, 41, 0]
    assert out["frequency"].tolist() == [4, 1, 2]
    np.testing.assert_allclose(out["monetary"], [65.0, 8.0, 18.0])
    assert out["rfm_score"].tolist() == ["244", "111", "422"]
    assert out["segment"].astype(str).tolist() == ["At risk", "Lost", "Potential loyalists"]
    assert list(out["segment"].cat.categories) == list(customers.SEGMENTS)


def test_rfm_as_of_ignores_later_rows():
    out = customers.rfm(transactions(), as_of="2024-02-05").set_index("customer_id")
    assert out.loc["a", "frequency"] == 3 and out.loc["a", "recency_days"] == 21
    assert out.loc["c", "frequency"] == 1 and out.loc["c", "recency_days"] == 0


def test_score_quintiles_and_ties():
    assert customers.score(np.arange(10)).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert customers.score([7, 7, 7]).tolist() == [1, 1, 1]
    assert customers.score([1, 2], higher_is_better=False).tolist() == [3, 1]
    assert customers.score([]).tolist() == []


def test_segment_rules_cover_every_score_pair_once():
    rules = customers.rfm_segments()
    assert rules["segment"].tolist() == list(customers.SEGMENTS)
    covered = []
    for _, row in rules.iterrows():
        r_range = range(int(row["r_scores"][0]), int(row["r_scores"][-1]) + 1)
        f_range = range(int(row["f_scores"][0]), int(row["f_scores"][-1]) + 1)
        covered += [(r, f) for r in r_range for f in f_range]
    assert sorted(covered) == [(r, f) for r in range(1, 6) for f in range(1, 6)]
    assert rules["action"].str.len().min() > 10


# ------------------------------------------------------------------------ cohort_retention
def test_cohort_retention_hand_values(constructor):
    out = customers.cohort_retention(constructor(transactions()))
    expected = pd.DataFrame(
        {"customers": [2, 1], 0: [1.0, 1.0], 1: [0.5, 1.0], 2: [0.0, NAN]},
        index=pd.Index(pd.to_datetime(["2024-01-01", "2024-02-01"]), name="cohort"),
    )
    expected.index = expected.index.astype("datetime64[ns]")
    pd.testing.assert_frame_equal(out, expected)


def test_cohort_retention_weekly_and_observation_end():
    out = customers.cohort_retention(transactions(), freq="W", observation_end="2024-02-11")
    assert out.index[0] == pd.Timestamp("2024-01-01") and out["customers"].sum() == 3
    # a: weeks 0, 2 and 5 after 01-01; the 01-01 cohort is observed for weeks 0-5
    row = out.loc[pd.Timestamp("2024-01-01")]
    assert row[[0, 1, 2, 3, 4, 5]].tolist() == [1.0, 0.0, 1.0, 0.0, 0.0, 1.0]
    assert out.columns[-1] == 5


def test_cohort_retention_on_cdnow_cohorts_add_up():
    orders = datasets.load("cdnow").orders
    out = customers.cohort_retention(orders)
    assert out.index.tolist() == list(pd.to_datetime(["1997-01-01", "1997-02-01", "1997-03-01"]))
    assert out["customers"].sum() == 23_570
    assert (out[0] == 1.0).all()
    assert out.loc[pd.Timestamp("1997-01-01"), 17] > 0 and np.isnan(out.iloc[2, -1])


def test_cohort_retention_matches_plain_pandas_on_the_bakery():
    orders = datasets.load("daily_crumb").orders
    out = customers.cohort_retention(orders, freq="Q")
    known = orders.dropna(subset=["customer_id"])
    quarter = known["date"].dt.year * 4 + known["date"].dt.quarter - 1
    first = quarter.groupby(known["customer_id"]).transform("min")
    age = quarter - first
    active = pd.DataFrame({"c": known["customer_id"], "cohort": first, "age": age}).pivot_table(
        index="cohort", columns="age", values="c", aggfunc="nunique", fill_value=0
    )
    shares = active.div(active[0], axis=0)
    got = out.drop(columns="customers").to_numpy()
    want = shares.to_numpy(dtype=float)
    observed = ~np.isnan(got)
    np.testing.assert_allclose(got[observed], want[observed])
    assert (want[~observed] == 0).all()


# ------------------------------------------------------------------------------- churn_rate
def test_churn_rate_hand_value(constructor):
    # complete months: January and February (March holds only its 1st). January's
    # customers {a, b}; in February {a, c}: 1 of 2 kept.
    assert customers.churn_rate(constructor(transactions())) == pytest.approx(0.5)


def test_churn_rate_pools_the_kpi_series():
    orders = datasets.load("daily_crumb").orders
    pooled = customers.churn_rate(orders)
    table = kpis.compute({"orders": orders}, kpis=["active_customers", "churn_rate"])
    activity = table[table["kpi"] == "active_customers"].set_index("period")["value"]
    churn = table[(table["kpi"] == "churn_rate") & ~table["partial"]]
    churn = churn.set_index("period")["value"].dropna()  # partial: this month or the last
    at_risk = activity.shift(1).reindex(churn.index)
    expected = (churn / 100 * at_risk).sum() / at_risk.sum()
    assert pooled == pytest.approx(expected, rel=1e-12)
    assert 0.1 < pooled < 0.6


# --------------------------------------------------------------------------- cac_by_channel
def _marketing() -> pd.DataFrame:
    return _frame(
        {
            "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-02", "2024-01-03"]),
            "channel": ["search", "print", "search", "social"],
            "spend": [30.0, 25.0, 30.0, 0.0],
        }
    )


def _acquired() -> pd.DataFrame:
    return _frame(
        {
            "customer_id": ["a", "b", "c", "d", "e", "f"],
            "first_order_date": pd.to_datetime(
                ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-03", "2024-01-03", "2024-01-09"]
            ),
            "acquisition_channel": pd.Series(
                ["search", "search", "walk_in", "social", None, "search"], dtype="str"
            ),
        }
    )


def test_cac_by_channel(constructor):
    out = customers.cac_by_channel(constructor(_marketing()), constructor(_acquired()))
    # window = the marketing days 01-01..01-03, so f (01-09) is outside it
    assert out["channel"].tolist() == ["(unknown)", "print", "search", "social", "walk_in"]
    np.testing.assert_allclose(out["spend"], [0.0, 25.0, 60.0, 0.0, 0.0])
    assert out["new_customers"].tolist() == [1, 0, 2, 1, 1]
    np.testing.assert_allclose(out["cac"], [0.0, NAN, 30.0, 0.0, 0.0])
    assert "no new customers" in out.loc[1, "note"]
    assert "organic" in out.loc[4, "note"] and pd.isna(out.loc[2, "note"])


def test_cac_by_channel_window():
    out = customers.cac_by_channel(_marketing(), _acquired(), start="2024-01-02", end="2024-01-09")
    row = out.set_index("channel").loc["search"]
    assert (row["spend"], row["new_customers"], row["cac"]) == (30.0, 2, 15.0)


def test_cac_by_channel_blends_to_the_kpi_on_the_bakery():
    bakery = datasets.load("daily_crumb")
    out = customers.cac_by_channel(bakery.marketing, bakery.customers)
    assert out["spend"].sum() == pytest.approx(bakery.marketing["spend"].sum())
    assert out["new_customers"].sum() == len(bakery.customers)
    paid = out.dropna(subset=["cac"]).set_index("channel")
    assert paid.loc["search", "cac"] > paid.loc["email", "cac"] > 0


# --------------------------------------------------------------- CLV, LTV:CAC and payback
def test_simple_clv_formula():
    # Gupta & Lehmann (2003): CLV = m r / (1 + i - r); r = 0.8, i = 0.12 -> 2.5 times m
    assert customers.simple_clv(100.0, 0.8, discount_rate=0.12) == pytest.approx(250.0)
    assert customers.simple_clv(10.0, 0.5) == pytest.approx(10.0)
    assert customers.simple_clv(10.0, 0.0) == 0.0
    assert customers.simple_clv(-5.0, 0.5) == pytest.approx(-5.0)
    assert customers.simple_clv(12.0, 1.0, discount_rate=0.01) == pytest.approx(1200.0)


@given(
    m=st.floats(0.0, 1e4),
    r=st.floats(0.0, 0.99),
    d=st.floats(0.0, 0.5),
)
@settings(max_examples=60)
def test_simple_clv_is_the_discounted_sum(m, r, d):
    terms = m * (r / (1 + d)) ** np.arange(1, 4000)
    assert customers.simple_clv(m, r, discount_rate=d) == pytest.approx(
        terms.sum(), rel=1e-6, abs=1e-6
    )


def test_ltv_to_cac_and_payback():
    assert customers.ltv_to_cac(150.0, 50.0) == pytest.approx(3.0)
    assert math.isnan(customers.ltv_to_cac(150.0, 0.0))
    assert customers.cac_payback_months(60.0, 15.0) == pytest.approx(4.0)
    assert customers.cac_payback_months(0.0, 15.0) == 0.0
    assert math.isnan(customers.cac_payback_months(60.0, 0.0))
    assert math.isnan(customers.cac_payback_months(60.0, -3.0))


# ---------------------------------------------------------------------------------- errors
def test_errors_name_the_argument_and_the_fix():
    t = transactions()
    with pytest.raises(SmbkitError, match=r"summary_from_transactions: the value for `freq`.*'Q'"):
        customers.summary_from_transactions(t, freq="Q")
    with pytest.raises(DataError, match=r"column 'amount' \(value=\) is not in transactions"):
        customers.summary_from_transactions(t, monetary="amount")
    with pytest.raises(SmbkitError, match=r"`calibration_end` must be .* before observation_end"):
        customers.summary_from_transactions(t, calibration_end="2024-03-01")
    with pytest.raises(SmbkitError, match=r"`calibration_end` must be a date.*'soon'"):
        customers.summary_from_transactions(t, calibration_end="soon")
    with pytest.raises(SmbkitError, match=r"`observation_end` 2023-12-31 is before the first"):
        customers.summary_from_transactions(t, observation_end="2023-12-31")
    with pytest.raises(SmbkitError, match=r"timezone-naive"):
        customers.rfm(t, as_of=pd.Timestamp("2024-03-01", tz="UTC"))
    bad = t.assign(revenue=[10.0, -5.0, 50.0, 20.0, 8.0, 12.0, 30.0, 6.0])
    with pytest.raises(DataError, match=r"1 of 8 rows .* have a negative value.*-5\.0"):
        customers.summary_from_transactions(bad)
    guests = t.assign(customer_id=pd.Series([None] * 8, dtype="str"))
    with pytest.raises(DataError, match=r"rfm: every row of transactions has a missing customer"):
        customers.rfm(guests)
    with pytest.raises(SmbkitError, match=r"rfm: `as_of` 2023-01-01 is before the first"):
        customers.rfm(t, as_of="2023-01-01")
    with pytest.raises(SmbkitError, match=r"cohort_retention: the value for `freq`.*'D'"):
        customers.cohort_retention(t, freq="D")
    with pytest.raises(DataError, match=r"cohort_retention: every row of orders has a missing"):
        customers.cohort_retention(guests)
    with pytest.raises(DataError, match=r"churn_rate: .* do not cover two consecutive complete"):
        customers.churn_rate(t, freq="Q")
    with pytest.raises(SmbkitError, match=r"cac_by_channel: `start` \(2024-01-05\) is after"):
        customers.cac_by_channel(_marketing(), _acquired(), start="2024-01-05", end="2024-01-01")
    negative = _marketing().assign(spend=[30.0, -1.0, 30.0, 0.0])
    with pytest.raises(DataError, match=r"cac_by_channel: 1 of 4 rows .* negative spend"):
        customers.cac_by_channel(negative, _acquired())
    with pytest.raises(SmbkitError, match=r"`retention` must be a share between 0 and 1.*85"):
        customers.simple_clv(10.0, 85)
    with pytest.raises(SmbkitError, match=r"expected lifetime is infinite"):
        customers.simple_clv(10.0, 1.0)
    with pytest.raises(SmbkitError, match=r"`discount_rate` must be 0 or more.*-0\.1"):
        customers.simple_clv(10.0, 0.5, discount_rate=-0.1)
    with pytest.raises(SmbkitError, match=r"simple_clv: `margin_per_period` must be a number"):
        customers.simple_clv("ten", 0.5)
    with pytest.raises(SmbkitError, match=r"ltv_to_cac: `cac` must be 0 or more"):
        customers.ltv_to_cac(10.0, -1.0)
    with pytest.raises(SmbkitError, match=r"cac_payback_months: `cac` must be a finite number"):
        customers.cac_payback_months(float("inf"), 1.0)
    with pytest.raises(SmbkitError, match=r"score: `values` must be a one-dimensional"):
        customers.score([1.0, NAN])


# ------------------------------------------------------------------------------ properties
_DAYS = pd.date_range("2024-01-01", "2024-06-30", freq="D")


@st.composite
def random_transactions(draw):
    n = draw(st.integers(1, 40))
    who = draw(st.lists(st.sampled_from(["a", "b", "c", "d", "e", None]), min_size=n, max_size=n))
    if all(w is None for w in who):
        who[0] = "a"
    day = draw(st.lists(st.integers(0, len(_DAYS) - 1), min_size=n, max_size=n))
    value = draw(st.lists(st.floats(0, 500, allow_nan=False), min_size=n, max_size=n))
    order = draw(st.permutations(list(range(n))))
    frame = pd.DataFrame(
        {
            "customer_id": pd.Series(who, dtype="str"),
            "date": pd.DatetimeIndex(_DAYS[day]).astype("datetime64[ns]"),
            "revenue": np.round(value, 2),
        }
    )
    return frame, frame.iloc[order].reset_index(drop=True)


@given(random_transactions(), st.sampled_from(["D", "W", "M"]))
@settings(max_examples=30)
def test_summary_properties(data, freq):
    frame, shuffled = data
    out = customers.summary_from_transactions(frame, freq=freq)
    again = customers.summary_from_transactions(shuffled, freq=freq)
    pd.testing.assert_frame_equal(out, again)
    counts = frame.dropna(subset=["customer_id"]).groupby("customer_id").size()
    assert (out["frequency"].to_numpy() <= counts.sort_index().to_numpy() - 1).all()
    assert (out["frequency"] >= 0).all()
    assert ((0 <= out["recency"]) & (out["recency"] <= out["T"])).all()
    assert (out["recency"][out["frequency"] == 0] == 0).all()
    assert out["monetary"].isna().eq(out["frequency"] == 0).all()
    assert (out["monetary"].dropna() >= 0).all()


@given(random_transactions(), st.sampled_from(["W", "M", "Q"]))
@settings(max_examples=30)
def test_cohort_properties(data, freq):
    frame, shuffled = data
    out = customers.cohort_retention(frame, freq=freq)
    pd.testing.assert_frame_equal(out, customers.cohort_retention(shuffled, freq=freq))
    shares = out.drop(columns="customers").to_numpy()
    seen = shares[~np.isnan(shares)]
    assert ((0 <= seen) & (seen <= 1)).all()
    assert (out[0] == 1.0).all()
    assert out["customers"].sum() == frame["customer_id"].dropna().nunique()
    # the oldest cohort is observed the longest; no cohort is observed past the data
    assert not np.isnan(shares[0]).any()


@given(random_transactions())
@settings(max_examples=40)
def test_rfm_properties(data):
    frame, shuffled = data
    out = customers.rfm(frame)
    pd.testing.assert_frame_equal(out, customers.rfm(shuffled))
    for column in ("r_score", "f_score", "m_score"):
        assert out[column].between(1, 5).all()
    assert out["segment"].notna().all()
    # a better value never gets a lower score
    by_f = out.sort_values("frequency")
    assert (np.diff(by_f["f_score"].to_numpy()) >= 0).all()
    by_r = out.sort_values("recency_days", ascending=False)
    assert (np.diff(by_r["r_score"].to_numpy()) >= 0).all()


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=50))
def test_score_properties(values):
    s = customers.score(values)
    assert ((1 <= s) & (s <= 5)).all()
    order = np.argsort(values, kind="stable")
    assert (np.diff(s[order]) >= 0).all()
    assert s[int(np.argmin(values))] == 1
    # equal values, equal scores
    v = np.asarray(values)
    for x in np.unique(v):
        assert len(set(s[v == x])) == 1


@given(random_transactions())
@settings(max_examples=25)
def test_churn_rate_is_a_share(data):
    frame, shuffled = data
    # a first and a last order so that January to June are complete months
    ends = pd.DataFrame(
        {
            "customer_id": pd.Series(["z", "z"], dtype="str"),
            "date": pd.to_datetime(["2024-01-01", "2024-06-30"]).astype("datetime64[ns]"),
            "revenue": [1.0, 1.0],
        }
    )
    value = customers.churn_rate(pd.concat([frame, ends], ignore_index=True))
    assert 0.0 <= value <= 1.0
    assert customers.churn_rate(pd.concat([ends, shuffled], ignore_index=True)) == value


def test_import_is_light():
    import subprocess
    import sys

    code = "import smbkit.customers, smbkit.datasets._cdnow, sys; print('\\n'.join(sys.modules))"
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    heavy = ("statsmodels", "seaborn", "ipywidgets", "scipy.optimize", "matplotlib.pyplot")
    assert [m for m in heavy if m in loaded] == []
