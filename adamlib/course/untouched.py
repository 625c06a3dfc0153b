"""The untouched-lesson rule: run with no answer written, every graded check says "not done yet".

A lesson with unsolved exercises must run to the end, telling the student it goes on with the
reference. ``build`` refuses to write a lesson that breaks the rule, and the pytest plugin fails
nbval's replay of one.
"""

NOT_DONE = "not done yet"


def untouched_lesson_problems(lesson):
    """What is wrong with an executed, untouched lesson: a graded check cell that does not say
    "not done yet" (the lesson must go on with the reference, telling the student so); [] if nothing."""
    return [f"cell {index}: {problem}" for index, cell in enumerate(lesson.cells)
            for problem in [untouched_check_problem(cell)] if problem]


def untouched_check_problem(cell):
    """Why an executed graded check cell of an untouched lesson is wrong, or None (also for other cells)."""
    if cell.cell_type != "code" or not cell.metadata.get("nbgrader", {}).get("grade"):
        return None
    printed = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")
    return None if NOT_DONE in printed else f"the check printed {printed.strip()[:80]!r}, not {NOT_DONE!r}"
