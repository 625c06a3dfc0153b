"""Lesson 08's fair comparison: every method tuned, 20 paired seeds, horizons T and 2T.

Three problems, each a dict of *methods* ``run(lr, steps, seeds) -> scores`` for
``adamlib.compare`` (lower is better; seed k is the same draw for every method):

* ``digits``: lesson 05's network (64 -> 32 -> 10) on the digits, minibatches of 128,
  T = 27 steps (3 epochs). Seed k: the initial weights and the minibatch order. Score:
  the validation loss at ``opt.eval_params``. Muon as its authors advise: the hidden
  matrix (64 x 32) on Muon, the output layer and the biases on AdamW at ``MUON_ADAMW_LR``.
  "Adam, cosine" (a cosine decay to 0 planned for the horizon) is Schedule-Free's control.
* ``next_word``: lesson 07's heavy-tailed next-word task as a 76 x 80 matrix of logits,
  full batch from W = 0, T = 50 steps. Seed k: the corpus. Score: the training loss
  averaged over the last 10 steps (Lion's and Muon's losses keep oscillating).
* ``adafactor``: the ``next_word`` problem again, Adafactor against itself with one
  component changed: "full v" (``factored=False``, a full second moment), "absolute step"
  (``scale_parameter=False``, a step not relative to RMS(W)), or "both changes"; Adam as
  the reference.
* ``line``: lesson 04's noisy line fit, minibatches of 10, T = 400 steps: Schedule-Free
  against Adam with a cosine decay planned for the horizon. Seed k: the data and the
  minibatches. Score: log10 of the median of f - f* over the last 20 steps.

The comparison takes minutes, more than a notebook's 15 s, so the scores are computed
once and stored (``adamlib/data/after_adam_race.npz``); the chapter replays them through
``adamlib.compare`` (``replay``), which asks for the same learning rates and so prints
the table these runs give. Recompute and overwrite (about 3.6 minutes of CPU, one core):

    OPENBLAS_NUM_THREADS=1 python -m adamlib.after_adam_race

(One BLAS thread: the matrices are small, and OpenBLAS's threads only spin and compete on a
busy machine, where the same run took more than 13 minutes of CPU and did not finish in 50.)

``tests/test_after_adam_race.py`` (marked slow) recomputes and compares.
"""
from pathlib import Path

import numpy as np

from . import compare, schedules
from .data import load_digits, train_test_split
from .nn import mlp
from .nn.seeds import for_seeds, train_seeds
from .optim import (SGD, Adadelta, Adafactor, Adam, AdamW, Chained, Lion, Muon, NonFiniteError, PerParameter,
                    ScheduleFreeAdamW)
from .optim.transforms import scale_by_adam, stateless
from .problems import noisy_regression
from .problems.next_word import NextWordTask
from .problems.next_word_matrix import NextWordMatrix

STORE = Path(__file__).parent / "data" / "after_adam_race.npz"
SEEDS = range(20)          # tuning and verdicts
FRESH_SEEDS = range(20, 40)  # "try to break it": the tuned rates on 20 seeds never used for tuning
MUON_ADAMW_LR = 0.02       # the output layer and biases under Muon: about Adam's tuned rate
BATCH_SIZE = 128           # the digits network's minibatches
STEPS = {"digits": 27, "next_word": 50, "adafactor": 50, "line": 400}
CRITERIA = {"digits": "validation loss after the last step",
            "next_word": "training loss, mean of the last 10 steps",
            "adafactor": "training loss, mean of the last 10 steps",
            "line": "log10(f - f*), median of the last 20 steps"}
# Coarse grids, 3 per decade; compare refines each to 6 per decade around its optimum.
_decade = np.arange(-3, 4) / 3
GRIDS = {
    "digits": {"Adam": 10 ** (-5 / 3 + _decade), "Adadelta": 10 ** (4 / 3 + _decade),
               "Adafactor": 10 ** (-2 / 3 + _decade), "Lion": 10 ** (-2 + _decade),
               "Muon": 10 ** (-1 + _decade), "Schedule-Free": 10 ** (-4 / 3 + _decade),
               "Adam, cosine": 10 ** (-4 / 3 + _decade)},
    "next_word": {"Adam": 10 ** (-1 / 3 + _decade), "GD": 10 ** (4 / 3 + _decade),
                  "Adadelta": 10 ** (7 / 3 + _decade), "Adafactor": 10 ** (0 + _decade),
                  "Lion": 10 ** (-2 / 3 + _decade), "Muon": 10 ** (1 / 3 + _decade),
                  "Schedule-Free": 10 ** (2 / 3 + _decade)},
    "adafactor": {"Adam": 10 ** (-1 / 3 + _decade), "Adafactor": 10 ** (0 + _decade),
                  "full v": 10 ** (0 + _decade), "absolute step": 10 ** (-1 / 3 + _decade),
                  "both changes": 10 ** (-1 / 3 + _decade)},
    "line": {"Adam, cosine": 10 ** (-1 + _decade), "Schedule-Free": 10 ** (-2 / 3 + _decade)},
}
PAIRS = {"digits": [(name, "Adam") for name in GRIDS["digits"] if name != "Adam"]
                   + [("Schedule-Free", "Adam, cosine")],
         "next_word": [(name, "Adam") for name in GRIDS["next_word"] if name != "Adam"],
         "adafactor": [(name, "Adafactor") for name in GRIDS["adafactor"] if name not in ("Adam", "Adafactor")],
         "line": [("Schedule-Free", "Adam, cosine")]}


