"""One optimizer per part of the parameter tree (as optax.multi_transform).

    opt = PerParameter({"muon": Muon(lr=0.02), "adamw": AdamW(lr=1e-3)},
                       labels=lambda path, p: "muon" if p.ndim == 2 else "adamw")
    state = opt.init(params)      # {"step": 0, "muon": <Muon's state>, "adamw": <AdamW's state>}
    params, state = opt.step(params, grads, state)

Each optimizer sees only its own part of the tree, as nested dicts whose paths
read as in the full tree (a list index becomes a dict key, so ``['layers'][0]``
stays ``['layers'][0]`` in error messages), and keeps its own state, step count
and lr (``opt.optimizers["adamw"].lr = ...``).
"""
from .. import tree


def _part(node, labels, label):
    """The arrays of ``node`` labelled ``label``, as nested dicts; None when there are none."""
    if not tree.is_container(node):
        return node if labels == label else None
    keys = node.keys() if isinstance(node, dict) else range(len(node))
    parts = {key: _part(node[key], labels[key], label) for key in keys}
    return {key: part for key, part in parts.items() if part is not None} or None


class PerParameter:
    """Send each parameter array to the optimizer its label names.

    ``optimizers``: a dict {label: optimizer}.  ``labels``: either a tree of
    labels shaped like params, or a function ``labels(path, array) -> label``
    called for each array (``path`` as in error messages, e.g. ``"['W1']"``).
    Same interface as every optimizer here: ``init``, ``step`` (inputs never
    mutated) and ``eval_params`` (each part evaluated where its optimizer says).
    """

    def __init__(self, optimizers, labels):
        if not isinstance(optimizers, dict) or not optimizers:
            raise ValueError(f"optimizers must be a non-empty dict {{label: optimizer}}; got {optimizers!r}")
        for label, opt in optimizers.items():
            if not isinstance(label, str) or label == "step":
                raise ValueError(f"each label must be a string other than 'step' (the state's step "
                                 f"count); got {label!r}")
            if not all(hasattr(opt, method) for method in ("init", "step", "eval_params")):
                raise ValueError(f"optimizers[{label!r}] must be an optimizer (with init, step and "
                                 f"eval_params); got {opt!r}")
        self.optimizers = dict(optimizers)
        self.labels = labels

    def label_tree(self, params):
        """The label of every array, as a tree shaped like params; checks every label is known."""
        if callable(self.labels):
            named = tree.leaves_with_paths(params)
            labels = tree.rebuild(params, [self.labels(path, p) for path, p in named])
        else:
            labels = self.labels
            if tree.structure(labels) != tree.structure(params):
                raise ValueError("labels must be a function or a tree shaped like params; got labels "
                                 f"{tree.structure(labels)!r} for params {tree.structure(params)!r}")
        for path, label in tree.leaves_with_paths(labels):
            if label not in self.optimizers:
                raise ValueError(f"params{path} is labelled {label!r}, but the optimizers are "
                                 f"labelled {sorted(self.optimizers)}")
        return labels

    def parts(self, params, labels):
        """{label: that optimizer's part of the tree ({} when it has no arrays)}."""
        return {label: _part(params, labels, label) or {} for label in self.optimizers}

    def init(self, params):
        parts = self.parts(params, self.label_tree(params))
        return {"step": 0, **{label: opt.init(parts[label]) for label, opt in self.optimizers.items()}}

    def step(self, params, grads, state):
        """One step of every optimizer on its part. Returns ``(new_params, new_state)``."""
        paths, _, _ = tree.aligned_leaves(params, grads)
        if not isinstance(state, dict) or state.keys() != {"step", *self.optimizers}:
            raise ValueError("state must be the dict that this PerParameter's init(params) returns, "
                             f"with keys ['step', {', '.join(map(repr, self.optimizers))}]; got "
                             f"{sorted(state) if isinstance(state, dict) else type(state).__name__}")
        labels = self.label_tree(params)
        ps, gs = self.parts(params, labels), self.parts(grads, labels)
        new_state, new_arrays = {"step": state["step"] + 1}, {}
        for label, opt in self.optimizers.items():
            p, new_state[label] = opt.step(ps[label], gs[label], state[label])
            new_arrays.update(tree.leaves_with_paths(p))
        return tree.rebuild(params, [new_arrays[path] for path in paths]), new_state

    def eval_params(self, params, state):
        """Each part where its optimizer evaluates (ScheduleFreeAdamW: its average x)."""
        labels = self.label_tree(params)
        ps, evaluated = self.parts(params, labels), {}
        for label, opt in self.optimizers.items():
            evaluated.update(tree.leaves_with_paths(opt.eval_params(ps[label], state[label])))
        return tree.rebuild(params, [evaluated[path] for path, _ in tree.leaves_with_paths(params)])

    def __repr__(self):
        return f"PerParameter({self.optimizers!r}, labels={self.labels!r})"
