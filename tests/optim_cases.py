"""The optimizer configurations compared with torch.optim and optax: every option of every optimizer.

Shared by test_optim_torch.py and test_optim_optax.py (live comparisons when
torch / optax is installed, stored trajectories always) and by
make_optim_reference.py (which stores the trajectories for machines without them).
"""
import contextlib
import inspect

import numpy as np

CASES = [
    ("SGD", dict(lr=0.05)),
    ("SGD", dict(lr=0.05, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.5)),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True)),
    ("SGD", dict(lr=0.05, momentum=0.5, weight_decay=0.1, maximize=True)),
    ("Adagrad", dict(lr=0.1)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.5, eps=1e-6)),
    ("Adagrad", dict(lr=0.1, weight_decay=0.1, maximize=True)),
    ("RMSprop", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, alpha=0.9, eps=1e-4, centered=True)),
    ("RMSprop", dict(lr=0.01, momentum=0.9, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.01, centered=True, momentum=0.5, maximize=True)),
    ("Adam", dict(lr=0.01)),
    ("Adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6)),
    ("Adam", dict(lr=0.01, weight_decay=0.1)),
    ("Adam", dict(lr=0.01, amsgrad=True)),
    ("Adam", dict(lr=0.01, amsgrad=True, weight_decay=0.1, maximize=True)),
    ("AdamW", dict(lr=0.01)),
    ("AdamW", dict(lr=0.01, weight_decay=0.1, amsgrad=True, betas=(0.5, 0.9))),
    ("AdamW", dict(lr=0.01, maximize=True)),
    ("Adamax", dict(lr=0.01)),
    ("Adamax", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-4, weight_decay=0.1, maximize=True)),
    ("NAdam", dict(lr=0.01)),
    ("NAdam", dict(lr=0.01, momentum_decay=0.01, weight_decay=0.1)),
    ("NAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("RAdam", dict(lr=0.01)),
    ("RAdam", dict(lr=0.01, betas=(0.8, 0.9), weight_decay=0.1)),
    ("RAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("Adadelta", dict()),
    ("Adadelta", dict(lr=0.5, rho=0.8, eps=1e-4)),
    ("Adadelta", dict(weight_decay=0.1, maximize=True)),
    ("Adafactor", dict()),
    ("Adafactor", dict(lr=0.05, beta2_decay=-0.5, eps=(1e-20, 1e-2), d=2.0)),
    ("Adafactor", dict(lr=0.3, eps=(1e-3, 1e-3))),  # lr above 1/sqrt(t) for t > 11: the 1/sqrt(t) cap acts
    ("Adafactor", dict(weight_decay=0.1, maximize=True)),
    # Muon: torch's algorithm with its Newton-Schulz iteration in float64 (see newton_schulz_in_float64)
    ("Muon", dict(lr=0.02)),
    ("Muon", dict(lr=0.02, momentum=0.9, nesterov=False, weight_decay=0.0)),
    ("Muon", dict(lr=0.02, ns_coefficients=(1.5, -0.5, 0.0), ns_steps=8, eps=1e-3)),
    ("Muon", dict(lr=0.02, adjust_lr_fn="original", weight_decay=0.5)),
    ("Muon", dict(lr=0.01, adjust_lr_fn="match_rms_adamw")),
]

# optax's optimizers have no torch.optim twin; `maximize` is compared by negating optax's gradients.
OPTAX_CASES = [
    ("Lion", dict(lr=1e-3)),
    ("Lion", dict(lr=3e-3, betas=(0.8, 0.95), weight_decay=0.5)),
    ("Lion", dict(lr=1e-3, weight_decay=0.1, maximize=True)),
    ("ScheduleFreeAdamW", dict(lr=0.01)),
    ("ScheduleFreeAdamW", dict(lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    ("ScheduleFreeAdamW", dict(lr=0.02, warmup_steps=30, weight_lr_power=1.0)),
    ("ScheduleFreeAdamW", dict(lr=0.01, weight_lr_power=0.0, maximize=True)),
]

STEPS = 200


def case_id(name, kwargs):
    return name + "(" + ", ".join(f"{k}={v}" for k, v in kwargs.items()) + ")"


def start_point(name=None):
    """Parameter arrays of different shapes and scales: a matrix and a vector, and for

    Adafactor also a 3-D array (factored over its last two axes); Muon takes
    matrices only: a wide one and a tall one (which Newton-Schulz transposes).
    """
    rng = np.random.default_rng(1)
    params = {"w": rng.normal(size=(3, 4)), "b": rng.normal(size=5) * 10}
    if name == "Adafactor":
        params["k"] = rng.normal(size=(2, 3, 2))
    if name == "Muon":
        params = {"w": params["w"], "u": rng.normal(size=(5, 2)) * 3}
    return params


def gradient(params, t):
    """A noisy quadratic's gradient: curvatures from 0.01 to 3, noise seeded by the step t."""
    rng = np.random.default_rng(t)
    return {key: p * np.linspace(0.01, 3, p.size).reshape(p.shape) + 0.3 * rng.normal(size=p.shape)
            for key, p in params.items()}


def run_adamlib(name, kwargs, steps=STEPS):
    """adamlib's trajectory: a list of params dicts, one per step (after the step).

    When the optimizer evaluates elsewhere (Schedule-Free's average x), the
    dicts also hold ``eval[<key>]``: ``opt.eval_params(params, state)``.
    """
    from adamlib import optim

    opt = getattr(optim, name)(**kwargs)
    params = start_point(name)
    state = opt.init(params)
    out = []
    for t in range(1, steps + 1):
        params, state = opt.step(params, gradient(params, t), state)
        evaluated = opt.eval_params(params, state)
        extra = {} if evaluated is params else {f"eval[{k}]": v for k, v in evaluated.items()}
        out.append({**params, **extra})
    return out


def run_torch(name, kwargs, steps=STEPS, stock_muon=False):
    """torch.optim's trajectory on the same gradients, in float64.

    Muon's Newton-Schulz iteration runs in float64 too, unless ``stock_muon``
    (then in bfloat16, as torch ships it).
    """
    import torch

    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)  # torch keeps scalar state (step, mu_product) in this dtype
    exact = name == "Muon" and not stock_muon
    try:
        with newton_schulz_in_float64() if exact else contextlib.nullcontext():
            return _run_torch(torch, name, kwargs, steps)
    finally:
        torch.set_default_dtype(previous)


@contextlib.contextmanager
def newton_schulz_in_float64():
    """torch.optim.Muon with its own Newton-Schulz code minus the ``.bfloat16()`` cast.

    The copy is made from torch's source text, so it is torch's algorithm
    (transposes, eps, coefficients) in the input's dtype; ``.clone()`` keeps
    the in-place division off the momentum buffer, as the cast's copy did.
    """
    from torch.optim import _muon

    original = _muon._zeropower_via_newtonschulz
    source = inspect.getsource(original)
    if source.count("grad.bfloat16()") != 1:
        raise RuntimeError("torch's Newton-Schulz code changed: update newton_schulz_in_float64")
    namespace = dict(vars(_muon))
    exec(source.replace("grad.bfloat16()", "grad.clone()"), namespace)
    _muon._zeropower_via_newtonschulz = namespace[original.__name__]
    try:
        yield
    finally:
        _muon._zeropower_via_newtonschulz = original


def _run_torch(torch, name, kwargs, steps):
    tensors = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True)
               for k, v in start_point(name).items()}
    opt = getattr(torch.optim, name)(list(tensors.values()), **kwargs)
    out = []
    for t in range(1, steps + 1):
        grads = gradient({k: v.detach().numpy() for k, v in tensors.items()}, t)
        for k, tensor in tensors.items():
            tensor.grad = torch.tensor(grads[k], dtype=torch.float64)
        opt.step()
        out.append({k: v.detach().numpy().copy() for k, v in tensors.items()})
    return out


