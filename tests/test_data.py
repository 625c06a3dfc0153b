"""adamlib.data: the shipped digits, the train/test split and the minibatches."""
import hashlib
import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import numpy as np
import pytest

import adamlib.data
from adamlib.data import load_digits, minibatches, train_test_split

DATA_DIR = Path(adamlib.data.__file__).parent
ROOT = Path(__file__).resolve().parents[1]


def test_digits_are_1797_images_of_64_pixels_in_ten_classes():
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and np.issubdtype(y.dtype, np.integer)
    assert sorted(np.unique(y)) == list(range(10))
    # Every class is present about equally often (the UCI description: 174..183 each).
    assert np.bincount(y).min() >= 170 and np.bincount(y).max() <= 190


def test_pixels_are_the_0_to_16_counts_scaled_to_the_unit_interval():
    X, _ = load_digits()
    assert X.min() == 0.0 and X.max() == 1.0
    counts = 16 * X
    np.testing.assert_array_equal(counts, np.round(counts))


def test_an_image_looks_like_its_digit():
    # A zero is a ring: ink around the centre of the 8x8 image, little in the middle.
    X, y = load_digits()
    zeros = X[y == 0].reshape(-1, 8, 8).mean(axis=0)
    assert zeros[3:5, 3:5].mean() < 0.5 * zeros[2:6, 1:7].mean()


def test_licence_note_cites_the_source_and_matches_the_file():
    note = (DATA_DIR / "DIGITS_LICENSE.md").read_text()
    for needed in ("Alpaydin", "Kaynak", "10.24432/C50P49", "CC BY 4.0", "1998", "scikit-learn"):
        assert needed in note
    sha = re.search(r"`([0-9a-f]{64})`", note).group(1)
    assert hashlib.sha256((DATA_DIR / "digits.csv.gz").read_bytes()).hexdigest() == sha


def test_the_data_files_are_declared_as_package_data():
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["adamlib"]
    for name in ("digits.csv.gz", "DIGITS_LICENSE.md"):
        assert any(fnmatch(f"data/{name}", pattern) for pattern in patterns), name


def test_split_sizes_are_stratified_by_class():
    X, y = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction=0.2, seed=0)
    for label in range(10):
        n = np.sum(y == label)
        assert np.sum(y_test == label) == round(0.2 * n)
        assert np.sum(y_train == label) == n - round(0.2 * n)
    assert len(X_train) == len(y_train) and len(X_test) == len(y_test)
    assert len(y_train) + len(y_test) == 1797


def test_split_is_disjoint_covers_everything_and_keeps_rows_with_labels():
    n = 103
    X = np.arange(n, dtype=float).reshape(n, 1)  # each row names its own index
    y = np.arange(n) % 4
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction=0.3, seed=5)
    train, test = X_train[:, 0].astype(int), X_test[:, 0].astype(int)
    assert not set(train) & set(test)
    assert sorted(np.concatenate([train, test])) == list(range(n))
    np.testing.assert_array_equal(y_train, train % 4)
    np.testing.assert_array_equal(y_test, test % 4)


def test_split_is_deterministic_given_the_seed():
    X, y = load_digits()
    a = train_test_split(X, y, seed=0)
    b = train_test_split(X, y, seed=0)
    c = train_test_split(X, y, seed=1)
    for first, second in zip(a, b):
        np.testing.assert_array_equal(first, second)
    assert not np.array_equal(a[1], c[1])


def test_split_rejects_bad_input():
    with pytest.raises(ValueError, match="test_fraction"):
        train_test_split(np.zeros((4, 1)), np.zeros(4), test_fraction=1.0)
    with pytest.raises(ValueError, match="rows"):
        train_test_split(np.zeros((4, 1)), np.zeros(3))


def test_minibatches_visit_every_sample_once_per_epoch_in_a_new_order():
    n, batch_size = 50, 16
    X = np.arange(n, dtype=float).reshape(n, 1)
    y = np.arange(n)
    rng = np.random.default_rng(0)
    orders = []
    for epoch in range(3):
        batches = list(minibatches(X, y, batch_size, rng))
        assert [len(b[1]) for b in batches] == [16, 16, 16, 2]
        seen = np.concatenate([yb for _, yb in batches])
        assert sorted(seen) == list(range(n))
        for Xb, yb in batches:
            np.testing.assert_array_equal(Xb[:, 0], yb)  # rows stay with their labels
        orders.append(seen)
    assert not np.array_equal(orders[0], np.arange(n))  # shuffled
    assert not np.array_equal(orders[0], orders[1])     # reshuffled every epoch


def test_minibatches_use_only_the_given_rng():
    X, y = np.arange(20.0).reshape(20, 1), np.arange(20)
    np.random.seed(123)  # the global generator must not matter
    first = [yb for _, yb in minibatches(X, y, 7, np.random.default_rng(3))]
    np.random.seed(456)
    second = [yb for _, yb in minibatches(X, y, 7, np.random.default_rng(3))]
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


def test_minibatches_reject_bad_batch_size():
    with pytest.raises(ValueError, match="batch_size"):
        minibatches(np.zeros((4, 1)), np.zeros(4), 0, np.random.default_rng(0))
