"""In a real browser: the report a planner opens (and, as it lands, the interactive view).

Playwright drives the system's chromium (Debian's ``chromium`` package; Playwright's own browser download is not
used). Without chromium or the playwright package these tests are skipped with a reason that says so, and
``./test.sh`` says plainly that they did not run; in CI (``CI`` set) a missing browser is a failure, not a skip.
Screenshots are saved in ``test-artefacts/`` at the project's root.
"""

from __future__ import annotations

import os
import shutil

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
