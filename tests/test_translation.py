"""The Chinese edition stays in step with the English one (adamlib.course.translation).

Each drift rule is tested twice: it passes on the course as stored, and it fails on a copy
broken on purpose (a changed English sentence, a dropped formula, a stray line break ...).
"""
import copy
import re
from pathlib import Path

import pytest

pytest.importorskip("jupytext")  # the text sources are read with jupytext, an authors' tool

from adamlib.course.notebooks import read  # noqa: E402
from adamlib.course.text import read_text, source_path  # noqa: E402
from adamlib.course.translation import (LANGUAGES, build_translations, cjk_line_breaks, problems,  # noqa: E402
                                        read_translation, text_hash, translate, translated_stems,
                                        translation_drift, translation_path)

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS, LESSONS = ROOT / "solutions", ROOT / "lessons"
STEMS = translated_stems(SOLUTIONS)


def english_and_blocks(stem="00_welcome"):
    return read_text(source_path(SOLUTIONS, stem)), read_translation(translation_path(SOLUTIONS, stem))


def test_there_is_a_translation_to_check():
    assert "00_welcome" in STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_every_translation_is_in_step_with_its_english_chapter(stem):
    english, blocks = english_and_blocks(stem)
    assert problems(english, blocks) == []


def test_the_stored_translated_notebooks_are_what_build_writes():
    assert translation_drift(SOLUTIONS, LESSONS) == []


@pytest.mark.parametrize("stem", STEMS)
def test_translated_notebooks_share_the_english_code_and_outputs(stem):
    english, chinese = read(SOLUTIONS / f"{stem}.ipynb"), read(SOLUTIONS / "zh" / f"{stem}.ipynb")
    assert [c.cell_type for c in english.cells] == [c.cell_type for c in chinese.cells]
    pairs = list(zip(english.cells, chinese.cells))
    assert all(e.source == z.source and e.get("outputs") == z.get("outputs") for e, z in pairs if e.cell_type == "code")
    translated = sum(e.source != z.source for e, z in pairs if e.cell_type == "markdown")
    assert translated == sum(c.cell_type == "markdown" for c in english.cells)  # every prose cell is Chinese
    assert all(not c.get("outputs") for c in read(LESSONS / "zh" / f"{stem}.ipynb").cells)  # lessons stored clean


def test_a_changed_english_sentence_makes_its_translation_stale():
    english, blocks = english_and_blocks()
    english.cells[0].source += " One more sentence."
    found = problems(english, blocks)
    assert len(found) == 1 and "stale" in found[0] and english.cells[0].id in found[0]


def test_a_stale_mark_builds_the_english_text_under_a_visible_note():
    english, blocks = english_and_blocks()
    english.cells[0].source += " One more sentence."
    blocks[0]["stale"] = True
    assert problems(english, blocks) == []
    built = translate(english, blocks)
    assert built.cells[0].source.startswith(f"> {LANGUAGES['zh']}") and "One more sentence." in built.cells[0].source


def test_a_missing_and_an_orphan_block_are_named():
    english, blocks = english_and_blocks()
    dropped = blocks.pop(1)
    blocks.append(dict(dropped, id="deadbeef"))
    found = problems(english, blocks)
    assert any("missing" in p and dropped["id"] in p for p in found)
    assert any("orphan" in p and "deadbeef" in p for p in found)


@pytest.mark.parametrize("change, rule", [
    (lambda s: s.replace("$$", "", 2), "display formulas"),                   # a formula lost
    (lambda s: s.replace("$\\eta = 0.1$", "$\\eta=0.2$", 1), "inline formulas"),  # a number changed in a formula
    (lambda s: s.replace("`np.mean`", "np.mean", 1), "inline code"),
    (lambda s: s.replace("## ", "### ", 1), "heading levels"),
    (lambda s: s.replace("(01_sgd.ipynb)", "(01.ipynb)", 1), "links"),
    (lambda s: s.replace("### END SOLUTION", "", 1), "solution markers"),
])
def test_a_translation_that_breaks_the_structure_is_named(change, rule):
    english, blocks = english_and_blocks()
    for block in blocks:
        changed = change(block["source"])
        if changed != block["source"]:
            broken = copy.deepcopy(blocks)
            next(b for b in broken if b["id"] == block["id"])["source"] = changed
            found = problems(english, broken)
            assert found and all(rule in p for p in found), found
            return
    pytest.fail(f"no block of lesson 00 has what the case changes ({rule})")


