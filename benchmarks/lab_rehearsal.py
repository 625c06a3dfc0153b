"""A lab session rehearsed on a real JupyterHub, on this machine only.

    .venv/bin/python benchmarks/lab_rehearsal.py [--students 20] [--lesson 01_sgd]

What it does, as an instructor's class would:

1. writes the course's student distribution (``python -m adamlib.course distribute``) and
   publishes it as a bare git repository in a temporary folder (served over ``file://``),
   standing in for the instructor's published repository;
2. starts a real JupyterHub on 127.0.0.1: ``DummyAuthenticator``, ``SimpleLocalProcessSpawner``
   (students' homes in the temporary folder), ``configurable-http-proxy`` from npm, and
   nbgitpuller in the students' environment (this Python's);
3. N students, all at once, log in, open the course's nbgitpuller link (built by
   ``adamlib.course.links.nbgitpuller_url``, the format INSTRUCTORS.md gives), which starts
   their server and clones the course, then run a lesson in a kernel through the Jupyter
   server's REST and kernel (websocket) APIs, and edit lesson 01's exercise cell;
4. the instructor pushes a mid-term update: a fixed sentence, an inserted cell, a new file and
   a change to ``adamlib``; every student opens the link again, and the script checks that the
   update arrived, that every student's edit is intact, that every notebook's cell ids are
   valid and unique, that a restarted kernel imports the updated ``adamlib``, and that a file
   the student renamed before clicking (INSTRUCTORS.md's way to start a file afresh) came back;
5. prints a sizing table: time to first pull, time to run the lesson, failures, peak memory
   (PSS, server + kernels) and CPU seconds per student, and what that means for 30, 120 and
   300 students.

Everything listens on 127.0.0.1 and is stopped at the end, also on failure. The exit status is
0 when every pull and lesson run succeeded, no edit was lost and every cell id is valid.
Needs: pip jupyterhub + nbgitpuller, npm configurable-http-proxy, git (``missing()`` says which).
"""
import argparse
import contextlib
import copy
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html import unescape
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import unquote, urlencode, urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adamlib.course import links  # noqa: E402
from adamlib.course.distribution import distribute  # noqa: E402

EDITED_LESSON = "01_sgd"
EXERCISE = "def sgd_step"
STUB = "    # YOUR CODE HERE\n    raise NotImplementedError()"
FIXED_SENTENCE = "(Corrected in week 6: this sentence was fixed by the instructor.)"
INSERTED_CELL = "**Added in week 6.** A hint inserted just above the exercise by the instructor."
NEW_FILE = "lessons/week6_notes.md"
ADAMLIB_CHANGE = 'MIDTERM_UPDATE = "week 6"\n'
RESET_FILE, RESET_COPY = "lessons/00_welcome.ipynb", "lessons/00_welcome-mine.ipynb"
POLL_S = 5  # seconds between looks at a deadline while waiting for a kernel
INSTALL = ("pip install jupyterhub==6.1.1 nbgitpuller==1.3.0 (into the course's .venv) and "
           "npm install -g configurable-http-proxy@5.3.0 (Debian: apt-get install nodejs npm); "
           ".ci/run installs them")


def missing():
    """What the rehearsal needs and this machine lacks, as phrases; [] when it can run."""
    lacks = [f"the Python package {name}" for name in ("jupyterhub", "nbgitpuller", "requests", "websocket", "psutil")
             if find_spec(name) is None]
    lacks += [f"the command {cmd}" for cmd in ("configurable-http-proxy", "git") if shutil.which(cmd) is None]
    return lacks


# --- the instructor's side -------------------------------------------------------------


def git(folder, *args):
    return subprocess.run(["git", "-c", "user.name=Instructor", "-c", "user.email=instructor@localhost", *args],
                          cwd=folder, check=True, capture_output=True, text=True).stdout


