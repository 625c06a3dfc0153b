"""Every number in a chapter's prose is visible in an output above it (CONTRIBUTING.md).

The rule is checked on the executed solutions (the lessons carry the same prose). A number
that no output can print, such as a constant of a derivation, goes in the chapter's allowlist
`tests/allowed_numbers/NN.txt`, one per line with its reason: `0.999  # Adam's default beta2`.
"""
import json
from pathlib import Path

import pytest

from adamlib.course.prose_numbers import prose_numbers, significant_digits, unsupported

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))


def allowlist(chapter):
    """{number: reason} from tests/allowed_numbers/NN.txt (missing file: nothing allowed)."""
    path = ROOT / "tests" / "allowed_numbers" / f"{chapter.name[:2]}.txt"
    allowed = {}
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        if line.strip() and not line.lstrip().startswith("#"):
            number, _, reason = line.partition("#")
            allowed[number.strip()] = reason.strip()
    return allowed


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name[:2])
def test_every_prose_number_is_printed_above_it(chapter):
    notebook = json.loads(chapter.read_text(encoding="utf-8"))
    missing = unsupported(notebook, allowed=allowlist(chapter))
    report = "\n".join(f"  cell {m.cell}: {m.text!r} in '... {m.context} ...'" for m in missing)
    assert not missing, (f"{chapter.name}: {len(missing)} number(s) in the prose that no earlier output "
                         f"prints (print them, or allow a derivation constant in "
                         f"tests/allowed_numbers/{chapter.name[:2]}.txt with its reason):\n{report}")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name[:2])
def test_every_allowed_number_has_a_reason_and_is_still_used(chapter):
    notebook = json.loads(chapter.read_text(encoding="utf-8"))
    used = {token.lstrip("-−") for cell in notebook["cells"] if cell["cell_type"] == "markdown"
            for token, _ in prose_numbers("".join(cell["source"]))}
    for number, reason in allowlist(chapter).items():
        assert reason, f"tests/allowed_numbers/{chapter.name[:2]}.txt: {number} needs a reason after '#'"
        assert number in used, f"tests/allowed_numbers/{chapter.name[:2]}.txt: {number} is no longer in the prose"


def test_the_rule_on_a_small_notebook():
    def nb(*cells):
        return {"cells": [{"cell_type": kind, "source": src, "outputs": [{"text": out}] if out else []}
                          for kind, src, out in cells]}
    printed = nb(("code", "print(d)", "difference -0.4712 ± 0.081 (t = -5.8), 18/20 seeds\n"),
                 ("markdown", "Adam is ahead by 0.47 ± 0.08 on 18 of 20 seeds (`lr = 0.003`, §5, 2015).", None))
    assert unsupported(printed) == []
    wrong = nb(("code", "print(d)", "difference -0.4712\n"),
               ("markdown", "ahead by 0.46, and 3.16 eta at most", None),
               ("code", "print(3.16)", "3.16\n"))
    assert [m.text for m in unsupported(wrong)] == ["0.46", "3.16"]   # 3.16 is printed only later
    assert [m.text for m in unsupported(wrong, allowed={"3.16"})] == ["0.46"]


@pytest.mark.parametrize("token, digits", [("0.047", 2), ("300", 1), ("1.60", 3), ("1,797", 4), ("2.5e-3", 2)])
def test_significant_digits(token, digits):
    assert significant_digits(token) == digits
