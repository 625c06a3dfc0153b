"""How long one playground update takes while a slider is dragged, and where the time goes.

    python benchmarks/bench_widgets.py [N]

The sliders redraw while they move (``continuous_update=True``), so an update must fit in
50 ms for 20 updates per second, the feel of Distill's figures.  This builds the heaviest
case a lesson offers (6 optimizers x 500 steps on Rosenbrock, headless on Agg), moves the
adaptive-lr slider N times (default 40) as a drag does, and prints for one update (recompute
every trajectory + draw + JPEG) the median and the 90th percentile, in wall time and in this
process's CPU time, whether each CPU time meets 20 updates per second, with the load average (on a shared machine the wall time includes
waiting for a CPU; the CPU time is what the update costs).  Then the split: the stacked
engine (all optimizers in one array), the old way (``runner.run`` per optimizer), drawing,
and the bias-correction widget's update.  Prints only; asserts nothing.
"""
import os
import sys
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np

from adamlib.widgets import bias_correction_widget, model, playground
from adamlib.widgets.moving_average import nearest_t

TARGET_MS = 50.0  # 20 updates per second
SIX = ["SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adam"]


def timings_ms(fn, repeats):
    """(wall, cpu) arrays of ms, one per call of fn(i)."""
    wall, cpu = [], []
    for i in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        fn(i)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return 1e3 * np.array(wall), 1e3 * np.array(cpu)


def line(label, ms):
    median, p90 = np.median(ms), np.percentile(ms, 90)
    return f"  {label:34s} median {median:6.1f} ms   90th percentile {p90:6.1f} ms   ({1e3 / median:5.1f} per second)"


def main(n=40):
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    w = playground("adam", optimizers=SIX, steps=500)
    settings = w.settings
    lrs = np.geomspace(0.02, 0.5, n)

    def drag(i):  # what one slider event of a drag triggers
        w.controls["adaptive_lr"].value = float(lrs[i])

    wall, cpu = timings_ms(drag, n)
    print(f"playground: {len(w.runs)} optimizers x {settings['steps']} steps on {settings['function']}, "
          f"{n} slider events (target {TARGET_MS:.0f} ms = 20 per second)")
    print(line("one update, wall time", wall))
    print(line("one update, CPU time", cpu))
    for label, ms in (("median", np.median(cpu)), ("90th percentile", np.percentile(cpu, 90))):
        verdict = "meets" if ms <= TARGET_MS else "misses"
        print(f"  CPU time, {label}: {1e3 / ms:.1f} updates per second: {verdict} the 20 per second")
    problem = w._problem
    _, stacked = timings_ms(lambda i: model.compute(settings, problem), n)
    _, each = timings_ms(lambda i: model.compute_each(settings, problem), 5)
    _, draw = timings_ms(lambda i: w.view.image(), n)
    print(line("  trajectories, stacked (CPU)", stacked))
    print(line("  trajectories, runner.run each (CPU)", each))
    print(line("  draw + JPEG (CPU)", draw))
    bc = bias_correction_widget(beta=0.999, t=100)
    ts = np.geomspace(1, 10_000, n)
    bc_wall, bc_cpu = timings_ms(lambda i: setattr(bc.controls["t"], "value", nearest_t(ts[i])), n)
    print(line("bias_correction_widget t, wall", bc_wall))
    print(line("bias_correction_widget t, CPU", bc_cpu))
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
