"""``playground(preset)``: optimizers racing on a test function, every knob a slider.

    from adamlib.widgets import playground
    playground("adam")                 # lesson 04's settings
    playground("adam", steps=500, optimizers=["Adam", "AMSGrad"])

The widget is three layers: ``model`` (settings -> trajectories, pure),
``PlaygroundFigure`` (persistent lines, updated with ``set_data``), and this
module, which only wires ipywidgets controls to the two.  Tests drive it
headless by setting control values:

    w = playground("adam")
    w.controls["adaptive_lr"].value = 0.1     # recomputes and redraws
    w.paths["Adam"].get_data()                # the new trajectory
    w.checkboxes["SGD"].value = False         # hides SGD's lines
"""
import ipywidgets as widgets

from . import model, optimizers
from .figure import PlaygroundFigure
from .functions import FUNCTIONS, lookup
from .presets import PRESETS
from .render import FORMAT, WithStill

BETA1_CHOICES = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99)
BETA2_CHOICES = (0.0, 0.1, 0.5, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9999)
MOMENTUM_CHOICES = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)
# Every slider redraws while it is dragged (continuous_update=True), as Distill's figures
# do: an update (all trajectories stepped together, see ``stacked``, then a blitted
# picture) takes a few tens of ms; ``benchmarks/bench_widgets.py`` measures it.
STYLE = {"description_width": "9em"}  # wide enough for "β2 (RMSprop α)" without an ellipsis
# Which controls matter for which optimizers: the others are hidden, so a
# lesson's playground shows only the knobs its optimizers have.
RELEVANT = {
    "lr": optimizers.SGD_FAMILY,
    "adaptive_lr": optimizers.ADAPTIVE,
    "momentum": optimizers.USES_MOMENTUM,
    "beta1": optimizers.USES_BETA1,
    "beta2": optimizers.USES_BETA2,
    "eps": optimizers.USES_EPS,
    "weight_decay": optimizers.USES_WEIGHT_DECAY,
}


def playground(preset="adam", **overrides):
    """The optimizer playground, opened with ``PRESETS[preset]`` and any setting overridden.

    Presets: "sgd" (lesson 01), "momentum" (02), "adagrad_rmsprop" (03), "adam" (04),
    "beyond" (06).  Settings (see ``adamlib.widgets.model``): function,
    condition, optimizers, lr, adaptive_lr, momentum, beta1, beta2, eps,
    weight_decay, steps.  Unknown names raise ValueError.
    """
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose from {', '.join(PRESETS)}")
    preset_settings = dict(PRESETS[preset])
    menu = preset_settings.pop("menu", optimizers.NAMES)  # a lesson offers only what it has taught
    function = overrides.get("function", preset_settings["function"])
    if function != preset_settings["function"]:  # another function: its own lrs, steps, condition
        for key in ("function", "lr", "adaptive_lr", "steps", "condition"):
            preset_settings.pop(key, None)
    settings = {**model.defaults(function), **preset_settings, **overrides}
    if "optimizers" in overrides:
        settings["optimizers"] = tuple(overrides["optimizers"])
        menu = tuple(n for n in optimizers.NAMES if n in menu or n in settings["optimizers"])
    model.check(settings)
    return Playground(settings, preset, menu)


def _log_slider(description, value, exponents, readout=".3g"):
    lo, hi = exponents
    return widgets.FloatLogSlider(value=value, base=10, min=lo, max=hi, step=0.05,
                                  description=description, readout_format=readout,
                                  continuous_update=True, style=STYLE)


def _choice_slider(description, value, choices):
    options = tuple(sorted(set(choices) | {float(value)}))
    return widgets.SelectionSlider(options=options, value=float(value), description=description,
                                   continuous_update=True, style=STYLE)


