"""Closed forms for gradient descent and momentum on a quadratic.

On f(x) = 1/2 x^T A x every method in lessons 01-02 is a *linear* map of its
state, and the map splits along the eigenvectors of A: in the direction of an
eigenvalue lam (a curvature), the method is a 1x1 or 2x2 matrix.  Its spectral
radius (largest |eigenvalue|) is the factor by which the error shrinks per
step, once the start-up transient has died out.  So the whole story of
"which learning rate, which momentum, how fast" is a few lines of algebra:

    gradient descent    x <- x - lr * lam * x             factor 1 - lr * lam
    heavy ball (torch)  b <- momentum * b + lam * x;  x <- x - lr * b
    Nesterov   (torch)  b <- momentum * b + lam * x;  x <- x - lr * (lam * x + momentum * b)

L and mu are the largest and smallest curvature; kappa = L / mu is the
condition number.  Rates are per step; a rate >= 1 means no convergence.
"""
import math

import numpy as np


def curvature_range(hessian):
    """``(L, mu)``: the largest and smallest eigenvalue of a symmetric Hessian."""
    eig = np.linalg.eigvalsh(np.asarray(hessian, dtype=float))
    return float(eig[-1]), float(eig[0])


def gd_max_lr(L):
    """The learning-rate threshold 2 / L: gradient descent converges iff lr < 2 / L."""
    return 2.0 / L


def gd_rate(lr, curvatures):
    """Gradient descent's factor per step: max over curvatures of |1 - lr * lam|."""
    return float(np.max(np.abs(1.0 - lr * np.asarray(curvatures, dtype=float))))


def gd_optimal(L, mu):
    """``(lr, rate)`` of the best constant learning rate: 2 / (L + mu), rate (kappa-1)/(kappa+1).

    The best lr balances the two ends of the spectrum: |1 - lr*mu| = |1 - lr*L|.
    """
    kappa = L / mu
    return 2.0 / (L + mu), (kappa - 1.0) / (kappa + 1.0)


def heavy_ball_matrix(lr, momentum, lam):
    """The 2x2 map of torch's heavy ball on the state (x, b) in curvature ``lam``.

        b' = momentum * b + lam * x
        x' = x - lr * b' = (1 - lr*lam) * x - lr*momentum * b
    """
    return np.array([[1.0 - lr * lam, -lr * momentum],
                     [lam, momentum]])


def nesterov_matrix(lr, momentum, lam):
    """The 2x2 map of torch's Nesterov momentum on the state (x, b) in curvature ``lam``.

        b' = momentum * b + lam * x
        x' = x - lr * (lam * x + momentum * b')
    """
    return np.array([[1.0 - lr * lam * (1.0 + momentum), -lr * momentum**2],
                     [lam, momentum]])


def _spectral_radius(matrix):
    return float(np.max(np.abs(np.linalg.eigvals(matrix))))


def heavy_ball_rate(lr, momentum, curvatures):
    """Heavy ball's factor per step: the largest spectral radius over the curvatures."""
    return max(_spectral_radius(heavy_ball_matrix(lr, momentum, lam))
               for lam in np.atleast_1d(curvatures))


def nesterov_rate(lr, momentum, curvatures):
    """Nesterov momentum's factor per step: the largest spectral radius over the curvatures."""
    return max(_spectral_radius(nesterov_matrix(lr, momentum, lam))
               for lam in np.atleast_1d(curvatures))


def heavy_ball_optimal(L, mu):
    """``(lr, momentum, rate)`` of the best heavy ball on curvatures in [mu, L] (Polyak, 1964).

        lr = 4 / (sqrt(L) + sqrt(mu))^2
        momentum = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2
        rate = (sqrt(kappa) - 1) / (sqrt(kappa) + 1)

    Compare gradient descent's best rate (kappa - 1) / (kappa + 1): momentum
    replaces kappa by its square root.
    """
    root = math.sqrt(L / mu)
    rate = (root - 1.0) / (root + 1.0)
    return 4.0 / (math.sqrt(L) + math.sqrt(mu)) ** 2, rate**2, rate


def steps_to_tolerance(rate, tol):
    """How many steps a method with this factor per step needs to shrink the error by ``tol``."""
    if not 0.0 <= rate < 1.0:
        return math.inf
    if rate == 0.0:
        return 1
    return math.ceil(math.log(tol) / math.log(rate))


def sgd_noise_floor(lr, batch_size, hessians, gradients):
    """The average of f - f* where minibatch SGD settles on a quadratic loss (exact, any lr).

    The loss is the mean of n quadratic per-example losses; ``hessians`` (n, d, d) are their
    Hessians and ``gradients`` (n, d) their gradients at the minimum (which average to 0).
    Each step draws ``batch_size`` examples with replacement. The error e = theta - theta* then
    follows e' = (I - lr H_B) e - lr g_B, and its second moment S = E[e e^T] settles where

        S = S - lr (H S + S H) + lr^2 ((1 - 1/B) H S H + mean_i H_i S H_i / B) + lr^2 Sigma / B

    (H the mean Hessian, Sigma = mean_i g_i g_i^T). Returns 1/2 tr(H S). To first order in lr
    this is lr tr(Sigma) / (4 B); the lr^2 terms (the step's own overshoot, and the minibatch's
    random Hessian H_B) raise it. ``inf`` when SGD does not settle (lr too large).
    """
    hessians = np.asarray(hessians, dtype=float)
    gradients = np.asarray(gradients, dtype=float)
    n, d = gradients.shape
    H = hessians.mean(axis=0)
    sigma = gradients.T @ gradients / n
    eye, B = np.eye(d), float(batch_size)
    # Row-major vec: vec(A X C) = kron(A, C^T) vec(X); every matrix here is symmetric.
    per_example = sum(np.kron(h, h) for h in hessians) / n
    change = (-lr * (np.kron(H, eye) + np.kron(eye, H))
              + lr**2 * ((1.0 - 1.0 / B) * np.kron(H, H) + per_example / B))
    S = np.linalg.solve(change, -lr**2 * sigma.ravel() / B).reshape(d, d)
    floor = 0.5 * float(np.trace(H @ S))
    return floor if np.all(np.linalg.eigvalsh((S + S.T) / 2) >= 0) else math.inf
