"""runner.run_batch: many starts as one batch must follow exactly the paths run() takes one by one."""
import numpy as np
import pytest

from adamlib import problems as P
from adamlib import optim
from adamlib.runner import run, run_batch

ELEMENTWISE = {
    "SGD": lambda: optim.SGD(lr=1e-3),
    "Momentum": lambda: optim.SGD(lr=1e-3, momentum=0.9, nesterov=True, weight_decay=0.01),
    "Adagrad": lambda: optim.Adagrad(lr=0.1),
    "RMSprop": lambda: optim.RMSprop(lr=0.01, momentum=0.5, centered=True),
    "Adam": lambda: optim.Adam(lr=0.05, amsgrad=True),
    "AdamW": lambda: optim.AdamW(lr=0.05, weight_decay=0.1),
    "Adamax": lambda: optim.Adamax(lr=0.05),
    "NAdam": lambda: optim.NAdam(lr=0.05),
    "RAdam": lambda: optim.RAdam(lr=0.05),
    "Lion": lambda: optim.Lion(lr=0.01),
    "Adadelta": lambda: optim.Adadelta(lr=1.0),
}
STARTS = np.array([[-1.2, 1.0], [0.5, -0.5], [1.5, 2.5], [-0.3, 0.1]])


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_each_row_follows_its_own_run(name):
    problem = P.rosenbrock()
    losses = run_batch(ELEMENTWISE[name](), problem, STARTS, steps=60)
    assert losses.shape == (61, len(STARTS))
    for i, start in enumerate(STARTS):
        one = run(ELEMENTWISE[name](), problem, 60, x0=start)
        np.testing.assert_allclose(losses[:, i], one.losses, rtol=1e-12, atol=0)


def test_schedule_free_is_measured_at_its_average():
    problem = P.quadratic(condition_number=10)
    opt = optim.ScheduleFreeAdamW(lr=0.05)
    losses = run_batch(opt, problem, STARTS, steps=30)
    for i, start in enumerate(STARTS):
        x, state = np.array(start), opt.init(np.array(start))
        for t in range(1, 31):
            x, state = opt.step(x, problem.grad(x, t), state)
        assert losses[-1, i] == pytest.approx(problem.loss(opt.eval_params(x, state)), rel=1e-12)


def test_a_diverging_row_is_nan_from_its_step_on_and_leaves_the_others_alone():
    problem = P.quadratic(condition_number=10, scale=1.0)   # lr > 2 diverges along x1
    starts = np.array([[1.0, 1.0], [0.0, 1.0]])             # row 1 has nothing along x1
    losses = run_batch(optim.SGD(lr=2.5), problem, starts, steps=2000)
    one = run(optim.SGD(lr=2.5), problem, 2000, x0=starts[0])
    assert one.diverged is not None
    assert np.isnan(losses[one.diverged:, 0]).all() and not np.isnan(losses[:one.diverged, 0]).any()
    np.testing.assert_allclose(losses[:, 0], one.losses, rtol=1e-12)   # inf where the loss overflowed first
    np.testing.assert_allclose(losses[:, 1], run(optim.SGD(lr=2.5), problem, 2000, x0=starts[1]).losses,
                               rtol=1e-12, atol=1e-250)  # subnormal tails lose digits


def test_optimizers_that_look_across_an_array_are_refused():
    with pytest.raises(ValueError, match="Adafactor looks across whole arrays"):
        run_batch(optim.Adafactor(), P.rosenbrock(), STARTS, 5)
    with pytest.raises(ValueError, match=r"starts must be an \(n, 2\) array"):
        run_batch(optim.Adam(), P.rosenbrock(), np.zeros((3, 3)), 5)


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_a_rate_per_row_follows_each_rate_on_its_own(name):
    problem, lrs = P.rosenbrock(), np.array([0.5, 1.0, 2.0, 0.25])
    opt = ELEMENTWISE[name]()
    losses = run_batch(opt, problem, STARTS, steps=40, lrs=lrs * opt.lr)
    for i, start in enumerate(STARTS):
        one = ELEMENTWISE[name]()
        one.lr = lrs[i] * one.lr
        np.testing.assert_array_equal(losses[:, i], run_batch(one, problem, STARTS[i:i + 1], steps=40)[:, 0])
    assert opt.lr == ELEMENTWISE[name]().lr   # the caller's optimizer keeps its own rate


def test_bad_rates_per_row_are_refused():
    with pytest.raises(ValueError, match=r"lrs must hold one finite learning rate >= 0 per start, shape \(4,\)"):
        run_batch(optim.Adam(), P.rosenbrock(), STARTS, 5, lrs=[0.1, 0.2])
    with pytest.raises(ValueError, match="ScheduleFreeAdamW"):
        run_batch(optim.ScheduleFreeAdamW(), P.rosenbrock(), STARTS, 5, lrs=np.ones(4))
