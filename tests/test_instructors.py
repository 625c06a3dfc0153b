"""INSTRUCTORS.md's promises that can be checked by reading it: lab plans that add up, licences, the floor."""
import re
import tomllib
from pathlib import Path

from adamlib.course import links

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "INSTRUCTORS.md").read_text(encoding="utf-8")


def lesson_times():
    """{"01": 45, ...}: the time column of the lessons table."""
    rows = re.findall(r"^\| (\d\d) [^|]+\|[^|]+\| (\d+) min \|", GUIDE, flags=re.MULTILINE)
    return {number: int(minutes) for number, minutes in rows}


def lab_plans():
    """Each "**Lab N**" plan of the 2-hour lab section: its list of (minutes, text) slots."""
    section = GUIDE[GUIDE.index("### A 2-hour lab"):]
    section = section[:section.index("\n### ", 5)]
    plans = re.split(r"^\*\*Lab \d", section, flags=re.MULTILINE)[1:]
    return [[(int(m), text) for m, text in re.findall(r"^\d+\. \((\d+) min\) (.+)$", plan, flags=re.MULTILINE)]
            for plan in plans]


def test_each_two_hour_lab_adds_up_to_120_minutes_with_each_lesson_at_its_own_time():
    times, plans = lesson_times(), lab_plans()
    assert len(times) >= 7 and plans
    for slots in plans:
        assert sum(minutes for minutes, _ in slots) == 120, slots
        assert any(re.search(r"logs? in", text, re.IGNORECASE) for _, text in slots), "no time to log in and pull"
        for minutes, text in slots:
            lesson = re.match(r"Lesson (\d\d)\b", text)
            if lesson:
                assert minutes == times[lesson.group(1)], f"{text!r}: the table says {times[lesson.group(1)]} min"


def test_licences_exist_and_the_readme_names_them():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    content = (ROOT / "LICENSE-CONTENT.md").read_text(encoding="utf-8")
    assert "Attribution 4.0 International" in content and "DIGITS_LICENSE.md" in content
    assert "CC BY 4.0" in (ROOT / "adamlib" / "data" / "DIGITS_LICENSE.md").read_text()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(LICENSE)" in readme and "(LICENSE-CONTENT.md)" in readme


def test_the_python_floor_agrees_everywhere():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"  # Binder and CI build 3.11
    assert "Python 3.11 or newer" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_there_is_one_place_to_report_a_problem():
    assert links.ISSUES_URL == f"https://github.com/{links.REPOSITORY}/issues"
    assert links.ISSUES_URL in (ROOT / "README.md").read_text(encoding="utf-8")
