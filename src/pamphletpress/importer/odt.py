"""An OpenDocument text (.odt) read through odfdo: its HTML, properties, pictures, losses.

odfdo opens the package and resolves the styles; this module walks its element tree
and writes the same plain HTML mammoth writes for a Word file (``h1.title``,
``blockquote``, ``p.caption``, notes as ``<sup><a href="#…">`` calls and an ``<ol>`` of
notes), so one converter (``html_markdown``) makes the Markdown of both. Paragraph
styles are recognised by their names in English and Dutch, through the style's
parents ("P3" → "Citaat"); bold and italic by the text styles' properties. Tracked
changes are taken as accepted (the deleted text sits in the change list, which is not
read); comments are left out; both are named, as is every text box, shape, field,
header, footer and the page layout.
"""

from __future__ import annotations

import io
import re
from copy import deepcopy

import odfdo
from lxml import html
from lxml.html import builder as E

from pamphletpress.errors import plural
from pamphletpress.i18n import N_, _
from pamphletpress.importer.document_report import Notice, Reading
from pamphletpress.importer.docx import (
    CAPTION_STYLES,
    HEADING_NAMES,
    QUOTE_STYLES,
    SUBTITLE_STYLES,
    TITLE_STYLES,
    _short,
)
from pamphletpress.importer.pictures import Pictures

#: Fields: their shown text is kept, no longer updated.
FIELDS = {
    "text:date",
    "text:time",
    "text:page-number",
    "text:page-count",
    "text:author-name",
    "text:title",
    "text:subject",
    "text:chapter",
    "text:file-name",
    "text:user-defined",
    "text:variable-get",
    "text:user-field-get",
    "text:word-count",
    "text:creation-date",
    "text:print-date",
    "text:modification-date",
    "text:sender-firstname",
    "text:sequence",
}
SHAPES = {
    "draw:rect",
    "draw:ellipse",
    "draw:circle",
    "draw:line",
    "draw:polyline",
    "draw:polygon",
    "draw:path",
    "draw:custom-shape",
    "draw:connector",
    "draw:measure",
    "draw:g",
}
#: Elements that carry nothing for the manuscript.
SKIPPED = {
    "text:tracked-changes",
    "text:sequence-decls",
    "text:variable-decls",
    "text:user-field-decls",
    "office:forms",
    "text:change",
    "text:change-start",
    "text:change-end",
    "office:annotation-end",
    "text:bookmark",
    "text:bookmark-start",
    "text:bookmark-end",
    "text:reference-mark",
    "text:reference-mark-start",
    "text:reference-mark-end",
    "text:soft-page-break",
    "text:alphabetical-index-mark",
    "text:toc-mark",
    "svg:title",
    "svg:desc",
    "text:note-citation",
    "office:event-listeners",
}
INDEXES = {
    "text:table-of-content",
    "text:alphabetical-index",
    "text:illustration-index",
    "text:table-index",
    "text:bibliography",
    "text:user-index",
    "text:object-index",
}


def read_odt(data: bytes, pictures: Pictures) -> Reading:
    """The document's HTML, its pictures kept in ``pictures``."""
    document = odfdo.Document(io.BytesIO(data))
    walker = _Walker(document, pictures)
    root = E.DIV()
    walker.blocks(document.body, root)
    walker.tracked()
    if walker.notes:
        root.append(E.OL(*walker.notes))
    reading = Reading(html.tostring(root, encoding="unicode"), _properties(document))
    reading.warnings += walker.warnings
    reading.left_out += walker.left_out
    _page_layout(document, reading)
    return reading


