"""A document's HTML (from Word, LibreOffice or a web page) as the manuscript's Markdown.

The readers of ``.docx`` (mammoth), ``.odt`` (odfdo) and saved web pages
(readability) all hand on plain, semantic HTML: headings, paragraphs, ``strong`` and
``em``, lists, tables, pictures, links, block quotes, and notes as mammoth writes them
(a ``<sup><a href="#note">`` call, the notes an ``<ol>`` of ``<li id="note">`` at the
end). This module is the one place that turns that HTML into the manuscript format
of ``docs/manuscript-format.md``: a ``Title`` paragraph becomes the headline, the
body's top heading level becomes the intertitle (``##``), notes become ``[^n]``, a
picture alone with the caption beside it a figure. Every word of the HTML arrives
once; only the notes' back-links (``↑``) are dropped.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field

from lxml import html

from pamphletpress.importer.html_tidy import regularise
from pamphletpress.importer.rendering import escape_markdown

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: Elements that hold blocks; read through.
CONTAINERS = {"div", "section", "article", "main", "body", "header", "footer", "center", "form"}
#: Inline markup and its Markdown marks.
MARKS = {
    "strong": "**",
    "b": "**",
    "em": "*",
    "i": "*",
    "cite": "*",
    "dfn": "*",
    "s": "~~",
    "del": "~~",
    "strike": "~~",
    "sub": "~",
    "sup": "^",
}
#: A byline's first words, in the languages the text importer knows.
BYLINE_RE = re.compile(r"(?i:door|by|von|par|por|di|tekst|text):?\s+[A-ZÀ-Þ]")
#: A note's back-link, as mammoth and many web pages write it.
BACK_LINKS = ("↑", "↩", "^", "⤴", "↩︎")


@dataclass
class Converted:
    """The body's Markdown and what the converter found in it, for the report."""

    markdown: str
    title: str | None = None
    kicker: str | None = None
    byline: str | None = None
    headings: int = 0
    paragraphs: int = 0
    lists: int = 0
    tables: int = 0
    quotes: int = 0
    notes: int = 0
    links: int = 0
    figures: list[str] = field(default_factory=list)
    bold_headings: list[str] = field(default_factory=list)  # intertitles set in bold by hand


