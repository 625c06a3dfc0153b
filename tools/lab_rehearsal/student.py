"""A student, driven over HTTP as a browser would: login, the nbgitpuller link, the contents API."""
import copy
import json
import re
import time
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import unquote, urlencode, urlparse

from .instructor import (EDITED_LESSON, EXERCISE, FIXED_SENTENCE, INSERTED_CELL, NEW_FILE, RESET_COPY, RESET_FILE,
                         STUB)
from .kernel import Kernel


@dataclass
class Student:
    name: str
    hub: str
    link: str
    failures: list = field(default_factory=list)
    first_pull_s: float = None
    lesson_s: float = None
    second_pull_s: float = None
    edit_lost: bool = None
    ids_ok: bool = None
    update_arrived: bool = None
    sees_new_adamlib: bool = None
    reset_ok: bool = None

    def __post_init__(self):
        import requests

        self.http = requests.Session()
        # A dropped connection is retried, as a student clicks the link again (GET requests only).
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry
        retry = Retry(total=3, connect=3, read=2, status=0, allowed_methods={"GET"}, backoff_factor=1)
        self.http.mount("http://", HTTPAdapter(max_retries=retry))
        self.server = f"{self.hub}/user/{self.name}"

    # HTTP helpers: the single-user server wants its _xsrf cookie echoed on writes
    def api(self, method, path, **kwargs):
        xsrf = self.http.cookies.get("_xsrf", path=f"/user/{self.name}/") or ""
        response = self.http.request(method, f"{self.server}/api/{path}", headers={"X-XSRFToken": xsrf},
                                     timeout=300, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def login(self):
        page = self.http.get(f"{self.hub}/hub/login", timeout=120)
        xsrf = re.search(r'name="_xsrf"[^>]*value="([^"]+)"', page.text)
        form = {"username": self.name, "password": "any"}
        if xsrf:
            form["_xsrf"] = unescape(xsrf.group(1))
        response = self.http.post(f"{self.hub}/hub/login", data=form, timeout=120)
        response.raise_for_status()

    def open_link(self, timeout=600):
        """What a browser does with the nbgitpuller link: spawn if needed, then pull; seconds taken."""
        start = time.monotonic()
        deadline = start + timeout
        response = self.http.get(self.link, timeout=300)
        while "/git-pull" not in urlparse(response.url).path or urlparse(response.url).path.startswith("/hub/"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"server not ready after {timeout} s (at {response.url})")
            if response.status_code == 424:  # "server not running" page: press "Launch server"
                spawn = re.search(r'href="([^"]*/hub/spawn/[^"]*)"', response.text)
                response = self.http.get(self.hub + unescape(spawn.group(1)), timeout=300)
                continue
            time.sleep(1)  # the spawn-pending page: a browser waits, then follows ?next=
            response = self.http.get(self.link, timeout=300)
        response.raise_for_status()
        self.pull(response)
        return time.monotonic() - start

    def pull(self, page):
        """Run nbgitpuller's sync as its page's script does: the git-pull/api event stream."""
        data = {key: unquote(unescape(value)) for key, value in re.findall(r'data-([a-z-]+)="([^"]*)"', page.text)}
        query = {"_xsrf": data["xsrf"], "repo": data["repo"], "targetpath": data["targetpath"]}
        for key in ("depth", "branch"):
            if key in data:
                query[key] = data[key]
        with self.http.get(f"{self.server}/git-pull/api?{urlencode(query)}", stream=True, timeout=600) as stream:
            for line in stream.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    event = json.loads(line[5:])
                    if event.get("phase") == "error":
                        raise RuntimeError(f"nbgitpuller: {event.get('message')}: {event.get('output', '')[-500:]}")
                    if event.get("phase") == "finished":
                        break
            else:
                raise RuntimeError("nbgitpuller's event stream ended without 'finished'")
        # then the page sends the browser on to the lesson in JupyterLab
        self.http.get(self.hub + data["base-url"] + data["path"], timeout=300).raise_for_status()

    def notebook(self, lesson):
        return self.api("GET", f"contents/adam-course/lessons/{lesson}.ipynb")["content"]

    def start_kernel(self, lesson):
        session = self.api("POST", "sessions", json={
            "path": f"adam-course/lessons/{lesson}.ipynb", "name": f"{lesson}.ipynb", "type": "notebook",
            "kernel": {"name": "python3"}})
        return Kernel(self, session["kernel"]["id"])

    def run_cells(self, kernel, nb, stop=None):
        """Run the notebook's code cells in order (up to cell ``stop``), storing counts and outputs
        in ``nb`` as JupyterLab does; raises on the first error."""
        for index, cell in enumerate(nb["cells"][:stop]):
            if cell["cell_type"] == "code" and cell["source"].strip():
                self.run_cell(kernel, nb, index)

    def run_cell(self, kernel, nb, index):
        cell = nb["cells"][index]
        result = kernel.execute(cell["source"])
        if result.error:
            raise RuntimeError(f"cell {index}: {result.error}")
        cell["execution_count"], cell["outputs"] = result.count, result.outputs
        return result

    def run_lesson(self, lesson):
        """Run every code cell of the lesson, in order, in a fresh kernel; seconds taken."""
        start = time.monotonic()
        kernel = self.start_kernel(lesson)
        try:
            nb = self.notebook(lesson)
            self.run_cells(kernel, nb)
            self.ran = nb  # with the student's execution counts and outputs, as JupyterLab holds it
        finally:
            kernel.close()
        return time.monotonic() - start

    def do_exercise(self, lesson_run):
        """Write an answer in lesson 01's exercise, run it and its check, save (as JupyterLab saves)."""
        nb = self.ran if lesson_run == EDITED_LESSON else self.notebook(EDITED_LESSON)
        exercise = next(i for i, c in enumerate(nb["cells"]) if EXERCISE in c["source"])
        check = next(i for i in range(exercise + 1, len(nb["cells"])) if nb["cells"][i]["cell_type"] == "code")
        kernel = self.start_kernel(EDITED_LESSON)  # the lesson's running kernel, if it has one
        try:
            if lesson_run != EDITED_LESSON:
                self.run_cells(kernel, nb, stop=exercise)
            cell = nb["cells"][exercise]
            assert STUB in cell["source"], "the exercise cell has no stub to replace"
            cell["source"] = cell["source"].replace(STUB, f"    return theta - lr * grad  # {self.edit_mark}")
            self.run_cell(kernel, nb, exercise)
            verdict = self.run_cell(kernel, nb, check).printed
            if "correct" not in verdict.lower():
                raise RuntimeError(f"the check did not accept the right answer: {verdict[:300]}")
        finally:
            kernel.close()
        self.api("PUT", f"contents/adam-course/lessons/{EDITED_LESSON}.ipynb",
                 json={"type": "notebook", "format": "json", "content": nb})

    @property
    def edit_mark(self):
        return f"my answer ({self.name})"

    def rename(self, path, new_path):
        self.api("PATCH", f"contents/adam-course/{path}", json={"path": f"adam-course/{new_path}"})

    def exists(self, path):
        import requests
        try:
            self.api("GET", f"contents/adam-course/{path}?content=0")
            return True
        except requests.HTTPError:
            return False

    def check_after_update(self):
        import nbformat

        self.reset_ok = self.exists(RESET_FILE) and self.exists(RESET_COPY)
        # The file as merged, byte for byte: reading it as a notebook would repair duplicate ids.
        raw = self.api("GET", f"contents/adam-course/lessons/{EDITED_LESSON}.ipynb?type=file&format=text")
        try:
            nb = json.loads(raw["content"])
        except json.JSONDecodeError:
            self.edit_lost, self.ids_ok, self.update_arrived = True, False, False
            raise RuntimeError("the merged lesson 01 is not valid JSON") from None
        sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb["cells"]]
        exercise = [s for s in sources if EXERCISE in s]
        self.edit_lost = not (len(exercise) == 1 and self.edit_mark in exercise[0])
        ids = [c.get("id") for c in nb["cells"]]
        try:
            nbformat.validate(nbformat.from_dict(copy.deepcopy(nb)))
            self.ids_ok = all(ids) and len(set(ids)) == len(ids)
        except nbformat.ValidationError:
            self.ids_ok = False
        new_file = self.api("GET", f"contents/adam-course/{NEW_FILE}?content=0")
        self.update_arrived = (any(FIXED_SENTENCE in s for s in sources)
                               and any(INSERTED_CELL in s for s in sources) and new_file is not None)
        kernel = self.start_kernel(EDITED_LESSON)  # the kernel the lesson had: restart it, as students are told
        try:
            kernel.restart()
            result = kernel.execute("import adamlib; print(adamlib.MIDTERM_UPDATE)")
            self.sees_new_adamlib = result.error is None and result.printed.strip() == "week 6"
        finally:
            kernel.close(shutdown=True)
