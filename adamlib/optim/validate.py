"""Hyperparameter checks: bad input fails loudly, naming the argument and the range."""
import math
import numbers


def _real(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return float(value)


def non_negative(name, value):
    """``value`` in [0, inf)."""
    value = _real(name, value)
    if value < 0:
        raise ValueError(f"{name} must be in [0, inf), got {value!r}")
    return value


def in_unit_interval(name, value):
    """``value`` in [0, 1): a decay rate such as a beta, alpha or momentum."""
    value = _real(name, value)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return value


def betas(value):
    """A pair (beta1, beta2), each in [0, 1)."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise ValueError(f"betas must be a pair (beta1, beta2), each in [0, 1); got {value!r}")
    return (in_unit_interval("betas[0] (beta1)", value[0]),
            in_unit_interval("betas[1] (beta2)", value[1]))


def flag(name, value):
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return value


def at_least(name, value, low):
    """``value`` in [low, inf)."""
    value = _real(name, value)
    if value < low:
        raise ValueError(f"{name} must be in [{low:g}, inf), got {value!r}")
    return value


def at_most(name, value, high):
    """``value`` in (-inf, high]."""
    value = _real(name, value)
    if value > high:
        raise ValueError(f"{name} must be in (-inf, {high:g}], got {value!r}")
    return value


def integer(name, value, low, high=None):
    """An int in [low, high), or in [low, inf) when high is None."""
    bounds = f"[{low}, {'inf' if high is None else high})"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer in {bounds}, got {value!r}")
    if value < low or (high is not None and value >= high):
        raise ValueError(f"{name} must be an integer in {bounds}, got {value!r}")
    return int(value)


def one_of(name, value, choices):
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return value


def real(name, value):
    """A finite real number, of any sign."""
    return _real(name, value)
