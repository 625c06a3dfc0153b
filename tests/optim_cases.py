"""The optimizer configurations compared with torch.optim: every option of every optimizer.

Shared by test_optim_torch.py (live comparison when torch is installed) and by
make_torch_reference.py (which stores torch's trajectories for machines without torch).
"""
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
]

STEPS = 200


def case_id(name, kwargs):
    return name + "(" + ", ".join(f"{k}={v}" for k, v in kwargs.items()) + ")"


def start_point():
    """Two parameter arrays of different shapes and scales."""
    rng = np.random.default_rng(1)
    return {"w": rng.normal(size=(3, 4)), "b": rng.normal(size=5) * 10}


def gradient(params, t):
    """A noisy quadratic's gradient: curvatures from 0.01 to 3, noise seeded by the step t."""
    rng = np.random.default_rng(t)
    return {key: p * np.linspace(0.01, 3, p.size).reshape(p.shape) + 0.3 * rng.normal(size=p.shape)
            for key, p in params.items()}


def run_adamlib(name, kwargs, steps=STEPS):
    """adamlib's trajectory: a list of params dicts, one per step (after the step)."""
    from adamlib import optim

    opt = getattr(optim, name)(**kwargs)
    params = start_point()
    state = opt.init(params)
    out = []
    for t in range(1, steps + 1):
        params, state = opt.step(params, gradient(params, t), state)
        out.append(params)
    return out


def run_torch(name, kwargs, steps=STEPS):
    """torch.optim's trajectory on the same gradients, in float64."""
    import torch

    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)  # torch keeps scalar state (step, mu_product) in this dtype
    try:
        return _run_torch(torch, name, kwargs, steps)
    finally:
        torch.set_default_dtype(previous)


def _run_torch(torch, name, kwargs, steps):
    tensors = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True)
               for k, v in start_point().items()}
    opt = getattr(torch.optim, name)(list(tensors.values()), **kwargs)
    out = []
    for t in range(1, steps + 1):
        grads = gradient({k: v.detach().numpy() for k, v in tensors.items()}, t)
        for k, tensor in tensors.items():
            tensor.grad = torch.tensor(grads[k], dtype=torch.float64)
        opt.step()
        out.append({k: v.detach().numpy().copy() for k, v in tensors.items()})
    return out


def max_relative_difference(ours, theirs):
    """max over steps and arrays of |ours - theirs| / max|theirs| (relative to the array's scale)."""
    return max(float(np.max(np.abs(a[k] - b[k])) / np.max(np.abs(b[k])))
               for a, b in zip(ours, theirs) for k in b)
