"""Lesson 01: ``sgd_step(theta, grad, lr) -> theta_new``."""
from .. import optim, steps
from .engine import Exercise, Mistake, make_check, optimizer_cases


def _sign_flipped(theta, grad, lr):
    return theta + lr * grad


def _no_lr(theta, grad, lr):
    return theta - grad


def _divided_by_lr(theta, grad, lr):
    return theta - grad / lr


def _only_the_step(theta, grad, lr):
    return -lr * grad


SGD_STEP = Exercise(
    name="sgd_step",
    reference=steps.sgd_step,
    outputs=("theta_new",),
    cases=lambda: optimizer_cases(steps.sgd_step, {"lr": 0.1}, {"lr": 0.5}, seed=1),
    mistakes=[
        Mistake("you stepped uphill: the gradient points to where the loss grows.",
                "Subtract it: theta - lr * grad.", _sign_flipped),
        Mistake("the learning rate is missing.", "theta - lr * grad, not theta - grad.", _no_lr),
        Mistake("you divided by the learning rate.", "Multiply instead: theta - lr * grad.",
                _divided_by_lr),
        Mistake("you returned only the step -lr * grad.",
                "Return the new parameters: theta - lr * grad.", _only_the_step),
    ],
    also_reference=(optim.SGD.update,),
    debug_hint="Check by hand: sgd_step(np.array([1.0]), np.array([0.5]), 0.1) should give 0.95.",
)
check_sgd_step = make_check(SGD_STEP)
