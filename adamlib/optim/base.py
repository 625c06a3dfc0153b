"""What every optimizer shares: the init/step interface over a tree of arrays.

A subclass only says which buffers ("slots") it keeps per parameter array and
how one array is updated: ``update(p, g, slots, t) -> (p, slots)``, returning
new arrays.  This class does the rest: checks the input, counts steps, keeps
the state's shape, and never mutates its arguments.
"""
import numpy as np

from .. import tree
from . import validate


def as_float_array(x, name="params"):
    """``x`` as an array of floats: ints become float64, float16/32/64 keep their dtype.

    Complex numbers are refused (``name`` says which array): NumPy would drop the
    imaginary part with only a warning.  torch steps a complex parameter as the
    pair (real, imaginary) of real numbers; here, split it yourself.
    """
    x = np.asarray(x)
    if np.issubdtype(x.dtype, np.floating):
        return x
    if np.iscomplexobj(x):
        raise ValueError(
            f"{name} holds complex numbers ({x.dtype.name}); adamlib's optimizers take real "
            "arrays only. Optimize the real and imaginary parts as two real arrays (what "
            "torch does internally with torch.view_as_real).")
    if not (np.issubdtype(x.dtype, np.integer) or x.dtype == np.bool_):
        raise ValueError(f"{name} must hold real numbers; got an array of {x.dtype.name}")
    return x.astype(np.float64)


def non_finite_count(x):
    return int(np.size(x) - np.count_nonzero(np.isfinite(x)))


_LEAF = np.empty(0)  # stands for any array in a remembered state layout


class NonFiniteError(ValueError):
    """A NaN or Inf in the gradients, or produced by the update: the step is refused."""


