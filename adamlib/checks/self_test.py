"""The self-test at the end of every lesson: 3-5 questions, checked at once, never graded.

Each lesson ends with a "Self-test" section: its questions in the text, and one cell where the
student writes the answers and checks them::

    def self_test_answers():
        answers = {1: ..., 2: ..., 3: ...}     # a number, or the letter of a choice
        return answers

    self_test("04", self_test_answers)

The check prints one line per question: right (with the reasoning, since a right answer may be
a lucky one), or which section of the lesson to reread; "not answered yet" for an answer still
``...``, and for the whole test while the function is the lesson's stub (it raises
``NotImplementedError``). It never raises and never grades, even under ``ADAMLIB_GRADING=1``: it is
for the student, not the instructor. A wrong answer does not get the right one: reread, then try
again.

The questions live here as data (:data:`QUESTIONS`), one list per lesson, each naming the section
that answers it by its heading, so a test can check that the section exists in the lesson.
"""
from __future__ import annotations

from dataclasses import dataclass

from .answers import _quietly, same_label, short
from .messages import wrap


@dataclass(frozen=True)
class Question:
    """One self-test question.

    ask:      the question in a few words (the lesson's text states it in full).
    answer:   the right number, or the letter of the right choice ("b").
    section:  the start of the heading of the lesson section that answers it ("2. The averages").
    why:      the reasoning, shown after a right answer.
    rtol:     a number within this relative distance of ``answer`` is right.
    choices:  for a choice question, {letter: the option's words}; the words are accepted too.
    """
    ask: str
    answer: object
    section: str
    why: str
    rtol: float = 0.02
    choices: dict | None = None

    def judge(self, given) -> bool:
        """True when ``given`` is right: the letter or the words of the right choice, or a number
        within ``rtol`` of the answer."""
        if self.choices:
            if not isinstance(given, str):
                return False
            letter = given.strip().strip("().").lower()
            if letter in self.choices:           # a letter: compared as is ("a" is also a filler word)
                return letter == self.answer
            return same_label(given, self.choices[self.answer])
        number = _as_number(given)
        if number is None:
            return False
        return abs(number - self.answer) <= self.rtol * abs(self.answer)


def _as_number(given):
    """``given`` as a float, or None: a number, a numeric string, or a fraction written "1/10"."""
    try:
        return float(given)
    except (TypeError, ValueError):
        pass
    if isinstance(given, str) and given.count("/") == 1:  # "1/10", "1 / 10": a fraction is a number too
        top, bottom = given.split("/")
        try:
            return float(top) / float(bottom)
        except (ValueError, ZeroDivisionError):
            return None
    return None


def _choice(**options):
    return dict(options)


