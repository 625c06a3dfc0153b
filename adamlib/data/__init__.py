"""Small real data sets shipped with adamlib, so every lesson runs offline.

    X, y = load_digits()                                   # (1797, 64) in [0, 1], labels 0..9
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction=0.2, seed=0)
    for X_batch, y_batch in minibatches(X_train, y_train, batch_size=32, rng=rng):
        ...

The digits are the UCI "Optical Recognition of Handwritten Digits" data
(Alpaydin & Kaynak, 1998, CC BY 4.0); see DIGITS_LICENSE.md beside this file.
"""
from .batches import minibatches
from .digits import load_digits
from .split import train_test_split

__all__ = ["load_digits", "train_test_split", "minibatches"]
