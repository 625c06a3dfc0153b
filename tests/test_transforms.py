"""adamlib.optim.transforms: each chain written out by hand, against torch's stored trajectories.

The chains below are written from torch.optim's documented algorithms, not taken from the
classes, so a test here fails if a link or its order is wrong, and the classes (built from
the same links) are compared with them too.
"""
from pathlib import Path

import numpy as np
import pytest

from adamlib import optim
from adamlib.optim import Chained
from adamlib.optim.transforms import (add_decayed_weights, apply_updates, chain, clip, scale,
                                      scale_by_adam, scale_by_adamax, scale_by_learning_rate, scale_by_rms,
                                      scale_by_sum_of_squares, trace)
from optim_cases import (CASES, case_id, gradient, max_relative_difference, run_adamlib, start_point,
                         stored_trajectory)

REFERENCE = Path(__file__).parent / "data" / "torch_reference.npz"
CHAINED = [c for c in CASES if c[0] in ("SGD", "Adagrad", "RMSprop", "Adam", "AdamW", "Adamax")]


def by_hand(name, kw):
    """torch.optim's algorithm as a chain, read off torch's documentation."""
    lr, wd = kw.get("lr"), kw.get("weight_decay", 0.0)
    if name == "SGD":
        links = [add_decayed_weights(wd)]
        if kw.get("momentum"):
            links.append(trace(kw["momentum"], kw.get("dampening", 0.0), kw.get("nesterov", False)))
        return chain(*links, scale_by_learning_rate(lr))
    if name == "Adagrad":
        decay = kw.get("lr_decay", 0.0)
        return chain(add_decayed_weights(wd),
                     scale_by_sum_of_squares(kw.get("eps", 1e-10), kw.get("initial_accumulator_value", 0.0)),
                     scale_by_learning_rate(lambda t: lr / (1 + (t - 1) * decay)))
    if name == "RMSprop":
        links = [add_decayed_weights(wd), scale_by_rms(kw.get("alpha", 0.99), kw.get("eps", 1e-8),
                                                       kw.get("centered", False))]
        if kw.get("momentum"):
            links.append(trace(kw["momentum"]))
        return chain(*links, scale_by_learning_rate(lr))
    adam = scale_by_adam(*kw.get("betas", (0.9, 0.999)), kw.get("eps", 1e-8), amsgrad=kw.get("amsgrad", False))
    if name == "Adam":
        return chain(add_decayed_weights(wd), adam, scale_by_learning_rate(lr))
    if name == "AdamW":   # decay AFTER the scaling: decoupled
        return chain(adam, add_decayed_weights(kw.get("weight_decay", 1e-2)), scale_by_learning_rate(lr))
    return chain(add_decayed_weights(wd), scale_by_adamax(*kw.get("betas", (0.9, 0.999)), kw.get("eps", 1e-8)),
                 scale_by_learning_rate(lr))


def run_chain(transform, name, kw, steps=200):
    params = start_point(name)
    state = transform.init(params)
    out = []
    for t in range(1, steps + 1):
        g = gradient(params, t)
        if kw.get("maximize"):
            g = {k: -v for k, v in g.items()}
        updates, state = transform.update(g, state, params)
        params = apply_updates(params, updates)
        out.append(params)
    return out


@pytest.mark.parametrize("name,kwargs", CHAINED, ids=[case_id(*c) for c in CHAINED])
def test_the_chain_written_by_hand_matches_torch(name, kwargs):
    by_step, version = stored_trajectory(REFERENCE, name, kwargs)
    assert version.startswith("torch 2.13") and len(by_step) == 10
    ours = run_chain(by_hand(name, kwargs), name, kwargs)
    steps = sorted(by_step)
    assert max_relative_difference([ours[t - 1] for t in steps], [by_step[t] for t in steps]) <= 1e-12


@pytest.mark.parametrize("name,kwargs", CHAINED, ids=[case_id(*c) for c in CHAINED])
def test_the_class_is_its_chain(name, kwargs):
    assert max_relative_difference(run_adamlib(name, kwargs, steps=50),
                                   run_chain(by_hand(name, kwargs), name, kwargs, steps=50)) <= 1e-14
    assert getattr(optim, name)(**kwargs).transform().slots == by_hand(name, kwargs).slots


def test_adamw_and_adam_with_l2_are_the_same_links_in_another_order():
    p, g = np.array([1.0, -2.0, 3.0]), np.array([0.1, 0.0, -5.0])
    l2 = chain(add_decayed_weights(0.1), scale_by_adam(), scale_by_learning_rate(0.01))
    decoupled = chain(scale_by_adam(), add_decayed_weights(0.1), scale_by_learning_rate(0.01))
    u_l2, _ = l2.update(g, l2.init(p), p)
    u_w, _ = decoupled.update(g, decoupled.init(p), p)
    # first step: Adam's direction is sign(g) (|g| >> eps), so decoupled decay moves p by -lr (sign(g) + 0.1 p) ...
    np.testing.assert_allclose(u_w, -0.01 * (np.sign(g) + 0.1 * p), rtol=1e-6, atol=1e-12)
    # ... while under L2 the decay is rescaled with the gradient: the coordinate with g = 0 moves a full -lr step
    np.testing.assert_allclose(u_l2, -0.01 * np.sign(g + 0.1 * p), rtol=1e-6)


