"""Every stored notebook is clean: what a student reads is stable, relevant and safe to publish.

nbval (run by bare ``pytest``) checks that the stored outputs are what the
code produces; these tests check that those outputs are worth storing.
"""
import re
from pathlib import Path

import pytest

from adamlib import course
from adamlib.course.notebooks import read

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "solutions").glob("*.ipynb")) + sorted((ROOT / "lessons").glob("*.ipynb"))
IDS = [p.relative_to(ROOT).as_posix() for p in NOTEBOOKS]

TEXT_MIME = ("text/plain", "text/html", "text/markdown", "text/latex")
ABSOLUTE_PATH = re.compile(r"(?<![\w.~/-])/(work|home|root)\b|\b[A-Za-z]:\\")
FORBIDDEN_IN_OUTPUTS = {
    "an object address (format or hide the object)": re.compile(r"0x[0-9a-fA-F]{6,}"),
    "a timing (it changes on every run)": re.compile(r"\d+(\.\d+)? ?(ms|s|µs|us|ns) per|Wall time|CPU times"),
    "a numpy scalar repr (format the number yourself)": re.compile(r"np\.(float|int)\d*\("),
    "a warning (fix its cause or silence it where it is expected)": re.compile(r"\b\w*Warning\b"),
}


def output_texts(cell):
    """The text of every output of a code cell: streams, results, display text, errors."""
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            yield output.text
        elif output.output_type == "error":
            yield "\n".join(output.traceback)
        else:
            for mime in TEXT_MIME:
                value = output.get("data", {}).get(mime)
                if value:
                    yield value if isinstance(value, str) else "".join(value)


@pytest.fixture(params=NOTEBOOKS, ids=IDS)
def notebook(request):
    return request.param, read(request.param)


def test_sources_and_outputs_have_no_absolute_paths(notebook):
    path, nb = notebook
    for index, cell in enumerate(nb.cells):
        for text in [cell.source, *output_texts(cell)]:
            found = ABSOLUTE_PATH.search(text)
            assert not found, f"{path.name} cell {index}: absolute path {found.group(0)!r}"


def test_no_stored_errors_or_stderr(notebook):
    path, nb = notebook
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{path.name} cell {index}: stored error {output.ename}"
            assert output.get("name") != "stderr", f"{path.name} cell {index}: stderr output {output.text!r}"


@pytest.mark.parametrize("what", FORBIDDEN_IN_OUTPUTS)
def test_outputs_are_stable_text_a_reader_needs(notebook, what):
    path, nb = notebook
    pattern = FORBIDDEN_IN_OUTPUTS[what]
    for index, cell in enumerate(nb.cells):
        for text in output_texts(cell):
            found = pattern.search(text)
            assert not found, f"{path.name} cell {index}: output shows {what}: {found.group(0)!r}"


def test_no_stored_widget_views_that_would_show_model_not_found(notebook):
    # The widget's model lives in a running kernel; a stored view of it opens as
    # "Error displaying widget: model not found" until the cell is run again.
    path, nb = notebook
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            assert "application/vnd.jupyter.widget-view+json" not in output.get("data", {}), (
                f"{path.name} cell {index}: stored widget view")


def test_kernelspec_is_python3(notebook):
    path, nb = notebook
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", path.name


def test_starts_with_a_markdown_title(notebook):
    path, nb = notebook
    first = nb.cells[0]
    assert first.cell_type == "markdown", f"{path.name} starts with a {first.cell_type} cell"
    assert re.match(r"# \S", first.source), f"{path.name}: the first cell must start with '# Title'"


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*.ipynb")), ids=lambda p: p.name)
def test_every_solution_code_cell_was_run_in_order(path):
    """Stored outputs come from one top-to-bottom run (what build does), not from a session's history."""
    nb = read(path)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: execution counts {counts}"


def test_lessons_hold_no_solution_text():
    for path in sorted((ROOT / "lessons").glob("*.ipynb")):
        for index, cell in enumerate(read(path).cells):
            for marker in (course.BEGIN_SOLUTION, course.END_SOLUTION):
                assert marker not in cell.source, f"lessons/{path.name} cell {index} contains {marker!r}"


def test_every_solution_has_a_lesson_and_every_lesson_a_solution():
    solutions = {p.name for p in (ROOT / "solutions").glob("*.ipynb")}
    lessons = {p.name for p in (ROOT / "lessons").glob("*.ipynb")}
    assert solutions, "no notebooks in solutions/"
    assert solutions == lessons, f"only in solutions/: {solutions - lessons}; only in lessons/: {lessons - solutions}"


@pytest.mark.parametrize("path", sorted((ROOT / "lessons").glob("*.ipynb")), ids=lambda p: p.name)
def test_lessons_open_clean_with_nothing_answered(path):
    """A student opening a lesson sees no outputs and no [4], [5]: not even the checks' "not done yet"."""
    for index, cell in enumerate(read(path).cells):
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name} cell {index} has outputs"
