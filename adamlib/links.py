"""Launch links for the course: Binder (self-study) and nbgitpuller (a class on JupyterHub).

Formats, from the services' documentation:
- Binder: https://mybinder.org/v2/gh/<owner>/<repo>/<ref>?urlpath=lab/tree/<path in the repo>
- nbgitpuller: https://<hub>/hub/user-redirect/git-pull?repo=<git URL>&urlpath=lab/tree/<clone folder>/<path>&branch=<branch>
  (every value URL-encoded; the clone folder is the repository's name, and urlpath must include it)
"""
from urllib.parse import quote

# Where the course is published.  Forks change this one line; README's links follow it.
REPOSITORY = "adam-course/adam-course"
BRANCH = "main"


def binder_url(path="lessons/00_welcome.ipynb", repository=REPOSITORY, ref=BRANCH):
    """A mybinder.org link that builds the repository and opens ``path`` in JupyterLab."""
    return f"https://mybinder.org/v2/gh/{repository}/{ref}?urlpath=lab/tree/{path}"


def nbgitpuller_url(hub, path="lessons/00_welcome.ipynb", repository=REPOSITORY, branch=BRANCH):
    """A link that clones/updates the course in each student's JupyterHub home and opens ``path``.

    ``hub`` is the hub's address, e.g. "https://hub.example.edu".  Pulling again later merges
    the instructor's updates without overwriting the students' work (nbgitpuller's merge rules).
    """
    folder = repository.split("/")[-1]
    return (f"{hub.rstrip('/')}/hub/user-redirect/git-pull"
            f"?repo={quote(f'https://github.com/{repository}', safe='')}"
            f"&urlpath={quote(f'lab/tree/{folder}/{path}', safe='')}"
            f"&branch={quote(branch, safe='')}")
