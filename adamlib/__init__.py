"""adamlib: the small, tested library behind the Adam course.

Every notebook in ``solutions/`` and ``lessons/`` imports from here, so what
the course shows is code that the test suite checks.
"""
