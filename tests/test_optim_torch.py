"""adamlib.optim against torch.optim: every option, 200 steps, float64, <= 1e-12 relative.

Live when torch is installed (CI installs it, and there a skip is a failure:
see conftest.py); always against torch's stored trajectories
(tests/data/torch_reference.npz, written by make_optim_reference.py).

Muon: torch runs its Newton-Schulz iteration in bfloat16, adamlib in the
parameters' dtype.  The 1e-12 comparisons use torch's own code with the cast
removed (optim_cases.newton_schulz_in_float64); stock torch is compared at
bfloat16's tolerance.
"""
from pathlib import Path

import numpy as np
import pytest

from optim_cases import (CASES, case_id, gradient, max_relative_difference, newton_schulz_in_float64,
                         run_adamlib, run_torch, start_point, stored_difference, stored_trajectory)

TOLERANCE = 1e-12
REFERENCE = Path(__file__).parent / "data" / "torch_reference.npz"
NEEDS_TORCH = "torch not installed (pip install torch==2.13.0); the stored-trajectory tests still run"
cases = pytest.mark.parametrize("name,kwargs", CASES, ids=[case_id(*c) for c in CASES])
MUON_CASES = [c for c in CASES if c[0] == "Muon"]


@cases
def test_matches_torch_live(name, kwargs):
    pytest.importorskip("torch", reason=NEEDS_TORCH)
    assert max_relative_difference(run_adamlib(name, kwargs), run_torch(name, kwargs)) <= TOLERANCE


@cases
def test_matches_stored_torch_trajectory(name, kwargs):
    assert stored_difference(REFERENCE, name, kwargs, "torch 2.13") <= TOLERANCE


def test_stored_cases_move_away_from_the_start():
    # a case stuck at its start (lr = 0, a wrong default) would match any optimizer that does not move
    for name, kwargs in CASES:
        by_step, _ = stored_trajectory(REFERENCE, name, kwargs)
        assert max_relative_difference([by_step[200]], [start_point(name)]) > 1e-3, case_id(name, kwargs)


# --- Muon at bfloat16: the float64 Newton-Schulz is a change of precision, not of algorithm -------
# Stock torch's bfloat16 keeps 8 significant bits (eps 2^-8 = 0.4%); the iteration's slope of
# about 3.4 near 0 amplifies that to 1-5% of the step.  That is still well inside the iteration's
# own, deliberate inexactness: its result is ~20% away from the exact U V^T (singular values
# in about [0.6, 1.2], not 1), which is why bfloat16 is good enough for Muon.

BFLOAT16_STEP_TOLERANCE = 0.15  # relative, in Frobenius norm; measured worst: 0.09


def polar_factor(G):
    U, _, Vt = np.linalg.svd(G, full_matrices=False)
    return U @ Vt


def relative_frobenius(a, b):
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


@pytest.mark.parametrize("shape", [(5, 3), (3, 4), (20, 30), (64, 64)])
def test_bfloat16_newton_schulz_error_is_smaller_than_the_iterations_own(shape):
    torch = pytest.importorskip("torch", reason=NEEDS_TORCH)
    from torch.optim import _muon

    from adamlib.optim import newton_schulz

    args = ((3.4445, -4.7750, 2.0315), 5, 1e-7)
    for seed in range(3):
        G = np.random.default_rng(seed).normal(size=shape)
        ours = newton_schulz(G, *args)
        stock = _muon._zeropower_via_newtonschulz(torch.from_numpy(G), *args)
        with newton_schulz_in_float64():
            exact = _muon._zeropower_via_newtonschulz(torch.from_numpy(G), *args)
        assert stock.dtype == torch.bfloat16 and exact.dtype == torch.float64
        assert np.max(np.abs(ours - exact.numpy())) <= 1e-13
        bfloat16_error = relative_frobenius(stock.double().numpy(), ours)
        assert 1e-4 < bfloat16_error < 0.5 * relative_frobenius(ours, polar_factor(G))


def test_newton_schulz_patch_is_undone():
    pytest.importorskip("torch", reason=NEEDS_TORCH)
    from torch.optim import _muon

    before = _muon._zeropower_via_newtonschulz
    with newton_schulz_in_float64():
        assert _muon._zeropower_via_newtonschulz is not before
    assert _muon._zeropower_via_newtonschulz is before


@pytest.mark.parametrize("name,kwargs", MUON_CASES, ids=[case_id(*c) for c in MUON_CASES])
def test_muon_steps_match_stock_torch_at_bfloat16_tolerance(name, kwargs):
    # Step by step from the same point and buffer: over 200 steps the two runs drift apart
    # (up to 30% where weight decay pulls the weights near 0), which says nothing per step.
    torch = pytest.importorskip("torch", reason=NEEDS_TORCH)
    from adamlib.optim import Muon

    opt, params = Muon(**kwargs), start_point(name)
    state = opt.init(params)
    for t in range(1, 201):
        grads = gradient(params, t)
        new_params, new_state = opt.step(params, grads, state)
        if t <= 2 or t % 20 == 0:
            tensors = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
            stock = torch.optim.Muon(list(tensors.values()), **kwargs)
            for k, tensor in tensors.items():
                tensor.grad = torch.tensor(grads[k])
                stock.state[tensor]["momentum_buffer"] = torch.tensor(state["momentum_buffer"][k])
            stock.step()
            for k, tensor in tensors.items():
                theirs, ours = tensor.detach().numpy() - params[k], new_params[k] - params[k]
                assert relative_frobenius(theirs, ours) <= BFLOAT16_STEP_TOLERANCE, (t, k)
        params, state = new_params, new_state
