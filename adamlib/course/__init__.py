"""The authors' and instructors' machinery: chapter sources, the lesson generator, launch links.

Lessons import the modules at the top of ``adamlib``, not this, and no module outside this package
imports it (``tests/test_architecture.py``). ``adamlib.course.links`` is ``adamlib.links`` (where the
course is published, where to report a problem) under its older name; the generator's functions
(``course.build``, ``course.drift``, ...) are loaded from ``chapters`` when first used.

    python -m adamlib.course build [STEM ...]
    python -m adamlib.course check
"""
import importlib


def __getattr__(name):
    # nbformat and nbclient are loaded only when an author's command or a test needs the generator.
    chapters = importlib.import_module(f"{__name__}.chapters")
    try:
        return getattr(chapters, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
