"""A saved notebook shows a still of each widget's figure, not only its text repr."""
import base64
import io

import pytest
from PIL import Image

from adamlib.widgets import moving_average_widget, playground

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _picture(bundle):
    return Image.open(io.BytesIO(base64.b64decode(bundle["image/jpeg"])))


@pytest.mark.parametrize("make", [lambda: playground("sgd"), lambda: playground("momentum"),
                                  moving_average_widget], ids=["sgd", "momentum", "moving-average"])
def test_output_holds_the_live_widget_the_text_and_a_still_of_the_figure(make):
    widget = make()
    bundle = widget._repr_mimebundle_()
    assert WIDGET_VIEW in bundle                      # a live kernel still shows the widget
    assert bundle["text/plain"] == repr(widget)
    picture = _picture(bundle)
    width, height = widget.figure.canvas.get_width_height()
    assert picture.size == (width, height)            # the widget's own figure, whole
    assert len(set(picture.convert("L").tobytes())) > 50   # a drawn figure (grey levels), not a blank canvas


def test_the_still_is_the_figure_as_it_is_when_displayed():
    widget = playground("sgd")
    before = _picture(widget._repr_mimebundle_())
    widget.controls["lr"].value = 0.05                # a different path is drawn
    after = _picture(widget._repr_mimebundle_())
    assert before.size == after.size
    assert before.tobytes() != after.tobytes()
