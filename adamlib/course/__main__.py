"""``python -m adamlib.course build|check|...``: see ``adamlib.course.chapters``."""
import sys

from .chapters import main

sys.exit(main())