QUESTIONS = {
    "00": [
        Question("the gradient at w = b = 0 if every y were doubled: how many times larger?", 2,
                 "Exercise: the gradient",
                 "At w = b = 0 the errors are -y, so the mean squared error's gradient, 2 mean(error * (x, 1)), "
                 "is linear in y: doubling every y doubles it."),
        Question("the squared error of the line y = x at the unseen point (5, 4)", 1, "Predicting unseen points",
                 "The line through (1, 1) and (2, 2) predicts 5 at x = 5; the true value is 4, so the squared "
                 "error is 1: a perfect fit to the training points is no promise about new ones."),
        Question("why the loss grew at lr = 0.3", "b", "The same thing with adamlib",
                 "Across the valley the loss is steep: each step jumps past the floor and lands higher on "
                 "the other wall than it started, so the error grows step after step.",
                 choices=_choice(a="the gradient is computed wrongly at large learning rates",
                                 b="each step overshoots the valley floor and lands higher on the other wall",
                                 c="the loss has no minimum")),
    ],
    "01": [
        Question("the largest lr that converges on f(x) = 5 x^2 (L = 10)", 0.2, "1. Which way is down",
                 "Each step multiplies x by 1 - lr L; that stays inside (-1, 1) for lr < 2 / L = 0.2."),
        Question("the worst factor per step at lr = 2 / (L + mu) for curvatures 0.5, 2 and 8", 15 / 17,
                 "3. Ravines: the condition number",
                 "Only the extreme curvatures count: kappa = 8 / 0.5 = 16, and the factor is "
                 "(kappa - 1) / (kappa + 1) = 15 / 17 = 0.882."),
        Question("the noise floor with B = 16, if it is 0.02 with B = 4 (same lr)", 0.005,
                 "4. Stochastic gradients and the noise floor", rtol=0.05,
                 why="The floor grows like the gradient noise's variance, which is 1/B of one example's: "
                     "four times the batch, a quarter of the floor."),
    ],
    "02": [
        Question("steps until an EMA with beta = 0.9, from 0, first exceeds 0.5 on a constant 1", 7,
                 "2. The exponential moving average", rtol=0,
                 why="After k steps the average is 1 - 0.9**k: 0.52 at k = 7, 0.47 at k = 6."),
        Question("torch's heavy ball at momentum 0.9 on a constant gradient: the step, in units of lr g", 10,
                 "3. Heavy-ball momentum",
                 "b = 0.9 b + g settles where b = 0.9 b + g, at b = g / (1 - 0.9) = 10 g."),
        Question("kappa = 100, judged by the two rates per step: how many times fewer steps for the heavy "
                 "ball than for GD, each at its rate-optimal settings", 10.0,
                 "4. Why momentum helps, and the best momentum", rtol=0.15,
                 why="Steps go like 1 / ln(1 / rate): GD's rate 99/101 gives 1 / 0.020, the heavy ball's "
                     "9/11 gives 1 / 0.201: about sqrt(kappa) = 10 times fewer. Section 4's table measured "
                     "346 against 58 steps, about 6 times fewer: at (lr*, momentum*) both extreme curvatures "
                     "sit on the window's edges (double roots), which costs the heavy ball steps its rate "
                     "does not count."),
    ],
    "03": [
        Question("AdaGrad's first step on a coordinate with gradient 0.003, in units of lr", 1,
                 "2. AdaGrad: divide by every gradient you have seen",
                 "The accumulator is g**2 after one step, so the step is lr g / sqrt(g**2) = lr, whatever "
                 "the size of g (eps aside)."),
        Question("AdaGrad, constant gradient: the length of step 100, in units of lr", 0.1,
                 "2. AdaGrad: divide by every gradient you have seen",
                 "After t steps the accumulator is t g**2, so step t is lr / sqrt(t): 0.1 at t = 100. "
                 "That shrinking is what RMSProp's forgetting removes."),
        Question("one coordinate's gradients multiplied by 1000: what happens to RMSProp's path", "a",
                 "4. Multiply one coordinate's gradient by 1000",
                 "Both the gradient and the square root of its average square grow 1000 times: their ratio, "
                 "the step, does not change (eps aside).",
                 choices=_choice(a="nothing (eps aside): the same path",
                                 b="steps 1000 times longer along it",
                                 c="steps 1000 times shorter along it")),
    ],
    "04": [
        Question("Adam's step on a constant gradient g = 50, in units of lr", 1,
                 "5. The first step is about",
                 "With both corrections m_hat = g and v_hat = g**2 at every step, so the step is "
                 "lr g / |g| = lr, whatever the gradient's scale."),
        Question("the first step, in units of lr, with m corrected but v not (beta2 = 0.999)", 1000 ** 0.5,
                 "2. The averages start at zero",
                 "v_1 = 0.001 g**2 uncorrected, so the step is lr g / sqrt(0.001 g**2) = sqrt(1000) lr = "
                 "31.6 lr: why v needs its correction."),
        Question("t of 20 paired differences with mean -0.3 and standard deviation 0.5", -0.3 / (0.5 / 20 ** 0.5),
                 "How to compare two methods fairly",
                 "The standard error of the mean difference is 0.5 / sqrt(20) = 0.112, so t = -0.3 / 0.112 = "
                 "-2.68: beyond the critical 2.09, a detectable difference."),
    ],
    "05": [
        Question("which learning rate to train with, from a validation sweep", "b",
                 "4. Which learning rate? A sweep on a validation set",
                 "The validation set stands for new data; the lowest training loss rewards a rate that fits "
                 "the training set, and the largest stable rate is a property of the loss, not of the fit.",
                 choices=_choice(a="the one with the lowest training loss",
                                 b="the one with the highest validation accuracy",
                                 c="the largest one that did not diverge")),
        Question("the most six sigmoid layers can shrink a gradient by (sigmoid' <= 0.25, weights aside)",
                 0.25 ** 6, "6. Vanishing and exploding gradients", rtol=0.05,
                 why="Each layer multiplies the gradient by a sigmoid's derivative, at most 0.25: "
                     "0.25**6 = 2.4e-4 after six."),
        Question("why Adam trains the deep sigmoid net where momentum stays at guessing", "b",
                 "6. Vanishing and exploding gradients",
                 "Adam divides each weight's gradient by its own root mean square, so an early layer's tiny "
                 "gradient still buys a step of about lr.",
                 choices=_choice(a="its momentum is stronger",
                                 b="it divides each weight's gradient by its own RMS, so early layers move too",
                                 c="it runs at a larger learning rate")),
    ],
    "06": [
        Question("which weights Adam + L2 decays least", "a", "2. AdamW",
                 "The penalty's gradient lam w passes through Adam's division by sqrt(v_hat): weights with "
                 "large gradients have a large v_hat and feel the least decay. AdamW decays all alike.",
                 choices=_choice(a="those with large gradients", b="those with small gradients",
                                 c="all weights alike")),
        Question("what is left of a weight of 1 after 10,000 AdamW steps of pure decay (lr 1e-3, lam 0.1)",
                 (1 - 1e-4) ** 10_000, "2. AdamW",
                 "torch multiplies by 1 - lr lam = 1 - 1e-4 each step: (1 - 1e-4)**10000 = exp(-1) = 0.37."),
        Question("where Adam ends on Reddi's problem with beta2 = 0.999 instead of 0.1", "b",
                 "1. When Adam fails to converge",
                 "With beta2 near 1, v remembers the rare large gradient C, so the small gradients no longer "
                 "buy steps as long as the large one's: Adam goes to the best point, -1.",
                 choices=_choice(a="at +1, the worst point", b="at -1, the best point", c="in the middle, at 0")),
    ],
    "07": [
        Question("GD's step on word B's logits (0.01 % of tokens) against word A's (1 %): how many times smaller",
                 100, "1. Why language models need Adam",
                 "A word's gradient is a sum over its tokens, proportional to its frequency: 1 % / 0.01 % = 100. "
                 "Adam's step is about lr for both."),
        Question("the factor clipping at global norm 1 applies to a gradient of norm 50", 0.02,
                 "3. Exploding gradients and clipping",
                 "Clipping rescales the whole gradient to norm 1: by 1 / 50 = 0.02, the direction kept."),
        Question("the smallest |update| that is not lost at w = 4 in bfloat16 (the gap there is 2**-5)", 2 ** -6,
                 "5. Precision", rtol=0.05,
                 why="A sum rounds to the nearest bfloat16: an update under half the gap, 2**-6 = 0.0156, "
                     "rounds back to w."),
    ],
    "08": [
        Question("Adafactor's second-moment numbers for a 1000 x 500 matrix", 1500,
                 "2. Adafactor: memory", rtol=0,
                 why="One statistic per row and one per column: 1000 + 500 = 1500, against Adam's 500,000."),
        Question("the RMS of Lion's update, in units of lr, when no entry is zero", 1, "3. Lion",
                 "Lion's update is lr sign(...): every entry is +-lr, so the RMS is exactly lr."),
        Question("where to evaluate a Schedule-Free model", "b", "5. Schedule-Free",
                 "Schedule-Free takes gradients at an interpolated point y, but the average x is the model it "
                 "trains: opt.eval_params(params, state) returns x.",
                 choices=_choice(a="at the point where it takes its gradients",
                                 b="at the average x, opt.eval_params(params, state)",
                                 c="at the last point with the lowest training loss")),
    ],
}
"""{lesson number: its questions, in the order the lesson numbers them (1, 2, ...)}."""