def test_a_line_break_between_two_chinese_characters_is_named():
    assert cjk_line_breaks("梯度下降沿着梯度的\n反方向迈出一小步。") == [1]
    assert cjk_line_breaks("梯度下降。\n\n下一段。") == []  # a paragraph break is fine
    assert cjk_line_breaks("- 第一项\n- 第二项") == []     # a list item starts with "-"
    assert cjk_line_breaks("```\n中\n文\n```") == []       # code is not prose
    english, blocks = english_and_blocks()
    blocks[0]["source"] = blocks[0]["source"].replace("从零开始", "从零\n开始", 1)
    assert any("line break" in p for p in problems(english, blocks))


def test_build_writes_both_translated_notebooks_and_links_untranslated_chapters_upwards(tmp_path):
    for folder in ("solutions", "lessons"):
        (tmp_path / folder).mkdir()
    (tmp_path / "solutions" / "src" / "zh").mkdir(parents=True)
    for name in ("solutions/00_welcome.ipynb", "solutions/src/00_welcome.md", "solutions/src/zh/00_welcome.md"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    build_translations(tmp_path / "solutions", tmp_path / "lessons", log=lambda line: None)
    chinese = read(tmp_path / "solutions" / "zh" / "00_welcome.ipynb")
    prose = "\n".join(c.source for c in chinese.cells if c.cell_type == "markdown")
    assert "](../01_sgd.ipynb)" in prose and "](01_sgd.ipynb)" not in prose  # 01 has no Chinese edition here
    assert (tmp_path / "lessons" / "zh" / "00_welcome.ipynb").exists()


def test_a_header_without_an_english_hash_is_refused(tmp_path):
    path = tmp_path / "00_welcome.md"
    path.write_text('+++ {"id": "a7d11445"}\n\n# 标题\n', encoding="utf-8")
    with pytest.raises(ValueError, match='"en" hash'):
        read_translation(path)


def test_hashes_are_of_the_english_source():
    english, blocks = english_and_blocks()
    first = english.cells[0]
    assert blocks[0]["en"] == text_hash(first.source) and len(blocks[0]["en"]) == 8


# --- terminology ---------------------------------------------------------------------------------


def rejected_terms():
    table = (SOLUTIONS / "src" / "zh" / "TERMINOLOGY.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1:-1] for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    return {variant.strip(): chosen.strip() for english, chosen, rejected in rows[1:]
            for variant in re.split("[、,]", rejected) if variant.strip()}


def test_the_terminology_table_fixes_the_core_terms():
    table = (SOLUTIONS / "src" / "zh" / "TERMINOLOGY.md").read_text(encoding="utf-8")
    for term in ("学习率", "动量", "偏差修正", "指数移动平均", "条件数"):
        assert f"| {term} |" in table
    assert rejected_terms()["偏置校正"] == "偏差修正"


@pytest.mark.parametrize("stem", STEMS)
def test_translations_use_the_fixed_terms(stem):
    text = translation_path(SOLUTIONS, stem).read_text(encoding="utf-8")
    found = {variant: chosen for variant, chosen in rejected_terms().items() if variant in text}
    assert not found, f"use the terms of TERMINOLOGY.md: {found}"


def test_a_skeleton_keeps_the_translated_blocks_and_adds_the_missing_ones_as_stale_english(tmp_path):
    from adamlib.course.translation import skeleton
    english, blocks = english_and_blocks()
    path = tmp_path / "00_welcome.md"
    path.write_text(skeleton(english, blocks[:3]), encoding="utf-8")
    rebuilt = read_translation(path)
    assert [b["id"] for b in rebuilt] == [c.id for c in english.cells if c.cell_type == "markdown"]
    assert [b["source"] for b in rebuilt[:3]] == [b["source"] for b in blocks[:3]]
    assert all(b["stale"] and b["source"] for b in rebuilt[3:])
    assert problems(english, rebuilt) == []  # stale blocks are allowed, and build with the note


def test_bold_that_markdown_would_not_close_is_named():
    from adamlib.course.translation import unclosed_bold
    assert unclosed_bold("**先预测：**如果用") == ["**先预测：**"]
    assert unclosed_bold("**先预测**：如果用") == []
    assert unclosed_bold("**时间：** 约 25 分钟") == []  # a space follows: CommonMark closes it
    english, blocks = english_and_blocks()
    blocks[0]["source"] = "**先预测：**如果" + blocks[0]["source"]
    assert any("full-width punctuation" in p for p in problems(english, blocks))
