"""The language's typographic marks: quotation marks, apostrophes, dashes.

Python-Markdown's ``smarty`` sets them in running text (``read.markdown_ext``
gives it each language's marks); what smarty never sees, an image's alt text
and title (a figure's caption), is set here the same way.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown import Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

#: Opening and closing marks by language: (“ ” ‘ ’) for Dutch and English.
QUOTES = {
    "nl": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "fr": ("\u00ab\u00a0", "\u00a0\u00bb", "\u2039\u00a0", "\u00a0\u203a"),
}
APOSTROPHE = "\u2019"


def quotes_for(lang: str) -> tuple[str, str, str, str]:
    return QUOTES.get(lang.split("-")[0].lower(), QUOTES["en"])


#: Languages that set a dash between words as a spaced en dash (``vak – ik``):
#: Dutch and German, and British English (:data:`SPACED_ENGLISH`).
SPACED_DASH_LANGUAGES = frozenset({"nl", "de"})
#: The English of the Commonwealth, which spaces its en dash as Dutch does; American
#: English (``en``, ``en-US``) sets an em dash (Chicago's rule).
SPACED_ENGLISH = frozenset({"en-gb", "en-ie", "en-au", "en-nz", "en-za", "en-in"})


def dash_style(lang: str) -> str | None:
    """How the language sets the writer's ``--`` between words: ``"spaced"`` (a spaced
    en dash), ``"em"`` (an em dash) or None (as smarty sets it, an en dash)."""
    code = lang.lower().replace("_", "-")
    if code.split("-")[0] in SPACED_DASH_LANGUAGES or code in SPACED_ENGLISH:
        return "spaced"
    return "em" if code.split("-")[0] == "en" else None


#: What may stand right before a dash that belongs between words: a letter, a digit
#: (``N° 37--aan``), a closing mark, typed or set by smarty before (its placeholder
#: ends in ``\x03``), or the end of a sentence (``wezen?--Frits``). An element (a
#: note's call, ``Rust[^1]--and``) is :class:`ElementDashes`' to see.
_BEFORE_DASH = r"(?:(?<=[^\W_])|(?<=[)\]\"'\u2019\u201d\u00bb.,;:!?\u2026\x03]))"
#: A word after the dash, maybe behind an opening mark.
_WORD_AFTER = r"(?=[\u2018\u201c\u201e(]?[^\W\d_])"
#: ``--`` or an en dash right between two words (``vak--ik``, ``vak–ik``, ``37--aan``,
#: ``wezen?--Frits``); not between digits (``1990–2000`` is a range).
UNSPACED_DASH = (
    rf"{_BEFORE_DASH}(?:--|\u2013){_WORD_AFTER}"
    r"|(?:(?<=[^\W\d_])|(?<=[?!\u2026]))(?:--|\u2013)(?=\d)"
)
#: A dash spaced before, not after: against the next word after a line break
#: (``principaal⏎--een``) or a typed en dash after a space (``waarom? –En``). A
#: ``--`` after a space on the same line is left alone: ``gebruik --force`` is a
#: command's option.
DASH_AGAINST_NEXT = rf"(?<=\S)(?:[ \t]*\n[ \t]*(?:--|\u2013)|[ \t]+\u2013){_WORD_AFTER}"
#: A dash against the word before, spaced after (``wezen-- Frits``).
DASH_AGAINST_PREVIOUS = rf"{_BEFORE_DASH}(?:--|\u2013)(?=[ \t\n])"
#: The dash tied to the word before it, so that no line starts with it.
SPACED_DASH = "\u00a0\u2013 "
#: American English: the writer's ``--`` (not ``---``) between words is an em dash,
#: closed (``Rust--and``: ``Rust—and``); between numbers it stays a range.
EM_DASH_BETWEEN = rf"{_BEFORE_DASH}(?<!-)--(?!-){_WORD_AFTER}"
#: … and spaced as the writer spaced it (``a library -- effectively``), tied to the
#: word before (``Java." -- Senior engineer``: the attribution's dash).
EM_DASH_SPACED = r"(?<=\S)[ \t]+(?<!-)--(?!-)(?=[ \t\n])"
EM_DASH = "\u2014"
TIED_EM_DASH = "\u00a0\u2014"
#: A hyphen between spaces (``doen - doe``, or ``schuld -`` at a line's end): the
#: writer's dash, set as an en dash tied to the word before (``doen\u00a0– doe``) in
#: every language: Dutch, German and French set it spaced, and so does British English
#: (an American em dash is typed as one). After a word, a closing mark or one of
#: smarty's placeholders (``\x03``); not between numbers (``5 - 3`` is a sum), not at a
#: line's start (``- item``) and never in code, which smarty does not see.
SPACED_HYPHEN = (
    r"(?:(?<=[^\W\d_]|[)\]\"'\u2019\u201d\u00bb.,;:!?\u2026\x03])|(?<=\d)(?! - ?\d))"
    r" -(?=\s|$)"
)
#: What a spaced hyphen becomes (the space after it stays).
TIED_DASH = "\u00a0\u2013"


class ImageTextMarks(Treeprocessor):
    """An image's alt text and title with the language's quotation marks and
    dashes: they become the figure's caption, which smarty never sees."""

    def __init__(self, md: Markdown, lang: str):
        super().__init__(md)
        self.lang = lang

    def run(self, root: ET.Element) -> None:
        for img in root.iter("img"):
            for name in ("alt", "title"):
                if img.get(name):
                    img.set(name, smart_marks(img.get(name), self.lang))


