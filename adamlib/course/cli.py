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
import sys
from pathlib import Path

import nbformat
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from .builder import build, sync
from .distribution import distribute
from .drift_check import drift
from .stems import select, source_stems


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
