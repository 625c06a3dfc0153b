"""adamlib.torch_reference and the stored trajectory lesson 04 compares adamlib's Adam with."""
import numpy as np
import pytest

from adamlib import torch_reference
from adamlib.optim import Adam
from adamlib.runner import run


def run_adamlib():
    s = torch_reference.SETUP
    opt = Adam(lr=s["lr"], betas=s["betas"], eps=s["eps"])
    return run(opt, torch_reference.problem(), s["steps"], x0=s["x0"]).xs


def test_stored_trajectory_was_made_with_the_current_setup():
    setup = {key: list(value) if isinstance(value, tuple) else value
             for key, value in torch_reference.SETUP.items()}
    assert torch_reference.stored_setup() == setup
    assert torch_reference.stored().shape == (torch_reference.SETUP["steps"] + 1, 2)
    np.testing.assert_array_equal(torch_reference.stored()[0], torch_reference.SETUP["x0"])
    assert torch_reference.stored_version().startswith("torch 2.13")  # the version requirements pin


def test_adamlib_adam_matches_the_stored_torch_trajectory_to_1e_12():
    # The verdict lesson 04 prints.
    assert torch_reference.relative_difference(run_adamlib(), torch_reference.stored()) < 1e-12


def test_stored_trajectory_moves_and_is_finite():
    # A trajectory stuck at x0 (e.g. lr = 0 by mistake) would match trivially.
    xs = torch_reference.stored()
    assert np.all(np.isfinite(xs))
    assert np.linalg.norm(xs[-1] - xs[0]) > 0.5


def test_stored_trajectory_is_what_torch_gives_today():
    pytest.importorskip("torch", reason="the drift test needs torch")
    np.testing.assert_allclose(torch_reference.run_torch(), torch_reference.stored(), rtol=1e-13, atol=1e-15)


def test_relative_difference_is_relative_to_the_largest_coordinate():
    theirs = np.array([[0.0, 2.0], [4.0, -1.0]])
    ours = theirs + np.array([[1e-3, 0.0], [0.0, 0.0]])  # off where theirs is 0: still finite
    assert torch_reference.relative_difference(ours, theirs) == pytest.approx(1e-3 / 4.0)


def test_relative_difference_rejects_different_shapes():
    with pytest.raises(ValueError, match="different shapes"):
        torch_reference.relative_difference(np.zeros((3, 2)), np.zeros((4, 2)))
