"""What lesson 04's predictions are told: kept in adamlib, so the answer is not on screen while predicting.

``prediction_feedback(name)`` gives ``check_prediction``'s keywords for a prediction of the lesson;
``compare_prediction_in_decades`` judges a prediction on a scale in decades (Adam's lead over momentum).
"""
import math

from .answers import check_prediction
from .messages import wrap

# -- What the lesson's predictions are told (kept here, so the answer is not on screen while predicting) --
_PREDICTIONS = {
    "largest uncorrected step": dict(
        wrong_predictions={3.2: "That is the first step; m catches up with g in about 10 steps while "
                                "v is still far below g**2, so the ratio grows first."},
        why="The step is (1 - 0.9**t) / sqrt(1 - 0.999**t) times lr: the numerator reaches about 0.7 "
            "by t = 12 while the denominator is still about 0.11.",
        why_when_right=True),
    "Beale lead": dict(
        wrong_predictions={},
        why="GD and momentum must keep their learning rate below the limit set by Beale's steepest wall "
            "(from every start: one rate for all) and then crawl on its plateaus, where the gradient is "
            "tiny, while Adam's steps stay about lr long on both: after 300 steps its typical gap f - f* is "
            "near 1e-10 (the tuning curves' mean log10) and momentum's near 1e-2. The lead is several decades.",
        why_when_right=True),
}


def prediction_feedback(name):
    """The keywords ``wrong_predictions``, ``why`` and ``why_when_right`` of ``check_prediction`` for the
    lesson's prediction ``name`` (a right prediction is told the reasoning too: it may be a lucky guess)."""
    if name not in _PREDICTIONS:
        raise ValueError(f"name must be one of {sorted(_PREDICTIONS)}, got {name!r}")
    return dict(_PREDICTIONS[name])


def compare_prediction_in_decades(name, predicted, measured, *, most, tolerance=1.5, feedback="Beale lead"):
    """Tell a prediction on a scale in decades how it did: right within ``tolerance`` decades.

    A relative tolerance (a factor 2) is the wrong yardstick here: on a lead of 8 decades it accepts 4,
    a factor 10 000 off. ``most``: the largest value the measurement can take (Adam's score stops at
    the floor, -12, so the lead over a method is at most that method's mean score + 12); a prediction
    past it is told so by name. Formative, like ``check_prediction``: prints, never raises; a missing or
    non-numeric prediction gets ``check_prediction``'s messages. ``feedback``: the ``why`` of
    ``prediction_feedback``, printed when the prediction is off.
    """
    try:
        guess = float(predicted)
    except (TypeError, ValueError):
        guess = math.nan
    if not math.isfinite(guess):
        return check_prediction(name, predicted, measured, **prediction_feedback(feedback))
    head = f"{name}: you predicted {guess:.3g}, the experiment measured {measured:.3g}"
    if abs(guess - measured) <= tolerance:
        print(wrap(f"{head}: within {tolerance:g} decades. Well reasoned!"))
        return None
    if guess > most:
        meaning = (f"No lead can be that large here: Adam's score stops at the floor, -12 (f - f* = 1e-12), and "
                   f"momentum's mean score is {most - 12:.2g}, so the lead is at most {most:.3g} decades; yours "
                   "would put Adam below the floor.")
    else:
        off = abs(guess - measured)
        meaning = (f"Yours is {off:.2g} decades too {'high' if guess > measured else 'low'}: a factor of about "
                   f"{10 ** off:.2g} in f - f*.")
    print(wrap(f"{head}.", meaning, prediction_feedback(feedback)["why"]))
    return None
