"""Calling a student's function safely, the way the lesson will call it.

- The inputs are fresh copies, so a function that changes them in place is
  caught (and cannot spoil the next case).
- Positional arguments go positionally, the names the lesson passes by
  keyword go by keyword (``adam_step(theta, g, m, v, t, lr=lr)``), so a renamed
  parameter is reported by the check, not three cells later.
- NumPy warnings are silenced and anything printed is captured: a check
  prints its own verdict, however many cases it runs.
- The calls into adamlib's own reference are watched: a function that only
  hands the work to the reference must not pass as the student's.
"""
import contextlib
import inspect
import io
import sys
import warnings

import numpy as np


def _copy(value):
    return value.copy() if isinstance(value, np.ndarray) else value


def code_of(fn):
    """The code objects that running ``fn`` means running: a function's, a method's, a class's ``update``."""
    fn = getattr(fn, "__func__", fn)
    code = getattr(fn, "__code__", None)
    return {code} if code is not None else set()


def is_reference(fn, *references) -> bool:
    """True when ``fn`` is one of adamlib's ``references`` handed in as the student's answer.

    That is the reference itself (an alias made by ``from adamlib.steps import adam_step``), a
    function with its code (a copy made by ``types.FunctionType``), or a thin wrapper around one
    of them (``functools.wraps`` sets ``__wrapped__``). The one test every check uses: an
    answer that merely *calls* the reference is caught later, by ``watching``, while it runs.
    """
    codes = set().union(*(code_of(reference) for reference in references))
    while fn is not None:
        if any(fn is reference for reference in references) or code_of(fn) & codes:
            return True
        fn = getattr(fn, "__wrapped__", None)
    return False


@contextlib.contextmanager
def watching(codes):
    """Yield a list that gets True appended when any code object in ``codes`` starts running.

    Uses ``sys.setprofile`` (restored after), so it sees the reference however
    it was reached: ``adamlib.steps.adam_step``, an alias made by ``from ...
    import``, a ``functools`` wrapper, a lambda around it.
    """
    seen = []
    if not codes:
        yield seen
        return
    previous = sys.getprofile()

    def profile(frame, event, arg):
        if event == "call" and frame.f_code in codes and not seen:
            seen.append(True)

    sys.setprofile(profile)
    try:
        yield seen
    finally:
        sys.setprofile(previous)


class Quiet:
    """Silence NumPy warnings and capture stdout / stderr; ``.printed`` holds what was printed."""

    def __enter__(self):
        self._buffer = io.StringIO()
        self._stack = contextlib.ExitStack()
        self._stack.enter_context(warnings.catch_warnings())
        warnings.simplefilter("ignore")
        self._stack.enter_context(np.errstate(all="ignore"))
        self._stack.enter_context(contextlib.redirect_stdout(self._buffer))
        self._stack.enter_context(contextlib.redirect_stderr(self._buffer))
        return self

    def __exit__(self, *exc):
        self._stack.close()
        self.printed = self._buffer.getvalue()
        return False


def call(fn, case, keywords=(), watch=frozenset()):
    """``fn`` on fresh copies of ``case.args``, quietly; ``(result, inputs after, used_reference)``.

    ``keywords`` are the argument names passed by keyword (the rest go
    positionally, in order); ``watch`` holds code objects whose running makes
    ``used_reference`` True.  Exceptions propagate.
    """
    args = {name: _copy(value) for name, value in case.args.items()}
    positional = [value for name, value in args.items() if name not in keywords]
    named = {name: value for name, value in args.items() if name in keywords}
    with Quiet(), watching(watch) as seen:
        result = fn(*positional, **named)
    return result, args, bool(seen)


def signature_problem(name, reference, student_fn, keywords=(), defaults_used=()):
    """Why ``student_fn`` cannot be called as the lesson calls it (a (what, hint) pair), or None.

    ``keywords``: names the lesson passes by keyword; ``defaults_used``: names
    the lesson leaves out, relying on the reference's defaults.
    """
    try:
        theirs = inspect.signature(student_fn).parameters
    except (TypeError, ValueError):  # a builtin or a C function: let the calls speak
        return None
    ours = inspect.signature(reference).parameters
    given = f"{name}{plain_signature(reference)}"
    takes_any = any(p.kind == p.VAR_KEYWORD for p in theirs.values())
    missing = [k for k in keywords if k not in theirs and not takes_any]
    if missing:
        extra = [k for k in theirs if k not in ours and theirs[k].kind not in
                 (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)]
        renamed = f" (yours is called `{extra[0]}`)" if len(missing) == len(extra) == 1 else ""
        return (f"your function has no parameter named `{missing[0]}`{renamed}, but the lesson calls "
                f"it by that name, e.g. {name}(..., {missing[0]}=...).",
                f"Keep the parameters exactly as given: {given}.")
    for k in defaults_used:
        if k in theirs and theirs[k].default is inspect.Parameter.empty and not takes_any:
            return (f"`{k}` has no default value, but the lesson leaves it out and relies on "
                    f"{k}={ours[k].default!r}.", f"Keep the defaults as given: {given}.")
        if k in theirs and theirs[k].default is not inspect.Parameter.empty \
                and ours[k].default is not inspect.Parameter.empty:
            if not _same_default(theirs[k].default, ours[k].default):
                return (f"the default value of `{k}` is {theirs[k].default!r}, but the lesson "
                        f"leaves {k} out and relies on {k}={ours[k].default!r}.",
                        f"Keep the defaults as given: {given}.")
    return None


def _same_default(a, b):
    try:
        return bool(np.isclose(float(a), float(b), rtol=1e-12, atol=0))
    except (TypeError, ValueError):
        return a == b


def more_than_the_stub(fn) -> bool:
    """True when ``fn``'s body holds, before the stub's ``raise NotImplementedError()``, statements
    besides its docstring and the lesson's placeholders (``answer = ...``): an answer written above
    a stub line that still runs. What follows the raise (the scaffold's ``return``) is not counted."""
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):   # no source (a lambda at a prompt, a built-in)
        return False
    function = next((node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))),
                    None)
    if function is None:
        return False

    def is_raise(node):
        if isinstance(node, ast.Raise) and node.exc is not None:
            raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"
        return False

    def is_scaffold(node):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return True   # the docstring
        return isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and node.value.value is ...

    # Lines the lesson gives above the stub (constants, a helper) are the lesson's, not an answer: when
    # the stub's "# YOUR CODE HERE" line is still there, only what stands below it counts.
    source = textwrap.dedent(inspect.getsource(fn)).split("\n")
    marker = next((k + 1 for k, line in enumerate(source) if line.strip() == "# YOUR CODE HERE"), 0)
    for node in function.body:
        if is_raise(node):
            return False
        if node.lineno > marker and not is_scaffold(node):
            return True
    return False


def plain_signature(fn) -> str:
    """``fn``'s parameters as the lesson writes them, without type annotations:
    "(theta, grad, m, v, t, lr=0.001, ...)", not "(theta: numpy.ndarray[...], ...)"."""
    import inspect

    signature = inspect.signature(fn)
    bare = [p.replace(annotation=inspect.Parameter.empty) for p in signature.parameters.values()]
    return str(signature.replace(parameters=bare, return_annotation=inspect.Signature.empty))