def smart_marks(text: str, lang: str) -> str:
    """Plain text (no Markdown) with typographic quotes, apostrophes and dashes."""
    left_double, right_double, left_single, right_single = quotes_for(lang)
    text = re.sub(r"(?<!-)---(?!-)", "\u2014", text)
    text = re.sub(SPACED_HYPHEN, TIED_DASH, text)
    style = dash_style(lang)
    if style == "spaced":
        text = re.sub(UNSPACED_DASH, SPACED_DASH, text)
        text = re.sub(DASH_AGAINST_NEXT, SPACED_DASH, text)
        text = re.sub(DASH_AGAINST_PREVIOUS, TIED_DASH, text)
    elif style == "em":
        text = re.sub(EM_DASH_BETWEEN, EM_DASH, text)
        text = re.sub(EM_DASH_SPACED, TIED_EM_DASH, text)
    text = re.sub(r"(?<!-)--(?!-)", "\u2013", text)
    elided = r"(?<=\w)'(?=\w)|(?<![\w\u2018\u201c\u201e])'(?=(?:s|t|n|k|r|m)\b)"
    text = re.sub(elided, APOSTROPHE, text)
    opening = r"(?:(?<=^)|(?<=[\s(\[{\u2013\u2014/]))"
    text = re.sub(opening + '"', left_double, text)
    text = re.sub(opening + "'", left_single, text)
    return text.replace('"', right_double).replace("'", right_single)


class ElementDashes(Postprocessor):
    """The spaced dash where an inline element meets the dash (``_Batavus_--dan``,
    ``vak--*ik*``): smarty sets such a ``--`` as it stands, ``Batavus–dan``
    (its dashes reach the tree only as stashed HTML, so this reads the output).
    With ``dash`` None, only a spaced hyphen after an element (``*Batavus* - dan``),
    which smarty sees at the start of the element's tail, with no word before it;
    with ``dash`` the dash an element and a word get between them (American English's
    em dash, ``*Rust*—and``)."""

    def __init__(self, md: Markdown, dash: str | None = SPACED_DASH):
        super().__init__(md)
        self.dash = dash

    def run(self, text: str) -> str:
        text = re.sub(CLOSE_HYPHEN, lambda m: m.group(1) + TIED_DASH, text)
        if self.dash is None:
            return text
        text = re.sub(CLOSE_DASH, lambda m: m.group(1) + self.dash, text)
        return re.sub(DASH_OPEN, lambda m: self.dash + m.group(1), text)


_INLINE = r"(?:em|strong|i|b|a|span|abbr|sup|sub|q|mark|small)"
#: A word, an inline element closed, an en dash, a word: ``Batavus</em>–dan``; the
#: element may end in a digit (a note's call: ``Rust<sup><a>1</a></sup>–and``).
CLOSE_DASH = (
    rf"(?<=[^\W_])((?:[)\u2019\u201d])?(?:</{_INLINE}>)+)\u2013(?=(?:<{_INLINE}[^>]*>)*[^\W\d_])"
)
#: An inline element closed after a word, then a spaced hyphen: ``Batavus</em> - dan``.
CLOSE_HYPHEN = rf"(?<=[^\W\d_])((?:[)\u2019\u201d])?(?:</{_INLINE}>)+) -(?=\s)"
#: A word, an en dash, an inline element opened before a word: ``vak–<em>ik``.
DASH_OPEN = rf"(?<=[^\W\d_])\u2013((?:<{_INLINE}[^>]*>)+)(?=[^\W\d_])"
