"""Checks of one built page of the book: static (HTML on disk) and live (Chromium).

The static part needs no browser: it lists every resource a page would load
from the network, every internal link whose file or ``#fragment`` is missing,
and the equation numbers the page displays.  The live part opens the page from
``file://`` in a headless, offline Chromium and reports what a reader would
see: untypeset TeX, raw MyST or label text, broken images, console errors,
any request that tried to leave the machine, display equations wider than the
text column at 1280 px, and (at 400 px) wide equations that scroll the page
instead of their own box.  Every failure names the page and the element.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from bs4 import BeautifulSoup

REMOTE = re.compile(r"^(https?:)?//", re.I)
# Resources a page *loads* (as opposed to links a reader may follow).
LOADING_ATTRS = (
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
)
CSS_URL = re.compile(r"""(?:@import\s+|url\()\s*['"]?((?:https?:)?//[^'")\s]+)""", re.I)
PAPER_EQ_ID = re.compile(r"^equation-eq-zw-(\d+[a-z]?)$")
BOOK_EQNO = re.compile(r"^\(B[0-9A-Za-z.]*\)$")
# TeX or MyST markup that must never reach the reader as text.
RAW_MARKUP = re.compile(
    r"\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{|\\end\{"
    r"|\\(?:frac|mathbf|mathrm|mathcal|left|right|dot|ddot|partial|int|sum|sqrt|cdot"
    r"|equiv|label|tau|Delta|gamma|Gamma|mu|nu|Omega|rho|zeta|kappa|lambda|alpha)\b"
    r"|\{(?:cite|cite:p|cite:t|eq|numref|glue:text|glue|doc|ref)\}`"
    r"|:cite:[pt]?:|\$[^$\s][^$]{0,80}?\$"
    # MyST that was not parsed, and labels that reached the reader as text
    r"|\{glue|\{eq\}|\{numref\}|\{ref\}|\{doc\}|:::|```\{"
    r"|\beq-(?:zw|s\d+|x\d+|[a-z]\d*)-[\w-]*"
)
# an image whose "alt" is its file name (docutils' default) has no alt text
IMAGE_FILE = re.compile(r"\.(png|jpe?g|svg|gif|webp|pdf)$", re.I)
IGNORED_SCHEMES = ("mailto:", "javascript:", "data:", "tel:")


@dataclass
class PageReport:
    page: str
    problems: list[str] = field(default_factory=list)
    math_elements: int = 0
    typeset: int = 0
    display_equations: int = 0
    paper_equations: int = 0
    citations: int = 0
    figures: int = 0
    images: int = 0
    internal_links: int = 0
    anchors: int = 0
    requests: int = 0
    wide_equations: int = 0
    narrow_scrolling_equations: int = 0
    images_without_alt: int = 0

    def fail(self, message: str) -> None:
        self.problems.append(message)


def html_pages(root: Path) -> list[Path]:
    """Every built page except the generated index/search pages and assets."""
    skip_names = {"genindex.html", "search.html"}
    pages = []
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root)
        if rel.parts[0] in {"_static", "_sources", "_images"} or rel.name in skip_names:
            continue
        pages.append(path)
    return pages


def redirect_target(html: str) -> str | None:
    """The URL of a meta-refresh redirect page, or None."""
    match = re.search(r'http-equiv="Refresh"\s+content="\d+;\s*url=([^"]+)"', html, re.I)
    return match.group(1) if match else None


