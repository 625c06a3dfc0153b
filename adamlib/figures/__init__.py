"""The chapters' figures, one module per chapter topic (``adamlib.figures.momentum``, ...).

A figure whose plotting is not the point of the lesson lives here, so the notebook shows one call
(``figures.momentum.heavy_ball_paths(runs)``) and the idea, not 30 lines of matplotlib. Every
function draws with ``adamlib.plotting``'s style and ``COLORS`` (the same colour means the same
method everywhere), labels every axis, and returns the figure; the notebook cell ends with
``plt.show()``.
"""
