"""How long each notebook takes to run top to bottom in a fresh kernel (budget: 15 s each).

    python benchmarks/bench_notebooks.py [lessons|solutions]

Executes every notebook of the folder (default: solutions) with adamlib's own
executor, as `python -m adamlib.course build` and nbval do, and prints its wall
time and the ratio to the budget, plus the machine's load so a busy machine's
numbers are read as such.  Prints only; asserts nothing.
"""
import os
import sys
import time
from pathlib import Path

from adamlib.course import notebooks

BUDGET_S = 15.0
ROOT = Path(__file__).resolve().parents[1]


def main(folder="solutions"):
    print(f"{folder}/ on {os.cpu_count()} cores, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for path in sorted((ROOT / folder).glob("*.ipynb")):
        start = time.perf_counter()
        notebooks.execute(notebooks.read(path), cwd=path.parent)
        seconds = time.perf_counter() - start
        print(f"  {path.name:36s} {seconds:5.1f} s  = {seconds / BUDGET_S:.2f} x the {BUDGET_S:.0f} s budget")


if __name__ == "__main__":
    main(*sys.argv[1:])
