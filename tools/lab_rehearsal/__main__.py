"""``python -m tools.lab_rehearsal``: see ``tools.lab_rehearsal``."""
import sys

from .cli import main

sys.exit(main())
