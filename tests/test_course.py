"""adamlib.course: the lesson generator, the nbgrader metadata, and the drift test.

The drift test is the one that keeps the course honest: ``lessons/`` must be
exactly what ``python -m adamlib.course build`` makes from ``solutions/``.
"""
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from adamlib import course

pytest.importorskip("jupytext", reason="the chapters' text sources need jupytext: pip install -e '.[authors]'")
from adamlib.course.notebooks import read, write
from adamlib.course.text import read_text, write_text

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS, LESSONS = ROOT / "solutions", ROOT / "lessons"


def notebook(*cells):
    return new_notebook(cells=list(cells))


# --- clear_solutions: what the student sees ---------------------------------------


def test_region_becomes_the_code_stub_at_the_markers_indentation():
    source = (
        "def sgd_step(x, g, lr):\n"
        "    \"\"\"One step of gradient descent.\"\"\"\n"
        "    ### BEGIN SOLUTION\n"
        "    return x - lr * g\n"
        "    ### END SOLUTION"
    )
    assert course.clear_solutions(source) == (
        "def sgd_step(x, g, lr):\n"
        "    \"\"\"One step of gradient descent.\"\"\"\n"
        "    # YOUR CODE HERE\n"
        "    raise NotImplementedError()"
    )


def test_every_region_is_replaced_and_the_code_between_them_kept():
    source = (
        "def f(x):\n"
        "    ### BEGIN SOLUTION\n"
        "    return 2 * x\n"
        "    ### END SOLUTION\n"
        "\n"
        "def g(x):\n"
        "    if x > 0:\n"
        "        ### BEGIN SOLUTION\n"
        "        return x\n"
        "        ### END SOLUTION\n"
        "    return 0\n"
        "### BEGIN SOLUTION\n"
        "h = f\n"
        "### END SOLUTION"
    )
    assert course.clear_solutions(source) == (
        "def f(x):\n"
        "    # YOUR CODE HERE\n"
        "    raise NotImplementedError()\n"
        "\n"
        "def g(x):\n"
        "    if x > 0:\n"
        "        # YOUR CODE HERE\n"
        "        raise NotImplementedError()\n"
        "    return 0\n"
        "# YOUR CODE HERE\n"
        "raise NotImplementedError()"
    )


def test_markdown_region_becomes_the_text_stub():
    source = "Why does the step shrink?\n\n### BEGIN SOLUTION\nBecause v grows.\n### END SOLUTION\n"
    assert course.clear_solutions(source, "markdown") == "Why does the step shrink?\n\nYOUR ANSWER HERE\n"


def test_a_marker_inside_a_line_is_not_a_marker():
    source = 'print("### BEGIN SOLUTION is how regions start")'
    assert course.clear_solutions(source) == source


