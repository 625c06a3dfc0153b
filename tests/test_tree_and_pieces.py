"""adamlib.tree (params as arrays, dicts, lists) and adamlib.optim.pieces (Adam's building blocks)."""
import numpy as np
import pytest

from adamlib import tree
from adamlib.optim.pieces import bias_correction, ema


def test_leaves_and_rebuild_round_trip_nested_trees():
    t = {"layer": [np.ones(2), np.zeros((1, 3))], "bias": np.array(5.0)}
    assert [path for path, _ in tree.leaves_with_paths(t)] == ["['layer'][0]", "['layer'][1]", "['bias']"]
    rebuilt = tree.rebuild(t, [leaf * 2 for leaf in tree.leaves(t)])
    np.testing.assert_equal(rebuilt, {"layer": [2 * np.ones(2), np.zeros((1, 3))], "bias": np.array(10.0)})


def test_tree_map_keeps_container_types():
    out = tree.tree_map(lambda a, b: a + b, (np.ones(1), [np.ones(2)]), (np.ones(1), [np.ones(2)]))
    assert isinstance(out, tuple) and isinstance(out[1], list)
    np.testing.assert_equal(out[1][0], [2.0, 2.0])


def test_mismatched_trees_name_the_offending_path():
    with pytest.raises(ValueError, match=r"grads\['a'\]\[1\] has shape \(3,\) but params\['a'\]\[1\] has shape \(2,\)"):
        tree.check_same_structure({"a": [np.ones(1), np.ones(2)]}, {"a": [np.ones(1), np.ones(3)]})
    with pytest.raises(ValueError, match="same structure"):
        tree.check_same_structure([np.ones(1)], np.ones(1))


def test_ema_of_a_constant_started_at_zero_reaches_one_minus_beta_to_the_t():
    beta, avg = 0.9, 0.0
    for t in range(1, 6):
        avg = ema(avg, 1.0, beta)
        assert avg == pytest.approx(bias_correction(beta, t), rel=1e-15)


def test_bias_correction_is_one_minus_beta_to_the_t():
    assert bias_correction(0.9, 1) == pytest.approx(0.1)
    assert bias_correction(0.999, 1000) == pytest.approx(1 - 0.999**1000)


@pytest.mark.parametrize("params,grads,words", [
    ({"w": np.ones(2), "b": np.ones(1)}, {"w": np.ones(2)},
     "they differ at the top level: params is a dict with keys ['w', 'b'], but grads is a dict with keys ['w']"),
    ([{"W": np.ones(2), "b": np.ones(1)}, {"W": np.ones(2)}], [{"W": np.ones(2), "b": np.ones(1)}, {"w": np.ones(2)}],
     "they differ at [1]: params[1] is a dict with keys ['W'], but grads[1] is a dict with keys ['w']"),
    ([np.ones(1), np.ones(2), np.ones(3)], [None, None, None],
     "they differ at [0]: params[0] is an array, but grads[0] is None"),
    ({"a": [np.ones(1), np.ones(2)]}, {"a": [np.ones(1)]},
     "they differ at ['a']: params['a'] is a list of 2, but grads['a'] is a list of 1"),
    ([np.ones(1)], (np.ones(1),), "params is a list of 1, but grads is a tuple of 1"),
], ids=["missing-key", "renamed-key", "none-leaves", "short-list", "list-vs-tuple"])
def test_a_tree_that_differs_says_which_key_or_index_differs(params, grads, words):
    with pytest.raises(ValueError) as info:
        tree.check_same_structure(params, grads)
    assert words in str(info.value)
    assert "None, None" not in str(info.value)  # not the old dump of both structures


def test_dict_keys_in_another_order_still_align_leaf_by_leaf():
    params = {"w": np.ones(2), "b": np.zeros(3)}
    grads = {"b": np.full(3, 7.0), "w": np.full(2, 5.0)}
    paths, ps, gs = tree.aligned_leaves(params, grads)
    assert paths == ["['w']", "['b']"]
    np.testing.assert_array_equal(gs[0], [5.0, 5.0])
    np.testing.assert_array_equal(gs[1], [7.0, 7.0, 7.0])


def test_structure_difference_is_none_for_equal_structures_with_other_values():
    assert tree.structure_difference({"a": [np.ones(1), 2.0]}, {"a": [np.zeros(5), np.ones(3)]}) is None
