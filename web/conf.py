"""Sphinx configuration of the course's web edition. Build it with ``python -m adamlib.course web``.

That command writes the pages into build/web/<lang>/ (derived from solutions/, README.md, ...: see
adamlib/course/web_sources.py), copies MathJax from web/node_modules (``npm ci --prefix web``), and
passes what changes between builds as overrides: ``language``, ``course_lessons``, ``course_hub_url``,
``course_editions``. Everything a page loads is on the site itself: no CDN, no web font, no analytics.
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent

project = "Adam, from the ground up"
author = "The Adam course authors"
copyright = "the Adam course authors; text and figures CC BY 4.0, code MIT"

extensions = ["myst_nb", "adamlib.course.web_sphinx"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
# A shell block holding a placeholder such as <your hub> makes Pygments retry "in relaxed mode": the
# block is still shown, so that notice is no error.
suppress_warnings = ["misc.highlighting_failure"]

# The notebooks are shown with the outputs stored by `python -m adamlib.course build`: nothing runs here.
nb_execution_mode = "off"
nb_merge_streams = True
# attrs_inline: the glossary's HTML anchors become []{#name} targets (adamlib/course/web_sources.py).
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "attrs_inline"]
myst_heading_anchors = 3  # "## Glossary" -> #glossary; the build maps JupyterLab's #Glossary to it
myst_heading_slug_func = "github"
myst_dmath_double_inline = True

html_theme = "sphinx_book_theme"
html_title = "Adam, from the ground up"
html_static_path = [str(HERE / "static")]  # the build adds the folder it copies MathJax into
html_css_files = ["course.css"]
html_js_files = ["course.js"]
html_copy_source = False  # the page is the reader's copy; the notebooks live in the repository
html_show_sourcelink = False
html_last_updated_fmt = None
mathjax_path = "mathjax/tex-chtml.js"  # relative to _static: MathJax 3 from npm, never a CDN
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": False,  # it would offer _sources/, which this site does not publish
    "use_fullscreen_button": False,
    "navigation_with_keys": False,
    "search_bar_text": "Search the course...",
}
