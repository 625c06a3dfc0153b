"""The settings each lesson opens the playground with (names fixed: the lessons use them).

Each preset is a partial settings dict laid over ``model.defaults(function)``.  A preset may also
name a ``menu``: the optimizers offered as checkboxes (default: all of them), so a lesson offers
only what it has taught.
"""

PRESETS = {
    # 01: SGD alone on a ravine; lr just under the stability limit 2/L = 2
    # (L = 1 here), so the steep coordinate zigzags: push lr past 2 and it diverges.
    "sgd": {"function": "quadratic", "condition": 10.0, "optimizers": ("SGD",),
            "lr": 1.8, "steps": 60},
    # 02: the same ravine; momentum and Nesterov cross it in far fewer steps.
    "momentum": {"function": "quadratic", "condition": 50.0,
                 "optimizers": ("SGD", "Momentum", "Nesterov"),
                 "lr": 0.5, "momentum": 0.7, "steps": 100},
    # 03: one coordinate's gradient 100x the other's: SGD's lr is capped by the
    # steep one and crawls along the flat one; per-coordinate scaling does not care
    # (AdaGrad and RMSProp move diagonally).  adaptive_lr 0.15, not 0.1: RMSProp's first
    # step is 10 lr per coordinate, so 0.1 would land it from (1, 1) exactly on the
    # minimum in one step, a coincidence; at 0.15 it overshoots to (-0.5, -0.5), the
    # too-long first step of section 3.  Only the optimizers of lessons 01-03 are offered.
    "adaptive": {"function": "scaled quadratic", "condition": 100.0,
                 "optimizers": ("SGD", "Adagrad", "RMSprop"),
                 "menu": ("SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop"),
                 "lr": 0.015, "adaptive_lr": 0.15, "beta2": 0.99, "steps": 100},
    # 04: the banana valley: the four optimizers Adam is built from, and Adam.
    "adam": {"function": "Rosenbrock", "optimizers": ("SGD", "Momentum", "RMSprop", "Adam"),
             "lr": 1e-3, "momentum": 0.9, "adaptive_lr": 0.2, "beta1": 0.9, "beta2": 0.999,
             "steps": 300},
    # 06: Reddi et al.'s counterexample with their settings: beta1 = 0, beta2 = 1/(1 + C^2)
    # = 0.1 for C = 3.  Adam drifts to the worst point +1; AMSGrad goes to x* = -1.
    "beyond": {"function": "Reddi", "optimizers": ("SGD", "Adam", "AMSGrad"),
               "lr": 0.05, "adaptive_lr": 0.05, "beta1": 0.0, "beta2": 0.1, "steps": 600},
}
