"""The UCI handwritten digits: 1,797 greyscale images of 8x8 pixels, ten classes.

Each pixel counts how many of the 16 pixels of a 4x4 block were inked in the
original 32x32 scan, so raw values are integers 0..16.  The file
``digits.csv.gz`` beside this module has one image per line: 64 pixel values
(row by row) and then the label.  Source and licence: DIGITS_LICENSE.md.
"""
from pathlib import Path

import numpy as np

DIGITS_FILE = Path(__file__).with_name("digits.csv.gz")
N_IMAGES, N_PIXELS, N_CLASSES = 1797, 64, 10
MAX_PIXEL = 16.0


def load_digits():
    """``(X, y)``: X float64 of shape (1797, 64) scaled to [0, 1], y int64 labels 0..9.

    Row ``i`` of ``X`` reshaped to (8, 8) is the i-th image.  Pixels are divided
    by 16 (their largest possible value) so that inputs are of order one, the
    scale the weight initialisations in ``adamlib.nn`` assume.
    """
    table = np.loadtxt(DIGITS_FILE, delimiter=",", dtype=np.float64)
    if table.shape != (N_IMAGES, N_PIXELS + 1):
        raise ValueError(f"{DIGITS_FILE.name} should hold {N_IMAGES} rows of "
                         f"{N_PIXELS + 1} numbers; found shape {table.shape}")
    X = table[:, :N_PIXELS] / MAX_PIXEL
    y = table[:, N_PIXELS].astype(np.int64)
    return X, y
