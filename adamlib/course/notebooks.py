"""Reading, executing and writing the course notebooks reproducibly.

A notebook written by ``write(normalise(nb), path)`` depends only on its cells
and their outputs: stable cell ids, the ``python3`` kernelspec, no timestamps,
no Python patch version. Building twice gives the same file.

Cell ids are stable: each chapter's text source stores them (see ``text.assign_ids``), so inserting
a cell gives it a new id and leaves every other cell's alone. That is what lets nbgitpuller merge an
instructor's update into a student's copy without two cells ending up with one id.
"""
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL = "python3"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}
CELL_TIMEOUT = 120  # seconds; a course cell should take well under one
# Cell metadata that records when or how a cell was last run, not what it is.
VOLATILE_CELL_KEYS = ("execution", "ExecuteTime", "collapsed", "scrolled")


def read(path):
    """The notebook at ``path`` (nbformat 4)."""
    return nbformat.read(Path(path), as_version=4)


def write(nb, path):
    """Validate ``nb`` and write it to ``path`` (UTF-8, nbformat's stable JSON layout)."""
    nbformat.validate(nb)
    nbformat.write(nb, Path(path), version=4)


WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def cell_id(index):
    """The id given to a cell that has none (only notebooks not built from a text source)."""
    return f"cell-{index:03d}"


def normalise(nb):
    """``nb`` with stable ids, the python3 kernelspec and no execution metadata (in place)."""
    nb.nbformat, nb.nbformat_minor = 4, max(nb.get("nbformat_minor", 5), 5)
    kept = {k: v for k, v in nb.metadata.items() if k not in ("kernelspec", "language_info", "widgets")}
    nb.metadata = nbformat.from_dict({**kept, "kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO})
    for index, cell in enumerate(nb.cells):
        cell.id = cell.get("id") or cell_id(index)
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if "outputs" in cell:
            cell.outputs = coalesce_streams(cell.outputs)
        for output in cell.get("outputs", []):
            # A stored widget view points at a model that only a live kernel has: JupyterLab
            # would show "Error displaying widget: model not found". Keep the text fallback.
            output.get("data", {}).pop(WIDGET_VIEW_MIME, None)
    return nb


def coalesce_streams(outputs):
    """Join consecutive prints to the same stream: how a run splits them depends on timing."""
    joined = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (output.output_type == "stream" and previous is not None
                and previous.output_type == "stream" and previous.name == output.name):
            previous.text += output.text
        else:
            joined.append(output)
    return joined


def execute(nb, cwd):
    """Run ``nb`` top to bottom in a fresh ``python3`` kernel started in ``cwd``; outputs in place.

    The kernel never sees ``ADAMLIB_GRADING`` or nbgrader's ``NBGRADER_EXECUTION``: stored
    outputs are what a student sees, not what the autograder does. Raises ``nbclient.exceptions.CellExecutionError``
    (naming the cell) when a cell raises, and ``CellTimeoutError`` after
    ``CELL_TIMEOUT`` seconds in one cell.
    """
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=CELL_TIMEOUT,
        record_timing=False,
        store_widget_state=False,  # widget state holds random model ids
        resources={"metadata": {"path": str(cwd)}},
        # The kernel warns, on stderr, that it runs over TCP without encryption: true of every
        # local kernel nbclient starts, and noise between the build's lines. Errors still show.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    env = {k: v for k, v in os.environ.items() if k not in ("ADAMLIB_GRADING", "NBGRADER_EXECUTION")}
    client.execute(env=env)
    return nb
