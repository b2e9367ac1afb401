"""An article's Markdown body → the document model: lede, byline, blocks, boxes, notes.

The body is converted once, whole (:mod:`pamphletpress.read.markdown_ext`), then the
tree is settled into what every writer reads:

- containers (``:::``, ``!!!``, ``> [!NOTE]``, ``<aside>``) become the lede, the
  byline and :class:`~pamphletpress.read.document.Box` es; an unknown name is a box too;
- footnotes become :class:`~pamphletpress.read.document.Note` s, called by
  ``<sup class="noteref">``;
- images are checked (inside the project, present) and links kept only where they
  can work in an e-book; every problem is one warning naming its line.

Raw HTML only exists after the conversion, so these passes work on the finished
tree (lxml) rather than inside Python-Markdown.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import etree

from pamphletpress.errors import ManuscriptError, located
from pamphletpress.i18n import _
from pamphletpress.read import diagrams, markup
from pamphletpress.read.converters import markdown_for
from pamphletpress.read.document import Article, Box, Metadata, Note, line_in, text_of
from pamphletpress.read.leftout import leave_out
from pamphletpress.read.markdown_ext import CONTAINER_CLASS, TITLE_CLASS
from pamphletpress.read.pictures import inspect
from pamphletpress.read.project import Project
from pamphletpress.read.resources import MissingImage, resolve_image
from pamphletpress.read.svg import safe_svg

log = logging.getLogger("pamphletpress")

#: Titles of the admonitions people write, by language; a name not here is
#: still a box (titled with its own name), with a warning.
ADMONITION_TITLES: dict[str, dict[str, str]] = {
    "nl": {
        "note": "Opmerking", "tip": "Tip", "info": "Info", "success": "Gelukt",
        "warning": "Waarschuwing", "caution": "Let op", "danger": "Gevaar",
        "important": "Belangrijk", "example": "Voorbeeld", "quote": "Citaat",
        "question": "Vraag", "abstract": "Samenvatting", "summary": "Samenvatting",
        "failure": "Mislukt", "bug": "Fout", "hint": "Hint", "attention": "Let op",
        "error": "Fout", "check": "Controle", "seealso": "Zie ook", "todo": "Te doen",
    },
    "en": {
        "note": "Note", "tip": "Tip", "info": "Info", "success": "Success",
        "warning": "Warning", "caution": "Caution", "danger": "Danger",
        "important": "Important", "example": "Example", "quote": "Quote",
        "question": "Question", "abstract": "Abstract", "summary": "Summary",
        "failure": "Failure", "bug": "Bug", "hint": "Hint", "attention": "Attention",
        "error": "Error", "check": "Check", "seealso": "See also", "todo": "To do",
    },
    "de": {
        "note": "Hinweis", "tip": "Tipp", "info": "Info", "success": "Erfolg",
        "warning": "Warnung", "caution": "Vorsicht", "danger": "Gefahr",
        "important": "Wichtig", "example": "Beispiel", "quote": "Zitat",
        "question": "Frage", "abstract": "Zusammenfassung", "summary": "Zusammenfassung",
        "failure": "Fehlschlag", "bug": "Fehler", "hint": "Hinweis", "attention": "Achtung",
        "error": "Fehler", "check": "Prüfung", "seealso": "Siehe auch", "todo": "Zu tun",
    },
    "fr": {
        "note": "Remarque", "tip": "Astuce", "info": "Info", "success": "Succès",
        "warning": "Avertissement", "caution": "Attention", "danger": "Danger",
        "important": "Important", "example": "Exemple", "quote": "Citation",
        "question": "Question", "abstract": "Résumé", "summary": "Résumé",
        "failure": "Échec", "bug": "Bogue", "hint": "Indice", "attention": "Attention",
        "error": "Erreur", "check": "Vérification", "seealso": "Voir aussi", "todo": "À faire",
    },
}  # fmt: skip
#: The tool's own blocks and the untitled ones.
OWN_KINDS = {"lede", "byline", "box", "aside", "sidebar", "details"}
LINK_SCHEMES = ("http://", "https://", "mailto:")


class BodyReader:
    """Settles one article's converted body; ``warn`` names the manuscript line."""

    def __init__(
        self,
        path: Path,
        project: Project,
        meta: Metadata,
        first_line: int,
        no_title: str | None = None,
    ):
        self.no_title = no_title
        self.path = path
        self.project = project
        self.meta = meta
        self.first_line = first_line
        self.source_lines: list[str] = []

    def warn(self, line: int | None, message: str) -> None:
        log.warning("%s: %s", located(self.path, line), message)

    def where(self, text: str) -> str:
        """``file:line`` of the first line holding ``text`` (``file`` if none does)."""
        return located(self.path, self.line_of(text))

    def line_of(self, text: str, after: int = 0) -> int | None:
        """The number of the first line at or after ``after`` that holds ``text``."""
        return line_in(self.source_lines, self.first_line, text, after)

    def read(self, body: str) -> Article:
        converter, extension = markdown_for(
            self.meta.lang, self.meta.title or None, self.first_line, self.warn, body
        )
        html = converter.convert(body)
        self.source_lines = extension.source_lines or body.split("\n")
        if not self.meta.title:
            if extension.found_title is None:
                raise ManuscriptError(
                    self.no_title
                    or _(
                        "the article has no title; add 'title: …' to the front matter "
                        "or start the text with a line '# Title'"
                    ),
                    self.path,
                    1,
                )
            self.meta.title = extension.found_title
        tree = markup.parse_html(html, self.where)
        notes, orphans = self.take_notes(tree)
        tree.extend(orphans)
        self.unmatched_note_calls(tree, notes)
        unique_ids(tree, notes)
        self.diagrams(tree)
        self.settle_images(tree, notes)
        self.settle_links(tree, notes)
        lede, blocks = self.take_blocks(tree)
        if not self.meta.byline and self.meta.authors:
            self.meta.byline = byline_for(self.meta.authors, self.meta.lang)
        return Article(
            meta=self.meta,
            lede=lede,
            body=blocks,
            source=self.path,
            notes=notes,
            source_lines=self.source_lines,
            first_line=self.first_line,
        )

    # ── containers ──────────────────────────────────────────────────────

    def take_blocks(self, tree: etree._Element) -> tuple[list[etree._Element], list]:
        """Top-level containers become lede, byline and boxes; nested ones asides."""
        for inner in [
            c for c in tree.iter("div") if _is_container(c) and c.getparent() is not tree
        ]:
            self.nested_box(inner)
        lede: list[etree._Element] = []
        blocks: list = []
        for element in list(tree):
            if _is_container(element):
                kind = element.get("data-kind", "box")
                line = _int(element.get("data-line"))
                title = _take_title(element)
                content = block_children(element)
                if kind == "lede":
                    if lede or blocks:
                        self.warn(line, _("the lede is not at the start of the article"))
                    lede.extend(content)
                elif kind == "byline":
                    self.meta.byline = " ".join(text_of(e).strip() for e in content) or (
                        self.meta.byline
                    )
                else:
                    blocks.append(
                        Box(
                            title=self.box_title(kind, title, line),
                            blocks=content,
                            line=line,
                            kind=kind,
                        )
                    )
            elif element.tag == "aside":
                title = _take_title(element)
                blocks.append(Box(title=title, blocks=block_children(element), kind="aside"))
            else:
                blocks.append(element)
        return lede, blocks

    def box_title(self, kind: str, title: str | None, line: int | None) -> str | None:
        """The author's title, else the admonition's name in the article's language.

        An unknown kind is still a box (titled with its own name), with a warning."""
        if kind in OWN_KINDS:
            return title
        titles = ADMONITION_TITLES.get(self.meta.lang.split("-")[0], ADMONITION_TITLES["en"])
        if kind not in titles:
            self.warn(
                line,
                _(
                    "'{kind}' is not a known kind of block (note, tip, warning, box …); it "
                    "is printed as a box"
                ).format(kind=kind),
            )
        return title or titles.get(kind, kind.replace("-", " ").capitalize())

    def nested_box(self, element: etree._Element) -> None:
        """A container inside a list or quote: an ``<aside class="box">`` in place."""
        kind = element.get("data-kind", "box")
        title = self.box_title(kind, _take_title(element), _int(element.get("data-line")))
        content = block_children(element)
        element.attrib.clear()
        element.tag = "aside"
        element.set("class", f"box box-{kind}")
        element.text = None
        for child in list(element):
            element.remove(child)
        if title:
            etree.SubElement(element, "p", {"class": "box-title"}).text = title
        element.extend(content)

    # ── footnotes ───────────────────────────────────────────────────────

    def take_notes(self, tree: etree._Element) -> tuple[list[Note], list[etree._Element]]:
        """Footnotes out of the text, numbered in the order they are first called;
        and the blocks of notes never called (printed after the article, not lost)."""
        holder = next(
            (d for d in tree.iter("div") if "footnote" in (d.get("class") or "").split()), None
        )
        if holder is None:
            return [], []
        numbers: dict[str, int] = {}
        notes: list[Note] = []
        for item in holder.iter("li"):
            old = item.get("id", "")
            number = len(notes) + 1
            numbers[old] = number
            for back in [a for a in item.iter("a") if "footnote-backref" in (a.get("class") or "")]:
                holder_of_back = back.getparent()
                markup.replace_with_text(back, "")
                _strip_end(holder_of_back)
            notes.append(Note(number=number, id=f"fn-{number}", blocks=block_children(item)))
        holder.getparent().remove(holder)
        called: set[int] = set()
        for sup in list(tree.iter("sup")):
            link = sup.find("a")
            if link is None or "footnote-ref" not in (link.get("class") or ""):
                continue
            number = numbers.get(link.get("href", "").lstrip("#"))
            if number is None:
                continue
            repeat = number in called
            called.add(number)
            sup.attrib.clear()
            sup.set("class", "noteref")
            _bind_to_word(sup)
            sup.set("id", f"fnref-{number}" + ("-again" if repeat else ""))
            if repeat:
                sup.set("data-repeat", "true")
            link.attrib.clear()
            link.set("href", f"#fn-{number}")
            link.text = str(number)
        orphans = [note for note in notes if note.number not in called]
        for note in orphans:
            self.warn(
                self.line_of(text_of(note.blocks[0]).strip()[:30]) if note.blocks else None,
                _(
                    "this footnote is never called in the text ([^…] missing); "
                    "it is printed after the article"
                ),
            )
        return [n for n in notes if n.number in called], [b for n in orphans for b in n.blocks]

    def unmatched_note_calls(self, tree: etree._Element, notes: list[Note]) -> None:
        """``[^label]`` left as text (no such note, or a label with a space): out, with a
        warning, rather than printed as syntax."""
        pattern = re.compile(r"\[\^([^\]\n]*)\]")
        for element in _elements(tree, notes):
            inside_code = _in_code(element)
            for attr in ("text", "tail"):
                value = getattr(element, attr)
                in_code = inside_code or (attr == "text" and element.tag in CODE)
                if not value or "[^" not in value or in_code:
                    continue
                for label in pattern.findall(value):
                    self.warn(
                        self.line_of(f"[^{label}]"),
                        _(
                            "footnote call [^{label}] has no note ('[^{label}]: …' missing, or the "
                            "label has a space); left out"
                        ).format(label=label),
                    )
                setattr(element, attr, pattern.sub("", value))

    # ── images and links ────────────────────────────────────────────────

    def settle_images(self, tree: etree._Element, notes: list[Note]) -> None:
        """Every image inside the project and present, or left out with a mark.

        A missing file and one the build may not read (outside the project, on the
        network) are treated alike: a warning naming the line, and the picture left
        out of both outputs. A frame holding its alt text would print as a fault on
        the page; an empty mark (:func:`.leftout.leave_out`) stands in its place instead, for
        ``check`` to name. The notes' pictures too (held apart).
        """
        roots = self.project.allowed_roots()
        after = self.first_line
        for img in [e for e in _elements(tree, notes) if e.tag == "img"]:
            if img.get("credit") is not None:  # {credit="…"}: not an HTML attribute
                img.set("data-credit", img.attrib.pop("credit"))
            src = img.get("src", "")
            line = (self.line_of(src, after) or self.line_of(src)) if src else None
            after = line or after
            if line is not None:
                img.set("data-line", str(line))
            try:
                resolved = resolve_image(src, self.path.parent, roots) if src else None
                resolved = self.usable_picture(resolved, line) if resolved else None
            except MissingImage as exc:
                self.warn(line, _("{exc}; the picture is left out").format(exc=exc))
                resolved = None
            if resolved is None:
                leave_out(img, img.get("alt") or Path(urlsplit(src).path).name or src)
            else:
                img.set("src", resolved.as_uri())

    def usable_picture(self, path: Path, line: int | None) -> Path:
        """The file to print for the picture ``path``: itself, or an SVG's clean copy.

        Raises :class:`MissingImage` for a file that is no usable picture (cut off,
        empty, not a picture, too many pixels, a kind pamphletpress does not print)."""
        cache = self.project.root / ".pamphletpress-cache"
        picture = inspect(path, cache / "pictures")
        notes = picture.notes
        if picture.format == "SVG":
            path, notes = safe_svg(path, self.project.allowed_roots(), cache / "svg")
        for note in notes:
            self.warn(line, note)
        return path

    def settle_links(self, tree: etree._Element, notes: list[Note]) -> None:
        """Links that work in a book: web and mail addresses, anchors that exist.

        A link to another file of the original site (``../x.md``, ``/docs/…``) becomes
        absolute under ``base_url`` when the front matter gives one, else plain text.
        """
        ids = {e.get("id") for e in _elements(tree, notes) if e.get("id")}
        ids |= {note.id for note in notes}
        plain: list[str] = []
        for link in [e for e in _elements(tree, notes) if e.tag == "a"]:
            href = (link.get("href") or "").strip()
            if href.lower().startswith(LINK_SCHEMES):
                continue
            if href.startswith("#"):
                if href[1:] in ids:
                    continue
            elif self.meta.base_url and not urlsplit(href).scheme:
                link.set("href", urljoin(self.meta.base_url, href))
                continue
            line = self.line_of(f"({href}") or self.line_of(href) if href else None
            described = (
                _("{value} (line {line})").format(value=href or "(empty)", line=line)
                if line
                else (href or _("(empty)"))
            )
            if described not in plain:
                plain.append(described)
            markup.unwrap(link)
        if plain:
            self.warn(
                None,
                _(
                    "{plain_count} link(s) point into the original website or to an anchor "
                    "that does not exist, and are printed as plain text: {plain}"
                ).format(plain_count=len(plain), plain=", ".join(plain[:6]))
                + (" …" if len(plain) > 6 else "")
                + _(". Give 'base_url: https://…' in the front matter to keep site links."),
            )

    def diagrams(self, tree: etree._Element) -> None:
        """A diagram's source (```` ```mermaid ````, plantuml, graphviz) drawn as a picture
        where its program is installed (:mod:`pamphletpress.read.diagrams`), unless the
        setting ``diagrams: code`` asks for the source; else printed as code, with one
        warning each saying how to make it a picture."""
        after = self.first_line
        for code in list(tree.iter("code")):
            classes = (code.get("class") or "").split()
            kind = next((c[len("language-") :] for c in classes if c.startswith("language-")), "")
            kind = kind.lower()
            pre = code.getparent()
            if kind not in diagrams.RENDERERS or pre is None or pre.tag != "pre":
                continue
            line = next(
                (
                    number
                    for number in range(after, self.first_line + len(self.source_lines))
                    if re.match(
                        rf"^\s*(?:`{{3,}}|~{{3,}})\s*\{{?\.?{re.escape(kind)}\b",
                        self.source_lines[number - self.first_line],
                        re.I,
                    )
                ),
                None,
            )
            after = (line or after) + 1
            if self.meta.diagrams == "code":
                continue  # asked for: printed as its source, nothing to say
            if diagrams.installed(kind) is None:
                self.warn(
                    line,
                    _(
                        "this {kind} diagram is printed as its source code: {program} is not "
                        "installed to draw it. Install it, or export it as an SVG picture "
                        "({export}), put the file beside the manuscript and write "
                        "![what the diagram shows](diagram.svg) in its place"
                    ).format(
                        kind=kind,
                        program=diagrams.RENDERERS[kind].program,
                        export=_(diagrams.RENDERERS[kind].export),
                    ),
                )
                continue
            try:
                drawn = diagrams.draw(
                    kind,
                    code.text or "",
                    self.project.root / ".pamphletpress-cache",
                    diagrams.FONT,
                )
            except diagrams.DiagramError as error:
                self.warn(
                    line,
                    _(
                        "this {kind} diagram could not be drawn ({error}) and is printed as its "
                        "source code: correct it (try it {try_it})"
                    ).format(kind=kind, error=error, try_it=_(diagrams.RENDERERS[kind].try_it)),
                )
                continue
            self.diagram_in_place(pre, drawn, kind, line)

    def diagram_in_place(self, pre: etree._Element, drawn, kind: str, line: int | None) -> None:
        """The drawn diagram where its source stood: a paragraph with only the picture,
        which the writers make a figure; its title the caption, its description the alt
        text (else its labels); across both columns when it is wider than a column would
        show its labels legibly."""
        paragraph = etree.Element("p")
        alt = drawn.description or drawn.title
        if alt is None and drawn.labels:
            alt = "Diagram: " + ", ".join(drawn.labels)
        if alt is None:
            alt = f"{kind} diagram"
            self.warn(
                line,
                _(
                    "this {kind} diagram has no description for readers who cannot see it: {how}"
                ).format(kind=kind, how=diagrams.how_to_describe(kind)),
            )
        src = os.path.relpath(drawn.svg, self.path.parent)
        image = etree.SubElement(paragraph, "img", {"src": Path(src).as_posix(), "alt": alt})
        image.set("data-diagram", kind)  # its alt text is not a caption
        if drawn.title:
            image.set("title", drawn.title)
        if drawn.width_pt > diagrams.WIDE_OVER * diagrams.COLUMN_PT:
            image.set("class", "wide")
        if line is not None:
            image.set("data-line", str(line))
        paragraph.tail = pre.tail
        pre.getparent().replace(pre, paragraph)


