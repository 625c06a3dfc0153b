"""CHEATSHEET.md cannot drift from the library: its defaults, its chains and the lessons it cites.

The sheet's "Defaults" table writes each optimizer as a call, e.g.
``torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, ...)``; every keyword in it must
be the default of the ``adamlib.optim`` class of that name (which the optimizer tests tie to torch).
Every transform named in a chain must exist with the arguments written, and every lesson the sheet
links or names must exist.
"""
import ast
import inspect
import re
from pathlib import Path

import numpy as np
import pytest

from adamlib import optim
from adamlib.optim import transforms

REPO = Path(__file__).resolve().parents[1]
SHEET = (REPO / "CHEATSHEET.md").read_text(encoding="utf-8")
# torch's class name -> adamlib's, where they differ
ADAMLIB_NAME = {"Lion": "Lion", "ScheduleFreeAdamW": "ScheduleFreeAdamW"}


def section(title):
    """The text of the sheet's ``## title`` section."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", SHEET, flags=re.S | re.M)
    assert match, f"CHEATSHEET.md has no '## {title}' section"
    return match.group(1)


def calls(text, pattern):
    """Every `...` code span matching ``pattern``, parsed as a Python call."""
    return [ast.parse(span, mode="eval").body for span in re.findall(r"`([^`]+)`", text)
            if re.fullmatch(pattern, span)]


def call_name(call):
    return call.func.attr if isinstance(call.func, ast.Attribute) else call.func.id


DEFAULT_CALLS = calls(section("Defaults"), r"(torch\.optim\.)?[A-Z]\w*\(.*\)")


def test_the_defaults_table_lists_the_optimizers_of_the_course():
    names = {call_name(c) for c in DEFAULT_CALLS}
    assert {"SGD", "Adagrad", "RMSprop", "Adam", "AdamW", "Adafactor", "Muon", "Lion",
            "ScheduleFreeAdamW"} <= names


@pytest.mark.parametrize("call", DEFAULT_CALLS, ids=call_name)
def test_every_default_in_the_sheet_is_the_library_default(call):
    cls = getattr(optim, ADAMLIB_NAME.get(call_name(call), call_name(call)))
    defaults = {name: p.default for name, p in inspect.signature(cls.__init__).parameters.items()}
    assert call.keywords, f"{call_name(call)}: no defaults written"
    for keyword in call.keywords:
        assert keyword.arg in defaults, f"{call_name(call)} has no argument {keyword.arg!r}"
        written = ast.literal_eval(keyword.value)
        assert written == defaults[keyword.arg], (
            f"CHEATSHEET.md says {call_name(call)}({keyword.arg}={written!r}); adamlib's default is "
            f"{defaults[keyword.arg]!r}")


def test_the_defaults_are_torchs_where_torch_has_the_optimizer():
    torch = pytest.importorskip("torch")
    for call in DEFAULT_CALLS:
        cls = getattr(torch.optim, call_name(call), None)
        if cls is None:  # Lion, Schedule-Free: not in torch, and the sheet says so
            continue
        defaults = {name: p.default for name, p in inspect.signature(cls.__init__).parameters.items()}
        for keyword in call.keywords:
            assert ast.literal_eval(keyword.value) == defaults[keyword.arg], (call_name(call), keyword.arg)


def test_every_transform_of_a_chain_exists_and_takes_the_arguments_written():
    links = calls(SHEET, r"chain\(.*\)|Chained\(.*\)")
    assert len(links) >= 8
    for chain_call in links:
        for link in chain_call.args:
            if not isinstance(link, ast.Call):
                continue
            fn = getattr(transforms, call_name(link))  # AttributeError names a transform that does not exist
            keywords = [k.arg for k in link.keywords]
            inspect.signature(fn).bind(*[None] * len(link.args), **dict.fromkeys(keywords))


def test_adamw_and_adam_with_l2_are_the_same_links_in_the_two_orders():
    rows = [row for row in SHEET.splitlines() if row.startswith("| Adam") and "chain(" in row]
    adamw = next(row for row in rows if row.startswith("| AdamW"))
    l2 = next(row for row in rows if row.startswith("| Adam + L2"))
    assert "`chain(scale_by_adam(...), add_decayed_weights(wd), scale_by_learning_rate(lr))`" in adamw
    assert "`chain(add_decayed_weights(wd), scale_by_adam(...), scale_by_learning_rate(lr))`" in l2
    # and those chains are the library's AdamW and Adam(weight_decay=...), step for step
    rng = np.random.default_rng(0)
    params, grads = rng.normal(size=5), [rng.normal(size=5) for _ in range(4)]
    pairs = [(optim.AdamW(lr=0.1, weight_decay=0.3),
              optim.Chained(transforms.scale_by_adam(), transforms.add_decayed_weights(0.3), lr=0.1)),
             (optim.Adam(lr=0.1, weight_decay=0.3),
              optim.Chained(transforms.add_decayed_weights(0.3), transforms.scale_by_adam(), lr=0.1))]
    for library, chained in pairs:
        p, q, s, r = params, params, library.init(params), chained.init(params)
        for g in grads:
            p, s = library.step(p, g, s)
            q, r = chained.step(q, g, r)
        np.testing.assert_allclose(q, p, rtol=1e-12)


def test_every_lesson_the_sheet_cites_exists():
    linked = re.findall(r"\]\((lessons/[^)]+\.ipynb)\)", SHEET)
    assert linked, "the sheet links no lesson"
    for path in linked:
        assert (REPO / path).exists(), f"CHEATSHEET.md links {path}, which does not exist"
    numbers = set(re.findall(r"lessons? \[?(\d\d)\b", SHEET)) | set(re.findall(r"\[(\d\d)\]\(lessons/", SHEET))
    for number in numbers:
        assert list((REPO / "lessons").glob(f"{number}_*.ipynb")), f"CHEATSHEET.md cites lesson {number}"
    for path in linked:  # a link's text is its own lesson's number
        number = Path(path).name[:2]
        assert f"[{number}]({path})" in SHEET


def test_every_recommendation_names_the_lesson_that_backs_it():
    advice = section("What to start with")
    items = re.split(r"\n(?=\d+\. )", advice.strip())
    items = [item for item in items if re.match(r"\d+\. ", item)]
    assert len(items) >= 5
    for item in items:
        assert re.search(r"lessons?\s+\[\d\d\]\(lessons/", item), f"no lesson cited in: {item[:80]}"


def test_the_readme_links_the_sheet():
    assert "[CHEATSHEET.md](CHEATSHEET.md)" in (REPO / "README.md").read_text(encoding="utf-8")
