"""The playground's model: settings in, trajectories out.  No widgets, no figures.

    settings = dict(PRESETS["adam"])          # or defaults("Rosenbrock")
    problem = make_problem(settings)
    runs = compute(settings)                  # {"SGD": Trajectory, "Adam": Trajectory, ...}

``settings`` is a plain dict, the single description of what the playground
shows (the widget reads it from its controls and calls ``compute``):

    function      a key of functions.FUNCTIONS ("quadratic", "Rosenbrock", ...)
    condition     the quadratics' condition number / scale factor
    optimizers    the names to run, from optimizers.NAMES
    lr            step size of SGD, Momentum, Nesterov
    adaptive_lr   lr of the adaptive methods (Adagrad, RMSprop, Adam, ...)
    momentum      SGD's momentum (Momentum, Nesterov)
    beta1, beta2  Adam's betas (beta2 is also RMSprop's alpha)
    eps           the adaptive methods' eps
    weight_decay  AdamW's decoupled weight decay
    steps         number of steps
"""
from . import optimizers
from .. import runner
from .functions import lookup
from .stacked import run_stacked

SETTINGS = ("function", "condition", "optimizers", "lr", "adaptive_lr", "momentum",
            "beta1", "beta2", "eps", "weight_decay", "steps")


def defaults(function):
    """Settings for ``function`` with its own defaults and torch's hyperparameter defaults."""
    spec = lookup(function)
    return {"function": function, "condition": spec.condition, "optimizers": ("SGD", "Adam"),
            "lr": spec.lr, "adaptive_lr": spec.adaptive_lr, "momentum": 0.9,
            "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 1e-2, "steps": spec.steps}


def check(settings):
    """Raise ValueError naming any unknown key or optimizer (a typo in a lesson fails loudly)."""
    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise ValueError(f"unknown setting(s) {', '.join(sorted(unknown))}; "
                         f"the playground's settings are {', '.join(SETTINGS)}")
    lookup(settings["function"])
    for name in settings["optimizers"]:
        if name not in optimizers.NAMES:
            raise ValueError(f"unknown optimizer {name!r}; choose from {', '.join(optimizers.NAMES)}")


def make_problem(settings):
    """The ``adamlib.problems`` problem the settings describe."""
    return lookup(settings["function"]).make(settings["condition"])


def compute(settings, problem=None):
    """{name: Trajectory} for every optimizer in ``settings["optimizers"]``, in menu order.

    All of them step together as rows of one array (``stacked.run_stacked``), fast enough
    to redraw while a slider is dragged; each trajectory is what ``compute_each`` gives
    (``runner.run`` of ``optimizers.make(name, settings)``) up to round-off (tested).  A
    run that overflows stops there, with ``diverged`` set to the step, instead of raising.
    """
    problem = make_problem(settings) if problem is None else problem
    return run_stacked(chosen(settings), settings, problem, int(settings["steps"]))


def compute_each(settings, problem=None):
    """The reference: ``runner.run`` of each optimizer in turn (one Python call per step each)."""
    problem = make_problem(settings) if problem is None else problem
    return {name: runner.run(optimizers.make(name, settings), problem, int(settings["steps"]), name=name)
            for name in chosen(settings)}


def chosen(settings):
    """The names in ``settings["optimizers"]``, in menu order."""
    return [name for name in optimizers.NAMES if name in settings["optimizers"]]
