"""The client report in a real browser: a desktop, a phone and paper.

Playwright drives Debian's Chromium (``apt-get install chromium``); no browser is
downloaded. Without playwright or /usr/bin/chromium the module is skipped with the reason.
Set ``SMBKIT_SCREENSHOTS=<folder>`` to keep full-page screenshots and the printed PDF.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from smbkit.report import render

CHROMIUM = Path("/usr/bin/chromium")
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")  # never fetch a browser
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)
if not CHROMIUM.is_file():
    pytest.skip(
        "no /usr/bin/chromium (apt-get install chromium) to render the report",
        allow_module_level=True,
    )

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
SHOTS = os.environ.get("SMBKIT_SCREENSHOTS")


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    render(out=path)  # the bundled bakery: every section present
    return path


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield chromium
        chromium.close()


def _open(browser, report_file, device: dict):
    context = browser.new_context(**device)
    page = context.new_page()
    page.goto(report_file.as_uri())
    page.wait_for_load_state("load")  # the embedded pictures are decoded and laid out
    return context, page


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None, "element is not rendered"
    return box


def _keep(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_the_page_never_scrolls_sideways(browser, report_file, device):
    context, page = _open(browser, report_file, device)
    try:
        width = device["viewport"]["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # every table sits inside the page; a wide one scrolls inside its own box
        for wrap in page.locator(".table-wrap").all():
            box = _box(wrap)
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
        for img in page.locator("img").all():
            box = _box(img)
            assert box["width"] > 0 and box["x"] + box["width"] <= width + 0.5
        _keep(page, f"report-{width}.png")
    finally:
        context.close()


def test_on_a_phone_each_status_sits_beside_its_kpi(browser, report_file):
    context, page = _open(browser, report_file, PHONE)
    try:
        rows = page.locator("#scorecard-table tbody tr").all()
        assert len(rows) == 15  # every KPI of the bakery's scorecard
        for row in rows:
            name, status = _box(row.locator("td.kpi")), _box(row.locator("td.status"))
            assert 0 <= status["x"] and status["x"] + status["width"] <= 390, status
            assert abs(status["y"] - name["y"]) < 8  # on the KPI name's line, not below
            assert row.locator("td.status").inner_text() in {
                "on track",
                "at risk",
                "off track",
                "no data",
            }
        # the scorecard fits: nothing of it hides behind a scroll bar
        wrap = page.locator(".table-wrap:has(#scorecard-table)")
        assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth")
        # the trend pictures stack, one KPI to a row, each as wide as the text
        panels = [_box(p) for p in page.locator("#trends .panel img").all()]
        assert len(panels) == 15
        assert len({round(p["x"]) for p in panels}) == 1
        assert all(p["width"] > 300 for p in panels)
    finally:
        context.close()


def test_on_a_desktop_the_scorecard_is_one_table_and_trends_three_to_a_row(browser, report_file):
    context, page = _open(browser, report_file, DESKTOP)
    try:
        wrap = page.locator(".table-wrap:has(#scorecard-table)")
        assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth")
        header = page.locator("#scorecard-table thead th")
        assert header.nth(0).inner_text() == "KPI" and header.nth(1).inner_text() == "status"
        tops = [round(_box(p)["y"]) for p in page.locator("#trends .panel img").all()]
        assert len(tops) == 15 and len(set(tops)) == 5  # 3 to a row
        # numbers stay on one line: the text of each numeric cell makes one line box
        lines = page.eval_on_selector_all(
            "td.num",
            """cells => cells.map(c => {
                 const range = document.createRange();
                 range.selectNodeContents(c);
                 const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                 return [tops.size, c.textContent];
               })""",
        )
        assert len(lines) > 200
        wrapped = [text for n, text in lines if n > 1]
        assert wrapped == []
    finally:
        context.close()


def test_printed_rows_never_split_and_headers_repeat(browser, report_file, tmp_path):
    context, page = _open(browser, report_file, DESKTOP)
    try:
        page.emulate_media(media="print")
        styles = page.evaluate(
            """() => ({
              rows: [...document.querySelectorAll('tr')].map(r => getComputedStyle(r).breakInside),
              heads: [...document.querySelectorAll('table')].map(t => t.tHead
                       ? getComputedStyle(t.tHead).display : 'none'),
              headings: [...document.querySelectorAll('h2, h3')]
                          .map(h => getComputedStyle(h).breakAfter),
              numbers: [...document.querySelectorAll('td.num')]
                         .map(c => getComputedStyle(c).whiteSpace),
            })"""
        )
        assert styles["rows"] and set(styles["rows"]) == {"avoid"}
        assert set(styles["heads"]) == {"table-header-group"}
        assert set(styles["headings"]) == {"avoid"}
        assert set(styles["numbers"]) == {"nowrap"}
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        context.close()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 4 <= pages <= 12, pages
    path = Path(SHOTS or tmp_path) / "report.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftotext") is None:  # poppler-utils: the text check is a bonus
        return
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    printed = text.split("\f")
    assert len([p for p in printed if p.strip()]) == pages
    for heading in ("At a glance", "Scorecard", "Trends", "Forecast", "What the KPIs mean"):
        assert heading in text
    # a page that continues the definitions table starts with the table's header again
    definitions = re.compile(r"\s(higher|lower)\s*$", re.M)  # their "better" column
    starts = [p for p in printed if "What the KPIs mean" not in p and definitions.search(p)]
    assert starts  # the bakery's definitions run over a page break
    for p in starts:
        first = next(line for line in p.splitlines() if line.strip())
        assert re.match(r"\s*KPI\s+definition\s+formula\s+unit\s+better", first), first