class _Walker:
    """One walk over the body: the notes collected, the notices, where we are."""

    def __init__(self, document: odfdo.Document, pictures: Pictures) -> None:
        self.document = document
        self.pictures = pictures
        self.notes: list = []
        self.warnings: list[Notice] = []
        self.left_out: list[Notice] = []
        self.paragraph = 0
        self.here = ""
        self.after: list = []  # a text box's paragraphs, set after the one it stands in
        self.style_names: dict[str, list[str]] = {}
        self.changed_at: list[str] = []  # where tracked changes stand, for the warning

    # ------------------------------------------------------------ blocks

    def blocks(self, parent, out, list_style: str = "", depth: int = 0) -> None:
        for child in parent.children:
            tag = child.tag
            if tag in SKIPPED:
                continue
            if tag in ("text:p", "text:h"):
                if parent.tag in ("office:text", "text:section"):  # the body's own paragraphs
                    self.paragraph += 1
                    self.here = _where(self.paragraph, child)
                made = self.paragraph_element(child)
                if made.tag == "blockquote" and len(out) and out[-1].tag == "blockquote":
                    out[-1].extend(made)  # one quotation of several paragraphs
                else:
                    out.append(made)
                out.extend(self.after)
                self.after = []
            elif tag == "text:list":
                out.append(self.list_element(child, list_style, depth))
            elif tag == "table:table":
                out.append(self.table(child))
            elif tag in ("text:section", "office:text", "text:index-body"):
                self.blocks(child, out, list_style, depth)
            elif tag in INDEXES:
                self.left_out.append(
                    Notice(
                        N_("index"),
                        _("a table of contents or index left out: it is made from the headings"),
                        self.here,
                    )
                )
            elif tag in ("draw:frame", *SHAPES):
                holder = E.P()
                self.inline_into(child, holder)
                out.append(holder)
                out.extend(self.after)
                self.after = []
            elif tag == "office:annotation":
                self.comment(child)

    def paragraph_element(self, element):
        names = self.names_of(element.get_attribute("text:style-name") or "")
        if element.tag == "text:h":
            level = int(element.get_attribute("text:outline-level") or 1)
            made = E.H1(E.CLASS("title")) if _any(names, TITLE_STYLES) else _heading(level)
        elif _any(names, TITLE_STYLES):
            made = E.H1(E.CLASS("title"))
        elif _any(names, SUBTITLE_STYLES):
            made = E.H2(E.CLASS("subtitle"))
        elif heading := _heading_level(names):
            made = _heading(heading)
        elif _any(names, CAPTION_STYLES):
            made = E.P(E.CLASS("caption"))
        else:
            made = E.P()
        self.inline_into(element, made)
        if _any(names, QUOTE_STYLES) and made.tag == "p":
            return E.BLOCKQUOTE(made)
        return made

    def list_element(self, element, list_style: str, depth: int):
        style = element.get_attribute("text:style-name") or list_style
        ordered = self.ordered(style, depth + 1)
        made = E.OL() if ordered else E.UL()
        for item in element.children:
            if item.tag not in ("text:list-item", "text:list-header"):
                continue
            li = E.LI()
            self.blocks(item, li, style, depth + 1)
            made.append(li)
        return made

    def ordered(self, style: str, level: int) -> bool:
        found = self.document.get_style("list", style) if style else None
        if found is None:
            return False
        for level_style in found.children:
            if level_style.get_attribute("text:level") == str(level):
                return level_style.tag == "text:list-level-style-number"
        return False

    def table(self, element):
        made = E.TABLE()
        for part in element.children:
            header = part.tag == "table:table-header-rows"
            rows = (
                part.children
                if part.tag
                in ("table:table-header-rows", "table:table-rows", "table:table-row-group")
                else [part]
            )
            for row in rows:
                if row.tag != "table:table-row":
                    continue
                tr = E.TR()
                for cell in row.children:
                    if cell.tag != "table:table-cell":
                        continue
                    td = E.TH() if header else E.TD()
                    span = cell.get_attribute("table:number-columns-spanned")
                    if span and str(span) != "1":
                        td.set("colspan", str(span))
                    self.blocks(cell, td)
                    tr.append(td)
                made.append(tr)
        return made

    # ------------------------------------------------------------ inline

    def inline_into(self, element, out) -> None:
        _add_text(out, element.text)
        for child in element.children:
            self.inline_child(child, out)
            _add_text(out, child.tail)

    def inline_child(self, child, out) -> None:
        tag = child.tag
        if tag in ("text:change", "text:change-start") and self.here not in self.changed_at:
            self.changed_at.append(self.here)
        if tag in SKIPPED:
            return
        if tag == "text:span":
            props = self.text_properties(child.get_attribute("text:style-name") or "")
            target = out
            if props.get("fo:font-weight") in ("bold", "600", "700", "800", "900"):
                target = _child(target, E.STRONG())
            if props.get("fo:font-style") == "italic":
                target = _child(target, E.EM())
            position = props.get("style:text-position", "")
            if position.startswith(("super", "33%")):
                target = _child(target, E.SUP())
            elif position.startswith(("sub", "-")):
                target = _child(target, E.SUB())
            self.inline_into(child, target)
        elif tag == "text:a":
            self.inline_into(child, _child(out, E.A(href=child.get_attribute("xlink:href") or "")))
        elif tag == "text:line-break":
            out.append(E.BR())
        elif tag == "text:number":  # a numbered heading's number, as shown: "2.1 "
            number = (child.text_recursive or "").strip()
            _add_text(out, f"{number} " if number else "")
        elif tag == "text:s":
            _add_text(out, " " * int(child.get_attribute("text:c") or 1))
        elif tag == "text:tab":
            _add_text(out, " ")
        elif tag == "text:note":
            self.note(child, out)
        elif tag == "office:annotation":
            self.comment(child)
        elif tag == "draw:frame":
            self.frame(child, out)
        elif tag in SHAPES:
            self.shape(child)
        elif tag in FIELDS:
            self.left_out.append(
                Notice(
                    N_("field"),
                    _("{split}: its last shown text is kept, it is no longer updated").format(
                        split=tag.split(":")[1]
                    ),
                    self.here,
                )
            )
            self.inline_into(child, out)
        else:
            self.inline_into(child, out)  # text:span-like wrappers (ruby, meta, …): the text

    def note(self, element, out) -> None:
        ident = f"note-{len(self.notes) + 1}"
        body = element.get_element("text:note-body")
        item = E.LI(id=ident)
        after, self.after = self.after, []
        if body is not None:
            self.blocks(body, item)
        self.after = after + self.after
        self.notes.append(item)
        out.append(E.SUP(E.A(f"[{len(self.notes)}]", href=f"#{ident}")))

    def frame(self, element, out) -> None:
        image = element.get_element("draw:image")
        box = element.get_element("draw:text-box")
        if image is not None:
            href = image.get_attribute("xlink:href") or ""
            data = _part(self.document, href)
            alt = _text_of(element.get_element("svg:desc")) or _text_of(
                element.get_element("svg:title")
            )
            if data is not None:
                address = self.pictures.add(data, image.get_attribute("draw:mime-type") or "", href)
                out.append(E.IMG(src=address, alt=alt))
            else:
                self.left_out.append(
                    Notice(
                        N_("picture"),
                        _(
                            "{href} is linked, not in the document: put the picture in the "
                            "manuscript"
                        ).format(href=href),
                        self.here,
                    )
                )
        elif box is not None:
            words = " ".join(box.text_recursive.split())
            if box.get_elements(".//draw:image"):
                holder = E.DIV()
                self.blocks(box, holder)  # a LibreOffice caption frame: picture and caption
                self.after.extend(_as_figure(holder))
            else:
                self.left_out.append(
                    Notice(
                        N_("text box"),
                        _(
                            "“{short}”: its text is kept as a paragraph after it, its frame and "
                            "place are not"
                        ).format(short=_short(words)),
                        self.here,
                    )
                )
                holder = E.DIV()
                self.blocks(box, holder)
                self.after.extend(holder)
        else:
            self.left_out.append(
                Notice(N_("object"), _("an embedded object (chart, formula) left out"), self.here)
            )

    def shape(self, element) -> None:
        name = element.get_attribute("draw:name")
        self.left_out.append(
            Notice(
                N_("shape"),
                _("“{name}” left out").format(name=name) if name else _("a shape left out"),
                self.here,
            )
        )
        holder = E.DIV()
        self.blocks(element, holder)  # words written in the shape are kept
        self.after.extend(holder)

    def comment(self, element) -> None:
        creator = element.get_element("dc:creator")
        text = " ".join(
            " ".join(p.text_recursive.split()) for p in element.get_elements("text:p")
        ).strip()
        author = _text_of(creator) or "?"
        self.warnings.append(
            Notice(
                _("comment left out"),
                _("“{text}” by {author}").format(text=text, author=author),
                self.here,
            )
        )

    def tracked(self) -> None:
        """The document's tracked changes, taken as accepted, in one warning."""
        changes = self.document.body.get_elements("//text:changed-region")
        if not changes:
            return
        kinds = {"insertion": 0, "deletion": 0, "format-change": 0}
        authors = set()
        for change in changes:
            for kind in kinds:
                for found in change.get_elements(f"text:{kind}"):
                    kinds[kind] += 1
                    authors.add(_text_of(found.get_element(".//dc:creator")) or "?")
        counted = _("{insertions} and {deletions}").format(
            insertions=plural(kinds["insertion"], "{count} insertion", "{count} insertions"),
            deletions=plural(kinds["deletion"], "{count} deletion", "{count} deletions"),
        )
        self.warnings.insert(
            0,
            Notice(
                N_("tracked changes"),
                _("{counted} by {authors} taken as accepted").format(
                    counted=counted, authors=", ".join(sorted(authors))
                ),
                "; ".join(self.changed_at[:4]),
            ),
        )

    # ------------------------------------------------------------ styles

    def names_of(self, name: str) -> list[str]:
        """A paragraph style's names and display names, and those of its parents."""
        if name in self.style_names:
            return self.style_names[name]
        names: list[str] = []
        seen = set()
        current = name
        while current and current not in seen:
            seen.add(current)
            style = self.document.get_style("paragraph", current)
            if style is None:
                names.append(current.replace("_20_", " "))
                break
            names += [current.replace("_20_", " "), style.display_name or ""]
            current = style.parent_style
        self.style_names[name] = names
        return names

    def text_properties(self, name: str) -> dict:
        props: dict = {}
        seen = set()
        while name and name not in seen:
            seen.add(name)
            style = self.document.get_style("text", name)
            if style is None:
                break
            for key, value in (style.get_properties() or {}).items():
                props.setdefault(key, value)
            if "Strong" in name or "Zwaar" in name:
                props.setdefault("fo:font-weight", "bold")
            if "Emphasis" in name or "Nadruk" in name:
                props.setdefault("fo:font-style", "italic")
            name = style.parent_style
        return props