@pytest.mark.parametrize("source, problem", [
    ("### BEGIN SOLUTION\nx = 1\n", "without a matching"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n", "nested"),
])
def test_broken_regions_are_rejected_with_the_reason(source, problem):
    with pytest.raises(ValueError, match=problem):
        course.clear_solutions(source)


def test_lesson_keeps_every_cell_and_drops_every_output():
    solution = notebook(
        new_markdown_cell("# Title"),
        new_code_cell("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION",
                      execution_count=1),
        new_code_cell("print(1)", execution_count=2,
                      outputs=[nbformat.v4.new_output("stream", name="stdout", text="1\n")]),
    )
    lesson = course.make_lesson(solution)
    assert [c.cell_type for c in lesson.cells] == ["markdown", "code", "code"]
    assert lesson.cells[1].source == "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    assert lesson.cells[2].source == "print(1)"
    assert all(c.outputs == [] and c.execution_count is None for c in lesson.cells[1:])
    assert solution.cells[2].outputs, "the solution itself is left alone"


def test_generator_matches_nbgraders_clear_solutions():
    """Same cells through nbgrader's own ClearSolutions preprocessor: identical sources."""
    pytest.importorskip("nbgrader", reason="nbgrader is a CI-only dependency")
    from nbgrader.preprocessors import CheckCellMetadata, ClearSolutions

    solution = course.stamp_nbgrader(notebook(
        new_markdown_cell("# Title\n\nExplain.\n\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION"),
        new_code_cell("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n"
                      "def g(x):\n\t### BEGIN SOLUTION\n\treturn x\n\t### END SOLUTION"),
        new_code_cell("f = check_f(f)"),
        new_code_cell("print('plain cell')"),
    ))
    ours = course.make_lesson(solution)
    theirs, _ = CheckCellMetadata().preprocess(nbformat.from_dict(solution), {})
    theirs, _ = ClearSolutions().preprocess(theirs, {})
    assert [c.source for c in ours.cells] == [c.source for c in theirs.cells]


# --- nbgrader metadata on the solutions -----------------------------------------


def test_stamp_marks_solution_and_check_cells_and_nothing_else():
    nb = course.stamp_nbgrader(notebook(
        new_markdown_cell("# Title"),
        new_code_cell("import numpy as np"),
        new_code_cell("def adam_step(p, g):\n    ### BEGIN SOLUTION\n    return p\n    ### END SOLUTION"),
        new_code_cell("adam_step = check_adam_step(adam_step)"),
        new_code_cell("def check_mine(f):\n    return f"),
    ))
    roles = [c.metadata.get("nbgrader") for c in nb.cells]
    assert roles[0] is None and roles[1] is None and roles[4] is None
    assert roles[2] == {"grade": False, "grade_id": "adam_step", "locked": False,
                        "schema_version": 3, "solution": True, "task": False}
    assert roles[3] == {"grade": True, "grade_id": "check_adam_step", "locked": True, "points": 1,
                        "schema_version": 3, "solution": False, "task": False}


def test_grade_ids_are_unique_and_stale_metadata_is_replaced():
    stale = new_code_cell("print('no longer an exercise')")
    stale.metadata["nbgrader"] = {"grade": True, "grade_id": "old", "solution": False}
    nb = course.stamp_nbgrader(notebook(
        new_code_cell("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION"),
        new_code_cell("def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"),
        new_code_cell("f = check_f(f)"),
        new_code_cell("f = check_f(f)"),
        stale,
    ))
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells[:4]]
    assert ids == ["f", "f_2", "check_f", "check_f_2"]
    assert "nbgrader" not in nb.cells[4].metadata


# --- choosing chapters ----------------------------------------------------------------


def test_select_by_number_full_stem_or_path():
    stems = ["00_welcome", "03_adagrad_rmsprop", "04_adam"]
    assert course.select(stems, []) == stems
    assert course.select(stems, ["03"]) == ["03_adagrad_rmsprop"]
    assert course.select(stems, ["solutions/04_adam.ipynb", "00_welcome"]) == ["04_adam", "00_welcome"]
    with pytest.raises(ValueError, match="'07'"):
        course.select(stems, ["07"])


# --- build and check on a temporary course --------------------------------------------


def tiny_course(root):
    """A one-chapter course, as a text source, whose exercise is checked by a check defined in it."""
    write_text(notebook(
        new_markdown_cell("# Squares"),
        new_code_cell(
            "from pathlib import Path\n"
            "def check_square(f):\n"
            "    try:\n"
            "        ok = f(3) == 9\n"
            "    except NotImplementedError:\n"
            "        print('not done yet')\n"
            "        return lambda x: x * x\n"
            "    print('passed' if ok else 'wrong')\n"
            "    return f"
        ),
        new_code_cell("def square(x):\n    ### BEGIN SOLUTION\n    return x * x\n    ### END SOLUTION"),
        new_code_cell("square = check_square(square)"),
        new_code_cell("print(square(4), Path.cwd().name)"),
    ), root / "solutions" / "src" / "01_squares.md")
    return root / "solutions", root / "lessons"


def stdout_of(cell):
    return "".join(o.get("text", "") for o in cell.outputs)


def test_build_executes_the_solution_and_stores_the_lesson_clean(tmp_path):
    solutions, lessons = tiny_course(tmp_path)
    course.build(solutions, lessons, log=lambda line: None)
    solution, lesson = read(solutions / "01_squares.ipynb"), read(lessons / "01_squares.ipynb")
    assert stdout_of(solution.cells[3]) == "passed\n"
    assert stdout_of(solution.cells[4]) == "16 solutions\n", "executed in its own folder"
    assert all(c.outputs == [] and c.execution_count is None for c in lesson.cells if c.cell_type == "code")
    assert solution.cells[2].metadata["nbgrader"]["solution"] is True
    assert course.drift(solutions, lessons) == []


