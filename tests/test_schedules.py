"""adamlib.schedules: values derived by hand at key steps, shape, validation, and torch agreement."""
import math

import numpy as np
import pytest

from adamlib import schedules as S


def values(schedule, steps):
    return np.array([schedule(t) for t in range(1, steps + 1)])


# --- values at key steps, derived by hand from the formulas in the docstrings ---

def test_constant_is_the_same_at_every_step():
    assert values(S.constant(0.3), 50).tolist() == [0.3] * 50


def test_linear_warmup_first_step_end_of_warmup_and_after():
    s = S.linear_warmup(0.1, warmup_steps=4)
    assert s(1) == pytest.approx(0.025)    # 0.1 * 1/4: the first step already moves
    assert s(2) == pytest.approx(0.05)     # halfway
    assert s(4) == pytest.approx(0.1)      # end of warmup: full lr
    assert s(100) == pytest.approx(0.1)    # and stays there


def test_cosine_decay_start_halfway_end_and_after():
    s = S.cosine_decay(1.0, total_steps=10, final_lr=0.2)
    assert s(1) == pytest.approx(1.0)                # cos(0) = 1
    assert s(6) == pytest.approx(0.6)                # cos(pi/2) = 0: the midpoint 0.2 + 0.8/2
    assert s(11) == pytest.approx(0.2)               # cos(pi) = -1: final_lr one step after the last
    assert s(10) == pytest.approx(0.2 + 0.8 * (1 + math.cos(0.9 * math.pi)) / 2)
    assert s(500) == pytest.approx(0.2)              # stays at final_lr (no restart)


def test_step_decay_multiplies_by_gamma_every_step_size_steps():
    s = S.step_decay(1.0, step_size=3, gamma=0.5)
    assert values(s, 7).tolist() == [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25]


def test_inverse_sqrt_is_lr_over_sqrt_t():
    s = S.inverse_sqrt(0.5)
    assert s(1) == 0.5
    assert s(4) == pytest.approx(0.25)
    assert s(100) == pytest.approx(0.05)


def test_warmup_cosine_key_steps():
    s = S.warmup_cosine(0.1, warmup_steps=5, total_steps=25, final_lr=0.0)
    assert s(1) == pytest.approx(0.02)        # 0.1 * 1/5
    assert s(5) == pytest.approx(0.1)         # end of warmup
    assert s(6) == pytest.approx(0.1)         # the cosine part starts at the peak
    assert s(16) == pytest.approx(0.05)       # cosine halfway: 10 of its 20 steps done
    assert s(26) == pytest.approx(0.0, abs=1e-15)
    assert 0 < s(25) < 0.002                  # the last step is small, not zero


def test_join_restarts_the_step_count_after_each_boundary():
    s = S.join([S.constant(1.0), S.linear_warmup(2.0, 4), S.inverse_sqrt(3.0)], [2, 6])
    assert values(s, 7).tolist() == pytest.approx([1.0, 1.0, 0.5, 1.0, 1.5, 2.0, 3.0])
    assert s(15) == pytest.approx(3.0 / 3.0)  # the third piece sees t - 6 = 9


# --- shape ---

@pytest.mark.parametrize("schedule", [
    S.cosine_decay(1e-3, 100, 1e-5), S.step_decay(1e-3, 7, 0.3), S.inverse_sqrt(1e-3)])
def test_decays_never_increase(schedule):
    assert np.all(np.diff(values(schedule, 300)) <= 0)


def test_warmup_cosine_rises_then_falls_and_stays_in_range():
    lr = values(S.warmup_cosine(1.0, 10, 100, 0.1), 150)
    assert np.all(np.diff(lr[:10]) > 0)
    assert np.all(np.diff(lr[10:]) <= 0)
    assert lr.max() == pytest.approx(1.0) and lr.min() == pytest.approx(0.1)


# --- validation: ValueError naming the argument and the allowed range ---

