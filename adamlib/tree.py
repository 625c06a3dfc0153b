"""Parameters as a "tree": one NumPy array, or a dict / list / tuple of arrays.

Optimizers work array by array; these helpers flatten a tree into its arrays
(the leaves), and build a tree of the same shape from new leaves.
"""
import numpy as np


def leaves_with_paths(tree, path=""):
    """[(path, array), ...] in a fixed order; path reads like Python: ``['w'][0]``."""
    if isinstance(tree, dict):
        return [pair for key in tree for pair in leaves_with_paths(tree[key], f"{path}[{key!r}]")]
    if isinstance(tree, (list, tuple)):
        return [pair for i, item in enumerate(tree) for pair in leaves_with_paths(item, f"{path}[{i}]")]
    return [(path, tree)]


def leaves(tree):
    """The arrays of ``tree`` in a fixed order."""
    return [leaf for _, leaf in leaves_with_paths(tree)]


def is_container(tree):
    return isinstance(tree, (dict, list, tuple))


def rebuild(tree, new_leaves):
    """A tree shaped like ``tree`` whose arrays are ``new_leaves``, in order."""
    if not is_container(tree):  # the common case of a single array, kept fast
        return new_leaves[0]
    it = iter(new_leaves)

    def build(node):
        if isinstance(node, dict):
            return {key: build(value) for key, value in node.items()}
        if isinstance(node, (list, tuple)):
            return type(node)(build(item) for item in node)
        return next(it)

    return build(tree)


def tree_map(fn, tree, *rest):
    """Apply ``fn`` leaf by leaf to ``tree`` (and to trees shaped like it)."""
    columns = [leaves(tree)] + [leaves(other) for other in rest]
    return rebuild(tree, [fn(*args) for args in zip(*columns)])


def structure(tree):
    """The tree's shape with every array replaced by None (to compare two trees)."""
    return tree_map(lambda _: None, tree)


def check_same_structure(params, grads):
    """Raise ValueError naming the first place where grads do not fit params."""
    aligned_leaves(params, grads)


def aligned_leaves(params, grads):
    """(paths, param arrays, grad arrays), after checking that grads fit params."""
    named_ps, named_gs = leaves_with_paths(params), leaves_with_paths(grads)
    paths = [path for path, _ in named_ps]
    if (is_container(params) or is_container(grads)) and structure(params) != structure(grads):
        raise ValueError(
            "grads must have the same structure as params (the same dict keys / list "
            f"lengths); got params {structure(params)!r} and grads {structure(grads)!r}"
        )
    for path, (_, p), (_, g) in zip(paths, named_ps, named_gs):
        if np.shape(p) != np.shape(g):
            raise ValueError(
                f"grads{path} has shape {np.shape(g)} but params{path} has shape "
                f"{np.shape(p)}; each gradient must have its parameter's shape"
            )
    return paths, [p for _, p in named_ps], [g for _, g in named_gs]
