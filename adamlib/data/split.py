"""Hold out a test set: a seeded, stratified train/test split."""
import numpy as np


def train_test_split(X, y, test_fraction=0.2, seed=0):
    """``(X_train, X_test, y_train, y_test)``, the same for the same ``seed``.

    Stratified: every class gives ``round(test_fraction * its count)`` samples
    to the test set, so both sets keep the class proportions of ``y``.  Each
    sample lands in exactly one of the two sets; both come out shuffled.
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be between 0 and 1; got {test_fraction!r}")
    rng = np.random.default_rng(seed)
    train, test = [], []
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        n_test = int(round(test_fraction * len(members)))
        test.append(members[:n_test])
        train.append(members[n_test:])
    train = rng.permutation(np.concatenate(train))
    test = rng.permutation(np.concatenate(test))
    return X[train], X[test], y[train], y[test]
