"""Is adamlib's NumPy MLP fast enough to teach with?  Time one epoch against torch.

The same network (64-128-10, ReLU, He init), the same data (the UCI digits,
standardised, 80 % for training), the same recipe (Adam lr=3e-3, batch 32,
shuffled every epoch), trained in adamlib (float64) and in torch on the CPU
(float64 and float32).  Prints the median time per epoch over several epochs
of the same run and the ratio ours / torch (target: <= 1.5 in float64).
Then executes lesson 05 end to end with nbclient and prints its wall time
(target: <= 15 s).  It prints measurements only and never asserts them.

Both libraries are timed on ONE thread (OPENBLAS_NUM_THREADS=1 for NumPy, set
before NumPy is imported unless you set it yourself; torch.set_num_threads(1)):
the matrices here are tiny, threads cannot speed them up, and on a shared or
busy machine threads that wait for each other make the timings meaningless.
The notebook runs with the environment as it was, like a student's kernel.
The load average is printed with the results: on a busy machine every number
is inflated, but the ratio (measured in the same run) much less so.

    /work/venv/bin/python benchmarks/bench_mlp_vs_torch.py [--epochs 15] [--no-notebook]
"""
import argparse
import os
import statistics
import time
from pathlib import Path

ORIGINAL_ENV = dict(os.environ)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # must precede the NumPy import

import numpy as np  # noqa: E402

from adamlib.data import load_digits, train_test_split  # noqa: E402
from adamlib.nn import mlp, train_epoch  # noqa: E402
from adamlib.optim import Adam  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "solutions" / "05_adam_in_deep_learning.ipynb"
SIZES, BATCH, LR = [64, 128, 10], 32, 3e-3


def digits():
    X, y = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction=0.2, seed=0)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std[std == 0] = 1.0
    return (X_train - mean) / std, y_train, (X_test - mean) / std, y_test


def time_adamlib(X, y, X_test, y_test, epochs):
    rng = np.random.default_rng(0)
    model = mlp(SIZES, activation="relu", init="he")
    params = model.init(rng)
    opt = Adam(lr=LR)
    state = opt.init(params)
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        params, state, _ = train_epoch(model, params, opt, state, X, y, BATCH, rng)
        times.append(time.perf_counter() - start)
    return times, model.accuracy(params, X_test, y_test)


def time_torch(torch, X, y, X_test, y_test, epochs, dtype):
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    net = torch.nn.Sequential(torch.nn.Linear(SIZES[0], SIZES[1]), torch.nn.ReLU(),
                              torch.nn.Linear(SIZES[1], SIZES[2])).to(dtype)
    for layer in (net[0], net[2]):  # He init, zero biases: as adamlib.nn
        torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
        torch.nn.init.zeros_(layer.bias)
    opt = torch.optim.Adam(net.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    Xt, yt = torch.as_tensor(X, dtype=dtype), torch.as_tensor(y)
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.as_tensor(rng.permutation(len(X)))  # the same shuffling cost as ours
        for s in range(0, len(X), BATCH):
            rows = order[s:s + BATCH]
            opt.zero_grad()
            loss = loss_fn(net(Xt[rows]), yt[rows])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
    with torch.no_grad():
        accuracy = (net(torch.as_tensor(X_test, dtype=dtype)).argmax(1).numpy() == y_test).mean()
    return times, float(accuracy)


def time_notebook(path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    ours = dict(os.environ)
    os.environ.clear()
    os.environ.update(ORIGINAL_ENV)  # the kernel inherits the environment a student would have
    try:
        start = time.perf_counter()
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        return time.perf_counter() - start
    finally:
        os.environ.clear()
        os.environ.update(ours)


def load():
    return "load average {:.1f} {:.1f} {:.1f} on {} cores".format(*os.getloadavg(), os.cpu_count())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--no-notebook", action="store_true")
    args = parser.parse_args()
    X, y, X_test, y_test = digits()
    n_steps = -(-len(X) // BATCH)
    print(f"MLP {'-'.join(map(str, SIZES))} ReLU, Adam lr={LR:g}, batch {BATCH}: "
          f"{len(X)} training images, {n_steps} steps per epoch, {args.epochs} epochs each; "
          f"one thread each ({load()})")

    ours, acc = time_adamlib(X, y, X_test, y_test, args.epochs)
    ours_ms = 1e3 * statistics.median(ours)
    print(f"  adamlib (NumPy, float64)  {ours_ms:7.2f} ms/epoch   test accuracy {100 * acc:5.1f} %")
    try:
        import torch
    except ImportError:
        print("  torch is not installed: no comparison")
    else:
        torch.set_num_threads(1)
        for dtype, name in ((torch.float64, "float64"), (torch.float32, "float32")):
            theirs, acc = time_torch(torch, X, y, X_test, y_test, args.epochs, dtype)
            theirs_ms = 1e3 * statistics.median(theirs)
            print(f"  torch {torch.__version__} (CPU, {name})  {theirs_ms:7.2f} ms/epoch   "
                  f"test accuracy {100 * acc:5.1f} %   ours/torch = {ours_ms / theirs_ms:.2f}x")
    if not args.no_notebook:
        if LESSON.exists():
            seconds = time_notebook(LESSON)
            print(f"lesson {LESSON.name}: executed end to end in {seconds:.1f} s (target <= 15 s; "
                  f"{load()})")
        else:
            print(f"lesson {LESSON.name} not found: no notebook timing")


if __name__ == "__main__":
    main()
