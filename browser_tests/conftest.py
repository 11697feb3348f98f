"""Fixtures for the browser tests: the built book and an offline, headless Chromium.

The built HTML is taken from ``$CRBOOK_HTML_DIR`` (default: ``_build/html``
next to this directory).  Chromium and its driver come from Debian's packages
(``chromium``, ``chromium-driver``), installed by ``make browser-deps`` (which
``.ci/run`` calls before the browser test); the tests only use them, never
install anything, and Selenium Manager is kept offline.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("SE_OFFLINE", "true")       # Selenium Manager must not fetch drivers

from selenium import webdriver                     # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
HTML_DIR = Path(os.environ.get("CRBOOK_HTML_DIR", ROOT / "_build" / "html")).resolve()
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")
DRIVER_CANDIDATES = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")

SUMMARY: dict[str, int] = {}


def _first_existing(paths) -> str | None:
    return next((p for p in paths if Path(p).exists()), None)


def _find_chromium() -> tuple[str, str]:
    browser, driver = _first_existing(CHROMIUM_CANDIDATES), _first_existing(DRIVER_CANDIDATES)
    if not (browser and driver):
        pytest.fail("Chromium is missing: run `make browser-deps` (Debian's 'chromium' and "
                    "'chromium-driver' packages)")
    return browser, driver


@pytest.fixture(scope="session")
def html_dir() -> Path:
    if not (HTML_DIR / "index.html").exists():
        pytest.fail(f"no built book at {HTML_DIR}: run `make book` "
                    "(or set CRBOOK_HTML_DIR to a build's html directory)")
    return HTML_DIR


@pytest.fixture(scope="session")
def screenshot_dir(html_dir) -> Path:
    path = html_dir.parent / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def driver(tmp_path_factory):
    browser, chromedriver = _find_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--no-first-run",
        "--no-default-browser-check",
        "--window-size=1280,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
        # Nothing resolves: a request that tries to leave the machine fails.
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(executable_path=chromedriver)
    drv = webdriver.Chrome(service=service, options=options)
    drv.set_script_timeout(60)
    drv.set_page_load_timeout(60)
    # And the network is switched off outright.
    drv.execute_cdp_cmd("Network.enable", {})
    drv.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1,
    })
    yield drv
    drv.quit()


def pytest_sessionfinish(session):
    # under pytest-xdist each worker counts its own pages: hand the counts to the controller
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["browser_summary"] = json.dumps(SUMMARY)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    counts = json.loads(getattr(node, "workeroutput", {}).get("browser_summary", "{}"))
    for key, value in counts.items():
        if key == "failing":
            SUMMARY.setdefault("failing", {}).update(value)
        elif key == "shots":
            SUMMARY["shots"] = value
        else:
            SUMMARY[key] = SUMMARY.get(key, 0) + value


def pytest_terminal_summary(terminalreporter):
    if SUMMARY:
        terminalreporter.write_line(
            "browser check: {pages} pages opened offline; {typeset} equations typeset "
            "({display} displayed, {paper} numbered as in the paper); {citations} citations; "
            "{figures} figures and {images} images loaded; {links} internal links and "
            "{anchors} anchors resolved; {wide} display equations wider than their column at "
            "1280 px; {narrow} wide equations without their own scroll box at 400 px; {no_alt} "
            "images without alt text; {screenshots} screenshots in {shots}".format(
                **{"wide": 0, "narrow": 0, "no_alt": 0, **SUMMARY})
        )
        failing = SUMMARY.get("failing", {})
        if failing:
            terminalreporter.write_line("failing pages (wide at 1280 px, no scroll box at 400 px, "
                                        "images without alt, problems):")
            for page, counts in sorted(failing.items()):
                terminalreporter.write_line(f"  {page}: " + ", ".join(map(str, counts)))
