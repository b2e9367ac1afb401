"""pamphletpress's Python-Markdown extension: the Markdown editors actually write.

One :class:`PamphletExtension` is registered on the Markdown instance that converts
an article (one ``convert`` per article, so reference links, footnotes and
abbreviations work across the whole text). It adds:

- ``:::name [Title]`` … ``:::`` containers — the tool's own ``lede``, ``byline`` and
  ``box``, Docusaurus admonitions (``:::tip[Titel]``) and pandoc fenced divs — as a
  block processor;
- GitHub alerts (``> [!NOTE]``) and MkDocs admonitions (``!!! tip "Titel"``, read by
  Python-Markdown's own ``admonition`` extension) turned into the same containers,
  and task-list items, as a tree processor;
- bare URLs made links, as an inline processor;
- typographic quotes for the article's language (``smarty`` with the language's
  marks, plus the apostrophes it misses);
- the title taken from a ``#`` heading when the front matter has none, and the body's
  headings moved below the headline, as a tree processor.

Every container is written as ``<div class="pp-container" data-kind=… data-line=…>``
with its title as a first ``<p class="pp-title">``: :mod:`pamphletpress.read.manuscript`
turns them into the document model's lede, byline and boxes.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.smarty import SmartyExtension, SubstituteTextPattern
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from pamphletpress.i18n import _
from pamphletpress.read.inline_links import (
    BARE_URL_RE,
    SPACED_LINK_RE,
    BareUrlProcessor,
    SpacedLinkProcessor,
)
from pamphletpress.read.marks import (
    APOSTROPHE,
    DASH_AGAINST_NEXT,
    DASH_AGAINST_PREVIOUS,
    EM_DASH,
    EM_DASH_BETWEEN,
    EM_DASH_SPACED,
    SPACED_DASH,
    SPACED_HYPHEN,
    TIED_DASH,
    TIED_EM_DASH,
    UNSPACED_DASH,
    ElementDashes,
    ImageTextMarks,
    dash_style,
    quotes_for,
)

log = logging.getLogger("pamphletpress")

CONTAINER_CLASS = "pp-container"
TITLE_CLASS = "pp-title"

#: ``:::name``, ``:::name Title``, ``:::name[Title]``, ``::: {.name}`` (pandoc).
OPENER_RE = re.compile(
    r"^(?P<colons>:{3,})[ \t]*"
    r"(?:\{[ \t]*(?:#[\w-]+[ \t]*)?\.(?P<cls>[A-Za-z][\w-]*)[^}]*\}"
    r"|(?P<name>[A-Za-z][\w-]*)"
    r"(?:\[(?P<bracket>[^\]\n]*)\])?"
    r"(?:[ \t]*\{[^}\n]*\})?"
    r"[ \t]*(?P<title>[^\n]*?))[ \t]*$"
)
CLOSER_RE = re.compile(r"^:{3,}[ \t]*$")
FENCE_RE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
ALERT_RE = re.compile(r"^[ \t]*\[!(?P<kind>[A-Za-z]+)\][ \t]*\n?")
ADMONITION_LINE_RE = re.compile(r"^(?:!!!|\?\?\?\+?)[ \t]+")
ALERT_LINE_RE = re.compile(r"^[ \t]{0,3}>[ \t]*\[![A-Za-z]+\]")


class SourceLines(Preprocessor):
    """Remember where each container opens, before anything rewrites the lines.

    Python-Markdown keeps no line numbers; messages about a container or an image
    must name the line, so the openers' lines are noted here, in order, skipping
    fenced code (where ``:::`` is just text).
    """

    def __init__(self, md: Markdown, extension: PamphletExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        ext = self.extension
        ext.source_lines = list(lines)
        ext.openers = {"container": [], "admonition": [], "alert": []}
        fence: str | None = None
        for number, line in enumerate(lines, ext.first_line):
            match = FENCE_RE.match(line)
            if fence is not None:
                if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                    fence = None
                continue
            if match:
                fence = match.group(1)
            elif line.startswith(":::") and OPENER_RE.match(line) and not CLOSER_RE.match(line):
                ext.openers["container"].append(number)
            elif ADMONITION_LINE_RE.match(line):
                ext.openers["admonition"].append(number)
            elif ALERT_LINE_RE.match(line):
                ext.openers["alert"].append(number)
        return lines


class InlineNotes(Preprocessor):
    """Pandoc's inline notes, ``text.^[The note.]``, as ordinary footnotes: the call
    becomes ``[^pp-inline-N]`` and the note a definition at the end of the text.

    The note may span lines and hold brackets and code spans; fenced code is left alone.
    """

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "^[" not in text:
            return lines
        out: list[str] = []
        notes: list[str] = []
        index, fence = 0, None
        for line in text.split("\n"):
            match = FENCE_RE.match(line)
            if fence is None and match:
                fence = match.group(1)
            elif fence is not None and match and match.group(1)[0] == fence[0]:
                fence = None
            out.append(line if fence is None or match else "\x00" + line)
        text = "\n".join(out)
        result: list[str] = []
        while True:
            start = _next_inline_note(text, index)
            if start < 0:
                result.append(text[index:])
                break
            end = _closing_bracket(text, start + 2)
            if end < 0:
                result.append(text[index:])
                break
            notes.append(" ".join(text[start + 2 : end].split()))
            result.append(text[index:start] + f"[^pp-inline-{len(notes)}]")
            index = end + 1
        text = "".join(result).replace("\x00", "")
        definitions = [f"[^pp-inline-{n}]: {note}" for n, note in enumerate(notes, 1)]
        return text.split("\n") + ([""] + definitions if definitions else [])


def _next_inline_note(text: str, start: int) -> int:
    """Where the next ``^[`` outside a code span and fenced code begins, or -1."""
    index = start
    while True:
        found = text.find("^[", index)
        if found < 0:
            return -1
        line_start = text.rfind("\n", 0, found) + 1
        in_code = text[line_start:found].count("`") % 2 == 1 or text[line_start] == "\x00"
        if not in_code:
            return found
        index = found + 2


def _closing_bracket(text: str, start: int) -> int:
    """The ``]`` that closes a bracket opened just before ``start`` (nesting, code spans)."""
    depth, index, code = 1, start, False
    while index < len(text):
        char = text[index]
        if char == "`":
            code = not code
        elif not code and char == "\\":
            index += 1
        elif not code and char == "[":
            depth += 1
        elif not code and char == "]":
            depth -= 1
            if depth == 0:
                return index
        elif char == "\n" and text[index + 1 : index + 2] == "\n":
            return -1  # a note ends within its paragraph
        index += 1
    return -1


class ContainerProcessor(BlockProcessor):
    """``:::name [Title]`` … ``:::``: a container whose content is Markdown again.

    Containers nest (Docusaurus puts more colons on the outer one; any closing
    line closes the innermost open one). One never closed ends where the article
    plainly goes on without it: before the next heading, picture (an image alone
    in its paragraph) or block opener at its own level, else at the article's end,
    with a warning saying where; so the photo after a lede whose ``:::`` was
    forgotten stays a photo in the column. A stray closing line is dropped, with a
    warning.
    """

    def __init__(self, parser, extension: PamphletExtension):
        super().__init__(parser)
        self.extension = extension

    def test(self, parent: ET.Element, block: str) -> bool:
        return any(_is_fence_line(line) for line in block.split("\n"))

    def run(self, parent: ET.Element, blocks: list[str]) -> bool:
        lines = blocks.pop(0).split("\n")
        start = next(i for i, line in enumerate(lines) if _is_fence_line(line))
        if start:
            self.parser.parseBlocks(parent, ["\n".join(lines[:start])])
        opener = OPENER_RE.match(lines[start]) if not CLOSER_RE.match(lines[start]) else None
        if opener is None:
            self.extension.warn(
                None, _("a ':::' line closes a block that was never opened; left out")
            )
            rest = "\n".join(lines[start + 1 :])
            if rest.strip():
                blocks.insert(0, rest)
            return True
        line_number = self.extension.next_opener("container")
        kind = _kind_of(opener)
        content, after, closed = self._take_content(lines[start + 1 :], blocks)
        if not closed:
            content, rest, ended_by = _end_unclosed(content)
            blocks[:0] = rest
            if ended_by is None:
                where = _("it runs to the end of the article")
                fix = _("close it with a line ':::' after its last line")
            else:
                found = self.extension.line_after(line_number, ended_by[1])
                at = _(" on line {found}").format(found=found) if found else ""
                where = _("it is ended before the {ended_by}{at}").format(
                    ended_by=ended_by[0], at=at
                )
                fix = _("add a line ':::' where the block should end")
            self.extension.warn(
                line_number,
                _("the ':::{kind}' block opened here is never closed; {where} ({fix})").format(
                    kind=kind, where=where, fix=fix
                ),
            )
        div = make_container(parent, kind, _title_of(opener), line_number)
        self.parser.parseBlocks(div, content)
        if after:
            blocks.insert(0, after)
        return True

    @staticmethod
    def _take_content(first: list[str], blocks: list[str]) -> tuple[list[str], str, bool]:
        """The blocks inside the container, what follows its closing line, closed or not."""
        depth = 1
        content: list[str] = []
        current = first
        while True:
            for index, line in enumerate(current):
                if CLOSER_RE.match(line):
                    depth -= 1
                    if depth == 0:
                        content.append("\n".join(current[:index]))
                        return content, "\n".join(current[index + 1 :]), True
                elif _is_fence_line(line):
                    depth += 1
            content.append("\n".join(current))
            if not blocks:
                return content, "", False
            current = blocks.pop(0).split("\n")


HEADING_LINE_RE = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]|$)")
SETEXT_RULE_RE = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$")
#: An image alone on its line: ``![alt](src "title"){attrs}`` or ``![alt][ref]``.
PICTURE_LINE_RE = re.compile(
    r"^[ \t]{0,3}!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])[ \t]*(?:\{[^}\n]*\})?[ \t]*$"
)


def _end_unclosed(
    content: list[str],
) -> tuple[list[str], list[str], tuple[str, str] | None]:
    """An unclosed container's own blocks, the blocks after it, and what ended it
    (``("heading", line)``, ``("picture", line)``, ``("block opener", line)``), or
    None when nothing does and it runs to the end.

    Only what stands at the container's own level, after some text of its own, ends
    it: a block nested inside (opened and closed) is the container's.
    """
    depth, has_text = 1, False
    for number, block in enumerate(content):
        lines = block.split("\n")
        for index, line in enumerate(lines):
            reason = None
            if CLOSER_RE.match(line):
                depth = max(depth - 1, 1)
            elif _is_fence_line(line):
                if depth == 1 and has_text:
                    reason = "block opener"
                else:
                    depth += 1
            elif depth == 1 and has_text:
                if HEADING_LINE_RE.match(line) or (index == 0 and _is_setext(lines)):
                    reason = "heading"
                elif index == 0 and number > 0 and PICTURE_LINE_RE.match(line):
                    reason = "picture"
            if reason is not None:
                own = content[:number] + ["\n".join(lines[:index])]
                rest = ["\n".join(lines[index:])] + content[number + 1 :]
                return own, rest, (reason, line.strip())
            has_text = has_text or bool(line.strip())
    return content, [], None


def _is_setext(lines: list[str]) -> bool:
    """``Tussenkop`` over a line of ``---`` or ``===``, alone in its block."""
    return len(lines) == 2 and bool(lines[0].strip()) and SETEXT_RULE_RE.match(lines[1]) is not None


def _is_fence_line(line: str) -> bool:
    return line.startswith(":::") and (
        CLOSER_RE.match(line) is not None or OPENER_RE.match(line) is not None
    )


def _kind_of(match: re.Match) -> str:
    return (match.group("name") or match.group("cls") or "box").lower()


def _title_of(match: re.Match) -> str:
    bracket = match.group("bracket")
    return (bracket if bracket is not None else match.group("title") or "").strip()


def make_container(parent: ET.Element, kind: str, title: str, line: int | None) -> ET.Element:
    div = ET.SubElement(parent, "div", {"class": CONTAINER_CLASS, "data-kind": kind})
    if line is not None:
        div.set("data-line", str(line))
    if title:
        ET.SubElement(div, "p", {"class": TITLE_CLASS}).text = title
    return div


class ContainerTreeprocessor(Treeprocessor):
    """GitHub alerts and MkDocs admonitions become containers; task items get a box.

    Runs before the inline processor, so a container's title is set like any text.
    """

    def __init__(self, md: Markdown, extension: PamphletExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: ET.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "blockquote":
                    self._alert(child)
                elif child.tag == "div" and "admonition" in (child.get("class") or "").split():
                    self._admonition(child)
                elif child.tag == "li":
                    self._task(child)

    def _alert(self, quote: ET.Element) -> None:
        first = quote[0] if len(quote) else None
        if first is None or first.tag != "p" or not first.text:
            return
        match = ALERT_RE.match(first.text)
        if match is None:
            return
        line = self.extension.next_opener("alert")
        first.text = first.text[match.end() :].lstrip()
        if not first.text and not len(first):
            quote.remove(first)
        quote.tag = "div"
        quote.attrib.clear()
        quote.set("class", CONTAINER_CLASS)
        quote.set("data-kind", match.group("kind").lower())
        if line is not None:
            quote.set("data-line", str(line))

    def _admonition(self, div: ET.Element) -> None:
        classes = [c for c in (div.get("class") or "").split() if c != "admonition"]
        line = self.extension.next_opener("admonition")
        div.attrib.clear()
        div.set("class", CONTAINER_CLASS)
        div.set("data-kind", (classes[0] if classes else "note").lower())
        if line is not None:
            div.set("data-line", str(line))
        title = div[0] if len(div) else None
        if title is not None and "admonition-title" in (title.get("class") or ""):
            title.set("class", TITLE_CLASS)

    @staticmethod
    def _task(item: ET.Element) -> None:
        holder = item[0] if len(item) and item[0].tag == "p" and not item.text else item
        match = re.match(r"^\[([ xX])\][ \t]+", holder.text or "")
        if match is None:
            return
        holder.text = holder.text[match.end() :]
        done = match.group(1) != " "
        mark = ET.Element("span", {"class": "task done" if done else "task"})
        mark.text = "\u2713" if done else "\u00a0"
        mark.tail = " " + (holder.text or "")
        holder.text = ""
        holder.insert(0, mark)
        item.set("class", "task-item")


class HeadingTreeprocessor(Treeprocessor):
    """The headline from the body's first ``#`` heading when the front matter has
    none (or drop that heading when it repeats the title); the other headings move
    one level down when the body uses ``#``, so the headline is the only ``h1``."""

    def __init__(self, md: Markdown, extension: PamphletExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: ET.Element) -> None:
        ext = self.extension
        ext.found_title = None
        first = next((e for e in root if e.tag in HEADINGS), None)
        if first is not None and ext.title is None and first.tag == "h1":
            ext.found_title = _plain(first)
            root.remove(first)
        elif first is not None and ext.title is not None:
            # Blogs open with their title as a heading, of any level: printed under
            # the headline it would say the same twice.
            if _normal(_plain(first)) == _normal(ext.title):
                root.remove(first)
        levels = [int(e.tag[1]) for e in root.iter() if e.tag in HEADINGS]
        if levels and min(levels) == 1:
            for element in root.iter():
                if element.tag in HEADINGS:
                    element.tag = f"h{min(int(element.tag[1]) + 1, 6)}"


HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _plain(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _normal(text: str) -> str:
    """The letters and digits only: the front matter's ``schuld - onvermijdelijk`` is
    the heading's ``schuld – onvermijdelijk`` once smarty has set its dash (kept in
    Python-Markdown's stash, a placeholder in the text)."""
    return re.sub(r"\x02[^\x03]*\x03|[\W_]+", "", text).casefold()


class PamphletSmarty(SmartyExtension):
    """``smarty`` with the article language's quotation marks, and the apostrophes
    it would otherwise turn into opening quotes (Dutch ``'s avonds``, ``zo'n``)."""

    def __init__(self, lang: str):
        self.lang = lang
        left_double, right_double, left_single, right_single = quotes_for(lang)
        super().__init__(
            smart_angled_quotes=True,
            substitutions={
                "left-single-quote": left_single,
                "right-single-quote": right_single,
                "left-double-quote": left_double,
                "right-double-quote": right_double,
                "left-angle-quote": "\u00ab",
                "right-angle-quote": "\u00bb",
                "mdash": "\u2014",
                "ndash": "\u2013",
                "ellipsis": "\u2026",
            },
        )

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        super().extendMarkdown(md)
        # In a word (it's, geht's) and before Dutch elided words ('s, 't, 'n, 'k).
        for name, pattern in (
            ("in-word", r"(?<=\w)'(?=\w)"),
            ("elision", r"(?<![\w\u2018\u201c\u201e])'(?=(?:s|t|n|k|r|m)\b)"),
        ):
            self.inlinePatterns.register(
                SubstituteTextPattern(pattern, (APOSTROPHE,), md), f"pp-apostrophe-{name}", 60
            )
        # A hyphen between spaces: the writer's dash, in every language.
        self.inlinePatterns.register(
            SubstituteTextPattern(SPACED_HYPHEN, (TIED_DASH,), md), "pp-spaced-hyphen", 56
        )
        style = dash_style(self.lang)
        # Before smarty's own ``--`` (45): between words, the language's dash.
        dashes = {
            "spaced": (
                ("pp-spaced-dash", UNSPACED_DASH, SPACED_DASH),
                ("pp-dash-against-next", DASH_AGAINST_NEXT, SPACED_DASH),
                ("pp-dash-against-previous", DASH_AGAINST_PREVIOUS, TIED_DASH),
            ),
            "em": (
                ("pp-em-dash", EM_DASH_BETWEEN, EM_DASH),
                ("pp-em-dash-spaced", EM_DASH_SPACED, TIED_EM_DASH),
            ),
        }.get(style, ())
        for name, pattern, dash in dashes:
            self.inlinePatterns.register(SubstituteTextPattern(pattern, (dash,), md), name, 55)
        element_dash = {"spaced": SPACED_DASH, "em": EM_DASH}.get(style)
        md.postprocessors.register(ElementDashes(md, dash=element_dash), "pp-element-dashes", 5)
        md.treeprocessors.register(ImageTextMarks(md, self.lang), "pp-image-marks", 5)


class PamphletExtension(Extension):
    """Registers all of the above; ``title`` is the front matter's title (or None).

    ``warn(line, message)`` reports a problem the build goes on with.
    """

    def __init__(
        self,
        title: str | None,
        first_line: int,
        warn: Callable[[int | None, str], None],
    ):
        super().__init__()
        self.title = title
        self.first_line = first_line
        self._warn = warn
        self.source_lines: list[str] = []
        self.openers: dict[str, list[int]] = {}
        self.found_title: str | None = None

    def warn(self, line: int | None, message: str) -> None:
        self._warn(line, message)

    def line_after(self, line: int | None, text: str) -> int | None:
        """The number of the first source line after ``line`` that reads ``text``."""
        start = (line or self.first_line) - self.first_line + 1
        for index in range(max(start, 0), len(self.source_lines)):
            if self.source_lines[index].strip() == text:
                return index + self.first_line
        return None

    def line_holding(self, text: str) -> int | None:
        """The number of the first source line that holds ``text``."""
        for index, line in enumerate(self.source_lines):
            if text in line:
                return index + self.first_line
        return None

    def next_opener(self, kind: str) -> int | None:
        lines = self.openers.get(kind) or []
        return lines.pop(0) if lines else None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(SourceLines(md, self), "pp-source-lines", 40)
        md.preprocessors.register(InlineNotes(md), "pp-inline-notes", 35)
        md.parser.blockprocessors.register(ContainerProcessor(md.parser, self), "pp-container", 106)
        md.treeprocessors.register(ContainerTreeprocessor(md, self), "pp-containers", 25)
        md.treeprocessors.register(HeadingTreeprocessor(md, self), "pp-headings", 4)
        md.inlinePatterns.register(BareUrlProcessor(BARE_URL_RE, md), "pp-bare-url", 85)
        md.inlinePatterns.register(
            SpacedLinkProcessor(SPACED_LINK_RE, md, self), "pp-spaced-link", 155
        )
