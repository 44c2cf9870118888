"""The dashboard as a client sees it: Voila serving dashboard/dashboard.ipynb in Chromium.

Playwright drives Debian's Chromium (``apt-get install chromium``); no browser is
downloaded. Without playwright, voila or /usr/bin/chromium the module is skipped with the
reason. Set ``SMBKIT_SCREENSHOTS=<folder>`` to keep screenshots at 1280 and 820 px.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "dashboard" / "dashboard.ipynb"
CHROMIUM = Path("/usr/bin/chromium")
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")  # never fetch a browser
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)
if not CHROMIUM.is_file():
    pytest.skip("no /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)
if importlib.util.find_spec("voila") is None:
    pytest.skip("voila is not installed (pip install -e '.[course]')", allow_module_level=True)

SHOTS = os.environ.get("SMBKIT_SCREENSHOTS")
START_TIMEOUT = 120  # s: kernel start, data load and first render on 2 slow cores


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Voila on a copy of the notebook (nothing is written back into the repository)."""
    folder = tmp_path_factory.mktemp("dashboard")
    shutil.copy(NOTEBOOK, folder / "dashboard.ipynb")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "SMBKIT_DATA"}  # the bakery
    log = (folder / "voila.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voila",
            "dashboard.ipynb",
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
        ],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:  # the port answers: the server is up (a page would start a kernel)
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"voila exited: {(folder / 'voila.log').read_text()[-2000:]}")
            time.sleep(0.3)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield chromium
        chromium.close()


def _open(browser, url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=2)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, timeout=START_TIMEOUT * 1000)
    page.wait_for_selector(".smb-tile", timeout=START_TIMEOUT * 1000)
    page.wait_for_function(
        "[...document.querySelectorAll('img.widget-image')].some(i => i.naturalWidth > 0)",
        timeout=30_000,
    )
    return context, page, time.perf_counter() - start


def _clean(page) -> None:
    text = page.inner_text("body")
    for bad in ("Traceback", "Error displaying widget", "Warning", "Error:"):
        assert bad not in text, f"{bad!r} on the page"
    assert page.locator(".jp-InputArea, .jp-CodeMirrorEditor, .cm-content").count() == 0
    assert "from_environment" not in text  # no code shown


def _keep(page, name: str, width: int) -> None:
    """A screenshot of the whole dashboard (Voila scrolls inside #rendered_cells)."""
    if not SHOTS:
        return
    height = page.evaluate(
        "(document.querySelector('#rendered_cells') || document.documentElement).scrollHeight"
    )
    page.set_viewport_size({"width": width, "height": int(height) + 20})
    page.wait_for_timeout(500)  # images re-laid out at the new size
    page.screenshot(path=str(Path(SHOTS) / name))
    page.set_viewport_size({"width": width, "height": 900})


def _tile(page, kpi: str) -> str:
    return page.locator(f'.smb-tile[data-kpi="{kpi}"] .value').inner_text()


def test_dashboard_loads_and_a_filter_updates_the_tiles(server, browser):
    context, page, first_paint = _open(browser, server, 1280)
    try:
        _clean(page)
        assert page.locator(".smb-tile").count() == 8
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        before = _tile(page, "revenue")
        location = page.locator(".widget-dropdown select").first
        start = time.perf_counter()
        location.select_option(label="Riverside")
        page.wait_for_function(
            "old => document.querySelector('.smb-tile[data-kpi=\"revenue\"] .value')"
            ".innerText !== old",
            arg=before,
            timeout=30_000,
        )
        page.wait_for_selector(".smb-busy", state="detached", timeout=30_000)
        update = time.perf_counter() - start
        after = _tile(page, "revenue")
        assert after != before
        _clean(page)
        _keep(page, "dashboard-1280.png", 1280)
        print(f"\ntime to first paint {first_paint:.1f} s; filter to update {update:.2f} s")
        # an empty selection: a sentence, not an error
        page.locator(".widget-dropdown select").nth(1).select_option(label="Catering")
        page.wait_for_selector(".smb-message", timeout=30_000)
        assert "no orders" in page.inner_text(".smb-message")
        _clean(page)
    finally:
        context.close()


def test_dashboard_at_tablet_width_fits(server, browser):
    context, page, _ = _open(browser, server, 820)
    try:
        _clean(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 820
        for tile in page.locator(".smb-tile").all():
            box = tile.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 820
        _keep(page, "dashboard-820.png", 820)
    finally:
        context.close()
