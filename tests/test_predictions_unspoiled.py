"""Predictions that predict: no lesson shows a prediction's answer before the student has predicted.

Reads every lesson as a student gets it (`lessons/NN_*.ipynb`) and, for each `check_prediction(...)`
cell, checks that

- the prediction is written in an earlier cell of its own (a function, whose body is the stub
  in the lesson: the solution's value is not there);
- the experiment cell shows only the call: the expected answer's explanations (``why=``,
  ``wrong_predictions=``, ``synonyms=``) live in adamlib, passed as ``**SOME_FEEDBACK``;
- every chapter has at least one prediction.

And, for every prediction's feedback kept in adamlib: a student who skips the prediction sees
"no prediction yet" and nothing of the explanation; a right prediction is told the reasoning
(it may have been a lucky guess), a wrong one the explanation.
"""
import json
import re
from pathlib import Path

import pytest

from adamlib.checks import check_prediction
from adamlib.checks.adam_reasoning import prediction_feedback
from adamlib.checks.beyond_adam_reasoning import ADAM_X_FEEDBACK, ADAMW_SHRINK_FEEDBACK
from adamlib.checks.deep_learning_reasoning import DEEP_ACCURACY_FEEDBACK, GAP_FEEDBACK
from adamlib.checks.momentum_reasoning import FASTEST_MOMENTUM_FEEDBACK
from adamlib.checks.practice_reasoning import BFLOAT16_FEEDBACK, RARE_LOSS_FEEDBACK
from adamlib.checks.sgd_reasoning import FLOOR_RATIO_FEEDBACK, LARGEST_LR_FEEDBACK
from adamlib.checks.welcome_reasoning import LR_0_3_FEEDBACK

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
SPOILERS = ("why=", "wrong_predictions=", "synonyms=")


def code_cells(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def predictions(cells):
    """(index of the check cell, name of the prediction function) for each check_prediction call."""
    found = []
    for i, source in enumerate(cells):
        for call in re.finditer(r"check_prediction\(", source):
            argument = re.search(r"answer_of\((\w+)\)", source[call.end():])
            found.append((i, argument.group(1) if argument else None))
    return found


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name[:2])
def test_every_lesson_has_a_prediction_whose_answer_is_not_on_screen(lesson):
    cells = code_cells(lesson)
    found = predictions(cells)
    assert found, f"{lesson.name}: every chapter has at least one prediction"
    for index, function in found:
        source = cells[index]
        for spoiler in SPOILERS:
            assert spoiler not in source, (f"{lesson.name}: the experiment cell passes {spoiler} in its "
                                           "source: move it into adamlib beside the lesson's checks")
        assert function, f"{lesson.name}: the prediction is read with answer_of(<the student's function>)"
        defined = [i for i, s in enumerate(cells) if re.search(rf"^def {function}\(", s, re.M)]
        assert defined and defined[0] < index, f"{lesson.name}: {function} is written in an earlier cell"
        stub = cells[defined[0]]
        assert "raise NotImplementedError()" in stub and "### BEGIN SOLUTION" not in stub, (
            f"{lesson.name}: {function}'s cell is the stub in the lesson, without the solution's value")
        assert f"def {function}(" not in source, f"{lesson.name}: the experiment is in a cell of its own"


FEEDBACK = {   # name: (feedback, the right prediction, a wrong one)
    "00 lr = 0.3": (LR_0_3_FEEDBACK, "diverges", "faster"),
    "02 fastest momentum": (FASTEST_MOMENTUM_FEEDBACK, "above", "at"),
    "01 largest lr": (LARGEST_LR_FEEDBACK, 0.5, 2.0),
    "01 floor ratio": (FLOOR_RATIO_FEEDBACK, 10.0, 1.0),
    "04 largest uncorrected step": (prediction_feedback("largest uncorrected step"), 7.0, 3.2),
    "04 Beale lead": (prediction_feedback("Beale lead"), 8.0, 1.0),
    "05 gap": (GAP_FEEDBACK, 0.2, 5),
    "05 deep accuracy": (DEEP_ACCURACY_FEEDBACK, 81.2, 10),
    "06 Adam's x": (ADAM_X_FEEDBACK, 1.0, -1),
    "06 AdamW's shrink": (ADAMW_SHRINK_FEEDBACK, 1.0, 0.06),
    "07 rare loss": (RARE_LOSS_FEEDBACK, 2.6, 0.3),
    "07 bfloat16": (BFLOAT16_FEEDBACK, 1.0, 1.49),
}


