"""What the rehearsal measured, and the sizing table an instructor reads."""
import os
import statistics
from dataclasses import dataclass


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
