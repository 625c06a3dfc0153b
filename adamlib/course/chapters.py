"""Build the solution and lesson notebooks from the chapters' text sources, and check all three agree.

    python -m adamlib.course build [STEM ...]   # e.g. `build 03` or `build 03_adagrad_rmsprop`
    python -m adamlib.course check              # fast: no notebook is executed
    python -m adamlib.course sync STEM ...      # after editing solutions/STEM.ipynb in JupyterLab

``solutions/src/NN_topic.md`` (MyST Markdown, see ``text``) is the single source of truth. ``build``:

1. reads the text source and stamps nbgrader metadata on it, so an instructor
   can run nbgrader on ``solutions/`` unchanged (solution cells and check cells);
2. executes it in a fresh ``python3`` kernel and writes ``solutions/NN_topic.ipynb``;
3. writes ``lessons/NN_topic.ipynb``: the same notebook with every solution
   region replaced by nbgrader's stub, executed too, so its stored outputs are
   the real ones (the checks print "not done yet").

``check`` fails when a solution notebook is not what its text source says, or a
lesson's sources are not what ``build`` would write. ``sync`` writes a solution
notebook's cells back to its text source. Every function takes the folders as
arguments, so the tests can run them on a temporary copy of the course.
"""
import argparse
import copy
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from .notebooks import execute, normalise, read, write
from .text import SOURCE_FOLDER, assign_ids, read_text, same_cells, source_path, write_text

# nbgrader's ClearSolutions defaults (nbgrader/preprocessors/clearsolutions.py).
BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"

NBGRADER_SCHEMA = 3
_DEFINED_NAME = re.compile(r"^\s*def\s+([A-Za-z_]\w*)\s*\(", re.MULTILINE)
_CHECK_CALL = re.compile(r"(?<!def )\bcheck_(\w+)\s*\(")
FORMATIVE = {"prediction"}  # check_prediction teaches and never grades: its cell is not an nbgrader test
_IMPORTS_CHECKS = re.compile(r"^\s*(from\s+adamlib\.checks\b|from\s+adamlib\s+import\s+.*\bchecks\b|import\s+adamlib\.checks\b)",
                             re.MULTILINE)


# --- the lesson generator: nbgrader's ClearSolutions, line for line ----------


def clear_solutions(source, cell_type="code"):
    """``source`` with each BEGIN/END SOLUTION region (markers included) replaced by the stub.

    The stub is ``CODE_STUB`` in code cells and ``TEXT_STUB`` in markdown cells,
    indented like the region's BEGIN line: exactly what nbgrader's
    ``ClearSolutions`` preprocessor writes. A marker must be alone on its line
    (surrounding whitespace allowed). Raises ``ValueError`` on a nested BEGIN or
    a missing END, naming the problem.
    """
    stub = (CODE_STUB if cell_type == "code" else TEXT_STUB).split("\n")
    out, inside = [], False
    for line in source.split("\n"):
        if line.strip() == BEGIN_SOLUTION:
            if inside:
                raise ValueError(f"nested {BEGIN_SOLUTION!r} inside a solution region")
            inside = True
            indent = line[: line.find(BEGIN_SOLUTION)]
            out.extend(indent + stub_line for stub_line in stub)
        elif line.strip() == END_SOLUTION:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{BEGIN_SOLUTION!r} without a matching {END_SOLUTION!r}")
    return "\n".join(out)


def has_solution(cell):
    """True when the cell holds a BEGIN SOLUTION marker line."""
    return any(line.strip() == BEGIN_SOLUTION for line in cell.source.split("\n"))


def make_lesson(solution):
    """A new notebook: ``solution`` with solutions cleared and every output removed."""
    lesson = copy.deepcopy(solution)
    for cell in lesson.cells:
        if has_solution(cell):
            cell.source = clear_solutions(cell.source, cell.cell_type)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return lesson


# --- nbgrader metadata ---------------------------------------------------------


# nbgrader's cell kinds, as (grade, solution, locked): see nbgrader's "cell types" documentation.
CELL_KINDS = {
    "solution": (False, True, False),  # autograded answer: the student writes code here
    "grade": (True, False, True),      # autograder test: a locked check_...(...) call
    "locked": (False, False, True),    # read-only: nbgrader restores its source before grading
    "answer": (True, True, False),     # manually graded written answer (a markdown solution cell)
}


