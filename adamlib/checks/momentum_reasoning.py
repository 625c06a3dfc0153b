"""Lesson 02's new exercises: heavy ball's optimal (lr, momentum), and ``nesterov_step``.

Reasoning (the student derives, the lesson then measures)::

    def lr_star():
        return ...        # heavy ball's rate-optimal lr for the lesson's ravine, mu = 0.02 and L = 1
    check_lr_star(lr_star)          # and momentum_star / check_momentum_star alike

Implementation::

    nesterov_step = check_nesterov_step(nesterov_step)   # torch's SGD(momentum, nesterov=True)

Every wrong value is computed from mu and L with one classic slip, not typed in.
"""
from __future__ import annotations


from .. import optim, theory
from ..steps import nesterov_step
from .answer_functions import check_answer_function
from .answers import answer_of as answer_of  # re-exported: the lesson imports it from here for its predictions
from .answers import make_answer_check
from .engine import Exercise, Mistake, make_check, optimizer_cases

MU, L = 0.02, 1.0   # the ravine of lessons 01-02
_lr_star, _momentum_star, _rate = theory.heavy_ball_optimal(L, MU)
_kappa = L / MU

LR_WRONG = {
    2 / (L + MU): "That is gradient descent's rate-optimal lr, 2 / (L + mu). With momentum the window of "
                  "spiralling curvatures reaches further: solve the two edge conditions for lr.",
    1 / L: "That is the lr that solves the steep direction in one step without momentum.",
    2 / L: "That is gradient descent's stability limit, not heavy ball's rate-optimal lr.",
    4 / (L + MU): "You added L and mu before taking square roots: the conditions are on sqrt(lr * mu) "
                  "and sqrt(lr * L).",
    2 * (1 + _momentum_star) / L: "That is heavy ball's stability limit 2 (1 + beta) / L at beta*: the "
                                  "largest lr that does not diverge, not the fastest one.",
}
MOMENTUM_WRONG = {
    _rate: "That is sqrt(momentum*), the RATE per step (the modulus of the complex roots): square it.",
    (_kappa - 1) / (_kappa + 1): "That is gradient descent's rate (kappa - 1) / (kappa + 1), without square "
                                 "roots of kappa.",
    0.9: "0.9 is the common default, not the rate-optimal momentum for this ravine.",
    ((_kappa - 1) / (_kappa + 1)) ** 2: "That squares gradient descent's rate; the formula has the square "
                                        "ROOT of kappa inside.",
    (1 - 2 / _kappa ** 0.5) ** 2: "That uses the approximation sqrt(beta) = 1 - 2 / sqrt(kappa), good only "
                                  "for a large kappa; here sqrt(kappa) = 7.07, so solve the two conditions "
                                  "exactly.",
}
_explain_common = ("The two edge conditions sqrt(lr * mu) = 1 - sqrt(beta) and sqrt(lr * L) = 1 + sqrt(beta) "
                   "add to sqrt(lr) (sqrt(L) + sqrt(mu)) = 2 and subtract to sqrt(lr) (sqrt(L) - sqrt(mu)) "
                   "= 2 sqrt(beta).")
_check_lr = make_answer_check(
    "lr_star", answer=_lr_star, rtol=2e-3, wrong_answers=LR_WRONG,
    hint="Two equations (the window's two edges), two unknowns: add them to get rid of beta.",
    explain=f"{_explain_common} So lr* = 4 / (sqrt(L) + sqrt(mu))**2 = {_lr_star:.4f}.")
_check_momentum = make_answer_check(
    "momentum_star", answer=_momentum_star, rtol=2e-3, wrong_answers=MOMENTUM_WRONG,
    hint="Divide the difference of the two edge conditions by their sum.",
    explain=f"{_explain_common} Dividing: sqrt(beta) = (sqrt(kappa) - 1) / (sqrt(kappa) + 1), so "
            f"momentum* = {_momentum_star:.4f} (kappa = {_kappa:g}).")


def check_lr_star(fn, hint=False):
    """Check your `lr_star` (a function returning heavy ball's rate-optimal lr); prints a verdict."""
    __tracebackhide__ = True
    check_answer_function(_check_lr, fn, hint)


def check_momentum_star(fn, hint=False):
    """Check your `momentum_star` (a function returning heavy ball's rate-optimal momentum); prints a verdict."""
    __tracebackhide__ = True
    check_answer_function(_check_momentum, fn, hint)


check_lr_star.answer = _check_lr.answer
check_momentum_star.answer = _check_momentum.answer


# --- nesterov_step (the reference: adamlib.steps.nesterov_step) --------------

def _heavy_ball(theta, grad, buf, lr, momentum):
    buf_new = momentum * buf + grad
    return theta - lr * buf_new, buf_new


def _no_momentum_on_buffer(theta, grad, buf, lr, momentum):
    buf_new = momentum * buf + grad
    return theta - lr * (grad + buf_new), buf_new


def _only_the_buffer_term(theta, grad, buf, lr, momentum):
    buf_new = momentum * buf + grad
    return theta - lr * momentum * buf_new, buf_new


def _sign_flipped(theta, grad, buf, lr, momentum):
    buf_new = momentum * buf + grad
    return theta + lr * (grad + momentum * buf_new), buf_new


def _ema_buffer(theta, grad, buf, lr, momentum):
    buf_new = momentum * buf + (1 - momentum) * grad
    return theta - lr * (grad + momentum * buf_new), buf_new


