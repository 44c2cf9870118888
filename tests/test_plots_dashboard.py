"""smbkit.plots.dashboard: the data drawn (lines, bands, targets, headlines), not pixels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.dates as mdates  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from smbkit import DataError, SmbkitError  # noqa: E402
from smbkit.benchmarks import benchmark_bands, load_benchmarks  # noqa: E402
from smbkit.plots import STATUS_COLOURS, dashboard  # noqa: E402
from smbkit.plots._dashboard import format_value  # noqa: E402
from smbkit.targets import Goal, status  # noqa: E402

QUARTERS = pd.date_range("2024-01-01", periods=6, freq="QS")
VALUES = {
    "gross_margin": [72.0, 70.5, 70.0, 68.8, 68.0, 69.2],
    "nps": [61.0, 51.5, 56.0, 51.0, 50.0, 49.0],
    "employee_turnover": [35.0, 23.0, 14.0, 25.0, 6.0, 12.5],
    "average_order_value": [13.0, 14.4, 15.0, 16.4, 17.1, 18.6],
}
UNITS = {
    "gross_margin": "%",
    "nps": "points",
    "employee_turnover": "%",
    "average_order_value": "USD",
}


@pytest.fixture
def kv():
    # rows shuffled on purpose: the panels must draw them in period order
    frame = pd.concat(
        [
            pd.DataFrame(
                {"period": QUARTERS, "kpi": k, "value": v, "unit": UNITS[k], "partial": False}
            )
            for k, v in VALUES.items()
        ],
        ignore_index=True,
    )
    return frame.sample(frac=1.0, random_state=1).reset_index(drop=True)


@pytest.fixture
def bands(kv):
    return benchmark_bands(kv, load_benchmarks(), segment="bakery")


def _xnum(x):
    """Dates on a matplotlib axis as numbers (seaborn stores numbers, ax.plot datetimes)."""
    x = np.asarray(x)
    return mdates.date2num(x) if np.issubdtype(x.dtype, np.datetime64) else x.astype(float)


def _panels(fig):
    return {ax.get_gid(): ax for ax in fig.axes}


def _by_gid(artists, gid):
    found = [a for a in artists if a.get_gid() == gid]
    assert len(found) == 1, f"expected one artist with gid {gid!r}, found {len(found)}"
    return found[0]


def test_lines_are_the_kpi_values(kv):
    fig = dashboard(kv, kpis=list(VALUES))
    panels = _panels(fig)
    assert list(panels) == list(VALUES)
    for kpi, values in VALUES.items():
        line = _by_gid(panels[kpi].get_lines(), "actual")
        assert np.asarray(line.get_ydata(), dtype=float) == pytest.approx(values)
        assert _xnum(line.get_xdata()) == pytest.approx(mdates.date2num(QUARTERS))


def test_band_limits_are_the_table(kv, bands):
    fig = dashboard(kv, kpis=list(VALUES), benchmarks=bands)
    table = load_benchmarks(segment="bakery")
    for kpi, ax in _panels(fig).items():
        freq = "Q" if kpi == "employee_turnover" else "any"
        ref = table[(table["kpi"] == kpi) & (table["freq"] == freq)].iloc[0]
        fill = _by_gid(ax.collections, "band")
        xy = np.vstack([p.vertices for p in fill.get_paths()])
        # the polygon runs along the lower edge and back along the upper edge
        assert set(np.round(xy[:, 1], 9)) == {ref["p25"], ref["p75"]}
        assert xy[:, 0].min() == pytest.approx(mdates.date2num(QUARTERS[0]))
        assert xy[:, 0].max() == pytest.approx(mdates.date2num(QUARTERS[-1]))
        median = _by_gid(ax.get_lines(), "peer_median")
        assert set(np.asarray(median.get_ydata(), dtype=float)) == {ref["p50"]}
        assert "illustrative" in fill.get_label()


def test_number_target_and_goal_plan(kv):
    goal = Goal("gross_margin", 68.8, "2024-10-01", 71.0, "2025-10-01", "higher", freq="Q")
    fig = dashboard(kv, kpis=["gross_margin", "nps"], targets={"gross_margin": goal, "nps": 55})
    panels = _panels(fig)
    plan = _by_gid(panels["gross_margin"].get_lines(), "target")
    on_plan = QUARTERS[QUARTERS >= "2024-10-01"]
    assert np.asarray(plan.get_ydata(), dtype=float) == pytest.approx(
        [goal.expected(p) for p in on_plan]
    )
    flat = _by_gid(panels["nps"].get_lines(), "target")
    assert list(flat.get_ydata()) == [55, 55]


def test_headline_value_status_and_peer_position(kv, bands):
    # the plan expects 68.8 * (80 / 68.8) ** (2 / 4) = 74.2 by 2025-04: 69.2 is 6.7 % short
    goal = Goal("gross_margin", 68.8, "2024-10-01", 80.0, "2025-10-01", "higher", freq="Q")
    targets = {"gross_margin": goal, "nps": 55.0, "employee_turnover": 15.0}
    fig = dashboard(kv, kpis=list(VALUES), targets=targets, benchmarks=bands)
    panels = _panels(fig)
    last = QUARTERS[-1]
    expected_status = {
        "gross_margin": status(69.2, goal.expected(last), polarity="higher"),
        "nps": status(49.0, 55.0, polarity="higher"),
        "employee_turnover": status(12.5, 15.0, polarity="lower"),  # polarity from catalogue
    }
    assert expected_status == {
        "gross_margin": "at risk",
        "nps": "off track",
        "employee_turnover": "on track",
    }
    for kpi, ax in panels.items():
        headline = ax.get_title(loc="right")
        assert headline.startswith(format_value(VALUES[kpi][-1], UNITS[kpi]))
        title = _by_gid(ax.findobj(), "headline")
        if kpi in expected_status:
            assert f"· {expected_status[kpi]}" in headline
            face = title.get_bbox_patch().get_facecolor()
            assert mcolors.to_hex(face) == STATUS_COLOURS[expected_status[kpi]]
        else:
            assert "track" not in headline and title.get_bbox_patch() is None
        row = bands[(bands["kpi"] == kpi) & (bands["period"] == last)].iloc[0]
        assert f"{np.floor(row['better_than_pct'] + 1e-9):.0f} % of peers" in headline
    # average order value 18.6 is above the bakery p90 (18): a bound, not a point
    assert "beats ≥ 90 % of peers" in panels["average_order_value"].get_title(loc="right")


def test_titles_axis_labels_and_footnote(kv, bands):
    fig = dashboard(
        kv, kpis=["gross_margin", "average_order_value"], benchmarks=bands, title="The page"
    )
    panels = _panels(fig)
    assert fig.get_suptitle() == "The page"
    assert panels["gross_margin"].get_title(loc="left") == "Gross margin"
    assert panels["gross_margin"].get_ylabel() == "percent (%)"
    assert panels["average_order_value"].get_ylabel() == "US dollars ($)"
    assert panels["gross_margin"].get_xlabel() == "Quarter"
    legend = fig.legends[0]
    assert "ILLUSTRATIVE" in legend.get_title().get_text()
    assert "p25-p75" in legend.get_title().get_text()
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == ["Actual", "Peer band p25-p75 (illustrative)", "Peer median (illustrative)"]


def test_labels_override_panel_titles(kv):
    fig = dashboard(kv, kpis=["nps", "gross_margin"], labels={"nps": "NPS, shop surveys"})
    titles = {k: ax.get_title(loc="left") for k, ax in _panels(fig).items()}
    assert titles == {"nps": "NPS, shop surveys", "gross_margin": "Gross margin"}


def test_cited_bands_name_their_source(kv, bands):
    cited = bands.assign(illustrative=False, source="Example survey 2024, table 2")
    fig = dashboard(kv, kpis=["nps"], benchmarks=cited)
    note = fig.legends[0].get_title().get_text()
    assert "ILLUSTRATIVE" not in note and "Example survey 2024, table 2" in note


def test_partial_periods_and_unused_cells(kv):
    kv.loc[kv["period"] == QUARTERS[-1], "partial"] = True
    fig = dashboard(kv, kpis=["gross_margin", "nps", "employee_turnover", "average_order_value"])
    assert len(fig.axes) == 4  # the two empty cells of a 2 x 3 grid are removed
    line = _by_gid(_panels(fig)["nps"].get_lines(), "actual")
    assert np.asarray(line.get_ydata(), dtype=float) == pytest.approx(VALUES["nps"][:-1])
    fig = dashboard(kv, kpis=["nps"], include_partial=True)
    assert len(_by_gid(fig.axes[0].get_lines(), "actual").get_ydata()) == 6


def test_format_value():
    assert format_value(1234.5, "USD") == "$1,234"  # banker's rounding of .5 is fine
    assert format_value(3.0, "times") == "3.0×"
    assert format_value(12.0, "days") == "12 days"
    assert format_value(1500.0, "count") == "1,500"
    assert format_value(2.5, "kg") == "2.50 kg"


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"kpis": []}, SmbkitError, r"`kpis` must be a non-empty list"),
        ({"kpis": "nps"}, SmbkitError, r"`kpis` must be a non-empty list.*'nps'"),
        ({"kpis": ["npss"]}, SmbkitError, r"`kpis` must be one of.*Did you mean 'nps'"),
        ({"col_wrap": 0}, SmbkitError, r"`col_wrap` must be a whole number >= 1"),
        ({"targets": [55]}, SmbkitError, r"`targets` must map KPI ids.*list"),
        ({"targets": {"gross_margn": 70}}, SmbkitError, r"`targets` must be one of \['nps'"),
        ({"targets": {"nps": "high"}}, SmbkitError, r"`targets\['nps'\]` must be a Goal or"),
        (
            {"targets": {"nps": Goal("csat", 80, "2024-01-01", 90, "2025-01-01", "higher")}},
            SmbkitError,
            r"`targets\['nps'\]` is a Goal for KPI 'csat'",
        ),
        ({"labels": ["NPS"]}, SmbkitError, r"`labels` must map KPI ids to panel titles"),
        ({"labels": {"csat": "CSAT"}}, SmbkitError, r"`labels` must be one of \['nps'"),
        ({"benchmarks": {"nps": (30, 55)}}, SmbkitError, r"`benchmarks` must be the table"),
        (
            {"benchmarks": pd.DataFrame({"kpi": ["nps"], "period": [QUARTERS[0]], "low": [1]})},
            DataError,
            r"column 'lower' \(lower=\) is not in benchmarks",
        ),
    ],
)
def test_errors(kv, kwargs, error, match):
    args = {"kpis": ["nps", "gross_margin"], **kwargs}
    with pytest.raises(error, match=match):
        dashboard(kv, **args)


def test_duplicate_periods_are_refused(kv):
    twice = pd.concat([kv, kv[kv["kpi"] == "nps"]], ignore_index=True)
    with pytest.raises(
        DataError,
        match=r"'nps' has 2 values for period 2024-01-01 \(6 periods have more than one\).*aggregate",
    ):
        dashboard(twice, kpis=["nps"])


def test_unknown_kpi_with_a_number_target_needs_a_goal(kv):
    custom = kv[kv["kpi"] == "nps"].assign(kpi="cakes_per_hour", unit="count")
    with pytest.raises(SmbkitError, match=r"'cakes_per_hour' is not in the catalogue.*Goal"):
        dashboard(custom, kpis=["cakes_per_hour"], targets={"cakes_per_hour": 10})
