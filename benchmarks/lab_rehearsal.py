"""A lab session rehearsed on a real JupyterHub, on this machine only (``tools/lab_rehearsal``).

    .venv/bin/python benchmarks/lab_rehearsal.py [--students 20] [--lesson 01_sgd]

prints the sizing table: time to first pull and to run a lesson, failures, peak memory and CPU per
student, and what that means for 30, 120 and 300 students (INSTRUCTORS.md). The rehearsal itself is
the package ``tools.lab_rehearsal``, which ``tests/test_lab_rehearsal.py`` drives with 3 students in
CI; this script is its command, kept where instructors find the other measurements. Unlike the
other benchmarks it exits 1 when a student's session failed: that is the rehearsal's verdict.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the course root: adamlib and tools

from tools.lab_rehearsal import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
