"""Try to break lesson 06's tuned comparisons before the text states them (prints only; about 3 CPU minutes).

    python benchmarks/lesson06_robustness.py valley    # NAdam, its controls and Adam (section 3)
    python benchmarks/lesson06_robustness.py rosen     # Adam and the two AMSGrads on Rosenbrock (section 1)

Runs the lesson's own code (its code cells, up to the comparison) and repeats the comparison on two
other sets of 30 starts, each tuned on its own 24 held-out starts, at the lesson's 6 rates per decade
and at 18 (three times finer near each optimum), at T and 2T. The lesson states only the verdicts
that hold on its own starts and on both sets here.
"""
import contextlib
import io
import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SETS = [(range(1000, 1030), range(2000, 2024)), (range(3000, 3030), range(4000, 4024))]


def lesson_namespace(stop):
    """Execute lesson 06's code cells until the definitions the comparison `stop` needs."""
    text = (ROOT / "solutions" / "src" / "06_beyond_adam.md").read_text()
    marker = {"rosen": ("ROSEN_GRID", "amsgrad_tuned = "), "valley": ("LR_GRID = ", "settling = ")}[stop]
    namespace = {"__name__": "lesson06"}
    for cell in re.findall(r"```\{code-cell\}\n(.*?)```", text, re.S):
        source = "\n".join(line for line in cell.splitlines() if not line.startswith(":"))
        if "playground" in source:
            continue
        if marker[0] in source:
            exec(source.split(marker[1])[0], namespace)
            return namespace
        with contextlib.redirect_stdout(io.StringIO()):
            exec(source, namespace)
        plt.close("all")
    raise ValueError(f"no cell defines {marker[0]}")


def main(stop):
    g = lesson_namespace(stop)
    compare = g["compare"]
    for seeds, tune_seeds in SETS:
        for per_decade in (6, 18):
            if stop == "rosen":
                runs = [("settle 1e-8", {n: g["rosenbrock_method"](n) for n in g["ROSEN_VARIANTS"]}, g["ROSEN_GRID"],
                         g["ROSEN_T"], [("AMSGrad", "Adam"), ("AMSGrad (optax)", "AMSGrad")])]
            else:
                runs = [(label, {n: g["scored"](n, g[score]) for n in g["TUNED"]}, g["LR_GRID"], g["HORIZON"], g["PAIRS"])
                        for label, score in [("settle 1e-6", "steps_to_settle"), ("first reach 1e-6", "steps_to_reach")]]
            for label, methods, grid, horizon, pairs in runs:
                result = compare.compare(methods, grid, horizon, seeds, label, pairs=pairs, tune_seeds=tune_seeds,
                                         test="sign", per_decade=per_decade)
                print(f"### {label}: starts {seeds.start}-{seeds.stop - 1}, tuned on {tune_seeds.start}-"
                      f"{tune_seeds.stop - 1}, {per_decade} per decade\n{result.table()}\n", flush=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "valley")