def nbgrader_metadata(kind, grade_id, points=1):
    """The nbgrader metadata of a cell of ``kind`` (a key of ``CELL_KINDS``); graded kinds get ``points``."""
    grade, solution, locked = CELL_KINDS[kind]
    metadata = {"grade": grade, "grade_id": grade_id, "locked": locked,
                "schema_version": NBGRADER_SCHEMA, "solution": solution, "task": False}
    if grade:
        metadata["points"] = points
    return metadata


def nbgrader_role(cell):
    """``(kind, grade_id)`` of the cell for nbgrader, or ``None`` for an ordinary cell.

    A code cell with a solution region is a ``"solution"`` named after the first
    function it defines; a markdown cell with one is a written ``"answer"``; a
    code cell that calls ``check_<name>(`` is a ``"grade"`` cell named ``check_<name>``;
    a code cell that imports the checks is ``"locked"`` (named ``imports``), so a
    student's edit there (``check_adam_step = lambda f: f``) is undone before grading.
    """
    if has_solution(cell):
        if cell.cell_type == "markdown":
            return ("answer", "answer")
        defined = _DEFINED_NAME.search(cell.source)
        return ("solution", defined.group(1) if defined else "solution")
    if cell.cell_type != "code":
        return None
    called = next((m for m in _CHECK_CALL.finditer(cell.source) if m.group(1) not in FORMATIVE), None)
    if called:
        return ("grade", "check_" + called.group(1))
    return ("locked", "imports") if _IMPORTS_CHECKS.search(cell.source) else None


def stamp_nbgrader(nb):
    """Set (or remove) every cell's nbgrader metadata from its role, in place; grade ids are unique.

    A grade cell's points come from its ``points`` metadata (written in the text
    source; then removed) or its previous nbgrader metadata, else 1.
    """
    seen = set()
    for cell in nb.cells:
        role = nbgrader_role(cell)
        old = cell.metadata.pop("nbgrader", None) or {}
        points = cell.metadata.pop("points", old.get("points", 1))
        if role is not None:
            kind, grade_id = role
            cell.metadata["nbgrader"] = nbgrader_metadata(kind, _unique(grade_id, seen), points)
    return nb


def _unique(name, seen):
    """``name``, or ``name_2``, ``name_3``... whichever is not in ``seen`` yet (then added)."""
    candidate, n = name, 1
    while candidate in seen:
        n += 1
        candidate = f"{name}_{n}"
    seen.add(candidate)
    return candidate


# --- finding the chapters ---------------------------------------------------------


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


# --- build ------------------------------------------------------------------------


def unsynced_edit(stem, solutions_dir):
    """Why building ``stem`` would lose edits made in its notebook, or None.

    That is when ``solutions/stem.ipynb`` differs from its text source and was
    saved after it: someone edited the notebook in JupyterLab and did not sync.
    """
    notebook, text = Path(solutions_dir) / f"{stem}.ipynb", source_path(solutions_dir, stem)
    if not notebook.exists() or notebook.stat().st_mtime <= text.stat().st_mtime:
        return None
    where = same_cells(read(notebook), read_text(text))
    if where is None:
        return None
    return (f"solutions/{stem}.ipynb was edited after its text source (first at {where}); "
            f"run `python -m adamlib.course sync {stem}` to keep those edits, "
            f"or `build --discard-notebook-edits {stem}` to drop them")


def build_one(stem, solutions_dir, lessons_dir, run=True):
    """From ``solutions/src/stem.md``: write ``solutions/stem.ipynb`` and ``lessons/stem.ipynb``.

    Nothing is written when an execution fails (``nbclient`` raises, naming the cell).
    With ``run=False`` the notebooks are written without executing them.
    """
    solutions_dir, lessons_dir = Path(solutions_dir).resolve(), Path(lessons_dir).resolve()
    lessons_dir.mkdir(parents=True, exist_ok=True)
    text = read_text(source_path(solutions_dir, stem))
    if assign_ids(text, stem):  # new cells get their id once, in the text, so it never changes
        write_text(text, source_path(solutions_dir, stem))
    solution = stamp_nbgrader(text)
    lesson = make_lesson(solution)  # stored clean: a student opens it with no answers printed
    if run:
        solution = execute(solution, cwd=solutions_dir)
        problems = untouched_lesson_problems(execute(copy.deepcopy(lesson), cwd=lessons_dir))
        if problems:
            raise ValueError(f"lessons/{stem}.ipynb, untouched: " + "; ".join(problems))
    write(normalise(solution), solutions_dir / f"{stem}.ipynb")
    write(normalise(lesson), lessons_dir / f"{stem}.ipynb")