def publish(workdir):
    """Write the student distribution and publish it as a bare repository; return (course copy, work, bare)."""
    course = workdir / "course"  # the instructor's copy of the course, which the update edits
    for name in ("lessons", "adamlib", "solutions", "requirements.txt", "runtime.txt", "pyproject.toml",
                 "LICENSE", "LICENSE-CONTENT.md"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, course / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif source.exists():
            shutil.copy2(source, course / name)
    work = workdir / "distribution"
    distribute(course, work, commit_message="Course release")
    bare = workdir / "published" / "adam-course"  # the clone folder is the repository's name
    bare.parent.mkdir()
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True, capture_output=True)
    return course, work, bare


def midterm_update(course, work, bare):
    """The instructor's mid-term update, made in the course and published as one new commit.

    A fixed sentence (lesson 01's first markdown cell), a cell inserted just above lesson 01's
    exercise, a new file, and a change to adamlib. Notebooks are written by the course's own
    writer (``notebooks.normalise`` + ``write``), so their cell ids are whatever the course's
    tooling gives an edited notebook.
    """
    import nbformat

    from adamlib.course.notebooks import normalise, write

    path = course / "lessons" / f"{EDITED_LESSON}.ipynb"
    nb = nbformat.read(path, as_version=4)
    first_text = next(c for c in nb.cells if c.cell_type == "markdown")
    first_text.source += f"\n\n{FIXED_SENTENCE}"
    exercise = next(i for i, c in enumerate(nb.cells) if EXERCISE in c.source)
    nb.cells.insert(exercise, nbformat.v4.new_markdown_cell(INSERTED_CELL))
    write(normalise(nb), path)
    (course / NEW_FILE).write_text("# Week 6\n\nNotes added by the instructor in the middle of the term.\n")
    with open(course / "adamlib" / "__init__.py", "a") as init:
        init.write(f"\n# The rehearsal's mid-term change to the library.\n{ADAMLIB_CHANGE}")
    distribute(course, work, commit_message="Week 6 update")
    git(work, "push", "-q", str(bare), "HEAD:main")


# --- the hub -------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


HUB_CONFIG = """\
c = get_config()  # noqa
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.pid_file = {pid_file!r}
c.JupyterHub.db_url = "sqlite:///{db}"
c.JupyterHub.cookie_secret_file = {secret!r}
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [{singleuser!r}]
# One BLAS thread per kernel, as INSTRUCTORS.md recommends for a shared hub: twenty kernels each
# spinning a thread per core waste CPU (lesson 05 alone: 24.9 -> 18.3 CPU s, same wall time).
c.Spawner.environment = {{"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}}
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 600
c.JupyterHub.log_level = "WARN"


# Each student's server on a port below Linux's ephemeral range (32768-60999), where kernels pick
# their random ports: with a random port, a kernel of another student can take it first (seen in a
# 20-student run: the hub then waits for a server that never answers).
def _below_ephemeral_range(spawner, _next=[{first_port}]):
    import socket
    while True:
        port, _next[0] = _next[0], _next[0] + 1
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        spawner.port = port
        return


c.Spawner.pre_spawn_hook = _below_ephemeral_range
"""


# This Python also holds the authors' and graders' tools (jupytext, nbgrader, and the classic
# notebook nbgrader brings), whose server extensions a student's environment (requirements.txt +
# nbgitpuller) does not have. Turned off, each server starts as a student's would, and about
# 1.4 CPU s cheaper (measured: 4.5 -> 3.1 CPU s for a bare jupyter-server start).
NOT_IN_STUDENTS_ENVIRONMENT = ("jupyterlab_jupytext", "notebook", "nbgrader.server_extensions.formgrader",
                               "nbgrader.server_extensions.validate_assignment",
                               "nbgrader.server_extensions.assignment_list",
                               "nbgrader.server_extensions.course_list")


