"""The web edition's pieces, without building the whole course: how a page is derived from a notebook,
and two editions side by side on a one-chapter course made here (``test_web.py`` builds the real one)."""
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from adamlib.course import links

REPO = Path(__file__).resolve().parents[1]
# Without the web extra these skip, except in CI, where a skip fails (conftest.py).
web_sources = pytest.importorskip("adamlib.course.web_sources", reason="the web extra: pip install -e '.[web]'")


def fold(cells):
    nb = nbformat.v4.new_notebook(cells=cells)
    return web_sources.fold_answers(nb).cells


def test_an_exercise_shows_the_lessons_stub_then_the_folded_solution():
    source = "def step(g):\n    \"\"\"The step.\"\"\"\n    ### BEGIN SOLUTION\n    return 0.1 * g\n    ### END SOLUTION"
    exercise, answer = fold([nbformat.v4.new_code_cell(source, outputs=[])])
    assert exercise.source == "def step(g):\n    \"\"\"The step.\"\"\"\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    assert answer.source == "def step(g):\n    \"\"\"The step.\"\"\"\n    return 0.1 * g"
    assert "hide-input" in answer.metadata["tags"] and answer.metadata["mystnb"]["code_prompt_show"] == "Show answer"
    assert exercise.id != answer.id


def test_a_written_answer_becomes_an_answer_block_around_its_region_only():
    text = "**Worked answers**\n\n### BEGIN SOLUTION\n1. Use `x`:\n\n   ````\n   code\n   ````\n### END SOLUTION\nAfter."
    (cell,) = fold([nbformat.v4.new_markdown_cell(text)])
    assert cell.source.startswith("**Worked answers**") and cell.source.endswith("After.")
    assert "`````{answer}" in cell.source and "SOLUTION" not in cell.source  # fence longer than the answer's
    with pytest.raises(ValueError, match="END"):
        web_sources.fold_markdown_answers("### BEGIN SOLUTION\nno end")


def test_links_go_to_pages_on_the_site_or_to_the_repository():
    pages = {"INSTRUCTORS.md": "instructors.md"}
    assert web_sources.site_link("lessons/04_adam.ipynb", pages) == "04_adam.ipynb"
    assert web_sources.site_link("07_adam_in_practice.ipynb", pages) == "07_adam_in_practice.ipynb"
    assert web_sources.site_link("INSTRUCTORS.md#grading", pages) == "instructors.md#grading"
    assert web_sources.site_link("LICENSE", pages) == f"https://github.com/{links.REPOSITORY}/blob/{links.BRANCH}/LICENSE"
    assert web_sources.site_link("https://arxiv.org/abs/1412.6980", pages) == "https://arxiv.org/abs/1412.6980"
    assert web_sources.rewrite_links("[![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/x)", {}) \
        == "[Binder](https://mybinder.org/x)"  # the badge image would load from outside


def test_jupyterlab_anchors_become_sphinx_ones():
    headings = web_sources.jupyterlab_anchors(["## Glossary\n", "## Going further"], web_sources.SLUGIFY)
    assert headings == {"Glossary": "glossary", "Going-further": "going-further"}
    text = "See [warmup](#Glossary), [regret](#glossary-regret).\n* <a id=\"glossary-regret\"></a>**Regret**"
    assert web_sources.sphinx_anchors(text, headings) == (
        "See [warmup](#glossary), [regret](#glossary-regret).\n* []{#glossary-regret}**Regret**")


def test_an_unbuilt_language_or_a_bad_hub_is_refused(tmp_path):
    from adamlib.course import web

    with pytest.raises(ValueError, match="language"):
        web.build_site(REPO, "fr", site=tmp_path)
    with pytest.raises(ValueError, match="hub_url"):
        web.build_site(REPO, "en", site=tmp_path, hub_url="hub.example.edu")
    if "zh" not in web.editions(REPO):
        with pytest.raises(ValueError, match="no chapters"):
            web.build_site(REPO, "zh", site=tmp_path)


