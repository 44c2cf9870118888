"""Sales-pipeline KPIs (deals) and analysis.stage_conversion.

Exact values on the hand-made deals of tests/kpi_fixtures.py (worked out in its
docstring) on pandas, polars eager and lazy and DuckDB; the refusals; and hypothesis
properties on random deal tables, with a plain-pandas oracle for the open pipeline.
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

from smbkit import DataError, SmbkitError, analysis, kpis

NAN = float("nan")
JAN, FEB, MAR, APR = (pd.Timestamp(f"2024-{m:02d}-01") for m in (1, 2, 3, 4))
PIPELINE = [
    "win_rate",
    "average_won_deal",
    "sales_cycle_days",
    "new_deals",
    "open_pipeline_value",
    "pipeline_velocity",
]
STAGES = ["lead", "qualified", "proposal", "negotiation"]


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
    assert result["period"].dtype == "datetime64[ns]"
    assert result["value"].dtype == "float64"
    assert list(result["period"]) == [pd.Timestamp(p) for p in periods]
    np.testing.assert_allclose(result["value"].to_numpy(), np.array(values, float), rtol=1e-12)
    if notes is not None:
        got = [None if pd.isna(n) else n for n in result["note"]]
        for g, expected in zip(got, notes, strict=True):
            if expected is None:
                assert g is None
            else:
                assert g is not None and expected in g


# --- hand-checked values -------------------------------------------------------------------


def test_win_rate(constructor):
    out = kpis.win_rate(constructor(fx.deals()))
    check(
        out,
        [JAN, FEB, MAR, APR],
        [50, 200 / 3, 75, NAN],
        [None, None, None, "no deals won or lost in period: denominator is zero"],
    )


def test_average_won_deal_leaves_out_and_notes_deals_without_amount(constructor):
    out = kpis.average_won_deal(constructor(fx.deals()))
    check(
        out,
        [JAN, FEB, MAR, APR],
        [1000, 1300, 1200, NAN],
        [
            None,
            None,
            "1 of 3 deals won in period have no amount: left out",
            "no deals won in period: denominator is zero",
        ],
    )


def test_sales_cycle_is_the_mean_over_won_deals(constructor):
    # January D01 20 days; February D03 30, D06 10; March D07 30, D11 10.5, D12 3.
    out = kpis.sales_cycle_days(constructor(fx.deals()))
    check(out, [JAN, FEB, MAR, APR], [20, 20, 14.5, NAN], [None, None, None, "no deals won"])


def test_new_deals(constructor):
    check(kpis.new_deals(constructor(fx.deals())), [JAN, FEB, MAR, APR], [5, 3, 4, 1])


def test_open_pipeline_value_counts_deals_closed_later(constructor):
    # End of January: D03 (won 9 Feb), D04 (no amount), D05 (lost 20 Feb).
    out = kpis.open_pipeline_value(constructor(fx.deals()))
    check(
        out,
        [JAN, FEB, MAR, APR],
        [2300, 2200, 2000, 2500],
        [
            "1 of 3 deals open at period end have no amount: not counted",
            "1 of 3 deals",
            "1 of 3 deals",
            "1 of 4 deals",
        ],
    )


def test_pipeline_velocity(constructor):
    out = kpis.pipeline_velocity(constructor(fx.deals()))
    check(
        out,
        [JAN, FEB, MAR, APR],
        [75, 130, 3 * 0.75 * 1200 / 14.5, NAN],
        [None, None, None, "no deals won or lost in period: denominator is zero"],
    )


def test_quarterly(constructor):
    data = constructor(fx.deals())
    check(kpis.win_rate(data, freq="Q"), [JAN, APR], [600 / 9, NAN])
    check(kpis.average_won_deal(data, freq="Q"), [JAN, APR], [1200, NAN])
    check(kpis.sales_cycle_days(data, freq="Q"), [JAN, APR], [17.25, NAN])
    check(kpis.pipeline_velocity(data, freq="Q"), [JAN, APR], [2400 / 17.25, NAN])
    check(kpis.open_pipeline_value(data, freq="Q"), [JAN, APR], [2000, 2500])


def test_weekly_spot_checks(constructor):
    data = constructor(fx.deals())
    rate = kpis.win_rate(data, freq="W").set_index("period")["value"]
    assert (rate.index.day_of_week == 0).all()
    # Week of Mon 22 January: D01 won (22nd), D02 lost (25th).
    assert rate[pd.Timestamp("2024-01-22")] == 50.0
    assert np.isnan(rate[pd.Timestamp("2024-01-01")])
    value = kpis.open_pipeline_value(data, freq="W").set_index("period")["value"]
    assert value[pd.Timestamp("2024-01-22")] == 2300.0  # D03 2000 + D05 300 (+ D04)
    assert value[pd.Timestamp("2024-01-01")] == 1500.0  # D01 and D02, created 2 and 5 January


def test_roles_can_be_renamed():
    deals = fx.deals().rename(columns={"outcome": "result", "closed": "close_date"})
    out = kpis.win_rate(deals, outcome="result", closed="close_date")
    assert out["value"].tolist()[:3] == pytest.approx([50, 200 / 3, 75])


def test_velocity_with_instant_wins_is_nan_with_a_reason():
    deals = pd.DataFrame(
        {
            "outcome": ["won", "open"],
            "amount": [100.0, 50.0],
            "created": pd.to_datetime(["2024-01-05", "2024-01-06"]),
            "closed": pd.to_datetime(["2024-01-05", None]),
        }
    )
    out = kpis.pipeline_velocity(deals)
    assert np.isnan(out["value"].iloc[0])
    assert "mean sales cycle is zero" in out["note"].iloc[0]
    assert kpis.sales_cycle_days(deals)["value"].tolist() == [0.0]


def test_won_deals_without_any_amount():
    deals = pd.DataFrame(
        {
            "outcome": ["won"],
            "amount": [np.nan],
            "created": pd.to_datetime(["2024-01-05"]),
            "closed": pd.to_datetime(["2024-01-09"]),
        }
    )
    out = kpis.average_won_deal(deals)
    assert np.isnan(out["value"].iloc[0])
    assert out["note"].iloc[0].startswith("none of the deals won in period has an amount")
    velocity = kpis.pipeline_velocity(deals)
    assert np.isnan(velocity["value"].iloc[0]) and "has an amount" in velocity["note"].iloc[0]


# --- compute ------------------------------------------------------------------------------


def test_compute_adds_pipeline_kpis_only_with_deals():
    assert not set(PIPELINE) & set(kpis.compute({"orders": fx.orders()})["kpi"])
    out = kpis.compute({"deals": fx.deals()})
    assert set(out["kpi"]) == set(PIPELINE)
    flags = out.set_index(["kpi", "period"])["partial"]
    # Deals run 2024-01-02 to 2024-04-15: January and April are partial.
    assert flags["win_rate"].tolist() == [True, False, False, True]
    assert out.loc[out["value"].isna(), "note"].notna().all()


def test_compute_matches_the_plain_functions_and_labels_the_currency():
    out = kpis.compute({"deals": fx.deals()}, currency="EUR")
    units = dict(zip(out["kpi"], out["unit"], strict=False))
    assert units["pipeline_velocity"] == "EUR per day"
    assert units["average_won_deal"] == units["open_pipeline_value"] == "EUR"
    assert units["win_rate"] == "%" and units["new_deals"] == "count"
    for name in PIPELINE:
        got = out[out["kpi"] == name][["period", "value", "note"]].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, getattr(kpis, name)(fx.deals()))


@pytest.mark.parametrize("engine", ["polars_eager", "polars_lazy", "duckdb"])
@pytest.mark.parametrize("freq", ["W", "M", "Q", "Y"])
def test_every_engine_gives_the_same_frame(engine, freq):
    expected = kpis.compute({"deals": fx.deals()}, freq=freq)
    got = kpis.compute({"deals": CONSTRUCTORS[engine](fx.deals())}, freq=freq)
    pd.testing.assert_frame_equal(got, expected)


def test_catalog_rows():
    cat = kpis.catalog().set_index("kpi")
    assert cat.loc["win_rate", ["unit", "polarity", "kind", "perspective", "tables"]].tolist() == [
        "%",
        "higher",
        "leading",
        "internal process",
        "deals",
    ]
    assert cat.loc["sales_cycle_days", "polarity"] == "lower"
    assert cat.loc["pipeline_velocity", "unit"] == "USD per day"
    assert (cat.loc[PIPELINE, "tables"] == "deals").all()


def test_input_is_not_mutated():
    deals = fx.deals()
    before = deals.copy()
    kpis.compute({"deals": deals}, freq="W")
    analysis.stage_conversion(deals, stages=STAGES)
    pd.testing.assert_frame_equal(deals, before)


# --- refusals -----------------------------------------------------------------------------


def _deals(**changes) -> pd.DataFrame:
    deals = fx.deals()
    for column, (row, value) in changes.items():
        deals.loc[row, column] = value
    return deals


@pytest.mark.parametrize(
    ("deals", "message"),
    [
        (
            _deals(outcome=(0, "Won")),
            r"win_rate: 1 of 13 rows \(7.69 %\) in deals have an outcome other than 'won', "
            r"'lost' or 'open' \(column 'outcome', outcome=\) \(first: row 0, value 'Won'\)",
        ),
        (
            _deals(closed=(0, pd.NaT)),
            r"are won or lost but have no closed date .*first: row 0",
        ),
        (
            _deals(closed=(3, pd.Timestamp("2024-02-01"))),
            r"are open but have a closed date .*first: row 3.*expected close date",
        ),
        (
            _deals(closed=(1, pd.Timestamp("2024-01-01"))),
            r"were closed before they were created .*first: row 1",
        ),
        (_deals(amount=(2, -5.0)), r"have a negative amount .*value -5.0"),
        (_deals(amount=(2, np.inf)), r"not finite"),
        (_deals(deal_id=(1, "D01")), r"deals has 2 rows with deal_id 'D01'.*a deal must appear"),
        (
            _deals(currency=(4, "EUR")),
            r"deals are in 2 currencies \(column 'currency': EUR \(1\), USD \(12\)\)",
        ),
        (fx.deals().drop(columns="closed"), r"column 'closed' \(closed=\) is not in deals"),
    ],
)
def test_refusals(deals, message):
    with pytest.raises(DataError, match=message):
        kpis.win_rate(deals)


def test_refusals_in_compute_name_the_kpi():
    with pytest.raises(DataError, match=r"^compute: .*outcome.*\(while computing KPI 'win_rate'\)"):
        kpis.compute({"deals": _deals(outcome=(0, "Won"))}, kpis=["win_rate"])
    with pytest.raises(DataError, match=r"KPI 'win_rate' needs table\(s\) \['deals'\]"):
        kpis.compute({"orders": fx.orders()}, kpis=["win_rate"])


def test_refusals_on_lazy_engines():
    with pytest.raises(
        DataError, match=r"have a negative amount .*first: row with created=2024-01-10"
    ):
        kpis.new_deals(pl.from_pandas(_deals(amount=(2, -5.0))).lazy())
    with pytest.raises(DataError, match=r"deals are in 2 currencies"):
        kpis.new_deals(_duckdb(_deals(currency=(4, "EUR"))))


# --- stage conversion ------------------------------------------------------------------------


def test_stage_conversion(constructor):
    out = analysis.stage_conversion(constructor(fx.deals()), stages=STAGES)
    assert list(out.columns) == [
        "stage",
        "next_stage",
        "reached",
        "reached_next",
        "conversion_pct",
        "note",
    ]
    assert out["stage"].tolist() == STAGES
    assert out["next_stage"].tolist() == [*STAGES[1:], "won"]
    assert out["reached"].tolist() == [13, 11, 9, 7]
    assert out["reached_next"].tolist() == [11, 9, 7, 6]
    np.testing.assert_allclose(out["conversion_pct"], [1100 / 13, 900 / 11, 700 / 9, 600 / 7])
    assert out["note"].iloc[0] == (
        "1 lost deal has a stage outside `stages`: counted as reaching the first stage only"
    )
    assert out["note"].iloc[1:].isna().all()


def test_stage_conversion_closed_deals_only(constructor):
    out = analysis.stage_conversion(constructor(fx.deals()), stages=STAGES, closed_only=True)
    assert out["reached"].tolist() == [9, 8, 7, 6]
    assert out["reached_next"].tolist() == [8, 7, 6, 6]
    assert out["conversion_pct"].iloc[-1] == 100.0


def test_stage_conversion_with_no_deal_at_a_stage():
    deals = pd.DataFrame({"stage": ["a", "closedlost"], "outcome": ["open", "lost"]})
    out = analysis.stage_conversion(deals, stages=["a", "b"])
    assert out["reached"].tolist() == [2, 0]
    assert np.isnan(out["conversion_pct"].iloc[1])
    assert out["note"].iloc[1] == "no deal reached this stage: denominator is zero"


def test_stage_conversion_refusals():
    with pytest.raises(
        DataError,
        match=r"stage_conversion: 1 open deal\(s\) are at a stage that is not in `stages` "
        r"\(column 'stage', stage=; first: 'negotiation', 1 deal\(s\)\).*",
    ):
        analysis.stage_conversion(fx.deals(), stages=STAGES[:3])
    with pytest.raises(DataError, match=r"first: 'proposl'.*Did you mean 'proposal'\?"):
        analysis.stage_conversion(_deals(stage=(7, "proposl")), stages=STAGES)
    with pytest.raises(SmbkitError, match=r"`stages` must be a name or a list of names"):
        analysis.stage_conversion(fx.deals(), stages=[])
    with pytest.raises(SmbkitError, match=r"`stages` names 'lead' more than once"):
        analysis.stage_conversion(fx.deals(), stages=["lead", "lead"])
    with pytest.raises(DataError, match=r"column 'phase' \(stage=\) is not in deals"):
        analysis.stage_conversion(fx.deals(), stages=STAGES, stage="phase")
    with pytest.raises(DataError, match=r"outcome other than"):
        analysis.stage_conversion(_deals(outcome=(0, "Won")), stages=STAGES)
    with pytest.raises(DataError, match=r"deal_id 'D01'"):
        analysis.stage_conversion(_deals(deal_id=(1, "D01")), stages=STAGES)
    with pytest.raises(SmbkitError, match=r"`closed_only` must be True or False, not 'yes'"):
        analysis.stage_conversion(fx.deals(), stages=STAGES, closed_only="yes")
    labelled = _deals(outcome=(5, "Won")).set_axis(range(100, 113))
    with pytest.raises(DataError, match=r"first: row 105, value 'Won'"):
        analysis.stage_conversion(labelled, stages=STAGES)


# --- properties ---------------------------------------------------------------------------

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = pd.Timestamp("2024-01-01")
money = st.one_of(st.none(), st.integers(0, 100_000).map(lambda cents: cents / 100))


@st.composite
def deal_tables(draw, min_size=1, max_size=30):
    n = draw(st.integers(min_size, max_size))
    rows = []
    for i in range(n):
        created = START + pd.Timedelta(minutes=draw(st.integers(0, 150 * 24 * 60)))
        outcome = draw(st.sampled_from(["won", "lost", "open"]))
        closed = None
        if outcome != "open":
            closed = created + pd.Timedelta(minutes=draw(st.integers(0, 90 * 24 * 60)))
        stage = draw(st.sampled_from([*STAGES, "closedlost"]))
        if outcome == "open" and stage == "closedlost":
            stage = "lead"
        rows.append((f"D{i}", outcome, draw(money), created, closed, stage))
    deals = pd.DataFrame(rows, columns=["deal_id", "outcome", "amount", "created", "closed", "st"])
    return deals.rename(columns={"st": "stage"}).astype(
        {"amount": "float64", "created": "datetime64[ns]", "closed": "datetime64[ns]"}
    )


freqs = st.sampled_from(["W", "M", "Q"])


@SETTINGS
@given(deal_tables(), freqs)
def test_win_rate_within_0_and_100_and_pipeline_not_negative(deals, freq):
    out = kpis.compute({"deals": deals}, freq=freq)

    def value(kpi):
        return out.loc[out["kpi"] == kpi, "value"]

    rate = value("win_rate").dropna()
    assert ((rate >= 0) & (rate <= 100)).all()
    assert (value("open_pipeline_value") >= 0).all()
    assert (value("pipeline_velocity").dropna() >= 0).all()
    assert out.loc[out["value"].isna(), "note"].notna().all()
    assert not np.isinf(out["value"]).any()
    # Every deal is created once.
    assert value("new_deals").sum() == len(deals)


@SETTINGS
@given(deal_tables(), freqs)
def test_open_pipeline_matches_a_plain_pandas_count(deals, freq):
    out = kpis.open_pipeline_value(deals, freq=freq)
    alias = {"W": "W-SUN", "M": "M", "Q": "Q"}[freq]
    for period, value in zip(out["period"], out["value"], strict=True):
        end = pd.Period(period, freq=alias).end_time
        is_open = (deals["created"] <= end) & (deals["closed"].isna() | (deals["closed"] > end))
        assert value == pytest.approx(deals.loc[is_open, "amount"].sum(), abs=1e-6)


@settings(max_examples=15, deadline=None)
@given(deal_tables(min_size=2), st.randoms(use_true_random=False), freqs)
def test_reordering_rows_changes_nothing(deals, rnd, freq):
    order = list(range(len(deals)))
    rnd.shuffle(order)
    shuffled = deals.iloc[order].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        kpis.compute({"deals": shuffled}, freq=freq),
        kpis.compute({"deals": deals}, freq=freq),
        rtol=1e-9,
    )
    pd.testing.assert_frame_equal(
        analysis.stage_conversion(shuffled, stages=STAGES),
        analysis.stage_conversion(deals, stages=STAGES),
    )


@settings(max_examples=15, deadline=None)
@given(deal_tables(), freqs)
def test_polars_lazy_agrees_with_pandas(deals, freq):
    expected = kpis.compute({"deals": deals}, freq=freq)
    got = kpis.compute({"deals": pl.from_pandas(deals).lazy()}, freq=freq)
    pd.testing.assert_frame_equal(got, expected, rtol=1e-9)


@SETTINGS
@given(deal_tables(), st.booleans())
def test_stage_conversion_never_grows_along_the_pipeline(deals, closed_only):
    out = analysis.stage_conversion(deals, stages=STAGES, closed_only=closed_only)
    reached = out["reached"].tolist() + [int(out["reached_next"].iloc[-1])]
    assert reached == sorted(reached, reverse=True)
    pct = out["conversion_pct"].dropna()
    assert ((pct >= 0) & (pct <= 100)).all()
    counted = deals if not closed_only else deals[deals["outcome"] != "open"]
    assert out["reached"].iloc[0] == len(counted)