def student_server_args():
    off = {name: False for name in NOT_IN_STUDENTS_ENVIRONMENT}
    return [f"--ServerApp.jpserver_extensions={off!r}"] + (["--allow-root"] if os.geteuid() == 0 else [])


@dataclass
class Hub:
    url: str
    process: subprocess.Popen
    log: Path


@contextlib.contextmanager
def running_hub(workdir):
    """A JupyterHub on 127.0.0.1, stopped (with every process it started) when the block ends."""
    import psutil

    port = free_port()
    secret = workdir / "cookie_secret"
    secret.write_text(secrets.token_hex(32))
    secret.chmod(0o600)
    homes = workdir / "homes"
    homes.mkdir()
    config = workdir / "jupyterhub_config.py"
    config.write_text(HUB_CONFIG.format(
        port=port, hub_port=free_port(), api_port=free_port(), chp=shutil.which("configurable-http-proxy"),
        pid_file=str(workdir / "proxy.pid"), db=workdir / "jupyterhub.sqlite", secret=str(secret),
        homes=str(homes), first_port=20000 + secrets.randbelow(10000), singleuser=str(Path(sys.executable).parent / "jupyterhub-singleuser"),
        args=student_server_args()))
    log = workdir / "jupyterhub.log"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("ADAMLIB_GRADING", None)
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=workdir,
                                   stdout=out, stderr=subprocess.STDOUT, env=env)
    hub = Hub(f"http://127.0.0.1:{port}", process, log)
    seen = set()  # every process the hub started, so that none outlives the rehearsal
    try:
        wait_until_up(hub)
        yield hub, seen
    finally:
        with contextlib.suppress(psutil.Error):
            seen.update(psutil.Process(process.pid).children(recursive=True))
        process.terminate()  # the hub stops the students' servers and the proxy it started
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for child in seen:
            with contextlib.suppress(psutil.Error):
                child.kill()


def wait_until_up(hub, timeout=120):
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited: {hub.log.read_text()[-3000:]}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{hub.url}/hub/api", timeout=5).ok:
                return
        time.sleep(0.5)
    raise RuntimeError(f"JupyterHub did not answer in {timeout} s: {hub.log.read_text()[-3000:]}")


# --- a student --------------------------------------------------------------------------------


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


