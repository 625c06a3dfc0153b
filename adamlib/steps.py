"""The exercises' reference answers: one plain function per exercise.

Each function takes and returns NumPy arrays (float64), works on a single
array (no trees), never changes its arguments (except ``adam_inplace``, lesson
07's exercise, whose point is to write into them), and is written the way the
textbook writes the rule.  ``t`` is the number of THIS step: 1 for the first.

These are what ``adamlib.checks`` compares a student's answer with, and what
a lesson falls back on until the student's answer passes.  tests/test_steps.py
ties each one to its ``adamlib.optim`` twin (which matches torch.optim).
The examples in the docstrings run as doctests (tests/test_doctests.py).
"""
import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


def mse_gradient(w: float, b: float, x: ArrayLike, y: ArrayLike) -> tuple[float, float]:
    """Gradient of the mean squared error of the line ``w * x + b``.

        L(w, b) = mean((w * x + b - y)^2)
        dL/dw   = mean(2 * (w * x + b - y) * x)
        dL/db   = mean(2 * (w * x + b - y))

    Returns ``(dw, db)``. On the seed article's two points, from w = b = 0:

    >>> dw, db = mse_gradient(0.0, 0.0, np.array([1.0, 2.0]), np.array([2.0, 3.0]))
    >>> float(dw), float(db)           # mean(2 * (0 - y) * x), mean(2 * (0 - y))
    (-8.0, -5.0)
    """
    error = w * x + b - y
    return np.mean(2 * error * x), np.mean(2 * error)


def sgd_step(theta: Array, grad: Array, lr: float) -> Array:
    """One step of gradient descent: walk downhill, against the gradient.

        theta <- theta - lr * g

    >>> sgd_step(np.array([1.0, -2.0]), np.array([0.5, 0.5]), lr=0.1).tolist()
    [0.95, -2.05]
    """
    return theta - lr * grad


def ema(xs: ArrayLike, beta: float) -> Array:
    """Exponential moving averages of the sequence ``xs`` (along its first axis).

        m_0 = 0
        m_k = beta * m_{k-1} + (1 - beta) * x_k          for k = 1, ..., n

    Returns ``[m_1, ..., m_n]``, as long as ``xs``.  No bias correction, so the
    first averages are pulled towards the zero start:
    m_n = sum_k (1 - beta) * beta^(n - k) * x_k.

    >>> ema(np.ones(3), beta=0.5).tolist()   # 1 - 0.5^n: the pull towards the zero start
    [0.5, 0.75, 0.875]
    """
    averages = np.zeros_like(xs, dtype=float)
    m = 0.0
    for k, x in enumerate(xs):
        m = beta * m + (1 - beta) * x
        averages[k] = m
    return averages


def momentum_step(theta, grad, buf, lr, momentum):
    """One step of heavy-ball momentum, as torch.optim.SGD(momentum=...).

        buf   <- momentum * buf + g        (buf starts at 0, so buf_1 = g_1)
        theta <- theta - lr * buf

    Returns ``(theta_new, buf_new)``.
    """
    buf = momentum * buf + grad
    return theta - lr * buf, buf


def nesterov_step(theta, grad, buf, lr, momentum):
    """One step of Nesterov momentum, as torch.optim.SGD(momentum=..., nesterov=True).

        buf   <- momentum * buf + g
        theta <- theta - lr * (g + momentum * buf)     (a look-ahead: the step after next's buffer)

    Returns ``(theta_new, buf_new)``.
    """
    buf_new = momentum * buf + grad
    return theta - lr * (grad + momentum * buf_new), buf_new


def adagrad_step(theta, grad, sum_sq, lr, eps=1e-10):
    """One step of AdaGrad, as torch.optim.Adagrad.

        s     <- s + g^2                        (sum of ALL squared gradients so far)
        theta <- theta - lr * g / (sqrt(s) + eps)

    Returns ``(theta_new, sum_sq_new)``.
    """
    sum_sq = sum_sq + grad**2
    return theta - lr * grad / (np.sqrt(sum_sq) + eps), sum_sq


