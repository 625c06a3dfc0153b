"""Chapter text sources: ``solutions/src/NN_topic.md``, MyST Markdown read and written by jupytext.

Why MyST Markdown rather than jupytext's percent (``.py``) format: a chapter is mostly prose, and in
MyST the prose stays prose (it renders on GitHub and diffs line by line like any Markdown), while each
code cell is a fenced ``{code-cell}`` block. JupyterLab opens a ``.md`` file as text, not as a notebook,
so a student browsing ``solutions/`` sees one notebook per chapter and never a second copy.

A text source holds every cell's type and source and the cell metadata that matters:

- ``tags`` (nbval's ``nbval-ignore-output``, ...), written ``:tags: [...]`` on a code cell;
- ``points``: how many points nbgrader gives a check cell (1 when absent). The rest of the nbgrader
  metadata is derived from the code by ``nbgrader_metadata.stamp_nbgrader`` (grade ids from function names), so it
  is not repeated here;
- ``id``: the cell's stable id (see ``notebooks.normalise``) once it has one.

Outputs, execution counts and nbgrader's derived metadata are not in the text: ``build`` makes them.
"""
import hashlib
from pathlib import Path

import nbformat

FORMAT = "md:myst"
SOURCE_FOLDER = "src"  # below solutions/
# The cell metadata kept in the text; everything else is derived or volatile.
KEPT_CELL_METADATA = ("tags", "points", "id")
_JUPYTEXT_OPTIONS = {"notebook_metadata_filter": "-all", "cell_metadata_filter": ",".join(KEPT_CELL_METADATA)}


def _jupytext():
    """jupytext, imported when needed: it is an authors' tool, not in the students' requirements.txt."""
    try:
        import jupytext
    except ImportError:
        raise ImportError("chapter text sources need jupytext, an authors' tool: "
                          "pip install -e '.[authors]'") from None
    return jupytext


def source_path(solutions_dir, stem):
    """Where chapter ``stem``'s text source lives: ``solutions/src/stem.md``."""
    return Path(solutions_dir) / SOURCE_FOLDER / f"{stem}.md"


def read_text(path):
    """The chapter at ``path`` as a notebook with no outputs (cells, tags, points and ids)."""
    nb = _jupytext().reads(Path(path).read_text(encoding="utf-8"), fmt=FORMAT)
    nb.metadata = nbformat.from_dict({})
    for cell in nb.cells:
        cell.pop("id", None)  # jupytext invents random ids; the stable one is in the metadata
        if "id" in cell.metadata:
            cell.id = cell.metadata.pop("id")
    return nb


def to_text(nb):
    """The MyST text of notebook ``nb``: sources and the kept metadata (``points`` from nbgrader's)."""
    bare = nbformat.v4.new_notebook(metadata={"jupytext": dict(_JUPYTEXT_OPTIONS)})
    for cell in nb.cells:
        kept = {key: cell.metadata[key] for key in KEPT_CELL_METADATA if key in cell.metadata}
        points = cell.metadata.get("nbgrader", {}).get("points")
        if cell.metadata.get("nbgrader", {}).get("grade") and points not in (None, 1):
            kept["points"] = points
        if cell.get("id") and _is_stable_id(cell.id):
            kept["id"] = cell.id
        new = nbformat.v4.new_code_cell if cell.cell_type == "code" else nbformat.v4.new_markdown_cell
        bare.cells.append(new(cell.source, metadata=kept))
    return _jupytext().writes(bare, fmt=FORMAT)


def write_text(nb, path):
    """Write ``nb``'s text source to ``path`` (folders created); returns the text."""
    text = to_text(nb)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")
    return text


def assign_ids(nb, stem):
    """Give every cell of ``nb`` without an id a new one, unique in ``nb``; returns how many were new.

    A new id is 8 hex digits of a hash of the chapter, the cell's position and its source: any
    unique string would do, since it is stored in the text source and never recomputed.
    """
    taken = {cell.id for cell in nb.cells if cell.get("id")}
    new = 0
    for index, cell in enumerate(nb.cells):
        if cell.get("id"):
            continue
        salt = 0
        while True:
            digest = hashlib.sha1(f"{stem}/{index}/{salt}/{cell.source}".encode()).hexdigest()[:8]
            if digest not in taken:
                break
            salt += 1
        cell.id = digest
        taken.add(digest)
        new += 1
    return new


def _is_stable_id(cell_id):
    """Positional ids (``cell-012``) change when a cell moves: they are not worth keeping."""
    return not (cell_id.startswith("cell-") and cell_id[5:].isdigit())


def same_cells(a, b):
    """Where notebook ``a``'s cells first differ from ``b``'s in type, source or kept metadata; None if nowhere."""
    for index, (x, y) in enumerate(zip(a.cells, b.cells)):
        if x.cell_type != y.cell_type or x.source != y.source:
            first_line = (x.source.split("\n") or [""])[0][:60]
            return f"cell {index} ({x.cell_type}: {first_line!r})"
        if x.metadata.get("tags", []) != y.metadata.get("tags", []):
            return f"cell {index} (its tags)"
        if x.get("id") != y.get("id"):
            return f"cell {index} (its id {y.get('id')!r}, {x.get('id')!r} expected)"
    if len(a.cells) != len(b.cells):
        return f"{len(a.cells)} cells against {len(b.cells)}"
    return None
