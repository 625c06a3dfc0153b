"""Lesson 07's checks: the in-place Adam exercise and the two reasoning answers.

Wrong answers are written the way students write them; each must fail with the right words, and
correct answers written unusually must pass.
"""
import math

import numpy as np
import pytest

from adamlib import steps
from adamlib.checks import answer_of, clipping, practice, practice_reasoning
from adamlib.checks.engine import reset_attempts
from adamlib.checks.practice import check_adam_inplace, verdict
from adamlib.steps import adam_inplace


@pytest.fixture(autouse=True)
def fresh_attempts():
    reset_attempts()
    yield
    reset_attempts()


def test_reference_matches_adam_step_and_optim_adam_over_steps():
    from adamlib.optim import Adam

    rng = np.random.default_rng(0)
    theta0 = rng.normal(size=(3, 4))
    theta, m, v = theta0.copy(), np.zeros((3, 4)), np.zeros((3, 4))
    ref, rm, rv = theta0.copy(), np.zeros((3, 4)), np.zeros((3, 4))
    opt = Adam(lr=0.01, betas=(0.8, 0.95), eps=1e-6)
    p, state = theta0.copy(), opt.init(theta0)
    for t in range(1, 6):
        g = rng.normal(size=(3, 4))
        assert adam_inplace(theta, g, m, v, t, lr=0.01, beta1=0.8, beta2=0.95, eps=1e-6) is None
        ref, rm, rv = steps.adam_step(ref, g, rm, rv, t, lr=0.01, beta1=0.8, beta2=0.95, eps=1e-6)
        p, state = opt.step(p, g, state)
        np.testing.assert_allclose(theta, ref, rtol=1e-13)
        np.testing.assert_allclose(theta, p, rtol=1e-13)
        np.testing.assert_allclose(m, rm, rtol=1e-13)
        np.testing.assert_allclose(v, state["v"], rtol=1e-13)


# --- correct answers, written unusually: they pass ------------------------------------------------

