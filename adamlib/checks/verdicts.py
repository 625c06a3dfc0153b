"""What a check concludes: a :class:`Verdict`, and the :class:`Mistake` s it can name."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..links import ISSUES_URL


@dataclass(frozen=True)
class Mistake:
    """One classic mistake.

    what:   what the student did, in words ("you put eps inside the square
            root, np.sqrt(v_hat + eps)."), without giving the answer away.
    fix:    the correction, formula included; shown from the third failed
            attempt on, or with ``hint=True``.
    mutant: the reference with this one mistake made, same arguments.  It may
            return ``None`` for an output whose value does not identify the
            mistake ("anything goes" there).
    """
    what: str
    fix: str
    mutant: Callable


def as_mistake(entry) -> Mistake:
    """A :class:`Mistake` from a Mistake, a (what, fix, mutant) or an older (description, mutant)."""
    if isinstance(entry, Mistake):
        return entry
    if len(entry) == 2:
        return Mistake(entry[0], "", entry[1])
    return Mistake(*entry)


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check.

    kind:    "passed", "not done", "reference" (adamlib's own answer was
             handed in), "raised", "form" (wrong number, type or shape of
             outputs, or a signature the lesson cannot call), "mutated",
             "mistake" (a named one), "order" (outputs in the wrong order)
             or "wrong".
    message: the verdict: what is wrong, and where.
    hint:    what to do about it (may be empty).
    fix:     the corrected formula, printed only from the third failed
             attempt on, or when asked with ``hint=True``.
    """
    kind: str
    message: str
    hint: str = ""
    fix: str = ""

    @property
    def passed(self) -> bool:
        return self.kind == "passed"


def judged(verdict_of: Callable, answer, name: str) -> Verdict:
    """``verdict_of(answer)``, or, when the check itself breaks, a verdict that says so and where to
    report it: a bug in a checker must never stop the lesson."""
    try:
        return verdict_of(answer)
    except Exception as error:
        return Verdict("raised", f"{name}: the checker itself failed ({type(error).__name__}).",
                       f"Please report this at {ISSUES_URL}")


def reference_verdict(name: str, called: bool, where: str = "adamlib.steps") -> Verdict:
    """The verdict for adamlib's own answer handed in (``called``: your function calls it)."""
    if called:
        return Verdict("reference", f"{name}: your function calls adamlib's own reference "
                                    f"({where}.{name}) instead of doing the work itself, so there "
                                    "is nothing of yours to check.",
                       "Write the computation yourself, with NumPy operations on the inputs.")
    return Verdict("reference", f"{name}: this is adamlib's reference {name}, not yours: an earlier "
                                "check handed it back because your function had not passed.",
                   f"Run the cell with your {name} first, then this check.")


def not_done_verdict(name: str, stub_left_in: bool = False) -> Verdict:
    """``stub_left_in``: the function holds code of its own but still reaches the stub's raise."""
    if stub_left_in:
        return Verdict("not done", f"{name}: your answer is written, but your function still raises "
                                   "NotImplementedError: delete the line `raise NotImplementedError()` "
                                   "and run both cells again.",
                       "The lesson continues with adamlib's reference implementation.")
    return Verdict("not done", f"{name}: not done yet — fill in the cell above and run this check "
                               "again.", "The lesson continues with adamlib's reference implementation.")


def raised_verdict(name: str, error: Exception, where: str = "",
                   hint: str = "Call it in a new cell to see the full traceback.") -> Verdict:
    """The verdict for an answer whose function raised ``error`` (not the stub's NotImplementedError).

    One rule in every lesson, for a function exercise and for a number written as a function alike:
    the student wrote something and it crashed, so the verdict names the exception and its message
    (never "not done yet"), says on which test (``where``) when there were several, and how to see
    the traceback (``hint``); the lesson goes on with the reference.
    """
    text = " ".join(str(error).split())[:200]
    on = f" (on {where})" if where else ""
    return Verdict("raised", f"{name}: your function raised {type(error).__name__}{': ' + text if text else ''}{on}.",
                   hint)
