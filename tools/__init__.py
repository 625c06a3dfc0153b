"""The course's own tooling that is tested but is not the library: not installed with ``adamlib``.

``lab_rehearsal``: a lab session rehearsed on a real local JupyterHub (CI drives it with 3 students).
"""
