"""Gradient clipping by the global norm, as torch.nn.utils.clip_grad_norm_ (functional: no mutation).

    grads, total_norm = clip_by_global_norm(grads, max_norm=1.0)
    params, state = opt.step(params, grads, state)

One norm over the WHOLE tree (every array of every layer together), not one per
array, so clipping shrinks all gradients by the same factor and keeps their
direction:

    total_norm = || (||g_1||, ||g_2||, ...) ||          (the norm of all entries at once)
    coef       = min(1, max_norm / (total_norm + 1e-6))
    g_i       <- coef * g_i

The ``1e-6`` is torch's (it guards against 0 / 0). optax's function of the same
name computes ``g * max_norm / max(total_norm, max_norm)``: identical except
within about 1e-6 of the threshold.
"""
import math
import numbers

import numpy as np

from .. import tree
from .base import as_float_array

TORCH_EPS = 1e-6  # torch's clip_coef = max_norm / (total_norm + 1e-6)


def global_norm(grads, norm_type=2.0):
    """The ``norm_type``-norm of all entries of the tree ``grads`` together (inf: largest |entry|)."""
    return _norm(_arrays(grads), _norm_type(norm_type))


def _arrays(grads):
    """The tree's arrays as floats, each named by its path if it is refused."""
    return [as_float_array(g, f"grads{path}") for path, g in tree.leaves_with_paths(grads)]


def _norm(arrays, norm_type):
    if not arrays:
        return 0.0
    if norm_type == math.inf:
        return float(max(np.max(np.abs(a), initial=0.0) for a in arrays))
    per_array = np.array([np.linalg.norm(a.ravel().astype(np.float64), norm_type) for a in arrays])
    return float(np.linalg.norm(per_array, norm_type))


def clip_by_global_norm(grads, max_norm, norm_type=2.0, error_if_nonfinite=False):
    """``(clipped_grads, total_norm)``: ``grads`` scaled so their global norm is at most ``max_norm``.

    grads:     an array or a tree (dict / list) of arrays; never changed in place.
    max_norm:  the largest global norm allowed, in [0, inf] (inf: measure only, never clip).
    norm_type: p of the p-norm, > 0, or ``math.inf`` (the largest |entry|); torch's default 2.
    error_if_nonfinite: raise ValueError when the total norm is NaN or Inf (torch's option; by
               default, as in torch, the NaN or Inf goes into the gradients, and any adamlib
               optimizer then refuses the step).

    Every array is multiplied by the same ``coef = min(1, max_norm / (total_norm + 1e-6))``
    and keeps its dtype. ``total_norm`` (a float) is the norm BEFORE clipping, as torch returns it.
    """
    if isinstance(max_norm, bool) or not isinstance(max_norm, numbers.Real) or math.isnan(max_norm) \
            or max_norm < 0:
        raise ValueError(f"max_norm must be a number in [0, inf], got {max_norm!r}")
    norm_type = _norm_type(norm_type)
    arrays = _arrays(grads)
    total = _norm(arrays, norm_type)
    if not math.isfinite(total) and error_if_nonfinite:
        raise ValueError(f"the total norm of the gradients is {total}: clipping cannot repair a NaN "
                         "or Inf gradient. Look for an overflow or a division by zero in the loss.")
    with np.errstate(all="ignore"):  # NaN / Inf propagate as in torch (clamp keeps a NaN coef)
        coef = float(np.minimum(1.0, np.float64(max_norm) / (total + TORCH_EPS)))
    return tree.rebuild(grads, [(a * coef).astype(a.dtype) for a in arrays]), total


def _norm_type(value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value) \
            or value <= 0:
        raise ValueError(f"norm_type must be a number in (0, inf], got {value!r}")
    return float(value)
