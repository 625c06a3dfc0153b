"""The web edition's sources: the solution notebooks with their answers folded, and the guides as pages.

Nothing here is a second copy to keep in sync: every page is derived, at build time, from a file the
course already has (``solutions/NN_topic.ipynb`` with its stored outputs, README.md, INSTRUCTORS.md,
the cheat sheet when it exists) and written into a throw-away folder that Sphinx reads.

What a reader must not see at once is an answer. An exercise cell is shown as the lesson shows it
(the solution region replaced by nbgrader's stub, exactly as ``chapters.clear_solutions`` writes it),
followed by the complete cell folded under "Show answer" (myst-nb's ``hide-input`` tag). A written
answer (a markdown region between nbgrader's markers) becomes an ``{answer}`` block, which
``web_sphinx`` renders as a closed ``<details>``. The markers themselves never reach a page.
"""
import copy
import re
from pathlib import Path

import nbformat
from myst_parser.slugs import SLUG_PRESETS

from . import links
from .chapters import BEGIN_SOLUTION, END_SOLUTION, clear_solutions
from .web_sphinx import labels

# Pages made from the course's guides: (file in the course root, page name). A missing file is
# skipped, so the cheat sheet appears as soon as it lands (under the first of these names it takes).
GUIDES = [("CHEATSHEET.md", "cheatsheet"), ("CHEAT_SHEET.md", "cheatsheet"), ("cheatsheet.md", "cheatsheet"),
          ("INSTRUCTORS.md", "instructors")]
# README's sections are the index page, except the authors' (not for the site's readers) and the
# papers-and-frameworks notes, which get their own page.
PAPERS_SECTION = "Where the papers and the frameworks differ"
NOT_ON_INDEX = {"For authors", PAPERS_SECTION}
TRANSLATED = ("zh",)  # solutions/<language>/, lessons/<language>/: a translated edition's folders
SLUGIFY = SLUG_PRESETS["github"]  # web/conf.py sets myst_heading_slug_func = "github" to match

_LINK = re.compile(r"\]\(([^)\s]+)\)")
# An image from another site (README's Binder badge) would load from outside: the site shows its alt text.
_REMOTE_IMAGE = re.compile(r"!\[([^\]]*)\]\(https?://[^)\s]+\)")


