"""Mistakes with ``eps`` that a per-coordinate step (AdaGrad, RMSProp) invites.

A student who writes a number into the formula (``np.sqrt(s) + 1e-8``) instead of using the
argument ``eps`` passes every test whose eps happens to equal that number, and misses the
others by a hair, which looks like float32 round-off. These mutants name the mistake instead:
the reference with eps replaced by a fixed constant, or by the argument times a factor.
"""
from .verdicts import Mistake

# torch's defaults (Adagrad 1e-10; RMSprop and Adam 1e-8), Keras's 1e-7, and other round values.
FIXED_EPS = (1e-10, 1e-8, 1e-7, 1e-6, 1e-5, 1e-12)  # 1e-16 would be no eps at all, to round-off
# An eps off by a constant factor (10 * eps, eps / 10, ...): the argument used, but scaled.
EPS_FACTORS = (10.0, 0.1, 100.0, 0.01, 2.0, 0.5)

FIXED_WHAT = ("you wrote a fixed eps into the formula (a number such as 1e-8 or 1e-10), so a caller's "
              "eps is ignored (the tests with eps = 1e-3 fail). Use the argument eps.")
SCALED_WHAT = ("your eps is the argument times a constant factor (10 * eps, eps / 10, ...), so the "
               "tests with eps = 1e-3 fail. Use the argument eps as it is.")
# Added to the engine's float32 explanation of a near miss: any other written-in number looks the same.
NEAR_MISS = ("Or eps: a number written into the formula where the argument eps belongs (1e-9, 3e-8, ...) "
             "gives the same near miss; use the argument eps.")


def _with_eps(reference, new_eps):
    """``reference`` with its eps (the last argument, as the checks pass it) replaced by new_eps(eps).

    ``reference`` is a private copy of the formula, not adamlib.steps' function: the engine flags a
    mutant that runs the reference as "calls the reference"."""
    def mutant(*args):
        return reference(*args[:-1], new_eps(args[-1]))
    return mutant


def eps_mistakes(reference, fix):
    """The fixed-eps and scaled-eps mistakes for ``reference`` (eps its last argument)."""
    fixed = [Mistake(FIXED_WHAT, fix, _with_eps(reference, lambda eps, c=c: c)) for c in FIXED_EPS]
    scaled = [Mistake(SCALED_WHAT, fix, _with_eps(reference, lambda eps, k=k: k * eps)) for k in EPS_FACTORS]
    return fixed + scaled