def digits_data():
    """(X_fit, y_fit, X_val, y_val): lesson 05's split, standardised on the training images."""
    X, y = load_digits()
    X_train_raw, _, y_train, _ = train_test_split(X, y, test_fraction=0.2, seed=0)
    mean, std = X_train_raw.mean(axis=0), X_train_raw.std(axis=0)
    std[std == 0] = 1.0
    X_fit, X_val, y_fit, y_val = train_test_split((X_train_raw - mean) / std, y_train, test_fraction=0.2, seed=1)
    return X_fit, y_fit, X_val, y_val


def muon_hidden_only(lr):
    """Muon on the hidden matrix (64 x 32), AdamW on the output layer and the biases."""
    return PerParameter({"muon": Muon(lr=lr, weight_decay=0.0), "adamw": AdamW(lr=MUON_ADAMW_LR, weight_decay=0.0)},
                        labels=lambda path, array: "muon" if path == "[0]['W']" else "adamw")


def adam_cosine(lr, steps):
    """Adam whose rate follows a cosine decay from lr to 0 over ``steps`` (re-planned per horizon)."""
    decay = schedules.cosine_decay(lr, steps)
    return Chained(scale_by_adam(), stateless(lambda u, p, t: decay(t) * u), lr=1.0)


OPTIMIZERS = {"Adam": lambda lr: Adam(lr=lr), "GD": lambda lr: SGD(lr=lr),
              "Adadelta": lambda lr: Adadelta(lr=lr), "Adafactor": lambda lr: Adafactor(lr=lr),
              "Lion": lambda lr: Lion(lr=lr), "Schedule-Free": lambda lr: ScheduleFreeAdamW(lr=lr),
              "full v": lambda lr: Adafactor(lr=lr, factored=False),
              "absolute step": lambda lr: Adafactor(lr=lr, scale_parameter=False),
              "both changes": lambda lr: Adafactor(lr=lr, factored=False, scale_parameter=False)}


def digits_methods():
    X_fit, y_fit, X_val, y_val = digits_data()
    model = mlp([64, 32, 10])

    def method(make):
        return lambda lr, steps, seeds: train_seeds(model, make(lr, steps), seeds, X_fit, y_fit, steps,
                                                    BATCH_SIZE, X_val, y_val)
    makers = {name: (lambda lr, steps, make=make: make(lr)) for name, make in OPTIMIZERS.items()}
    makers.update({"Muon": lambda lr, steps: muon_hidden_only(lr), "Adam, cosine": adam_cosine})
    return {name: method(makers[name]) for name in GRIDS["digits"]}


class NextWordBatch:
    """Several corpora's next-word matrices stacked: W of shape (corpora, 76, 80)."""

    def __init__(self, seeds, vocab=80, tokens=2000):
        tasks = [NextWordMatrix(NextWordTask(int(s), vocab=vocab, tokens=tokens)) for s in seeds]
        self.counts = np.stack([task.counts for task in tasks])
        self.rows = self.counts.sum(-1, keepdims=True)     # each context's share of the tokens
        self.word_freq = self.counts.sum(-2)               # (corpora, vocab)
        self.half = vocab // 2                             # words numbered by frequency: the rarer half

    def log_probs(self, W):
        Z = W - W.max(-1, keepdims=True)
        return Z - np.log(np.exp(Z).sum(-1, keepdims=True))

    def grad(self, W):
        return np.exp(self.log_probs(W)) * self.rows - self.counts

    def losses(self, W):
        """(total, rarer half): each corpus's loss per token, and the rarer half's per own token."""
        per_word = -(self.counts * self.log_probs(W)).sum(-2)
        return per_word.sum(-1), per_word[:, self.half:].sum(-1) / self.word_freq[:, self.half:].sum(-1)


def train_next_word(opt, seeds, steps, window=10):
    """((seeds,) training loss, (seeds,) rarer-half loss), each averaged over the last ``window`` steps."""
    task = NextWordBatch(seeds)
    W = np.zeros(task.counts.shape)
    opt = for_seeds(opt, len(W))
    state, total, rare = opt.init(W), [], []
    try:
        for t in range(steps):
            W, state = opt.step(W, task.grad(W), state)
            if t >= steps - window:
                loss, rare_loss = task.losses(opt.eval_params(W, state))
                total.append(loss)
                rare.append(rare_loss)
    except NonFiniteError:
        return np.full(len(W), np.inf), np.full(len(W), np.inf)
    return np.mean(total, axis=0), np.mean(rare, axis=0)