def test_build_refuses_a_lesson_whose_untouched_check_does_not_say_not_done(tmp_path):
    solutions, lessons = tiny_course(tmp_path)
    text = solutions / "src" / "01_squares.md"
    text.write_text(text.read_text().replace("print('not done yet')", "print('all good')"))
    with pytest.raises(ValueError, match=r"lessons/01_squares.ipynb, untouched: cell 3: .*'all good'"):
        course.build(solutions, lessons, log=lambda line: None)
    assert not (lessons / "01_squares.ipynb").exists(), "nothing written"


def test_untouched_check_problem_looks_at_graded_check_cells_only():
    check = course.stamp_nbgrader(notebook(new_code_cell("f = check_f(f)"))).cells[0]
    check.outputs = [nbformat.v4.new_output("stream", name="stdout", text="check_f: not done yet\n")]
    assert course.untouched_check_problem(check) is None
    check.outputs = [nbformat.v4.new_output("stream", name="stdout", text="check_f: correct\n")]
    assert "not done yet" in course.untouched_check_problem(check)
    prediction = course.stamp_nbgrader(notebook(new_code_cell("check_prediction('x', x, 3)"))).cells[0]
    assert "nbgrader" not in prediction.metadata, "a formative prediction is not graded"
    assert course.untouched_check_problem(prediction) is None


def test_build_is_reproducible_and_normalises_metadata(tmp_path):
    solutions, lessons = tiny_course(tmp_path)
    course.build(solutions, lessons, run=False, log=lambda line: None)
    nb = read(solutions / "01_squares.ipynb")
    nb.metadata["kernelspec"] = {"name": "myenv", "display_name": "My env", "language": "python"}
    nb.cells[1].metadata["ExecuteTime"] = {"end_time": "2024-01-01T00:00:00"}
    write(nb, solutions / "01_squares.ipynb")

    course.build(solutions, lessons, run=False, log=lambda line: None)
    first = [(p / "01_squares.ipynb").read_bytes() for p in (solutions, lessons)]
    course.build(solutions, lessons, run=False, log=lambda line: None)
    assert [(p / "01_squares.ipynb").read_bytes() for p in (solutions, lessons)] == first

    for folder in (solutions, lessons):
        nb = read(folder / "01_squares.ipynb")
        assert nb.metadata.kernelspec == {"display_name": "Python 3 (ipykernel)",
                                          "language": "python", "name": "python3"}
        assert [c.id for c in nb.cells] == [c.id for c in read_text(solutions / "src" / "01_squares.md").cells]
        assert all("ExecuteTime" not in c.metadata and "execution" not in c.metadata for c in nb.cells)


def test_cell_ids_are_stored_in_the_text_and_survive_an_inserted_cell(tmp_path):
    solutions, lessons = tiny_course(tmp_path)
    course.build(solutions, lessons, run=False, log=lambda line: None)
    before = [c.id for c in read(lessons / "01_squares.ipynb").cells]
    assert len(set(before)) == 5 and not any(i.startswith("cell-") for i in before)

    text = solutions / "src" / "01_squares.md"
    text.write_text(text.read_text().replace("+++", "A new paragraph.\n\n+++", 1))
    course.build(solutions, lessons, run=False, log=lambda line: None)
    for folder in (solutions, lessons):
        after = [c.id for c in read(folder / "01_squares.ipynb").cells]
        assert len(after) == 6 and len(set(after)) == 6, "every id unique"
        assert [i for i in after if i in before] == before, "the old cells kept their ids, in order"
    assert all(c.id in text.read_text() for c in read(lessons / "01_squares.ipynb").cells)


def test_the_cell_importing_the_checks_is_locked_for_nbgrader():
    nb = course.stamp_nbgrader(notebook(
        new_code_cell("import numpy as np\nfrom adamlib.checks import check_f"),
        new_code_cell("from adamlib import plotting"),
    ))
    assert nb.cells[0].metadata["nbgrader"] == {"grade": False, "grade_id": "imports", "locked": True,
                                                "schema_version": 3, "solution": False, "task": False}
    assert "nbgrader" not in nb.cells[1].metadata


def edit_solution_notebook(solutions, index, source):
    nb = read(solutions / "01_squares.ipynb")
    nb.cells[index].source = source
    write(nb, solutions / "01_squares.ipynb")


def test_check_names_the_notebook_and_cell_when_a_text_source_was_edited(tmp_path):
    solutions, lessons = tiny_course(tmp_path)
    course.build(solutions, lessons, run=False, log=lambda line: None)
    text = solutions / "src" / "01_squares.md"
    text.write_text(text.read_text().replace("print(square(4)", "print(square(5)"))

    [problem] = course.drift(solutions, lessons)
    assert problem.startswith("solutions/01_squares.ipynb is out of date with solutions/src/01_squares.md")
    assert "cell 4" in problem


