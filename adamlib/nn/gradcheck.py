"""Check a backward pass against central finite differences.

    df/dx_i  ~  (f(x + h e_i) - f(x - h e_i)) / (2h)     error O(h^2)

In float64 with h = 1e-6 an analytic gradient that is right agrees to about
1e-8 relative error; one that is wrong usually disagrees at order 1.
"""
import numpy as np

from .. import tree


def numerical_gradient(f, params, h=1e-6):
    """Central-difference gradient of the scalar ``f(params)``, shaped like ``params``.

    ``params`` is an array or a tree of float64 arrays; each entry is nudged
    in turn on a copy, so ``params`` itself is left untouched.
    """
    work = tree.tree_map(lambda p: np.array(p, dtype=np.float64, copy=True), params)
    grads = []
    for leaf in tree.leaves(work):
        g = np.zeros_like(leaf)
        flat, gflat = leaf.reshape(-1), g.reshape(-1)
        for i in range(flat.size):
            saved = flat[i]
            flat[i] = saved + h
            up = f(work)
            flat[i] = saved - h
            down = f(work)
            flat[i] = saved
            gflat[i] = (up - down) / (2.0 * h)
        grads.append(g)
    return tree.rebuild(params, grads)


def relative_error(a, b):
    """``max |a - b| / max(|a|, |b|, 1e-12)`` over the leaves of two trees, as a float."""
    la = np.concatenate([np.ravel(x) for x in tree.leaves(a)])
    lb = np.concatenate([np.ravel(x) for x in tree.leaves(b)])
    scale = max(np.max(np.abs(la)), np.max(np.abs(lb)), 1e-12)
    return float(np.max(np.abs(la - lb)) / scale)
