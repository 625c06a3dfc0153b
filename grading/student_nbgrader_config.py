# nbgrader's configuration for the STUDENTS of the Adam course (INSTRUCTORS.md, "The exchange on
# a hub"). A hub admin copies it, once, to where every student's Jupyter server reads it:
#
#     sudo cp grading/student_nbgrader_config.py /etc/jupyter/nbgrader_config.py
#
# With it, a student's Assignments tab (or `nbgrader fetch_assignment lab1`) finds the course and
# its exchange. It must hold the same course id and exchange as the instructor's
# grading/nbgrader_config.py. tests/test_nbgrader.py uses this very file for its students.
# It sets nothing else: a student's lessons never run in grading mode (Validate does, by itself).
c = get_config()  # noqa: F821 - nbgrader (traitlets) provides get_config when it reads this file

c.CourseDirectory.course_id = "adam-course"

# Without it, nbgrader looks in /usr/local/share/nbgrader/exchange and fetch fails with
# "Unwritable directory, please contact your instructor".
c.Exchange.root = "/srv/nbgrader/exchange"
