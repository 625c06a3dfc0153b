"""``python -m adamlib.course build|check|sync|distribute|web``: see ``adamlib.course.chapters`` and ``.web``."""
import sys

from .chapters import main
from .translation import build_translations, translation_drift
from .web import COMMAND

sys.exit(main(extra_commands={"web": COMMAND}, editions=(build_translations, translation_drift)))
