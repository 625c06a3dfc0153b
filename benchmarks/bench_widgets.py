"""How long one playground update takes (budget: 100 ms), and where the time goes.

    python benchmarks/bench_widgets.py [N]

Builds lesson 04's playground headless (Agg; 4 optimizers x 300 steps on
Rosenbrock), moves the adaptive-lr slider N times (default 30), and prints the
median time of one update (recompute every trajectory + redraw + JPEG), its
ratio to the 100 ms budget, the split between computing and drawing, and
the cost of each optimizer's trajectory.  Prints only; asserts nothing.
"""
import sys
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np

from adamlib import runner
from adamlib.widgets import model, playground
from adamlib.widgets.optimizers import make

BUDGET_MS = 100.0


def median_ms(fn, repeats, clock=time.perf_counter):
    times = []
    for i in range(repeats):
        start = clock()
        fn(i)
        times.append(clock() - start)
    return 1e3 * float(np.median(times))


def main(n=30):
    w = playground("adam")
    settings = w.settings
    lrs = np.geomspace(0.02, 0.3, n)

    def update(i):  # what a student's slider release triggers
        w.controls["adaptive_lr"].value = float(lrs[i])

    total = median_ms(update, n)
    cpu = median_ms(update, n, time.process_time)  # this process's CPU time: less noisy on a shared machine
    compute = median_ms(lambda i: model.compute(settings, w._problem), n)
    draw = median_ms(lambda i: w.view.image(), n)
    print(f"playground('adam'): {len(w.runs)} optimizers x {settings['steps']} steps, {n} updates")
    print(f"  one update (median): {total:6.1f} ms  = {total / BUDGET_MS:.2f} x the {BUDGET_MS:.0f} ms budget")
    print(f"  CPU time of one update: {cpu:6.1f} ms  = {cpu / BUDGET_MS:.2f} x budget "
          f"(wall time above includes waiting for a busy CPU)")
    print(f"    trajectories:      {compute:6.1f} ms")
    print(f"    draw + JPEG:       {draw:6.1f} ms")
    problem, steps = w._problem, settings["steps"]
    for name in settings["optimizers"]:
        ms = median_ms(lambda i: runner.run(make(name, settings), problem, steps), 5)
        print(f"  {name:9s} runner.run {ms:6.1f} ms for {steps} steps")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