@pytest.mark.parametrize("make, name", [
    (lambda: S.constant(-1.0), "lr"),
    (lambda: S.constant(float("nan")), "lr"),
    (lambda: S.linear_warmup(1e-3, 0), "warmup_steps"),
    (lambda: S.linear_warmup(1e-3, 2.5), "warmup_steps"),
    (lambda: S.cosine_decay(1e-3, 0), "total_steps"),
    (lambda: S.cosine_decay(1e-3, 10, final_lr=1e-2), "final_lr"),
    (lambda: S.cosine_decay(1e-3, 10, final_lr=-1.0), "final_lr"),
    (lambda: S.step_decay(1e-3, 0), "step_size"),
    (lambda: S.step_decay(1e-3, 5, gamma=0.0), "gamma"),
    (lambda: S.step_decay(1e-3, 5, gamma=1.5), "gamma"),
    (lambda: S.warmup_cosine(1e-3, 10, 10), "total_steps"),
    (lambda: S.join([S.constant(1.0)], [3]), "one schedule more"),
    (lambda: S.join([S.constant(1.0)] * 3, [5, 5]), "increasing"),
])
def test_bad_arguments_raise_value_error_naming_them(make, name):
    with pytest.raises(ValueError, match=name):
        make()


@pytest.mark.parametrize("t", [0, -3, 1.5, True])
def test_step_number_must_be_a_positive_integer(t):
    with pytest.raises(ValueError, match="step number"):
        S.constant(1.0)(t)


# --- agreement with torch.optim.lr_scheduler (0-based epochs: our t is torch's epoch + 1) ---

def torch_lrs(make_scheduler, lr, steps):
    torch = pytest.importorskip("torch")
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=lr)
    scheduler = make_scheduler(torch.optim.lr_scheduler, opt)
    lrs = []
    for _ in range(steps):  # the lr in the param group is the one used by this step
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return np.array(lrs)


def test_warmup_cosine_matches_torch_linear_then_cosine_annealing():
    lr, warmup, total, final = 0.1, 5, 40, 0.01

    def make(sched, opt):
        # LinearLR from 1/W to 1 over W-1 scheduler steps gives exactly t/W for t = 1..W
        return sched.SequentialLR(opt, [
            sched.LinearLR(opt, start_factor=1 / warmup, end_factor=1.0, total_iters=warmup - 1),
            sched.CosineAnnealingLR(opt, T_max=total - warmup, eta_min=final)],
            milestones=[warmup])

    ours = values(S.warmup_cosine(lr, warmup, total, final), total + 1)
    np.testing.assert_allclose(ours, torch_lrs(make, lr, total + 1), rtol=1e-12, atol=1e-15)


def test_cosine_decay_and_step_decay_match_torch():
    def cosine(sched, opt):
        return sched.CosineAnnealingLR(opt, T_max=30, eta_min=0.02)

    def step(sched, opt):
        return sched.StepLR(opt, step_size=4, gamma=0.5)

    np.testing.assert_allclose(values(S.cosine_decay(0.3, 30, 0.02), 31),
                               torch_lrs(cosine, 0.3, 31), rtol=1e-12)
    np.testing.assert_allclose(values(S.step_decay(0.3, 4, 0.5), 20),
                               torch_lrs(step, 0.3, 20), rtol=1e-12)


# --- plugged into the runner: step t uses schedule(t) ---

def test_runner_uses_the_schedule_at_every_step_and_restores_lr():
    from adamlib import problems
    from adamlib.optim import SGD
    from adamlib.runner import run

    opt = SGD(lr=0.5)
    schedule = S.warmup_cosine(0.1, warmup_steps=3, total_steps=10)
    trajectory = run(opt, problems.quadratic(), 10, schedule=schedule)
    np.testing.assert_allclose(trajectory.lrs, values(schedule, 10), rtol=0, atol=0)
    # with SGD on f = 1/2 x^T A x, each step multiplies x by (1 - lr_t * A): check the first two by hand
    A = np.diag(problems.quadratic().A)
    x1 = trajectory.xs[0] * (1 - schedule(1) * A)
    np.testing.assert_allclose(trajectory.xs[1], x1, rtol=1e-14)
    np.testing.assert_allclose(trajectory.xs[2], x1 * (1 - schedule(2) * A), rtol=1e-14)
    assert opt.lr == 0.5
