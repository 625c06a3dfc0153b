"""The playground's optimizer menu: a display name -> the adamlib.optim object it stands for.

Two families, because their learning rates mean different things:

* plain gradient steps (SGD, Momentum, Nesterov) move by ``lr * gradient``, so
  their lr is measured in (parameter units) / (gradient units) and must be
  below 2 / L on a valley of curvature L;
* adaptive methods (Adagrad, RMSprop, Adam, ...) divide by a running RMS of the
  gradient, so their lr is roughly a step length in parameter units.

One shared slider would make one family useless on every problem, so the
playground has one lr slider per family (``lr`` and ``adaptive_lr``).
RMSprop's averaging rate ``alpha`` is Adam's ``beta2``: the same moving
average of g^2, which is how the lessons derive Adam.
"""
from .. import optim

SGD_FAMILY = ("SGD", "Momentum", "Nesterov")
ADAPTIVE = ("Adagrad", "RMSprop", "Adam", "AMSGrad", "AdamW", "NAdam", "RAdam", "Adamax")
NAMES = SGD_FAMILY + ADAPTIVE

USES_MOMENTUM = ("Momentum", "Nesterov")
USES_BETA1 = ("Adam", "AMSGrad", "AdamW", "NAdam", "RAdam", "Adamax")
USES_BETA2 = ("RMSprop",) + USES_BETA1
USES_EPS = ("Adagrad", "RMSprop", "Adam", "AMSGrad", "AdamW", "NAdam", "RAdam", "Adamax")
USES_WEIGHT_DECAY = ("AdamW",)


def make(name, settings):
    """The optimizer called ``name`` in the menu, with the hyperparameters in ``settings``.

    ``settings`` is the playground's dict: lr, adaptive_lr, momentum, beta1,
    beta2, eps, weight_decay.  Every object is a real ``adamlib.optim`` optimizer.
    """
    s = settings
    lr, alr, betas, eps = s["lr"], s["adaptive_lr"], (s["beta1"], s["beta2"]), s["eps"]
    if name == "SGD":
        return optim.SGD(lr=lr)
    if name in USES_MOMENTUM:
        if s["momentum"] == 0:  # torch refuses nesterov without momentum; both are plain SGD then
            return optim.SGD(lr=lr)
        return optim.SGD(lr=lr, momentum=s["momentum"], nesterov=(name == "Nesterov"))
    builders = {
        "Adagrad": lambda: optim.Adagrad(lr=alr, eps=eps),
        "RMSprop": lambda: optim.RMSprop(lr=alr, alpha=s["beta2"], eps=eps),
        "Adam": lambda: optim.Adam(lr=alr, betas=betas, eps=eps),
        "AMSGrad": lambda: optim.Adam(lr=alr, betas=betas, eps=eps, amsgrad=True),
        "AdamW": lambda: optim.AdamW(lr=alr, betas=betas, eps=eps, weight_decay=s["weight_decay"]),
        "NAdam": lambda: optim.NAdam(lr=alr, betas=betas, eps=eps),
        "RAdam": lambda: optim.RAdam(lr=alr, betas=betas, eps=eps),
        "Adamax": lambda: optim.Adamax(lr=alr, betas=betas, eps=eps),
    }
    if name not in builders:
        raise ValueError(f"unknown optimizer {name!r}; choose from {', '.join(NAMES)}")
    return builders[name]()
