"""smbkit.report: the client report's content, its numbers, its safety, and table exports."""

from __future__ import annotations

import base64
import csv
import fnmatch
import re
import subprocess
import sys
import tomllib
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from smbkit import DataError, SmbkitError, datasets, kpis, targets
from smbkit import forecast as fc
from smbkit.customers import cohort_retention
from smbkit.io import read_orders
from smbkit.report import (
    DEFAULT_KPIS,
    FORMULA_PREFIXES,
    escape_formulas,
    export_tables,
    render,
)
from smbkit.report._sections import plain_label, trend_movement, trend_reading

ROOT = Path(__file__).resolve().parents[1]
IO = ROOT / "tests" / "fixtures" / "io"
SECTIONS = (
    "glance",
    "data-quality",
    "scorecard",
    "trends",
    "forecast",
    "revenue-mix",
    "cohorts",
    "alignment",
    "definitions",
)
EVIL = "<script>alert('x')</script>"


class _Page(HTMLParser):
    """Collect section ids, the scorecard rows (by data-kpi) and the text of id'd tables."""

    def __init__(self):
        super().__init__()
        self.sections: list[str] = []
        self.rows: dict[str, list[str]] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self.images: list[str] = []
        self._table: str | None = None
        self._kpi: str | None = None
        self._cells: list[str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.sections.append(a.get("id", ""))
        elif tag == "table" and a.get("id"):
            self._table = a["id"]
            self.tables[self._table] = []
        elif tag == "tr":
            self._kpi = a.get("data-kpi")
            self._cells = []
        elif tag in {"td", "th"}:
            self._text = []
        elif tag == "img":
            self.images.append(a.get("src", ""))

    def handle_endtag(self, tag):
        if tag in {"td", "th"} and self._cells is not None:
            self._cells.append(" ".join("".join(self._text).split()))
        elif tag == "tr" and self._cells is not None:
            if self._kpi:
                self.rows[self._kpi] = self._cells
            if self._table:
                self.tables[self._table].append(self._cells)
            self._cells = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        self._text.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def words(html: str) -> str:
    """The page's text as a reader sees it: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def number(text: str) -> float:
    """The first number in a formatted cell ('121,251 USD' -> 121251.0)."""
    m = re.search(r"[-+]?\d[\d,]*(?:\.\d+)?", text)
    assert m, f"no number in {text!r}"
    return float(m.group(0).replace(",", ""))


# columns of the scorecard table in the report (status right after the KPI's name, so a
# phone shows the two together)
STATUS, ACTUAL, LAST_YEAR, CHANGE, TARGET, BASIS, VS_TARGET, TREND = 1, 2, 3, 4, 5, 6, 7, 9


# --------------------------------------------------------------------------- the bakery


@pytest.fixture(scope="module")
def bakery_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bakery")
    html = render(out=folder / "report.html", tables_dir=folder / "tables")
    return html, folder


@pytest.fixture(scope="module")
def bakery_kpis():
    return kpis.compute(datasets.load("daily_crumb"), freq="M")


def test_bakery_report_has_every_section_and_no_code(bakery_report):
    html, folder = bakery_report
    assert (folder / "report.html").read_text(encoding="utf-8") == html
    page = parse(html)
    assert page.sections == list(SECTIONS)
    assert 'class="skip"' not in html  # the bakery has every input each section needs
    assert "The Daily Crumb" in html
    assert "<script" not in html and "import " not in html
    # one trend picture per KPI (each has years of whole months) and the forecast's fan chart
    assert len(page.images) == len(page.rows) + 1
    for image in page.images:
        png = base64.b64decode(image.removeprefix("data:image/png;base64,"))
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "there is no intake ledger" in words(html)  # bundled tables were not read from exports


def test_bakery_scorecard_numbers_match_kpis_compute(bakery_report, bakery_kpis):
    html, folder = bakery_report
    kv = bakery_kpis
    whole = kv[~kv["partial"]]
    period = whole.loc[whole["kpi"] == "revenue", "period"].max()
    assert period == pd.Timestamp("2025-12-01")  # the bakery's last whole month
    year_ago = period - pd.DateOffset(months=12)
    card = pd.read_csv(folder / "tables" / "scorecard.csv", encoding="utf-8-sig")
    rows = parse(html).rows
    assert list(rows) == list(card["kpi"]) == [k for k in DEFAULT_KPIS if k in set(kv["kpi"])]
    catalog = kpis.catalog().set_index("kpi")
    for r in card.itertuples():
        values = whole[whole["kpi"] == r.kpi].set_index("period")["value"]
        actual, last = values[period], values[year_ago]
        assert r.actual == actual  # exported exactly as computed
        assert number(rows[r.kpi][ACTUAL]) == pytest.approx(actual, rel=2e-3, abs=0.06)
        assert number(rows[r.kpi][LAST_YEAR]) == pytest.approx(last, rel=2e-3, abs=0.06)
        # the stated default target: last year improved by 5 % in the good direction
        sign = 1 if catalog.at[r.kpi, "polarity"] == "higher" else -1
        expected_target = last + sign * 0.05 * abs(last)
        assert r.target == pytest.approx(expected_target, rel=1e-9, abs=1e-9)
        assert rows[r.kpi][BASIS].startswith("default: same month last year, 5.0 %")
        expected_status = targets.status(
            actual, expected_target, polarity=catalog.at[r.kpi, "polarity"]
        )
        assert r.status == expected_status == rows[r.kpi][STATUS]


def test_bakery_revenue_headline_and_status_counts(bakery_report, bakery_kpis):
    html, folder = bakery_report
    card = pd.read_csv(folder / "tables" / "scorecard.csv", encoding="utf-8-sig")
    kv = bakery_kpis
    rev = kv[(kv["kpi"] == "revenue") & (kv["period"] == "2025-12-01")]["value"].item()
    assert f"Net revenue in Dec 2025: {rev:,.0f} USD" in words(html)
    counts = card["status"].value_counts()
    assert f"Of {len(card)} KPIs: {counts.get('on track', 0)} on track" in words(html)


def test_bakery_cohorts_and_alignment_tables(bakery_report):
    html, folder = bakery_report
    page = parse(html)
    cohort = page.tables["cohort-table"]
    assert cohort[0][:3] == ["cohort", "customers", "0"]
    assert all(row[2] == "100 %" for row in cohort[1:])  # age 0 is the cohort itself
    assert len(cohort) - 1 == 12
    exported = pd.read_csv(folder / "tables" / "cohort_retention.csv", encoding="utf-8-sig")
    assert (exported["0"] == 1.0).all()
    verdicts = {row[0]: row[1] for row in page.tables["alignment-table"][1:]}
    # the bakery's story (tests/test_analysis_alignment.py): search visits lead sales
    assert verdicts["Local search visits"] == "leading indicator"
    assert verdicts["Likes"] == "vanity"
    assert not (folder / "tables" / "ledger.csv").exists()  # no exports, no ledger


# --------------------------------------------------------------------------- how it reads


@pytest.mark.parametrize(
    ("movement", "polarity", "status", "arrow", "verdict", "tone"),
    [
        ("up", "higher", "on track", "↑", "better", "good"),  # revenue rose
        ("up", "lower", "on track", "↑", "worse", "bad"),  # a cost rose: never "improving"
        ("up", "lower", "off track", "↑", "worse", "bad"),
        ("down", "higher", "off track", "↓", "worse", "bad"),  # off track and falling
        ("down", "lower", "on track", "↓", "better", "good"),  # a cost fell
        ("down", "lower", "off track", "↓", "better, still off track", "mixed"),
        ("up", "higher", "at risk", "↑", "better, still at risk", "mixed"),
        ("up", "higher", "no data", "↑", "better", "good"),  # no target: polarity alone
        ("flat", "higher", "on track", "→", "steady", "neutral"),
        ("flat", "lower", "off track", "→", "not recovering", "bad"),
        (None, "higher", "on track", "–", "", "neutral"),
        (float("nan"), "lower", "off track", "–", "", "neutral"),
    ],
)
def test_trend_reading_says_the_direction_and_whether_it_is_good(
    movement, polarity, status, arrow, verdict, tone
):
    r = trend_reading(movement, polarity, status)
    assert (r["arrow"], r["verdict"], r["tone"]) == (arrow, verdict, tone)
    assert r["movement"] == (movement if isinstance(movement, str) else "no trend")


@pytest.mark.parametrize(
    ("direction", "polarity", "movement"),
    [
        ("improving", "higher", "up"),
        ("improving", "lower", "down"),  # a cost improving went down
        ("worsening", "higher", "down"),
        ("worsening", "lower", "up"),  # a cost worsening went up
        ("flat", "lower", "flat"),
        ("no data", "higher", None),
        (float("nan"), "higher", None),
    ],
)
def test_trend_movement_undoes_the_scorecards_polarity(direction, polarity, movement):
    assert trend_movement(direction, polarity) == movement


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("in_store", "In store"),
        ("online", "Online"),
        ("Old Town", "Old Town"),  # a name a person typed stays as it is
        ("front_of_house", "Front of house"),
        ("pos", "POS"),
        ("partially_refunded", "Partially refunded"),
        ("(not recorded)", "(not recorded)"),
        ("2024", "2024"),
        (None, "–"),
    ],
)
def test_plain_label(value, shown):
    assert plain_label(value) == shown


def _slope_direction(values: np.ndarray, flat_within: float = 0.02) -> str:
    """Up, down or flat: the least-squares change over the window, flat within 2 % of the
    mean (the rule smbkit.targets.scorecard documents), restated here."""
    change = np.polyfit(np.arange(len(values), dtype=float), values, 1)[0] * (len(values) - 1)
    if abs(change) <= flat_within * abs(values.mean()):
        return "flat"
    return "up" if change > 0 else "down"


def test_bakery_trend_column_says_where_the_number_went(bakery_report, bakery_kpis):
    html, folder = bakery_report
    rows = parse(html).rows
    card = pd.read_csv(folder / "tables" / "scorecard.csv", encoding="utf-8-sig")
    polarity = kpis.catalog().set_index("kpi")["polarity"]
    whole = bakery_kpis[~bakery_kpis["partial"]]
    seen = set()
    for r in card.itertuples():
        window = whole[(whole["kpi"] == r.kpi) & (whole["period"] <= r.period)].iloc[-12:]
        went = _slope_direction(window["value"].dropna().to_numpy())
        cell = rows[r.kpi][TREND]
        arrow = {"up": "↑ up", "down": "↓ down", "flat": "→ flat"}[went]
        assert cell.startswith(arrow), (r.kpi, cell)
        good = (went == "up") == (polarity[r.kpi] == "higher")
        if went != "flat":
            assert ("better" in cell) == good and ("worse" in cell) == (not good), (r.kpi, cell)
        seen.add((went, polarity[r.kpi]))
    # the bakery covers rises and falls of both kinds of KPI, so every branch is read
    assert {("up", "higher"), ("up", "lower"), ("down", "lower")} <= seen
    assert "improving" not in html and "worsening" not in html
    # a cost that rose reads as worse: the cash conversion cycle went up this year
    assert rows["cash_conversion_cycle"][TREND] == "↑ up worse"


def test_bakery_categories_read_as_plain_names(bakery_report):
    html, _ = bakery_report
    tables = parse(html).tables
    assert [r[0] for r in tables["by-channel"][1:]] == ["In store", "Online", "Catering"]
    assert [r[0] for r in tables["by-location"][1:]] == ["Old Town", "Riverside"]
    assert "in_store" not in html and "local_search" not in html


def test_every_table_has_a_header_row_and_numbers_that_do_not_wrap(bakery_report):
    html, _ = bakery_report
    tables = re.findall(r"<table\b.*?</table>", html, re.S)
    assert len(tables) >= 9
    for table in tables:
        assert re.search(r"<table[^>]*>\s*<thead><tr>", table), table[:80]
        assert "<tbody>" in table and table.count("<thead>") == 1
        assert '<div class="table-wrap' in html.split(table)[0][-60:]  # scrolls in its box
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    assert re.search(r"td\.num[^{]*\{ white-space: nowrap;", style)
    printed = style.split("@media print", 1)[1]
    assert "thead { display: table-header-group; }" in printed
    assert re.search(r"tr,[^{]*\{ break-inside: avoid;", printed)
    assert re.search(r"h2, h3 \{ break-after: avoid;", printed)


# --------------------------------------------------------------------------- forecast

# the report's forecast design, stated here independently of the code
HORIZON, LEVEL, CHECK = 12, 0.9, 3  # months ahead, interval, months per back-test forecast


def _whole_months(kv: pd.DataFrame) -> pd.Series:
    rev = kv[(kv["kpi"] == "revenue") & ~kv["partial"]].set_index("period")["value"]
    return rev.set_axis(pd.DatetimeIndex(rev.index)).asfreq("MS")


def _section(html: str) -> str:
    found = re.search(r'<section id="forecast">.*?</section>', html, re.S).group(0)
    return unescape(words(found))


def _check_forecast_table(html, folder, table):
    """The report's table and the exported CSV hold exactly the forecast `table`."""
    rows = parse(html).tables["forecast-table"][1:]
    assert [r[0] for r in rows] == [f"{d:%b %Y}" for d in table["date"]]
    for row, r in zip(rows, table.itertuples(), strict=True):
        for cell, value in zip(row[1:], (r.forecast, r.lower, r.upper), strict=True):
            assert number(cell) == pytest.approx(value, abs=0.51)  # whole units shown
    if folder is not None:
        exported = pd.read_csv(folder / "forecast.csv", encoding="utf-8-sig", parse_dates=["date"])
        assert exported["date"].tolist() == table["date"].tolist()
        for col in ("forecast", "lower", "upper"):
            np.testing.assert_allclose(exported[col], table[col], rtol=1e-12)
        assert set(exported["method"]) == {table.attrs["spec"]}


def _quarter_sentence(table) -> str:
    q = table.iloc[:3]
    return (
        f"{q['forecast'].sum():,.0f} USD. Adding up each month's 90 % range gives "
        f"{q['lower'].sum():,.0f} USD to {q['upper'].sum():,.0f} USD"
    )


def test_bakery_forecast_matches_smbkit_forecast(bakery_report, bakery_kpis):
    html, folder = bakery_report
    s = _whole_months(bakery_kpis)
    assert s.notna().all() and len(s) == 47  # Feb 2022 (Jan is partial) to Dec 2025
    # three origins a quarter apart; each forecasts the next quarter: Apr-Dec 2025 checked
    origins = ["2025-03-01", "2025-06-01", "2025-09-01"]
    bt = fc.backtest(s, horizon=CHECK, origins=origins, models=["ets"], level=LEVEL)
    assert bt.beats_benchmark("ets")  # the bakery's story: the model earns its keep
    table = fc.forecast(s, horizon=HORIZON, model="ets", level=LEVEL)
    _check_forecast_table(html, folder / "tables", table)
    text = _section(html)
    assert "Expected net revenue for Jan–Mar 2026: " + _quarter_sentence(table) in text
    assert "Expected net revenue for Jan–Mar 2026" in words(html).split("Data quality")[0]
    ets = bt.summary.set_index("model").loc["ets"]
    naive = bt.summary.set_index("model").loc["seasonal_naive"]
    assert (
        f"In a back-test over Apr–Dec 2025 (9 months, each forecast a quarter ahead from only "
        f"the months before it), the exponential smoothing model missed the actual net revenue "
        f"by {ets['mae']:,.0f} USD ({ets['mape']:.1f} %) a month on average, against "
        f'{naive["mae"]:,.0f} USD ({naive["mape"]:.1f} %) for "same month last year". Scaled '
        "by each origin's usual year-on-year change (MASE), its error is "
        f"{ets['vs_benchmark']:.2f} times the benchmark's: it beat that benchmark" in text
    )
    inside = round(ets["coverage"] * ets["forecasts"])
    assert f"{inside} of the 9 actual months fell inside" in text
    summary = pd.read_csv(folder / "tables" / "forecast_backtest.csv", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(
        summary.drop(columns="note"), bt.summary.drop(columns="note"), rtol=1e-12
    )
    assert "What the model fitting reported" not in html  # ETS converged quietly


def _monthly_orders(values, start="2022-01-01") -> pd.DataFrame:
    """One order a day, each month's orders adding up to its value (every month whole)."""
    months = pd.date_range(start, periods=len(values), freq="MS")
    days = pd.date_range(months[0], months[-1] + pd.offsets.MonthEnd(0), freq="D")
    per_day = pd.Series(values, index=months).reindex(days, method="ffill") / days.days_in_month
    return pd.DataFrame(
        {
            "order_id": [f"o{i}" for i in range(len(days))],
            "date": days + pd.Timedelta(hours=12),
            "customer_id": [f"c{i % 25}" for i in range(len(days))],
            "revenue": per_day.round(2).to_numpy(),
            "refunded": 0.0,
        }
    )


def _seasonal_random_walk(months: int, seed: int = 0) -> np.ndarray:
    """Each month is the same month a year earlier plus noise: "same month last year" is
    the best forecast there is, so a fitted model should not beat it."""
    rng = np.random.default_rng(seed)
    y = np.empty(months)
    y[:12] = 100_000 * rng.uniform(0.7, 1.3, 12)
    for t in range(12, months):
        y[t] = y[t - 12] + 3000 * rng.standard_normal()
    return y


def test_forecast_falls_back_to_same_month_last_year_when_the_model_does_not_beat_it(tmp_path):
    orders = _monthly_orders(_seasonal_random_walk(36))
    html = render(orders, kpis=["revenue", "orders"], tables_dir=tmp_path)
    s = _whole_months(kpis.compute({"orders": orders}, kpis=["revenue"]))
    assert len(s) == 36 and s.notna().all()
    bt = fc.backtest(s, horizon=CHECK, origins=["2024-03-01", "2024-06-01", "2024-09-01"])
    assert not bt.beats_benchmark("ets")
    table = fc.forecast(s, horizon=HORIZON, model="seasonal_naive", level=LEVEL)
    _check_forecast_table(html, tmp_path, table)
    np.testing.assert_allclose(table["forecast"], s.iloc[-12:])  # literally last year
    text = _section(html)
    assert "Expected net revenue for Jan–Mar 2025: " + _quarter_sentence(table) in text
    ets = bt.summary.set_index("model").loc["ets"]
    assert (
        f"its error is {ets['vs_benchmark']:.2f} times the benchmark's. The forecast is no "
        'better than "same month last year", so that is shown instead' in text
    )
    assert "Method: same month last year (seasonal naive)." in text


def test_forecast_needs_29_whole_months_and_says_why():
    values = _seasonal_random_walk(30, seed=3)
    # 28 whole months (a partial month at each end): too few; 29: a one-quarter back-test
    for whole, first_day in ((28, "2022-01-15"), (29, "2022-01-01")):
        orders = _monthly_orders(values)
        orders = orders[orders["date"] >= first_day].iloc[:-1]  # the last day missing
        kv = kpis.compute({"orders": orders}, kpis=["revenue"], freq="M")
        assert len(_whole_months(kv).dropna()) == whole
        html = render(orders, kpis=["revenue"])
        text = _section(html)
        if whole == 28:
            assert (
                "No forecast: a forecast needs at least 29 whole months of net revenue in a "
                "row (26 for the model to learn the seasonal pattern, and 3 more to check it "
                "against what happened), and these data have only 28." in text
            )
        else:
            assert "forecast-table" in html
            assert "3 months are a small test: read the verdict as a first sign." in text


def test_forecast_is_monthly_whatever_the_reporting_period(tmp_path):
    orders = _monthly_orders(_seasonal_random_walk(36, seed=5))
    render(orders, freq="Q", kpis=["revenue"], tables_dir=tmp_path / "q")
    render(orders, freq="M", kpis=["orders"], tables_dir=tmp_path / "m")
    quarterly = pd.read_csv(tmp_path / "q" / "forecast.csv", encoding="utf-8-sig")
    monthly = pd.read_csv(tmp_path / "m" / "forecast.csv", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(quarterly, monthly)
    assert len(monthly) == HORIZON and monthly["date"].iloc[0] == "2025-01-01"


# --------------------------------------------------------------------------- an export


def _raw_total(path: Path, column: str) -> tuple[int, float]:
    """Rows below the header and the sum of a money column, read independently."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        records = list(csv.DictReader(handle))
    return len(records), round(sum(float(r[column] or 0) for r in records), 2)


def test_shopify_export_ledger_reconciles_in_the_report(tmp_path):
    path = IO / "shopify_orders.csv"
    html = render(path, out=tmp_path / "r.html", tables_dir=tmp_path / "tables")
    page = parse(html)
    assert page.sections == list(SECTIONS)
    raw_rows, raw_amount = _raw_total(path, "Total")
    summary = {row[0]: row[1:] for row in page.tables.get("ledger", [])}
    assert "Kept" in summary and "Excluded" in summary
    ledger = pd.read_csv(tmp_path / "tables" / "ledger.csv", encoding="utf-8-sig")
    core = ledger[ledger["action"] != "repaired"]
    assert core["rows"].sum() == raw_rows
    assert core["amount"].sum() == pytest.approx(raw_amount, abs=0.005)
    # the report's own summary table, as the client sees it
    text = words(html)
    assert re.search(rf"Raw total in the file\(s\)\s+{raw_rows}\s+{raw_amount:,.2f}", text)
    kept = ledger[ledger["action"] == "kept"]
    excluded = ledger[ledger["action"] == "excluded"]
    assert re.search(rf"Kept\s+{kept['rows'].sum()}\s+{kept['amount'].sum():,.2f}", text)
    assert re.search(
        rf"Excluded\s+{excluded['rows'].sum()}\s+{excluded['amount'].sum():,.2f}", text
    )
    assert 'id="reconciliation" class="ok"' in html
    for row in page.tables["ledger"][1:]:
        assert row[0] in {"Kept", "Excluded", "Repaired"}
    assert "test order" in html and "voided" in html


def test_shopify_export_skips_what_it_cannot_support_with_reasons(tmp_path):
    html = words(render(IO / "shopify_orders.csv"))
    assert "No trend picture: the data cover fewer than two whole months" in html
    assert "No alignment check: no marketing table" in html
    assert "No cohort table: the data span less than two months" in html
    assert (
        "No forecast: a forecast needs at least 29 whole months of net revenue in a row "
        "(26 for the model to learn the seasonal pattern, and 3 more to check it against "
        "what happened), and these data have none." in html
    )
    assert "Gross margin: cannot be computed from these data" in html  # no product costs
    assert "Customer acquisition cost: needs the marketing table" not in html  # defaults
    assert "every figure describes a partial month" in html
    assert "ana@example.com" not in html  # e-mail customer ids never reach the report


def test_scorecard_of_an_export_matches_kpis_compute(tmp_path):
    path = IO / "woocommerce_orders.csv"
    html = render(path)
    chosen = ["revenue", "orders", "average_order_value"]
    kv = kpis.compute({"orders": read_orders(path).data}, kpis=chosen, freq="M")
    rows = parse(html).rows
    for kpi in chosen:
        value = kv.loc[kv["kpi"] == kpi, "value"].item()
        assert number(rows[kpi][ACTUAL]) == pytest.approx(value, rel=1e-3)
    assert "EUR" in rows["revenue"][ACTUAL]  # the export's currency, not the catalog's USD


def _orders(months: int = 15, channel: str = "web", location: str = "Old Town") -> pd.DataFrame:
    rng = np.random.default_rng(7)
    dates = pd.date_range("2024-01-01", periods=months * 30, freq="D")
    n = len(dates)
    return pd.DataFrame(
        {
            "order_id": [f"o{i}" for i in range(n)],
            "date": dates + pd.Timedelta(hours=10),
            "customer_id": [f"c{i % 40}" for i in range(n)],
            "channel": channel,
            "location": location,
            "revenue": rng.uniform(10, 50, n).round(2),
            "cost": 5.0,
            "discount": 0.0,
            "refunded": 0.0,
            "status": "completed",
        }
    )


def test_generic_export_over_fifteen_months_gets_default_targets(tmp_path):
    orders = _orders()
    path = tmp_path / "sales.csv"
    orders.rename(columns={"order_id": "Invoice", "date": "Date", "revenue": "Net"})[
        ["Invoice", "Date", "Net", "customer_id"]
    ].to_csv(path, index=False)
    column_map = {
        "order_id": "Invoice",
        "date": "Date",
        "revenue": "Net",
        "customer_id": "customer_id",
    }
    html = render(path, source="generic", column_map=column_map, tables_dir=tmp_path / "t")
    card = pd.read_csv(tmp_path / "t" / "scorecard.csv", encoding="utf-8-sig")
    revenue = card.set_index("kpi").loc["revenue"]
    assert revenue["target"] == pytest.approx(1.05 * revenue["same_period_last_year"])
    assert 'class="skip"' in html  # no marketing table
    assert parse(html).tables["cohort-table"][1][2] == "100 %"


# --------------------------------------------------------------------------- safety


def test_text_from_the_data_is_escaped_never_markup(tmp_path):
    orders = _orders(months=3, channel=EVIL, location='<img src=x onerror="alert(1)">')
    lines = pd.DataFrame(
        {
            "order_id": orders["order_id"],
            "product": "</td><script>x()</script>",
            "revenue": orders["revenue"],
        }
    )
    html = render({"orders": orders, "order_lines": lines}, title=f"Report {EVIL}")
    assert "<script" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;/td&gt;&lt;script&gt;x()&lt;/script&gt;" in html
    assert "<title>Report &lt;script&gt;" in html


def test_template_ships_as_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]
    names = [p for key in ("*", "smbkit.report", "smbkit") for p in patterns.get(key, [])]
    assert any(fnmatch.fnmatch("report.html.j2", p) for p in names), names
    assert (ROOT / "smbkit" / "report" / "report.html.j2").is_file()


def test_importing_the_report_stays_light():
    code = (
        "import sys, smbkit, smbkit.report, smbkit.cli\n"
        "heavy = [m for m in ('jinja2', 'matplotlib', 'seaborn', 'statsmodels', 'scipy.stats')"
        " if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    out = subprocess.run(
        [sys.executable, "-c", "import sys, smbkit; print('smbkit.report' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- options


def test_user_targets_numbers_and_goals(tmp_path):
    orders = _orders()
    goal = targets.Goal("orders", 25, "2024-06-01", 40, "2025-06-01", "higher")
    render(
        orders, targets={"revenue": 1.0, "orders": goal, "gross_profit": 1e9}, tables_dir=tmp_path
    )
    card = pd.read_csv(tmp_path / "scorecard.csv", encoding="utf-8-sig").set_index("kpi")
    assert card.loc["revenue", "target"] == 1.0
    assert card.loc["revenue", "target_basis"] == "set by you"
    assert card.loc["revenue", "status"] == "on track"
    assert card.loc["gross_profit", "status"] == "off track"  # added because it has a target
    period = pd.Timestamp(card.loc["orders", "period"])
    assert card.loc["orders", "target"] == pytest.approx(goal.expected(period))
    assert card.loc["orders", "target_basis"].startswith("your goal: 40 by Jun 2025")


def test_weekly_report_and_chosen_kpis(tmp_path):
    html = render(_orders(months=3), freq="W", kpis=["revenue", "orders"], tables_dir=tmp_path)
    card = pd.read_csv(tmp_path / "scorecard.csv", encoding="utf-8-sig")
    assert list(card["kpi"]) == ["revenue", "orders"]
    assert "scored week: week of" in words(html)


def test_cohorts_skipped_without_customer_ids():
    html = render(_orders().drop(columns=["customer_id"]), kpis=["revenue"])
    assert "No cohort table: no customer ids: cohorts need them" in words(html)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"freq": "monthly"}, SmbkitError, r"render: the value for `freq` must be one of"),
        ({"source": "shopfy"}, SmbkitError, r"`source` .* Did you mean 'shopify'\?"),
        ({"growth": 1.5}, SmbkitError, r"render: `growth` must be a number from 0 to below 1"),
        ({"kpis": ["revenu"]}, SmbkitError, r"unknown KPI 'revenu' in `kpis`. Did you mean"),
        ({"targets": {"revenue": "lots"}}, SmbkitError, r"targets\['revenue'\] must be a finite"),
        ({"targets": [1.0]}, SmbkitError, r"a list of `targets` must hold .*Goal objects"),
        ({"title": 3}, SmbkitError, r"`title` must be text"),
        ({"out": "/no/such/folder/r.html"}, SmbkitError, r"the folder of out=.* does not exist"),
        ({"tz": "Europe/Berlin"}, SmbkitError, r"tz= describe an export file, but `data` is"),
    ],
)
def test_options_are_validated_up_front(kwargs, error, match):
    with pytest.raises(error, match=match):
        render(_orders(months=2), **kwargs)


def test_goal_under_another_kpi_and_bad_data():
    goal = targets.Goal("orders", 25, "2024-06-01", 40, "2025-06-01", "higher")
    with pytest.raises(SmbkitError, match=r"targets\['revenue'\] is a Goal for KPI 'orders'"):
        render(_orders(months=2), targets={"revenue": goal})
    with pytest.raises(SmbkitError, match=r"`data` must be None .* got int"):
        render(42)
    with pytest.raises(DataError, match=r"read_orders: file .* does not exist"):
        render(IO / "no_such_export.csv")
    with pytest.raises(DataError, match=r"render: no KPI could be computed from tables"):
        render({"web": pd.DataFrame({"x": [1]})}, kpis=["revenue"])
    with pytest.raises(DataError, match=r"none of the report's KPIs can be computed from tables"):
        render({"tickets": pd.DataFrame({"x": [1]})})


def test_cohort_retention_counts_returning_customers():
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "c", "c", None],
            "date": pd.to_datetime(
                [
                    "2025-01-05",
                    "2025-02-07",
                    "2025-03-01",
                    "2025-01-09",
                    "2025-02-02",
                    "2025-03-30",
                    "2025-03-03",
                ]
            ),
        }
    )
    table = cohort_retention(orders)
    assert table.loc["2025-01-01", "customers"] == 2
    assert table.loc["2025-01-01", 1] == 0.5 and table.loc["2025-01-01", 2] == 0.5
    assert table.loc["2025-02-01", 1] == 1.0
    assert np.isnan(table.loc["2025-02-01", 2])  # not observable yet
    assert table.loc["2025-03-01":].empty


# --------------------------------------------------------------------------- exports


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_formula_prefixes_are_escaped(prefix):
    table = pd.DataFrame({"note": [f'{prefix}HYPERLINK("http://x")', "plain"]})
    assert escape_formulas(table)["note"].tolist() == [f'\'{prefix}HYPERLINK("http://x")', "plain"]


def test_escape_formulas_leaves_numbers_and_the_input_alone():
    table = pd.DataFrame(
        {"=total": [-5.0, 3.0], "who": pd.array(["@ana", None], dtype="str")},
        index=pd.Index(["+x", "y"], name="id"),
    )
    out = escape_formulas(table)
    assert list(out.columns) == ["id", "'=total", "who"]
    assert out["id"].tolist() == ["'+x", "y"]
    assert out["'=total"].tolist() == [-5.0, 3.0]
    assert out["who"].iloc[0] == "'@ana" and pd.isna(out["who"].iloc[1])
    assert table["who"].iloc[0] == "@ana"  # not changed in place
    with pytest.raises(SmbkitError, match="escape_formulas: `frame` must be a pandas DataFrame"):
        escape_formulas([1, 2])


def test_export_tables_csv_and_excel_are_inert(tmp_path):
    table = pd.DataFrame({"name": ["=1+1", "-2", "Ana"], "amount": [1.5, -2.0, 3.0]})
    (csv_path,) = export_tables({"customers": table}, tmp_path / "csv")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["name", "amount"], ["'=1+1", "1.5"], ["'-2", "-2.0"], ["Ana", "3.0"]]
    (xlsx_path,) = export_tables({"customers": table}, tmp_path / "xlsx", fmt="xlsx")
    sheet = openpyxl.load_workbook(xlsx_path).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)  # no formula anywhere
    assert sheet["A2"].value == "'=1+1" and sheet["B3"].value == -2.0


@pytest.mark.parametrize(
    ("tables", "kwargs", "match"),
    [
        ({"../up": pd.DataFrame()}, {}, r"table name '../up' is not a plain file name"),
        ({"t": [1]}, {}, r"table 't' must be a pandas DataFrame, got list"),
        ([pd.DataFrame()], {}, r"`tables` must be a mapping of name -> DataFrame"),
        ({"t": pd.DataFrame()}, {"fmt": "xls"}, r"the value for `fmt` must be one of"),
    ],
)
def test_export_tables_errors(tmp_path, tables, kwargs, match):
    with pytest.raises(SmbkitError, match=match):
        export_tables(tables, tmp_path, **kwargs)


def test_export_tables_refuses_a_file_as_folder(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    with pytest.raises(SmbkitError, match=r"export_tables: folder .* is a file"):
        export_tables({"t": pd.DataFrame({"a": [1]})}, target)


def test_report_counts_refunds_on_the_platforms_basis_and_says_so(tmp_path):
    """Square dates refunds: the report books them when issued; Shopify does not: order date."""
    import re

    from smbkit.io import read_orders
    from smbkit.report import render

    fixtures = Path(__file__).parent / "fixtures" / "io"
    square = read_orders(fixtures / "intake_square_partial_refunds.csv")
    html = render(square, kpis=["revenue"])
    said = re.search(r'<p id="refund-basis">([^<]*)</p>', html).group(1)
    assert said.startswith("Refunds are counted in the period they were issued")
    order = render(square, kpis=["revenue"], refund_basis="order", tables_dir=tmp_path / "o")
    assert "in the period of the order they belong to." in order
    render(square, kpis=["revenue"], tables_dir=tmp_path / "i")
    # March sales 26.50; refunds: 10.00 of March's T10 issued in April, 5.00 of an earlier sale
    for basis, march, april in (("o", 16.5, None), ("i", 26.5, -15.0)):
        values = pd.read_csv(tmp_path / basis / "kpi_values.csv")
        values = values[values["kpi"] == "revenue"].set_index("period")["value"]
        assert values.loc["2026-03-01"] == pytest.approx(march)
        assert values.get("2026-04-01") == (pytest.approx(april) if april else None)
    shop = render(read_orders(fixtures / "shopify_orders.csv"), kpis=["revenue"])
    assert "does not say when a refund was issued" in shop
    with pytest.raises(DataError, match=r"refund_basis='issued' needs the dates refunds"):
        render(read_orders(fixtures / "shopify_orders.csv"), refund_basis="issued")
    with pytest.raises(SmbkitError, match=r"`refund_basis` must be one of"):
        render(square, refund_basis="sale")
