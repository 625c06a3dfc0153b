"""Reasoning exercise of lesson 00 (welcome): one gradient-descent step, worked out by hand; and the
lesson's prediction (what does lr = 0.3 do?), whose explanations live here so that the lesson's
experiment cell does not show them while the student is still guessing.

    def loss_after_one_step():
        return ...            # the training loss after ONE step from w = b = 0 with lr = 0.1

    check_loss_after_one_step(loss_after_one_step)

The student writes the answer as a small function, so the lesson version (nbgrader's stub,
``raise NotImplementedError()``) still runs to the end. Each typical wrong value is the answer
with one classic slip (a sum for a mean, a missing factor 2, a step uphill, no learning rate),
computed here from the lesson's data, not typed in.
"""
from __future__ import annotations

import numpy as np

from .answer_functions import check_answer_function
from .answers import answer_of as answer_of  # re-exported: the lesson imports it from here for its predictions
from .answers import make_answer_check

# The set-up, as lesson 00 states it: the seed article's two training points, a start, a step size.
X_TRAIN, Y_TRAIN = np.array([1.0, 2.0]), np.array([1.0, 2.0])
START, LR = (0.0, 0.0), 0.1


def _loss(w, b, mean=True):
    squares = (w * X_TRAIN + b - Y_TRAIN) ** 2
    return float(squares.mean() if mean else squares.sum())


def _after_one_step(lr=LR, factor=2.0, mean=True):
    """The loss after one gradient step; ``factor`` 2 is the chain rule's, ``mean`` the 1/n."""
    w, b = START
    error = w * X_TRAIN + b - Y_TRAIN
    dw, db = factor * np.mean(error * X_TRAIN), factor * np.mean(error)
    return _loss(w - lr * dw, b - lr * db, mean=mean)


WRONG_ANSWERS = {
    _after_one_step(mean=False): "That is the SUM of the two squared errors; the loss is their MEAN "
                                 "(divide by n = 2).",
    _loss(*START): "That is the loss BEFORE the step, at the flat line w = b = 0.",
    _after_one_step(factor=1.0): "That is the loss after a step with half the gradient: the chain "
                                 "rule gives the derivative of r**2 as 2 r times that of r.",
    _after_one_step(lr=-LR): "That is the loss after a step UPHILL: gradient descent subtracts "
                             "lr times the gradient.",
    _after_one_step(lr=1.0): "That is the loss after subtracting the whole gradient: the step is "
                             "lr = 0.1 times the gradient.",
}

_check = make_answer_check(
    "loss_after_one_step", answer=_after_one_step, rtol=1e-3,
    wrong_answers=WRONG_ANSWERS,
    hint="Three small stages: the gradient at (0, 0), the new (w, b), then the loss there.",
    explain="At w = b = 0 the errors are (-1, -2), so the gradient is (-5, -3) and one step with "
            "lr = 0.1 gives (w, b) = (0.5, 0.3). The errors become (-0.2, -0.7), and the mean of "
            "their squares is (0.04 + 0.49) / 2 = 0.265.")


def check_loss_after_one_step(fn, hint=False):
    """Check your `loss_after_one_step` (a function returning one number); prints a verdict.

    `check_loss_after_one_step(loss_after_one_step, hint=True)` also shows how to work it out.
    """
    __tracebackhide__ = True
    check_answer_function(_check, fn, hint)


check_loss_after_one_step.answer = _check.answer


# --- the prediction: lr = 0.3 ------------------------------------------------------------------

LR_0_3_LABELS = {
    "diverges": ("blows up", "blow up", "blew up", "explodes", "grows without bound", "goes to infinity",
                 "unstable", "overflows", "nan", "inf", "infinity", "gets worse", "increases"),
    "faster": ("quicker", "converges faster", "reaches a low loss faster", "speeds up", "fast"),
    "slower": ("converges slower", "more slowly", "slow", "slows down"),
}
"""Each label the experiment can measure, and other wordings students use for it."""

