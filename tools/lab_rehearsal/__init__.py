"""A lab session rehearsed on a real JupyterHub, on this machine only.

    .venv/bin/python benchmarks/lab_rehearsal.py [--students 20] [--lesson 01_sgd]
    .venv/bin/python -m tools.lab_rehearsal [--students 20] [--lesson 01_sgd]      (the same)

What it does, as an instructor's class would:

1. writes the course's student distribution (``python -m adamlib.course distribute``) and
   publishes it as a bare git repository in a temporary folder (served over ``file://``),
   standing in for the instructor's published repository;
2. starts a real JupyterHub on 127.0.0.1: ``DummyAuthenticator``, ``SimpleLocalProcessSpawner``
   (students' homes in the temporary folder), ``configurable-http-proxy`` from npm, and
   nbgitpuller in the students' environment (this Python's);
3. N students, all at once, log in, open the course's nbgitpuller link (built by
   ``adamlib.links.nbgitpuller_url``, the format INSTRUCTORS.md gives), which starts
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

One idea per module, in the order of the story: ``needs`` (what must be installed), ``instructor``
(publish, the mid-term update), ``hub`` (a JupyterHub on 127.0.0.1), ``student`` (login, nbgitpuller,
the contents API), ``kernel`` (the kernel websocket protocol), ``monitor`` (memory and CPU per student),
``scenario`` (the rehearsal, top to bottom), ``report`` (the sizing table), ``cli``.
"""
from .cli import main
from .needs import INSTALL, missing
from .report import Report, table
from .scenario import rehearse

__all__ = ["INSTALL", "Report", "main", "missing", "rehearse", "table"]
