"""Store every reference trajectory the course compares adamlib with (run with torch and optax installed).

    python tests/make_optim_reference.py

The one place to rerun when torch or optax changes. Writes:

- tests/data/torch_reference.npz (torch.optim, for CASES; Muon with its Newton-Schulz
  iteration in float64) and tests/data/optax_reference.npz (optax, for OPTAX_CASES), which
  test_optim_torch.py and test_optim_optax.py compare adamlib against on machines without
  torch or optax; every 20th step is kept;
- adamlib/data/adam_rosenbrock_torch.npz: torch.optim.Adam on Rosenbrock, every step, which
  lesson 04 shows next to adamlib's Adam on machines without torch (adamlib.torch_reference).
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


def store_lesson_reference(version):
    from adamlib import torch_reference

    path = torch_reference.STORED
    setup = torch_reference.SETUP
    np.savez_compressed(path, trajectory=torch_reference.run_torch(), version=np.array(version),
                        **{f"setup_{key}": np.array(value) for key, value in setup.items()})
    print(f"wrote torch.optim.Adam's Rosenbrock run from {version} to adamlib/data/{path.name}")


def main():
    import optax
    import torch

    store("torch_reference.npz", CASES, run_torch, f"torch {torch.__version__}")
    store("optax_reference.npz", OPTAX_CASES, run_optax, f"optax {optax.__version__}")
    store_lesson_reference(f"torch {torch.__version__}")


if __name__ == "__main__":
    main()
