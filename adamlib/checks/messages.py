"""What a check prints: numbers, shapes and values in words, wrapped to fit a notebook.

Every message is plain, stable text (numbers with 6 significant digits, no
object reprs), because nbval compares notebook outputs.  A verdict is printed
as short paragraphs: the verdict line first (what is wrong, where), then the
hint, then what the lesson does next; each wrapped under :data:`WIDTH` columns
so JupyterLab never breaks a word.
"""
import textwrap

import numpy as np

WIDTH = 99
"""Longest printed line: under 100 columns."""

INDENT = "  "
"""Lines after the verdict line are indented, so the verdict stands out."""


def fmt(x) -> str:
    """A number with 6 significant digits, the same on every machine: 0.00123457, -1.5e+07, nan."""
    return f"{float(x):.6g}"


def fmt_apart(expected, got, digits: int = 6):
    """``expected`` and ``got`` as text, with as few significant digits (at least ``digits``, at most
    17) as it takes to print them differently: never "should be 0.3 but yours gives 0.3"."""
    for d in range(digits, 18):
        a, b = f"{float(expected):.{d}g}", f"{float(got):.{d}g}"
        if a != b:
            break
    return a, b


ROUND_OFF_LEVEL = 1e-5
"""A relative difference below this (but above the checks' tolerance) is not a slip in a formula,
whose effects are of order 1: it comes from float32 arithmetic or a numerical approximation."""


def agreeing_digits(expected, got) -> int:
    """How many significant digits ``got`` shares with ``expected`` (about -log10 of the relative gap)."""
    gap = abs(float(got) - float(expected)) / max(abs(float(expected)), 1e-300)
    return int(np.floor(-np.log10(gap))) if gap > 0 else 17


def shape_text(shape) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def index_text(index) -> str:
    return "[" + ", ".join(str(i) for i in index) + "]" if index else ""


def names_text(names) -> str:
    """'a', 'a and b', 'a, b and c'."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def describe_value(value) -> str:
    """What a returned object is, in a few words and without a repr."""
    if value is None:
        return "None"
    if value is Ellipsis:
        return "... (the placeholder)"
    if isinstance(value, np.ndarray):
        return f"an array of shape {shape_text(value.shape)}"
    if isinstance(value, (bool, np.bool_)):
        return "True or False"
    if isinstance(value, (int, float, np.number)):
        return "a single number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (tuple, list)):
        n = len(value)
        return f"a {type(value).__name__} of {n} value{'' if n == 1 else 's'}"
    return f"a {type(value).__name__}"


def difference_text(expected, got) -> str:
    """A few words on how ``got`` differs from ``expected`` (two numbers), or ''."""
    if np.isnan(got):
        return " (NaN comes from the square root of a negative number, or from 0 / 0)"
    if np.isinf(got) or np.isinf(expected) or np.isnan(expected):
        return ""
    return f" (a difference of {fmt(got - expected)})"


def wrap(*paragraphs) -> str:
    """The paragraphs as lines under :data:`WIDTH` columns; all but the first indented.

    Empty paragraphs are left out; a paragraph's own newlines start new lines.
    """
    lines = []
    for paragraph in paragraphs:
        for part in str(paragraph or "").split("\n"):
            if not part.strip():
                continue
            indent = INDENT if lines else ""
            lines += textwrap.wrap(" ".join(part.split()), width=WIDTH, initial_indent=indent,
                                   subsequent_indent=INDENT, break_long_words=False,
                                   break_on_hyphens=False)
    return "\n".join(lines)