def scratch_via_zeros(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    s = np.zeros(theta.shape)
    np.multiply(m, beta1, out=m)
    np.multiply(grad, 1 - beta1, out=s)
    np.add(m, s, out=m)
    np.square(grad, out=s)
    np.multiply(s, 1 - beta2, out=s)
    np.multiply(v, beta2, out=v)
    np.add(v, s, out=v)
    np.divide(v, 1 - beta2**t, out=s)
    np.sqrt(s, out=s)
    np.add(s, eps, out=s)
    np.divide(m, s, out=s)
    np.multiply(s, lr / (1 - beta1**t), out=s)
    np.subtract(theta, s, out=theta)


def slices_and_kwargs(theta, grad, m, v, t, **hyper):
    b1, b2 = hyper["beta1"], hyper["beta2"]
    m[...] *= b1
    m += (1 - b1) * grad                     # one temporary at a time is allowed
    v *= b2
    squared = np.square(grad)
    squared *= 1 - b2
    v += squared
    del squared                              # freed before the next temporary is made
    denom = np.sqrt(v)
    denom /= math.sqrt(1 - b2**t)
    denom += hyper["eps"]
    np.divide(m, denom, out=denom)
    denom *= hyper["lr"] / (1 - b1**t)
    theta -= denom


@pytest.mark.parametrize("fn", [scratch_via_zeros, slices_and_kwargs])
def test_unusual_correct_answers_pass(fn):
    result = verdict(fn)
    assert result.passed, result.message


# --- wrong answers ------------------------------------------------------------------------------

def out_of_place(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    theta = theta - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return theta, m, v


def rebinds_m(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad       # a new local m; the caller's is untouched
    v *= beta2
    v += (1 - beta2) * grad * grad
    theta -= lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)


def many_temporaries(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m[:] = beta1 * m + (1 - beta1) * grad
    v[:] = beta2 * v + (1 - beta2) * grad**2
    theta[:] = theta - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)


def grad_as_scratch(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m *= beta1
    grad *= 1 - beta1                        # "saves" the scratch array by overwriting the gradient
    m += grad
    grad /= 1 - beta1
    np.multiply(grad, grad, out=grad)
    v *= beta2
    v += (1 - beta2) * grad
    s = np.sqrt(v / (1 - beta2**t)) + eps
    theta -= lr / (1 - beta1**t) * m / s


def moments_in_place(grad, m, v, s, beta1, beta2):
    """The right in-place moment updates, with one scratch array ``s`` (the wrong answers below start so)."""
    m *= beta1
    np.multiply(grad, 1 - beta1, out=s)
    m += s
    v *= beta2
    np.multiply(grad, grad, out=s)
    s *= 1 - beta2
    v += s


def eps_inside_sqrt(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    s = np.empty_like(theta)
    moments_in_place(grad, m, v, s, beta1, beta2)
    np.divide(v, 1 - beta2**t, out=s)
    s += eps
    np.sqrt(s, out=s)
    np.divide(m, s, out=s)
    s *= lr / (1 - beta1**t)
    theta -= s


def aliased_scratch(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    s = m                                    # not a copy: a second name for m
    m *= beta1
    np.multiply(grad, 1 - beta1, out=s)
    m += s
    v *= beta2
    v += (1 - beta2) * grad * grad
    theta -= lr / (1 - beta1**t) * m / (np.sqrt(v / (1 - beta2**t)) + eps)


def no_bias_correction(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    s = np.empty_like(theta)
    moments_in_place(grad, m, v, s, beta1, beta2)
    np.sqrt(v, out=s)
    s += eps
    np.divide(m, s, out=s)
    s *= lr
    theta -= s


def calls_reference(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    new = steps.adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps)
    for old, value in zip((theta, m, v), new):
        old[...] = value


def stub(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    raise NotImplementedError()


def renamed_lr(theta, grad, m, v, t, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    pass


def float32_scratch(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    s = np.empty(theta.shape, dtype=np.float32)         # the slip: a float32 buffer rounds every result
    moments_in_place(grad, m, v, s, beta1, beta2)
    np.sqrt(v, out=s)
    s *= 1 / math.sqrt(1 - beta2**t)
    s += eps
    np.divide(m, s, out=s)
    s *= lr / (1 - beta1**t)
    theta -= s


@pytest.mark.parametrize("fn, kind, words", [
    (out_of_place, "form", "returns them as new arrays"),
    (rebinds_m, "mistake", "the caller's m did not change"),
    (many_temporaries, "memory", "about 3 new arrays"),
    (grad_as_scratch, "mutated", "you changed `grad`"),
    (eps_inside_sqrt, "mistake", "eps inside the square root"),
    (aliased_scratch, "wrong", "second name for the same one"),
    (no_bias_correction, "mistake", "bias correction"),
    (calls_reference, "reference", "calls adamlib's own reference"),
    (stub, "not done", "not done yet"),
    (renamed_lr, "form", "no parameter named `lr`"),
    (float32_scratch, "mistake", "float32's precision"),
    (adam_inplace, "reference", "this is adamlib's reference"),
])
def test_wrong_answers_are_named(fn, kind, words):
    result = verdict(fn)
    assert result.kind == kind, result.message
    assert words in result.message + " " + result.hint


def test_check_prints_one_verdict_and_returns_the_function_to_use(capsys):
    assert check_adam_inplace(scratch_via_zeros) is scratch_via_zeros
    assert "Well done" in capsys.readouterr().out
    assert check_adam_inplace(many_temporaries) is adam_inplace   # right numbers, too much memory
    out = capsys.readouterr().out
    assert "one scratch array" in out and max(len(line) for line in out.splitlines()) < 100
    check_adam_inplace(check_adam_inplace(rebinds_m))             # re-running on the handed-back reference
    second = capsys.readouterr().out.split("adam_inplace: ")[-1]
    assert second.startswith("this is adamlib's reference adam_inplace, not yours") and "correct" not in second


def test_grading_mode_raises_on_a_wrong_answer(monkeypatch):
    monkeypatch.setenv("ADAMLIB_GRADING", "1")
    with pytest.raises(AssertionError):
        check_adam_inplace(many_temporaries)
    check_adam_inplace(scratch_via_zeros)   # a right answer does not raise


# --- reasoning ----------------------------------------------------------------------------------

def test_v_halfway_right_and_named_wrong_answers():
    check = practice_reasoning.check_v_halfway
    assert abs(0.999 ** check.answer() - 0.5) < 1e-12                  # derived independently: beta2^k = 1/2
    for right in (692.8, lambda: math.log(2) / (1 - 0.999), 693):      # the usual approximation passes too
        assert check.verdict(right).kind == "passed"
    for wrong, words in [(1000, "time constant"), (500, "straight line"), (0.693, "divide it"),
                         (31.6, "no square root"), (13.5, "0.95"), (-692.8, "The sign")]:
        result = check.verdict(wrong)
        assert result.kind == "mistake" and words in result.message, (wrong, result.message)
    assert check.verdict(...).kind == "not done"
    assert check.verdict(lambda: (_ for _ in ()).throw(NotImplementedError())).kind == "not done"


def test_bytes_per_parameter_is_judged_array_by_array(capsys):
    check = practice_reasoning.check_bytes_per_parameter
    check(lambda: (2, 2, 4, 4, 4))
    assert capsys.readouterr().out.count("Well done") == 5
    for wrong, words in [((4, 4, 0, 4, 4), ["weights the model computes with are bfloat16", "backward pass",
                                            "Without a float32 master copy"]),   # all float32: also 16 in all
                         ((2, 2, 4, 2, 2), ["m stays in float32", "v stays in float32"]),
                         ((2, 2, 4, 1, 1), ["8-bit m", "8-bit v"]),
                         ((2, 4, 4, 4, 4), ["backward pass"])]:
        check(lambda: wrong)
        out = " ".join(capsys.readouterr().out.split())
        assert all(w in out for w in words) and out.count("Well done") == 5 - len(words), (wrong, out)


def test_bytes_per_parameter_refuses_a_total_and_names_a_forgotten_return(capsys, monkeypatch):
    check = practice_reasoning.check_bytes_per_parameter
    check(lambda: 16)
    assert "return five, one per array" in capsys.readouterr().out
    check(lambda: None)
    assert "returns nothing (None)" in capsys.readouterr().out
    assert sum(check.answer()) == practice_reasoning.MIXED_PRECISION_BYTES == 16
    monkeypatch.setenv("ADAMLIB_GRADING", "1")
    with pytest.raises(AssertionError):
        check(lambda: 16)
    with pytest.raises(AssertionError):
        check(lambda: (4, 4, 0, 4, 4))


def test_v_halfway_names_a_forgotten_return(capsys):
    def v_halfway():
        print(692.8)
    practice_reasoning.check_v_halfway(v_halfway)
    out = " ".join(capsys.readouterr().out.split())
    assert "returns nothing (None)" in out and "not done yet" not in out


def test_answer_of_keeps_the_lesson_going(capsys):
    def broken():
        return 1 / 0
    assert answer_of(broken) is Ellipsis
    assert "ZeroDivisionError" in capsys.readouterr().out
    assert answer_of(None) is Ellipsis and answer_of(3) == 3
    assert practice.CHECK_SIZE * 8 < 256 * 1024   # below NumPy's temporary elision: temporaries are real


def test_an_in_place_step_that_also_returns_passes_with_a_note():
    def returns_too(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        scratch_via_zeros(theta, grad, m, v, t, lr, beta1, beta2, eps)   # a correct in-place step
        return theta, m, v
    result = verdict(returns_too)
    assert result.passed and "also returns a value" in result.message
    assert "also returns" not in verdict(adam_inplace_like_student()).message


def adam_inplace_like_student():
    def step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        scratch_via_zeros(theta, grad, m, v, t, lr, beta1, beta2, eps)
    return step


def test_bytes_per_parameter_names_bits_and_accepts_an_array(capsys):
    check = practice_reasoning.check_bytes_per_parameter
    check(lambda: (16, 16, 32, 32, 32))                     # the slip: bits, not bytes
    out = " ".join(capsys.readouterr().out.split())
    assert out.count("number of bits") == 5 and "Well done" not in out, out
    check(lambda: np.array([2, 2, 4, 4, 4]))                # the right answer as a NumPy array
    assert capsys.readouterr().out.count("Well done") == 5


# --- the clipping exercise ----------------------------------------------------------------------

def _clip_right(grads, max_norm, eps=1e-6):
    norm = math.sqrt(sum(float(np.sum(g ** 2)) for g in grads.values()))
    return {k: g * min(1.0, max_norm / (norm + eps)) for k, g in grads.items()}, norm


def _clip_norm_after(grads, max_norm):
    clipped, _ = _clip_right(grads, max_norm)
    return clipped, math.sqrt(sum(float(np.sum(g ** 2)) for g in clipped.values()))


def _clip_in_place(grads, max_norm):
    clipped, norm = _clip_right(grads, max_norm)
    for k in grads:
        grads[k][...] = clipped[k]
    return grads, norm


def _clip_calls_adamlib(grads, max_norm):
    from adamlib.optim import clip_by_global_norm
    return clip_by_global_norm(grads, max_norm)


def _clip_stub(grads, max_norm):
    raise NotImplementedError()


@pytest.mark.parametrize("fn, kind, words", [
    (_clip_right, "passed", "Well done"),
    (lambda grads, max_norm: _clip_right(grads, max_norm, eps=0.0), "passed", "Well done"),   # without 1e-6
    (clipping._per_array, "mistake", "its OWN norm"),
    (clipping._no_sqrt, "mistake", "square root is missing"),
    (clipping._scales_up, "mistake", "scaled UP"),
    (clipping._by_value, "mistake", "clipping by value"),
    (_clip_norm_after, "mistake", "norm AFTER clipping"),
    (_clip_in_place, "mutated", "changed the caller's gradients"),
    (_clip_calls_adamlib, "reference", "calls adamlib's clip_by_global_norm"),
    (lambda grads, max_norm: _clip_right(grads, max_norm)[0], "form", "return two things"),
    (_clip_stub, "not done", "not done yet"),
    (clipping.clip_global_norm, "reference", "adamlib's reference"),
])
def test_clip_global_norm_slips_are_named(fn, kind, words):
    result = clipping.verdict(fn)
    assert result.kind == kind, result.message
    assert words in result.message + " " + result.hint


def test_clip_reference_matches_adamlib():
    from adamlib.optim import clip_by_global_norm
    rng = np.random.default_rng(3)
    grads = {"a": rng.normal(size=(3, 4)), "b": 10 * rng.normal(size=6)}
    for max_norm in (0.5, 1e9):
        mine, norm = clipping.clip_global_norm(grads, max_norm)
        theirs, their_norm = clip_by_global_norm(grads, max_norm)
        assert norm == pytest.approx(their_norm, rel=1e-12)
        for k in grads:
            np.testing.assert_allclose(mine[k], theirs[k], rtol=1e-12)
