"""The multi-seed experiments of lesson 05, too long for a 15-second notebook, stored as a table.

    python -m adamlib.data.lesson05_tables                 # recompute every part (about 18 CPU minutes)
    python -m adamlib.data.lesson05_tables sweep:Adam small # or some parts (PARTS); the others are kept

    tables = load()                  # {name: array}, from lesson05_tables.npz beside this file
    tables["sweep_Adam_grid"]        # every learning rate Adam was trained at
    tables["sweep_Adam_accuracy"]    # (learning rate, seed, epoch) validation accuracy, NaN once diverged

Every honest claim of lesson 05 compares methods over 20 or more seeds, each tuned on a grid
that has 6 learning rates per decade around its optimum, at the horizon T the text names and at
2T. One such experiment trains thousands of networks; the lesson loads what this script
computed and judges it in the notebook with ``adamlib.compare``: the tuning and the paired
statistics run there, on these numbers, and ask for exactly the rates stored here (the script
ran the same ``compare.tune`` from the same starting grids, training each rate it asked for).
``tests/test_lesson05_tables.py`` retrains a few entries, and (marked slow) re-runs the whole
script and checks that the lesson's conclusions come out the same.

Seed ``s`` of a part draws, from ``np.random.default_rng(base + s)``, first the shuffling seed
and then the starting weights, so every method of a part sees the same minibatches and starts
from the same weights on seed ``s``: the comparisons are paired. The parts:

* ``sweep:<optimizer>``: the shallow network 64-32-10 (ReLU, He) trained on the fitting images,
  20 seeds, 16 epochs, at the rates ``compare.tune`` asks for when it tunes the validation error
  at 8 and at 16 epochs from ``SWEEP_GRIDS`` (3 per decade, refined to 6 around the best). Then
  the test runs (``test_<optimizer>_*``): the tuned rate of each horizon, 40 fresh seeds, the
  same training, test accuracy after every epoch. The test set is used there only, once.
* ``deep:<key>``: 6 sigmoid layers of 32 (Xavier) trained by SGD with momentum ("momentum") and
  by Adam ("adam"), and the same shape with ReLU and He trained by Adam ("relu"), on the whole
  training set, 20 seeds, 40 epochs, at the rates ``compare.tune`` asks for on the training loss
  at 20 and 40 epochs from ``DEEP_GRIDS``; training loss and test accuracy after every epoch.
* ``recheck:<optimizer>``: the race again on independent seeds and a finer grid, to try to break its
  verdicts: 24 other tuning seeds, 18 rates per decade within a third of a decade of the rate the
  ``sweep`` part tuned at 8 epochs (``RECHECK_GRIDS``), the same ``compare.tune`` at 8 and 16 epochs;
  then 40 other test seeds at every rate that tuning picked or found tied (``recheck_test_*``).
* ``control``: Adam at ``CONTROL_LR`` = 1e-2 on the test seeds, the same training as ``test_Adam``:
  what an optimizer loses at a rate a little off its tuned one (95.9 % against 96.4 % on validation).
* ``wide``: SGD with momentum on the deep sigmoid network at the rates below ``DEEP_GRIDS``
  (``WIDE_MOMENTUM_GRID``, 1e-3 to 0.1, 2 per decade; 0.1 repeats the deep grid's first rate, the
  same runs), the same 20 seeds and 40 epochs: the widened grid that shows momentum's edge is no
  artefact of where its grid started.
* ``small``: the sigmoid network from tiny weights (std 0.01), Adam at lr 1e-2 with
  eps 1e-8 and 1e-20, 20 seeds, 60 epochs.
"""
import sys
from pathlib import Path

import numpy as np

PATH = Path(__file__).with_name("lesson05_tables.npz")
METHODS = ("SGD", "Momentum", "RMSprop", "Adam")
BATCH_SIZE = 64
# Where each optimizer's runs go from crawling to diverging, 3 per decade; compare.tune refines
# each to 6 per decade around its best rate.
SWEEP_GRIDS = {"SGD": 10.0 ** (np.arange(-6, 3) / 3),        # 1e-2 to 4.6
               "Momentum": 10.0 ** (np.arange(-9, 1) / 3),   # 1e-3 to 1
               "RMSprop": 10.0 ** (np.arange(-12, -2) / 3),  # 1e-4 to 0.1
               "Adam": 10.0 ** (np.arange(-12, 0) / 3)}      # 1e-4 to 0.46
