"""The document model: what every writer reads, whatever the output format.

Readers build it, writers only read it (pandoc's shape). Block content is kept
as lxml elements of plain HTML (``p``, ``h2``, ``ul``, ``em`` …): it is what
Markdown produces, what both HTML flavours serialise and what hyphenation and
the paragraph composer walk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree


@dataclass
class Metadata:
    """What the front matter (and ``pamphletpress.yml``) say about an article."""

    title: str
    kicker: str | None = None
    authors: list[str] = field(default_factory=list)
    byline: str | None = None
    date: str | None = None  # ISO 8601, possibly partial: 2022, 2022-03, 2022-03-04
    lang: str = "nl"
    publication: str | None = None
    issue: str | None = None
    description: str | None = None
    #: The EPUB's ``dc:rights`` ("© 2022 Socialistisch Alternatief", "CC BY 4.0" …).
    rights: str | None = None
    subjects: list[str] = field(default_factory=list)
    hyphenation: list[str] = field(default_factory=list)
    end_mark: bool = True
    slug: str | None = None
    #: Where the manuscript's site-relative links point (``https://example.org/``), if anywhere.
    base_url: str | None = None
    #: Diagrams written as code: ``draw`` them where their program is installed, or ``code``.
    diagrams: str = "draw"
    #: Extra print stylesheets (after styles/print.css), resolved inside the project.
    stylesheets: list[Path] = field(default_factory=list)

    @property
    def full_date(self) -> str | None:
        """The date completed to a day (2022-03 → 2022-03-01), for PDF and EPUB metadata."""
        if not self.date:
            return None
        parts = self.date.split("-")
        while len(parts) < 3:
            parts.append("01")
        return "-".join(parts)


@dataclass
class Box:
    """A tinted full-width box after (or between) the columns: never split.

    ``kind`` is what the author called it: ``box``, or an admonition's name
    (``note``, ``tip`` …), which the writers may style apart.
    """

    title: str | None
    blocks: list[etree._Element]
    line: int | None = None
    kind: str = "box"


@dataclass
class Note:
    """A footnote: called in the text by ``<sup class="noteref"><a href="#fn-N">``."""

    number: int
    id: str
    blocks: list[etree._Element]


Block = etree._Element | Box


@dataclass
class Article:
    """One article: its opening (kicker, headline, lede, byline) and its body."""

    meta: Metadata
    lede: list[etree._Element]
    body: list[Block]
    source: Path
    text_digest: str = ""
    notes: list[Note] = field(default_factory=list)
    #: The manuscript's lines and the number of the first, to name the line of a problem.
    source_lines: list[str] = field(default_factory=list)
    first_line: int = 1

    def line_of(self, text: str) -> int | None:
        """The first manuscript line holding ``text``, for messages."""
        return line_in(self.source_lines, self.first_line, text)


@dataclass
class Periodical:
    """The issue of a periodical a document is (``issue.yml``): the EPUB's title and series."""

    title: str  # "De Rode Pen 12, maart 2026"
    publication: str
    number: str
    date: str
    publisher: str = ""  # issue.yml's publisher, else the paper
    description: str = ""  # the title and the articles' titles


@dataclass
class Document:
    """A whole manuscript: one or more articles, and the publication around them."""

    articles: list[Article]
    root: Path
    slug: str
    digest: str
    periodical: Periodical | None = None

    @property
    def meta(self) -> Metadata:
        """The publication's metadata: the first article's, as the title page would show."""
        return self.articles[0].meta

    @property
    def lang(self) -> str:
        return self.meta.lang

    @property
    def timestamp(self) -> dt.datetime:
        """When the outputs say they were made (UTC): ``SOURCE_DATE_EPOCH`` if set, else
        the manuscript's date, else when its newest file was last changed. Never "now"
        and never invented: the same files always give the same PDF and EPUB, byte
        for byte."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
        if self.meta.full_date:
            return dt.datetime.fromisoformat(self.meta.full_date)
        changed = max(int(a.source.stat().st_mtime) for a in self.articles)
        return dt.datetime.fromtimestamp(changed, dt.timezone.utc).replace(tzinfo=None)

    @property
    def identifier(self) -> str:
        """A stable identifier: the same manuscript always gets the same one."""
        h = hashlib.sha256(f"{self.slug}\0{self.meta.title}".encode()).hexdigest()
        return f"urn:uuid:{h[:8]}-{h[8:12]}-5{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def line_in(lines: list[str], first_line: int, text: str, after: int = 0) -> int | None:
    """The number of the first of ``lines`` (numbered from ``first_line``) at or after
    line ``after`` that holds ``text``."""
    for index in range(max(after - first_line, 0), len(lines)):
        if text in lines[index]:
            return index + first_line
    return None


def slugify(text: str) -> str:
    """A file-name-safe slug: ``Een oorlog die …`` → ``een-oorlog-die``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text[:60].strip("-") or "pamphlet"


def text_of(element: etree._Element) -> str:
    """All the text of an element, as a reader would read it (a footnote's call
    number is not part of the text: it is the note's)."""
    if not any(e.get("class") == "noteref" for e in element.iter("sup")):
        return "".join(element.itertext())
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.get("class") != "noteref":
            parts.append(node.text or "")
            for child in node:
                walk(child)
        parts.append(node.tail or "" if node is not element else "")

    walk(element)
    return "".join(parts)


def plain_text(block: Block) -> str:
    if isinstance(block, Box):
        parts = [block.title or ""] + [text_of(b) for b in block.blocks]
        return "\n".join(p for p in parts if p)
    return text_of(block)


def article_text(article: Article) -> str:
    """The reading text of an article in order: kicker, title, lede, byline, body."""
    meta = article.meta
    parts = [meta.kicker or "", meta.title]
    parts += [text_of(e) for e in article.lede]
    parts.append(meta.byline or "")
    parts += [plain_text(b) for b in article.body]
    parts += [text_of(b) for note in article.notes for b in note.blocks]
    return "\n".join(p for p in parts if p)


def nfc(text: str) -> str:
    """Composed form: Pyphen's patterns and the fonts expect ``ë`` as one character."""
    return unicodedata.normalize("NFC", text)
