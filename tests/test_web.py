"""The web edition: ``python -m adamlib.course web`` builds the whole course offline, answers folded.

The build runs once for this file, from the repository's own sources, with Sphinx's warnings as
errors, into a temporary folder. Then:

- every chapter of ``solutions/`` has its page, with every figure its notebook stores;
- no page references a script, stylesheet, font or image on another site;
- no answer is on a page unfolded: nbgrader's markers never appear, every solution cell sits in a
  closed "Show answer" toggle, every written answer in a closed ``<details>``;
- in headless Chromium (Debian's, through Playwright, as ``test_browser.py``), served from 127.0.0.1:
  the math is typeset, every figure loads, the search finds "bias correction", a toggle reveals a
  solution, the launch buttons open the chapter's lesson, and no request leaves the local server.

Needs the ``web`` extra (``pip install -e ".[web]"``) and MathJax (``npm ci --prefix web``); the
browser tests also need Chromium and playwright. Without them the tests skip, except in CI, where
they fail (``conftest.py``).
"""
import functools
import http.server
import re
import threading
import time
from pathlib import Path

import nbformat
import pytest

from adamlib.course import links

REPO = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p.stem for p in (REPO / "solutions").glob("*.ipynb"))
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
BUILD_BUDGET_CPU_S = 60  # measured: 9-11 s of CPU for the nine chapters (the wall time depends on the load)


def require(*modules):
    for name in modules:
        pytest.importorskip(name, reason=f"{name} missing: pip install -e '.[web]' (and playwright for the browser)")
    if not (REPO / "web" / "node_modules" / "mathjax").is_dir():
        pytest.skip("MathJax missing: npm ci --prefix web")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require("sphinx", "myst_nb", "sphinx_book_theme")
    from adamlib.course import web

    tmp = tmp_path_factory.mktemp("web")
    start = time.process_time()  # the build runs in this process: its CPU time, whatever the load
    out = web.build_site(REPO, "en", site=tmp / "_site", work=tmp / "work")  # warnings are errors
    cpu = time.process_time() - start
    assert cpu < BUILD_BUDGET_CPU_S, f"the web build took {cpu:.0f} s of CPU"
    return out


def page(site, name):
    return (site / f"{name}.html").read_text(encoding="utf-8")


def test_every_chapter_has_its_page_with_every_stored_figure(site):
    for stem in CHAPTERS:
        nb = nbformat.read(REPO / "solutions" / f"{stem}.ipynb", as_version=4)
        stored = sum(any(kind in output.get("data", {}) for kind in IMAGE_TYPES)
                     for cell in nb.cells for output in cell.get("outputs", []))
        html = page(site, stem)
        shown = re.findall(r'<img[^>]+src="(_images/[^"]+)"', html)
        assert len(shown) == stored, f"{stem}: {stored} figures stored, {len(shown)} on the page"
        for src in shown:
            assert (site / src).stat().st_size > 0, f"{stem}: {src} is missing or empty"


def test_the_guides_and_the_index_are_on_the_site(site):
    index = page(site, "index")
    for stem in CHAPTERS:
        assert f'href="{stem}.html"' in index, f"the index does not link {stem}"
    assert "Licence" in index and "How the exercises work" in index
    assert "For authors" not in index and links.SITE_URL not in index  # not for readers; not itself
    assert "Where the papers and the frameworks differ" in page(site, "papers")
    assert "JupyterHub" in page(site, "instructors")
    if (REPO / "CHEATSHEET.md").exists():
        assert (site / "cheatsheet.html").exists()


def test_readme_links_the_web_edition():
    assert f"]({links.SITE_URL})" in (REPO / "README.md").read_text(encoding="utf-8")
    assert links.SITE_URL == "https://{}.github.io/{}/".format(*links.REPOSITORY.split("/"))


def test_no_page_loads_anything_from_outside(site):
    from adamlib.course.web import external_references

    assert external_references(site.parent) == []
    # The checker itself sees the kinds of reference it must catch.
    probe = site.parent / "probe"
    probe.mkdir()
    (probe / "a.html").write_text('<script src="https://cdn.example.org/x.js"></script>'
                                  '<link rel="stylesheet" href="//fonts.example.org/f.css">'
                                  '<a href="https://example.org/">a link is fine</a>')
    (probe / "b.css").write_text("@font-face { src: url(https://fonts.example.org/f.woff2) }")
    try:
        assert len(external_references(probe)) == 3
    finally:
        for path in probe.iterdir():
            path.unlink()
        probe.rmdir()


