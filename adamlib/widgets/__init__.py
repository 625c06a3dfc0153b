"""Interactive widgets for the lessons (ipywidgets 8 + matplotlib, no ipympl needed).

    playground(preset="adam", **overrides)   optimizers racing on a test function
    moving_average_widget()                  EMA weights and bias correction, as beta and t change
    bias_correction_widget()                 the same widget (the two ideas share one picture)

One idea per file: ``optimizers`` (the menu), ``functions`` (test functions
and their defaults), ``presets`` (the lessons' settings), ``model`` (settings
-> trajectories, through ``adamlib.runner``), ``figure`` and ``render`` (the picture), ``playground`` and
``moving_average`` (the widgets), ``stacked`` (every optimizer of the menu stepped as one row of
one array, so the sliders can redraw while they are dragged).
"""
from .moving_average import bias_correction_widget, moving_average_widget
from .playground import Playground, playground
from .presets import PRESETS

__all__ = ["playground", "Playground", "moving_average_widget", "bias_correction_widget", "PRESETS"]
