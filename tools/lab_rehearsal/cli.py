"""The rehearsal's command: run it, print the sizing table, exit 1 unless every student's session held."""
import argparse
import signal
import sys

from .needs import INSTALL, missing
from .report import table
from .scenario import rehearse


def main(argv=None):
    parser = argparse.ArgumentParser(description="A lab session rehearsed on a real JupyterHub, on this machine only.")
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--lesson", default="01_sgd", help="the lesson each student runs, e.g. 05_adam_in_deep_learning")
    args = parser.parse_args(argv)
    if missing():
        print(f"cannot rehearse: missing {', '.join(missing())}. {INSTALL}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))  # so that everything is still stopped
    report = rehearse(args.students, args.lesson)
    print("\n".join(table(report)))
    return 0 if report.ok else 1

