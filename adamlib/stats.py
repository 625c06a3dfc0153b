"""Student's t distribution, for the paired t-test of ``adamlib.compare``.

    t_two_sided_p(t, df)    P(|T| >= |t|) for T ~ Student's t with df degrees of freedom
    t_critical(level, df)   the |t| above which the two-sided test at ``level`` rejects
    sign_test_p(wins, losses)  the exact two-sided p of the sign test (ties left out)

The course needs these two numbers only, so they are written here (about 40 lines)
rather than adding SciPy to every student's install. P(|T| >= |t|) is the regularized
incomplete beta function I_x(df/2, 1/2) at x = df / (df + t^2), evaluated with its
continued fraction (Press et al., Numerical Recipes, 3rd ed., section 6.4).

    >>> round(t_critical(0.05, 29), 3)       # the table value: 2.045
    2.045
    >>> round(t_two_sided_p(1.959964, 10**6), 4)   # df -> infinity: the normal's 5 %
    0.05
"""
import math


def t_two_sided_p(t, df):
    """P(|T| >= |t|), T ~ Student's t with ``df`` > 0 degrees of freedom."""
    if not df > 0:
        raise ValueError(f"df must be > 0, got {df!r}")
    if math.isinf(t):
        return 0.0
    return _incomplete_beta(df / 2, 0.5, df / (df + t * t))


def t_critical(level, df):
    """The smallest |t| with ``t_two_sided_p(t, df) <= level`` (bisection), for 0 < level < 1."""
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    lo, hi = 0.0, 1.0
    while t_two_sided_p(hi, df) > level:
        hi *= 2
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if t_two_sided_p(mid, df) > level else (lo, mid)
    return hi


def sign_test_p(wins, losses):
    """The exact two-sided p-value of the sign test: P(a split at least this uneven | each seed 50:50).

    Under "no difference" every seed is a fair coin (A wins or B wins), so the number of wins is
    Binomial(wins + losses, 1/2); ties carry no sign and are left out before calling.

    >>> sign_test_p(9, 1)            # 2 * (1 + 10) / 2**10
    0.021484375
    """
    if int(wins) != wins or int(losses) != losses or wins < 0 or losses < 0:
        raise ValueError(f"wins and losses must be whole numbers >= 0, got {wins!r} and {losses!r}")
    n, k = int(wins + losses), int(min(wins, losses))
    if n == 0:
        return 1.0
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2**n)


def _incomplete_beta(a, b, x):
    """I_x(a, b), the regularized incomplete beta function, for 0 <= x <= 1."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                     + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):  # the continued fraction converges fast here
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b  # the symmetry I_x(a,b) = 1 - I_{1-x}(b,a)


def _beta_fraction(a, b, x, tiny=1e-300):
    """The continued fraction of I_x(a, b) by the modified Lentz method."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 300):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return result