# --- a second language, on a one-chapter course made here -------------------------------------------


def tiny_course(root):
    """A course with one chapter in English and in Chinese: enough to see the editions side by side."""
    (root / "web").mkdir(parents=True)
    for name in ("conf.py", "static"):
        (shutil.copytree if (REPO / "web" / name).is_dir() else shutil.copy)(REPO / "web" / name, root / "web" / name)
    (root / "web" / "node_modules").symlink_to(REPO / "web" / "node_modules")
    (root / "README.md").write_text("# Tiny\n\nRead [the chapter](lessons/00_tiny.ipynb).\n\n## Licence\n\nCC BY 4.0.\n")
    (root / "README.zh.md").write_text("# 小课\n\n阅读[这一章](lessons/00_tiny.ipynb)。\n")
    for folder, title in (("solutions", "Tiny chapter"), ("solutions/zh", "小章")):
        nb = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_markdown_cell(f"# {title}\n\nThe step is $\\eta\\,g$."),
            nbformat.v4.new_code_cell("def step(g):\n    ### BEGIN SOLUTION\n    return 0.1 * g\n    ### END SOLUTION"),
            nbformat.v4.new_markdown_cell("**Answers**\n\n### BEGIN SOLUTION\nIt is $0.1\\,g$.\n### END SOLUTION"),
        ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "language_info": {"name": "python", "pygments_lexer": "ipython3"}})
        (root / folder).mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, root / folder / "00_tiny.ipynb")
    # a second chapter, not translated yet: the Chinese edition shows it in English, under a note
    more = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# More\n\nGradient descent again.")],
                                    metadata=nb.metadata)
    nbformat.write(more, root / "solutions" / "01_more.ipynb")
    chinese = nbformat.read(root / "solutions" / "zh" / "00_tiny.ipynb", as_version=4)
    chinese.cells[0].source += "\n\n梯度下降的下一章：[更多](../01_more.ipynb)。"  # as translation.translate links it
    nbformat.write(chinese, root / "solutions" / "zh" / "00_tiny.ipynb")
    (root / "lessons").mkdir()
    nbformat.write(nbformat.v4.new_notebook(), root / "lessons" / "00_tiny.ipynb")


def test_two_editions_side_by_side_with_a_language_switch(tmp_path):
    from adamlib.course import web

    if not (REPO / "web" / "node_modules" / "mathjax").is_dir():
        pytest.skip("MathJax missing: npm ci --prefix web")
    tiny_course(tmp_path)
    assert web.editions(tmp_path) == ["en", "zh"]
    for language in ("en", "zh"):
        web.build_site(tmp_path, language, hub_url="https://hub.uni.example/")
    site = tmp_path / "_site"
    assert sorted(p.name for p in site.iterdir()) == ["en", "index.html", "zh"]
    untranslated = (site / "zh" / "01_more.html").read_text()
    assert "本章尚未翻译" in untranslated and "Gradient descent again" in untranslated
    assert 'href="01_more.html"' in (site / "zh" / "00_tiny.html").read_text()
    index = (site / "zh" / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[index.index("(") + 1:index.rindex(")")])["terms"]
    assert "梯度" in terms  # jieba cut 梯度下降 into words: without it the Chinese index holds none
    english, chinese = (site / "en" / "00_tiny.html").read_text(), (site / "zh" / "00_tiny.html").read_text()
    assert 'href="../zh/00_tiny.html"' in english and 'href="../en/00_tiny.html"' in chinese
    assert '<html lang="zh-CN"' in chinese and "小章" in chinese
    assert "https://hub.uni.example/hub/user-redirect/git-pull?" in english
    assert "阅读" in (site / "zh" / "index.html").read_text()
    assert 'url=en/index.html' in (site / "index.html").read_text()
    for html, show in ((english, "Show answer"), (chinese, "显示答案")):
        assert "BEGIN SOLUTION" not in html and html.count(show) == 2  # the code's toggle, the written answer's
        assert html.count('<details class="answer">') == 1