def decode(frame):
    """A kernel message from the websocket: JSON text, or jupyter_server's binary framing when the
    message carries buffers (uint32 count, uint32 offsets, then the JSON message and the buffers)."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i:8 + 4 * i], "big") for i in range(count)] + [len(frame)]
    return json.loads(frame[offsets[0]:offsets[1]].decode("utf-8"))


@dataclass
class Result:
    printed: str = ""
    error: str = None
    count: int = None
    outputs: list = field(default_factory=list)


class Kernel:
    """A kernel driven through the Jupyter server's websocket API (the protocol JupyterLab speaks)."""

    def __init__(self, student, kernel_id):
        self.student, self.id = student, kernel_id
        self.session = uuid.uuid4().hex
        self.connect()

    def connect(self):
        import requests
        import websocket

        http_url = f"{self.student.server}/api/kernels/{self.id}/channels"
        cookie = self.student.http.prepare_request(requests.Request("GET", http_url)).headers.get("Cookie", "")
        self.ws = websocket.create_connection(http_url.replace("http://", "ws://", 1) + f"?session_id={self.session}",
                                              cookie=cookie, timeout=300)  # a busy server is slow to accept
        self.ws.settimeout(POLL_S)
        # A kernel still starting may miss the first request: ask again until it answers, as JupyterLab does.
        deadline = time.monotonic() + 300
        while True:
            try:
                self.request("kernel_info_request", {}, "kernel_info_reply", timeout=POLL_S)
                return
            except TimeoutError:
                if time.monotonic() > deadline:
                    raise TimeoutError("the kernel did not answer kernel_info in 300 s") from None

    def send(self, msg_type, content):
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "session": self.session, "username": "student",
                       "version": "5.3", "date": datetime.now(timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []}))
        return msg_id

    def request(self, msg_type, content, reply_type, timeout=600):
        import websocket

        msg_id = self.send(msg_type, content)
        result, replied, idle = Result(), False, False
        deadline = time.monotonic() + timeout
        while not (replied and (idle or msg_type == "kernel_info_request")):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {reply_type} in {timeout} s")
            try:
                msg = decode(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                continue  # nothing yet: look at the deadline again
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["header"]["msg_type"], msg["content"]
            if kind == reply_type:
                replied = True
                result.count = content.get("execution_count")
                if content.get("status") == "error":
                    result.error = f"{content.get('ename')}: {content.get('evalue')}"
            elif kind == "stream":
                result.printed += content["text"]
                result.outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
            elif kind in ("display_data", "execute_result"):
                output = {"output_type": kind, "data": content["data"], "metadata": content.get("metadata", {})}
                if kind == "execute_result":
                    output["execution_count"] = content["execution_count"]
                result.outputs.append(output)
            elif kind == "error":
                result.error = f"{content['ename']}: {content['evalue']}"
                result.outputs.append({"output_type": "error", **{k: content[k] for k in ("ename", "evalue", "traceback")}})
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
        return result

    def execute(self, code):
        return self.request("execute_request", {"code": code, "silent": False, "store_history": True,
                                                 "user_expressions": {}, "allow_stdin": False,
                                                 "stop_on_error": True}, "execute_reply")

    def restart(self):
        self.ws.close()
        self.student.api("POST", f"kernels/{self.id}/restart")
        self.connect()

    def close(self, shutdown=False):
        with contextlib.suppress(Exception):
            self.ws.close()
        if shutdown:
            with contextlib.suppress(Exception):
                self.student.api("DELETE", f"kernels/{self.id}")


# --- measuring ------------------------------------------------------------------------------------


class Monitor(threading.Thread):
    """Samples, once a second, the memory (PSS) of every process the hub started, per student."""

    def __init__(self, hub, seen, interval=1.0):
        super().__init__(daemon=True)
        self.hub, self.seen, self.interval = hub, seen, interval
        self.peak = {}  # student -> peak MB (their server + kernels + git)
        self.hub_peak = 0.0  # the hub and the proxy
        self.owner = {}
        self.stop = threading.Event()

    def owner_of(self, process):
        import psutil

        if process.pid not in self.owner:
            try:
                self.owner[process.pid] = process.environ().get("JUPYTERHUB_USER")
            except psutil.Error:
                return None
        return self.owner[process.pid]

    def sample(self):
        import psutil

        try:
            hub = psutil.Process(self.hub.process.pid)
            processes = [hub, *hub.children(recursive=True)]
        except psutil.Error:
            return
        self.seen.update(processes[1:])
        total = {}
        for process in processes:
            try:
                mb = process.memory_full_info().pss / 2**20
            except psutil.Error:
                continue
            who = self.owner_of(process)
            total[who] = total.get(who, 0.0) + mb
        self.hub_peak = max(self.hub_peak, total.pop(None, 0.0))
        for who, mb in total.items():
            self.peak[who] = max(self.peak.get(who, 0.0), mb)

    def run(self):
        while not self.stop.wait(self.interval):
            self.sample()

    def cpu_seconds(self):
        """CPU seconds each student's server used so far, with its kernels and git commands; under
        the key None, the hub's and the proxy's own."""
        import psutil

        used = {}
        with contextlib.suppress(psutil.Error):
            times = psutil.Process(self.hub.process.pid).cpu_times()  # its own: servers are counted apart
            used[None] = times.user + times.system
        for process in list(self.seen):
            who = self.owner.get(process.pid)
            if who is None:  # the proxy (the hub's other children are students' servers)
                with contextlib.suppress(psutil.Error):
                    times = process.cpu_times()
                    used[None] = used.get(None, 0.0) + times.user + times.system
                continue
            try:
                times = process.cpu_times()
                parent_owner = self.owner.get(process.ppid())
            except psutil.Error:
                continue
            # a server counts its own time and that of children it reaped (finished kernels, git);
            # a live kernel counts its own (it is not reaped yet)
            mine = times.user + times.system
            if parent_owner != who:  # the server process itself
                mine += times.children_user + times.children_system
            used[who] = used.get(who, 0.0) + mine
        return used


# --- the rehearsal ---------------------------------------------------------------------------


@dataclass
class Report:
    students: list
    peak_mb: dict
    cpu_s: dict
    hub_peak_mb: float
    wall_s: float
    lesson: str

    @property
    def machine_cpu_s(self):
        """CPU seconds of the hub and proxy (``cpu_s[None]``), the servers, their kernels and git."""
        return sum(self.cpu_s.values())

    def failures(self):
        return sum(len(s.failures) for s in self.students)

    @property
    def ok(self):
        return (self.failures() == 0 and self.lost_edits() == 0 and self.checked() == len(self.students)
                and all(s.ids_ok and s.update_arrived and s.sees_new_adamlib and s.reset_ok
                        for s in self.students))

    def lost_edits(self):
        """Students whose edit was checked after the update and was gone."""
        return sum(1 for s in self.students if s.edit_lost)

    def checked(self):
        """Students who got as far as the checks after the update."""
        return sum(1 for s in self.students if s.edit_lost is not None)


def in_parallel(students, job, phase):
    def run(student):
        try:
            job(student)
        except Exception as error:  # noqa: BLE001 - every failure is counted and reported
            student.failures.append(f"{phase}: {type(error).__name__}: {error}"[:600])
    threads = [threading.Thread(target=run, args=(s,), daemon=True) for s in students]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def rehearse(n_students=20, lesson="01_sgd", log=print):
    """Run the whole rehearsal with ``n_students``; return a ``Report``. Stops everything it started."""
    lacking = missing()
    if lacking:
        raise RuntimeError(f"the rehearsal needs {', '.join(lacking)}: {INSTALL}")
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="lab-rehearsal-") as tmp:
        workdir = Path(tmp)
        course, work, bare = publish(workdir)
        log(f"published the student distribution at file://{bare}")
        with running_hub(workdir) as (hub, seen):
            link = links.nbgitpuller_url(hub.url, f"lessons/{lesson}.ipynb", repo_url=f"file://{bare}", branch="main")
            log(f"hub at {hub.url}; the link students open: {link}")
            students = [Student(f"student{i:03d}", hub.url, link) for i in range(1, n_students + 1)]
            monitor = Monitor(hub, seen)
            monitor.start()
            try:
                def first_session(s):
                    s.login()
                    s.first_pull_s = s.open_link()
                    s.lesson_s = s.run_lesson(lesson)
                    s.do_exercise(lesson)
                in_parallel(students, first_session, "first session")
                done = sum(1 for s in students if not s.failures)
                log(f"{done} of {n_students} students pulled, ran {lesson} and saved an exercise "
                    f"({time.monotonic() - start:.0f} s so far)")
                midterm_update(course, work, bare)
                log("the instructor pushed the mid-term update")

                def after_update(s):
                    if s.first_pull_s is None:
                        return  # never got the course: already counted
                    s.rename(RESET_FILE, RESET_COPY)  # "start afresh": rename, then click the link
                    s.second_pull_s = s.open_link()
                    s.check_after_update()
                in_parallel(students, after_update, "after the update")
                monitor.sample()
                cpu = monitor.cpu_seconds()
            finally:
                monitor.stop.set()
                monitor.join()
        return Report(students, monitor.peak, cpu, monitor.hub_peak, time.monotonic() - start, lesson)


