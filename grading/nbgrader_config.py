# nbgrader's configuration for grading the Adam course (INSTRUCTORS.md, "Grading with nbgrader").
#
# Copy this file into your grading folder, OUTSIDE the course repository, and run every
# nbgrader command (and formgrader's JupyterLab, if you use it) from there:
#
#     mkdir ~/adam-grading && cp grading/nbgrader_config.py ~/adam-grading/ && cd ~/adam-grading
#
# nbgrader reads ./nbgrader_config.py in the folder it runs in. It lives in grading/ and not at
# the top of the course on purpose: nbgrader's JupyterLab extensions read the file of the folder
# a Jupyter server was started in. Students get grading/student_nbgrader_config.py instead.
# tests/test_nbgrader.py runs the whole sequence (generate, release, fetch, submit, collect,
# autograde, manual grade, export, feedback) with this very file and the students' one.
#
# Grading mode needs no setting here: while nbgrader autogrades (or a student validates) it sets
# NBGRADER_EXECUTION, and every check then raises when it fails (adamlib/checks/reporting.py).
from nbgrader.converters import GenerateAssignment
from nbgrader.coursedir import CourseDirectory

c = get_config()  # noqa: F821 - nbgrader (traitlets) provides get_config when it reads this file

# Your course's id: students fetch and submit with it, so keep it fixed for the whole term.
c.CourseDirectory.course_id = "adam-course"

# The exchange: the folder through which nbgrader releases assignments and collects
# submissions. On a JupyterHub it must be one folder every user can reach; create it once,
# as root:  mkdir -p /srv/nbgrader/exchange && chmod ugo+rwx /srv/nbgrader/exchange
c.Exchange.root = "/srv/nbgrader/exchange"

# The graded form of every check cell: generate_assignment appends to each one a hidden test
# that runs the check again from a fresh copy of adamlib, grading on, so that nothing a student's
# own cells do (redefine the check, patch adamlib.checks, set os.environ) changes the verdict.
# Students never see it; autograde puts it back (adamlib/course/graded_cells.py).
c.GenerateAssignment.preprocessors = [
    "adamlib.course.graded_cells.AddGradedRuns",
    *GenerateAssignment.class_traits()["preprocessors"].default(),
]

# Never collect Python code a student submits beside the notebook: a lesson needs none, and an
# adamlib/ package or a numpy.py there would be imported instead of the real one by the autograder.
# (nbgrader's own files in a submission, its timestamp and secret, are still collected.)
c.CourseDirectory.ignore = [*CourseDirectory.class_traits()["ignore"].default(),
                            "*.py", "*.pyc", "*.so", "*.pyd"]

# Each check is worth its cell's points (INSTRUCTORS.md lists them); an autograde run of one
# lesson takes seconds, but leave room for a slow student's cell on a busy grading machine.
c.Execute.timeout = 120

# Students of the course: import them once with  nbgrader db student import students.csv
# (a CSV with columns id,last_name,first_name,email), or let autograde add each submitter.
c.Autograde.create_student = True
