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
# Where students and instructors report a problem (a check that misjudges an answer, a typo,
# a lesson that fails).  The one place the course names it: the checks' messages print it.
ISSUES_URL = f"https://github.com/{REPOSITORY}/issues"
# Where the web edition is published (GitHub Pages of REPOSITORY; README links it).
SITE_URL = "https://{}.github.io/{}/".format(*REPOSITORY.split("/"))
# The JupyterHub that the web edition's launch buttons open (nbgitpuller): a placeholder, like the
# repository above. An instructor builds the site for a class with `python -m adamlib.course web --hub URL`.
HUB_URL = "https://hub.example.edu"


def binder_url(path="lessons/00_welcome.ipynb", repository=REPOSITORY, ref=BRANCH):
    """A mybinder.org link that builds the repository and opens ``path`` in JupyterLab."""
    return f"https://mybinder.org/v2/gh/{repository}/{ref}?urlpath=lab/tree/{path}"


def nbgitpuller_url(hub, path="lessons/00_welcome.ipynb", repository=REPOSITORY, branch=BRANCH,
                    repo_url=None):
    """A link that clones/updates the course in each student's JupyterHub home and opens ``path``.

    ``hub`` is the hub's address, e.g. "https://hub.example.edu".  The course is cloned from
    ``https://github.com/<repository>``, or from ``repo_url`` (any git URL: another host, a
    student distribution published elsewhere) when given.  Pulling again later merges
    the instructor's updates without overwriting the students' work (nbgitpuller's merge rules).
    """
    repo_url = repo_url or f"https://github.com/{repository}"
    folder = repo_url.rstrip("/").split("/")[-1]  # nbgitpuller's default clone folder
    return (f"{hub.rstrip('/')}/hub/user-redirect/git-pull"
            f"?repo={quote(repo_url, safe='')}"
            f"&urlpath={quote(f'lab/tree/{folder}/{path}', safe='')}"
            f"&branch={quote(branch, safe='')}")
