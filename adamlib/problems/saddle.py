from .base import Surface, frozen


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


saddle = Saddle