def run_optax(name, kwargs, steps=STEPS, float64_warmup=True):
    """optax's trajectory on the same gradients, in float64 (jax with x64 enabled).

    Schedule-Free's dicts also hold ``eval[<key>]``: optax's schedule_free_eval_params.
    ``float64_warmup``: see schedule_free_adamw below.
    """
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    import optax

    kw = dict(kwargs)
    sign = -1.0 if kw.pop("maximize", False) else 1.0  # optax minimises: maximise f = minimise -f
    b1, b2 = kw.pop("betas", (0.9, 0.99) if name == "Lion" else (0.9, 0.999))
    if name == "Lion":  # adamlib's default weight_decay is 0.0, optax's 1e-3: always pass it
        opt = optax.lion(kw.pop("lr"), b1=b1, b2=b2, weight_decay=kw.pop("weight_decay", 0.0))
    else:
        opt = schedule_free_adamw(optax, jnp, kw.pop("lr"), kw.pop("warmup_steps", 0), b1, b2,
                                  **{k: kw.pop(k) for k in ("eps", "weight_decay", "weight_lr_power")
                                     if k in kw},
                                  float64_warmup=float64_warmup)
    if kw:
        raise ValueError(f"run_optax does not translate {sorted(kw)} for {name}")
    params = {k: jnp.asarray(v, dtype=jnp.float64) for k, v in start_point(name).items()}
    keys = list(params)
    state, update = opt.init(params), jax.jit(opt.update)  # compiled once per case: faster
    out = []
    for t in range(1, steps + 1):
        # in start_point's key order (jax sorts dict keys): the noise is drawn key by key
        grads = gradient({k: np.asarray(params[k]) for k in keys}, t)
        updates, state = update({k: jnp.asarray(sign * g) for k, g in grads.items()}, state, params)
        params = optax.apply_updates(params, updates)
        row = {k: np.asarray(v) for k, v in params.items()}
        if name == "ScheduleFreeAdamW":
            evaluated = optax.contrib.schedule_free_eval_params(state, params)
            row.update({f"eval[{k}]": np.asarray(v) for k, v in evaluated.items()})
        out.append(row)
    return out


