"""Finding the chapters: their stems (``03_adagrad_rmsprop``) on disk, and choosing some by number or name."""
from pathlib import Path

from .text import SOURCE_FOLDER


def chapter_stems(folder):
    """Sorted stems of the ``NN_*.ipynb`` notebooks in ``folder``."""
    return sorted(p.stem for p in Path(folder).glob("[0-9][0-9]_*.ipynb"))


def source_stems(solutions_dir):
    """Sorted stems of the chapters' text sources, ``solutions/src/NN_*.md``."""
    return sorted(p.stem for p in (Path(solutions_dir) / SOURCE_FOLDER).glob("[0-9][0-9]_*.md"))


def select(stems, wanted):
    """The stems matching any of ``wanted`` ("03", "03_adagrad_rmsprop" or a path); all if empty.

    Raises ``ValueError`` naming a wanted stem that matches nothing.
    """
    if not wanted:
        return list(stems)
    chosen = []
    for want in wanted:
        key = Path(want).stem
        hits = [s for s in stems if s == key or s.split("_", 1)[0] == key]
        if not hits:
            raise ValueError(f"no chapter matches {want!r} (have: {', '.join(stems)})")
        chosen.extend(h for h in hits if h not in chosen)
    return chosen
