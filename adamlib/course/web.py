"""``python -m adamlib.course web``: the whole course as a static website, built offline into ``_site/``.

    python -m adamlib.course web                 # the English edition -> _site/en/ (+ _site/index.html)
    python -m adamlib.course web --language zh   # the Chinese edition -> _site/zh/
    python -m http.server -b 127.0.0.1 -d _site  # preview at http://127.0.0.1:8000

Sphinx + MyST-NB + the Jupyter book theme (pinned in pyproject's ``web`` extra) read the pages that
``web_sources`` derives from the course (solution notebooks with their stored outputs, nothing is
executed; README, INSTRUCTORS.md, the cheat sheet). Warnings are errors: a broken link or figure fails
the build. Nothing is downloaded: MathJax 3 is copied from ``web/node_modules`` (``npm ci --prefix web``,
pinned by ``web/package-lock.json``), and ``external_references`` fails the build if any page would load
a script, stylesheet, font or image from another site.
"""
import re
import shutil
import sys
import time
from pathlib import Path

# Where each edition's executed chapters live; an edition whose folder holds no notebook is not built.
# Its README and guides are README.<lang>.md, INSTRUCTORS.<lang>.md... where translated (web_sources).
EDITIONS = {"en": "solutions", "zh": "solutions/zh"}
SPHINX_LANGUAGE = {"en": "en", "zh": "zh_CN"}  # Sphinx's name for the theme's labels and the search
# The MathJax files a page needs: the TeX->HTML component, what it loads on demand (TeX extensions,
# the menu, the accessibility tools and their speech engine, sre) and its fonts: 7 MB of the package's 24.
MATHJAX_FILES = ["tex-chtml.js", "input/tex/extensions", "output/chtml/fonts/woff-v2", "ui", "a11y", "sre"]
# A reference that leaves the site: a src/href to another host (or protocol-relative), or a CSS url().
_LOADED = re.compile(r"<(script|link|img|source|iframe)\b[^>]*?\b(?:src|href)=[\"']((?:https?:)?//[^\"']+)",
                     re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*["']?((?:https?:)?//[^"')]+)""", re.IGNORECASE)
_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']((?:https?:)?//[^"']+)""", re.IGNORECASE)


def editions(root):
    """The language codes whose chapters exist in ``root`` (English first)."""
    return [lang for lang, folder in EDITIONS.items() if any((Path(root) / folder).glob("*.ipynb"))]


def copy_mathjax(root, dest):
    """Copy the MathJax files the pages load from ``web/node_modules`` into ``dest``, with the licence."""
    package = Path(root) / "web" / "node_modules" / "mathjax"
    if not (package / "es5" / "tex-chtml.js").exists():
        raise ValueError(f"MathJax is not installed in {package.parent}: run `npm ci --prefix web` once "
                         "(it installs the version pinned in web/package-lock.json)")
    for name in MATHJAX_FILES:
        source = package / "es5" / name
        if source.is_dir():
            shutil.copytree(source, dest / name, dirs_exist_ok=True)
        else:
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    shutil.copy2(package / "LICENSE", dest / "LICENSE")  # Apache-2.0, shipped with the files it covers


def external_references(site):
    """``[(file, url), ...]``: every script, stylesheet, font, image or frame the site loads from outside.

    Links a reader may follow (``<a href>``) are fine; anything the browser fetches by itself is not.
    """
    found = []
    for path in sorted(Path(site).rglob("*")):
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [(path, m.group(2)) for m in _LOADED.finditer(text)]
            styles = " ".join(re.findall(r"<style\b.*?</style>|style=\"[^\"]*\"", text, re.DOTALL))
            found += [(path, m.group(1)) for m in _CSS_URL.finditer(styles)]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [(path, m.group(1)) for m in (*_CSS_URL.finditer(text), *_IMPORT.finditer(text))]
    return found


def build_site(root=".", language="en", site=None, hub_url=None, work=None, quiet=True):
    """Build one edition into ``<site>/<language>/`` (``site`` defaults to ``<root>/_site``).

    ``work`` holds the derived pages and Sphinx's caches (default ``<root>/build/web``; rebuilt each time).
    Returns the edition's folder. Raises ``ValueError`` for an unknown language, an edition without
    chapters, a missing MathJax, or a page that would load something from outside; Sphinx's own
    warnings are errors (``sphinx.errors.SphinxWarning``).
    """
    # The web extra (Sphinx, MyST-NB) is imported only here, so that `python -m adamlib.course build`
    # works without it.
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from . import web_sources

    root = Path(root).resolve()
    if language not in EDITIONS:
        raise ValueError(f"language must be one of {sorted(EDITIONS)}, not {language!r}")
    if hub_url is not None and not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", hub_url):
        raise ValueError(f"hub_url must be a JupyterHub's address such as https://hub.example.edu, not {hub_url!r}")
    built = editions(root)
    if language not in built:
        raise ValueError(f"no chapters for language {language!r} in {root / EDITIONS[language]}")
    site = Path(site).resolve() if site else root / "_site"
    work = (Path(work).resolve() if work else root / "build" / "web") / language
    shutil.rmtree(work, ignore_errors=True)
    stems = web_sources.write_sources(root, work / "src", root / EDITIONS[language], language)
    copy_mathjax(root, work / "static" / "mathjax")
    # Sphinx writes into the work folder (myst-nb puts its jupyter_execute/ beside the output folder),
    # and the finished edition replaces _site/<language>/ only once it passed every check.
    html = work / "html"
    overrides = {
        "language": SPHINX_LANGUAGE[language],
        "html_static_path": [str(work / "static"), str(root / "web" / "static")],
        "course_lessons": [s for s in stems if (root / "lessons" / f"{s}.ipynb").exists()],
        "course_editions": built,
    }
    if hub_url:
        overrides["course_hub_url"] = hub_url
    # As sphinx-build does: docutils' directives and roles are global, so each build registers its own
    # in a fresh namespace (a second build in the same process, e.g. the other language, would clash).
    with patch_docutils(str(root / "web")), docutils_namespace():
        app = Sphinx(srcdir=str(work / "src"), confdir=str(root / "web"), outdir=str(html),
                     doctreedir=str(work / "doctrees"), buildername="html", confoverrides=overrides,
                     status=None if quiet else sys.stdout, warningiserror=True, freshenv=True, keep_going=True)
        app.build()
    if app.statuscode:
        raise ValueError(f"the {language} edition's build failed (status {app.statuscode}); see the warnings above")
    leaks = external_references(html)
    if leaks:
        listed = "\n".join(f"  {path.relative_to(html)}: {url}" for path, url in leaks[:20])
        raise ValueError(f"pages load {len(leaks)} resources from outside the site:\n{listed}")
    out = site / language
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(html, out, ignore=shutil.ignore_patterns(".buildinfo", "_sources"))
    write_front_door(site, built)
    return out


def write_front_door(site, built):
    """``_site/index.html``: sends a visitor to the English edition (or the first one built)."""
    first = next((lang for lang in built if (site / lang / "index.html").exists()), built[0])
    (site / "index.html").write_text(
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Adam, from the ground up</title>\n'
        f'<meta http-equiv="refresh" content="0; url={first}/index.html"></head>\n'
        f'<body><a href="{first}/index.html">Adam, from the ground up</a></body></html>\n', encoding="utf-8")


def add_arguments(parser):
    parser.add_argument("--language", default="en", choices=sorted(EDITIONS), help="the edition (default: en)")
    parser.add_argument("--hub", metavar="URL", help="the JupyterHub that the launch buttons open "
                        "through nbgitpuller (default: links.HUB_URL)")


def run(root, args):
    """The command: build, print where the site is and how long it took; returns the exit status."""
    start = time.perf_counter()
    out = build_site(root, args.language, hub_url=args.hub)
    pages = len(list(out.glob("*.html")))
    print(f"wrote {pages} pages to {out} in {time.perf_counter() - start:.1f} s; "
          f"preview: python -m http.server -b 127.0.0.1 -d {out.parent}")
    return 0


# How ``python -m adamlib.course`` adds this command (see ``cli.main``).
COMMAND = ("build the course's website into _site/<language>/, offline", add_arguments, run)
