"""The rehearsal, top to bottom: publish, N students at once, the mid-term update, the checks."""
import tempfile
import threading
import time
from pathlib import Path

from adamlib import links

from .hub import running_hub
from .instructor import RESET_COPY, RESET_FILE, midterm_update, publish
from .monitor import Monitor
from .needs import INSTALL, missing
from .report import Report
from .student import Student


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
