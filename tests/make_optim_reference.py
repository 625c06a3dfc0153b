"""Store the reference trajectories of every case in optim_cases.py (run with torch and optax installed).

    python tests/make_optim_reference.py

Writes tests/data/torch_reference.npz (torch.optim, for CASES; Muon with its
Newton-Schulz iteration in float64) and tests/data/optax_reference.npz (optax,
for OPTAX_CASES), which test_optim_torch.py and test_optim_optax.py compare
adamlib against on machines without torch or optax.  Every 20th step is kept.
"""
from pathlib import Path

import numpy as np

from optim_cases import CASES, OPTAX_CASES, case_id, run_optax, run_torch

KEEP_EVERY = 20
DATA = Path(__file__).parent / "data"


def store(filename, cases, run, version):
    arrays = {}
    for name, kwargs in cases:
        trajectory = run(name, kwargs)
        for t in range(KEEP_EVERY - 1, len(trajectory), KEEP_EVERY):
            for key, value in trajectory[t].items():
                arrays[f"{case_id(name, kwargs)}|{t + 1}|{key}"] = value
    np.savez_compressed(DATA / filename, version=np.array(version), **arrays)
    print(f"wrote {len(arrays)} arrays from {version} to {filename}")


def main():
    import optax
    import torch

    store("torch_reference.npz", CASES, run_torch, f"torch {torch.__version__}")
    store("optax_reference.npz", OPTAX_CASES, run_optax, f"optax {optax.__version__}")


if __name__ == "__main__":
    main()
