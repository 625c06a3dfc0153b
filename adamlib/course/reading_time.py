"""A lesson's first-pass time, measured by reading: the words of its core path at a stated pace.

The course's route (README's table, the line under each lesson's title) splits every lesson in two:

- the **core path**: every section whose heading is not marked "(optional)";
- what can wait for a second pass: sections marked "(optional)" (with their subsections), and the
  extras every lesson ends with or offers, "Going further", "Glossary" and the "Playground".

The time is the words of the core path's text (Markdown cells; code is read with the text around
it, and the exercises are in the pace) divided by :data:`WORDS_PER_MINUTE`, rounded to 5 minutes.
That pace is the one INSTRUCTORS.md measured for the full lessons (47 to 56 words of text per
stated minute for lessons 01, 02, 03 and 05): reading technical text with its formulas, running
the cells, and doing the exercises. A time is never measured by running the notebook: the kernel
takes 15 s, a student an hour.

    >>> core_minutes(["# 01 · Title", "## 1. A section\\n" + "word " * 548, "## 2. More (optional)\\n" + "x " * 900])
    10
"""
from __future__ import annotations

import re

WORDS_PER_MINUTE = 55
"""Words of lesson text per minute of a student's time, exercises included (INSTRUCTORS.md)."""

EXTRAS = ("Going further", "Glossary", "Playground")
"""Headings that are never on the core path: the end-of-lesson extras."""

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SOLUTION = {"### BEGIN SOLUTION", "### END SOLUTION"}


def is_optional(title: str) -> bool:
    """True for a heading marked "(optional)" (also "(optional on a first pass)") or an extra."""
    return "(optional" in title.lower() or any(extra.lower() in title.lower() for extra in EXTRAS)


def sections(markdown_cells):
    """``[(title, level, words, optional), ...]``, one per heading, in order (text before the
    first heading counts as the title's section). A subsection of an optional section is optional."""
    found, stack = [], []            # stack: (level, optional) of the enclosing headings
    current = ["(top)", 0, 0, False]
    for source in markdown_cells:
        for line in str(source).splitlines():
            match = _HEADING.match(line)
            if match and line.strip() not in _SOLUTION:
                found.append(tuple(current))
                level, title = len(match.group(1)), match.group(2)
                while stack and stack[-1][0] >= level:
                    stack.pop()
                optional = is_optional(title) or any(opt for _, opt in stack)
                stack.append((level, optional))
                current = [title, level, len(title.split()), optional]
            else:
                current[2] += len(line.split())
    found.append(tuple(current))
    return [s for s in found if s[0] != "(top)" or s[2]]


def core_words(markdown_cells) -> int:
    """Words of text on the core path."""
    return sum(words for _, _, words, optional in sections(markdown_cells) if not optional)


def core_minutes(markdown_cells, words_per_minute=WORDS_PER_MINUTE) -> int:
    """The first-pass time in minutes: core words / pace, rounded to the nearest 5 (at least 5)."""
    if words_per_minute <= 0:
        raise ValueError(f"words_per_minute must be > 0, got {words_per_minute}")
    return max(5, 5 * round(core_words(markdown_cells) / words_per_minute / 5))


def lesson_markdown(path):
    """The Markdown cells' sources of a notebook file."""
    import nbformat
    return [cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "markdown"]


if __name__ == "__main__":   # python -m adamlib.course.reading_time: each lesson's core and full words
    from pathlib import Path
    for path in sorted(Path("lessons").glob("[0-9][0-9]_*.ipynb")):
        cells = lesson_markdown(path)
        total = sum(words for _, _, words, _ in sections(cells))
        print(f"{path.stem:28s} core {core_words(cells):5d} words = {core_minutes(cells):3d} min;"
              f" all {total:5d} words")
