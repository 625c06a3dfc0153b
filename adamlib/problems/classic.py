"""The classic 2-D test functions: a curved valley, plateaus and walls, a saddle."""
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


class Beale(Surface):
    """Beale's function: flat plateaus, steep walls, and a narrow curved valley to (3, 0.5).

        f(x, y)  = u1^2 + u2^2 + u3^2,  with  u_k = c_k - x + x y^k,  c = (1.5, 2.25, 2.625)
        df/dx    = 2 sum_k u_k (y^k - 1)
        df/dy    = 2 sum_k u_k k x y^(k-1)
        minimum  x* = (3, 0.5), f* = 0   (the u_k all vanish there)

    Its gradient spans many orders of magnitude across the window [-4.5, 4.5]^2:
    a fixed SGD step is either too small on the plateau or explodes on a wall.
    """

    name = "Beale"
    log_levels = True

    def __init__(self):
        self.x0 = frozen([1.0, 1.5])
        self.x_star, self.f_star = frozen([3.0, 0.5]), 0.0
        self.xlim = self.ylim = (-4.5, 4.5)

    @staticmethod
    def _u(x, y):
        return 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3

    def f(self, x, y):
        u1, u2, u3 = self._u(x, y)
        return u1**2 + u2**2 + u3**2

    def df(self, x, y):
        u1, u2, u3 = self._u(x, y)
        return (2.0 * (u1 * (y - 1.0) + u2 * (y**2 - 1.0) + u3 * (y**3 - 1.0)),
                2.0 * (u1 * x + u2 * 2.0 * x * y + u3 * 3.0 * x * y**2))


class Saddle(Surface):
    """A saddle point at the origin, with two minima beyond it.

        f(x, y)  = x^2 - y^2 + y^4 / 2
        df/dx    = 2 x
        df/dy    = -2 y + 2 y^3
        saddle   (0, 0), f = 0: curvature +2 along x, -2 along y
        minima   (0, +1) and (0, -1), f* = -1/2;  x_star is (0, +1)

    The quartic term keeps f bounded below (a pure x^2 - y^2 has no minimum);
    near the origin it is negligible, so there f is the textbook saddle.
    The start (1, 0.001) sits almost on the saddle's attracting x axis: gradient
    descent first slides into the saddle, then escapes along y only as fast as
    the tiny y-gradient grows, by a factor (1 + 2 lr) per step.  An optimizer
    that rescales small gradients (RMSprop, Adam) leaves much sooner.
    """

    name = "saddle"

    def __init__(self):
        self.x0 = frozen([1.0, 1e-3])
        self.x_star, self.f_star = frozen([0.0, 1.0]), -0.5
        self.saddle_point = frozen([0.0, 0.0])
        self.xlim = self.ylim = (-1.5, 1.5)

    def f(self, x, y):
        return x * x - y * y + 0.5 * y**4

    def df(self, x, y):
        return 2.0 * x, -2.0 * y + 2.0 * y**3


# The contract's constructor names: problems.rosenbrock(a=1, b=100) builds a Rosenbrock.
rosenbrock, beale, saddle = Rosenbrock, Beale, Saddle