def self_test(lesson, answers):
    """Check the lesson's self-test and print one line per question; never raises, never grades.

    lesson:  the lesson's number as a string, "00" to "08".
    answers: {question number: your answer}, or a function returning that dict (the lesson's cell).
    """
    try:
        text = _report(lesson, answers)
    except Exception as error:  # formative: never stop the lesson
        text = f"self-test {lesson}: could not read your answers ({type(error).__name__}: {error})."
    print(text)


def _report(lesson, answers):
    if lesson not in QUESTIONS:
        raise ValueError(f"lesson must be one of {sorted(QUESTIONS)}, got {lesson!r}")
    questions = QUESTIONS[lesson]
    if callable(answers):
        try:
            answers = _quietly(answers)
        except NotImplementedError:
            answers = None
    if answers is None:
        return wrap(f"Self-test {lesson}: not answered yet. Write your answers in the cell above (and "
                    "delete its `raise NotImplementedError()` line), then run both cells again. Not graded.")
    if not isinstance(answers, dict):
        return wrap(f"Self-test {lesson}: your answers should be a dict {{1: ..., 2: ...}}, but they are "
                    f"a {type(answers).__name__}.")
    lines, right, answered = [], 0, 0
    for number, question in enumerate(questions, start=1):
        given = answers.get(number, answers.get(str(number), ...))
        if given is ... or given is None:
            lines.append(wrap(f"{number}. not answered yet."))
            continue
        answered += 1
        if question.judge(given):
            right += 1
            lines.append(wrap(f"{number}. {_shown(given)}: right.", question.why))
        else:
            lines.append(wrap(f"{number}. {_shown(given)}: not quite. Reread the section "
                              f"\"{question.section}...\" and try again."))
    head = f"Self-test {lesson} (not graded): {right} of {len(questions)} right"
    head += "." if answered == len(questions) else f", {len(questions) - answered} not answered yet."
    return "\n".join([head, *lines])


def _shown(given):
    return repr(given) if isinstance(given, str) else short(given, 4) if isinstance(given, (int, float)) else repr(given)
