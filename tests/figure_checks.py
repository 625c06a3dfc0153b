"""What every figure test asks of a figure (the backend, the style and closing are in conftest.py)."""


def labelled(fig):
    """The figure's visible axes (colour bars aside), after checking there is one and each has both labels."""
    axes = [ax for ax in fig.axes if ax.get_visible() and ax.axison and ax.get_label() != "<colorbar>"]
    assert axes, "the figure has no visible axes"
    for ax in axes:
        assert ax.get_xlabel() and ax.get_ylabel(), f"unlabelled axis in {ax.get_title()!r}"
    return axes