NOT_DONE = "not done yet"


def untouched_lesson_problems(lesson):
    """What is wrong with an executed, untouched lesson: a graded check cell that does not say
    "not done yet" (the lesson must go on with the reference, telling the student so); [] if nothing."""
    return [f"cell {index}: {problem}" for index, cell in enumerate(lesson.cells)
            for problem in [untouched_check_problem(cell)] if problem]


def untouched_check_problem(cell):
    """Why an executed graded check cell of an untouched lesson is wrong, or None (also for other cells)."""
    if cell.cell_type != "code" or not cell.metadata.get("nbgrader", {}).get("grade"):
        return None
    printed = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")
    return None if NOT_DONE in printed else f"the check printed {printed.strip()[:80]!r}, not {NOT_DONE!r}"


def build(solutions_dir, lessons_dir, wanted=(), run=True, log=print, discard_notebook_edits=False):
    """Build every chapter with a text source (or those in ``wanted``); log one line each.

    Raises ``ValueError`` before building anything when a chosen solution notebook
    holds edits its text source lacks (see ``unsynced_edit``), unless told to discard them.
    """
    stems = select(source_stems(solutions_dir), wanted)
    if not discard_notebook_edits:
        problems = [p for p in (unsynced_edit(stem, solutions_dir) for stem in stems) if p]
        if problems:
            raise ValueError("\n".join(problems))
    for stem in stems:
        start = time.perf_counter()
        build_one(stem, solutions_dir, lessons_dir, run=run)
        log(f"built {stem}: solutions/{stem}.ipynb + lessons/{stem}.ipynb "
            f"({time.perf_counter() - start:.1f} s)")


def sync(solutions_dir, wanted, log=print):
    """Write the cells of each chosen ``solutions/NN.ipynb`` back to its text source.

    A cell JupyterLab created has a random id; it is kept, like every other id.
    """
    for stem in select(chapter_stems(solutions_dir), wanted):
        path = source_path(solutions_dir, stem)
        write_text(read(Path(solutions_dir) / f"{stem}.ipynb"), path)
        log(f"synced solutions/{stem}.ipynb -> solutions/{SOURCE_FOLDER}/{path.name}; "
            f"now run `python -m adamlib.course build {stem}`")


# --- check (drift) --------------------------------------------------------------------


def drift(solutions_dir, lessons_dir):
    """Human-readable problems that make the course differ from a fresh build; [] if none.

    Text source against solution notebook (cell types, sources, tags), solution
    against lesson (sources, not outputs), and the solution's nbgrader metadata
    against what ``build`` stamps. One line per bad notebook, naming its first
    differing cell.
    """
    sources, solutions = source_stems(solutions_dir), chapter_stems(solutions_dir)
    lessons = chapter_stems(lessons_dir)
    problems = [f"solutions/{s}.ipynb has no text source solutions/{SOURCE_FOLDER}/{s}.md"
                for s in solutions if s not in sources]
    problems += [f"lessons/{s}.ipynb has no solutions/{s}.ipynb" for s in lessons if s not in solutions]
    for stem in sources:
        if stem not in solutions:
            problems.append(f"solutions/{SOURCE_FOLDER}/{stem}.md has no solutions/{stem}.ipynb")
            continue
        solution = read(Path(solutions_dir) / f"{stem}.ipynb")
        text = read_text(source_path(solutions_dir, stem))
        where = same_cells(text, solution) or _nbgrader_drift(text, solution)
        if where:
            problems.append(f"solutions/{stem}.ipynb is out of date with solutions/{SOURCE_FOLDER}/{stem}.md: "
                            f"first difference at {where}")
            continue
        if stem not in lessons:
            problems.append(f"solutions/{stem}.ipynb has no lessons/{stem}.ipynb")
            continue
        problem = notebook_drift(solution, read(Path(lessons_dir) / f"{stem}.ipynb"))
        if problem:
            problems.append(f"lessons/{stem}.ipynb is out of date with solutions/{stem}.ipynb: {problem}")
    return problems


def _nbgrader_drift(text, solution):
    """Where the solution's nbgrader metadata is not what ``build`` stamps from ``text``; None if nowhere."""
    stamped = stamp_nbgrader(copy.deepcopy(text))
    for index, (want, have) in enumerate(zip(stamped.cells, solution.cells)):
        if want.metadata.get("nbgrader") != have.metadata.get("nbgrader"):
            return f"cell {index} (stale nbgrader metadata, e.g. its points)"
    return None


