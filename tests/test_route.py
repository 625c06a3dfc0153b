"""The route through the course: each lesson's "First pass" line and README's course table give the
core path's time as adamlib.course.reading_time counts it (words of text at a stated pace, measured
by reading, not by running), optional sections are marked in the headings, and every first pass of
two lessons fits an evening."""
import re
from pathlib import Path

import pytest

from adamlib.course import reading_time

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_minutes():
    """{"00": 40, ...}: the first-pass column of README's course table."""
    return {n: int(m) for n, m in re.findall(r"^\| (\d\d) \| \[[^]]+\]\([^)]+\) \|[^|]+\| (\d+) min \|", README,
                                              flags=re.MULTILINE)}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name[:2])
def test_the_first_pass_line_and_readme_give_the_counted_time(lesson):
    cells = reading_time.lesson_markdown(lesson)
    counted = reading_time.core_minutes(cells)
    line = re.search(r"\*\*First pass:\*\* about (\d+) minutes", cells[0])
    assert line, f"{lesson.name}: a '**First pass:** about N minutes' line under the title"
    assert int(line.group(1)) == counted, f"{lesson.name}: the line says {line.group(1)}, the count {counted}"
    assert readme_minutes()[lesson.name[:2]] == counted


def test_two_lessons_fit_an_evening_and_the_core_is_shorter_than_the_whole():
    minutes = readme_minutes()
    assert sorted(minutes) == [p.name[:2] for p in LESSONS]
    for first, second in [("00", "01"), ("02", "03"), ("04", "05"), ("06", "07")]:
        assert minutes[first] + minutes[second] <= 180, (first, second)
    marked = [p.name[:2] for p in LESSONS
              if any(optional and "(optional" in title for title, _, _, optional
                     in reading_time.sections(reading_time.lesson_markdown(p)))]
    assert len(marked) >= 7, "most lessons mark optional sections"


def test_sections_nest_and_extras_are_off_the_core_path():
    cells = ["# 04 · Adam\n" + "w " * 10,
             "## 1. Core\n" + "w " * 100,
             "## 2. Race (optional)\n" + "w " * 50 + "\n### 2.1 Inside the race\n" + "w " * 50,
             "## 3. Back on the path\n" + "w " * 20,
             "#### Which change does the work? (optional)\n" + "w " * 7,
             "## Going further\n" + "w " * 30,
             "## Self-test\n" + "w " * 5,
             "### BEGIN SOLUTION\n" + "w " * 3]
    optional = {title: opt for title, _, _, opt in reading_time.sections(cells)}
    assert optional["2.1 Inside the race"] and not optional["3. Back on the path"]
    assert optional["Going further"] and not optional["Self-test"]
    # title words count as text; the BEGIN SOLUTION marker is no heading (its line's words count)
    assert reading_time.core_words(cells) == (3 + 10) + (2 + 100) + (5 + 20) + (1 + 5 + 6)
    with pytest.raises(ValueError, match="words_per_minute"):
        reading_time.core_minutes(cells, words_per_minute=0)
