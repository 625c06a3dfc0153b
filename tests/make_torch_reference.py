"""Store torch.optim's trajectories for every case in optim_cases.py (run once, with torch installed).

    python tests/make_torch_reference.py

Writes tests/data/torch_reference.npz, which test_optim_torch.py compares
adamlib against on machines without torch.  Every 20th step is kept.
"""
from pathlib import Path

import numpy as np
import torch

from optim_cases import CASES, case_id, run_torch

KEEP_EVERY = 20


def main():
    arrays = {}
    for name, kwargs in CASES:
        trajectory = run_torch(name, kwargs)
        for t in range(KEEP_EVERY - 1, len(trajectory), KEEP_EVERY):
            for key, value in trajectory[t].items():
                arrays[f"{case_id(name, kwargs)}|{t + 1}|{key}"] = value
    out = Path(__file__).parent / "data" / "torch_reference.npz"
    np.savez_compressed(out, torch_version=np.array(torch.__version__), **arrays)
    print(f"wrote {len(arrays)} arrays from torch {torch.__version__} to {out.name}")


if __name__ == "__main__":
    main()
