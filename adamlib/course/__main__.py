"""``python -m adamlib.course build|check|sync|distribute|web``: see ``adamlib.course.cli`` and ``.web``."""
import sys

from .cli import main
from .web import COMMAND

sys.exit(main(extra_commands={"web": COMMAND}))
