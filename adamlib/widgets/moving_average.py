"""``moving_average_widget()``: where an exponential moving average puts its weight, and why
Adam divides by 1 - beta^t.

Unrolled from m_0 = 0, the average m_t = beta m_{t-1} + (1 - beta) g_t is

    m_t = sum_{k=0}^{t-1} (1 - beta) beta^k g_{t-k}

so gradient g_{t-k} (k steps ago) has weight (1 - beta) beta^k, and the weights
add up to 1 - beta^t, not 1: the missing beta^t is the weight the zero start
still holds.  For a constant gradient g, m_t = (1 - beta^t) g, biased towards
zero, and m_t / (1 - beta^t) = g exactly: Adam's bias correction.
"""
import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from ..optim.pieces import bias_correction
from .render import FORMAT, Renderer, WithStill

T_MAX = 10_000  # beta = 0.999 needs t = 4603 before 1 - beta^t passes 0.99: the t axis is logarithmic
T_CHOICES = tuple(sorted(set(range(1, 101)) | set(np.geomspace(100, T_MAX, 201).round().astype(int).tolist())))
MARKERS_UP_TO = 200  # more weights than this are drawn as a line (dots would merge)


def ema_weights(beta, t):
    """The weight (1 - beta) beta^k of g_{t-k} in m_t, for k = 0 .. t-1."""
    return (1.0 - beta) * beta ** np.arange(t)


def nearest_t(t):
    """The slider's value closest to t (it offers every t to 100, then steps of ~2 %)."""
    return min(T_CHOICES, key=lambda choice: abs(choice - t))


def nice_ceiling(value):
    """The smallest 1, 2 or 5 times a power of ten that is >= value (value > 0)."""
    power = 10.0 ** np.floor(np.log10(value))
    return next(float(m * power) for m in (1, 2, 5, 10) if m * power >= value * (1 - 1e-12))


def bias_title(beta, t, factor):
    """The right panel's title; it also says why the raw curve cannot be seen when it lies on the line 1."""
    if beta == 0:
        return "β = 0: no averaging (m_t = g_t) and 1 - β^t = 1,\nso the raw curve lies under the corrected line"
    return f"bias correction: divide by 1 - β^t = {factor:.4f} at t = {t}"


class MovingAverageWidget(WithStill, widgets.VBox):
    """``controls["beta"]``, ``controls["t"]`` (1 .. T_MAX: every t to 100, then ~2 % apart, ``T_CHOICES``); ``lines["weights"]`` (k -> weight),
    ``lines["bias"]`` (t -> 1 - beta^t), ``lines["now"]`` (the current t), ``figure``, ``image``."""

    def __init__(self, beta=0.9, t=10):
        if not 0 <= beta < 1:
            raise ValueError(f"beta must be in [0, 1), got {beta!r}")
        if not 1 <= t <= T_MAX:
            raise ValueError(f"t must be in [1, {T_MAX}], got {t!r}")
        style = {"description_width": "3em"}
        self.controls = {
            "beta": widgets.FloatSlider(value=beta, min=0.0, max=0.999, step=0.001, readout_format=".3f",
                                        description="β", continuous_update=True, style=style),
            # Every whole t up to 100, then ~2 % apart up to T_MAX: each arrow-key step changes t,
            # and the slider's travel is logarithmic beyond 100.
            "t": widgets.SelectionSlider(options=T_CHOICES, value=nearest_t(t), description="t",
                                         continuous_update=True, style=style,
                                         layout=widgets.Layout(width="30em")),
        }
        self.figure = Figure(figsize=(10.0, 3.6), dpi=90, layout="none")
        self.figure.subplots_adjust(left=0.07, right=0.98, bottom=0.15, top=0.88, wspace=0.25)
        ax_w, ax_b = self.figure.subplots(1, 2)
        self.ts = np.unique(np.geomspace(1, T_MAX, 400).round().astype(int))  # the curve's t, even on a log axis
        self.lines = {
            "weights": ax_w.plot([], [], marker="o", markersize=3, color="#0072B2")[0],
            "bias": ax_b.plot(self.ts, np.zeros(len(self.ts)), color="#D55E00",
                              label="raw average $m_t = 1 - \\beta^t$")[0],
            "now": ax_b.plot([], [], marker="o", markersize=8, color="#D55E00", linestyle="none")[0],
        }
        ax_b.axhline(1.0, color="#009E73", linestyle="--", label="corrected $m_t / (1 - \\beta^t) = 1$")
        ax_w.set(xlabel="$k$ (steps back)", ylabel="weight of $g_{t-k}$ in $m_t$")
        ax_w.ticklabel_format(axis="y", style="sci", scilimits=(-2, 3))  # beta = 0.999: weights ~1e-3
        # Data live in [0, 1]; the band above 1.05 holds the legend, so it never covers a curve or the dot.
        ax_b.set(xscale="log", xlim=(0.8, T_MAX * 1.25), ylim=(0, 1.32), xlabel="step $t$ (log scale)",
                 ylabel="average of a constant $g = 1$")
        ax_b.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        ax_b.legend(loc="upper center", ncol=2, fontsize=8.5, frameon=False)
        self.axes = {"weights": ax_w, "bias": ax_b}
        # Titles as plain texts (drawn over the cached frame each update; an Axes title is placed
        # only when the whole Axes is drawn).
        self.titles = {name: ax.text(0.5, 1.03, "", transform=ax.transAxes, ha="center", va="bottom",
                                     fontsize=10) for name, ax in self.axes.items()}
        self.renderer, self._frame = Renderer(self.figure), None
        self.image = widgets.Image(format=FORMAT, layout=widgets.Layout(max_width="100%"))
        for control in self.controls.values():
            control.observe(lambda change: self.update(), names="value")
        super().__init__([widgets.HBox(list(self.controls.values())), self.image])
        self.add_class("adamlib-moving-average")
        self.update()

    @property
    def t(self):
        """The step the t slider shows."""
        return int(self.controls["t"].value)

    def update(self):
        beta, t = self.controls["beta"].value, self.t
        weights = ema_weights(beta, t)
        factor = bias_correction(beta, t)
        weights_line = self.lines["weights"]
        weights_line.set_data(np.arange(t), weights)
        weights_line.set_marker("o" if t <= MARKERS_UP_TO else "None")
        self.lines["bias"].set_ydata(bias_correction(beta, self.ts))
        self.lines["now"].set_data([t], [factor])
        ax_w = self.axes["weights"]
        self.titles["weights"].set_text(f"the weights add up to 1 - β^t = {weights.sum():.4f}")
        self.titles["bias"].set_text(bias_title(beta, t, factor))
        self.titles["bias"].set_fontsize(10 if beta else 9)
        # The weights panel's limits step through 1-2-5 values, so while a slider is dragged
        # they rarely change: then only the lines and titles are redrawn over the cached frame.
        frame = (nice_ceiling(t), nice_ceiling(1.08 * (1.0 - beta)))
        if frame != self._frame:
            self._frame = frame
            ax_w.set_xlim(-0.02 * frame[0] - 0.5, frame[0])
            ax_w.set_ylim(0, frame[1])
            self.renderer.invalidate()
        self.renderer.dynamic_artists = [*self.lines.values(), *self.titles.values()]
        self.image.value = self.renderer.image()

    def __repr__(self):
        return "<moving-average widget>"


def moving_average_widget(beta=0.9, t=10):
    """EMA weights (1 - beta) beta^k over k, and the bias-correction factor 1 - beta^t over t."""
    return MovingAverageWidget(beta, t)


# Bias correction is read off the same picture (the right panel), so it is the same widget.
bias_correction_widget = moving_average_widget
