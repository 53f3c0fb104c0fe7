"""In a real browser: the report a planner opens (and, as it lands, the interactive view).

Playwright drives the system's chromium (Debian's ``chromium`` package; Playwright's own browser download is not
used). Without chromium or the playwright package these tests are skipped with a reason that says so, and
``./test.sh`` says plainly that they did not run; in CI (``CI`` set) a missing browser is a failure, not a skip.
Screenshots are saved in ``test-artefacts/`` at the project's root.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

WIDTH, HEIGHT = 1280, 900  # the planner's screen the report must fit (issue 16)
ARTEFACTS = ROOT / "test-artefacts"


def chromium_path() -> str | None:
    """The system's chromium: ``$CHROMIUM``, else ``chromium`` or ``chromium-browser`` on the PATH."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


@pytest.fixture(scope="module")
def browser():
    missing = []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing.append("the playwright package (pip install -e '.[test]')")
    if chromium_path() is None:
        missing.append("chromium (Debian/Ubuntu: apt-get install chromium)")
    if missing:
        message = "browser tests did not run: missing " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The report of a small main job, run as a user runs it."""
    folder = tmp_path_factory.mktemp("report") / "run"
    done = run_cli(ROOT, "org.size=200", "run.months=12", "run.replicates=3", f"hydra.run.dir={folder}")
    assert done.returncode == 0, done.stderr
    return folder / "report.html"


def test_the_report_reads_well_at_1280_px(browser, report):
    """The report loads without page errors; its first screen holds the recommendation; every section is there;
    the ranking table fits 1,280 px without scrolling sideways; every figure loads."""
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(report.as_uri())
    assert errors == []
    for section in ("summary", "ranking", "figures", "contents", "definitions", "limitations", "provenance"):
        assert page.locator(f"#{section}").is_visible(), section
    verdict = page.locator("#summary .verdict")
    assert verdict.bounding_box()["y"] + verdict.bounding_box()["height"] <= HEIGHT  # on the first screen
    assert "comes first at month 12" in verdict.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    table = page.locator("table.ranking").bounding_box()
    assert table["x"] >= 0 and table["x"] + table["width"] <= WIDTH
    assert page.locator("table.ranking tbody tr").count() == 7  # the seven shipped packages
    widths = page.evaluate("[...document.images].map(i => i.complete ? i.naturalWidth : 0)")
    assert len(widths) >= 8 and min(widths) > 0
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / "report_first_screen.png")
    page.screenshot(path=ARTEFACTS / "report_full.png", full_page=True)
    page.close()


@pytest.fixture(scope="module")
def view_url():
    """The view served as ``./view.sh`` serves it (127.0.0.1, telemetry off), on a free port; its assets must be
    in place (``scripts/view_assets.py``, run by ``./view.sh`` and ``./test.sh``)."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    pytest.importorskip("solara")
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "view_assets.py"), "--check"], capture_output=True,
                           text=True)  # fmt: skip
    if check.returncode != 0:
        message = "the view's browser test did not run: its assets are missing (" + check.stderr.strip() + ")"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "solara"), "run", "sim/viz.py", "--host", "127.0.0.1", "--port", str(port),
         "--production"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_view_works_offline_steps_as_labelled_and_shows_errors(browser, view_url):
    from playwright.sync_api import expect

    """The view loads with no 4xx response and no page error (its assets served locally); Step moves the weeks its
    label says; play stops at the horizon (week 156 of 156, not past it) and can start again after Reset; a bad
    setting shows a message naming the key, and the controls stay."""
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    bad, errors = [], []
    page.on("response", lambda r: bad.append((r.status, r.url)) if r.status >= 400 else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(view_url)
    status = page.get_by_text("people: month")
    status.wait_for(timeout=90_000)
    assert "week 0 of 156" in status.inner_text()
    page.get_by_role("button", name="Step +4 weeks").click()
    page.get_by_text("week 4 of 156").wait_for(timeout=30_000)
    page.get_by_role("button", name="13", exact=True).click()
    page.get_by_role("button", name="Step +13 weeks").click()
    page.get_by_text("week 17 of 156").wait_for(timeout=30_000)
    page.get_by_role("button", name="26", exact=True).click()
    page.get_by_role("button", name="▶ Play").click()
    page.get_by_text("week 156 of 156").wait_for(timeout=90_000)
    page.get_by_text("The horizon (36 months) is reached").wait_for(timeout=30_000)
    expect(page.get_by_role("button", name="▶ Play")).to_be_disabled()
    assert "week 156 of 156" in status.inner_text()  # not past the horizon
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / "view_at_the_horizon.png")
    page.get_by_role("button", name="Reset").click()
    page.get_by_text("week 0 of 156").wait_for(timeout=60_000)
    expect(page.get_by_role("button", name="▶ Play")).to_be_enabled()
    # a bad setting: a message, the page and its controls kept
    field = page.get_by_label("Further settings (e.g. training.mode=mandatory)")
    field.fill("training.mode=sometimes")
    field.press("Enter")
    page.get_by_role("button", name="Reset").click()
    message = page.get_by_text("Not reset").first
    message.wait_for(timeout=60_000)
    assert "training.mode" in message.inner_text()
    expect(page.get_by_role("button", name="Step +26 weeks")).to_be_enabled()
    page.screenshot(path=ARTEFACTS / "view_bad_setting.png")
    assert bad == [] and errors == [], (bad, errors)
    page.close()
