"""Open every built page of the book offline in headless Chromium and check it.

For each page: math is typeset by the bundled MathJax and no raw TeX or MyST
markup is left in the visible text; every image loads; the console has no
errors; no request leaves the machine and no resource is loaded from the
network; every internal link and ``#anchor`` resolves; the paper's equations
are displayed and referenced with the paper's numbers.  A screenshot of the first
screen of every page is saved under ``_build/screenshots/``.  The last test proves the checker
is not blind: a page whose MathJax comes from a CDN fails it.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import HTML_DIR, SUMMARY
from pagecheck import check_page, html_pages, redirect_target, remote_resources

PAGES = html_pages(HTML_DIR) if HTML_DIR.exists() else []
REDIRECTS = [p for p in PAGES if redirect_target(p.read_text(encoding="utf-8"))]
CONTENT_PAGES = [p for p in PAGES if p not in REDIRECTS]


def _id(path: Path) -> str:
    return path.relative_to(HTML_DIR).as_posix()


def _add(key: str, value: int) -> None:
    SUMMARY[key] = SUMMARY.get(key, 0) + value


def _screenshot(driver, path: Path) -> None:
    # The first screen of the page.  A capture beyond the viewport lays the whole page out
    # again (6 s for the API page, 1.8 s for a chapter) whatever the clip, and no check reads
    # the image: CRBOOK_FULL_SCREENSHOTS=1 asks for the first 12000 px when a person will.
    if os.environ.get("CRBOOK_FULL_SCREENSHOTS") == "1":
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        options = {"captureBeyondViewport": True,
                   "clip": {"x": 0, "y": 0, "width": size["width"],
                            "height": min(size["height"], 12000), "scale": 1}}
    else:
        options = {"captureBeyondViewport": False}
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", **options})
    import base64
    path.write_bytes(base64.b64decode(shot["data"]))


def test_book_was_built():
    assert CONTENT_PAGES, f"no pages found under {HTML_DIR}"
    assert any(_id(p).startswith("notebooks/") for p in CONTENT_PAGES), "no chapter pages"


@pytest.mark.parametrize("target", REDIRECTS, ids=_id)
def test_redirect_target_exists(target):
    url = redirect_target(target.read_text(encoding="utf-8"))
    assert (target.parent / url).exists(), f"{_id(target)} redirects to missing {url}"


@pytest.mark.parametrize("page", CONTENT_PAGES, ids=_id)
def test_page(page, driver, html_dir, screenshot_dir):
    report = check_page(driver, page, html_dir)
    name = re.sub(r"[^\w.-]+", "_", report.page.removesuffix(".html")) + ".png"
    _screenshot(driver, screenshot_dir / name)
    _add("pages", 1)
    _add("typeset", report.typeset)
    _add("display", report.display_equations)
    _add("paper", report.paper_equations)
    _add("citations", report.citations)
    _add("figures", report.figures)
    _add("images", report.images)
    _add("links", report.internal_links)
    _add("anchors", report.anchors)
    _add("screenshots", 1)
    _add("wide", report.wide_equations)
    _add("narrow", report.narrow_scrolling_equations)
    _add("no_alt", report.images_without_alt)
    if report.problems:
        SUMMARY.setdefault("failing", {})[report.page] = (
            report.wide_equations, report.narrow_scrolling_equations, report.images_without_alt,
            len(report.problems))
    SUMMARY["shots"] = str(screenshot_dir)
    assert not report.problems, f"{report.page}:\n  " + "\n  ".join(report.problems)
    if report.math_elements:
        assert report.typeset >= report.math_elements, "fewer typeset equations than math"


def _page_with_math() -> Path:
    for page in CONTENT_PAGES:
        html = page.read_text(encoding="utf-8")
        if 'class="math notranslate nohighlight"' in html and "_static/mathjax/" in html:
            return page
    pytest.fail("no built page with math to tamper with")


def test_checker_catches_a_cdn_mathjax(driver, html_dir, tmp_path):
    """Reintroduce a CDN MathJax into a copy of a page: the checks must fail."""
    original = _page_with_math()
    rel = original.relative_to(html_dir)
    copy_root = tmp_path / "html"
    (copy_root / rel.parent).mkdir(parents=True)
    for entry in html_dir.iterdir():                # everything else, by reference
        if entry.name != rel.parts[0]:
            (copy_root / entry.name).symlink_to(entry)
    for sibling in original.parent.iterdir():
        if sibling != original:
            (copy_root / rel.parent / sibling.name).symlink_to(sibling)
    html = original.read_text(encoding="utf-8")
    cdn = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"
    tampered, n = re.subn(r'src="[^"]*_static/mathjax/tex-chtml\.js[^"]*"', f'src="{cdn}"', html)
    assert n == 1, "could not find the local MathJax script to replace"
    page = copy_root / rel
    page.write_text(tampered, encoding="utf-8")

    assert any(cdn in url for url in remote_resources(tampered)), "static check missed the CDN"
    report = check_page(driver, page, copy_root)
    joined = "\n".join(report.problems)
    assert "loads a network resource" in joined
    assert "math not typeset" in joined or "MathJax" in joined, joined
    assert "cdn.jsdelivr.net" in joined
    assert report.typeset == 0, "math was typeset although MathJax could not be loaded"
    shutil.rmtree(copy_root, ignore_errors=True)


def test_checker_catches_broken_links_and_numbers(tmp_path):
    """The static checks see a missing file, a missing anchor and a wrong equation number."""
    from pagecheck import PageReport, static_checks

    (tmp_path / "other.html").write_text('<html><body><p id="here">x</p></body></html>')
    page = tmp_path / "page.html"
    page.write_text(
        '<html><body>'
        '<a href="other.html#here">fine</a>'
        '<a href="other.html#gone">missing anchor</a>'
        '<a href="missing.html">missing file</a>'
        '<a href="#equation-eq-zw-13">(1)</a>'
        '<span id="equation-eq-zw-13"></span>'
        '<div class="math notranslate nohighlight" id="equation-eq-zw-13">'
        '<span class="eqno">(2)</span>\\[x\\]</div>'
        '<script src="https://cdn.example.org/x.js"></script>'
        '</body></html>'
    )
    report = PageReport(page="page.html")
    static_checks(page, tmp_path, report)
    joined = "\n".join(report.problems)
    assert "broken anchor 'other.html#gone'" in joined
    assert "broken link 'missing.html'" in joined
    assert "reads '(1)', not (13)" in joined
    assert "displayed as '(2)', not the paper's (13)" in joined
    assert "loads a network resource" in joined
    assert "other.html#here" not in joined


def test_checker_catches_missing_alt_text_and_an_imports_toc(tmp_path):
    """Static checks: an image without alt text (or with its file name as alt) and a
    chapter whose right-hand contents opens with "Imports" are reported with the element."""
    from pagecheck import PageReport, static_checks, toc_checks

    page = tmp_path / "chapter.html"
    page.write_text(
        '<html><body><article>'
        '<figure id="fig-a"><img src="_images/a.png"></figure>'
        '<img src="_images/b.png" alt="_images/b.png">'
        '<img src="_images/c.svg" alt="Growth rate against the anisotropy">'
        '</article>'
        '<nav class="bd-toc-nav page-toc"><a href="#imports">Imports</a><a href="#x">X</a></nav>'
        '</body></html>'
    )
    for name in ("a.png", "b.png", "c.svg"):
        (tmp_path / "_images").mkdir(exist_ok=True)
        (tmp_path / "_images" / name).write_bytes(b"")
    report = PageReport(page="chapter.html")
    static_checks(page, tmp_path, report)
    toc_checks(page, report)
    joined = "\n".join(report.problems)
    assert "image without alt text: _images/a.png (figure #fig-a)" in joined
    assert "image without alt text: _images/b.png" in joined
    assert "c.svg" not in joined
    assert report.images_without_alt == 2
    assert "right-hand contents starts with 'Imports'" in joined


def test_raw_label_and_myst_text_is_caught():
    from pagecheck import RAW_MARKUP

    for leaked in ("as in eq-s7-equal-force-ratio", "{glue:text}`s6_x`", "see {eq}`eq-zw-3`",
                   "::: {note}", "eq-x2-heating"):
        assert RAW_MARKUP.search(leaked), leaked
    for fine in ("a frequency-dependent rate", "Eq. (13) and (B4.2)", "3.67 × 10¹² s"):
        assert not RAW_MARKUP.search(fine), fine


def test_checker_catches_equations_without_their_own_scroll_box(driver, html_dir, tmp_path):
    """Take away the scroll boxes of displayed equations in a copy of a page: at 400 px the
    wide ones must be reported, with the page and the equation."""
    original = next((p for p in CONTENT_PAGES if 'class="math notranslate nohighlight"' in
                     p.read_text(encoding="utf-8") and _id(p).startswith("notebooks/")), None)
    if original is None:
        pytest.fail("no chapter page with displayed math")
    rel = original.relative_to(html_dir)
    copy_root = tmp_path / "html"
    (copy_root / rel.parent).mkdir(parents=True)
    for entry in html_dir.iterdir():
        if entry.name != rel.parts[0]:
            (copy_root / entry.name).symlink_to(entry)
    for sibling in original.parent.iterdir():
        if sibling != original:
            (copy_root / rel.parent / sibling.name).symlink_to(sibling)
    style = "<style>div.math, mjx-container { overflow: visible !important; }</style></head>"
    page = copy_root / rel
    page.write_text(original.read_text(encoding="utf-8").replace("</head>", style, 1), encoding="utf-8")

    from pagecheck import WAIT_FOR_MATHJAX, PageReport, layout_checks

    driver.get(page.resolve().as_uri())
    assert driver.execute_async_script(WAIT_FOR_MATHJAX) == "ok"
    report = PageReport(page=_id(original))
    layout_checks(driver, report)
    joined = "\n".join(report.problems)
    assert report.narrow_scrolling_equations > 0, joined
    assert "at 400 px a wide equation is not in a scroll box of its own" in joined
    shutil.rmtree(copy_root, ignore_errors=True)
