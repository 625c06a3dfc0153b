"""The authors' and instructors' machinery: chapter sources, the lesson generator, launch links.

Students never import this; lessons import the modules at the top of ``adamlib``.

    python -m adamlib.course build [STEM ...]
    python -m adamlib.course check
"""
from .chapters import *  # noqa: F401,F403  (the generator's public functions: course.build, course.drift, ...)
from .chapters import main  # noqa: F401
