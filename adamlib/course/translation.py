"""Translated editions: the Chinese prose beside the English, keyed by cell ids, checked for drift.

    solutions/src/zh/NN_topic.md    the Chinese prose only: one block per translated markdown cell
    solutions/zh/NN_topic.ipynb     the English solution with that prose swapped in (outputs kept)
    lessons/zh/NN_topic.ipynb       made from it exactly as lessons/ is made from solutions/

A block of a translation source names the English cell it translates and a hash of the English
text it was made from::

    +++ {"id": "a7d11445", "en": "3f2a9c1b"}

    # 00 · 欢迎：一步一步走下山

Code cells are never copied: they come from the English source, so both editions run the same code
and print the same outputs (the checks speak English until the message catalogue has Chinese).
When the English cell changes, its hash changes and the block is **stale**: ``problems`` reports it,
and the tests fail, until the translation is updated (then its ``en`` hash with it) or the block is
marked ``"stale": true``, which builds the English text under a one-line note that the translation
is pending. A translation must keep the English cell's formulas, inline code, links, anchors,
solution markers and heading levels (``structure``), and never break a line between two Chinese
characters (Markdown renders that break as a stray space).
"""
import copy
import hashlib
import json
import re
from pathlib import Path

from .nbgrader_cells import stamp_nbgrader
from .notebooks import normalise, read, write
from .regions import make_lesson
from .text import SOURCE_FOLDER, read_text, source_path

LANGUAGES = {"zh": "译文待更新：本节英文原文已修改，以下暂为英文原文。"}  # language -> the stale note
_BLOCK = re.compile(r"^\+\+\+ (\{.*\})[ \t]*$", re.MULTILINE)
_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_CJK = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"