def _returned_old_buffer(theta, grad, buf, lr, momentum):
    theta_new, _ = nesterov_step(theta, grad, buf, lr, momentum)
    return theta_new, buf


def _sutskever_velocity(theta, grad, buf, lr, momentum):
    """Sutskever's variables: a velocity v = momentum * v - lr * grad, theta + v (no look-ahead shift)."""
    velocity = momentum * buf - lr * grad
    return theta + velocity, velocity


NESTEROV_STEP = Exercise(
    name="nesterov_step",
    reference=nesterov_step,
    outputs=("theta_new", "buf_new"),
    cases=lambda: optimizer_cases(nesterov_step, {"lr": 0.1, "momentum": 0.9},
                                  {"lr": 0.01, "momentum": 0.5}, seed=7),
    mistakes=[
        Mistake("you took a plain heavy-ball step (theta moved by lr * buf_new, which is also "
                "lr * (grad + momentum * buf) with the OLD buffer): no look-ahead.",
                "theta_new = theta - lr * (grad + momentum * buf_new), buf_new = momentum * buf + grad.",
                _heavy_ball),
        Mistake("the look-ahead term lacks its factor momentum (theta moved by lr * (grad + buf_new)).",
                "theta_new = theta - lr * (grad + momentum * buf_new).", _no_momentum_on_buffer),
        Mistake("theta moves only by the buffer term; the new gradient's own step is missing.",
                "theta_new = theta - lr * (grad + momentum * buf_new).", _only_the_buffer_term),
        Mistake("you stepped uphill (theta grows along the step).",
                "theta_new = theta - lr * (grad + momentum * buf_new) (minus, like gradient descent).",
                _sign_flipped),
        Mistake("your buffer is a moving average, momentum * buf + (1 - momentum) * grad; torch's "
                "buffer adds the whole gradient.", "buf_new = momentum * buf + grad.", _ema_buffer),
        Mistake("theta is right, but you returned the old buffer.",
                "`return theta_new, buf_new`, so the next step remembers this gradient.",
                _returned_old_buffer),
        Mistake("you wrote Sutskever's form (a velocity v = momentum * v - lr * grad, theta + v) "
                "without the change of variables: that is heavy ball in other variables.",
                "In torch's variables: buf_new = momentum * buf + grad, "
                "theta_new = theta - lr * (grad + momentum * buf_new).", _sutskever_velocity),
    ],
    also_reference=(optim.SGD.update,),
    debug_hint="Check one step by hand: nesterov_step(np.array([1.0]), np.array([0.5]), np.array([0.2]), "
               "0.1, 0.9) should give theta_new 0.8888, buf_new 0.68.",
)
check_nesterov_step = make_check(NESTEROV_STEP)


# --- the prediction: which momentum is fastest at lr* (below, at or above beta*)? ----------------

_BETA_STAR = ("beta*", "β*", "momentum*", "beta star", "the optimum", "the formula's value", "the formula")
_SIDE_WORDS = {"below": ("below", "smaller", "lower", "less", "under", "beneath", "fewer"),
               "above": ("above", "larger", "higher", "more", "bigger", "greater", "over", "past", "beyond")}
_QUALIFIERS = ("", "slightly", "a bit", "a little", "somewhat")


def _side_synonyms(side: str) -> tuple:
    """Every wording of one side: "above", "larger than beta*", "slightly above β*", "more than momentum*"..."""
    said = []
    for qualifier in _QUALIFIERS:
        for word in _SIDE_WORDS[side]:
            said.append(f"{qualifier} {word}")
            for ref in _BETA_STAR:
                said += [f"{qualifier} {word} {ref}", f"{qualifier} {word} than {ref}"]
    return tuple(said)


_AT_SYNONYMS = tuple(f"{how} {ref}" for how in ("", "at", "exactly", "exactly at", "equal to", "same as",
                                                "the same as", "at exactly") for ref in _BETA_STAR) + (
    "equal", "itself", "beta* itself", "β* itself", "momentum* itself")

FASTEST_MOMENTUM_FEEDBACK = dict(
    choices=("below", "at", "above"),     # anything else ("0.6", "the same") is told it was not understood
    synonyms={"below": _side_synonyms("below"), "at": _AT_SYNONYMS, "above": _side_synonyms("above")},
    wrong_predictions={
        "at": "beta* minimises the asymptotic RATE, the factor per step after many steps. At (lr*, beta*) "
              "both extreme curvatures sit on the edges of the window of complex roots: each direction has "
              "a double root, and a double root adds a factor k to the decay, (c1 + c2 k) z^k, which costs "
              "steps on the way to a fixed target. On the ravine the steep direction arrives last.",
        "below": "Below beta* both edges of the window move inwards: the flattest and the steepest curvature "
                 "fall outside it, one real root is larger than sqrt(beta), and with lr* that large too "
                 "little momentum even diverges (the steep direction needs lr L < 2 (1 + beta)).",
    },
    why="Just above beta*, both mu and L sit inside the window: the roots are complex and distinct, so "
        "there is no factor k, at a rate sqrt(beta) only a little worse.",
    why_when_right=True)
"""What ``check_prediction`` says about "which momentum is fastest" (passed as ``**FASTEST_MOMENTUM_FEEDBACK``
from the lesson, so the explanations are not on screen while the student guesses)."""
