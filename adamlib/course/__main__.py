"""``python -m adamlib.course build|check|sync|distribute|web|translate``: see ``adamlib.course.chapters`` and ``.web``."""
import sys

from .chapters import main
from .translation import COMMAND as TRANSLATE
from .translation import build_translations, translation_drift
from .web import COMMAND

sys.exit(main(extra_commands={"web": COMMAND, "translate": TRANSLATE}, editions=(build_translations, translation_drift)))
