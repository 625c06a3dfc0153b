from .base import Surface, frozen


class Rosenbrock(Surface):
    """Rosenbrock's banana valley: a curved, flat-bottomed valley that is easy to find, slow to follow.

        f(x, y)  = (a - x)^2 + b (y - x^2)^2
        df/dx    = -2 (a - x) - 4 b x (y - x^2)
        df/dy    = 2 b (y - x^2)
        minimum  x* = (a, a^2), f* = 0

    The classic start (-1.2, 1) lies across the valley from the minimum.
    """

    name = "Rosenbrock"
    log_levels = True  # f spans five orders of magnitude in the window

    def __init__(self, a=1.0, b=100.0):
        self.a, self.b = float(a), float(b)
        self.x0 = frozen([-1.2, 1.0])
        self.x_star, self.f_star = frozen([a, a * a]), 0.0
        self.xlim = (min(-2.0, a - 1.0), max(2.0, a + 1.0))
        self.ylim = (min(-1.0, a * a - 1.0), max(3.0, a * a + 1.0))

    def f(self, x, y):
        return (self.a - x) ** 2 + self.b * (y - x * x) ** 2

    def df(self, x, y):
        return (-2.0 * (self.a - x) - 4.0 * self.b * x * (y - x * x),
                2.0 * self.b * (y - x * x))


rosenbrock = Rosenbrock