def jupyterlab_anchors(markdown_cells, slugify):
    """``{JupyterLab id: Sphinx id}`` for each heading of a notebook whose two ids differ.

    JupyterLab names a heading by its text with spaces turned into hyphens, case kept ("Glossary");
    MyST by a lowercase slug ("glossary"). Authors write the JupyterLab form, which students click.
    """
    found = {}
    for source in markdown_cells:
        for title in re.findall(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", source, flags=re.MULTILINE):
            if title.replace(" ", "-") != slugify(title):
                found[title.replace(" ", "-")] = slugify(title)
    return found


def sphinx_anchors(source, headings):
    """Markdown ``source`` with its in-page anchors in the form Sphinx resolves.

    A link to a heading's JupyterLab id goes to its MyST slug (``headings``, from
    ``jupyterlab_anchors``), and an HTML anchor ``<a id="x"></a>`` (which Sphinx passes through
    but cannot link to) becomes MyST's inline target ``[]{#x}``. Both forms keep working in JupyterLab,
    since the source is not changed.
    """
    source = re.sub(r'<a\s+id="([\w-]+)"\s*>\s*</a>', r"[]{#\1}", source)
    return re.sub(r"\]\(#([^)\s]+)\)", lambda m: f"](#{headings.get(m.group(1), m.group(1))})", source)


def strip_markers(source):
    """``source`` without nbgrader's BEGIN/END SOLUTION lines (the code between them is kept)."""
    return "\n".join(line for line in source.split("\n") if line.strip() not in (BEGIN_SOLUTION, END_SOLUTION))


def fold_markdown_answers(source):
    """Each BEGIN ... END SOLUTION region of a markdown cell wrapped in an ``{answer}`` directive.

    The fence is one backtick longer than any run of backticks in the answer, so an answer may hold
    code blocks. Text before and after a region stays visible (e.g. "**Worked answers**").
    """
    lines, out, region = source.split("\n"), [], None
    for line in lines:
        marker = line.strip()
        if marker == BEGIN_SOLUTION:
            if region is not None:
                raise ValueError("a markdown answer opens a second BEGIN SOLUTION before its END")
            region = []
        elif marker == END_SOLUTION:
            if region is None:
                raise ValueError("a markdown answer has END SOLUTION without BEGIN SOLUTION")
            body = "\n".join(region).strip("\n")
            fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", body)), default=0))
            out += ["", f"{fence}{{answer}}", body, fence, ""]
            region = None
        elif region is not None:
            region.append(line)
        else:
            out.append(line)
    if region is not None:
        raise ValueError("a markdown answer has BEGIN SOLUTION without END SOLUTION")
    return "\n".join(out)


def fold_answers(nb, language="en"):
    """A copy of solution notebook ``nb`` whose answers are folded and whose markers are gone.

    A code cell holding a solution region becomes two cells: the exercise as the lesson shows it
    (no outputs), then the whole solution without the markers, tagged ``hide-input`` and labelled
    "Show answer", carrying the original outputs. Markdown regions become ``{answer}`` blocks.
    """
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        if BEGIN_SOLUTION not in cell.source:
            cells.append(cell)
        elif cell.cell_type == "markdown":
            cell.source = fold_markdown_answers(cell.source)
            cells.append(cell)
        else:
            exercise = nbformat.v4.new_code_cell(clear_solutions(cell.source, "code"))
            exercise.metadata["tags"] = ["remove-output"]
            answer = copy.deepcopy(cell)
            answer.source = strip_markers(cell.source)
            answer.metadata["tags"] = sorted(set(answer.metadata.get("tags", [])) | {"hide-input"})
            words = labels(language)
            answer.metadata["mystnb"] = {"code_prompt_show": words["show"], "code_prompt_hide": words["hide"]}
            exercise["id"] = f"{cell.get('id', len(cells))}-exercise"[-64:]  # ids are unique, <= 64 chars
            cells += [exercise, answer]
    nb.cells = cells
    return nb


def site_link(target, pages):
    """Where a relative link of the course's Markdown points on the site.

    ``lessons/NN.ipynb`` and ``solutions/NN.ipynb`` go to the chapter's page, a guide to its page,
    anything else of the repository (LICENSE, adamlib/...) to its file on the repository's host.
    Absolute URLs, anchors and links between chapters are left alone.
    """
    if re.match(r"^[a-z][a-z0-9+.-]*:|^#", target):
        return target
    path, _, anchor = target.partition("#")
    name = Path(path).name
    inside = path.split("/", 1)[1] if "/" in path else ""
    if path.startswith(("lessons/", "solutions/")) and path.endswith(".ipynb") and (
            "/" not in inside or inside.split("/")[0] in TRANSLATED):  # lessons/zh/NN.ipynb too
        return name + (f"#{anchor}" if anchor else "")
    if path.startswith("../") and "/" not in path[3:] and path.endswith(".ipynb"):
        return name + (f"#{anchor}" if anchor else "")  # a translated chapter linking an English one
    if path in pages:
        return pages[path] + (f"#{anchor}" if anchor else "")
    if "/" not in path and path.endswith(".ipynb"):
        return target  # a chapter linking another chapter
    return f"https://github.com/{links.REPOSITORY}/blob/{links.BRANCH}/{path}" + (f"#{anchor}" if anchor else "")


def rewrite_links(markdown, pages):
    """``markdown`` with every ``](target)`` link through ``site_link``, remote images as their alt text."""
    markdown = _REMOTE_IMAGE.sub(lambda m: m.group(1), markdown)
    return _LINK.sub(lambda m: f"]({site_link(m.group(1), pages)})", markdown)


def sections(markdown):
    """``{title: body}`` of the level-2 sections of a Markdown file, and the text before the first."""
    parts = re.split(r"^## +(.+)$", markdown, flags=re.MULTILINE)
    found = {"": parts[0]}
    for title, body in zip(parts[1::2], parts[2::2]):
        found[title.strip()] = body
    return found


def index_page(readme, stems, guides, language="en"):
    """The site's front page: README without its authors' and papers sections, then the contents.

    ``guides`` are the page names listed under "Guides" in the navigation (papers, instructors, ...).
    """
    parts = sections(readme)
    # README's pointer to the web edition would link the site to itself: the site drops that paragraph.
    intro = [p for p in re.split(r"\n\s*\n", parts[""].strip()) if links.SITE_URL not in p]
    text = ["\n\n".join(intro), ""]
    text += [f"## {title}\n{body}" for title, body in parts.items() if title and title not in NOT_ON_INDEX]
    words = labels(language)
    toc = ["```{toctree}", ":hidden:", f":caption: {words['chapters']}", ""] + stems + ["```", ""]
    toc += ["```{toctree}", ":hidden:", f":caption: {words['guides']}", ""] + guides + ["```"]
    return "\n".join(text + toc) + "\n"


def translated(root, name, language):
    """``NAME.<language>.md`` (or ``NAME.zh-CN.md``) when that translation exists, else ``NAME.md``."""
    path = Path(root) / name
    for local in (path.with_suffix(f".{language}{path.suffix}"), path.with_suffix(f".{language}-CN{path.suffix}")):
        if language != "en" and local.exists():
            return local
    return path


def web_notebook(nb, pages, slugify, language="en"):
    """Solution notebook ``nb`` as the site shows it: answers folded, links and anchors for Sphinx."""
    nb = fold_answers(nb, language)
    markdown = [cell for cell in nb.cells if cell.cell_type == "markdown"]
    headings = jupyterlab_anchors([cell.source for cell in markdown], slugify)
    for cell in markdown:
        cell.source = sphinx_anchors(rewrite_links(cell.source, pages), headings)
    return nb


def write_sources(root, dest, notebooks, language="en"):
    """Write every page of one edition into ``dest``; returns the chapter stems.

    ``notebooks`` is the folder of that edition's executed solution notebooks. README and the guides
    are read in ``language`` when translated (``translated``), in English otherwise.
    """
    root, dest = Path(root), Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    stems = sorted(p.stem for p in Path(notebooks).glob("*.ipynb"))
    if not stems:
        raise ValueError(f"no solution notebooks in {notebooks}: build the chapters first")
    english = Path(root) / "solutions"
    # A translated edition shows every chapter: one not translated yet in English, under a note.
    fallback = [] if Path(notebooks).resolve() == english.resolve() else sorted(
        p.stem for p in english.glob("*.ipynb") if p.stem not in stems)
    stems = sorted(stems + fallback)
    found = {}  # source -> page: the first existing file of each page
    for source, page in GUIDES:
        if page not in found.values() and translated(root, source, language).exists():
            found[source] = page
    guides = list(found.items())
    pages = {source: f"{page}.md" for source, page in guides}
    pages["README.md"] = "index.md"
    for stem in stems:
        nb = nbformat.read((english if stem in fallback else Path(notebooks)) / f"{stem}.ipynb", as_version=4)
        if stem in fallback:
            first = next(cell for cell in nb.cells if cell.cell_type == "markdown")
            first.source = first.source.replace("\n", f"\n\n> {labels(language)['untranslated']}\n", 1)
        nbformat.write(web_notebook(nb, pages, SLUGIFY, language), dest / f"{stem}.ipynb")
    readme = translated(root, "README.md", language).read_text(encoding="utf-8")
    toc = [page for _, page in guides]
    if PAPERS_SECTION in sections(readme):
        papers = f"# {PAPERS_SECTION}\n{sections(readme)[PAPERS_SECTION]}"
        (dest / "papers.md").write_text(rewrite_links(papers, pages), encoding="utf-8")
        toc.insert(0, "papers")
    for source, page in guides:
        text = translated(root, source, language).read_text(encoding="utf-8")
        (dest / f"{page}.md").write_text(rewrite_links(text, pages), encoding="utf-8")
    index = index_page(readme, stems, toc, language)
    (dest / "index.md").write_text(rewrite_links(index, pages), encoding="utf-8")
    return stems