# An id (any tag) or a name (an <a>) inside a start tag.  Text and code never hold a raw
# '<tag ... id="' (the builder escapes them), so a scan of the tags finds exactly the anchors,
# twenty times faster than building a tree of every page that a link points into.
_TAG_ID = re.compile(r"""<[A-Za-z][^>]*?\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_A_NAME = re.compile(r"""<a\s[^>]*?\bname\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


@lru_cache(maxsize=None)
def _ids(path: Path) -> frozenset[str]:
    html = path.read_text(encoding="utf-8")
    found = [a or b for pattern in (_TAG_ID, _A_NAME) for a, b in pattern.findall(html)]
    return frozenset(unescape(i) for i in found)


def remote_resources(html: str, page: Path | None = None, *, soup=None) -> list[str]:
    """URLs of everything the page would fetch from the network (``soup``: ``html`` already parsed)."""
    soup = BeautifulSoup(html, "html.parser") if soup is None else soup
    found = []
    for tag, attr in LOADING_ATTRS:
        for element in soup.find_all(tag, attrs={attr: True}):
            if REMOTE.match(element[attr].strip()):
                found.append(f"<{tag} {attr}={element[attr]}>")
    for element in soup.find_all("link", href=True):
        rel = {r.lower() for r in element.get("rel", [])}
        if rel & {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "manifest",
                  "dns-prefetch", "preconnect"} and REMOTE.match(element["href"].strip()):
            found.append(f"<link rel={' '.join(sorted(rel))} href={element['href']}>")
    for element in soup.find_all(srcset=True):
        for candidate in element["srcset"].split(","):
            if REMOTE.match(candidate.strip()):
                found.append(f"<{element.name} srcset={candidate.strip()}>")
    for style in soup.find_all("style"):
        found += [f"<style> {u}" for u in CSS_URL.findall(style.get_text())]
    for element in soup.find_all(style=True):
        found += [f"style= {u}" for u in CSS_URL.findall(element["style"])]
    # Local stylesheets may still import fonts from the web.
    if page is not None:
        for element in soup.find_all("link", href=True):
            if "stylesheet" in {r.lower() for r in element.get("rel", [])}:
                href = element["href"].split("?")[0]
                if REMOTE.match(href):
                    continue
                css = (page.parent / unquote(href)).resolve()
                if css.is_file():
                    found += [f"{css.name}: {u}" for u in CSS_URL.findall(css.read_text(errors="replace"))]
    return found


def static_checks(page: Path, root: Path, report: PageReport, *, soup=None) -> None:
    """Offline resources, internal links and anchors, equation numbers."""
    html = page.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser") if soup is None else soup
    for url in remote_resources(html, page, soup=soup):
        report.fail(f"loads a network resource: {url}")

    targets = [(a["href"], a.get_text(strip=True)) for a in soup.find_all("a", href=True)]
    targets += [(el["src"], "") for el in soup.find_all(["img", "script"], src=True)]
    targets += [(el["href"], "") for el in soup.find_all("link", href=True)]
    for href, text in targets:
        href = href.strip()
        if not href or REMOTE.match(href) or href.lower().startswith(IGNORED_SCHEMES):
            continue
        scheme = urlsplit(href).scheme
        if scheme and scheme != "file":
            continue
        url, fragment = urldefrag(href)
        url = unquote(url.split("?")[0])
        target = page if not url else (page.parent / url).resolve()
        if target.is_dir():
            target = target / "index.html"
        report.internal_links += 1
        if not target.exists():
            report.fail(f"broken link {href!r}: {target} does not exist")
            continue
        try:
            target.relative_to(root.resolve())
        except ValueError:
            report.fail(f"link {href!r} leaves the book: {target}")
            continue
        if fragment and target.suffix == ".html":
            report.anchors += 1
            if unquote(fragment) not in _ids(target):
                report.fail(f"broken anchor {href!r}: no id {fragment!r} in {target.name}")
        # References to a paper equation read as the paper's number.
        match = PAPER_EQ_ID.match(unquote(fragment or ""))
        if match and text.startswith("(") and text != f"({match.group(1)})":
            report.fail(f"reference to {fragment} reads {text!r}, not ({match.group(1)})")
        if target.name == "bibliography.html" and fragment and target != page:
            report.citations += 1

    for block in soup.select("div.math"):
        report.display_equations += 1
        eqno = block.select_one("span.eqno")
        ids = [i for i in [block.get("id"), *(t.get("id") for t in block.find_all(id=True))] if i]
        ids += [s.get("id") for s in block.find_previous_siblings("span", limit=1) if s.get("id")]
        paper = [PAPER_EQ_ID.match(i) for i in ids if PAPER_EQ_ID.match(i)]
        number = eqno.get_text(strip=True).rstrip("#¶").strip() if eqno else None
        if paper:
            report.paper_equations += 1
            expected = f"({paper[0].group(1)})"
            if number != expected:
                report.fail(f"{ids[0]} is displayed as {number!r}, not the paper's {expected}")
        elif number is not None and not BOOK_EQNO.match(number):
            report.fail(f"book equation {ids or '?'} numbered {number!r}: "
                        "could be mistaken for a paper equation")
    report.math_elements = len(soup.select("div.math, span.math"))
    report.figures = len(soup.select("figure"))

    content = soup.select_one("article") or soup.select_one("main") or soup
    for img in content.find_all("img"):
        alt = (img.get("alt") or "").strip()
        src = img.get("src", "?")
        if not alt or alt == src or IMAGE_FILE.search(alt):
            report.images_without_alt += 1
            figure = img.find_parent("figure")
            where = f" (figure #{figure.get('id')})" if figure is not None and figure.get("id") else ""
            report.fail(f"image without alt text: {src}{where}")


def toc_checks(page: Path, report: PageReport, *, soup=None) -> None:
    """A chapter's right-hand contents does not open with housekeeping."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser") if soup is None else soup
    entries = [a.get_text(" ", strip=True) for a in soup.select(".bd-toc-nav a, nav.page-toc a")]
    if entries and entries[0].lower().startswith("imports"):
        report.fail(f"right-hand contents starts with {entries[0]!r}")


# ---------------------------------------------------------------------------
# live checks in Chromium
# ---------------------------------------------------------------------------
WAIT_FOR_MATHJAX = """
const done = arguments[arguments.length - 1];
const start = Date.now();
(function poll() {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(() => done("ok")).catch(e => done("error: " + e));
  } else if (document.readyState === "complete" && Date.now() - start > 500) {
    // the load event waits for every script, async ones included: MathJax never ran
    done("MathJax did not start (its script did not run)");
  } else if (Date.now() - start > 20000) {
    done("MathJax did not start");
  } else {
    setTimeout(poll, 50);
  }
})();
"""

WAIT_FOR_IMAGES = """
const done = arguments[arguments.length - 1];
const images = Array.from(document.images);
images.forEach(img => { img.loading = "eager"; });
Promise.all(images.map(img => img.decode().then(() => null, () => img.currentSrc || img.src)))
  .then(broken => done(images.map(img => [img.currentSrc || img.src, img.naturalWidth])));
