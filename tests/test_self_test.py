"""The self-tests at the end of lessons 00-08 (adamlib.checks.self_test): a right answer is accepted
with its reasoning, a wrong one is told which section to reread (and not the answer), an unanswered
test says so and goes on, nothing ever raises or grades, and every section named exists in its lesson."""
import json
import re
from pathlib import Path

import pytest

from adamlib.checks.self_test import QUESTIONS, Question, self_test

ROOT = Path(__file__).resolve().parents[1]
LESSONS = {p.name[:2]: p for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")}
CASES = [(lesson, n) for lesson, questions in QUESTIONS.items() for n in range(1, len(questions) + 1)]


def said(capsys, lesson, answers):
    self_test(lesson, answers)
    return capsys.readouterr().out


def right_answer(question):
    return question.answer


def wrong_answer(question):
    if question.choices:
        return next(letter for letter in question.choices if letter != question.answer)
    return question.answer * 3 + 1


def test_every_lesson_has_three_to_five_questions():
    assert sorted(QUESTIONS) == [f"{n:02d}" for n in range(9)]
    assert all(3 <= len(questions) <= 5 for questions in QUESTIONS.values())


@pytest.mark.parametrize("lesson, number", CASES)
def test_a_right_answer_is_accepted_with_its_reasoning(lesson, number, capsys):
    question = QUESTIONS[lesson][number - 1]
    out = said(capsys, lesson, {number: right_answer(question)})
    line = out.split(f"\n{number}. ")[1]
    assert ": right." in line.split("\n")[0]
    assert question.why.split()[0] in line


@pytest.mark.parametrize("lesson, number", CASES)
def test_a_wrong_answer_is_told_which_section_to_reread_and_not_the_answer(lesson, number, capsys):
    question = QUESTIONS[lesson][number - 1]
    out = said(capsys, lesson, {number: wrong_answer(question)})
    line = " ".join(out.split(f"\n{number}. ")[1].split())
    assert "not quite" in line and f'Reread the section "{question.section}' in line
    assert question.why[:30] not in " ".join(out.split())


@pytest.mark.parametrize("lesson, number", CASES)
def test_the_section_named_is_a_heading_of_the_lesson(lesson, number):
    question = QUESTIONS[lesson][number - 1]
    notebook = json.loads(LESSONS[lesson].read_text(encoding="utf-8"))
    headings = [m.group(1) for c in notebook["cells"] if c["cell_type"] == "markdown"
                for m in re.finditer(r"^#+\s+(.+)$", "".join(c["source"]), re.M)]
    assert any(h.startswith(question.section) for h in headings), (lesson, question.section)


def test_an_unanswered_test_says_so_and_goes_on(capsys):
    def stub():
        raise NotImplementedError()
    for answers in (stub, None):
        assert "not answered yet" in said(capsys, "04", answers)
    out = said(capsys, "04", {1: 1, 2: ..., 3: None})
    assert "1 of 3 right, 2 not answered yet" in out and out.count("not answered yet.") == 3


def test_choices_accept_the_letter_or_the_words_and_numbers_their_tolerance():
    q = Question("q", "a", "1. S", "because", choices={"a": "the same path", "b": "longer steps"})
    assert q.judge("a") and q.judge("(A)") and q.judge("The same path") and not q.judge("b")
    assert not q.judge(1) and not q.judge("longer steps")
    n = Question("q", 0.2, "1. S", "because", rtol=0.02)
    assert n.judge(0.2) and n.judge("0.201") and not n.judge(0.21) and not n.judge("fast") and not n.judge(None)


def test_it_never_raises_not_even_when_grading(capsys, monkeypatch):
    monkeypatch.setenv("ADAMLIB_GRADING", "1")
    assert "should be a dict" in said(capsys, "01", [0.2])
    assert "not quite" in said(capsys, "01", {1: 99})
    assert "could not read" in said(capsys, "99", {})

    def broken():
        raise ZeroDivisionError("oops")
    said(capsys, "01", broken)


@pytest.mark.parametrize("lesson", sorted(QUESTIONS))
def test_each_lesson_ends_with_its_self_test_cell_and_the_lesson_leaves_the_answers_empty(lesson):
    cells = [c for c in json.loads(LESSONS[lesson].read_text(encoding="utf-8"))["cells"]]
    sources = ["".join(c["source"]) for c in cells]
    calls = [i for i, s in enumerate(sources) if f'self_test("{lesson}", self_test_answers)' in s]
    assert calls, f"lesson {lesson} has no self-test cell"
    answers = next(s for s in sources if s.startswith("def self_test_answers"))
    assert "raise NotImplementedError()" in answers and "### BEGIN SOLUTION" not in answers
    assert any(re.match(r"^## Self-test", s) for s in sources), "a Self-test section heading"


def test_lesson_02_question_3_has_one_answer_and_names_the_measured_ratio():
    """The question asks about the two rates (10 times fewer steps), and says so, because section 4's table
    measures another ratio at kappa = 100 (346 / 58, about 6, with the double roots' extra steps): a reader
    of the table must not be told "reread section 4" for a question that did not say which it meant."""
    question = QUESTIONS["02"][2]
    assert "rates" in question.ask
    assert question.judge(10) and not question.judge(346 / 58)
    assert "346" in question.why and "58" in question.why
    text = (ROOT / "solutions" / "src" / "02_momentum.md").read_text()
    assert "judged by their rates per step alone" in text


def test_a_fraction_written_as_a_string_is_a_number():
    """Review 03c P13: "1/10" for lesson 03's step-100 question (answer 0.1) was marked wrong."""
    question = Question("a length in units of lr", 0.1, "2. AdaGrad", "why")
    assert question.judge("1/10") and question.judge(" 1 / 10 ") and question.judge("0.1")
    assert not question.judge("1/9") and not question.judge("1/0") and not question.judge("a/b")