SWEEP_SEEDS, SWEEP_EPOCHS = 20, 16               # T = 8 epochs, 2T = 16
TEST_SEEDS = 40
DEEP_GRIDS = {"Momentum": 10.0 ** (np.arange(-3, 5) / 3),      # 0.1 to 22, 3 per decade, refined to 6 by tune
              "Adam": 10.0 ** (np.arange(-16, -7) / 6),        # 2.2e-3 to 4.6e-2
              "Adam, ReLU + He": 10.0 ** (np.arange(-19, -6) / 6)}  # 6.8e-4 to 6.8e-2
DEEP_KEYS = ("momentum", "adam", "relu")         # the table's names of DEEP_GRIDS' methods
DEEP_SEEDS, DEEP_EPOCHS, DEPTH = 20, 40, 6       # T = 20 epochs, 2T = 40
# Momentum's deep tuning lands on its grid's smallest rate (0.1): these rates, 2 per decade down from
# it, show whether a smaller rate would do better (trained, not tuned: each at every seed and epoch).
WIDE_MOMENTUM_GRID = 10.0 ** (np.arange(-6, -1) / 2)           # 1e-3 to 0.1
SMALL_EPS, SMALL_LR, SMALL_SEEDS, SMALL_EPOCHS = (1e-8, 1e-20), 1e-2, 20, 60
BASES = {"sweep": 10_000, "test": 20_000, "deep": 30_000, "small": 40_000, "recheck": 50_000, "retest": 70_000}
RECHECK_SEEDS = 24
CONTROL_LR = 1e-2
# 18 per decade, +-1/3 decade around the sweep's 8-epoch rates (1.47, 0.147, 0.01, 0.0316)
RECHECK_GRIDS = {m: lr * 10.0 ** (np.arange(-6, 7) / 18)
                 for m, lr in {"SGD": 10 ** (1 / 6), "Momentum": 10 ** (-5 / 6), "RMSprop": 1e-2,
                               "Adam": 10 ** (-1.5)}.items()}


def optimizers():
    """The lesson's four optimizers, torch's defaults otherwise: {name: lr -> optimizer}."""
    from ..optim import SGD, Adam, RMSprop
    return {"SGD": lambda lr: SGD(lr=lr), "Momentum": lambda lr: SGD(lr=lr, momentum=0.9),
            "RMSprop": lambda lr: RMSprop(lr=lr), "Adam": lambda lr: Adam(lr=lr)}


def digits_splits():
    """The lesson's data: standardised on the training images; (fit, validation, train, test)."""
    from . import load_digits, train_test_split
    X, y = load_digits()
    X_train_raw, X_test_raw, y_train, y_test = train_test_split(X, y, test_fraction=0.2, seed=0)
    mean, std = X_train_raw.mean(axis=0), X_train_raw.std(axis=0)
    std[std == 0] = 1.0
    X_train, X_test = (X_train_raw - mean) / std, (X_test_raw - mean) / std
    X_fit, X_val, y_fit, y_val = train_test_split(X_train, y_train, test_fraction=0.2, seed=1)
    return (X_fit, y_fit), (X_val, y_val), (X_train, y_train), (X_test, y_test)


def seed_draws(base, seeds, *models):
    """(shuffle seeds, [stacked starting weights per model]) for seeds 0..seeds-1 of a part."""
    from ..nn import stack
    rngs = [np.random.default_rng(base + s) for s in range(seeds)]
    shuffles = [int(rng.integers(2**31)) for rng in rngs]
    return shuffles, [stack([model.init(rng) for rng in rngs]) for model in models]


def _grid_runs(model, params, make, grid, data, eval_data, epochs, shuffles):
    """Every rate of ``grid`` on every seed in one batch; (loss, accuracy) as (lr, seed, epoch)."""
    from ..nn import stack, train_copies, unstack
    n = len(shuffles)
    copies = stack([unstack(params, s) for _ in grid for s in range(n)])
    run = train_copies(model, copies, make, np.repeat(grid, n), *data, epochs, BATCH_SIZE,
                       shuffle_seeds=shuffles * len(grid), X_eval=eval_data[0], y_eval=eval_data[1])
    shape = (len(grid), n, epochs)
    return run.loss.T.reshape(shape), run.accuracy.T.reshape(shape)


def shallow_model():
    from ..nn import mlp
    return mlp([64, 32, 10], activation="relu", init="he")


def _tuned_runs(run_rate, grid, horizons, seeds, name):
    """``compare.tune`` at each horizon, training only the rates it asks for (each once, for the
    longest horizon); returns (the tuned rate per horizon, {lr: what ``run_rate(lr)`` returned})."""
    from .. import compare
    trained = {}

    def run(lr, steps, seed_list):
        if lr not in trained:
            trained[lr] = run_rate(lr)
        return trained[lr]["score"][:, steps - 1]

    rates = [compare.tune(run, grid, epochs, range(seeds), name=name).lr for epochs in horizons]
    return rates, trained


