"""The course's addresses, for the authors' tools: the same module as ``adamlib.links``.

They moved to ``adamlib.links`` because the checks print ``ISSUES_URL`` and the student-side library
never imports the authors' package; this name stays for the instructors' commands (INSTRUCTORS.md).
"""
from ..links import BRANCH, HUB_URL, ISSUES_URL, REPOSITORY, SITE_URL, binder_url, nbgitpuller_url

__all__ = ["BRANCH", "HUB_URL", "ISSUES_URL", "REPOSITORY", "SITE_URL", "binder_url", "nbgitpuller_url"]