@pytest.mark.parametrize("name", FEEDBACK)
def test_a_skipped_prediction_sees_no_prediction_yet_and_no_explanation(name, capsys):
    feedback, right, _ = FEEDBACK[name]

    def stub():
        raise NotImplementedError()

    for skipped in (stub, ..., None):
        check_prediction(name, skipped, right, **feedback)
        out = capsys.readouterr().out
        assert "no prediction yet" in out
        assert feedback["why"][:40] not in " ".join(out.split())


@pytest.mark.parametrize("name", FEEDBACK)
def test_a_right_prediction_is_told_the_reasoning_and_a_wrong_one_the_explanation(name, capsys):
    feedback, right, wrong = FEEDBACK[name]
    check_prediction(name, right, right, **feedback)
    out = " ".join(capsys.readouterr().out.split())
    assert "Right; the reasoning" in out and feedback["why"][:40] in out and "Well reasoned" not in out
    check_prediction(name, wrong, right, **feedback)
    out = " ".join(capsys.readouterr().out.split())
    assert feedback["why"][:40] in out
    if wrong in feedback["wrong_predictions"]:
        assert " ".join(feedback["wrong_predictions"][wrong].split())[:40] in out


@pytest.mark.parametrize("said, side", [
    ("above beta*", "above"), ("larger than beta*", "above"), ("more than beta*", "above"),
    ("slightly above β*", "above"), ("Higher.", "above"), ("below beta*", "below"),
    ("smaller than beta*", "below"), ("less than momentum*", "below"), ("at beta*", "at"),
    ("exactly beta*", "at"), ("beta*", "at"), ("equal to beta*", "at")])
def test_lesson_02_reads_every_wording_of_a_side(said, side, capsys):
    """"above beta*" and "larger than beta*" say "above" (a review found them marked wrong)."""
    check_prediction("fastest", said, "above", **FASTEST_MOMENTUM_FEEDBACK)
    out = " ".join(capsys.readouterr().out.split())
    assert ("and so it is" in out) == (side == "above")
    assert "could not read" not in out
    if side != "above":
        assert " ".join(FASTEST_MOMENTUM_FEEDBACK["wrong_predictions"][side].split())[:40] in out


@pytest.mark.parametrize("said", ["0.6", "the same", "faster", "no idea"])
def test_lesson_02_says_when_it_cannot_read_a_prediction(said, capsys):
    check_prediction("fastest", said, "above", **FASTEST_MOMENTUM_FEEDBACK)
    out = " ".join(capsys.readouterr().out.split())
    assert "could not read" in out and "'below', 'at', 'above'" in out and "and so it is" not in out


@pytest.mark.parametrize("lesson", [p for p in LESSONS if p.name.startswith("02")], ids=lambda p: p.name[:2])
def test_a_prediction_is_checked_before_its_experiment_prints_anything(lesson):
    """A student who skipped the prediction is told so before the cell shows any result.
    (Lesson 02 only for now: 00, 01 and 07 still print a result first in one prediction cell each.)"""
    cells = code_cells(lesson)
    for index, _ in predictions(cells):
        source = cells[index]
        before = source[:source.index("check_prediction(")]
        assert not re.search(r"^\s*(print\(|figures\.|plt\.)", before, re.M), (
            f"{lesson.name}: cell {index} prints before check_prediction")
