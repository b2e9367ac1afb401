"""No column ends in a hyphen, and no column comes out short for it.

A composed paragraph's lines are blocks of one body line each. Where a column
ends on a hyphenated line, the paragraph is broken again with that line ending
in a whole word and with as many lines as before (:class:`LineRule`), so every
column break stays where it fell; the new lines are laid out on their own and
put in place of the old ones on the laid-out page. Nothing else moves, and the
page is not laid out again.

A line this cannot mend keeps print.css's rule: its column breaks a line
earlier, one line short (TeX's ``\\brokenpenalty``). The composer finds those
lines before layout (class ``held``). A note call stays on its side of the
column end (its note is at the foot of that page); the paragraph laid out
alone counts its notes from its first. Should a mend still fail (two column
ends in one paragraph, a call that would cross), :func:`held` marks the
paragraph for a second layout.

Only :mod:`pamphletpress.layout.laidout` touches the laid-out boxes; this module decides.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from pamphletpress.compose.breaker import LineRule

#: The attribute naming a paragraph that may be mended, and its number.
MEND = "data-mend"
#: A paragraph cut in two by a figure (:mod:`pamphletpress.layout.figureplaces`) is
#: still mended as one: each half says how many lines the whole has, the
#: second which of them is its first.
MEND_LINES = "data-mend-lines"
MEND_FIRST = "data-mend-first"


@dataclass
class Mendable:
    """A composed paragraph as it was before composing, and how it was composed."""

    original: etree._Element
    inset: str | None
    indent: bool
    composer: Callable[..., bool]
    after: Callable[[etree._Element], None]  # what print_article does after composing
    #: The paragraph's containers inside the columns (blockquote, ul/li), tag and
    #: classes, for laying the mended lines out in the same measure.
    within: list[tuple[str, dict[str, str]]]
    lang: str


@dataclass
class Mendables:
    """The print page's paragraphs that may be mended, by number."""

    paragraphs: dict[str, Mendable] = field(default_factory=dict)

    def register(
        self,
        element: etree._Element,
        original: etree._Element,
        inset: str | None,
        indent: bool,
        composer: Callable[..., bool],
        after: Callable[[etree._Element], None],
    ) -> None:
        """Remember ``element`` (composed, in place in its article) if its lines
        can be set again alone: a column may end on one of its hyphens, or the
        paragraph may be set a line tighter or looser to fill a column's foot
        (:mod:`pamphletpress.layout.footfill`)."""
        within = []
        for ancestor in element.iterancestors():
            if ancestor.tag == "article":
                lang = ancestor.get("lang", "")
                break
            attributes = {k: v for k, v in ancestor.attrib.items() if k in ("class", "lang")}
            within.append((ancestor.tag, attributes))
        else:
            return
        number = str(len(self.paragraphs) + 1)
        element.set(MEND, number)
        self.paragraphs[number] = Mendable(
            original, inset, indent, composer, after, within[::-1], lang
        )


def _is_hyphenated(line: etree._Element) -> bool:
    return "hyphenated" in (line.get("class") or "").split()


@dataclass(frozen=True)
class ColumnEnd:
    """A column's last line, ending in a hyphen: line ``line`` (0-based) of the
    mendable paragraph ``paragraph``, which has ``lines`` lines."""

    paragraph: str
    line: int
    lines: int
    page: int  # 1-based, for messages


def mended_html(
    ends: list[ColumnEnd], mendables: Mendables, head: str
) -> tuple[str, dict[str, etree._Element], list[str]]:
    """The HTML that lays out the mended paragraphs on their own (one article
    each, in the print page's measure), the mended paragraphs by number, and
    the numbers of those that could not be mended."""
    from pamphletpress.compose.breaker import LineRule

    by_paragraph: dict[str, list[ColumnEnd]] = {}
    for end in ends:
        by_paragraph.setdefault(end.paragraph, []).append(end)
    articles, mended, failed = [], {}, []
    for number, its_ends in by_paragraph.items():
        mendable = mendables.paragraphs.get(number)
        lines = its_ends[0].lines
        rule = LineRule(lines, tuple(sorted({end.line for end in its_ends})))
        paragraph = copy.deepcopy(mendable.original) if mendable else None
        if paragraph is None or not _composed(paragraph, mendable, rule):
            failed.append(number)
            continue
        paragraph.set(MEND, number)
        mendable.after(paragraph)
        article = etree.Element("article", {"class": "article", "lang": mendable.lang})
        calls = _calls(paragraph)
        if calls:  # the note counter as the page has it at the paragraph's first call
            article.set("style", f"counter-reset: footnote {int(calls[0][1]) - 1}")
        holder = etree.SubElement(article, "div", {"class": "columns"})
        for tag, attributes in mendable.within:
            if tag == "div" and "columns" in attributes.get("class", "").split():
                continue
            holder = etree.SubElement(holder, tag, attributes)
        holder.append(paragraph)
        articles.append(etree.tostring(article, encoding="unicode", method="html"))
        mended[number] = paragraph
    html = head + "".join(articles) + "</body></html>"
    return html, mended, failed


def _composed(paragraph: etree._Element, mendable: Mendable, rule: LineRule) -> bool:
    """Compose ``paragraph`` under ``rule``; True only if the lines keep it and
    every note call stays on its side of each column end."""
    before = copy.deepcopy(paragraph)
    if not mendable.composer(paragraph, mendable.inset, mendable.indent, rule=rule):
        return False
    lines = [line for line in paragraph if "line" in (line.get("class") or "").split()]
    if len(lines) != rule.lines or any(_is_hyphenated(lines[n]) for n in rule.whole_word):
        return False
    if not _calls(paragraph):
        return True
    mendable.composer(before, mendable.inset, mendable.indent)  # as it is on the page

    def sides(composed: etree._Element) -> list[tuple[int, ...]]:
        return [tuple(line > end for end in rule.whole_word) for line, _ in _calls(composed)]

    return sides(before) == sides(paragraph)


def _calls(paragraph: etree._Element) -> list[tuple[int, str]]:
    """Each note call in the composed paragraph: its line's number and the note's."""
    return [
        (number, note.get("data-call", "0"))
        for number, line in enumerate(paragraph)
        for note in line.xpath(".//*[contains(concat(' ', @class, ' '), ' footnote ')]")
    ]


def held(html: str, numbers: list[str]) -> str:
    """``html`` with these paragraphs no longer mendable: print.css then keeps
    their hyphenated lines from ending a column."""
    for number in numbers:  # both halves of a paragraph a figure cut
        html = html.replace(f' {MEND}="{number}"', "")
    return html


def mended_into(page: str, mended: dict[str, etree._Element]) -> str:
    """The print page's HTML with the mended paragraphs' new lines in place of
    the old: laid out afresh, it gives the pages the mend made."""
    from lxml import html as lxml_html

    root = lxml_html.document_fromstring(page)
    for number, paragraph in mended.items():
        new = [copy.deepcopy(line) for line in paragraph]
        for half in root.xpath(f"//*[@{MEND}='{number}']"):
            first = int(half.get(MEND_FIRST, 0))
            count = len(half)
            for line in list(half):
                half.remove(line)
            half.extend(new[first : first + count])
    return "<!DOCTYPE html>\n" + etree.tostring(root, encoding="unicode", method="html")
