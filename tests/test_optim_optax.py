"""adamlib's Lion and ScheduleFreeAdamW against optax: every option, 200 steps, float64, <= 1e-12 relative.

torch.optim has neither, so the reference is optax (optax.lion,
optax.contrib.schedule_free_adamw) on jax with x64 enabled.  Live when optax
is installed (CI installs it: a skip is a failure there, see conftest.py);
always against optax's stored trajectories (tests/data/optax_reference.npz,
written by make_optim_reference.py).  For Schedule-Free both points are
compared: the gradient's point y (params) and the evaluation point x.
"""
from pathlib import Path

import pytest

from optim_cases import OPTAX_CASES, case_id, max_relative_difference, run_adamlib, run_optax, start_point, \
    stored_difference, stored_trajectory

TOLERANCE = 1e-12
REFERENCE = Path(__file__).parent / "data" / "optax_reference.npz"
NEEDS_OPTAX = "optax/jax not installed (pip install optax jax); the stored-trajectory tests still run"
cases = pytest.mark.parametrize("name,kwargs", OPTAX_CASES, ids=[case_id(*c) for c in OPTAX_CASES])


@cases
def test_matches_optax_live(name, kwargs):
    pytest.importorskip("optax", reason=NEEDS_OPTAX)
    pytest.importorskip("jax", reason=NEEDS_OPTAX)
    ours, theirs = run_adamlib(name, kwargs), run_optax(name, kwargs)
    assert ours[0].keys() == theirs[0].keys()  # Schedule-Free: eval[...] compared too
    assert max_relative_difference(ours, theirs) <= TOLERANCE


@cases
def test_matches_stored_optax_trajectory(name, kwargs):
    assert stored_difference(REFERENCE, name, kwargs, "optax ") <= TOLERANCE


@cases
def test_stored_case_moves_away_from_the_start(name, kwargs):
    by_step, _ = stored_trajectory(REFERENCE, name, kwargs)
    start = start_point(name)
    assert max_relative_difference([{k: by_step[200][k] for k in start}], [start]) > 1e-3


def test_schedule_free_evaluation_point_is_not_the_gradients_point():
    # otherwise comparing eval[...] would test nothing new
    by_step, _ = stored_trajectory(REFERENCE, "ScheduleFreeAdamW", dict(lr=0.01))
    last = by_step[200]
    assert max_relative_difference([{"w": last["eval[w]"]}], [{"w": last["w"]}]) > 1e-3


def test_stock_optax_warmup_differs_only_by_its_float32_learning_rate():
    # The live and stored cases with warmup use optax's own chain with a float64 warmup
    # (optim_cases.schedule_free_adamw); optax's stock warmup lr is computed in float32.
    pytest.importorskip("optax", reason=NEEDS_OPTAX)
    pytest.importorskip("jax", reason=NEEDS_OPTAX)
    kwargs = dict(lr=0.02, warmup_steps=30, weight_lr_power=1.0)
    ours = run_adamlib("ScheduleFreeAdamW", kwargs)
    stock = run_optax("ScheduleFreeAdamW", kwargs, float64_warmup=False)
    assert 1e-12 < max_relative_difference(ours, stock) <= 1e-6
