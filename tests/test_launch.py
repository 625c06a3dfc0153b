"""Launch links and the Binder environment: what a student clicks must open a real lesson."""
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from adamlib.course import links

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "lessons").glob("*.ipynb"))


def urls_in(path, pattern):
    return re.findall(pattern, (ROOT / path).read_text(encoding="utf-8"))


def test_links_module_builds_the_documented_formats():
    assert links.binder_url("lessons/01_sgd.ipynb", "me/course", "main") == (
        "https://mybinder.org/v2/gh/me/course/main?urlpath=lab/tree/lessons/01_sgd.ipynb")
    url = links.nbgitpuller_url("https://hub.example.edu/", "lessons/01_sgd.ipynb", "me/course", "main")
    query = parse_qs(urlparse(url).query)
    assert url.startswith("https://hub.example.edu/hub/user-redirect/git-pull?")
    assert query == {"repo": ["https://github.com/me/course"],
                     "urlpath": ["lab/tree/course/lessons/01_sgd.ipynb"], "branch": ["main"]}


def test_readme_has_a_binder_badge_for_every_lesson_and_each_opens_an_existing_file():
    badges = urls_in("README.md", r"https://mybinder\.org/v2/gh/[^)\s\"']+")
    assert badges, "README.md has no Binder link"
    targets = set()
    for url in badges:
        assert url.startswith(f"https://mybinder.org/v2/gh/{links.REPOSITORY}/{links.BRANCH}"), url
        path = parse_qs(urlparse(url).query)["urlpath"][0].removeprefix("lab/tree/")
        assert (ROOT / path).exists(), f"{url} opens {path}, which does not exist"
        targets.add(path)
    assert set(LESSONS) <= targets, f"lessons without a Binder link: {sorted(set(LESSONS) - targets)}"


def test_instructor_guide_nbgitpuller_links_open_existing_lessons():
    found = urls_in("INSTRUCTORS.md", r"https://[^\s)`\"']+/hub/user-redirect/git-pull\?[^\s)`\"']+")
    assert found, "INSTRUCTORS.md gives no nbgitpuller link"
    folder = links.REPOSITORY.split("/")[-1]
    for url in found:
        query = parse_qs(urlparse(url).query)
        assert query["repo"] == [f"https://github.com/{links.REPOSITORY}"]
        assert query["branch"] == [links.BRANCH]
        path = unquote(query["urlpath"][0]).removeprefix(f"lab/tree/{folder}/")
        assert (ROOT / path).exists(), f"{url} opens {path}, which does not exist"


def test_requirements_pin_every_package_for_reproducible_binder_builds():
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    lines = [line for line in lines if line]
    assert "-e ." in lines, "requirements.txt must install adamlib itself"
    for line in lines:
        if line != "-e .":
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.\-+]*", line), f"not pinned: {line}"
    assert re.fullmatch(r"python-3\.\d+\s*", (ROOT / "runtime.txt").read_text())


@pytest.mark.slow
def test_a_fresh_virtualenv_from_requirements_runs_a_lesson(tmp_path):
    """What Binder does: a new environment from requirements.txt alone, then a lesson top to bottom."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "-r", "requirements.txt"],
                         cwd=ROOT, capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr[-3000:]
    out = tmp_path / "executed.ipynb"
    run = subprocess.run([str(venv / "bin" / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                          "--ExecutePreprocessor.kernel_name=python3", "lessons/00_welcome.ipynb",
                          "--output", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    assert '"output_type": "error"' not in out.read_text()
