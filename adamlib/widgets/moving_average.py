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

T_MAX = 100


def ema_weights(beta, t):
    """The weight (1 - beta) beta^k of g_{t-k} in m_t, for k = 0 .. t-1."""
    return (1.0 - beta) * beta ** np.arange(t)


class MovingAverageWidget(WithStill, widgets.VBox):
    """``controls["beta"]``, ``controls["t"]``; ``lines["weights"]`` (k -> weight),
    ``lines["bias"]`` (t -> 1 - beta^t), ``lines["now"]`` (the current t), ``figure``, ``image``."""

    def __init__(self, beta=0.9, t=10):
        style = {"description_width": "3em"}
        self.controls = {
            "beta": widgets.FloatSlider(value=beta, min=0.0, max=0.999, step=0.001, readout_format=".3f",
                                        description="β", continuous_update=False, style=style),
            "t": widgets.IntSlider(value=t, min=1, max=T_MAX, description="t", continuous_update=False,
                                   style=style),
        }
        self.figure = Figure(figsize=(10.0, 3.6), dpi=90, layout="none")
        self.figure.subplots_adjust(left=0.07, right=0.98, bottom=0.15, top=0.88, wspace=0.25)
        ax_w, ax_b = self.figure.subplots(1, 2)
        self.lines = {
            "weights": ax_w.plot([], [], marker="o", markersize=3, color="#0072B2")[0],
            "bias": ax_b.plot(np.arange(1, T_MAX + 1), np.zeros(T_MAX), color="#D55E00",
                              label="raw average $m_t = 1 - \\beta^t$")[0],
            "now": ax_b.plot([], [], marker="o", markersize=8, color="#D55E00", linestyle="none")[0],
        }
        ax_b.axhline(1.0, color="#009E73", linestyle="--", label="corrected $m_t / (1 - \\beta^t) = 1$")
        ax_w.set(xlim=(-1, T_MAX), xlabel="$k$ (steps back)", ylabel="weight of $g_{t-k}$ in $m_t$")
        ax_b.set(xlim=(0, T_MAX + 1), ylim=(0, 1.08), xlabel="step $t$",
                 ylabel="average of a constant $g = 1$")
        ax_b.legend(loc="lower right", fontsize=9)
        self.axes = {"weights": ax_w, "bias": ax_b}
        self.renderer = Renderer(self.figure)
        self.image = widgets.Image(format=FORMAT, layout=widgets.Layout(max_width="100%"))
        for control in self.controls.values():
            control.observe(lambda change: self.update(), names="value")
        super().__init__([widgets.HBox(list(self.controls.values())), self.image])
        self.add_class("adamlib-moving-average")
        self.update()

    def update(self):
        beta, t = self.controls["beta"].value, self.controls["t"].value
        weights = ema_weights(beta, t)
        factor = bias_correction(beta, t)
        self.lines["weights"].set_data(np.arange(t), weights)
        ax_w = self.axes["weights"]
        ax_w.set_ylim(0, max(1.08 * (1.0 - beta), 0.02))
        ax_w.set_title(f"the weights add up to 1 - β^t = {weights.sum():.4f}", fontsize=10)
        ts = np.arange(1, T_MAX + 1)
        self.lines["bias"].set_ydata(bias_correction(beta, ts))
        self.lines["now"].set_data([t], [factor])
        self.axes["bias"].set_title(f"bias correction: divide by 1 - β^t = {factor:.4f} at t = {t}",
                                    fontsize=10)
        self.renderer.invalidate()  # everything moves: a plain full redraw
        self.image.value = self.renderer.image()

    def __repr__(self):
        return "<moving-average widget>"


def moving_average_widget(beta=0.9, t=10):
    """EMA weights (1 - beta) beta^k over k, and the bias-correction factor 1 - beta^t over t."""
    return MovingAverageWidget(beta, t)


# Bias correction is read off the same picture (the right panel), so it is the same widget.
bias_correction_widget = moving_average_widget