CODE = {"code", "pre", "kbd", "samp"}


def _in_code(element: etree._Element) -> bool:
    """Inside a code element (its tail too, which is outside: hence ancestors only)."""
    return any(a.tag in CODE for a in element.iterancestors())


def _elements(tree: etree._Element, notes: list[Note]):
    """Every element of the article's text and of its notes (held apart from it)."""
    for root in [tree, *(block for note in notes for block in note.blocks)]:
        yield from root.iter()


def unique_ids(tree: etree._Element, notes: list[Note]) -> None:
    """Every id once (raw HTML may repeat one): later ones get a number."""
    seen: set[str] = {note.id for note in notes}
    for element in _elements(tree, notes):
        value = element.get("id")
        if value is None:
            continue
        value = "-".join(value.split()) or "id"
        candidate, counter = value, 2
        while candidate in seen:
            candidate = f"{value}-{counter}"
            counter += 1
        seen.add(candidate)
        element.set("id", candidate)


#: "by" and "and" in the byline made from ``author:`` when there is no ``byline:``.
BYLINE_WORDS = {"nl": ("door", "en"), "en": ("by", "and"), "de": ("von", "und"),
                "fr": ("par", "et")}  # fmt: skip


def byline_for(authors: list[str], lang: str) -> str:
    """``door Anna de Vries en Piet Jansen`` from the authors, in the article's language."""
    by, and_ = BYLINE_WORDS.get(lang.split("-")[0].lower(), BYLINE_WORDS["en"])
    names = ", ".join(authors[:-1]) + f" {and_} " + authors[-1] if len(authors) > 1 else authors[0]
    return f"{by} {names}"