def notebook_drift(solution, lesson):
    """Where ``lesson`` first differs from ``make_lesson(solution)``, as a phrase; None if nowhere."""
    try:
        stamped = stamp_nbgrader(copy.deepcopy(solution))
        expected = make_lesson(stamped)
    except ValueError as error:
        return f"the solution cannot be built: {error}"
    for index, (want, have) in enumerate(zip(expected.cells, lesson.cells)):
        if (want.cell_type, want.source) != (have.cell_type, have.source):
            first_line = (want.source.split("\n") or [""])[0][:60]
            return f"first difference at cell {index} ({want.cell_type}: {first_line!r})"
    if len(expected.cells) != len(lesson.cells):
        return f"{len(lesson.cells)} cells in the lesson, {len(expected.cells)} expected"
    for index, (want, have) in enumerate(zip(stamped.cells, solution.cells)):
        if want.metadata.get("nbgrader") != have.metadata.get("nbgrader"):
            return f"solution cell {index} has stale nbgrader metadata"
    return None


# --- command line ------------------------------------------------------------------------


def main(argv=None, extra_commands=None, editions=None):
    """The ``python -m adamlib.course`` command; returns the exit status.

    ``extra_commands`` maps a command name to ``(help, add_arguments(parser), run(root, args) -> status)``:
    how ``__main__`` adds ``web`` without this module importing the web build. ``editions`` is
    ``(build(solutions_dir, lessons_dir, stems), drift(solutions_dir, lessons_dir))``: the translated
    editions, built after the English chapters and checked with them.
    """
    parser = argparse.ArgumentParser(prog="python -m adamlib.course", description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=".", help="the course folder holding solutions/ and lessons/")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="from solutions/src/*.md: execute and write solutions/ and lessons/")
    build_cmd.add_argument("stems", nargs="*", help="only these chapters, e.g. 03 or 03_adagrad_rmsprop")
    build_cmd.add_argument("--discard-notebook-edits", action="store_true",
                           help="build even when a solution notebook holds edits its text source lacks")
    commands.add_parser("check", help="fail if solutions/ or lessons/ is out of date (no execution)")
    sync_cmd = commands.add_parser("sync", help="write edited solutions/NN.ipynb back to solutions/src/NN.md")
    sync_cmd.add_argument("stems", nargs="+", help="the chapters to sync, e.g. 03")
    dist_cmd = commands.add_parser("distribute", help="write the student distribution (no solutions) to DEST")
    dist_cmd.add_argument("dest", help="a new folder, or one an earlier `distribute` wrote (its .git is kept)")
    dist_cmd.add_argument("--commit", metavar="MESSAGE", help="also git-commit the result in DEST")
    for name, (help_text, add_arguments, _) in (extra_commands or {}).items():
        add_arguments(commands.add_parser(name, help=help_text))
    args = parser.parse_args(argv)

    root = Path(args.root)
    solutions_dir, lessons_dir = root / "solutions", root / "lessons"
    if not solutions_dir.is_dir():
        print(f"error: no solutions/ folder in {root.resolve()}; run from the course root", file=sys.stderr)
        return 2
    try:
        if args.command == "build":
            build(solutions_dir, lessons_dir, args.stems, discard_notebook_edits=args.discard_notebook_edits)
            if editions:
                editions[0](solutions_dir, lessons_dir, select(source_stems(solutions_dir), args.stems))
            return 0
        if args.command == "sync":
            sync(solutions_dir, args.stems)
            return 0
        if args.command in (extra_commands or {}):
            return extra_commands[args.command][2](root, args)
        if args.command == "distribute":
            from .distribution import distribute
            print(f"wrote the student distribution: {distribute(root, args.dest, args.commit)}")
            return 0
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (CellExecutionError, CellTimeoutError) as error:
        print(f"error: a cell failed, nothing was written for that chapter:\n{error}", file=sys.stderr)
        return 1
    except nbformat.ValidationError as error:
        print(f"error: invalid notebook: {error.message}", file=sys.stderr)
        return 1
    problems = drift(solutions_dir, lessons_dir) + (editions[1](solutions_dir, lessons_dir) if editions else [])
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("run: python -m adamlib.course build (or sync, if you edited a solution notebook)", file=sys.stderr)
        return 1
    print(f"ok: {len(source_stems(solutions_dir))} chapters: text sources, solutions and lessons agree")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
