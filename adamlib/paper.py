"""Adam exactly as printed: Algorithm 1 of Kingma & Ba (2015), one line per line.

``algorithm_1`` is the paper's pseudocode transcribed statement by statement,
so a reader can hold the two side by side.  ``efficient_form`` is the
reordering the paper gives just before its Section 2.1, where the constant is
"eps-hat", added to sqrt(v) *before* bias correction (Keras's convention).
``ALGORITHM_1`` pairs each pseudocode line with the line of
``adamlib.optim`` (Adam's chain of transforms) that does the same thing, for the lesson's table.

Both functions return the whole trajectory (theta_0, theta_1, ..., theta_T) so
a lesson can plot it and a test can compare it step by step.
"""
import numpy as np

# (line of Algorithm 1, the code in adamlib.optim that does it, a note).  Every code
# fragment is copied verbatim from adamlib/optim/{base,transforms}.py (Adam is the chain
# add_decayed_weights, scale_by_adam, scale_by_learning_rate); tests/test_paper.py checks
# that it is still there, so the lesson's table cannot drift from the code.
ALGORITHM_1 = (
    ("m_0 ← 0", "np.zeros_like(p)", "transforms.zeros: every buffer starts at zero"),
    ("v_0 ← 0", "np.zeros_like(p)", "the same, for v"),
    ("t ← 0", 'state = {"step": 0}', "Optimizer.init"),
    ("while θ_t not converged do", "def step(self, params, grads, state)",
     "one call per iteration; the caller decides when to stop"),
    ("t ← t + 1", 't = state["step"] + 1', "Optimizer.step"),
    ("g_t ← ∇_θ f_t(θ_{t−1})", "g = as_float_array(g, f\"grads{path}\")", "the caller computes g_t and passes it in"),
    ("m_t ← β1·m_{t−1} + (1 − β1)·g_t", 'ema(slots["m"], u, beta1)', "scale_by_adam; u is g after the links before it"),
    ("v_t ← β2·v_{t−1} + (1 − β2)·g_t²", 'ema(slots["v"], u * u, beta2)', "the same u: both moments read one gradient"),
    ("m̂_t ← m_t / (1 − β1^t)", 'new["m"] / bias_correction(beta1, t)', "correct_m=False switches it off"),
    ("v̂_t ← v_t / (1 − β2^t)", "np.sqrt(v) / math.sqrt(bias_correction(beta2, t))",
     "√v̂_t, computed as √v_t / √(1 − β2^t)"),
    ("θ_t ← θ_{t−1} − α·m̂_t / (√v̂_t + ε)", "m_hat / (root_v + eps)",
     "eps after the root and the correction; scale_by_learning_rate multiplies by −α, Optimizer.update adds"),
)


def algorithm_1(grad, theta0, steps, alpha=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Run Algorithm 1 for ``steps`` steps; return the (steps + 1, dim) trajectory.

    ``grad(theta, t)`` is the stochastic gradient g_t at the current point.
    The stopping rule "while not converged" becomes a fixed number of steps.
    """
    theta = np.array(theta0, dtype=np.float64)
    m = np.zeros_like(theta)                                  # m_0 <- 0
    v = np.zeros_like(theta)                                  # v_0 <- 0
    t = 0                                                     # t <- 0
    trajectory = [theta]
    while t < steps:                                          # while not converged
        t = t + 1                                             # t <- t + 1
        g = np.asarray(grad(theta, t), dtype=np.float64)      # g_t
        m = beta1 * m + (1 - beta1) * g                       # m_t
        v = beta2 * v + (1 - beta2) * g**2                    # v_t
        m_hat = m / (1 - beta1**t)                            # m-hat_t
        v_hat = v / (1 - beta2**t)                            # v-hat_t
        theta = theta - alpha * m_hat / (np.sqrt(v_hat) + eps)  # theta_t
        trajectory.append(theta)
    return np.array(trajectory)


def efficient_form(grad, theta0, steps, alpha=1e-3, beta1=0.9, beta2=0.999, eps_hat=1e-7):
    """The paper's reordered update (end of its Section 2), Keras's Adam.

        alpha_t = alpha * sqrt(1 - beta2^t) / (1 - beta1^t)
        theta_t = theta_{t-1} - alpha_t * m_t / (sqrt(v_t) + eps_hat)

    It equals Algorithm 1 with a step-dependent eps = eps_hat / sqrt(1 - beta2^t),
    which is about 31.6 * eps_hat at t = 1 (beta2 = 0.999) and shrinks to eps_hat.
    """
    theta = np.array(theta0, dtype=np.float64)
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    trajectory = [theta]
    for t in range(1, steps + 1):
        g = np.asarray(grad(theta, t), dtype=np.float64)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        alpha_t = alpha * np.sqrt(1 - beta2**t) / (1 - beta1**t)
        theta = theta - alpha_t * m / (np.sqrt(v) + eps_hat)
        trajectory.append(theta)
    return np.array(trajectory)
