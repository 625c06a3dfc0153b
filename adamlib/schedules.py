"""Learning-rate schedules: functions of the step number t (1 for the first step) returning lr.

    schedule = warmup_cosine(1e-3, warmup_steps=100, total_steps=1000)
    opt.lr = schedule(t)                  # adamlib.runner.run(..., schedule=schedule) does this

Each schedule is a plain function, so they compose: ``join`` runs one schedule
until a boundary and the next one after it, with the step count restarted.

Conventions (the same as torch.optim.lr_scheduler and optax, shifted by one
because those count from 0 and we count from 1):

- ``linear_warmup``: lr * t / warmup_steps, so step 1 already moves (lr / warmup_steps)
  and step ``warmup_steps`` is the first at the full lr.
- ``cosine_decay``: a half cosine from lr at t = 1 to final_lr at t = total_steps + 1,
  i.e. torch's CosineAnnealingLR(T_max=total_steps) and optax's
  cosine_decay_schedule(decay_steps=total_steps). The last of total_steps steps
  is small but not wasted at exactly final_lr = 0.
- ``step_decay``: lr * gamma ** ((t - 1) // step_size), torch's StepLR.

    >>> warm = linear_warmup(0.1, warmup_steps=4)
    >>> [round(warm(t), 3) for t in (1, 2, 4, 10)]
    [0.025, 0.05, 0.1, 0.1]
    >>> decay = cosine_decay(1.0, total_steps=2)          # 1 at t = 1, 0.5 halfway, 0 at t = 3
    >>> [round(decay(t), 3) for t in (1, 2, 3)]
    [1.0, 0.5, 0.0]
"""
import math
import numbers


# --- argument checks: fail loudly, naming the argument and the allowed range ---

def _real(name, value, low=0.0, low_open=False):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite real number, got {value!r}")
    if value < low or (low_open and value == low):
        bracket = "(" if low_open else "["
        raise ValueError(f"{name} must be in {bracket}{low:g}, inf), got {value!r}")
    return float(value)


def _count(name, value, low=1):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def _step(t):
    """The step number a schedule is asked about: an integer >= 1."""
    return _count("t (the step number, 1 for the first step)", t)


# --- the schedules ---

def constant(lr):
    """lr at every step."""
    lr = _real("lr", lr)

    def schedule(t):
        _step(t)
        return lr

    return schedule


def linear_warmup(lr, warmup_steps):
    """lr * t / warmup_steps for t <= warmup_steps, then lr.

    Adam's first steps are its least reliable (v is averaged over few gradients),
    so warmup keeps them short.
    """
    lr = _real("lr", lr)
    warmup_steps = _count("warmup_steps", warmup_steps)

    def schedule(t):
        return lr * min(_step(t), warmup_steps) / warmup_steps

    return schedule


def cosine_decay(lr, total_steps, final_lr=0.0):
    """lr at t = 1, half a cosine down to final_lr at t = total_steps + 1, then final_lr.

        lr(t) = final_lr + (lr - final_lr) * (1 + cos(pi * (t - 1) / total_steps)) / 2
    """
    lr = _real("lr", lr)
    total_steps = _count("total_steps", total_steps)
    final_lr = _real("final_lr", final_lr)
    if final_lr > lr:
        raise ValueError(f"final_lr must be in [0, lr] = [0, {lr!r}], got {final_lr!r}")

    def schedule(t):
        progress = min(_step(t) - 1, total_steps) / total_steps
        return final_lr + (lr - final_lr) * 0.5 * (1.0 + math.cos(math.pi * progress))

    return schedule


def step_decay(lr, step_size, gamma=0.1):
    """lr, multiplied by gamma after every step_size steps: lr * gamma ** ((t - 1) // step_size)."""
    lr = _real("lr", lr)
    step_size = _count("step_size", step_size)
    gamma = _real("gamma", gamma, low=0.0, low_open=True)
    if gamma > 1:
        raise ValueError(f"gamma must be in (0, 1], got {gamma!r}")

    def schedule(t):
        return lr * gamma ** ((_step(t) - 1) // step_size)

    return schedule


def inverse_sqrt(lr):
    """lr / sqrt(t): the decay Adam's convergence proof assumes (Kingma & Ba; Reddi et al.)."""
    lr = _real("lr", lr)

    def schedule(t):
        return lr / math.sqrt(_step(t))

    return schedule


def join(schedules, boundaries):
    """Run ``schedules[0]`` for t <= boundaries[0], then ``schedules[1]``, and so on.

    Each schedule sees its own step count starting again at 1: after boundary b,
    schedule k is asked about t - b (like optax.join_schedules and torch's SequentialLR).
    """
    schedules = list(schedules)
    boundaries = [_count(f"boundaries[{i}]", b) for i, b in enumerate(boundaries)]
    if len(schedules) != len(boundaries) + 1:
        raise ValueError(f"join needs one schedule more than boundaries; got {len(schedules)} "
                         f"schedules and {len(boundaries)} boundaries")
    if any(a >= b for a, b in zip(boundaries, boundaries[1:])):
        raise ValueError(f"boundaries must be strictly increasing, got {boundaries!r}")
    if not all(callable(s) for s in schedules):
        raise ValueError("schedules must be functions of the step number t")

    def schedule(t):
        t = _step(t)
        start = 0
        for boundary, piece in zip(boundaries, schedules):
            if t <= boundary:
                return piece(t - start)
            start = boundary
        return schedules[-1](t - start)

    return schedule


def warmup_cosine(lr, warmup_steps, total_steps, final_lr=0.0):
    """Linear warmup to lr over warmup_steps, then cosine decay to final_lr over the rest.

    Steps 1..warmup_steps: lr * t / warmup_steps.  Steps after: cosine_decay over
    total_steps - warmup_steps steps (so the peak lr is used at t = warmup_steps and
    t = warmup_steps + 1, and final_lr is reached at t = total_steps + 1), as
    torch's SequentialLR([LinearLR, CosineAnnealingLR], milestones=[warmup_steps]).
    """
    warmup_steps = _count("warmup_steps", warmup_steps)
    total_steps = _count("total_steps", total_steps)
    if total_steps <= warmup_steps:
        raise ValueError(f"total_steps must be > warmup_steps = {warmup_steps}, got {total_steps}")
    return join([linear_warmup(lr, warmup_steps),
                 cosine_decay(lr, total_steps - warmup_steps, final_lr)], [warmup_steps])