class Playground(WithStill, widgets.VBox):
    """The widget: ``controls`` (name -> widget), ``checkboxes`` (optimizer -> Checkbox),
    ``figure`` (the matplotlib Figure), ``paths`` / ``losses`` (name -> Line2D),
    ``image`` (the Image widget showing the figure), ``runs`` (the last trajectories)."""

    def __init__(self, settings, preset="", menu=optimizers.NAMES):
        self.preset = preset
        s = settings
        spec = lookup(s["function"])
        c = self.controls = {
            "function": widgets.Dropdown(options=list(FUNCTIONS), value=s["function"],
                                         description="function", style=STYLE),
            "condition": _log_slider(spec.condition_label or "condition", s["condition"],
                                     spec.condition_range, ".4g"),
            "steps": widgets.IntSlider(value=s["steps"], min=10, max=1000, step=10, description="steps",
                                       continuous_update=True, style=STYLE),
            "lr": _log_slider("lr (SGD)", s["lr"], spec.lr_range),
            "adaptive_lr": _log_slider("lr (adaptive)", s["adaptive_lr"], spec.adaptive_lr_range),
            "momentum": _choice_slider("momentum", s["momentum"], MOMENTUM_CHOICES),
            "beta1": _choice_slider("β1", s["beta1"], BETA1_CHOICES),
            "beta2": _choice_slider("β2 (RMSprop α)", s["beta2"], BETA2_CHOICES),
            "eps": _log_slider("eps", s["eps"], (-12, 0), ".0e"),
            "weight_decay": _log_slider("weight decay", s["weight_decay"], (-4, 0)),
        }
        self.checkboxes = {
            name: widgets.Checkbox(value=name in s["optimizers"], description=name, indent=False,
                                   layout=widgets.Layout(width="7.5em"))
            for name in optimizers.NAMES if name in menu}
        self.view = PlaygroundFigure()
        self.figure = self.view.figure
        self.paths, self.losses = self.view.paths, self.view.losses
        self.image = widgets.Image(format=FORMAT, layout=widgets.Layout(max_width="100%"))
        self.caption = widgets.HTML()  # the function's formula, above the picture
        self.runs, self._problem, self._quiet = {}, None, False
        for control in c.values():
            control.observe(self._on_change, names="value")
        for box in self.checkboxes.values():
            box.observe(self._on_change, names="value")
        c["function"].observe(self._on_function, names="value")
        row = lambda *ws: widgets.HBox(list(ws), layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([
            row(c["function"], c["condition"], c["steps"]),
            row(*self.checkboxes.values()),
            row(c["lr"], c["adaptive_lr"], c["momentum"]),
            row(c["beta1"], c["beta2"], c["eps"], c["weight_decay"]),
            self.caption,
            self.image,
        ])
        self.add_class("adamlib-playground")
        self.update(new_problem=True)

    # --- reading the controls ---------------------------------------------------------

    @property
    def settings(self):
        """The settings dict the controls show now (what ``model.compute`` takes)."""
        s = {name: control.value for name, control in self.controls.items()}
        s["optimizers"] = tuple(n for n, box in self.checkboxes.items() if box.value)
        return s

    # --- callbacks ---------------------------------------------------------------------

    def _on_function(self, change):
        """A new function brings its own lr ranges, defaults and steps."""
        spec = lookup(change["new"])
        self._quiet = True  # one update at the end, not one per slider moved here
        try:
            for name, value, exponents in (("lr", spec.lr, spec.lr_range),
                                           ("adaptive_lr", spec.adaptive_lr, spec.adaptive_lr_range),
                                           ("condition", spec.condition, spec.condition_range)):
                slider = self.controls[name]
                slider.min, slider.max = min(slider.min, exponents[0]), max(slider.max, exponents[1])
                slider.value = value
                slider.min, slider.max = exponents
            self.controls["condition"].description = spec.condition_label or "condition"
            self.controls["steps"].value = spec.steps
        finally:
            self._quiet = False
        self.update(new_problem=True)

    def _on_change(self, change):
        if change["owner"] is self.controls["function"] or self._quiet:
            return
        self.update(new_problem=change["owner"] is self.controls["condition"])

    # --- the update --------------------------------------------------------------------

    def update(self, new_problem=False):
        """Recompute every shown trajectory and redraw (a new landscape if ``new_problem``)."""
        s = self.settings
        if new_problem or self._problem is None:
            self._problem = model.make_problem(s)
            self.view.show_problem(self._problem)
            self.caption.value = f"<b>{lookup(s['function']).title}</b>"
        self.runs = model.compute(s, self._problem)
        self.view.show_runs(self.runs, s["steps"])
        self._show_relevant_controls(s)
        self.image.value = self.view.image()

    def _show_relevant_controls(self, s):
        for name, users in RELEVANT.items():
            shown = any(n in users for n in s["optimizers"])
            self.controls[name].layout.display = None if shown else "none"
        has_condition = bool(lookup(s["function"]).condition_label)
        self.controls["condition"].layout.display = None if has_condition else "none"

    def __repr__(self):  # the notebook's text/plain output: short and stable
        return f"<optimizer playground: preset {self.preset!r}>"
