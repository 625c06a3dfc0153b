"""adamlib.optim against torch.optim: every option, 200 steps, float64, <= 1e-12 relative.

Live when torch is installed (CI installs it, and there a missing torch is a
failure, not a skip); always against torch's stored trajectories
(tests/data/torch_reference.npz, written by make_torch_reference.py).
"""
import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest

from optim_cases import CASES, case_id, max_relative_difference, run_adamlib, run_torch

TOLERANCE = 1e-12
REFERENCE = Path(__file__).parent / "data" / "torch_reference.npz"
HAVE_TORCH = importlib.util.find_spec("torch") is not None
IN_CI = os.environ.get("CI") == "true"
cases = pytest.mark.parametrize("name,kwargs", CASES, ids=[case_id(*c) for c in CASES])


@cases
def test_matches_torch_live(name, kwargs):
    if not HAVE_TORCH:
        if IN_CI:
            pytest.fail("torch is not installed; .ci/run must install torch==2.13.0 for this test")
        pytest.skip("torch not installed (pip install torch==2.13.0); the stored-reference test still runs")
    assert max_relative_difference(run_adamlib(name, kwargs), run_torch(name, kwargs)) <= TOLERANCE


@cases
def test_matches_stored_torch_trajectory(name, kwargs):
    stored = np.load(REFERENCE)
    prefix = case_id(name, kwargs) + "|"
    by_step = {}
    for key in stored.files:
        if key.startswith(prefix):
            _, t, array = key.split("|")
            by_step.setdefault(int(t), {})[array] = stored[key]
    assert len(by_step) == 10, "the reference file must hold 10 checkpoints per case; regenerate it"
    ours = run_adamlib(name, kwargs)
    steps = sorted(by_step)
    assert max_relative_difference([ours[t - 1] for t in steps], [by_step[t] for t in steps]) <= TOLERANCE