def rmsprop_step(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
    """One step of RMSProp, as torch.optim.RMSprop (no bias correction).

        v     <- alpha * v + (1 - alpha) * g^2  (moving average of g^2)
        theta <- theta - lr * g / (sqrt(v) + eps)

    Returns ``(theta_new, sq_avg_new)``.
    """
    sq_avg = alpha * sq_avg + (1 - alpha) * grad**2
    return theta - lr * grad / (np.sqrt(sq_avg) + eps), sq_avg


def adam_step(theta: Array, grad: Array, m: Array, v: Array, t: int, lr: float = 1e-3,
              beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> tuple[Array, Array, Array]:
    """One step of Adam (Kingma & Ba, 2015, Algorithm 1), as torch.optim.Adam.

        m     <- beta1 * m + (1 - beta1) * g    (momentum: average of g)
        v     <- beta2 * v + (1 - beta2) * g^2  (scale: average of g^2)
        m_hat =  m / (1 - beta1^t)              (bias correction: m and v start at 0)
        v_hat =  v / (1 - beta2^t)
        theta <- theta - lr * m_hat / (sqrt(v_hat) + eps)

    ``t`` is the number of this step, 1 for the first.  Returns ``(theta_new, m_new, v_new)``.
    The first step moves every coordinate by lr against the sign of its gradient, whatever its size:

    >>> theta, m, v = adam_step(np.zeros(2), np.array([100.0, -0.01]), np.zeros(2), np.zeros(2), t=1, lr=0.1)
    >>> np.round(theta, 6).tolist()
    [-0.1, 0.1]
    """
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def amsgrad_step(theta, grad, m, v, v_max, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """One step of AMSGrad (Reddi et al., 2018), as torch.optim.Adam(amsgrad=True).

        m     <- beta1 * m + (1 - beta1) * g
        v     <- beta2 * v + (1 - beta2) * g^2
        v_max <- max(v_max, v)                  (the largest RAW v so far: torch's choice)
        m_hat =  m / (1 - beta1^t)
        theta <- theta - lr * m_hat / (sqrt(v_max / (1 - beta2^t)) + eps)

    The step can only shrink when v does, never grow because v fell.
    Returns ``(theta_new, m_new, v_new, v_max_new)``.
    """
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    v_max = np.maximum(v_max, v)
    m_hat = m / (1 - beta1**t)
    v_max_hat = v_max / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(v_max_hat) + eps), m, v, v_max


def adamw_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
               weight_decay=1e-2):
    """One step of AdamW (Loshchilov & Hutter, 2019), as torch.optim.AdamW.

        theta <- theta * (1 - lr * weight_decay)   (decay the weights directly, first)
        then Adam's step with the raw gradient g   (the decay never enters m or v)

    Returns ``(theta_new, m_new, v_new)``.
    """
    theta = theta * (1 - lr * weight_decay)
    return adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps)


def lion_step(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    """One step of Lion (Chen et al., 2023, Program 1), as adamlib.optim.Lion and optax.lion.

        c     =  beta1 * m + (1 - beta1) * g             (interpolate: the sign is taken of c)
        theta <- theta - lr * (sign(c) + weight_decay * theta)
        m     <- beta2 * m + (1 - beta2) * g             (the momentum, updated after the sign)

    Returns ``(theta_new, m_new)``.
    """
    c = beta1 * m + (1 - beta1) * grad
    theta = theta - lr * (np.sign(c) + weight_decay * theta)
    return theta, beta2 * m + (1 - beta2) * grad


def adam_inplace(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step (``adam_step``'s numbers) written into ``theta``, ``m`` and ``v``; returns None.

    Lesson 07's exercise: the same step moving little memory. ``grad`` is left unchanged and one
    scratch array of theta's size is the only new array: every operation writes into it or into
    the caller's arrays (``out=``, ``*=``), where ``m / (np.sqrt(v_hat) + eps)`` would make four.
    """
    scratch = np.empty_like(theta)
    m *= beta1                                          # m <- beta1 m + (1 - beta1) g
    np.multiply(grad, 1 - beta1, out=scratch)
    m += scratch
    v *= beta2                                          # v <- beta2 v + (1 - beta2) g^2
    np.multiply(grad, grad, out=scratch)
    scratch *= 1 - beta2
    v += scratch
    np.sqrt(v, out=scratch)                             # sqrt(v_hat) + eps = sqrt(v) / sqrt(bc2) + eps
    scratch /= math.sqrt(1 - beta2**t)
    scratch += eps
    np.divide(m, scratch, out=scratch)                  # m / (sqrt(v_hat) + eps)
    scratch *= lr / (1 - beta1**t)                      # times lr / bc1
    theta -= scratch
