"""``python -m adamlib.course build|check|...``: see ``adamlib.course.build``."""
import sys

from .build import main

sys.exit(main())