"""

VISIBLE_TEXT = """
const skip = "pre, code, script, style, textarea, noscript, template, mjx-container, "
           + ".highlight, [hidden], [aria-hidden='true']";
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const parts = [];
while (walker.nextNode()) {
  const node = walker.currentNode;
  const parent = node.parentElement;
  if (!parent || parent.closest(skip)) continue;
  const style = window.getComputedStyle(parent);
  if (style.display === "none" || style.visibility === "hidden") continue;
  parts.push(node.textContent);
}
return parts.join(" ");
"""

COUNT_MATH = """
return {
  containers: document.querySelectorAll("mjx-container").length,
  display: document.querySelectorAll("mjx-container[display='true']").length,
  errors: Array.from(document.querySelectorAll("mjx-merror")).map(e => e.textContent),
  untypeset: Array.from(document.querySelectorAll("div.math, span.math"))
      .filter(el => !el.querySelector("mjx-container")).map(el => el.textContent.slice(0, 80)),
  hasMathJax: !!document.querySelector("script[src*='mathjax']"),
};
"""

# Every display equation whose typeset width exceeds the box it sits in, or
# the text column: what the reader sees clipped or has to scroll.
WIDE_EQUATIONS = """
const column = document.querySelector("article.bd-article") || document.querySelector("article")
             || document.querySelector("main") || document.body;
const columnRight = column.getBoundingClientRect().right;
const columnWidth = column.clientWidth;
const found = [];
for (const el of document.querySelectorAll("mjx-container[display='true']")) {
  const box = el.closest("div.math") || el;
  const math = el.querySelector("mjx-math") || el;
  const natural = Math.max(math.getBoundingClientRect().width, el.scrollWidth);
  const avail = Math.min(box.clientWidth || columnWidth, columnWidth);
  const right = math.getBoundingClientRect().right;
  if (natural <= avail + 1 && right <= columnRight + 1) continue;
  let tex = "";
  try { tex = MathJax.startup.document.getMathItemsWithin(box)[0].math; } catch (e) {}
  let id = box.id || "";
  if (!id) { const prev = box.previousElementSibling; if (prev && prev.id) id = prev.id; }
  const scrolls = ["auto", "scroll"].includes(getComputedStyle(box).overflowX)
               || ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const boxRight = box.getBoundingClientRect().right;
  found.push({boxRight: Math.round(boxRight), id: id, tex: tex.trim().replace(/\\s+/g, " ").slice(0, 90),
              natural: Math.round(natural), avail: Math.round(avail), scrolls: scrolls});
}
return {equations: found,
        pageScroll: document.scrollingElement.scrollWidth, viewport: window.innerWidth};
