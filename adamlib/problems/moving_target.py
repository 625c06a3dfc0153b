"""A target that moves, with a gradient scale that changes: where RMSProp's forgetting pays (lesson 03).

Every ``segment`` steps the minimum jumps to a new random point c (standard normal, in ``dim``
coordinates) and the loss gets a new scale a, drawn log-uniformly between 10**-decades and
10**decades.  Within a segment the loss is f_t(x) = a/2 |x - c|^2 and the gradient is noisy:

    g_t = a (x - c + noise * xi_t),    xi_t standard normal.

The score of a run is the mean over its steps of |x_t - c_t|^2, the squared distance to the
target of that step (a scale-free measure: a segment with a tiny loss scale counts as much as one
with a huge one).

Why it is RMSProp's problem: AdaGrad's sum keeps every past squared gradient, so after a segment
with a large scale its steps stay short in every later segment (the brake of section 2); RMSProp's
average forgets the old scale in about 1 / (1 - alpha) steps.  ``vary_scale=False`` keeps a = 1
for every segment: the control with only the jumps of the target.

All seeds run at once as a batch dimension; the stream of a seed does not depend on
``max_steps`` or on the other seeds.
"""
import numpy as np

from .streams import check_horizons, check_rates, seed_rows


class MovingTarget:
    """One stream of (target, scale, noise) per seed; ``run`` returns each seed's mean squared distance."""

    def __init__(self, seeds, max_steps, dim=4, segment=100, decades=2.0, noise=0.5, vary_scale=True):
        if int(dim) < 1 or int(segment) < 1 or int(max_steps) < 1:
            raise ValueError(f"dim, segment and max_steps must be >= 1, got {dim!r}, {segment!r}, {max_steps!r}")
        if decades < 0 or noise < 0:
            raise ValueError(f"decades and noise must be >= 0, got {decades!r}, {noise!r}")
        self.seeds, self.max_steps = [int(s) for s in seeds], int(max_steps)
        self.dim, self.segment = int(dim), int(segment)
        n, n_segments = len(self.seeds), -(-self.max_steps // self.segment)
        self.target = np.empty((n, self.max_steps, self.dim))
        self.scale = np.empty((n, self.max_steps, 1))
        self.noise = np.empty((n, self.max_steps, self.dim))
        for row, seed in enumerate(self.seeds):
            # One generator per ingredient, drawn segment by segment (or step by step), so a stream's
            # beginning does not depend on its length.
            targets, scales, noises = (np.random.default_rng([seed, k, 4]) for k in range(3))
            per_segment = targets.standard_normal((n_segments, self.dim))
            log_scale = scales.uniform(-decades, decades, n_segments)
            if not vary_scale:
                log_scale = np.zeros(n_segments)
            self.target[row] = np.repeat(per_segment, self.segment, axis=0)[:self.max_steps]
            self.scale[row, :, 0] = np.repeat(10.0**log_scale, self.segment)[:self.max_steps]
            self.noise[row] = noise * noises.standard_normal((self.max_steps, self.dim))

    def rows(self, seeds):
        """The batch rows of ``seeds`` (each must be one of the problem's seeds)."""
        return seed_rows(self.seeds, seeds)

    def run(self, step_fn, lrs, horizons, seeds=None):
        """Mean over t = 1..T of |x_{t-1} - c_t|^2 (the distance where step t's gradient is taken).

        x follows ``step_fn(x, grad, state, lr) -> (x, state)`` from x = 0, state = 0, for every rate
        of ``lrs`` (a number or a 1-D list) and every seed at once.  Returns {T: array (len(lrs),
        n_seeds)} for each T in ``horizons`` (a number or a list, each in 1..max_steps): inf or NaN
        where a run diverged.  The run of T steps is the beginning of the run of 2T: one pass.
        """
        lrs, horizons = check_rates(lrs), check_horizons(horizons, self.max_steps)
        rows = self.rows(self.seeds if seeds is None else seeds)
        c, a, xi = self.target[rows], self.scale[rows], self.noise[rows]
        x = np.zeros((lrs.size, len(rows), self.dim))
        state, total, saved = np.zeros_like(x), np.zeros(x.shape[:2]), {}
        with np.errstate(all="ignore"):  # a diverging rate overflows to inf/NaN: the caller scores it
            for t in range(max(horizons)):
                error = x - c[:, t]
                total += np.einsum("lnd,lnd->ln", error, error)
                x, state = step_fn(x, a[:, t] * (error + xi[:, t]), state, lrs[:, None, None])
                if t + 1 in horizons:
                    saved[t + 1] = total / (t + 1)
        return saved

    def trace(self, step_fn, lr, steps, seed):
        """One seed, one rate, step by step: (|x_{t-1} - c_t|^2, the state after step t), t = 1..steps.

        Shapes (steps,) and (steps, dim): what ``run`` averages, and the optimizer's accumulator
        (AdaGrad's sum, RMSProp's average) to plot its effective step size lr / (sqrt(state) + eps).
        """
        row = self.rows([seed])[0]
        steps = check_horizons(steps, self.max_steps)[-1]
        x, state = np.zeros(self.dim), np.zeros(self.dim)
        distances, states = np.empty(steps), np.empty((steps, self.dim))
        with np.errstate(all="ignore"):
            for t in range(steps):
                error = x - self.target[row, t]
                distances[t] = error @ error
                x, state = step_fn(x, self.scale[row, t] * (error + self.noise[row, t]), state, lr)
                states[t] = state
        return distances, states