class HtmlToMarkdown:
    """One conversion: the notes found, their numbers, the counts."""

    def __init__(self, root: html.HtmlElement, known_title: str | None = None) -> None:
        self.root = root
        self.known_title = known_title
        self.found = Converted("")
        self.note_targets = self._note_targets()
        self.note_numbers: dict[str, int] = {}
        self.top = self._top_heading_level()
        self.nested = 0  # inside a table or a list item: its paragraphs are not counted

    # ---------------------------------------------------------------- entry

    def convert(self) -> Converted:
        blocks = self.blocks(self.root)
        notes = [
            self.note_definition(number, self.note_targets[ident])
            for ident, number in sorted(self.note_numbers.items(), key=lambda item: item[1])
        ]
        self.found.notes = len(notes)
        text = "\n\n".join(b for b in blocks if b.strip())
        if notes:
            text += "\n\n" + "\n".join(notes)
        self.found.markdown = text.strip() + "\n"
        return self.found

    # ---------------------------------------------------------------- notes

    def _note_targets(self) -> dict[str, html.HtmlElement]:
        """``li`` elements some ``<a href="#id">`` points at: the document's notes."""
        called = {
            a.get("href")[1:] for a in self.root.iter("a") if (a.get("href") or "").startswith("#")
        }
        targets = {}
        for item in self.root.iter("li"):
            ident = item.get("id")
            if ident and ident in called:
                targets[ident] = item
        return targets

    def note_call(self, ident: str) -> str:
        number = self.note_numbers.setdefault(ident, len(self.note_numbers) + 1)
        return f"[^{number}]"

    def note_definition(self, number: int, item: html.HtmlElement) -> str:
        for a in list(item.iter("a")):
            if a.text_content().strip() in BACK_LINKS:
                _drop(a)
        paragraphs = self.blocks(item) or [""]
        lines = [f"[^{number}]: {paragraphs[0]}"]
        for paragraph in paragraphs[1:]:
            lines += [""] + ["    " + line for line in paragraph.splitlines()]
        return "\n".join(lines)

    # ---------------------------------------------------------------- blocks

    def _top_heading_level(self) -> int:
        levels = [int(h.tag[1]) for h in self.root.iter(*HEADINGS) if h.get("class") != "title"]
        return min(levels) if levels else 1

    def blocks(self, parent: html.HtmlElement) -> list[str]:
        """The Markdown blocks of ``parent``'s children (and loose text between them)."""
        out: list[str] = []
        loose: list[str] = []

        def flush() -> None:
            text = self.inline_of(loose).strip()
            if text:
                out.append(text)
                self.found.paragraphs += 0 if self.nested else 1
            loose.clear()

        if parent.text and parent.text.strip():
            loose.append(parent.text)
        children = [c for c in parent if isinstance(c.tag, str)]
        used: set[int] = set()
        for index, child in enumerate(children):
            if id(child) in used:
                continue
            if child.tag in ("ol", "ul") and any(li.get("id") in self.note_targets for li in child):
                if child.tail and child.tail.strip():
                    loose.append(child.tail)
                continue  # the notes: written at the end
            if not self.is_block(child):
                loose.append(child)
                if child.tail:
                    loose.append(child.tail)
                continue
            flush()
            picture = self.picture_of(child)
            captioned = self.captioned_picture(child) if picture is None else None
            if picture is not None:
                caption = self.caption_beside(children, index, used)
                out.append(self.figure(picture, caption))
            elif captioned is not None:
                out.append(self.figure(*captioned))
            else:
                block = self.block(child)
                if block:
                    out.append(block)
            if child.tail and child.tail.strip():
                loose.append(child.tail)
        flush()
        return out

    def is_block(self, element: html.HtmlElement) -> bool:
        if element.tag in CONTAINERS or element.tag in HEADINGS:
            return True
        return element.tag in {
            "p",
            "ul",
            "ol",
            "table",
            "blockquote",
            "pre",
            "hr",
            "figure",
            "img",
            "dl",
            "li",
            "aside",
            "nav",
            "address",
        }

    def block(self, element: html.HtmlElement) -> str:
        tag = element.tag
        if tag in HEADINGS:
            return self.heading(element)
        if tag == "p":
            if self.is_byline(element):
                self.found.byline = _plain(element)
                return ""
            if self.is_bold_heading(element):
                self.found.bold_headings.append(_plain(element))
                self.found.headings += 1
                return "## " + _text(_plain(element))
            text = self.inline(element).strip()
            if text and not self.nested:
                self.found.paragraphs += 1
            return text
        if tag in ("ul", "ol"):
            self.found.lists += 1
            return self.list_block(element)
        if tag == "table":
            self.found.tables += 1
            return self.table(element)
        if tag == "blockquote":
            self.found.quotes += 1
            inner = "\n\n".join(self.blocks(element))
            return "\n".join(("> " + line).rstrip() for line in inner.splitlines())
        if tag == "pre":
            code = element.text_content().rstrip("\n")
            fence = "````" if "```" in code else "```"
            return f"{fence}\n{code}\n{fence}"
        if tag == "hr":
            return "* * *"
        if tag == "figure":
            return "\n\n".join(self.blocks(element))
        if tag == "dl":
            return self.definitions(element)
        return "\n\n".join(self.blocks(element))

    def is_bold_heading(self, element: html.HtmlElement) -> bool:
        """A short paragraph all in bold between paragraphs of text: the intertitle a
        writer made by hand, without a heading style."""
        if self.nested or not self.found.paragraphs:
            return False
        children = [c for c in element if isinstance(c.tag, str)]
        if len(children) != 1 or children[0].tag not in ("strong", "b"):
            return False
        if (element.text or "").strip() or (children[0].tail or "").strip():
            return False
        text = _plain(element)
        following = element.getnext()
        return (
            0 < len(text.split()) <= 12
            and not re.search(r"[.,;:]$", text)
            and following is not None
            and following.tag == "p"
            and bool(_plain(following))
        )

    def is_byline(self, element: html.HtmlElement) -> bool:
        """``Door Karim El Amrani, 20 november 2026`` above the text: the front matter's."""
        if self.found.byline or self.found.paragraphs or self.found.headings or self.nested:
            return False
        text = _plain(element)
        return bool(BYLINE_RE.match(text)) and len(text.split()) <= 20 and not text.endswith(".")

    def heading(self, element: html.HtmlElement) -> str:
        text = self.inline(element).strip()
        if not text:
            return ""
        kind = element.get("class")
        if kind == "title" and self.found.title is None:
            self.found.title = _plain(element)
            return ""
        if kind == "subtitle" and self.found.kicker is None:
            self.found.kicker = _plain(element)
            return ""
        if self.found.title is None and not self.found.paragraphs and not self.found.headings:
            same = self.known_title is None or _same(self.known_title, _plain(element))
            if int(element.tag[1]) == self.top and same:
                self.found.title = _plain(element)  # the first heading, before any text
                self.top = self._body_top(element)
                return ""
        level = min(6, 2 + int(element.tag[1]) - self.top) if kind != "title" else 2
        self.found.headings += 1
        return "#" * max(2, level) + " " + text.replace("\n", " ")

    def _body_top(self, title: html.HtmlElement) -> int:
        levels = [
            int(h.tag[1])
            for h in self.root.iter(*HEADINGS)
            if h is not title and h.get("class") not in ("title", "subtitle")
        ]
        return min(levels) if levels else 1

    # ---------------------------------------------------------------- lists, tables

    def list_block(self, element: html.HtmlElement, depth: int = 0) -> str:
        ordered = element.tag == "ol"
        number = _number(element.get("start"), 1) if ordered else 0
        lines: list[str] = []
        for item in element:
            if not isinstance(item.tag, str) or item.tag != "li":
                continue
            parts = self.item_parts(item)
            if not parts:
                continue  # an empty item: no bullet without text
            marker = f"{number}." if ordered else "-"
            number += 1
            first = parts[0] if parts else ""
            lines.append(f"{marker} {_indent(first, 4)[4:]}".rstrip())
            for part in parts[1:]:
                if part.startswith("\0list"):
                    lines.append(_indent(part[5:], 4))
                else:
                    lines += ["", _indent(part, 4)]
        return "\n".join(lines)

    def item_parts(self, item: html.HtmlElement) -> list[str]:
        """An item's first paragraph, further paragraphs, and nested lists (marked)."""
        self.nested += 1
        try:
            return self._item_parts(item)
        finally:
            self.nested -= 1

    def _item_parts(self, item: html.HtmlElement) -> list[str]:
        parts: list[str] = []
        loose: list = [item.text] if item.text else []
        for child in item:
            if not isinstance(child.tag, str):
                continue
            if child.tag in ("ul", "ol"):
                if loose:
                    parts.append(self.inline_of(loose).strip())
                    loose = []
                self.found.lists += 1
                parts.append("\0list" + self.list_block(child))
            elif self.is_block(child):
                if loose:
                    parts.append(self.inline_of(loose).strip())
                    loose = []
                parts += self.blocks_of_one(child)
            else:
                loose.append(child)
            if child.tail and (child.tail.strip() or loose):
                loose.append(child.tail)
        if loose:
            parts.append(self.inline_of(loose).strip())
        parts = [p for p in parts if p]
        if parts and parts[0].startswith("\0list"):
            parts.insert(0, "")
        return parts

    def blocks_of_one(self, element: html.HtmlElement) -> list[str]:
        wrapper = html.Element("div")
        wrapper.append(_copy(element))
        return self.blocks(wrapper)

    def table(self, element: html.HtmlElement) -> str:
        self.nested += 1
        try:
            return self._table(element)
        finally:
            self.nested -= 1

    def _table(self, element: html.HtmlElement) -> str:
        rows = []
        header = None
        own = [r for r in element.iter("tr") if next(r.iterancestors("table")) is element]
        for row in own:  # not the rows of a table in a cell: that one is the cell's text
            cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
            texts = []
            for cell in cells:
                text = " ".join(self.blocks(cell)).replace("  \n", " ").replace("\n", " ")
                texts.append(text.replace("|", "\\|").strip())
                texts += [""] * (min(_number(cell.get("colspan"), 1), 50) - 1)
            if header is None and (cells and all(c.tag == "th" for c in cells)):
                header = texts
            else:
                rows.append(texts)
        if header is None:
            header, rows = (rows[0], rows[1:]) if rows else ([], [])
        width = max([len(header)] + [len(r) for r in rows]) if header or rows else 0
        if not width:
            return ""
        lines = [_row(header, width), "|" + "|".join(["---"] * width) + "|"]
        lines += [_row(r, width) for r in rows]
        return "\n".join(lines)

    def definitions(self, element: html.HtmlElement) -> str:
        lines = []
        for child in element:
            if not isinstance(child.tag, str):
                continue
            text = self.inline(child).strip()
            if child.tag == "dt":
                lines += ["", text]
            elif child.tag == "dd":
                lines.append(f": {text}")
        return "\n".join(lines).strip()

    # ---------------------------------------------------------------- pictures

    def picture_of(self, element: html.HtmlElement) -> html.HtmlElement | None:
        """The ``img`` of a block that holds a picture and nothing else (text aside)."""
        if element.tag == "img":
            return element
        if element.tag not in ("p", "div", "figure", "a"):
            return None
        images = list(element.iter("img"))
        if len(images) != 1:
            return None
        if element.tag == "figure":
            return images[0]
        rest = (element.text_content() or "").strip()
        return images[0] if not rest else None

    def captioned_picture(self, element: html.HtmlElement) -> tuple | None:
        """A caption paragraph that holds its picture first (Word's captioned frame):
        the picture, and the rest of the paragraph as its caption."""
        if element.tag != "p" or "caption" not in (element.get("class") or ""):
            return None
        images = list(element.iter("img"))
        if len(images) != 1 or (element.text or "").strip() or element[0] is not images[0]:
            return None
        image = images[0]
        rest = deepcopy(element)
        rest[0].drop_tree()
        return image, self.inline(rest).strip() or None

    def caption_beside(
        self, children: list[html.HtmlElement], index: int, used: set[int]
    ) -> str | None:
        """A figure's caption: its ``figcaption``, or a caption paragraph after it."""
        element = children[index]
        if element.tag == "figure":
            caption = element.find(".//figcaption")
            if caption is not None:
                text = self.inline(caption).strip()
                _drop(caption)
                return text
        for near in (index + 1, index - 1):
            if 0 <= near < len(children) and "caption" in (children[near].get("class") or ""):
                if id(children[near]) not in used:
                    used.add(id(children[near]))
                    return self.inline(children[near]).strip()
        return None

    def figure(self, image: html.HtmlElement, caption: str | None) -> str:
        src = image.get("src") or ""
        if not src.strip():
            return caption or ""  # a picture without a file: its caption stays
        alt = " ".join((image.get("alt") or "").split())
        title = " ".join((image.get("title") or "").split())
        caption = caption or (title if title != alt else "")
        self.found.figures.append(src)
        picture = f"![{_bracketed(alt)}]({_address(src)}"
        if caption:
            picture += ' "' + caption.replace('"', '\\"').replace("\n", " ") + '"'
        picture += ")"
        link = image.getparent()
        if link is not None and link.tag == "a" and link.get("href"):
            return f"[{picture}]({_address(link.get('href'))})"
        return picture

    # ---------------------------------------------------------------- inline

    def inline(self, element: html.HtmlElement) -> str:
        pieces: list = [element.text] if element.text else []
        for child in element:
            pieces.append(child)
            if child.tail:
                pieces.append(child.tail)
        return self.inline_of(pieces)

    def inline_of(self, pieces: list) -> str:
        out = []
        for piece in pieces:
            if isinstance(piece, str):
                out.append(_text(piece))
            elif isinstance(piece.tag, str):
                out.append(self.inline_element(piece))
        text = "".join(out)
        text = re.sub(r"[ \t\r\n]*  \n[ \t\r\n]*", "  \n", text)
        return re.sub(r"[ \t]{2,}(?!\n)", " ", text)

    def inline_element(self, element: html.HtmlElement) -> str:
        tag = element.tag
        if tag == "br":
            return "  \n"
        if tag == "img":
            if not (element.get("src") or "").strip():
                return ""
            alt = _bracketed(" ".join((element.get("alt") or "").split()))
            self.found.figures.append(element.get("src") or "")
            return f"![{alt}]({_address(element.get('src') or '')})"
        if tag == "a":
            return self.link(element)
        if tag in ("script", "style", "template"):
            return ""
        if tag == "code":
            code = element.text_content()
            ticks = "``" if "`" in code else "`"
            return f"{ticks}{code}{ticks}"
        inner = self.inline(element)
        if tag == "sup":
            call = self.note_in(element)
            if call is not None:
                return call
        mark = MARKS.get(tag)
        if not mark or not inner.strip():
            return inner
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        return f"{lead}{mark}{inner.strip()}{mark}{trail}"

    def note_in(self, sup: html.HtmlElement) -> str | None:
        links = [a for a in sup.iter("a") if (a.get("href") or "")[1:] in self.note_targets]
        if len(links) == 1 and sup.text_content().strip() == links[0].text_content().strip():
            return self.note_call(links[0].get("href")[1:])
        return None

    def link(self, element: html.HtmlElement) -> str:
        href = (element.get("href") or "").strip()
        inner = self.inline(element)
        if href[1:] in self.note_targets and href.startswith("#"):
            return self.note_call(href[1:])
        if not href or href.startswith(("#", "javascript:")) or not inner.strip():
            return inner
        self.found.links += 1
        return f"[{inner.strip()}]({_address(href)})"


