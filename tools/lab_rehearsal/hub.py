"""A real JupyterHub on 127.0.0.1 for the rehearsal, and everything it starts stopped at the end."""
import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


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
