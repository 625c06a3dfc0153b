"""Starting weights: how large the random numbers in a fresh weight matrix are.

The scale decides whether signals and gradients keep their size from layer to
layer.  Each scheme draws W ~ Normal(0, std**2) with

    he       std = sqrt(2 / fan_in)              keeps activations' size through ReLU
                                                 (He et al., 2015)
    xavier   std = sqrt(2 / (fan_in + fan_out))  keeps it through tanh near 0
                                                 (Glorot & Bengio, 2010)
    small    std = 0.01                          too small on purpose: signals and
                                                 gradients shrink at every layer

or a number, used as std itself.  Biases start at zero.
"""
import numpy as np

SMALL_STD = 0.01


def weight_std(scheme, fan_in, fan_out):
    """The standard deviation of the starting weights for ``scheme`` (a name or a number)."""
    if isinstance(scheme, str):
        if scheme == "he":
            return np.sqrt(2.0 / fan_in)
        if scheme == "xavier":
            return np.sqrt(2.0 / (fan_in + fan_out))
        if scheme == "small":
            return SMALL_STD
        raise ValueError(f"unknown init {scheme!r}; use 'he', 'xavier', 'small' or a number")
    std = float(scheme)
    if not std >= 0.0:
        raise ValueError(f"an init given as a number is the weights' std and must be >= 0; got {scheme!r}")
    return std


def init_weights(rng, fan_in, fan_out, scheme):
    """A float64 (fan_in, fan_out) matrix drawn from Normal(0, weight_std(...)**2)."""
    return rng.normal(0.0, weight_std(scheme, fan_in, fan_out), size=(fan_in, fan_out))