def to_markdown(fragment: str, known_title: str | None = None) -> Converted:
    """The Markdown of an HTML fragment. A first heading before any text is the headline
    when the document has no other title, or when it says the same as ``known_title``."""
    root = html.fragment_fromstring(fragment, create_parent="div")
    regularise(root)
    return HtmlToMarkdown(root, known_title).convert()


# -------------------------------------------------------------------- small pieces


def _text(text: str) -> str:
    """Text made literal for Markdown, its white space folded (no-break spaces kept)."""
    text = re.sub(r"[ \t\r\n]+", " ", text)
    text = escape_markdown(text)
    return text.replace("[", "\\[").replace("]", "\\]")


def _number(value: str | None, default: int) -> int:
    try:
        return max(1, int(str(value).strip()))
    except (TypeError, ValueError):
        return default


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _plain(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _bracketed(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _address(href: str) -> str:
    href = href.strip()
    return f"<{href}>" if re.search(r"[\s()<>]", href) else href


def _row(cells: list[str], width: int) -> str:
    cells = cells + [""] * (width - len(cells))
    return "| " + " | ".join(cells) + " |"


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line else line for line in text.splitlines())


def _drop(element: html.HtmlElement) -> None:
    """Remove ``element``, keeping its tail text."""
    element.drop_tree()


def _copy(element: html.HtmlElement) -> html.HtmlElement:
    copy = deepcopy(element)
    copy.tail = None
    return copy