def _stack_rates(trained, prefix, keys):
    rates = sorted(trained)
    out = {f"{prefix}_grid": np.array(rates)}
    out.update({f"{prefix}_{key}": np.stack([trained[lr][key] for lr in rates]) for key in keys})
    return out


def sweep_part(method):
    """One optimizer tuned on the validation error at 8 and 16 epochs, then its test runs."""
    fit, val, _, test = digits_splits()
    model = shallow_model()
    make = optimizers()[method]
    shuffles, (params,) = seed_draws(BASES["sweep"], SWEEP_SEEDS, model)

    def run_rate(lr):
        loss, accuracy = _grid_runs(model, params, make, np.array([lr]), fit, val, SWEEP_EPOCHS, shuffles)
        return {"loss": loss[0], "accuracy": accuracy[0], "score": 100 * (1 - accuracy[0])}

    rates, trained = _tuned_runs(run_rate, SWEEP_GRIDS[method], (SWEEP_EPOCHS // 2, SWEEP_EPOCHS),
                                 SWEEP_SEEDS, method)
    out = _stack_rates(trained, f"sweep_{method}", ("loss", "accuracy"))
    shuffles, (params,) = seed_draws(BASES["test"], TEST_SEEDS, model)
    loss, accuracy = _grid_runs(model, params, make, np.array(rates), fit, test, SWEEP_EPOCHS, shuffles)
    out.update({f"test_{method}_lr": np.array(rates), f"test_{method}_loss": loss,
                f"test_{method}_accuracy": accuracy})
    return out


def validation_error(tables, method, lr, epochs):
    """Seed by seed, the validation error (%) of ``method`` at ``lr`` after ``epochs``; NaN if diverged."""
    grid = tables[f"sweep_{method}_grid"]
    found = np.flatnonzero(np.isclose(grid, lr, rtol=1e-9))
    if not len(found):
        raise ValueError(f"lr {lr!r} is not among the rates stored for {method} "
                         f"({grid[0]:.2g} to {grid[-1]:.2g}): re-run this script")
    return 100 * (1 - tables[f"sweep_{method}_accuracy"][found[0], :, epochs - 1])


def tuned_rates(tables):
    """{(method, epochs): lr} that ``compare.tune`` picks on the stored validation errors."""
    from .. import compare
    rates = {}
    for method in METHODS:
        for epochs in (SWEEP_EPOCHS // 2, SWEEP_EPOCHS):
            run = lambda lr, steps, seeds, m=method: validation_error(tables, m, lr, steps)
            rates[method, epochs] = compare.tune(run, SWEEP_GRIDS[method], epochs, range(SWEEP_SEEDS)).lr
    return rates


def recheck_part(method):
    """The race's tuning and test runs again, on other seeds and the finer ``RECHECK_GRIDS``."""
    from .. import compare
    fit, val, _, test = digits_splits()
    model = shallow_model()
    make = optimizers()[method]
    shuffles, (params,) = seed_draws(BASES["recheck"], RECHECK_SEEDS, model)

    def run_rate(lr):
        loss, accuracy = _grid_runs(model, params, make, np.array([lr]), fit, val, SWEEP_EPOCHS, shuffles)
        return {"accuracy": accuracy[0], "score": 100 * (1 - accuracy[0])}

    _, trained = _tuned_runs(run_rate, RECHECK_GRIDS[method], (SWEEP_EPOCHS // 2, SWEEP_EPOCHS),
                             RECHECK_SEEDS, method)
    out = _stack_rates(trained, f"recheck_{method}", ("accuracy",))
    grid, accuracy = out[f"recheck_{method}_grid"], out[f"recheck_{method}_accuracy"]
    run = lambda lr, steps, seeds: 100 * (1 - accuracy[np.flatnonzero(np.isclose(grid, lr))[0], :, steps - 1])
    rates = np.unique(np.concatenate([compare.tune(run, RECHECK_GRIDS[method], epochs, range(RECHECK_SEEDS)).ties
                                      for epochs in (SWEEP_EPOCHS // 2, SWEEP_EPOCHS)]))
    shuffles, (params,) = seed_draws(BASES["retest"], TEST_SEEDS, model)
    _, test_accuracy = _grid_runs(model, params, make, rates, fit, test, SWEEP_EPOCHS, shuffles)
    out.update({f"recheck_test_{method}_lr": rates, f"recheck_test_{method}_accuracy": test_accuracy})
    return out


def control_part():
    """Adam at ``CONTROL_LR`` on the test seeds and images: the control of the race's test runs."""
    fit, _, _, test = digits_splits()
    model = shallow_model()
    shuffles, (params,) = seed_draws(BASES["test"], TEST_SEEDS, model)
    _, accuracy = _grid_runs(model, params, optimizers()["Adam"], np.array([CONTROL_LR]), fit, test,
                             SWEEP_EPOCHS, shuffles)
    return {"control_Adam_lr": np.array(CONTROL_LR), "control_Adam_accuracy": accuracy[0]}


def deep_models():
    from ..nn import mlp
    shape = [64] + [32] * DEPTH + [10]
    return mlp(shape, activation="sigmoid", init="xavier"), mlp(shape, activation="relu", init="he")


def deep_part(key):
    """One deep method ("momentum", "adam" or "relu") tuned on the training loss at 20 and 40 epochs."""
    _, _, train, test = digits_splits()
    sigmoid, relu = deep_models()
    shuffles, (sigmoid_params, relu_params) = seed_draws(BASES["deep"], DEEP_SEEDS, sigmoid, relu)
    name = dict(zip(DEEP_KEYS, DEEP_GRIDS))[key]
    model, params = (relu, relu_params) if key == "relu" else (sigmoid, sigmoid_params)
    make = optimizers()["Momentum" if key == "momentum" else "Adam"]

    def run_rate(lr):
        loss, accuracy = _grid_runs(model, params, make, np.array([lr]), train, test, DEEP_EPOCHS, shuffles)
        return {"loss": loss[0], "accuracy": accuracy[0], "score": loss[0]}

    _, trained = _tuned_runs(run_rate, DEEP_GRIDS[name], (DEEP_EPOCHS // 2, DEEP_EPOCHS), DEEP_SEEDS, name)
    return _stack_rates(trained, f"deep_{key}", ("loss", "accuracy"))


def wide_part():
    """SGD with momentum on the deep sigmoid network at ``WIDE_MOMENTUM_GRID``, the seeds of ``deep``."""
    _, _, train, test = digits_splits()
    sigmoid, relu = deep_models()
    shuffles, (params, _) = seed_draws(BASES["deep"], DEEP_SEEDS, sigmoid, relu)
    loss, accuracy = _grid_runs(sigmoid, params, optimizers()["Momentum"], WIDE_MOMENTUM_GRID, train, test,
                                DEEP_EPOCHS, shuffles)
    return {"wide_momentum_grid": WIDE_MOMENTUM_GRID.copy(), "wide_momentum_loss": loss,
            "wide_momentum_accuracy": accuracy}


def small_part():
    from ..nn import mlp
    from ..optim import Adam
    _, _, train, test = digits_splits()
    model = mlp([64] + [32] * DEPTH + [10], activation="sigmoid", init="small")
    shuffles, (params,) = seed_draws(BASES["small"], SMALL_SEEDS, model)
    loss, acc = zip(*[_grid_runs(model, params, lambda lr, e=eps: Adam(lr=lr, eps=e), [SMALL_LR], train, test,
                                 SMALL_EPOCHS, shuffles) for eps in SMALL_EPS])
    return {"small_eps": np.array(SMALL_EPS), "small_loss": np.concatenate(loss),
            "small_accuracy": np.concatenate(acc)}


def load(path=PATH):
    """The stored tables: {name: array}."""
    with np.load(path) as stored:
        return dict(stored)


PARTS = ([f"sweep:{m}" for m in METHODS] + [f"recheck:{m}" for m in METHODS] + [f"deep:{k}" for k in DEEP_KEYS]
         + ["control", "wide", "small"])


def compute(parts=PARTS, tables=None):
    """Recompute ``parts`` (names from PARTS, e.g. "sweep:Adam", "deep:relu", "small"); returns all tables."""
    tables = dict(tables or {})
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise ValueError(f"parts must be among {PARTS}; got {sorted(unknown)}")
    with np.errstate(over="ignore", invalid="ignore"):
        for part in parts:
            kind, _, which = part.partition(":")
            part_function = globals()[f"{kind}_part"]
            tables.update(part_function(which) if which else part_function())
    return tables


def main(argv):
    """Recompute the parts named (default: all, about 18 CPU minutes) and store the table."""
    tables = compute(argv or PARTS, load() if PATH.exists() else None)
    np.savez_compressed(PATH, **tables)
    print(f"wrote {PATH} ({', '.join(sorted(tables))})")


if __name__ == "__main__":
    main(sys.argv[1:])
