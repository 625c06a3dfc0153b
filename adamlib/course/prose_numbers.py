"""Every number in a chapter's prose must be visible in an output above it.

A number a reader sees in the text is a claim; the course's rule (CONTRIBUTING.md, "Prose
tied to outputs") is that the claim's evidence is printed above it, so nbval guards it
whenever the code changes. This module finds the numbers that break the rule:

    unsupported(notebook) -> [Unsupported(cell, text, context), ...]

What counts as a number: a decimal with two or more significant digits ("0.47", "3.16",
"28", "1.6e-3"; not "2", "0.9", "300" or "1e-8", whose single digit is usually a setting
or a round figure). It is supported when some text output of an earlier cell prints a
number that rounds to it at the precision the prose writes ("0.47" is supported by
"0.4712" or "-0.47"; signs are ignored, since prose says "ahead by 0.47" for "-0.47").

Not counted: inline code and code blocks (they are code, not claims), link targets, reading
times ("25 minutes"), licence names ("CC BY 4.0"), years (1900-2099), the numbers of
references (after "§", "section", "lesson", "chapter", "figure", "table", "question",
"exercise", "lecture", "arXiv", "version", "Python", "step" ...) and version strings
such as "2.13.0". Constants of a derivation that no output prints (a
default beta of 0.999, a sqrt(1000) = 31.6 in an equation) go in the chapter's allowlist,
each with its reason (tests/test_prose_numbers.py).
"""
import re
from dataclasses import dataclass

NUMBER = re.compile(r"(?<![\w.])[-−]?\d[\d,]*(?:\.\d+)?(?:[eE][-−+]?\d+)?(?![\w])")
REFERENCE_WORDS = ("§", "section", "lesson", "chapter", "figure", "table", "question", "exercise",
                   "lecture", "arxiv", "version", "python", "step ", "cell", "issue", "pull request",
                   "ch.", "eq.", "algorithm", "appendix", "rfc", "part")
VERSION = re.compile(r"\d+\.\d+\.\d+")
CODE_SPAN = re.compile(r"```.*?```|`[^`]*`", re.S)
LINK_TARGET = re.compile(r"\]\([^)]*\)|<[^>]+>|\{[a-z]+\}`[^`]*`|\(#[^)]*\)")


@dataclass
class Unsupported:
    cell: int       # index of the markdown cell in the notebook
    text: str       # the number as written
    context: str    # the words around it


def significant_digits(token):
    """How many significant digits ``token`` writes ("0.047" -> 2, "300" -> 1, "1.60" -> 3)."""
    mantissa = re.split(r"[eE]", token.replace(",", "").lstrip("-−"))[0]
    digits = mantissa.replace(".", "").lstrip("0")
    if "." not in mantissa:
        digits = digits.rstrip("0")
    return len(digits)


def value(token):
    return abs(float(token.replace(",", "").replace("−", "-")))


def tolerance(token):
    """Half a unit in the last place ``token`` writes: how far a printed number may be."""
    mantissa, _, exponent = token.replace(",", "").lstrip("-−").replace("E", "e").partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 0.5 * 10.0 ** (-decimals + (int(exponent.replace("−", "-")) if exponent else 0))


def prose_numbers(markdown):
    """(token, context) for every counted number of a markdown cell's source."""
    text = LINK_TARGET.sub(" ", CODE_SPAN.sub(" ", markdown))
    found = []
    for match in NUMBER.finditer(text):
        token = match.group().rstrip(",")
        before = text[max(0, match.start() - 14):match.start()].lower()
        context = " ".join(text[max(0, match.start() - 40):match.end() + 30].split())
        after = text[match.end():match.end() + 9].lower()
        if significant_digits(token) < 2 or any(word in before for word in REFERENCE_WORDS):
            continue
        if after.startswith((" minutes", " min ", "-minute", " hours")) or before.endswith("cc by "):
            continue  # reading-time estimates and licence names are not measurements
        if re.fullmatch(r"(19|20)\d\d", token) or VERSION.match(text, match.start()):
            continue
        if text[match.end():match.end() + 1] == "." and text[match.end() + 1:match.end() + 2].isdigit():
            continue  # part of a version or section number such as 6.1.2
        found.append((token, context))
    return found


def output_numbers(cell):
    """Every number printed by a code cell's text outputs."""
    values = []
    for output in cell.get("outputs", []):
        texts = [output.get("text", "")]
        texts += [v for k, v in output.get("data", {}).items() if k.startswith("text/") and k != "text/html"]
        for text in texts:
            text = "".join(text) if isinstance(text, list) else text
            values += [value(m.group()) for m in NUMBER.finditer(text.replace("−", "-"))
                       if _parses(m.group())]
    return values


def _parses(token):
    try:
        value(token)
        return True
    except ValueError:
        return False


def unsupported(notebook, allowed=()):
    """The counted numbers of ``notebook``'s markdown cells that no earlier output prints."""
    printed, missing = [], []
    for index, cell in enumerate(notebook["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code":
            printed += output_numbers(cell)
            continue
        if cell["cell_type"] != "markdown":
            continue
        for token, context in prose_numbers(source):
            if token.lstrip("-−") in allowed or not _parses(token):
                continue
            v, tol = value(token), tolerance(token) * (1 + 1e-9)
            if not any(abs(p - v) <= tol for p in printed):
                missing.append(Unsupported(index, token, context))
    return missing
