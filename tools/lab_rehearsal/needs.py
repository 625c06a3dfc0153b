"""What the rehearsal needs and how to install it."""
import shutil
from importlib.util import find_spec

INSTALL = ("pip install jupyterhub==6.1.1 nbgitpuller==1.3.0 (into the course's .venv) and "
           "npm install -g configurable-http-proxy@5.3.0 (Debian: apt-get install nodejs npm); "
           ".ci/run installs them")


def missing():
    """What the rehearsal needs and this machine lacks, as phrases; [] when it can run."""
    lacks = [f"the Python package {name}" for name in ("jupyterhub", "nbgitpuller", "requests", "websocket", "psutil")
             if find_spec(name) is None]
    lacks += [f"the command {cmd}" for cmd in ("configurable-http-proxy", "git") if shutil.which(cmd) is None]
    return lacks

