"""Shared test settings.

On CI (the ``CI`` environment variable is set, as ``.ci/run`` does) every
optional dependency is installed, so a skipped test means the suite did not
check what it claims to: there, a skip is reported as a failure.
"""
import os

import matplotlib

matplotlib.use("Agg")  # figures are drawn, never shown, in the tests
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from adamlib import plotting  # noqa: E402

ON_CI = bool(os.environ.get("CI"))


@pytest.fixture(autouse=True)
def course_figure_style():
    """Every test draws in the course's style, and its figures are closed after it."""
    plotting.use_style()
    yield
    plt.close("all")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if ON_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped on CI, where every dependency is installed: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    """A whole test file skipped at import (``pytest.importorskip`` at module level) fails on CI too."""
    outcome = yield
    report = outcome.get_result()
    if ON_CI and report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped on CI, where every dependency is installed: {reason}"
