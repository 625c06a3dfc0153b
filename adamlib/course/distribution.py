"""The student distribution: what a graded class gets, without the solutions.

    python -m adamlib.course distribute DEST [--commit MESSAGE]

writes into ``DEST`` the lessons, the library and what installs it, and nothing
else (no ``solutions/``, no tests, no chapter sources):

    lessons/            the notebooks students work in (exercise stubs, stored outputs)
    lessons/adamlib     a symlink to ../adamlib (see below)
    adamlib/            the course library
    requirements.txt, runtime.txt, pyproject.toml   the environment (`pip install -r requirements.txt`)
    LICENSE, LICENSE-CONTENT.md, README.md           licences; a short README for students

The instructor publishes ``DEST`` as a git repository and points nbgitpuller
links at it (INSTRUCTORS.md). For a mid-term update, run ``distribute`` again
into the same ``DEST``: its ``.git`` is kept, so the update is one more commit
on the same history and nbgitpuller merges it into every student's copy.

Why ``lessons/adamlib``: a Jupyter kernel starts in the notebook's folder and
puts that folder first on ``sys.path``, so ``import adamlib`` in a lesson finds
the student's own pulled copy of the library, and a mid-term change to
``adamlib`` reaches every student with the next pull, with no install in their
environment and no change to the notebooks.

Self-study (the main repository, Binder) keeps ``solutions/``. The lessons' few lines that point
readers to ``solutions/`` (lesson 00 introduces it) are rewritten in the distribution for a class that
has no such folder (``SOLUTIONS_LINE``); the repository's own lessons keep them.
"""
import shutil
import subprocess
from pathlib import Path

from .chapters import BEGIN_SOLUTION, END_SOLUTION
from .links import ISSUES_URL
from .notebooks import read, write

EDITIONS = ("zh",)  # lessons/<language>/: a translated edition's lessons, handed out with the English ones
# Marks a folder written by ``distribute``: only such a folder is ever emptied and rewritten.
MARKER = ".adam-course-distribution"
TOP_FILES = ("requirements.txt", "runtime.txt", "pyproject.toml", "LICENSE", "LICENSE-CONTENT.md")
SKIPPED = ("__pycache__", ".ipynb_checkpoints", "*.pyc", "*.egg-info")
GITIGNORE = "__pycache__/\n.ipynb_checkpoints/\n*.egg-info/\n"

# What a class's lessons say instead of pointing to solutions/, which a class does not get. A
# markdown line is replaced when it starts (after its indentation) with the key; matching the start
# keeps working when an author rewords the rest of the sentence.
SOLUTIONS_LINE = {
    "Every chapter exists twice": "Every chapter is in `lessons/`, where you work:",
    "每一章都有两份": "每一章都在 `lessons/` 中，你在这里动手：",
    "- `solutions/` 是": "- 你们班的课程副本没有 `solutions/` 文件夹：卡住时，可以向检查要提示（见下文），或者问你的老师。",
    "- `solutions/`": ("- Your class's copy of the course has no `solutions/` folder: when you are stuck, "
                       "ask a check for a hint (below) or ask your instructor."),
}

README = """# Adam, from the ground up: the lessons

Open `lessons/00_welcome.ipynb` and work through the lessons in order. An exercise is a function
whose body reads `# YOUR CODE HERE` / `raise NotImplementedError()`: replace those two lines with
your code and run the check in the cell below it. The check tells you what is right or which
mistake it recognises; until your answer passes, the lesson goes on with the course's reference.

**Updates.** Your instructor may update the lessons during the term. Clicking the course link
again brings the update in and keeps your own changes: where you and the update changed the same
lines, your version wins.

**Start a file afresh.** Rename (or delete) the file, for example `lessons/01_sgd.ipynb` to
`01_sgd-mine.ipynb`, then click the course link again: the original comes back beside your copy.

**A problem?** A check that misjudges your answer, a lesson that fails: tell your instructor, or
report it at {issues}.

**Licence.** Code: MIT (`LICENSE`). Text and figures: CC BY 4.0 (`LICENSE-CONTENT.md`).
"""


