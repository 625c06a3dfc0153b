"""adamlib.data.lesson06_tables: lesson 06's stored minibatch AdamW runs are what the code computes.

The fast tests check shapes and the regression, recompute the first steps of the stored path and
check that Adam + L2, written the other way round, agrees with adamlib's optimizers; the slow test
re-runs the whole script (about 1 CPU minute) and compares every stored number.
"""
import numpy as np
import pytest

from adamlib.data import lesson06_tables as tables_module
from adamlib.optim import Adam, AdamW


@pytest.fixture(scope="module")
def tables():
    return tables_module.load()


def test_the_table_has_the_documented_shapes(tables):
    lrs, lams, seeds = len(tables_module.LRS), len(tables_module.LAMS), tables_module.SEEDS
    for key in ("adamw", "l2"):
        assert tables[key].shape == (2, lrs, lams, seeds, tables_module.N_FEATURES)
    assert tables["path"].shape == (2 * tables_module.HORIZON // tables_module.PATH_EVERY, lrs, lams,
                                    tables_module.N_FEATURES)
    assert list(tables["horizons"]) == [tables_module.HORIZON, 2 * tables_module.HORIZON]
    X, y, w_ols = tables_module.regression()
    for name, fresh in (("X", X), ("y", y), ("w_ols", w_ols)):    # equal to round-off (BLAS may sum in another order)
        np.testing.assert_allclose(tables[name], fresh, rtol=1e-12, atol=1e-12, err_msg=name)


def test_the_longest_tau_fits_six_times_into_the_horizon():
    tau = 1 / (min(tables_module.LRS) * min(tables_module.LAMS))
    assert tables_module.HORIZON >= 6 * tau - 1


def test_the_start_of_the_stored_path_is_recomputed(tables):
    X, y, _ = tables_module.regression()
    steps = 10 * tables_module.PATH_EVERY
    _, path = tables_module.minibatch_runs(X, y, tables_module.LRS[:1], tables_module.LAMS[-1:],
                                           range(tables_module.SEEDS), steps)
    np.testing.assert_allclose(path, tables["path"][:10, :1, -1:], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("l2", [False, True])
def test_one_run_is_adamlibs_optimizer_on_the_same_minibatches(l2):
    X, y, _ = tables_module.regression()
    lr, lam, steps, seed = 0.01, 0.3, 50, 7
    averages, _ = tables_module.minibatch_runs(X, y, [lr], [lam], [seed], steps, l2=l2, horizons=(steps,))
    opt = Adam(lr=lr, weight_decay=lam) if l2 else AdamW(lr=lr, weight_decay=lam)
    w, state, mean = np.zeros(X.shape[1]), opt.init(np.zeros(X.shape[1])), np.zeros(X.shape[1])
    batches = np.random.default_rng(seed).integers(0, len(X), size=(steps, tables_module.BATCH))
    for t in range(steps):
        Xb, yb = X[batches[t]], y[batches[t]]
        w, state = opt.step(w, Xb.T @ (Xb @ w - yb) / tables_module.BATCH, state)
        if t >= steps - steps // 5:
            mean += w / (steps // 5)
    np.testing.assert_allclose(averages[0, 0, 0, 0], mean, rtol=1e-9, atol=1e-12)


@pytest.mark.slow
def test_the_whole_table_is_recomputed(tables):
    fresh = tables_module.compute()
    for key, stored in tables.items():
        np.testing.assert_allclose(fresh[key], stored, rtol=1e-9, atol=1e-12, err_msg=key)