def test_check_names_the_lesson_when_only_the_solution_notebook_changed(tmp_path):
    solutions, lessons = tiny_course(tmp_path)
    course.build(solutions, lessons, run=False, log=lambda line: None)
    nb = read(lessons / "01_squares.ipynb")
    nb.cells[4].source = "print(square(5))"
    write(nb, lessons / "01_squares.ipynb")

    [problem] = course.drift(solutions, lessons)
    assert "lessons/01_squares.ipynb" in problem and "cell 4" in problem


def test_check_catches_a_solution_whose_nbgrader_metadata_was_not_stamped(tmp_path):
    solutions, lessons = tiny_course(tmp_path)
    course.build(solutions, lessons, run=False, log=lambda line: None)
    nb = read(solutions / "01_squares.ipynb")
    del nb.cells[3].metadata["nbgrader"]
    write(nb, solutions / "01_squares.ipynb")
    [problem] = course.drift(solutions, lessons)
    assert "01_squares" in problem and "cell 3 (stale nbgrader metadata" in problem


def test_check_reports_missing_twins_and_ignores_outputs(tmp_path):
    solutions, lessons = tiny_course(tmp_path)
    course.build(solutions, lessons, run=False, log=lambda line: None)
    lesson = read(lessons / "01_squares.ipynb")
    lesson.cells[4].outputs = [nbformat.v4.new_output("stream", name="stdout", text="16\n")]
    write(lesson, lessons / "01_squares.ipynb")
    assert course.drift(solutions, lessons) == [], "outputs are not compared"

    shutil.copy(lessons / "01_squares.ipynb", lessons / "02_orphan.ipynb")
    shutil.copy(solutions / "01_squares.ipynb", solutions / "03_new.ipynb")
    shutil.copy(solutions / "src" / "01_squares.md", solutions / "src" / "04_draft.md")
    assert course.drift(solutions, lessons) == [
        "solutions/03_new.ipynb has no text source solutions/src/03_new.md",
        "lessons/02_orphan.ipynb has no solutions/02_orphan.ipynb",
        "solutions/src/04_draft.md has no solutions/04_draft.ipynb",
    ]


def test_check_command_exits_nonzero_naming_the_notebook(tmp_path, capsys):
    solutions, lessons = tiny_course(tmp_path)
    course.build(solutions, lessons, run=False, log=lambda line: None)
    assert course.main(["--root", str(tmp_path), "check"]) == 0
    text = solutions / "src" / "01_squares.md"
    text.write_text(text.read_text().replace("# Squares", "# Squares, revised"))
    assert course.main(["--root", str(tmp_path), "check"]) == 1
    assert "solutions/01_squares.ipynb" in capsys.readouterr().err


# --- the authoring loop: text -> build; notebook edit -> sync -> build ------------------


def test_text_source_round_trips_every_cell_tag_and_points(tmp_path):
    nb = notebook(
        new_markdown_cell("# T\n\nSome *prose*.\n\n```python\nx = 1\n```"),
        new_markdown_cell("A second markdown cell, right after the first."),
        new_code_cell("print(1)\n\n\nprint(2)", metadata={"tags": ["nbval-ignore-output"]}),
        new_code_cell("f = check_f(f)"),
    )
    nb.cells[3].metadata["nbgrader"] = {"grade": True, "grade_id": "check_f", "points": 3}
    back = read_text(tmp_path / "x.md") if write_text(nb, tmp_path / "x.md") else None
    assert [(c.cell_type, c.source) for c in back.cells] == [(c.cell_type, c.source) for c in nb.cells]
    assert back.cells[2].metadata == {"tags": ["nbval-ignore-output"]}
    assert back.cells[3].metadata == {"points": 3}
    assert course.stamp_nbgrader(back).cells[3].metadata["nbgrader"]["points"] == 3


def test_sync_writes_a_notebook_edit_back_to_the_text_and_build_keeps_it(tmp_path):
    solutions, lessons = tiny_course(tmp_path)
    course.build(solutions, lessons, run=False, log=lambda line: None)
    edit_solution_notebook(solutions, 0, "# Squares, edited in JupyterLab")

    course.sync(solutions, ["01"], log=lambda line: None)
    assert "# Squares, edited in JupyterLab" in (solutions / "src" / "01_squares.md").read_text()
    course.build(solutions, lessons, run=False, log=lambda line: None)
    assert read(lessons / "01_squares.ipynb").cells[0].source == "# Squares, edited in JupyterLab"
    assert course.drift(solutions, lessons) == []