"""


def _equation(item: dict) -> str:
    label = f"#{item['id']} " if item["id"] else ""
    return f"{label}{item['tex']!r} ({item['natural']} px in a {item['avail']} px column)"

LOCAL_URL = re.compile(r"^(file|data|blob|about|chrome|chrome-error|devtools):", re.I)


def network_requests(driver) -> list[str]:
    """URLs requested since the last call (from the performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def live_checks(driver, page: Path, report: PageReport) -> None:
    """Open ``page`` from disk and record what the reader would see."""
    driver.get_log("browser")           # drop entries from earlier pages
    network_requests(driver)
    driver.get(page.resolve().as_uri())

    math = driver.execute_script(COUNT_MATH)
    if math["hasMathJax"]:
        status = driver.execute_async_script(WAIT_FOR_MATHJAX)
        if status != "ok":
            report.fail(f"MathJax: {status}")
        math = driver.execute_script(COUNT_MATH)
    elif report.math_elements:
        report.fail(f"{report.math_elements} math elements but no MathJax script")
    report.typeset = math["containers"]
    for text in math["untypeset"]:
        report.fail(f"math not typeset: {text!r}")
    for text in math["errors"]:
        report.fail(f"MathJax error: {text!r}")

    images = driver.execute_async_script(WAIT_FOR_IMAGES)
    report.images = len(images)
    for src, width in images:
        if not width:
            report.fail(f"image did not load: {src}")

    text = driver.execute_script(VISIBLE_TEXT)
    for match in sorted({m.group(0) for m in RAW_MARKUP.finditer(text)}):
        start = text.find(match)
        report.fail(f"raw markup in the visible text: {match!r} in "
                    f"{text[max(0, start - 40):start + 40]!r}")

    for entry in driver.get_log("browser"):
        if entry.get("level") == "SEVERE":
            report.fail(f"console error: {entry.get('message')}")

    requests = network_requests(driver)
    report.requests = len(requests)
    for url in requests:
        if not LOCAL_URL.match(url):
            report.fail(f"network request: {url}")

    layout_checks(driver, report)


def layout_checks(driver, report: PageReport) -> None:
    """1280 px: no display equation wider than its column.  400 px: a wide equation
    scrolls inside its own box, and never makes the whole page scroll sideways."""
    wide = driver.execute_script(WIDE_EQUATIONS)
    report.wide_equations = len(wide["equations"])
    for item in wide["equations"]:
        report.fail(f"display equation wider than the text column at 1280 px: {_equation(item)}")

    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 400, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    try:
        narrow = driver.execute_script(WIDE_EQUATIONS)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    page_scrolls = narrow["pageScroll"] > narrow["viewport"] + 1
    for item in narrow["equations"]:
        if not item["scrolls"]:
            report.narrow_scrolling_equations += 1
            report.fail(f"at 400 px a wide equation is not in a scroll box of its own: {_equation(item)}")
        elif page_scrolls and item["boxRight"] > narrow["viewport"] + 1:
            report.narrow_scrolling_equations += 1
            report.fail(f"at 400 px a wide equation scrolls the page ({narrow['pageScroll']} px): "
                        f"{_equation(item)}")


def chapter_checks(page: Path, root: Path, report: PageReport, *, soup=None) -> None:
    """A chapter page offers its notebook and says how to run it, with no launch service."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser") if soup is None else soup
    if not soup.select(".admonition.run-locally"):
        report.fail("no 'Run this chapter yourself' box")
    downloads = [a["href"] for a in soup.find_all("a", href=True)
                 if a["href"].split("?")[0].endswith(".ipynb")]
    if not downloads:
        report.fail("no .ipynb download link")
    for href in downloads:
        if not (page.parent / unquote(href.split("?")[0])).is_file():
            report.fail(f"download link {href} points to a missing file")
    if soup.select(".launch-buttons, .thebe-launch-button, [class*='binder'], [class*='colab']"):
        report.fail("page offers a launch button that needs an external service")


def check_page(driver, page: Path, root: Path) -> PageReport:
    report = PageReport(page=page.relative_to(root).as_posix())
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")  # one parse for every check
    static_checks(page, root, report, soup=soup)
    if report.page.startswith("notebooks/"):
        chapter_checks(page, root, report, soup=soup)
        toc_checks(page, report, soup=soup)
    live_checks(driver, page, report)
    return report