def test_switching_off_a_bias_correction_changes_exactly_that_factor():
    g, b1, b2 = np.array([2.0, -0.5]), 0.9, 0.999
    for correct_m, correct_v in [(True, True), (False, True), (True, False), (False, False)]:
        t = scale_by_adam(b1, b2, eps=0.0, correct_m=correct_m, correct_v=correct_v)
        u, state = t.update(g, t.init(g), g)
        m, v = (1 - b1) * g, (1 - b2) * g * g   # after one step from zero
        m_hat = m / (1 - b1) if correct_m else m
        root_v = np.sqrt(v / (1 - b2)) if correct_v else np.sqrt(v)
        np.testing.assert_allclose(u, m_hat / root_v, rtol=1e-14)
        assert state["count"] == 1


def test_two_moments_must_be_one_transform():
    # momentum followed by RMS scaling averages the square of the MOMENTUM, not of g: not Adam
    g1, g2 = np.array([1.0]), np.array([-1.0])
    adam = chain(scale_by_adam(0.9, 0.9, 0.0, correct_m=False, correct_v=False))
    split = chain(trace(0.9), scale(0.1), scale_by_rms(0.9, 0.0))
    s_adam, s_split, p = adam.init(g1), split.init(g1), np.zeros(1)
    for g in (g1, g2):
        u_adam, s_adam = adam.update(g, s_adam, p)
        u_split, s_split = split.update(g, s_split, p)
    assert not np.allclose(u_adam, u_split)
    np.testing.assert_allclose(s_adam["v"], 0.1 * 0.9 * 1 + 0.1 * 1)   # the mean of g^2 = 1 ...
    assert s_split["square_avg"][0] < 0.05                            # ... not of the momentum's square


def test_state_is_plain_data_and_inputs_are_left_alone():
    t = chain(add_decayed_weights(0.1), scale_by_adam(), clip(0.5), scale_by_learning_rate(0.1))
    params = {"w": np.ones((2, 2)), "b": [np.zeros(3)]}
    state = t.init(params)
    assert state["count"] == 0 and set(state) == {"count", "m", "v"}
    grads = {"w": np.full((2, 2), 3.0), "b": [np.ones(3)]}
    before = {"w": grads["w"].copy(), "m": state["m"]["w"].copy()}
    updates, new = t.update(grads, state, params)
    assert new["count"] == 1 and state["count"] == 0
    np.testing.assert_array_equal(grads["w"], before["w"])
    np.testing.assert_array_equal(state["m"]["w"], before["m"])
    assert np.abs(updates["w"]).max() <= 0.05 + 1e-15   # clipped to 0.5 before the 0.1 learning rate


def test_chained_runs_any_chain_and_refuses_what_is_not_one():
    opt = Chained(scale_by_adam(), lr=0.01)
    mine, theirs = np.array([1.0, 2.0]), np.array([1.0, 2.0])
    s1, s2, adam = opt.init(mine), None, optim.Adam(lr=0.01)
    s2 = adam.init(theirs)
    for t in range(1, 20):
        mine, s1 = opt.step(mine, mine * t, s1)
        theirs, s2 = adam.step(theirs, theirs * t, s2)
    np.testing.assert_allclose(mine, theirs, rtol=1e-15)
    with pytest.raises(ValueError, match="Chained takes one or more transforms"):
        Chained(lambda g: g, lr=0.1)
    with pytest.raises(ValueError, match="buffers of different names"):
        chain(trace(0.9), trace(0.5))


def test_a_changed_hyperparameter_takes_effect_and_lr_is_read_at_each_step():
    opt = optim.Adam(lr=0.1, eps=1.0)
    p, g = np.array([1.0]), np.array([1e-3])
    first, _ = opt.step(p, g, opt.init(p))
    opt.eps = 1e-12                      # the cached chain must not keep the old eps
    second, _ = opt.step(p, g, opt.init(p))
    assert abs(1 - second[0]) > 100 * abs(1 - first[0])
    opt.lr = 0.0
    third, _ = opt.step(p, g, opt.init(p))
    assert third[0] == 1.0


def test_a_copy_of_a_used_optimizer_reads_its_own_learning_rate():
    import copy
    opt = optim.Adam(lr=0.1)
    p, g = np.array([1.0]), np.array([2.0])
    opt.step(p, g, opt.init(p))              # builds and caches the chain
    for twin in (copy.copy(opt), copy.deepcopy(opt)):
        twin.lr = 0.5
        moved, _ = twin.step(p, g, twin.init(p))
        assert moved[0] == pytest.approx(0.5)   # the first step is lr * sign(g): the twin's lr, not 0.1
    assert opt.step(p, g, opt.init(p))[0][0] == pytest.approx(0.9)
