"""Parameters as a "tree": one NumPy array, or a dict / list / tuple of arrays.

Optimizers work array by array; these helpers flatten a tree into its arrays
(the leaves), and build a tree of the same shape from new leaves.

    >>> params = {"w": np.ones(2), "layers": [np.zeros(1), np.full(1, 3.0)]}
    >>> [path for path, _ in leaves_with_paths(params)]
    ["['w']", "['layers'][0]", "['layers'][1]"]
    >>> doubled = tree_map(lambda a: 2 * a, params)
    >>> doubled["layers"][1].tolist(), rebuild(params, leaves(doubled))["w"].tolist()
    ([6.0], [2.0, 2.0])
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


def _kind(node):
    """What sits at one place of a tree, in words: "a dict with keys ['W', 'b']", "a list of 3"."""
    if isinstance(node, dict):
        return f"a dict with keys {list(node)!r}"
    if isinstance(node, (list, tuple)):
        return f"a {type(node).__name__} of {len(node)}"
    if node is None:
        return "None"
    if isinstance(node, (int, float, complex, np.number)):
        return "a number"
    return "an array" if isinstance(node, np.ndarray) else f"a {type(node).__name__}"


def structure_difference(a, b, path=""):
    """The first place where trees ``a`` and ``b`` differ in structure: ``(path, kind in a, kind in b)``.

    Keys are compared as sets, list and tuple lengths as numbers; leaves (arrays,
    numbers) of any shape count as the same.  None when the structures agree.
    """
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return path, _kind(a), _kind(b)
        for key in a:
            found = structure_difference(a[key], b[key], f"{path}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and type(a) is type(b):
        if len(a) != len(b):
            return path, _kind(a), _kind(b)
        for i, (x, y) in enumerate(zip(a, b)):
            found = structure_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    if is_container(a) or is_container(b) or (a is None) != (b is None):
        return path, _kind(a), _kind(b)
    return None


def _ordered_like(template, other):
    """``other`` with its dict keys in ``template``'s order (same structure assumed), so leaves align."""
    if isinstance(template, dict):
        return {key: _ordered_like(template[key], other[key]) for key in template}
    if isinstance(template, (list, tuple)):
        return type(other)(_ordered_like(t, o) for t, o in zip(template, other))
    return other


def aligned_leaves(params, grads, name="grads"):
    """(paths, param arrays, grad arrays), after checking that ``grads`` (called ``name``) fit params."""
    found = structure_difference(params, grads)
    if found:
        path, in_params, in_other = found
        where = f"at {path}" if path else "at the top level"
        raise ValueError(
            f"{name} must have the same structure as params (the same dict keys / list "
            f"lengths); they differ {where}: params{path} is {in_params}, but "
            f"{name}{path} is {in_other}"
        )
    named_ps, named_gs = leaves_with_paths(params), leaves_with_paths(_ordered_like(params, grads))
    paths = [path for path, _ in named_ps]
    for path, (_, p), (_, g) in zip(paths, named_ps, named_gs):
        if np.shape(p) != np.shape(g):
            raise ValueError(
                f"{name}{path} has shape {np.shape(g)} but params{path} has shape "
                f"{np.shape(p)}; each {'gradient' if name == 'grads' else 'entry'} must have "
                "its parameter's shape"
            )
    return paths, [p for _, p in named_ps], [g for _, g in named_gs]
