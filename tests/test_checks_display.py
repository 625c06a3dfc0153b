"""The short echo of adamlib's reference functions in Jupyter (a review found a dropped assignment,
``check_mse_gradient(mse_gradient)``, echoing ~600 characters of annotated signature)."""
import types

from IPython.core.interactiveshell import InteractiveShell
from IPython.lib.pretty import pretty

from adamlib import steps
from adamlib.checks import display


def test_adamlib_functions_echo_in_one_short_line():
    assert display.short_function_text(steps.mse_gradient) == "<function adamlib.steps.mse_gradient>"


def test_the_printer_is_registered_in_an_ipython_shell_and_leaves_other_functions_alone():
    shell = InteractiveShell.instance()
    try:
        assert display.register_short_function_echo()
        assert display.register_short_function_echo()          # twice: still one printer
        formatter = shell.display_formatter.formatters["text/plain"]
        assert formatter(steps.mse_gradient) == "<function adamlib.steps.mse_gradient>"

        def mine(w, b):
            return w

        assert formatter(mine).startswith("<function ") and "(w, b)" in formatter(mine)
        assert len(pretty(steps.mse_gradient)) > len(formatter(steps.mse_gradient))  # what it replaces
    finally:
        InteractiveShell.clear_instance()


def test_outside_ipython_nothing_is_registered():
    assert display.register_short_function_echo() is False
    assert isinstance(steps.mse_gradient, types.FunctionType)
