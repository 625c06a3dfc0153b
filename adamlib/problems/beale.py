from .base import Surface, frozen


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


beale = Beale
