"""Bracketed numbers that are another edition's note calls (``HOOFDSTUK[1]``).

Texts taken from Project Gutenberg, Wikipedia or a web page keep the calls of
notes that stayed behind: ``[1]`` against a word, no ``[1]: …`` link and no note
of that number anywhere in the manuscript. Printed, it promises a note the reader
never finds. In a heading it is left out (a heading is no place for a call,
least of all a dead one); in running text it is kept (it may be the author's
own reference) and the editor is told the line, to write it as ``[^1]`` with its
note or to delete it. A manuscript that holds the notes as text (a line opening
with ``[1]``, a list of sources) has no dead calls: nothing is said or changed.
"""

from __future__ import annotations

import logging
import re

from lxml import etree

from pamphletpress.errors import located
from pamphletpress.i18n import _
from pamphletpress.read.document import Article, Box

log = logging.getLogger("pamphletpress")

#: A call against the word or punctuation before it (in a heading, a space may part them).
#: (Not after ``]``: ``[text][1]`` is a reference link whose ``[1]: …`` is missing.)
CALL = re.compile(r"(?<=[^\W\d_]|[.,;:!?)’”»])\[(\d{1,3})\]")
HEADING_CALL = re.compile(r"\s*\[(\d{1,3})\]")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: Where a bracketed number is the text's own: code, a link's words, a formula.
OWN = ("code", "pre", "kbd", "samp", "a", "math", "script", "style")


def settle_dead_calls(article: Article) -> None:
    """Leave the dead calls out of headings and warn about those in the text, each
    with its manuscript line (one warning a number and line)."""
    noted = {
        m.group(1)
        for m in re.finditer(r"^[ \t]*\[(\d{1,3})\]", "\n".join(article.source_lines), re.M)
    }
    told: set[tuple[str, int | None]] = set()
    title = article.meta.title or ""
    dead = [m for m in HEADING_CALL.finditer(title) if m.group(1) not in noted]
    for match in dead:  # the headline is a heading too (``# HOOFDSTUK[1]``)
        line = article.line_of(match.group(0).strip())
        told.add((match.group(1), line))
        _warn(article, line, match.group(1), True)
    if dead:
        article.meta.title = HEADING_CALL.sub(_kept(noted), title).strip()
    for block in _blocks(article):
        for element in block.iter():
            if not isinstance(element.tag, str):
                continue
            for attr in ("text", "tail"):
                value = getattr(element, attr)
                holder = element if attr == "text" else element.getparent()
                if not value or "[" not in value or holder is None or _own(holder):
                    continue
                if attr == "tail" and element is block:
                    continue
                in_heading = any(e.tag in HEADINGS for e in _lineage(holder))
                pattern = HEADING_CALL if in_heading else CALL
                dead = [m for m in pattern.finditer(value) if m.group(1) not in noted]
                for match in dead:
                    line = article.line_of(match.group(0).strip())
                    if (match.group(1), line) not in told:
                        told.add((match.group(1), line))
                        _warn(article, line, match.group(1), in_heading)
                if in_heading and dead:
                    setattr(element, attr, pattern.sub(_kept(noted), value))


def _kept(noted: set[str]):
    """The substitution that drops a dead call and keeps one whose note is there."""
    return lambda m: m.group(0) if m.group(1) in noted else ""


def _warn(article: Article, line: int | None, number: str, in_heading: bool) -> None:
    where = located(article.source, line)
    if in_heading:
        message = _(
            "[{number}] in a heading calls a note that is not in the manuscript; left "
            "out of the heading (add the note as [^{number}] if it belongs there)"
        )
    else:
        message = _(
            "[{number}] looks like a note call, but the note is not in the manuscript; "
            "printed as typed: write it as [^{number}] with its note, or delete it"
        )
    log.warning("%s: %s", where, message.format(number=number))


def _blocks(article: Article):
    """Every element of the lede, the body and the boxes (notes call no notes)."""
    yield from article.lede
    for block in article.body:
        if isinstance(block, Box):
            yield from block.blocks
        else:
            yield block


def _lineage(element: etree._Element):
    while element is not None:
        yield element
        element = element.getparent()


def _own(element: etree._Element) -> bool:
    return any(e.tag in OWN for e in _lineage(element))
