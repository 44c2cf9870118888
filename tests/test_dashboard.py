"""The client dashboard without a browser: its tiles are kpis.compute on the filtered orders."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from smbkit import SmbkitError, datasets, kpis
from smbkit.dashboard import TILE_KPIS, build, from_environment

pytest.importorskip("ipywidgets")


@pytest.fixture(scope="module")
def bakery():
    return datasets.load("daily_crumb")


@pytest.fixture(scope="module")
def ui(bakery):
    return build(bakery)


def _expected(orders: pd.DataFrame, period: pd.Timestamp) -> pd.Series:
    kv = kpis.compute({"orders": orders}, kpis=list(TILE_KPIS), freq="M")
    return kv[kv["period"] == period].set_index("kpi")["value"]


def _assert_tiles_match(tiles: pd.DataFrame, expected: pd.Series) -> None:
    assert list(tiles["kpi"]) == list(TILE_KPIS)
    for row in tiles.itertuples(index=False):
        want = float(expected[row.kpi])
        assert math.isclose(row.value, want, rel_tol=1e-12), (row.kpi, row.value, want)


def test_tiles_are_the_kpis_of_the_latest_whole_month(ui, bakery):
    dash = ui.dashboard
    assert dash.message == ""
    period = pd.Timestamp("2025-12-01")  # the bakery's data end on 31 Dec 2025
    assert set(dash.tiles["period"]) == {period}
    _assert_tiles_match(dash.tiles, _expected(bakery.orders, period))
    revenue = dash.tiles.set_index("kpi").loc["revenue"]
    assert revenue["status"] in {"on track", "at risk", "off track"}
    assert math.isclose(revenue["target"], 1.05 * revenue["year_ago"])  # the report's default
    assert math.isclose(
        revenue["change_previous"], revenue["value"] / revenue["previous"] - 1, rel_tol=1e-12
    )


@pytest.mark.parametrize(("location", "channel"), [("Riverside", ""), ("Old Town", "online")])
def test_a_filter_change_recomputes_the_tiles_on_the_filtered_orders(ui, bakery, location, channel):
    dash = ui.dashboard
    try:
        dash.controls["location"].value = location
        dash.controls["channel"].value = channel
        orders = bakery.orders[bakery.orders["location"] == location]
        if channel:
            orders = orders[orders["channel"] == channel]
        period = dash.tiles["period"].iloc[0]
        _assert_tiles_match(dash.tiles, _expected(orders, period))
        assert dash.message == ""
        assert dash.seconds < 10  # about a second on the bakery; generous for slow CI
    finally:
        dash.select(location="", channel="")


def test_the_months_filter_moves_the_tiles_to_its_last_month(ui, bakery):
    dash = ui.dashboard
    try:
        assert dash.select(location="Riverside", months=("2024-01", "2024-06")) == ""
        assert set(dash.tiles["period"]) == {pd.Timestamp("2024-06-01")}
        riverside = bakery.orders[bakery.orders["location"] == "Riverside"]
        _assert_tiles_match(dash.tiles, _expected(riverside, pd.Timestamp("2024-06-01")))
    finally:
        dash.select(location="", months=("2022-01", "2025-12"))


def test_an_empty_selection_is_a_sentence_not_an_exception(ui):
    dash = ui.dashboard
    try:
        message = dash.select(location="Riverside", channel="catering")
        assert message.startswith("There are no orders for the Catering channel in Riverside")
        assert dash.tiles.empty
        assert dash._body.layout.display == "none"
    finally:
        dash.select(location="", channel="")
    assert dash.message == "" and not dash.tiles.empty


def test_a_bad_filter_is_a_sentence_and_keeps_the_view(ui):
    dash = ui.dashboard
    before = dash.tiles.copy()
    message = dash.select(location="Harbour")
    assert message == (
        "There is no location 'Harbour' in these data; choose one of: All locations, "
        "Old Town, Riverside."
    )
    pd.testing.assert_frame_equal(dash.tiles, before)
    assert "Traceback" not in dash._message.value
    assert dash.select(months=("2030-01", "2030-02")).startswith("The months must run forward")
    assert dash.select(months="soon").startswith("The months must be a pair of dates")


def test_an_error_inside_a_callback_becomes_a_sentence(ui, monkeypatch):
    dash = ui.dashboard

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(type(dash), "_draw_trends", broken)
    dash.controls["location"].value = "Old Town"  # must not raise
    assert dash.message.startswith("Something went wrong while updating the dashboard")
    monkeypatch.undo()
    dash.controls["location"].value = ""
    assert dash.message == ""


def test_charts_are_svg_with_titles_and_axis_labels(ui):
    dash = ui.dashboard
    svg = bytes(dash._trend_images["revenue"].value).decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert dash._trend_images["revenue"].format == "svg+xml"
    # matplotlib writes each text as a comment beside its glyphs
    for text in ("Net revenue by month", "Month", "US dollars ($)"):
        assert f"<!-- {text} -->" in svg.replace("&#36;", "$"), text
    mix = bytes(dash._mix_images["channel"].value).decode()
    assert "<!-- Net revenue (thousand USD) -->" in mix


def test_build_refuses_tables_without_orders():
    with pytest.raises(SmbkitError, match="needs an orders table"):
        build({"marketing": pd.DataFrame({"date": []})})
    with pytest.raises(SmbkitError, match="not both"):
        build({}, read=object())


def test_from_environment_shows_a_sentence_for_a_missing_export(monkeypatch, tmp_path):
    monkeypatch.setenv("SMBKIT_DATA", str(tmp_path / "no_such_export.csv"))
    widget = from_environment()
    assert "could not be built" in widget.value
    assert "Traceback" not in widget.value


# --------------------------------------------------------------------------- the command


def test_smbkit_dashboard_runs_voila_on_the_notebook(monkeypatch, capsys):
    from smbkit import cli

    seen = []
    monkeypatch.setattr(cli, "_run", lambda command: seen.append(command) or 0)
    monkeypatch.setenv("SMBKIT_DATA", "left_over.csv")
    assert cli.main(["dashboard", "--port", "8899"]) == 0
    (command,) = seen
    assert command[1:3] == ["-m", "voila"]
    assert command[3].endswith("dashboard/dashboard.ipynb")
    assert "--no-browser" in command and "--port=8899" in command
    assert "--Voila.ip=127.0.0.1" in command
    assert "SMBKIT_DATA" not in __import__("os").environ  # the bakery, not a stale export
    assert "http://127.0.0.1:8899/" in capsys.readouterr().out


def test_smbkit_dashboard_passes_readable_exports(monkeypatch):
    import os

    from smbkit import cli

    paths = datasets.sample_export_paths("shopify")
    seen = []
    monkeypatch.setattr(cli, "_run", lambda command: seen.append(command) or 0)
    monkeypatch.delenv("SMBKIT_DATA", raising=False)
    assert cli.main(["dashboard", *(a for p in paths for a in ("--data", str(p)))]) == 0
    assert os.environ["SMBKIT_DATA"] == os.pathsep.join(str(p.resolve()) for p in paths)
    # and the notebook's builder shows those exports
    widget = from_environment()
    dash = widget.dashboard
    assert dash.message == "" and "shopify_orders_1.csv" in widget.children[0].value
    orders = dash.orders
    period = dash.tiles["period"].iloc[0]
    kv = kpis.compute({"orders": orders}, kpis=list(dash.tiles["kpi"]), freq="M")
    want = kv[kv["period"] == period].set_index("kpi")["value"]
    for row in dash.tiles.itertuples(index=False):
        assert math.isclose(row.value, float(want[row.kpi]), rel_tol=1e-12), row.kpi


def test_smbkit_dashboard_refuses_an_unreadable_export_in_one_paragraph(monkeypatch, capsys):
    from smbkit import cli

    monkeypatch.setattr(cli, "_run", lambda command: pytest.fail("voila must not start"))
    assert cli.main(["dashboard", "--data", "no_such_export.csv"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("smbkit dashboard: error: ")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_smbkit_dashboard_refuses_a_bad_port(capsys):
    from smbkit import cli

    with pytest.raises(SystemExit) as exit_:
        cli.main(["dashboard", "--port", "99999"])
    assert exit_.value.code == 2
    assert "not a port number" in capsys.readouterr().err


def test_importing_smbkit_or_the_dashboard_module_loads_no_widget_libraries():
    import subprocess
    import sys

    code = (
        "import smbkit, smbkit.dashboard, sys; "
        "print(' '.join(m for m in ('ipywidgets', 'voila', 'seaborn', 'matplotlib.pyplot') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