def test_no_answer_shows_unfolded(site):
    for stem in CHAPTERS:
        nb = nbformat.read(REPO / "solutions" / f"{stem}.ipynb", as_version=4)
        code = sum(c.cell_type == "code" and "### BEGIN SOLUTION" in c.source for c in nb.cells)
        text = sum(c.source.count("### BEGIN SOLUTION") for c in nb.cells if c.cell_type == "markdown")
        html = page(site, stem)
        assert "BEGIN SOLUTION" not in html and "END SOLUTION" not in html, stem
        # myst-nb folds a hide-input cell into a closed <details> whose summary is the prompt.
        folded_code = re.findall(r'<details class="admonition hide above-input">\s*<summary[^>]*>\s*'
                                 r'<p class="collapsed admonition-title">Show answer</p>', html)
        assert len(folded_code) == code, f"{stem}: {code} solution cells, {len(folded_code)} folded"
        assert html.count('<details class="answer"><summary><span class="answer-show">Show answer</span>') == text, stem
        assert "<details open" not in html, stem


def test_chapters_link_their_glossaries(site):
    for stem in ("06_beyond_adam", "07_adam_in_practice", "08_after_adam"):
        html = page(site, stem)
        targets = set(re.findall(r'href="#(glossary[^"]*)"', html))
        assert targets, f"{stem} links no glossary entry"
        for target in targets:
            assert f'id="{target}"' in html, f"{stem}: #{target} has no target"


# --- in a real browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(site):
    """The built site over HTTP on 127.0.0.1 (a free port), stopped at the end even on failure."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # one line per request would flood the test's output
            pass

    handler = functools.partial(Quiet, directory=str(site.parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/en"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: apt-get install -y chromium")
    require("playwright")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def visit(browser, server):
    """``visit(name)`` opens a page; every request that is not for the local server is blocked and kept."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    outside, failed = [], []
    local = server.rsplit("/", 1)[0] + "/"

    def guard(route):
        if route.request.url.startswith(local):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)

    def open_page(name):
        tab = context.new_page()
        tab.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        tab.goto(f"{server}/{name}", wait_until="load")
        return tab

    try:
        yield open_page
        assert outside == [], f"requests left the local server: {outside}"
        assert failed == [], f"requests failed: {failed}"
    finally:
        context.close()


def assert_figures_load(tab):
    broken = tab.evaluate("Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
                          ".map(i => i.src)")
    assert broken == [], f"figures that did not load: {broken}"


@pytest.mark.browser
@pytest.mark.parametrize("chapter", ["04_adam", "06_beyond_adam"])
def test_a_chapter_in_the_browser(visit, chapter):
    tab = visit(f"{chapter}.html")
    tab.evaluate("() => MathJax.startup.promise")
    untypeset = tab.evaluate("Array.from(document.querySelectorAll('span.math, div.math'))"
                             ".filter(m => !m.querySelector('mjx-container')).length")
    assert tab.locator("mjx-container").count() > 20
    assert untypeset == 0, f"{untypeset} formulas left as TeX"
    assert_figures_load(tab)

    toggle = tab.locator("details.hide.above-input").first
    code = toggle.locator("div.cell_input")
    assert not code.is_visible()
    toggle.locator("summary").click()
    assert code.is_visible() and "def " in code.inner_text()
    written = tab.locator("details.answer").first
    assert not written.locator("div.answer-body").is_visible()
    written.locator("summary").click()
    assert written.locator("div.answer-body").is_visible()

    lesson = f"lessons/{chapter}.ipynb"
    assert (REPO / lesson).exists()
    hrefs = tab.eval_on_selector_all(".dropdown-launch-buttons a, a.btn-launch-binder, a.btn-launch-jupyterhub",
                                     "links => links.map(a => a.href)")
    assert links.binder_url(lesson) in hrefs, hrefs
    assert links.nbgitpuller_url(links.HUB_URL, lesson) in hrefs, hrefs


@pytest.mark.browser
def test_the_index_and_its_search(visit):
    tab = visit("index.html")
    assert_figures_load(tab)
    assert tab.locator("a", has_text="Adam").count() > 0
    box = tab.locator("form.bd-search input[name=q]").first
    if not box.is_visible():
        tab.keyboard.press("Control+k")  # the theme's search dialog
        box = tab.locator("#pst-search-dialog input[name=q], .search-button__wrapper input[name=q]").first
    box.fill("bias correction")
    box.press("Enter")
    tab.wait_for_url("**/search.html?q=*")
    results = tab.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=20_000)
    found = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any(href.startswith("04_adam.html") for href in found), found
