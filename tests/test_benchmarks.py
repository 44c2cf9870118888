"""smbkit.benchmarks: percentile position, the bundled benchmark table, benchmark bands."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError
from smbkit.benchmarks import (
    BenchmarkPosition,
    benchmark_bands,
    benchmark_dictionary,
    load_benchmarks,
    percentile_position,
)

PEERS = {25: 8.0, 50: 10.0, 75: 14.0}


# --------------------------------------------------------------------------- position


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (8.0, 25.0),  # exactly at a given percentile
        (9.0, 37.5),  # half-way from p25 (8) to p50 (10)
        (10.0, 50.0),
        (11.0, 56.25),  # a quarter of the way from p50 (10) to p75 (14): 50 + 25/4
        (12.0, 62.5),
        (14.0, 75.0),
    ],
)
def test_linear_interpolation_by_hand(value, expected):
    pos = percentile_position(value, PEERS, polarity="higher")
    assert pos.percentile == pytest.approx(expected)
    assert pos.better_than_pct == pytest.approx(expected)
    assert pos.flag == "within p25-p75"
    assert not pos.clamped


def test_five_percentiles_from_a_table_row():
    row = load_benchmarks(segment="bakery").set_index("kpi").loc["gross_margin"]
    # p50 = 67, p75 = 71: 69 is half-way, so 50 + 25 / 2
    pos = percentile_position(69.0, row, polarity="higher")
    assert pos.percentile == pytest.approx(62.5)
    assert pos.flag == "within p10-p90"
    # p10 = 58, p25 = 63: 60.5 is half-way
    assert percentile_position(60.5, row, polarity="higher").percentile == pytest.approx(17.5)


def test_lower_is_better_flips_the_share_beaten():
    pos = percentile_position(9.0, PEERS, polarity="lower")
    assert pos.percentile == pytest.approx(37.5)  # 37.5 % of peers have a lower value
    assert pos.better_than_pct == pytest.approx(62.5)  # so it beats the other 62.5 %
    assert pos.describe() == "better than 62 % of peers"


@pytest.mark.parametrize(
    ("value", "polarity", "pct", "better", "flag", "words"),
    [
        (20.0, "higher", 75.0, 75.0, "above p75", "better than at least 75 % of peers"),
        (5.0, "higher", 25.0, 25.0, "below p25", "better than at most 25 % of peers"),
        (5.0, "lower", 25.0, 75.0, "below p25", "better than at least 75 % of peers"),
        (20.0, "lower", 75.0, 25.0, "above p75", "better than at most 25 % of peers"),
    ],
)
def test_outside_the_table_is_clamped_and_flagged(value, polarity, pct, better, flag, words):
    pos = percentile_position(value, PEERS, polarity=polarity)
    assert (pos.percentile, pos.better_than_pct, pos.flag) == (pct, better, flag)
    assert pos.clamped
    assert pos.describe() == words


def test_tied_percentiles_give_the_middle():
    peers = {25: 10.0, 50: 10.0, 75: 14.0}
    assert percentile_position(10.0, peers, polarity="higher").percentile == 37.5
    assert percentile_position(9.999, peers, polarity="higher").percentile == 25.0
    just_above = percentile_position(10.001, peers, polarity="higher").percentile
    assert 50.0 < just_above < 50.1


def test_missing_value_is_no_data():
    pos = percentile_position(float("nan"), PEERS, polarity="higher")
    assert math.isnan(pos.percentile) and math.isnan(pos.better_than_pct)
    assert pos.flag == "no data" and pos.describe() == "no data"


def test_labels_series_and_missing_percentiles():
    row = pd.Series({"kpi": "x", "p10": np.nan, "p25": 8.0, "p50": 10.0, "p75": 14.0})
    assert percentile_position(12, row, polarity="higher").percentile == 62.5
    # p25 = 8, p75 = 14: 11 is half-way
    assert percentile_position(11, {"p25": 8, "p75": 14}, polarity="higher").percentile == 50.0


def test_result_type():
    pos = percentile_position(np.float64(12.0), PEERS, polarity="higher")
    assert isinstance(pos, BenchmarkPosition)
    assert isinstance(pos.percentile, float) and pos.value == 12.0


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"polarity": "up"}, SmbkitError, r"`polarity` must be one of \['higher', 'lower'\]"),
        ({"value": [1.0, 2.0]}, SmbkitError, r"`value` must be one number.*list.*benchmark_bands"),
        ({"value": "12"}, SmbkitError, r"`value` must be one number"),
        ({"benchmark": [8, 10, 14]}, SmbkitError, r"`benchmark` must map percentiles.*list"),
        ({"benchmark": {50: 10.0}}, SmbkitError, r"two or more percentiles.*has 1"),
        ({"benchmark": {25: 8, 150: 9}}, SmbkitError, r"percentile 150 .*outside 0-100"),
        (
            {"benchmark": {0.25: 8, 0.5: 10, 0.75: 14}},
            SmbkitError,
            r"look like fractions.*use 25, 50, 75",
        ),
        ({"benchmark": {25: 8, 75: "high"}}, SmbkitError, r"value at p75 .*must be a number"),
        ({"benchmark": {25: 8, "p25": 9, 75: 14}}, SmbkitError, r"gives p25 twice"),
        (
            {"benchmark": {25: 8, 50: 12, 75: 11}},
            DataError,
            r"must not fall.*p50 = 12 > p75 = 11",
        ),
        ({"benchmark": {25: 8, 75: float("inf")}}, SmbkitError, r"finite numbers"),
    ],
)
def test_position_errors(kwargs, error, match):
    args = {"value": 12.0, "benchmark": PEERS, "polarity": "higher", **kwargs}
    with pytest.raises(error, match=match):
        percentile_position(args.pop("value"), args.pop("benchmark"), **args)


# --------------------------------------------------------------------------- properties


@st.composite
def distributions(draw, strict=False):
    """Two or more percentiles (0-100) with values that rise with them (ties allowed
    unless ``strict``)."""
    qs = sorted(draw(st.sets(st.integers(0, 100), min_size=2, max_size=7)))
    start = draw(st.floats(-1e3, 1e3))
    steps = draw(
        st.lists(
            st.floats(0.01 if strict else 0.0, 100),
            min_size=len(qs) - 1,
            max_size=len(qs) - 1,
        )
    )
    vs = np.concatenate([[start], start + np.cumsum(steps)])
    return dict(zip(qs, vs.tolist(), strict=True))


values = st.floats(-2e3, 2e3)
fractions = st.floats(0.0, 1.0)


@given(distributions(), values, values)
def test_higher_value_never_gives_a_lower_percentile(peers, x1, x2):
    lo, hi = sorted((x1, x2))
    up = [percentile_position(v, peers, polarity="higher") for v in (lo, hi)]
    down = [percentile_position(v, peers, polarity="lower") for v in (lo, hi)]
    assert up[0].percentile <= up[1].percentile + 1e-9
    assert up[0].better_than_pct <= up[1].better_than_pct + 1e-9  # higher is better
    assert down[0].better_than_pct >= down[1].better_than_pct - 1e-9  # lower is better


@given(distributions(strict=True), fractions, fractions)
def test_strictly_higher_inside_a_strictly_rising_table(peers, f1, f2):
    vs = list(peers.values())
    assume(abs(f1 - f2) > 1e-3)
    lo, hi = (vs[0] + f * (vs[-1] - vs[0]) for f in sorted((f1, f2)))
    p_lo = percentile_position(lo, peers, polarity="higher").percentile
    p_hi = percentile_position(hi, peers, polarity="higher").percentile
    assert p_lo < p_hi


@given(distributions(), values)
def test_position_stays_within_the_given_percentiles(peers, x):
    pos = percentile_position(x, peers, polarity="higher")
    qs = sorted(peers)
    assert qs[0] <= pos.percentile <= qs[-1]
    assert pos.clamped == (x < min(peers.values()) or x > max(peers.values()))
    lower = percentile_position(x, peers, polarity="lower")
    assert pos.better_than_pct + lower.better_than_pct == pytest.approx(100.0)


@given(distributions(strict=True))
def test_each_given_point_maps_to_its_percentile(peers):
    for q, v in peers.items():
        assert percentile_position(v, peers, polarity="higher").percentile == pytest.approx(q)


# --------------------------------------------------------------------------- the table


def test_bundled_table_is_labelled_illustrative_and_matches_the_catalogue():
    from smbkit.kpis import catalog

    table = load_benchmarks()
    cat = catalog().set_index("kpi")
    assert table["illustrative"].dtype == bool and table["illustrative"].all()
    assert table["source"].str.contains("illustrative").all()
    assert set(table["segment"]) == {"bakery", "specialty_retail"}
    assert set(table["kpi"]) == {
        "gross_margin",
        "net_margin",
        "average_order_value",
        "repeat_purchase_rate",
        "employee_turnover",
        "nps",
    }
    for _, row in table.iterrows():
        assert row["polarity"] == cat.at[row["kpi"], "polarity"], row["kpi"]
        assert row["unit"] == cat.at[row["kpi"], "unit"], row["kpi"]
    # rates over a window are benchmarked per window length, never as "any"
    windowed = table[table["kpi"].isin(["repeat_purchase_rate", "employee_turnover"])]
    assert set(windowed["freq"]) == {"Q", "Y"}
    pcols = ["p10", "p25", "p50", "p75", "p90"]
    assert (np.diff(table[pcols].to_numpy(), axis=1) > 0).all()


def test_dictionary_describes_every_column():
    d = benchmark_dictionary()
    assert d["field"].tolist() == list(load_benchmarks().columns)
    assert d["description"].str.len().min() > 20
    assert "ILLUSTRATIVE" in __import__("smbkit.benchmarks").benchmarks._schema()["description"]


def test_segment_filter_and_its_error():
    assert set(load_benchmarks(segment="bakery")["segment"]) == {"bakery"}
    with pytest.raises(SmbkitError, match=r"`segment` must be one of.*'bakeries'.*'bakery'"):
        load_benchmarks(segment="bakeries")


def _write(tmp_path, table: pd.DataFrame):
    path = tmp_path / "peers.csv"
    table.to_csv(path, index=False)
    return path


def test_a_cited_table_loads(tmp_path):
    table = load_benchmarks(segment="bakery").iloc[:1].copy()
    table["illustrative"] = False
    table["source"] = "Example Bakers' Association, Annual Survey 2024, table 3"
    got = load_benchmarks(_write(tmp_path, table))
    assert not got["illustrative"].any()
    assert got["source"].item() == table["source"].item()


def _broken(column, value, row=0):
    def change(t):
        t = t.copy()
        t[column] = t[column].astype(object)  # the table goes through a CSV file anyway
        t.loc[row, column] = value
        return t

    return change


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda t: t.drop(columns="source"), r"has no column 'source'.*benchmark_dictionary"),
        (lambda t: t.drop(columns=["p10", "p25", "p50", "p75"]), r"two or more percentile"),
        (_broken("freq", "monthly"), r"1 of 8 rows .* have a `freq` outside \['any'"),
        (_broken("polarity", "up"), r"have a `polarity` outside \['higher', 'lower'\]"),
        (_broken("illustrative", "maybe"), r"'illustrative' .*must be True or False"),
        (_broken("illustrative", False, row=2), r"claim real figures .*cite no source.*publisher"),
        (_broken("p50", 99.0), r"fall as the percentile rises.*first: row 0"),
        (_broken("p50", "n/a"), r"column 'p50' must hold numbers.*'n/a'"),
        (
            lambda t: t.assign(p10=np.nan, p25=np.nan, p50=np.nan, p75=np.nan),
            r"fewer than two percentile values.*give at least p25 and p75",
        ),
        (lambda t: pd.concat([t, t.iloc[:1]]), r"2 rows for the same \(segment, kpi, freq\)"),
    ],
)
def test_table_errors(tmp_path, change, match):
    table = load_benchmarks(segment="bakery")
    if "cite no source" in match:
        table["source"] = table["source"].astype(object)
        table.loc[2, "source"] = ""
    with pytest.raises(DataError, match=match):
        load_benchmarks(_write(tmp_path, change(table)))


def test_path_must_be_a_file(tmp_path):
    with pytest.raises(SmbkitError, match=r"load_benchmarks: `path` .*nope.csv' is not a file"):
        load_benchmarks(tmp_path / "nope.csv")


# --------------------------------------------------------------------------- bands


def _kv(periods, kpi, values, unit="%", partial=None):
    frame = pd.DataFrame(
        {"period": pd.to_datetime(periods), "kpi": kpi, "value": values, "unit": unit}
    )
    if partial is not None:
        frame["partial"] = partial
    return frame


QUARTERS = ["2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01"]


def test_bands_by_hand():
    kv = pd.concat(
        [
            _kv(QUARTERS, "gross_margin", [60.5, 69.0, 72.0, 80.0]),
            _kv(QUARTERS, "employee_turnover", [10.0, 16.0, 19.5, np.nan]),
        ]
    )
    table = load_benchmarks()
    bands = benchmark_bands(kv, table, segment="bakery")
    gm = bands[bands["kpi"] == "gross_margin"]
    assert gm["lower"].eq(63.0).all() and gm["upper"].eq(71.0).all()
    assert gm["median"].eq(67.0).all() and gm["band_edges"].eq("p25-p75").all()
    assert gm["freq"].eq("any").all()
    # 72 is a third of the way from p75 (71) to p90 (74): 75 + 15 / 3
    assert gm["percentile"].tolist() == pytest.approx([17.5, 62.5, 80.0, 90.0])
    assert gm["band"].tolist() == ["below", "inside", "above", "above"]
    assert gm["flag"].tolist()[-1] == "above p90"
    # quarterly turnover: p25 = 10, p50 = 16, p75 = 23; lower is better
    to = bands[bands["kpi"] == "employee_turnover"]
    assert to["freq"].eq("Q").all() and to["lower"].eq(10.0).all() and to["upper"].eq(23.0).all()
    assert to["percentile"].tolist()[:3] == pytest.approx([25.0, 50.0, 62.5])
    assert to["better_than_pct"].tolist()[:3] == pytest.approx([75.0, 50.0, 37.5])
    assert to["band"].tolist() == ["inside", "inside", "inside", "no data"]
    assert bands["illustrative"].all() and bands["segment"].eq("bakery").all()


def test_bands_agree_with_percentile_position():
    kv = _kv(QUARTERS, "nps", [20.0, 42.0, 50.0, 70.0], unit="points")
    table = load_benchmarks(segment="bakery")
    bands = benchmark_bands(kv, table)  # one segment: no need to name it
    row = table.set_index("kpi").loc["nps"]
    for _, r in bands.iterrows():
        pos = percentile_position(r["value"], row, polarity="higher")
        assert r["percentile"] == pytest.approx(pos.percentile)
        assert r["flag"] == pos.flag


def test_freq_is_told_from_the_periods_and_picks_the_right_rows():
    years = ["2023-01-01", "2024-01-01", "2025-01-01"]
    kv = _kv(years, "employee_turnover", [90.0, 70.0, 50.0])
    bands = benchmark_bands(kv, load_benchmarks(), segment="bakery")
    assert bands["freq"].eq("Y").all() and bands["lower"].eq(50.0).all()
    assert bands["percentile"].tolist() == pytest.approx([75.0, 50.0, 25.0])


def test_partial_periods_are_left_out_unless_asked_and_input_is_unchanged():
    kv = _kv(
        QUARTERS, "gross_margin", [60.0, 69.0, 72.0, 80.0], partial=[True, False, False, False]
    )
    before = kv.copy()
    table = load_benchmarks()
    assert len(benchmark_bands(kv, table, segment="bakery")) == 3
    assert len(benchmark_bands(kv, table, segment="bakery", include_partial=True)) == 4
    pd.testing.assert_frame_equal(kv, before)


def test_row_order_does_not_matter():
    kv = pd.concat(
        [
            _kv(QUARTERS, "gross_margin", [60.5, 69.0, 72.0, 80.0]),
            _kv(QUARTERS, "nps", [20.0, 42.0, 50.0, 70.0], unit="points"),
        ],
        ignore_index=True,
    )
    table = load_benchmarks()
    a = benchmark_bands(kv, table, segment="bakery")
    b = benchmark_bands(kv.sample(frac=1.0, random_state=0), table, segment="bakery")
    key = ["kpi", "period"]
    pd.testing.assert_frame_equal(
        a.sort_values(key).reset_index(drop=True),
        b.sort_values(key).reset_index(drop=True),
        check_like=True,
    )


def test_other_band_edges():
    kv = _kv(QUARTERS, "gross_margin", [60.5, 69.0, 72.0, 80.0])
    bands = benchmark_bands(kv, load_benchmarks(), segment="bakery", band=(10, 90))
    assert bands["lower"].eq(58.0).all() and bands["upper"].eq(74.0).all()
    assert bands["band_edges"].eq("p10-p90").all()


@pytest.mark.parametrize(
    ("kwargs", "kv", "error", "match"),
    [
        ({}, None, SmbkitError, r"several peer groups \['bakery', 'specialty_retail'\].*segment="),
        ({"segment": "bakeries"}, None, SmbkitError, r"`segment` must be one of.*'bakery'"),
        ({"segment": "bakery", "freq": "monthly"}, None, SmbkitError, r"`freq` must be one of"),
        (
            {"segment": "bakery", "freq": "M"},
            None,
            SmbkitError,
            r"freq='M' was passed but the periods .* spaced like freq='Q'; pass freq='Q'",
        ),
        (
            {"segment": "bakery", "kpis": ["revenue"]},
            None,
            SmbkitError,
            r"`kpis` must be one of \['gross_margin', 'employee_turnover'\]",
        ),
        (
            {"segment": "bakery", "band": (75, 25)},
            None,
            SmbkitError,
            r"`band` must be two percentiles with 0 <= lower < upper",
        ),
        ({"segment": "bakery", "band": "wide"}, None, SmbkitError, r"`band` must be two"),
        (
            {"segment": "bakery", "band": (5, 95)},
            None,
            DataError,
            r"`band` needs percentile column 'p5'",
        ),
        (
            {"segment": "bakery"},
            _kv(QUARTERS, "gross_margin", [0.6, 0.69, 0.72, 0.8], unit="fraction"),
            DataError,
            r"'gross_margin' is in 'fraction' in kpi_values but in '%'",
        ),
        (
            {"segment": "bakery"},
            _kv(QUARTERS, "revenue", [1.0, 2.0, 3.0, 4.0], unit="USD"),
            DataError,
            r"no KPI of kpi_values \['revenue'\] has a benchmark",
        ),
        (
            {"segment": "bakery"},
            _kv(["2025-01-01"], "gross_margin", [60.0]),
            SmbkitError,
            r"cannot tell the period length.*pass freq=",
        ),
        (
            {"segment": "bakery"},
            pd.DataFrame({"period": [], "kpi": [], "amount": []}),
            DataError,
            r"column 'value' \(value=\) is not in kpi_values",
        ),
    ],
)
def test_band_errors(kwargs, kv, error, match):
    if kv is None:
        kv = pd.concat(
            [
                _kv(QUARTERS, "gross_margin", [60.5, 69.0, 72.0, 80.0]),
                _kv(QUARTERS, "employee_turnover", [10.0, 16.0, 19.5, 12.0]),
            ]
        )
    with pytest.raises(error, match=match):
        benchmark_bands(kv, load_benchmarks(), **kwargs)


def test_a_kpi_benchmarked_at_another_freq_is_named():
    months = pd.date_range("2025-01-01", periods=4, freq="MS")
    kv = _kv(months, "employee_turnover", [5.0, 6.0, 0.0, 7.0])
    with pytest.raises(
        DataError,
        match=r"'employee_turnover' has no benchmark .*freq='M' "
        r"\(only for freq \['Q', 'Y'\]\)",
    ):
        benchmark_bands(kv, load_benchmarks(), segment="bakery", kpis=["employee_turnover"])


def test_benchmark_table_must_be_a_frame():
    kv = _kv(QUARTERS, "gross_margin", [60.5, 69.0, 72.0, 80.0])
    with pytest.raises(SmbkitError, match=r"`benchmark_table` must be a DataFrame.*dict"):
        benchmark_bands(kv, {"gross_margin": PEERS}, segment="bakery")


def test_import_stays_light():
    code = "import smbkit.benchmarks, sys; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert not {"matplotlib.pyplot", "seaborn", "statsmodels", "scipy.optimize"} & loaded
