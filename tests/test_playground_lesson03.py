"""Lesson 03's playground: it offers only the optimizers taught so far, and its opening picture
shows the lesson's point (per-coordinate steps) rather than a coincidence."""
import numpy as np

from adamlib.widgets import model, optimizers, playground
from adamlib.widgets.presets import PRESETS

TAUGHT_BY_LESSON_03 = ("SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop")


def test_lesson_03_offers_only_what_lessons_01_to_03_taught():
    w = playground("adagrad_rmsprop")
    assert tuple(w.checkboxes) == TAUGHT_BY_LESSON_03
    assert w.settings["optimizers"] == ("SGD", "Adagrad", "RMSprop")


def test_presets_without_a_menu_offer_every_optimizer():
    assert tuple(playground("beyond").checkboxes) == optimizers.NAMES


def test_an_optimizer_asked_for_by_name_joins_the_menu():
    w = playground("adagrad_rmsprop", optimizers=["RMSprop", "Adam"])
    assert "Adam" in w.checkboxes and w.checkboxes["Adam"].value
    assert "AdamW" not in w.checkboxes


def test_the_default_does_not_land_rmsprop_on_the_minimum_in_one_step():
    settings = {**model.defaults("scaled quadratic"), **{k: v for k, v in PRESETS["adagrad_rmsprop"].items()
                                                           if k != "menu"}}
    runs = model.compute(settings)
    first = runs["RMSprop"].xs[1]
    assert np.linalg.norm(first) > 0.1                        # no one-step hit of x* = 0
    np.testing.assert_allclose(first, -0.5, rtol=1e-6)        # 10 lr = 1.5 per coordinate from (1, 1)
    # per-coordinate steps: both adaptive paths stay on the diagonal x1 = x2, SGD's does not
    for name in ("Adagrad", "RMSprop"):
        np.testing.assert_allclose(runs[name].xs[:, 0], runs[name].xs[:, 1], rtol=1e-4, atol=1e-12)  # up to eps
    assert abs(runs["SGD"].xs[-1, 0]) > 0.2 > abs(runs["SGD"].xs[-1, 1])  # SGD crawls along x1