def _is_container(element: etree._Element) -> bool:
    return element.tag == "div" and element.get("class") == CONTAINER_CLASS


def _take_title(element: etree._Element) -> str | None:
    """A container's title paragraph, taken out (an ``<aside>``'s first heading)."""
    first = element[0] if len(element) else None
    if first is None or (element.text or "").strip():
        return None
    if first.get("class") == TITLE_CLASS or (
        element.tag == "aside" and first.tag in ("h1", "h2", "h3", "h4", "h5", "h6")
    ):
        title = " ".join(text_of(first).split())
        markup.replace_with_text(first, "")
        return title or None
    return None


def _strip_end(element: etree._Element) -> None:
    """No space or no-break space left at the end of an element's text."""
    if len(element):
        element[-1].tail = (element[-1].tail or "").rstrip("\u00a0 \n") or None
    else:
        element.text = (element.text or "").rstrip("\u00a0 \n") or None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "img",
    "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
    "u", "var",
}  # fmt: skip


def block_children(element: etree._Element) -> list[etree._Element]:
    """An element's content as blocks: loose text and inline elements wrapped in ``<p>``."""
    blocks: list[etree._Element] = []
    paragraph: etree._Element | None = None

    def loose(text: str | None) -> None:
        nonlocal paragraph
        if text and text.strip():
            if paragraph is None:
                paragraph = etree.Element("p")
                paragraph.text = text.strip()
                blocks.append(paragraph)
            elif len(paragraph):
                paragraph[-1].tail = (paragraph[-1].tail or "") + text
            else:
                paragraph.text = (paragraph.text or "") + text

    loose(element.text)
    for child in list(element):
        tail, child.tail = child.tail, None
        if child.tag in INLINE:
            if paragraph is None:
                paragraph = etree.Element("p")
                blocks.append(paragraph)
            paragraph.append(child)
        else:
            paragraph = None
            blocks.append(child)
        loose(tail)
    for block in blocks:
        if block.tag == "p" and len(block) and block[-1].tail:
            block[-1].tail = block[-1].tail.rstrip()
    return blocks


def read_body(
    body: str,
    first_line: int,
    path: Path,
    project: Project,
    meta: Metadata,
    no_title: str | None = None,
) -> Article:
    """The article a manuscript's body makes (the front matter already read);
    ``no_title`` is the message when neither the front matter nor a ``#`` line
    gives a title."""
    return BodyReader(path, project, meta, first_line, no_title).read(body)


def _bind_to_word(call: etree._Element) -> None:
    """A note's call against the word it belongs to: ``buitenland [^4]`` is
    printed ``buitenland⁴``, so no line can start with the call."""
    previous = call.getprevious()
    if previous is not None:
        if previous.tail:
            previous.tail = previous.tail.rstrip()
    else:
        parent = call.getparent()
        if parent is not None and parent.text and parent.text.strip():
            parent.text = parent.text.rstrip()
