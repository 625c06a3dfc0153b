"""A short echo for adamlib's reference functions in Jupyter.

A check returns the function to go on with: the student's, or adamlib's reference.  When the student
drops the assignment (``check_mse_gradient(mse_gradient)`` instead of ``mse_gradient = ...``), Jupyter
echoes that return value, and IPython prints a function with its whole annotated signature: some 600
characters of ``np.ndarray | float`` that say nothing to a beginner.  This module registers, once, a
printer that shows adamlib's functions as ``<function adamlib.steps.mse_gradient>`` and leaves every
other function to IPython's usual printer.  Outside IPython it does nothing.
"""
from __future__ import annotations

import types


def short_function_text(fn) -> str:
    """``<function module.name>``: what Jupyter shows for one of adamlib's functions."""
    return f"<function {fn.__module__}.{getattr(fn, '__qualname__', fn.__name__)}>"


def _pretty(fn, printer, cycle, fallback):
    if str(getattr(fn, "__module__", "")).startswith("adamlib."):
        printer.text(short_function_text(fn))
    else:
        fallback(fn, printer, cycle)


def register_short_function_echo() -> bool:
    """Register the short printer in the running IPython shell; False when there is none."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    formatter = shell.display_formatter.formatters["text/plain"]
    fallback = formatter.lookup_by_type(types.FunctionType)
    if getattr(fallback, "_adamlib_short", False):   # already registered (the module imported twice)
        return True

    def printer(fn, p, cycle):
        _pretty(fn, p, cycle, fallback)

    printer._adamlib_short = True
    formatter.for_type(types.FunctionType, printer)
    return True