def text_hash(source):
    """The short hash that ties a translation to the English text it was made from."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:8]


def translation_path(solutions_dir, stem, language="zh"):
    """``solutions/src/<language>/<stem>.md``."""
    return Path(solutions_dir) / SOURCE_FOLDER / language / f"{stem}.md"


def translated_stems(solutions_dir, language="zh"):
    """The chapters that have a translation source, sorted."""
    folder = Path(solutions_dir) / SOURCE_FOLDER / language
    return sorted(p.stem for p in folder.glob("[0-9][0-9]_*.md")) if folder.is_dir() else []


def read_translation(path):
    """The blocks of a translation source: a list of ``{"id", "en", "stale", "source"}`` in file order.

    Raises ``ValueError`` naming the line when a block header is not JSON with an ``id`` and an
    ``en`` hash, or when text stands before the first header.
    """
    text = Path(path).read_text(encoding="utf-8")
    headers = list(_BLOCK.finditer(text))
    if not headers or text[:headers[0].start()].strip():
        raise ValueError(f"{path}: a translation source is blocks that each start with "
                         f'+++ {{"id": ..., "en": ...}}; the first block has no header')
    blocks = []
    for k, header in enumerate(headers):
        line = text.count("\n", 0, header.start()) + 1
        try:
            meta = json.loads(header.group(1))
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}, line {line}: the block header is not JSON: {error}") from None
        if not isinstance(meta.get("id"), str) or not isinstance(meta.get("en"), str):
            raise ValueError(f"{path}, line {line}: the block header needs an \"id\" (the English cell's) "
                             f"and an \"en\" hash (of the English text translated); got {meta}")
        end = headers[k + 1].start() if k + 1 < len(headers) else len(text)
        blocks.append({"id": meta["id"], "en": meta["en"], "stale": bool(meta.get("stale")),
                       "source": text[header.end():end].strip("\n"), "line": line})
    return blocks


def translate(english, blocks, language="zh", translated=()):
    """A new notebook: ``english`` with each translated markdown cell's source swapped in.

    Code cells, outputs and metadata stay the English ones. A stale block keeps the English text
    under the language's note. A relative link to a chapter without a translation (not in
    ``translated``) points one folder up, at the English notebook.
    """
    by_id = {block["id"]: block for block in blocks}
    nb = copy.deepcopy(english)
    for cell in nb.cells:
        block = by_id.get(cell.get("id"))
        if cell.cell_type != "markdown" or block is None:
            continue
        cell.source = f"> {LANGUAGES[language]}\n\n{cell.source}" if block["stale"] else block["source"]
        cell.source = re.sub(r"\]\(((\d\d_\w+)\.ipynb)",
                             lambda m: f"]({m.group(1) if m.group(2) in translated else '../' + m.group(1)}",
                             cell.source)
    return nb


# --- drift: what keeps the editions in step -------------------------------------------------


def structure(source):
    """What a translation must keep of a markdown cell: formulas, code, links, anchors, markers, headings."""
    fences = [m.group(0) for m in _FENCE.finditer(source)]
    prose = _FENCE.sub("", source)
    display = [_squeeze(f) for f in re.findall(r"\$\$.+?\$\$", prose, re.DOTALL)]
    inline = [_squeeze(f) for f in re.findall(r"\$[^$]+\$", re.sub(r"\$\$.+?\$\$", " ", prose, flags=re.DOTALL))]
    return {
        "display formulas": sorted(display),
        "inline formulas": sorted(inline),
        "inline code": sorted(re.findall(r"`[^`\n]+`", prose)),
        "code blocks": fences,
        "links": sorted(re.findall(r"\]\(([^)\s]+)\)", prose)),
        "anchors": sorted(re.findall(r"<a (?:id|name)=\"[^\"]+\"", prose) + re.findall(r"^\([\w-]+\)=", prose, re.M)),
        "solution markers": [line.strip() for line in source.split("\n") if line.strip().startswith("### ")
                             and "SOLUTION" in line],
        "heading levels": [len(m.group(1)) for m in re.finditer(r"^(#{1,6}) (?!(BEGIN|END) SOLUTION)", prose, re.M)],
    }


def _squeeze(formula):
    """A formula with its runs of white space made one space: a line break inside it is layout."""
    return " ".join(formula.split())


def unclosed_bold(source):
    """The bold spans a CommonMark renderer leaves as literal ``**``: ``**先预测：**如果`` (a closing ``**``
    right after full-width punctuation and right before a Chinese character is not a right-flanking
    delimiter, so JupyterLab shows the asterisks)."""
    prose = _FENCE.sub("", source)
    return [m.group(0) for m in re.finditer(r"\*\*[^*\n]+?[\u3000-\u303f\uff00-\uffef]\*\*(?=" + _CJK + ")", prose)]


def cjk_line_breaks(source):
    """The lines (1-based) that end a Chinese character right before a line starting with one."""
    lines = _FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), source).split("\n")
    return [k + 1 for k, (a, b) in enumerate(zip(lines, lines[1:]))
            if re.search(_CJK + r"$", a.rstrip()) and re.match(_CJK, b.lstrip())]


def problems(english, blocks, where="zh"):
    """Why a translation is out of step with its English chapter: a list of lines, [] when in step.

    ``english``: the English text source (as ``text.read_text`` gives it); ``blocks``: its
    translation (``read_translation``). Reports missing, orphan, stale and duplicate blocks, and
    for each current block a broken structure or a line break between two Chinese characters.
    """
    cells = {cell.id: cell for cell in english.cells if cell.cell_type == "markdown" and cell.get("id")}
    seen, found = set(), []
    for block in blocks:
        name = f"{where}, block {block['id']} (line {block['line']})"
        if block["id"] in seen:
            found.append(f"{name}: a second translation of the same cell")
        seen.add(block["id"])
        cell = cells.get(block["id"])
        if cell is None:
            found.append(f"{name}: orphan: the English chapter has no markdown cell with this id")
            continue
        if block["stale"]:
            continue  # built with the English text and the note: visible, allowed
        if block["en"] != text_hash(cell.source):
            found.append(f"{name}: stale: the English cell changed (its hash is now {text_hash(cell.source)}); "
                         f"update the translation and its \"en\", or mark it \"stale\": true")
            continue
        want, have = structure(cell.source), structure(block["source"])
        for key in want:
            if want[key] != have[key]:
                found.append(f"{name}: {key} differ from the English cell's: {want[key]} against {have[key]}")
        for bold in unclosed_bold(block["source"]):
            found.append(f"{name}: {bold!r}: Markdown does not close ** after full-width punctuation when a "
                         f"Chinese character follows: put the punctuation outside, **先预测**：")
        for line in cjk_line_breaks(block["source"]):
            found.append(f"{name}: a line break between two Chinese characters after its line {line}: "
                         f"join the lines (Markdown would show a space)")
    found += [f"{where}: missing: no translation of English cell {cell_id} "
              f"({cells[cell_id].source.split(chr(10))[0][:50]!r})" for cell_id in cells if cell_id not in seen]
    return found


# --- build and check ----------------------------------------------------------------------------


def build_translations(solutions_dir, lessons_dir, stems=None, language="zh", log=print):
    """Write ``solutions/<language>/`` and ``lessons/<language>/`` for every translated chapter (or ``stems``).

    From the built English solution: nothing is executed again, since the code is the same.
    """
    solutions_dir, lessons_dir = Path(solutions_dir), Path(lessons_dir)
    translated = translated_stems(solutions_dir, language)
    for stem in translated if stems is None else [s for s in stems if s in translated]:
        solution = _translated_solution(solutions_dir, stem, language, translated)
        for folder in (solutions_dir, lessons_dir):
            (folder / language).mkdir(parents=True, exist_ok=True)
        write(normalise(solution), solutions_dir / language / f"{stem}.ipynb")
        write(normalise(make_lesson(stamp_nbgrader(copy.deepcopy(solution)))), lessons_dir / language / f"{stem}.ipynb")
        log(f"built {stem} ({language}): solutions/{language}/{stem}.ipynb + lessons/{language}/{stem}.ipynb")


def translation_drift(solutions_dir, lessons_dir, language="zh"):
    """Problems that make the translated notebooks differ from a fresh build, plus ``problems``; [] if none."""
    solutions_dir, lessons_dir = Path(solutions_dir), Path(lessons_dir)
    translated, found = translated_stems(solutions_dir, language), []
    for stem in translated:
        english = read_text(source_path(solutions_dir, stem))
        found += problems(english, read_translation(translation_path(solutions_dir, stem, language)),
                          f"solutions/{SOURCE_FOLDER}/{language}/{stem}.md")
        want = normalise(_translated_solution(solutions_dir, stem, language, translated))
        for folder, expected in ((solutions_dir, want), (lessons_dir, make_lesson(stamp_nbgrader(copy.deepcopy(want))))):
            path = folder / language / f"{stem}.ipynb"
            have = read(path) if path.exists() else None
            if have is None or [(c.cell_type, c.source) for c in have.cells] != [(c.cell_type, c.source)
                                                                                for c in expected.cells]:
                found.append(f"{path.relative_to(folder.parent)} is out of date: run `python -m adamlib.course build {stem}`")
    for folder in (solutions_dir / language, lessons_dir / language):
        found += [f"{p.relative_to(folder.parent.parent)} has no translation source"
                  for p in sorted(folder.glob("*.ipynb")) if p.stem not in translated]
    return found


def _translated_solution(solutions_dir, stem, language, translated):
    english = read(Path(solutions_dir) / f"{stem}.ipynb")
    blocks = read_translation(translation_path(solutions_dir, stem, language))
    return stamp_nbgrader(translate(english, blocks, language, translated))


# --- for translators ------------------------------------------------------------------------------


def skeleton(english, blocks=()):
    """The text of a translation source for ``english``: the existing ``blocks`` kept as they are, and
    a block for every English markdown cell without one, holding the English text, marked stale (it
    builds with the "translation pending" note until a translator replaces it and drops the mark)."""
    by_id, parts = {block["id"]: block for block in blocks}, []
    for cell in english.cells:
        if cell.cell_type != "markdown" or not cell.get("id"):
            continue
        block = by_id.get(cell.id) or {"id": cell.id, "en": text_hash(cell.source), "stale": True,
                                         "source": cell.source}
        header = {"id": block["id"], "en": block["en"], **({"stale": True} if block["stale"] else {})}
        parts.append(f"+++ {json.dumps(header, ensure_ascii=False)}\n\n{block['source']}\n")
    return "\n".join(parts)


def _translate_command(root, args):
    solutions_dir = Path(root) / "solutions"
    for stem in args.stems:
        path = translation_path(solutions_dir, stem, args.language)
        blocks = read_translation(path) if path.exists() else []
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(skeleton(read_text(source_path(solutions_dir, stem)), blocks), encoding="utf-8")
        print(f"wrote {path.relative_to(root)}: translate each block marked \"stale\", then drop the mark")
    return 0


COMMAND = ("write or complete a chapter's translation source (new blocks hold the English, marked stale)",
           lambda parser: (parser.add_argument("stems", nargs="+", help="full chapter names, e.g. 01_sgd"),
                           parser.add_argument("--language", default="zh", choices=sorted(LANGUAGES))),
           _translate_command)