def next_word_methods(rare=None, problem="next_word"):
    """Methods scored by the training loss; ``rare`` (a dict) collects the rarer-half losses."""
    makers = {**OPTIMIZERS, "Muon": lambda lr: Muon(lr=lr, weight_decay=0.0)}

    def method(name):
        def run(lr, steps, seeds):
            total, rare_loss = train_next_word(makers[name](lr), seeds, steps)
            if rare is not None:
                rare[name, lr, steps, tuple(int(s) for s in seeds)] = rare_loss
            return np.where(np.isfinite(total), total, np.inf)
        return run
    return {name: method(name) for name in GRIDS[problem]}


def train_line(make, lr, seeds, steps, window=20):
    """(seeds,) log10 of the median of f - f* over the last ``window`` steps, all seeds at once."""
    lines = [noisy_regression(n=200, noise=0.5, batch_size=10, seed=int(s)) for s in seeds]
    xs, ys = np.stack([p.xs for p in lines]), np.stack([p.ys for p in lines])
    batches = np.stack([[p.batch(t) for t in range(1, steps + 1)] for p in lines])  # (seeds, steps, 10)
    f_star = np.array([p.f_star for p in lines])
    opt, schedule = make(lr, steps)
    x = np.zeros((len(lines), 2))
    state, gaps = opt.init(x), []
    rows = np.arange(len(lines))[:, None]
    for t in range(1, steps + 1):
        if schedule is not None:
            opt.lr = schedule(t)
        xb, yb = xs[rows, batches[:, t - 1]], ys[rows, batches[:, t - 1]]
        r = x[:, :1] * xb + x[:, 1:] - yb
        x, state = opt.step(x, np.stack([2 * (r * xb).mean(1), 2 * r.mean(1)], axis=1), state)
        if t > steps - window:
            w, b = opt.eval_params(x, state).T
            gaps.append(((w[:, None] * xs + b[:, None] - ys) ** 2).mean(1) - f_star)
    return np.log10(np.median(gaps, axis=0))


def line_methods():
    makers = {"Adam, cosine": lambda lr, steps: (Adam(lr=lr), schedules.cosine_decay(lr, steps)),
              "Schedule-Free": lambda lr, steps: (ScheduleFreeAdamW(lr=lr), None)}
    return {name: (lambda lr, steps, seeds, make=make: train_line(make, lr, seeds, steps))
            for name, make in makers.items()}


def race(problem, methods):
    """The chapter's comparison of ``problem`` with these ``methods`` (live or replayed)."""
    return compare.compare(methods, GRIDS[problem], STEPS[problem], SEEDS, CRITERIA[problem],
                           pairs=PAIRS[problem])


def _key(problem, name, lr, steps, seeds, what="score"):
    return f"{problem}|{name}|{steps}|{lr!r}|{min(seeds)}-{max(seeds)}|{what}"


def compute():
    """Run every comparison and the fresh-seed check; returns {key: scores} to store."""
    store = {}

    def recorded(problem, methods):
        def wrap(name, run):
            def recording(lr, steps, seeds):
                scores = run(lr, steps, seeds)
                store[_key(problem, name, lr, steps, seeds)] = scores
                return scores
            return recording
        return {name: wrap(name, run) for name, run in methods.items()}

    rare = {}
    live = {"digits": digits_methods(), "next_word": next_word_methods(rare),
            "adafactor": next_word_methods(problem="adafactor"), "line": line_methods()}
    for problem, methods in live.items():
        result = race(problem, recorded(problem, methods))
        for (name, steps), tuning in result.tunings.items():   # the tuned rates on fresh seeds
            methods_fresh = recorded(problem, {name: methods[name]})
            methods_fresh[name](tuning.lr, steps, np.asarray(list(FRESH_SEEDS)))
    for (name, lr, steps, seeds), scores in rare.items():
        store[_key("next_word", name, lr, steps, seeds, "rare")] = scores
    return store


def load(path=STORE):
    with np.load(path) as stored:
        return {key: stored[key] for key in stored.files}


def lookup(store, problem, name, lr, steps, seeds, what="score"):
    """The stored scores of one run; the learning rate matched to 1e-9 (it is computed, not typed)."""
    seeds = [int(s) for s in seeds]
    prefix = f"{problem}|{name}|{steps}|"
    suffix = f"|{min(seeds)}-{max(seeds)}|{what}"
    for key, scores in store.items():
        if key.startswith(prefix) and key.endswith(suffix):
            stored_lr = float(key[len(prefix):-len(suffix)])
            if abs(stored_lr - lr) <= 1e-9 * lr:
                return scores
    raise ValueError(f"no stored run of {name} on {problem} at lr {lr!r}, {steps} steps, seeds "
                     f"{min(seeds)}-{max(seeds)}: recompute with python -m adamlib.after_adam_race")


def replay(problem, store=None):
    """Methods that return the stored scores: ``race(problem, replay(problem))`` prints the stored table."""
    store = load() if store is None else store
    return {name: (lambda lr, steps, seeds, name=name: lookup(store, problem, name, lr, steps, seeds))
            for name in GRIDS[problem]}


if __name__ == "__main__":
    np.savez_compressed(STORE, **compute())
    print(f"wrote {STORE}")