def test_build_refuses_to_overwrite_an_unsynced_notebook_edit(tmp_path):
    solutions, lessons = tiny_course(tmp_path)
    course.build(solutions, lessons, run=False, log=lambda line: None)
    edit_solution_notebook(solutions, 4, "print('my unsaved idea')")

    with pytest.raises(ValueError, match=r"edited after its text source.*sync 01_squares"):
        course.build(solutions, lessons, run=False, log=lambda line: None)
    assert read(solutions / "01_squares.ipynb").cells[4].source == "print('my unsaved idea')"
    course.build(solutions, lessons, run=False, log=lambda line: None, discard_notebook_edits=True)
    assert read(solutions / "01_squares.ipynb").cells[4].source.startswith("print(square(4)")


# --- THE DRIFT TEST: the committed course ---------------------------------------------


def test_committed_lessons_are_exactly_what_build_generates():
    assert course.chapter_stems(SOLUTIONS), "no solutions/NN_*.ipynb found"
    assert course.drift(SOLUTIONS, LESSONS) == []


def test_every_committed_chapter_has_a_text_source_that_is_plain_markdown():
    stems = course.source_stems(SOLUTIONS)
    assert stems == course.chapter_stems(SOLUTIONS) == course.chapter_stems(LESSONS)
    for stem in stems:
        text = (SOLUTIONS / "src" / f"{stem}.md").read_text()
        first = next(line for line in text.split("\n") if line and not line.startswith("+++"))
        assert first.startswith("# "), f"{stem}.md should open with its title, not a metadata header"
        assert '"outputs"' not in text and "execution_count" not in text


def test_editing_a_committed_text_source_without_rebuilding_is_caught(tmp_path):
    shutil.copytree(SOLUTIONS, tmp_path / "solutions")
    shutil.copytree(LESSONS, tmp_path / "lessons")
    stem = course.source_stems(SOLUTIONS)[0]
    text = tmp_path / "solutions" / "src" / f"{stem}.md"
    text.write_text(text.read_text() + "\nAn edit nobody rebuilt.\n")
    [problem] = course.drift(tmp_path / "solutions", tmp_path / "lessons")
    assert f"solutions/{stem}.ipynb is out of date with solutions/src/{stem}.md" in problem


def test_editing_a_committed_solution_without_rebuilding_is_caught(tmp_path):
    shutil.copytree(SOLUTIONS, tmp_path / "solutions")
    shutil.copytree(LESSONS, tmp_path / "lessons")
    before = course.drift(tmp_path / "solutions", tmp_path / "lessons")
    clean = [s for s in course.chapter_stems(SOLUTIONS) if not any(f"/{s}.ipynb" in p for p in before)]
    assert clean, "no up-to-date chapter to edit"
    stem = clean[0]
    path = tmp_path / "solutions" / f"{stem}.ipynb"
    nb = read(path)
    last = len(nb.cells) - 1
    nb.cells[last].source += "\n# an edit nobody rebuilt"
    write(nb, path)

    after = course.drift(tmp_path / "solutions", tmp_path / "lessons")
    [new] = [p for p in after if p not in before]
    assert f"solutions/{stem}.ipynb is out of date" in new and f"cell {last}" in new


def test_normalise_joins_split_prints_and_drops_widget_views():
    from adamlib.course import notebooks

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print('a'); print('b'); playground('adam')")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a\n"),
        nbformat.v4.new_output("stream", name="stdout", text="b\n"),
        nbformat.v4.new_output("stream", name="stderr", text="w\n"),
        nbformat.v4.new_output("execute_result", execution_count=1, data={
            "text/plain": "<optimizer playground: preset 'adam'>",
            notebooks.WIDGET_VIEW_MIME: {"model_id": "f00", "version_major": 2, "version_minor": 0}}),
    ]
    nb.cells.append(cell)
    outputs = notebooks.normalise(nb).cells[0].outputs
    assert [(o.output_type, o.get("name")) for o in outputs] == [
        ("stream", "stdout"), ("stream", "stderr"), ("execute_result", None)]
    assert outputs[0].text == "a\nb\n"
    assert dict(outputs[2].data) == {"text/plain": "<optimizer playground: preset 'adam'>"}
