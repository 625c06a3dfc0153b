"""A small Sphinx extension for the course's web edition (``web/conf.py`` loads it).

Three things the theme does not do the course's way:

- ``{answer}``: a written answer, rendered as a closed ``<details>`` whose summary reads "Show answer"
  (code answers use myst-nb's ``hide-input`` toggle with the same label, see ``web_sources``);
- launch buttons on each chapter that has a lesson: Binder and the class's JupyterHub (nbgitpuller),
  opening ``lessons/<chapter>.ipynb``, with the addresses from ``adamlib.course.links`` so that the
  repository is named in one place (the theme's own launch buttons would rebuild the URLs themselves);
- a language switch in the header when more than one edition is built.

Configuration (set by ``adamlib.course.web``): ``course_lessons`` (the chapters that have a lesson),
``course_hub_url`` (the JupyterHub of the nbgitpuller button), ``course_editions`` (language codes
built side by side under ``_site/<lang>/``).
"""
from docutils import nodes
from docutils.parsers.rst import Directive

from . import links

LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
# The course's own words on a page (the theme translates its own); English where a language lacks one.
LABELS = {
    "en": {"show": "Show answer", "hide": "Hide answer", "chapters": "Chapters", "guides": "Guides",
           "run": "Run this lesson", "binder": "Run this lesson on Binder (free, nothing saved)",
           "hub": "Open this lesson on your class's JupyterHub", "language": "Language",
           "untranslated": "This chapter is not translated yet: it is shown in English."},
    "zh": {"show": "显示答案", "hide": "隐藏答案", "chapters": "章节", "guides": "指南", "run": "运行本课",
           "binder": "在 Binder 上运行本课（免费，不保存）", "hub": "在本班的 JupyterHub 上打开本课", "language": "语言",
           "untranslated": "本章尚未翻译，以下为英文原文。"},
}


def labels(language):
    """The course's words in ``language`` (a code such as "zh", or Sphinx's "zh_CN")."""
    return {**LABELS["en"], **LABELS.get(str(language).split("_")[0], {})}


class answer(nodes.General, nodes.Element):
    """A folded answer: ``<details class="answer">`` with its content parsed as ordinary Markdown."""


def visit_answer_html(self, node):
    words = labels(self.config.language)
    self.body.append(f'<details class="answer"><summary><span class="answer-show">{words["show"]}</span>'
                     f'<span class="answer-hide">{words["hide"]}</span></summary>\n<div class="answer-body">\n')


def depart_answer_html(self, node):
    self.body.append("</div>\n</details>\n")


class AnswerDirective(Directive):
    """``{answer}``: its content is parsed normally and shown only when the reader opens it."""

    has_content = True

    def run(self):
        node = answer()
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def launch_buttons(pagename, config):
    """The header group of launch links for chapter ``pagename``, or None if it has no lesson."""
    if pagename not in config.course_lessons:
        return None
    path, words = f"lessons/{pagename}.ipynb", labels(config.language)
    buttons = [
        {"type": "link", "text": "Binder", "tooltip": words["binder"],
         "icon": "_static/images/logo_binder.svg", "url": links.binder_url(path), "label": "launch-binder"},
        {"type": "link", "text": "JupyterHub", "tooltip": words["hub"],
         "icon": "_static/images/logo_jupyterhub.svg",
         "url": links.nbgitpuller_url(config.course_hub_url, path), "label": "launch-jupyterhub"},
    ]
    return {"type": "group", "tooltip": words["run"], "icon": "fas fa-rocket",
            "buttons": buttons, "label": "launch-buttons"}


def language_switch(pagename, config):
    """The header group linking this page in every other edition, or None with a single edition."""
    editions = list(config.course_editions)
    if len(editions) < 2:
        return None
    here = config.language.split("_")[0]  # Sphinx's "zh_CN" is the edition "zh"
    up = "../" * (pagename.count("/") + 1)  # from this page to _site/, where the editions sit side by side
    # The theme opens link buttons in a new tab; web/static/course.js keeps these in the same one.
    buttons = [{"type": "link", "text": LANGUAGE_NAMES.get(lang, lang), "tooltip": LANGUAGE_NAMES.get(lang, lang),
                "icon": "fas fa-language", "url": f"{up}{lang}/{pagename}.html", "label": f"language-{lang}"}
               for lang in editions if lang != here]
    return {"type": "group", "tooltip": labels(config.language)["language"], "icon": "fas fa-language",
            "buttons": buttons, "label": "language-switch"}


def add_header_buttons(app, pagename, templatename, context, doctree):
    header = context.setdefault("header_buttons", [])
    for group in (launch_buttons(pagename, app.config), language_switch(pagename, app.config)):
        if group:
            header.insert(0, group)


def setup(app):
    app.add_node(answer, html=(visit_answer_html, depart_answer_html))
    app.add_directive("answer", AnswerDirective)
    app.add_config_value("course_lessons", [], "html")
    app.add_config_value("course_hub_url", links.HUB_URL, "html")
    app.add_config_value("course_editions", ["en"], "html")
    # After the themes' handlers (priority 500), which create ``header_buttons``.
    app.connect("html-page-context", add_header_buttons, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