class Optimizer:
    # True when ``update`` treats every entry on its own (given the step t), so many runs can share one
    # array, one row per run (``runner.run_batch``). Adafactor and Muon look across an array: False.
    elementwise = True

    def __init__(self, lr, weight_decay=0.0, maximize=False):
        self.lr = lr
        self.weight_decay = validate.non_negative("weight_decay", weight_decay)
        self.maximize = validate.flag("maximize", maximize)

    @property
    def lr(self):
        return self._lr

    @lr.setter
    def lr(self, value):  # checked on every change, so a schedule cannot set a bad lr either
        self._lr = validate.non_negative("lr", value)

    def transform(self):
        """The chain of transforms (``optim.transforms``) this optimizer is: its learning rate is
        read from ``self.lr`` at each step. None for an optimizer written as one rule of its own
        (lesson 08's)."""
        return None

    def chain(self):
        """``transform()``, built once and again only after a hyperparameter other than lr changed."""
        chain = self.__dict__.get("_chain")
        if chain is None:
            chain = self._chain = self.transform()
        return chain

    def __getstate__(self):  # a copy (copy.copy, deepcopy, pickle) builds its own chain, bound to itself
        state = self.__dict__.copy()
        state.pop("_chain", None)
        return state

    def __setattr__(self, name, value):
        super().__setattr__(name, value)
        if name != "lr" and not name.startswith("_"):  # e.g. opt.eps = 1e-6: the chain is stale
            self.__dict__.pop("_chain", None)

    @property
    def slots(self):
        """Names of the per-parameter buffers this optimizer keeps, e.g. ("m", "v")."""
        chain = self.chain()
        return chain.slots if chain is not None else ()

    def init_slot(self, name, p):
        """The starting value of buffer ``name`` for parameter array ``p``."""
        chain = self.chain()
        return chain.init_slots(p)[name] if chain is not None else np.zeros_like(p)

    def init(self, params):
        """A fresh state: ``{"step": 0, <slot name>: <tree shaped like params>, ...}``."""
        arrays = [as_float_array(p, f"params{path}") for path, p in tree.leaves_with_paths(params)]
        state = {"step": 0}
        for name in self.slots:
            state[name] = tree.rebuild(params, [self.init_slot(name, p) for p in arrays])
        return state

    def check_state(self, params, state):
        """Raise ValueError unless ``state`` is a state of this optimizer for these params.

        Catches the usual slips before they become a KeyError or a silent
        broadcast: no state (None), a state made by another optimizer (other
        keys), or one made for other params (another structure or shapes).
        The expected layout comes from ``self.init(params)``, remembered per
        params layout, so a subclass with its own state shapes is judged right.
        """
        fix = "Create it with `state = opt.init(params)` (with this optimizer and these params)."
        if not isinstance(state, dict):
            raise ValueError(f"state must be the dict that {type(self).__name__}.init(params) "
                             f"returns; got {tree._kind(state)}. {fix}")
        layout = self._state_layout(params)
        if state.keys() != layout.keys():
            raise ValueError(
                f"this state has keys {sorted(state)}, but {type(self).__name__} keeps "
                f"{sorted(layout)}: it was made by another optimizer (or with other options, "
                f"e.g. momentum or amsgrad). {fix}")
        step = state["step"]
        if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or step < 0:
            raise ValueError(f"state['step'] must be the number of steps taken (an int >= 0); "
                             f"got {step!r}. {fix}")
        for name, (structure, shapes) in layout.items():
            value = state[name]
            if name == "step" or (structure is _LEAF and not tree.is_container(value)
                                  and np.shape(value) == shapes[0]):
                continue  # one array of the right shape: the lessons' case, kept fast
            found = tree.structure_difference(structure, value)
            if found:
                path, want, got = found
                raise ValueError(f"state[{name!r}]{path} is {got}, but params{path} is {want}: this "
                                 f"state was made for other params. {fix}")
            for (path, leaf), want in zip(tree.leaves_with_paths(value), shapes):
                if np.shape(leaf) != want:
                    raise ValueError(
                        f"state[{name!r}]{path} has shape {np.shape(leaf)}, but this optimizer "
                        f"keeps shape {want} for params{path}: this state was made for other "
                        f"params. {fix}")

    def _state_layout(self, params):
        """{key: (structure, [leaf shapes])} of ``self.init(params)``, cached per params layout."""
        if tree.is_container(params):
            key = (repr(tree.structure(params)), tuple(np.shape(p) for p in tree.leaves(params)),
                   self.slots)
        else:
            key = (np.shape(params), self.slots)
        cache = self.__dict__.setdefault("_layouts", {})
        if key not in cache:
            if len(cache) > 8:
                cache.clear()
            fresh = self.init(params)
            cache[key] = {name: (tree.tree_map(lambda _: _LEAF, value),
                                 [np.shape(leaf) for leaf in tree.leaves(value)])
                          for name, value in fresh.items()}
        return cache[key]

    def step(self, params, grads, state):
        """One step. Returns ``(new_params, new_state)``; params, grads and state are left as they were."""
        self.check_state(params, state)
        t = state["step"] + 1  # a Python int: the number of this step, 1 for the first
        if not (tree.is_container(params) or tree.is_container(grads)) and np.shape(params) == np.shape(grads):
            # One array, the common case in the lessons: no tree bookkeeping, same arithmetic.
            p, slots = self.step_array("", params, grads, {name: state[name] for name in self.slots}, t)
            return p, {"step": t, **slots}
        paths, ps, gs = tree.aligned_leaves(params, grads)
        columns = {name: tree.leaves(state[name]) for name in self.slots}
        new_ps, new_columns = [], {name: [] for name in self.slots}
        for i, (path, p, g) in enumerate(zip(paths, ps, gs)):
            p, slots = self.step_array(path, p, g, {name: column[i] for name, column in columns.items()}, t)
            new_ps.append(p)
            for name in self.slots:
                new_columns[name].append(slots[name])
        new_state = {"step": t}
        for name, column in new_columns.items():
            new_state[name] = tree.rebuild(params, column)
        return tree.rebuild(params, new_ps), new_state

    def step_array(self, path, p, g, slots, t):
        """``update`` on one array, refusing NaN/Inf in the gradient or the result (``path`` names it)."""
        g = as_float_array(g, f"grads{path}")
        if not np.isfinite(g).all():
            raise NonFiniteError(
                f"grads{path} has {non_finite_count(g)} NaN or Inf value(s) at step {t}; the "
                "step was not taken and the state is unchanged. Look for an overflow or a "
                "division by zero in the loss or its gradient.")
        with np.errstate(all="ignore"):  # a NaN or Inf result is reported just below, clearly
            p, slots = self.update(as_float_array(p, f"params{path}"), -g if self.maximize else g,
                                   slots, t)
        if not np.isfinite(p).all():
            raise NonFiniteError(
                f"the update of params{path} at step {t} gave {non_finite_count(p)} NaN or Inf "
                "value(s) from finite gradients, so the step was not taken. Typical causes: "
                "eps=0 with a zero gradient (0/0), or an overflow in float16/float32 "
                "(try a larger eps or float64).")
        return p, slots

    def eval_params(self, params, state):
        """Where to evaluate the model (validation, test): ``params`` themselves, except
        for optimizers that take gradients elsewhere (ScheduleFreeAdamW returns its average)."""
        return params

    def update(self, p, g, slots, t):
        """The per-array rule: the chain's updates added to p. Returns (new p, new slots).
        An optimizer without a chain writes its own: its paper's pseudocode."""
        u, slots = self.chain().rule(g, slots, p, t)
        return p + u, slots

    def hyperparameters(self):
        return {"lr": self.lr, **{k: v for k, v in vars(self).items() if not k.startswith("_")}}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}({args})"