def schedule_free_adamw(optax, jnp, lr, warmup_steps, b1, b2, eps=1e-8, weight_decay=0.0, weight_lr_power=2.0,
                        float64_warmup=True):
    """optax.contrib.schedule_free_adamw; with warmup and ``float64_warmup``, its own chain with the
    warmup lr computed in float64.

    optax's warmup schedule divides an int32 step count by warmup_steps, which
    JAX does in float32: lr is off by ~1e-8 relative during warmup.  The chain
    below is schedule_free_adamw's body (optax 0.2.8) with only that schedule replaced.
    """
    if not (warmup_steps and float64_warmup):
        return optax.contrib.schedule_free_adamw(lr, warmup_steps or None, b1, b2, eps, weight_decay,
                                                 weight_lr_power)

    def schedule(count):
        return lr * jnp.minimum(jnp.asarray(count, jnp.float64), warmup_steps) / warmup_steps

    base = optax.chain(optax.scale_by_rms(decay=b2, eps=eps, eps_in_sqrt=False, bias_correction=True),
                       optax.add_decayed_weights(weight_decay), optax.scale_by_learning_rate(schedule))
    return optax.contrib.schedule_free(base, schedule, b1=b1, weight_lr_power=weight_lr_power)


def stored_trajectory(path, name, kwargs):
    """One case's checkpoints in the .npz at ``path``: ({step: params dict}, framework version)."""
    stored = np.load(path)
    prefix = case_id(name, kwargs) + "|"
    by_step = {}
    for key in stored.files:
        if key.startswith(prefix):
            _, t, array = key.split("|")
            by_step.setdefault(int(t), {})[array] = stored[key]
    return by_step, str(stored["version"])


def stored_difference(path, name, kwargs, version_prefix):
    """adamlib's run against the stored one at ``path``: the max relative difference over its checkpoints.

    Asserts first that the file was written by ``version_prefix`` ("torch 2.13", "optax "), holds 10
    checkpoints for the case, and stores the same arrays as adamlib's run (Schedule-Free: eval[...] too).
    """
    by_step, version = stored_trajectory(path, name, kwargs)
    assert version.startswith(version_prefix), version
    assert len(by_step) == 10, "the reference file must hold 10 checkpoints per case; regenerate it"
    ours = run_adamlib(name, kwargs)
    steps = sorted(by_step)
    assert ours[0].keys() == by_step[steps[0]].keys()
    return max_relative_difference([ours[t - 1] for t in steps], [by_step[t] for t in steps])


def max_relative_difference(ours, theirs):
    """max over steps and arrays of |ours - theirs| / max|theirs| (relative to the array's scale)."""
    return max(float(np.max(np.abs(a[k] - b[k])) / np.max(np.abs(b[k])))
               for a, b in zip(ours, theirs) for k in b)