def distribute(root, dest, commit_message=None):
    """Write the student distribution of the course at ``root`` into ``dest``; return ``dest``.

    ``dest`` must not exist, be empty, or hold an earlier distribution (its ``.git`` is kept).
    With ``commit_message``, ``dest`` becomes (or stays) a git repository and the result is
    committed. Raises ``ValueError`` when ``dest`` is another non-empty folder, when ``root``
    is not a course, or when any solution text would end up in ``dest``.
    """
    root, dest = Path(root).resolve(), Path(dest).resolve()
    if not (root / "lessons").is_dir() or not (root / "adamlib").is_dir():
        raise ValueError(f"root: {root} has no lessons/ and adamlib/; run from the course root")
    if dest == root or root in dest.parents:
        raise ValueError(f"dest: {dest} is inside the course folder; choose a folder outside it")
    _clear(dest)
    ignore = shutil.ignore_patterns(*SKIPPED)
    shutil.copytree(root / "lessons", dest / "lessons", ignore=ignore, dirs_exist_ok=True)
    shutil.copytree(root / "adamlib", dest / "adamlib", ignore=ignore, dirs_exist_ok=True)
    for lesson in sorted((dest / "lessons").glob("*.ipynb")) + sorted((dest / "lessons").glob("*/*.ipynb")):
        _without_solutions_folder(lesson)
    (dest / "lessons" / "adamlib").symlink_to(Path("..") / "adamlib")
    for edition in EDITIONS:  # a kernel started in lessons/zh/ finds the library the same way
        if (dest / "lessons" / edition).is_dir():
            (dest / "lessons" / edition / "adamlib").symlink_to(Path("..") / ".." / "adamlib")
    for name in TOP_FILES:
        if (root / name).exists():
            shutil.copy2(root / name, dest / name)
    (dest / "README.md").write_text(README.format(issues=ISSUES_URL), encoding="utf-8")
    (dest / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    (dest / MARKER).write_text("Written by `python -m adamlib.course distribute`; "
                               "running it again replaces everything here but .git/.\n")
    leaks = solution_leaks(dest, root / "solutions")
    if leaks:
        raise ValueError("solution text would be handed out: " + "; ".join(leaks[:5]))
    if commit_message:
        _commit(dest, commit_message)
    return dest


def student_line(line):
    """``line`` as a class's lesson says it: rewritten if it points to ``solutions/`` (see SOLUTIONS_LINE)."""
    stripped = line.lstrip()
    for start, instead in SOLUTIONS_LINE.items():
        if stripped.startswith(start):
            return line[: len(line) - len(stripped)] + instead
    return line


def _without_solutions_folder(path):
    """Rewrite, in place, the markdown lines of the lesson at ``path`` that point to ``solutions/``.
    A lesson with no such line is left byte for byte as it was."""
    nb = read(path)
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "solutions/" in cell.source:
            source = "\n".join(student_line(line) for line in cell.source.split("\n"))
            changed |= source != cell.source
            cell.source = source
    if changed:
        write(nb, path)


def _clear(dest):
    """Make ``dest`` an empty folder, keeping ``.git``; refuse a folder we did not write."""
    if dest.exists():
        children = [p for p in dest.iterdir() if p.name != ".git"]
        if children and not (dest / MARKER).exists():
            raise ValueError(f"dest: {dest} is not empty and holds no earlier student distribution "
                             f"(no {MARKER}); give a new or empty folder")
        for child in children:
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    dest.mkdir(parents=True, exist_ok=True)


def _commit(dest, message):
    """``git add -A && git commit`` in ``dest`` (a new repository on branch main if needed)."""
    def git(*args, check=True):
        return subprocess.run(["git", *args], cwd=dest, check=check, capture_output=True, text=True)
    if not (dest / ".git").exists():
        git("init", "-q", "-b", "main")
    git("add", "-A")
    if git("diff", "--cached", "--quiet", check=False).returncode == 0:
        return  # nothing changed since the last commit
    who = [] if git("config", "user.name", check=False).stdout.strip() else [
        "-c", "user.name=Adam course", "-c", "user.email=adam-course@localhost"]
    git(*who, "commit", "-q", "-m", message)


# --- the guard: no solution text in a distribution ------------------------------------


def solution_texts(solutions_dir):
    """The body of every ``BEGIN SOLUTION`` ... ``END SOLUTION`` region in ``solutions_dir``.

    Each body is returned normalised (lines stripped, blank lines dropped, joined by newlines).
    """
    texts = []
    solutions_dir = Path(solutions_dir)  # and its translated editions' (solutions/zh/...), named alike
    for path in sorted(solutions_dir.glob("*.ipynb")) + sorted(solutions_dir.glob("[a-z][a-z]/*.ipynb")):
        for cell in read(path).cells:
            inside, body = False, []
            for line in cell.source.split("\n"):
                if line.strip() == BEGIN_SOLUTION:
                    inside, body = True, []
                elif line.strip() == END_SOLUTION:
                    inside = False
                    if body:
                        texts.append((path.name, "\n".join(body)))
                elif inside and line.strip():
                    body.append(line.strip())
    return texts


def solution_leaks(dest, solutions_dir):
    """Problems that make ``dest`` hand out solutions, as phrases; [] if none.

    A leak is a ``solutions`` folder or a notebook outside ``lessons/``; a lesson that holds a
    ``BEGIN SOLUTION`` marker or the body of one of its own chapter's solution regions; or any
    other file (README, ...) holding the body of any solution region. ``adamlib/`` is not
    searched: the library carries the reference answers the checks fall back on (``adamlib.steps``),
    by design; INSTRUCTORS.md says what that means for graded work. Nor are other chapters'
    answers searched in a lesson: lesson 03 may show an SGD step, which is lesson 01's exercise.
    """
    dest = Path(dest)
    leaks = []
    bodies = solution_texts(solutions_dir)
    for path in sorted(dest.rglob("*")):
        relative = path.relative_to(dest)
        if relative.parts[0] in (".git", "adamlib") or path.is_symlink():
            continue
        if path.name == "solutions":
            leaks.append(f"{relative} is a solutions folder")
        if not path.is_file():
            continue
        if path.suffix == ".ipynb":
            if relative.parts[0] != "lessons" or len(relative.parts) > 3 or (
                    len(relative.parts) == 3 and relative.parts[1] not in EDITIONS):
                leaks.append(f"{relative} is a notebook outside lessons/")
            cells = read(path).cells
            if any(line.strip() == BEGIN_SOLUTION for c in cells for line in c.source.split("\n")):
                leaks.append(f"{relative} holds a {BEGIN_SOLUTION!r} region")
            text = "\n".join(c.source for c in cells)
            searched = [(nb, body) for nb, body in bodies if nb == path.name]
        else:
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue  # binary data, not text
            searched = bodies
        flat = "\n".join(line.strip() for line in text.split("\n") if line.strip())
        leaks.extend(f"{relative} contains a solution of {notebook}: {body.splitlines()[0][:60]!r}"
                     for notebook, body in searched if body in flat)
    return leaks
