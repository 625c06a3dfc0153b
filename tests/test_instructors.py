"""INSTRUCTORS.md's promises that can be checked by reading it: lab plans that add up, a module plan
that agrees with them, points and times that agree with the lessons, licences, the floor."""
import re
import tomllib
from pathlib import Path

import nbformat

from adamlib.course.reading_time import core_minutes, lesson_markdown

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
            if lesson and "first pass" in text:  # a long lesson's core path in class, its optional sections at home
                stem = next(p for p in (ROOT / "lessons").glob(f"{lesson.group(1)}_*.ipynb"))
                want = core_minutes(lesson_markdown(stem))
                assert minutes == want, f"{text!r}: its first pass counts {want} min"
            elif lesson:
                assert minutes == times[lesson.group(1)], f"{text!r}: the table says {times[lesson.group(1)]} min"


def lab_lessons():
    """The lessons each lab plan teaches, in order: [["00", "01"], ["02"], ...]."""
    return [[m.group(1) for _, text in slots for m in [re.match(r"Lesson (\d\d)\b", text)] if m]
            for slots in lab_plans()]


def module_weeks():
    """The 4-week table: [(week, in-class lessons, homework lessons), ...]."""
    section = GUIDE[GUIDE.index("### A 4-week module"):]
    rows = re.findall(r"^\| (\d) \| Lab \d: ([^|]+)\| ([^|]+)\|", section, flags=re.MULTILINE)
    return [(int(week), re.findall(r"\b(\d\d)\b", lab), re.findall(r"\b(\d\d)\b \(", homework))
            for week, lab, homework in rows]


def test_the_module_plan_is_the_lab_plans_plus_homework_and_covers_every_graded_lesson():
    weeks, labs = module_weeks(), lab_lessons()
    assert [week for week, _, _ in weeks] == [1, 2, 3, 4] and len(labs) == 4
    for (week, in_class, _), taught in zip(weeks, labs):
        assert in_class == taught, f"week {week}: the table says {in_class}, lab {week} teaches {taught}"
    graded = [lesson for _, in_class, homework in weeks for lesson in in_class + homework]
    assert sorted(graded) == [f"{n:02d}" for n in range(8)], graded  # 08 is reading
    times = lesson_times()
    for week, _, homework in weeks:  # a week's homework fits a student's week beside the lab
        assert sum(times[lesson] for lesson in homework) <= 120, week


def lesson_words(stem):
    nb = nbformat.read(ROOT / "lessons" / f"{stem}.ipynb", as_version=4)
    return sum(len(cell.source.split()) for cell in nb.cells if cell.cell_type == "markdown")


def test_lesson_times_follow_one_reading_pace():
    """Lessons 01-08 are timed at one pace (words of text per stated minute), so that no lesson is
    planned at twice the reading speed of another (the trial found 06 and 07 at 90-95 words/min)."""
    times = lesson_times()
    stems = {p.stem[:2]: p.stem for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")}
    pace = {n: lesson_words(stems[n]) / times[n] for n in times if n != "00"}
    assert len(pace) == 8
    for lesson, words_per_minute in pace.items():
        assert 40 <= words_per_minute <= 60, f"lesson {lesson}: {words_per_minute:.0f} words per minute"


def test_the_points_in_the_lessons_table_are_the_notebooks_points():
    """Each lesson's row lists its check cells with their nbgrader points, then the written answer."""
    rows = dict(re.findall(r"^\| (\d\d) [^|]+\|[^|]+\| \d+ min \| ([^|]+)\|", GUIDE, flags=re.MULTILINE))
    for path in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")):
        cells = [c.metadata["nbgrader"] for c in nbformat.read(path, as_version=4).cells
                 if c.metadata.get("nbgrader", {}).get("grade")]
        checks = [(m["grade_id"].removeprefix("check_"), m["points"]) for m in cells if not m["solution"]]
        written = [m["points"] for m in cells if m["solution"]]
        listed = re.findall(r"`(\w+)` \((\d+)\)", rows[path.stem[:2]])
        assert [(name, int(points)) for name, points in listed] == checks, path.stem
        assert written == [1] and "written (1)" in rows[path.stem[:2]], path.stem


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
