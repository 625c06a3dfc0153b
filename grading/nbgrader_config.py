# nbgrader's configuration for grading the Adam course (INSTRUCTORS.md, "Grading with nbgrader").
#
# Copy this file into your grading folder, OUTSIDE the course repository, and run every
# nbgrader command (and formgrader's JupyterLab, if you use it) from there:
#
#     mkdir ~/adam-grading && cp grading/nbgrader_config.py ~/adam-grading/ && cd ~/adam-grading
#
# nbgrader reads ./nbgrader_config.py in the folder it runs in. It lives in grading/ and not at
# the top of the course on purpose: nbgrader's JupyterLab extensions read the file of the folder
# a Jupyter server was started in, and a student's lessons must never run in grading mode.
# tests/test_nbgrader.py runs the whole sequence (generate, release, fetch, submit, collect,
# autograde, export, feedback) with this very file.
import os

c = get_config()  # noqa: F821 - nbgrader (traitlets) provides get_config when it reads this file

# Grading mode for the checks, set here so it cannot be forgotten. A student's check never
# raises (a lesson must run to the end with unsolved exercises); with ADAMLIB_GRADING=1 a
# failed or unattempted check raises after printing its verdict, so nbgrader gives that cell
# 0 points. Without it every submission, the untouched one included, would get full marks.
# The kernels nbgrader starts to autograde inherit this process's environment.
os.environ["ADAMLIB_GRADING"] = "1"

# Your course's id: students fetch and submit with it, so keep it fixed for the whole term.
c.CourseDirectory.course_id = "adam-course"

# The exchange: the folder through which nbgrader releases assignments and collects
# submissions. On a JupyterHub it must be one folder every user can reach; create it once,
# as root:  mkdir -p /srv/nbgrader/exchange && chmod ugo+rwx /srv/nbgrader/exchange
c.Exchange.root = "/srv/nbgrader/exchange"

# Each exercise's check is worth its cell's points (1 each); an autograde run of one lesson
# takes seconds, but leave room for a slow student's cell on a busy grading machine.
c.Execute.timeout = 120

# Students of the course: import them once with  nbgrader db student import students.csv
# (a CSV with columns id,last_name,first_name,email), or let autograde add each submitter.
c.Autograde.create_student = True
