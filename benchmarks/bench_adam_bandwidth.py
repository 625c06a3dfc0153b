"""How close does an Adam step come to the memory-bandwidth bound?  (Lesson 07, section 6.)

An Adam step on n float64 parameters must read theta, g, m, v and write theta, m, v: at least
7 * 8 * n bytes.  This script measures, in ONE run and on one thread:

- the memory bandwidth B, the better of a copy (np.copyto: 2 * 8 * n bytes) and an add
  (np.add(a, b, out=c): 3 * 8 * n bytes), and from it the bound 56 n / B seconds for one Adam step;
- adamlib.optim.Adam.step (clear, out-of-place NumPy: new arrays for every operator);
- the lesson's in-place step (adamlib.steps.adam_inplace: out= ufuncs, one scratch array);
- torch.optim.Adam with foreach=False (per-tensor loop), foreach=True (grouped kernels) and
  fused=True (one fused kernel), when torch is installed; float64 tensors on the CPU, n split in 10
  tensors like the layers of a model.

It prints each step's best-of-R time and its ratio to the bound (1.0 = as fast as memory allows).
Ratios measured in the same run are comparable; absolute times depend on the machine and its load
(printed). A ratio below 1 means the bandwidth test itself was slowed down (a busy machine, or a
kernel that streams memory better than NumPy's copy): run it again on a quiet machine. It never
asserts anything.

    .venv/bin/python benchmarks/bench_adam_bandwidth.py [--n 10000000] [--repeats 7]
"""
import argparse
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before NumPy: one thread, like a student's kernel

import numpy as np  # noqa: E402

from adamlib.steps import adam_inplace  # noqa: E402
from adamlib.optim import Adam  # noqa: E402

BYTES_PER_PARAMETER = 7 * 8   # read theta, g, m, v; write theta, m, v (float64)


def best_time(fn, repeats):
    fn()  # warm-up: page in the arrays, let allocators settle
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def torch_steps(n, repeats):
    """{name: seconds} for torch.optim.Adam variants, or {} without torch."""
    try:
        import torch
    except ImportError:
        return {}
    torch.set_num_threads(1)
    results = {}
    for name, options in [("torch Adam (for-loop)", {"foreach": False}),
                          ("torch Adam (foreach)", {"foreach": True}),
                          ("torch Adam (fused)", {"fused": True})]:
        params = [torch.zeros(n // 10, dtype=torch.float64, requires_grad=True) for _ in range(10)]
        for p in params:
            p.grad = torch.randn(n // 10, dtype=torch.float64)
        try:
            opt = torch.optim.Adam(params, lr=1e-3, **options)
            results[name] = best_time(opt.step, repeats)
        except (RuntimeError, TypeError) as error:  # e.g. fused not supported for this dtype/device
            print(f"  ({name} unavailable: {str(error).splitlines()[0][:80]})")
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000_000, help="number of float64 parameters")
    parser.add_argument("--repeats", type=int, default=7, help="best of this many timed steps")
    args = parser.parse_args(argv)
    n, repeats = args.n, args.repeats
    rng = np.random.default_rng(0)

    src, other, dst = rng.standard_normal(n), rng.standard_normal(n), np.empty(n)
    copy_seconds = best_time(lambda: np.copyto(dst, src), repeats)
    add_seconds = best_time(lambda: np.add(src, other, out=dst), repeats)   # STREAM's "add": 2 reads, 1 write
    bandwidth = max(2 * src.nbytes / copy_seconds, 3 * src.nbytes / add_seconds)
    bound = BYTES_PER_PARAMETER * n / bandwidth
    print(f"n = {n:,} float64 parameters; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs")
    print(f"memory bandwidth (best of copy and add) {bandwidth / 1e9:.2f} GB/s -> an Adam step moves {BYTES_PER_PARAMETER * n / 1e6:.0f} MB, "
          f"bound {bound * 1e3:.1f} ms")

    theta, grad = rng.standard_normal(n), rng.standard_normal(n)
    opt = Adam(lr=1e-3)
    state = opt.init(theta)
    m, v, theta_ip = np.zeros(n), np.zeros(n), theta.copy()
    timings = {
        "adamlib Adam.step (out of place)": best_time(lambda: opt.step(theta, grad, state), repeats),
        "in-place NumPy (lesson 07)": best_time(lambda: adam_inplace(theta_ip, grad, m, v, 1), repeats),
    }
    timings.update(torch_steps(n, repeats))
    print(f"{'step':36s}{'time (ms)':>11s}{'x bound':>9s}")
    for name, seconds in timings.items():
        print(f"{name:36s}{seconds * 1e3:>11.1f}{seconds / bound:>9.2f}")
    if "in-place NumPy (lesson 07)" in timings:
        print(f"in-place speed-up over adamlib: "
              f"{timings['adamlib Adam.step (out of place)'] / timings['in-place NumPy (lesson 07)']:.1f} x")


if __name__ == "__main__":
    main()