def _properties(document: odfdo.Document) -> dict:
    meta: dict = {}
    for key, value in (
        ("title", document.meta.get_title()),
        ("author", document.meta.get_initial_creator() or document.meta.get_creator()),
        ("lang", document.meta.get_language()),
        ("description", document.meta.get_description()),
    ):
        if value and str(value).strip():
            meta[key] = " ".join(str(value).split())
    if "lang" not in meta:
        default = document.styles.get_element("//style:default-style[@style:family='paragraph']")
        props = default.get_element("style:text-properties") if default is not None else None
        if props is not None and props.get_attribute("fo:language"):
            language = props.get_attribute("fo:language")
            country = props.get_attribute("fo:country")
            meta["lang"] = f"{language}-{country}" if country and country != "none" else language
    return meta


def _page_layout(document: odfdo.Document, reading: Reading) -> None:
    """The page size and columns of the first page style, the headers and footers."""
    for layout in document.styles.get_elements("//style:page-layout")[:1]:
        props = layout.get_element("style:page-layout-properties")
        if props is None:
            continue
        parts = []
        width, height = props.get_attribute("fo:page-width"), props.get_attribute("fo:page-height")
        if width and height:
            parts.append(_("page {cm} × {cm2} cm").format(cm=_cm(width), cm2=_cm(height)))
        columns = props.get_element("style:columns")
        if columns is not None and int(columns.get_attribute("fo:column-count") or 1) > 1:
            parts.append(f"{columns.get_attribute('fo:column-count')} columns")
        if parts:
            reading.left_out.append(
                Notice(
                    N_("page layout"),
                    ", ".join(parts) + _(": the manuscript takes the newspaper's layout"),
                )
            )
    for kind in (N_("header"), N_("footer")):  # N_: also the element's name
        for part in document.styles.get_elements(f"//style:master-page/style:{kind}"):
            text = " ".join(part.text_recursive.split())
            if text:
                reading.left_out.append(
                    Notice(
                        kind,
                        _("“{short}” left out: the newspaper has its own").format(
                            short=_short(text)
                        ),
                    )
                )


