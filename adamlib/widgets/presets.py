"""The settings each lesson opens the playground with (names fixed: the lessons use them).

Each preset is a partial settings dict laid over ``model.defaults(function)``.  A preset may also
name a ``menu``: the optimizers offered as checkboxes (default: all of them), so a lesson offers
only what it has taught.
"""

PRESETS = {
    # 01: SGD alone on a ravine; lr just under the stability limit 2/L = 2
    # (L = 1 here), so the steep coordinate zigzags: push lr past 2 and it diverges.
    # Lesson 01 teaches gradient descent only (full batch here: SGD's menu name).
    "sgd": {"function": "quadratic", "condition": 10.0, "optimizers": ("SGD",),
            "menu": ("SGD",),
            "lr": 1.8, "steps": 60},
    # 02: the same ravine; momentum and Nesterov cross it in far fewer steps.
    "momentum": {"function": "quadratic", "condition": 50.0,
                 "optimizers": ("SGD", "Momentum", "Nesterov"),
                 "menu": ("SGD", "Momentum", "Nesterov"),
                 "lr": 0.5, "momentum": 0.7, "steps": 100},
    # 03: one coordinate's gradient 100x the other's: SGD's lr is capped by the
    # steep one and crawls along the flat one; per-coordinate scaling does not care
    # (AdaGrad and RMSProp move diagonally).  adaptive_lr 0.15, not 0.1: RMSProp's first
    # step is 10 lr per coordinate, so 0.1 would land it from (1, 1) exactly on the
    # minimum in one step, a coincidence; at 0.15 it overshoots to (-0.5, -0.5), the
    # too-long first step of section 3.  Only the optimizers of lessons 01-03 are offered.
    "adagrad_rmsprop": {"function": "scaled quadratic", "condition": 100.0,
                        "optimizers": ("SGD", "Adagrad", "RMSprop"),
                        "menu": ("SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop"),
                        "lr": 0.015, "adaptive_lr": 0.15, "beta2": 0.99, "steps": 100},
    # 04: the banana valley: Adam and the optimizers it is built from (lesson 04 adds Adam
    # to the menu).  The picture shows what bias correction is for: with the same beta2 =
    # alpha = 0.999 and the same lr 0.3, RMSprop (no correction) takes a first step of
    # lr / sqrt(1 - 0.999) = 31.6 lr = 9.5 per coordinate, leaves the picture, and ends 500
    # steps later far up the wall (f - f* ~ 20); Adam's first step is lr and it follows the
    # valley to f - f* ~ 1e-4.  (The old default, lr 0.2 and 300 steps, ended untuned
    # Momentum below Adam, which read like a verdict the lesson's fair race does not give on
    # Rosenbrock.)  A mechanism, not a ranking.
    "adam": {"function": "Rosenbrock", "optimizers": ("SGD", "Momentum", "RMSprop", "Adam"),
             "menu": ("SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adam"),
             "lr": 1e-3, "momentum": 0.9, "adaptive_lr": 0.3, "beta1": 0.9, "beta2": 0.999,
             "steps": 500},
    # 06: Reddi et al.'s counterexample with their settings: beta1 = 0, beta2 = 1/(1 + C^2)
    # = 0.1 for C = 3.  Adam drifts to the worst point +1; AMSGrad goes to x* = -1.
    # Lesson 06 teaches the variants, so its menu is every optimizer (no "menu" key).
    "beyond": {"function": "Reddi", "optimizers": ("SGD", "Adam", "AMSGrad"),
               "lr": 0.05, "adaptive_lr": 0.05, "beta1": 0.0, "beta2": 0.1, "steps": 600},
}
