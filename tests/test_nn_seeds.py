"""adamlib.nn.seeds: one network per seed, trained as one stack, equals the one-seed loop."""
import numpy as np
import pytest

from adamlib.data import minibatches
from adamlib.nn import mlp
from adamlib.nn.seeds import PerSeed, elementwise, for_seeds, train_seeds
from adamlib.optim import Adadelta, Adafactor, Adam, AdamW, Lion, Muon, PerParameter, ScheduleFreeAdamW

rng = np.random.default_rng(0)
X, y = rng.normal(size=(70, 6)), rng.integers(0, 3, size=70)
X_val, y_val = rng.normal(size=(15, 6)), rng.integers(0, 3, size=15)
model = mlp([6, 5, 3])


def one_seed(opt, seed, steps, batch_size=16):
    """The reference: the loop every chapter writes for one seed."""
    seed_rng = np.random.default_rng(seed)
    params = model.init(seed_rng)
    state, done = opt.init(params), 0
    while done < steps:
        for X_b, y_b in minibatches(X, y, batch_size, seed_rng):
            if done == steps:
                break
            _, grads = model.loss_and_grads(params, X_b, y_b)
            params, state = opt.step(params, grads, state)
            done += 1
    return model.loss(opt.eval_params(params, state), X_val, y_val)


def muon_hidden(lr):
    return PerParameter({"muon": Muon(lr=lr), "adamw": AdamW(lr=0.01)},
                        labels=lambda path, array: "muon" if path == "[0]['W']" else "adamw")


@pytest.mark.parametrize("make", [lambda: Adam(lr=0.01), lambda: Adadelta(lr=5.0), lambda: Lion(lr=0.003),
                                  lambda: ScheduleFreeAdamW(lr=0.02), lambda: Adafactor(lr=0.1),
                                  lambda: muon_hidden(0.05)],
                         ids=["Adam", "Adadelta", "Lion", "Schedule-Free", "Adafactor", "Muon+AdamW"])
def test_each_seed_follows_the_one_seed_loop(make):
    seeds = [3, 0, 7]
    steps = 11   # not a whole number of epochs (5 batches per epoch): the count crosses an epoch
    stacked = train_seeds(model, make(), seeds, X, y, steps, 16, X_val, y_val)
    expected = [one_seed(make(), seed, steps) for seed in seeds]
    np.testing.assert_allclose(stacked, expected, rtol=1e-10, atol=1e-12)


def test_which_optimizers_step_a_stack_as_it_is():
    assert elementwise(Adam()) and elementwise(ScheduleFreeAdamW()) and elementwise(Lion())
    assert not elementwise(Adafactor()) and not elementwise(muon_hidden(0.1))
    assert isinstance(for_seeds(Adafactor(), 4), PerSeed) and isinstance(for_seeds(Adam(), 4), Adam)


def test_a_run_that_stops_being_finite_scores_inf_on_every_seed():
    """The optimizer refuses a non-finite gradient for the whole stack; compare ignores such a rate."""
    X_bad = X.copy()
    X_bad[:, 0] = np.nan
    scores = train_seeds(model, Adam(lr=0.01), [0, 1], X_bad, y, 3, 16, X_val, y_val)
    assert np.isinf(scores).all()


@pytest.mark.parametrize("kwargs, word", [({"steps": -1}, "steps"), ({"steps": 2.5}, "steps"),
                                          ({"batch_size": 0}, "batch_size"), ({"seeds": []}, "seeds")])
def test_bad_arguments_name_themselves(kwargs, word):
    args = {"model": model, "opt": Adam(), "seeds": [0], "X": X, "y": y, "steps": 3, "batch_size": 16,
            "X_val": X_val, "y_val": y_val, **kwargs}
    with pytest.raises(ValueError, match=word):
        train_seeds(**args)
