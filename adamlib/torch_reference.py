"""adamlib.optim.Adam next to torch.optim.Adam, the same on every machine.

Lesson 04 ends by showing that adamlib's Adam takes the same steps as torch's. It compares with a
trajectory of torch.optim.Adam stored in ``adamlib/data/adam_rosenbrock_torch.npz``, written by
``tests/make_optim_reference.py`` (the one generator of every stored reference), so the lesson
needs no torch (students and Binder rarely have it) and no 5-second ``import torch``; the tests
run torch again and check that the stored run is what torch gives today.

The setup is fixed: Rosenbrock from (-1.2, 1), float64, ``SETUP`` below.
Both sides get the gradient from ``adamlib.problems``, so the only thing
compared is the optimizer.
"""
from pathlib import Path

import numpy as np

from . import problems

STORED = Path(__file__).parent / "data" / "adam_rosenbrock_torch.npz"

SETUP = {"x0": (-1.2, 1.0), "lr": 0.05, "betas": (0.9, 0.999), "eps": 1e-8, "steps": 200}


def problem():
    """The problem of the comparison: Rosenbrock with a = 1, b = 100."""
    return problems.rosenbrock()


def run_torch(setup=SETUP):
    """torch.optim.Adam's points x_0 .. x_steps, shape (steps + 1, 2); needs torch."""
    import torch

    f = problem()
    p = torch.tensor(setup["x0"], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=setup["lr"], betas=setup["betas"], eps=setup["eps"])
    xs = [p.detach().numpy().copy()]
    for t in range(1, setup["steps"] + 1):
        p.grad = torch.from_numpy(f.grad(p.detach().numpy(), t))
        opt.step()
        xs.append(p.detach().numpy().copy())
    return np.array(xs)


def stored():
    """The stored torch.optim.Adam trajectory, shape (steps + 1, 2)."""
    with np.load(STORED) as data:
        return data["trajectory"]


def stored_setup():
    """The ``SETUP`` the stored trajectory was made with (to compare with today's)."""
    with np.load(STORED) as data:
        return {key[len("setup_"):]: data[key].tolist() for key in data.files if key.startswith("setup_")}


def stored_version():
    """The torch version the stored trajectory was made with, e.g. "torch 2.13.0+cpu"."""
    with np.load(STORED) as data:
        return str(data["version"])


def relative_difference(ours, theirs):
    """max |ours - theirs| over every point and coordinate, relative to max |theirs|.

    Relative to the trajectory's overall size, not coordinate by coordinate,
    because Rosenbrock's path crosses x = 0, where a per-entry ratio means nothing.
    """
    ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    if ours.shape != theirs.shape:
        raise ValueError(f"trajectories of different shapes: {ours.shape} and {theirs.shape}")
    return float(np.max(np.abs(ours - theirs)) / np.max(np.abs(theirs)))