# --- the table ---------------------------------------------------------------------------------


def spread(values, unit, digits=0):
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    return f"median {statistics.median(values):.{digits}f} {unit}, max {max(values):.{digits}f} {unit}"


def table(report, cores=None):
    """The sizing table, as text lines."""
    cores = cores or os.cpu_count()
    n = len(report.students)
    peak = [report.peak_mb.get(s.name) for s in report.students]
    cpu = [report.cpu_s.get(s.name) for s in report.students]
    mem_per = max((p for p in peak if p), default=0.0)
    cpu_per = statistics.mean([c for c in cpu if c]) if any(cpu) else 0.0
    lines = [
        f"Lab rehearsal: {n} students, lesson {report.lesson}, {cores} cores, {report.wall_s:.0f} s in all, "
        f"{report.machine_cpu_s:.0f} CPU s for the hub, proxy, servers, kernels and git",
        "",
        "| measure | value |",
        "|---|---|",
        f"| time to first pull (login to course cloned, server start included) | "
        f"{spread([s.first_pull_s for s in report.students], 's')} |",
        f"| time to run the lesson (all students at once) | {spread([s.lesson_s for s in report.students], 's')} |",
        f"| time to pull the mid-term update | {spread([s.second_pull_s for s in report.students], 's', 1)} |",
        f"| failures (pulls, lesson runs, checks) | {report.failures()} |",
        f"| edits lost in the update | {report.lost_edits()} of {report.checked()} checked |",
        f"| notebooks with invalid or duplicate cell ids | {sum(1 for s in report.students if not s.ids_ok)} of {n} |",
        f"| students who got the whole update (fixed sentence, inserted cell, new file) | "
        f"{sum(1 for s in report.students if s.update_arrived)} of {n} |",
        f"| kernels seeing the updated adamlib after a restart | "
        f"{sum(1 for s in report.students if s.sees_new_adamlib)} of {n} |",
        f"| students whose renamed file came back on the next pull | "
        f"{sum(1 for s in report.students if s.reset_ok)} of {n} |",
        f"| peak memory per student (server + kernel, PSS) | {spread(peak, 'MB')} |",
        f"| CPU per student (server start, pulls, lesson) | {spread(cpu, 'CPU s', 1)} |",
        f"| hub + proxy peak memory | {report.hub_peak_mb:.0f} MB |",
        "",
        "What that means on one machine (memory: every student's peak at once, plus the hub;",
        "CPU: every student starting the lesson in the same minute):",
        "",
        "| students | memory | CPU to run the lesson once each | wait on 8 cores | cores for a 1-minute wait |",
        "|---|---|---|---|---|",
    ]
    for size in (30, 120, 300):
        memory_gb = (size * mem_per + report.hub_peak_mb) / 1024
        work = size * cpu_per
        lines.append(f"| {size} | {memory_gb:.1f} GB | {work / 60:.0f} CPU min | {work / 8 / 60:.1f} min | "
                     f"{max(1, round(work / 60 + 0.499))} |")
    lines += [
        "",
        "One machine is enough while the memory column fits in its RAM with room to spare and the",
        "cores column fits its cores. Past about 100 active students, or when a class needs more than",
        "one machine's cores or memory, move to Zero to JupyterHub on Kubernetes.",
    ]
    for s in report.students:
        for failure in s.failures:
            lines.append(f"FAILURE {s.name}: {failure}")
        if s.edit_lost:
            lines.append(f"LOST EDIT {s.name}")
        if s.ids_ok is False:
            lines.append(f"BAD CELL IDS {s.name}")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--lesson", default="01_sgd", help="the lesson each student runs, e.g. 05_adam_in_deep_learning")
    args = parser.parse_args(argv)
    if missing():
        print(f"cannot rehearse: missing {', '.join(missing())}. {INSTALL}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))  # so that everything is still stopped
    report = rehearse(args.students, args.lesson)
    print("\n".join(table(report)))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
