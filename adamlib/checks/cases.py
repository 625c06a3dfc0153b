"""Test cases: what a check calls the student's function with.

For optimizer steps, :func:`optimizer_cases` builds the standard cases:
several shapes and gradient scales, consecutive steps t = 1, 2, 3 with the
reference's outputs fed back in, plus one setting with unusual
hyperparameters (a large eps, so where eps goes shows).
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass

import numpy as np

from .messages import shape_text


@dataclass(frozen=True)
class Case:
    """One call of an exercise.

    ``args`` maps each parameter name to its value, in the signature's order
    (passed positionally, except the names the exercise passes by keyword;
    every argument is always given, so a student's own defaults never change
    a case).  ``label`` says where the case comes from in words a student
    reads in a message, e.g. "the test with shape (3,), gradients ~1e-3, step t=2".
    """
    args: dict
    label: str


SETTINGS = (  # (shape, gradient scale): a scalar-like array, tiny, huge and ordinary gradients
    ((1,), 1.0),
    ((3,), 1e-3),
    ((2, 3), 1e3),
)


def rollout(reference, start: dict, grads, carry, label: str) -> list:
    """Cases for consecutive steps t = 1, 2, ... of an optimizer step function.

    ``start`` holds every argument in signature order; its "grad" is replaced
    by ``grads[t - 1]`` and its "t" (if any) by t.  After each step the
    reference's outputs are fed back in as the lessons' loops do: output i
    becomes argument ``carry[i]`` (e.g. carry = ("theta", "m", "v")).
    Feeding the REFERENCE's outputs (not the student's) keeps every case an
    independent test of one step, so a mistake is named exactly.
    """
    args, cases = dict(start), []
    names = list(inspect.signature(reference).parameters)
    for t, grad in enumerate(grads, start=1):
        args["grad"] = grad
        if "t" in args:
            args["t"] = t
        step = f"step t={t}" if "t" in args else f"step {t}"
        cases.append(Case({name: args[name] for name in names if name in args},
                          f"the test with {label}, {step}"))
        result = reference(*cases[-1].args.values())
        outputs = result if isinstance(result, tuple) else (result,)
        args.update(zip(carry, outputs))
    return cases


def optimizer_cases(reference, hyper: dict, unusual: dict, seed: int, steps: int = 3) -> list:
    """The standard cases for ``reference(theta, grad, *state, [t], *hyperparameters)``.

    For each of :data:`SETTINGS` (1-element, 3-element and 2-D arrays with
    gradients of size ~1, ~1e-3 and ~1e3) plus one more setting with the
    ``unusual`` hyperparameters (e.g. a large eps, so eps placement shows):
    theta random, every state array zero, ``steps`` consecutive steps.
    ``hyper`` holds ALL the hyperparameters' usual values (the defaults, or the
    lesson's values); ``unusual`` overrides some of them.
    """
    rng = np.random.default_rng(seed)
    params = list(inspect.signature(reference).parameters)
    state = [p for p in params[2:] if p != "t" and p not in hyper]
    cases = []
    settings = [(shape, scale, hyper, f"shape {shape_text(shape)}, gradients of size ~{scale:g}")
                for shape, scale in SETTINGS]
    settings.append(((4,), 1.0, {**hyper, **unusual},
                     "shape (4,), " + ", ".join(f"{k}={v:g}" for k, v in unusual.items())))
    for shape, scale, values, label in settings:
        start = {"theta": rng.normal(size=shape), "grad": None}
        start.update({name: np.zeros(shape) for name in state})
        if "t" in params:
            start["t"] = 1
        start.update(values)
        grads = scale * rng.normal(size=(steps, *shape))
        cases += rollout(reference, start, list(grads), ["theta", *state], label)
    return cases
