"""Comparing a student's outputs with the reference's and with each mistake's.

"Equal" is tight (relative 1e-9: far above round-off, far below any real
mistake) and NaN equals NaN, so a mistake that gives NaN can still be named.
"""
import numpy as np

RTOL = 1e-9
"""Relative tolerance for "equal": far above round-off, far below any real mistake."""


def first_difference(expected, got):
    """Where ``got`` differs from ``expected``, or None if they are equal.

    Equal means the same shape and ``allclose`` with relative tolerance
    :data:`RTOL`, an absolute tolerance of RTOL * 1e-3 times the largest entry
    of ``expected`` (for entries that cancel to almost 0), and NaN equal to
    NaN, inf to inf.  Returns ``(index, expected_value, got_value)`` with
    ``index`` a tuple (``((), nan, nan)`` when the shapes differ).
    """
    try:
        expected = np.asarray(expected, dtype=float)
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return (), np.nan, np.nan
    if expected.shape != got.shape:
        return (), np.nan, np.nan
    finite = np.abs(expected[np.isfinite(expected)])
    atol = RTOL * 1e-3 * (finite.max() if finite.size else 0.0)
    with np.errstate(all="ignore"):
        close = np.isclose(got, expected, rtol=RTOL, atol=atol, equal_nan=True)
    if close.all():
        return None
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    return index, expected[index], got[index]


def as_outputs(result, n):
    """The outputs of a call as a tuple of length ``n`` (one bare value when n == 1)."""
    return (result,) if n == 1 else tuple(result)


def equal(expected, got) -> bool:
    """True if ``got`` equals ``expected`` (None in ``expected`` means: not compared)."""
    return expected is None or first_difference(expected, got) is None


def outputs_equal(expected, got) -> bool:
    """True if every compared output agrees (None in ``expected`` means: not compared)."""
    return all(equal(e, g) for e, g in zip(expected, got))


def equal_on_every_case(predicted, got, outputs=None) -> bool:
    """``predicted`` and ``got`` (one tuple of outputs per case) agree on every case.

    ``outputs`` restricts the comparison to those output indices.
    """
    for p, g in zip(predicted, got):
        for i, (e, h) in enumerate(zip(p, g)):
            if (outputs is None or i in outputs) and not equal(e, h):
                return False
    return True


def wrong_outputs(expected, got) -> list:
    """Indices of the outputs that differ from ``expected`` on at least one case."""
    n = len(expected[0]) if expected else 0
    return [i for i in range(n) if not all(equal(e[i], g[i]) for e, g in zip(expected, got))]