# -------------------------------------------------------------------- small pieces


def _any(names: list[str], wanted: tuple[str, ...]) -> bool:
    return any(name in wanted for name in names)


def _heading_level(names: list[str]) -> int | None:
    for name in names:
        match = re.fullmatch(rf"(?:{'|'.join(HEADING_NAMES)}) ([1-6])", name)
        if match:
            return int(match.group(1))
    return None


def _heading(level: int):
    return getattr(E, f"H{min(max(level, 1), 6)}")()


def _child(parent, element):
    parent.append(element)
    return element


def _add_text(element, text: str | None) -> None:
    """Append text to an lxml element: after its last child, or as its text."""
    if not text:
        return
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


def _text_of(element) -> str:
    return " ".join(element.text_recursive.split()) if element is not None else ""


def _part(document: odfdo.Document, href: str) -> bytes | None:
    if not href or re.match(r"^[a-z]+:", href) or href.startswith(("/", "..")):
        return None
    try:
        return document.get_part(href.removeprefix("./"))
    except (KeyError, ValueError):
        return None


def _as_figure(holder) -> list:
    """A caption frame's paragraph (picture, then the caption's text) as picture + caption."""
    out = []
    for block in list(holder):
        images = list(block.iter("img"))
        if len(images) == 1 and block.tag == "p":
            image = deepcopy(images[0])
            image.tail = None
            images[0].drop_tree()
            block.set("class", "caption")
            out += [image, block] if block.text_content().strip() else [image]
        else:
            out.append(block)
    return out


def _where(index: int, paragraph) -> str:
    text = " ".join(_own_text(paragraph).split())
    return f"paragraph {index}" + (f", “{_short(text, 4)}”" if text else "")


def _own_text(element) -> str:
    """A paragraph's own words: not those of a frame, note or comment in it."""
    parts = [element.text or ""]
    for child in element.children:
        if not child.tag.startswith(("draw:", "text:note", "office:annotation")):
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _cm(length: str) -> str:
    match = re.fullmatch(r"([\d.]+)(cm|mm|in|pt)", length.strip())
    if not match:
        return length
    value = (
        float(match.group(1)) * {"cm": 1, "mm": 0.1, "in": 2.54, "pt": 2.54 / 72}[match.group(2)]
    )
    return f"{value:.1f}"