LR_0_3_WRONG = {
    "faster": "Bigger steps help along the flat valley floor, but across the valley each step now "
              "overshoots the floor by more than it started from.",
    "slower": "Slower would mean the steps still shrink the error, only less per step; here they do not "
              "shrink it at all across the valley: each step lands further up the other wall.",
}

LR_0_3_WHY = ("The valley is steep across: a step of 0.3 times the gradient jumps past the floor to a "
              "higher point on the other wall, and each jump is larger than the last.")


LR_0_3_FEEDBACK = dict(wrong_predictions=LR_0_3_WRONG, why=LR_0_3_WHY, synonyms=LR_0_3_LABELS, why_when_right=True)
"""What ``check_prediction`` says about the lr = 0.3 prediction; the lesson's cell passes it as
``**LR_0_3_FEEDBACK``, so the explanations are not on screen while the student guesses."""


# --- reading a free-text prediction by its intent ------------------------------------------------

_DIVERGE_STEMS = ("diverg", "blow", "blew", "blown", "explod", "overshoot", "unstabl", "overflow",
                  "infinit", "nan", "inf")
_NEGATIONS = ("not", "no", "never", "doesn", "don", "won", "isn", "nor", "without", "instead")


_ZH_INTENTS = (("diverges", ("发散", "爆炸", "越来越大", "不收敛", "无穷", "冲出")),
               ("faster", ("更快", "变快", "快")), ("slower", ("更慢", "变慢", "慢")))


def _chinese_intent(said):
    """The label of a prediction written in Chinese (the Chinese edition asks for one in the student's own
    words), or None: 发散 / 爆炸 / 不收敛 mean "diverges", 更快 "faster", 更慢 "slower"; 不 just before a
    word negates it (不发散, 不会更快)."""
    for label, words in _ZH_INTENTS:
        for word in words:
            at = said.find(word)
            while at >= 0:
                if word == "不收敛" or not said[max(0, at - 2):at].endswith(("不", "不会", "没有")):
                    return label
                at = said.find(word, at + 1)
    return None


def lr_0_3_intent(said):
    """The label a free-text prediction for lr = 0.3 means, or None when it is unclear.

    Read by intent, not by exact words: any word of the diverge family (diverge, blow up, explode,
    overshoot, unstable, ...) that is not itself negated means "diverges", so "not faster, it
    diverges" and "it explodes" are both "diverges"; "faster" or "slower" count only when no
    negation stands just before them ("not faster" alone is no prediction of speed).
    """
    chinese = _chinese_intent(str(said))
    if chinese:
        return chinese
    words = "".join(c if c.isalnum() else " " for c in str(said).lower()).split()
    negated = [i > 0 and words[i - 1] in _NEGATIONS for i in range(len(words))]
    for i, word in enumerate(words):
        if word.startswith(_DIVERGE_STEMS) and not negated[i]:
            return "diverges"
    for label, stems in (("faster", ("faster", "quicker", "speed", "fast")),
                         ("slower", ("slower", "slow"))):
        if any(word.startswith(stems) and not negated[i]
               for i, word in enumerate(words)):
            return label
    return None


def lr_0_3_feedback(prediction):
    """What ``check_prediction`` needs to judge the lr = 0.3 prediction, reading the student's words
    by their intent (:func:`lr_0_3_intent`): ``LR_0_3_FEEDBACK`` with the student's own wording added
    to the synonyms of the label it means, so "not faster, it diverges" counts as "diverges".

        check_prediction("lr = 0.3", answer_of(predict_lr_0_3), measured, **lr_0_3_feedback(predict_lr_0_3))
    """
    try:  # quietly: check_prediction itself tells the student about a stub or a missing return
        said = prediction() if callable(prediction) else prediction
    except Exception:
        said = None
    intent = lr_0_3_intent(said) if isinstance(said, str) else None
    synonyms = {label: tuple(words) for label, words in LR_0_3_LABELS.items()}
    if intent is not None:
        synonyms[intent] = synonyms.get(intent, ()) + (said,)
    return dict(LR_0_3_FEEDBACK, synonyms=synonyms)
