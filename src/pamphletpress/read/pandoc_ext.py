"""The Markdown of CommonMark and pandoc that Python-Markdown leaves as text.

Editors paste from GitHub, MkDocs and pandoc documents; Python-Markdown, which reads
Markdown.pl's rules, would print these as typed. :class:`PandocSyntaxExtension` adds:

- a list right after a paragraph line (CommonMark: a bullet list, or one starting at
  1, interrupts a paragraph), in every container: a blank line is put before it;
- thematic breaks with wide gaps (``*   *   *``), which Python-Markdown reads as
  nested empty lists; and no list item that holds nothing (no bare bullets);
- pandoc's example lists (``(@)``, ``(@label)``, numbered ``(1)``, ``(2)`` through the
  article, and ``(@label)`` in the text their number), ``#.`` items and fancy markers
  (``(2)``, ``D.``, ``iv.``, ``a)``: :mod:`pamphletpress.read.fancy_lists`);
- pandoc's ``~`` definition marker, as ``:``;
- raw blocks for other formats (```` ```{=latex} ````, ``\\begin{…}`` … ``\\end{…}``)
  and TeX commands in running text (``\\cite{…}``) left out, with a warning naming
  the line;
- pandoc's bracketed spans, ``[a few words]{lang=en}`` (``lang``, ``dir``, ``#id``,
  ``.class``), as a ``<span>``;
- TeX math, ``$…$`` and ``$$…$$`` with pandoc's rule for what is a dollar amount, as
  ``<span class="math" data-tex=…>``: each writer sets it (MathML in the EPUB,
  typeset in the PDF). A formula that cannot be set is printed as code, with a
  warning.

Strikeout and sub/superscripts (``~~x~~``, ``H~2~O``, ``a^bc^``) are pymdown's
``tilde`` and ``caret`` extensions (see :func:`pamphletpress.read.converters.markdown_for`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from pamphletpress.i18n import _
from pamphletpress.read.fancy_lists import FancyLists, fancy_item

MATH_CLASS = "math"
#: A code fence at any depth: in a list item (indented) or a quotation (``> ```…``) too.
FENCE_RE = re.compile(r"^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})")
QUOTE_RE = re.compile(r"^(?:[ \t]{0,3}>[ \t]?)*")
#: A list item that may interrupt a paragraph: a bullet, or ``1.``/``1)``, with text.
INTERRUPTING_ITEM_RE = re.compile(r"^([ \t]*)(?:[-*+]|1[.)]|#\.|\(@[\w-]*\))[ \t]+\S")
ANY_ITEM_RE = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)]|#\.|\(@[\w-]*\))(?:[ \t]|$)")
#: A line that is not running text: a heading, table row, fence, HTML, definition …
NOT_PARAGRAPH_RE = re.compile(
    r"^[ \t]*(?:#{1,6}(?:[ \t]|$)|\||<|:[ \t]|~[ \t]|!!!|\?\?\?|:::|\*\[)"
)
#: CommonMark's thematic break: three or more of one of ``- * _``, spaces between.
BREAK_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
#: The thematic breaks Python-Markdown itself reads (at most two spaces between).
MARKDOWN_BREAK_RE = re.compile(r"^ {0,3}(?:(?:-+ {0,2}){3,}|(?:\*+ {0,2}){3,}|(?:_+ {0,2}){3,})$")
EXAMPLE_ITEM_RE = re.compile(r"^([ \t]*)\(@([\w-]*)\)([ \t]+)")
EXAMPLE_REF_RE = re.compile(r"\(@([\w-]+)\)")
AUTO_ITEM_RE = re.compile(r"^([ \t]*)#\.([ \t]+)")
#: A bullet with nothing after it: an empty list item.
LONE_BULLET_RE = re.compile(r"^([ \t]*[-*+])[ \t]*$")
TILDE_DEFINITION_RE = re.compile(r"^( {0,3})~[ \t]+(?=\S)")
RAW_FENCE_RE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[ \t]*\{=([\w-]+)\}[ \t]*$")
BEGIN_RE = re.compile(r"^[ \t]{0,3}\\begin\{([^}\n]+)\}")
#: Inline math: ``$`` with no space inside either end, the closing one not before a digit.
INLINE_MATH_RE = r"(?<![\\$\w])\$(?![\s$])((?:\\.|[^$\\\n]|\n(?!\n))+?)(?<![\s\\])\$(?![\d$])"
#: A TeX command with arguments in running text (``\\cite[22]{smith}``): pandoc's raw TeX.
RAW_TEX_RE = r"(?:(?<=\S)[ \t]+)?(?P<tex>\\[A-Za-z]+\*?(?:\[[^\]\n]*\])*(?:\{[^{}\n]*\})+)"
DISPLAY_MATH_RE = r"(?<!\\)\$\$((?:\\.|[^$\\])+?)\$\$"


class LineRules(Preprocessor):
    """The line-level rules above, in one pass over the lines (fenced code left alone).

    Lines are replaced, never removed (a left-out block leaves blank lines), so the
    line numbers messages give still match the manuscript; only the blank line before
    an interrupting list is added.
    """

    def __init__(self, md: Markdown, extension: PandocSyntaxExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        ext = self.extension
        examples: dict[str, int] = {}
        out: list[str] = []
        fence: str | None = None
        raw_until: re.Pattern | None = None
        html_until: re.Pattern | None = None
        for number, line in enumerate(lines, ext.first_line):
            if raw_until is not None:
                if raw_until.match(line):
                    raw_until = None
                out.append("")
                continue
            match = FENCE_RE.match(line)
            if fence is not None:
                if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                    fence = None
                out.append(line)
                continue
            raw = RAW_FENCE_RE.match(line)
            if raw:
                closing = re.compile(
                    rf"^[ \t]{{0,3}}{re.escape(raw.group(1)[0])}{{{len(raw.group(1))},}}[ \t]*$"
                )
                if raw.group(2).lower() in ("html", "html5"):
                    html_until = closing  # HTML is both outputs' format: raw HTML, as written
                else:
                    ext.warn(
                        number,
                        _raw_message(
                            _("a raw {group} block ({{={group}}})").format(group=raw.group(2))
                        ),
                    )
                    raw_until = closing
                out.append("")
                continue
            if html_until is not None:
                if html_until.match(line):
                    html_until, line = None, ""
                out.append(line)
                continue
            begin = BEGIN_RE.match(line)
            if begin and out and _is_text(out[-1]):
                begin = None  # \begin in the middle of a paragraph: not a block
            if begin:
                ext.warn(
                    number,
                    _raw_message(
                        _("a raw TeX block (\\begin{{{group}}})").format(group=begin.group(1))
                    ),
                )
                end = re.compile(rf".*\\end\{{{re.escape(begin.group(1))}\}}")
                if not end.match(line):
                    raw_until = end
                out.append("")
                continue
            if match:
                fence = match.group(1)
                out.append(line)
                continue
            line = self._rewrite(line, out, examples)
            index = number - ext.first_line
            if _quote_in_a_sentence(line, out, lines[index + 1] if index + 1 < len(lines) else ""):
                ext.warn(
                    number,
                    _(
                        "a line beginning with '>' right under a sentence that goes on is "
                        "read as a quotation (CommonMark's rule); if it is a comparison "
                        "(2 > 1), write '\\>' or join the line to the one above"
                    ),
                )
            if _interrupts(line, out):
                out.append(QUOTE_RE.match(line).group(0).rstrip())
            out.append(line)
        if examples:
            out = [_example_refs(line, examples) for line in out]
        return out

    @staticmethod
    def _rewrite(line: str, before: list[str], examples: dict[str, int]) -> str:
        quote = QUOTE_RE.match(line).group(0)
        rest = line[len(quote) :]
        if BREAK_RE.match(rest) and not MARKDOWN_BREAK_RE.match(rest.rstrip()):
            char = rest.strip()[0]
            return f"{quote}{char} {char} {char}"
        example = EXAMPLE_ITEM_RE.match(rest)
        if example:
            number = len(examples) + 1
            examples[example.group(2) or f"\x00{number}"] = number
            # numbered (1), (2), … as pandoc numbers them, and as the text cites them
            mark = f"\ue000decimal two-parens {number}\ue001"
            rest = f"{number}.{example.group(3)}{mark}{rest[example.end() :]}"
            return f"{quote}{example.group(1)}{rest}"
        fancy = fancy_item(rest, first=not _after_an_item(rest, before))
        if fancy is not None and _opens_item(rest, before):
            return f"{quote}{fancy}"
        auto = AUTO_ITEM_RE.match(rest)
        if auto:
            return f"{quote}{auto.group(1)}1.{auto.group(2)}{rest[auto.end() :]}"
        lone = LONE_BULLET_RE.match(rest)
        if lone and not (before and _is_text(before[-1]) and not ANY_ITEM_RE.match(before[-1])):
            # An empty item (not a heading's underline): Python-Markdown would read it
            # as text or as a heading's underline; given a no-break space it is an
            # item, which :class:`EmptyItems` leaves out when nothing is nested in it.
            return f"{quote}{lone.group(1)} \u00a0"
        tilde = TILDE_DEFINITION_RE.match(rest)
        if tilde and _after_term(before):
            return f"{quote}{tilde.group(1)}:   {rest[tilde.end() :]}"
        return line


def _raw_message(what: str) -> str:
    return _(
        "{what} is for another output format and is left out; write its content "
        "as Markdown (or a picture) to have it printed"
    ).format(what=what)


def _is_text(line: str) -> bool:
    """A line of running text (not blank, no block syntax of its own)."""
    rest = line[len(QUOTE_RE.match(line).group(0)) :]
    return bool(rest.strip()) and not NOT_PARAGRAPH_RE.match(rest) and not BREAK_RE.match(rest)


def _interrupts(line: str, before: list[str]) -> bool:
    """Whether ``line`` starts a list right under a paragraph line of the same container.

    Not when that line belongs to a list item (the next item or a nested list, which
    Python-Markdown reads already), nor in indented code."""
    item = INTERRUPTING_ITEM_RE.match(line[len(QUOTE_RE.match(line).group(0)) :])
    if item is None or not before or not _is_text(before[-1]):
        return False
    quote = QUOTE_RE.match(line).group(0)
    if QUOTE_RE.match(before[-1]).group(0).strip() != quote.strip():
        return False
    indent = len(item.group(1).expandtabs(4))
    for previous in reversed(before):
        rest = previous[len(QUOTE_RE.match(previous).group(0)) :]
        if not rest.strip():
            break
        other = ANY_ITEM_RE.match(rest)
        if other and len(other.group(1).expandtabs(4)) <= indent:
            return False
    if indent >= 4:  # only inside an admonition or a list item, never in indented code
        for previous in reversed(before):
            rest = previous[len(QUOTE_RE.match(previous).group(0)) :]
            if rest.strip() and len(rest) - len(rest.lstrip()) < 4:
                return bool(re.match(r"^[ \t]*(?:!!!|\?\?\?)", rest)) or bool(
                    ANY_ITEM_RE.match(rest)
                )
        return False
    return True


def _quote_in_a_sentence(line: str, before: list[str], after: str) -> bool:
    """Whether ``line`` is a one-line quotation right under a paragraph's line that
    does not end a sentence (``… groter dan 2`` over ``> 1.``): CommonMark lets a
    quotation interrupt a paragraph, so it stays one, but the writer most likely
    wrapped a comparison onto the line's start."""
    if not re.match(r" {0,3}>", line) or not before or not _is_text(before[-1]):
        return False
    if QUOTE_RE.match(before[-1]).group(0) or re.match(r" {0,3}>", after):
        return False  # inside a quotation, or a quotation of several lines
    return not re.search(r"[.!?:;…\"”’»)\]]\s*$", before[-1])


def _opens_item(line: str, before: list[str]) -> bool:
    """Whether a fancy marker at the start of ``line`` opens a list item, as pandoc
    reads it: after a blank line, an item, a heading or a container's opening line
    (an admonition's items are indented); deeper in, within an item, its own
    paragraphs and nested lists between. Never right under a paragraph's line
    (``(27) API's``), nor in indented code."""
    width = _indent(line)
    seen_blank = False
    for previous in reversed(before):
        rest = previous[len(QUOTE_RE.match(previous).group(0)) :]
        if not rest.strip():
            seen_blank = True
            continue
        if ANY_ITEM_RE.match(rest) or not _is_text(previous):
            return True
        indent = _indent(rest)
        if indent > width:
            continue  # an item's continuation, or its nested list
        if not seen_blank:
            return False  # a paragraph's line right above
        if indent == width and width >= 4:
            continue  # an item's own paragraph
        return width < 4
    return width < 4


def _after_an_item(line: str, before: list[str]) -> bool:
    """Whether an item of the same depth stands above ``line`` (its own lines, blank
    or deeper, between): ``line`` goes on that list."""
    width = _indent(line)
    for previous in reversed(before):
        rest = previous[len(QUOTE_RE.match(previous).group(0)) :]
        if rest.strip() and _indent(rest) <= width:
            return _indent(rest) == width and bool(ANY_ITEM_RE.match(rest))
    return False


def _indent(line: str) -> int:
    return len(line[: len(line) - len(line.lstrip())].expandtabs(4))


def _after_term(before: list[str]) -> bool:
    """A ``~`` line is a definition after a term (or another definition), a blank
    line between them allowed."""
    lines = [line for line in before[-2:] if line.strip()]
    return bool(lines) and not ANY_ITEM_RE.match(lines[-1])


def _example_refs(line: str, examples: dict[str, int]) -> str:
    return EXAMPLE_REF_RE.sub(
        lambda m: f"({examples[m.group(1)]})" if m.group(1) in examples else m.group(0), line
    )


class MathProcessor(InlineProcessor):
    """``$x^2$`` and ``$$…$$`` as a math span holding the TeX (no text: the writers
    set it); TeX that cannot be read is printed as code, with a warning."""

    def __init__(self, pattern: str, md: Markdown, extension: PandocSyntaxExtension, display: bool):
        super().__init__(pattern, md)
        self.extension = extension
        self.display = display

    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 - Python-Markdown's name
        from latex2mathml.converter import convert

        tex = " ".join(m.group(1).split())
        try:
            _complete(convert(tex))
        except Exception as exc:  # latex2mathml raises many kinds of error
            line = self.extension.line_of(m.group(0).split("\n")[0])
            self.extension.warn(
                line,
                _(
                    "the formula ${tex}$ cannot be set ({reason}); it is printed as TeX: "
                    "check its spelling (only TeX math is read between $ signs)"
                ).format(tex=tex, reason=_reason(exc)),
            )
            code = ET.Element("code")
            code.text = AtomicString(tex)
            return code, m.start(0), m.end(0)
        span = ET.Element("span", {"class": MATH_CLASS + (" display" if self.display else "")})
        span.set("data-tex", tex)
        line = self.extension.line_of(m.group(0).split("\n")[0])
        if line is not None:
            span.set("data-line", str(line))
        return span, m.start(0), m.end(0)


#: TeX's text commands, kept as their text in the element that sets it so.
TEX_TEXT = {"emph": "em", "textit": "em", "textbf": "strong", "texttt": "code",
            "textsc": "span", "text": "span", "mbox": "span", "underline": "u"}  # fmt: skip


def _reason(exc: Exception) -> str:
    """What latex2mathml found wrong: its message, else its error's name in words
    (``MissingSuperScriptOrSubscriptError`` → "missing super script or subscript")."""
    if str(exc):
        return str(exc)
    name = type(exc).__name__.removesuffix("Error")
    return " ".join(re.findall(r"[A-Z][a-z]*", name)).lower() or _("not TeX math")


#: How many arguments each MathML layout takes: TeX that leaves one out is no formula.
ARGUMENTS = {"mfrac": 2, "mroot": 2, "msub": 2, "msup": 2, "msubsup": 3, "munder": 2,
             "mover": 2, "munderover": 3}  # fmt: skip


def _complete(mathml: str) -> None:
    """Raise when a fraction, root, sub- or superscript lacks an argument (``\\frac{a}``)."""
    for element in ET.fromstring(mathml).iter():
        name = element.tag.rpartition("}")[2]
        if name in ARGUMENTS and len(element) != ARGUMENTS[name]:
            raise ValueError(_("a {name} lacks an argument").format(name=name[1:]))


#: ``[words]{attributes}``: not an image's alt, a note's call, nor a link's text.
SPAN_RE = r"(?<![!\]])\[(?!\^)((?:[^\[\]\n]|\[[^\[\]\n]*\])+)\]\{([^{}\n]+)\}"
#: What a bracketed span keeps of its attributes (pandoc's others, ``custom-style=…``,
#: are for other formats; ``onclick=…`` is no author's business): the rest is dropped.
SPAN_ATTRIBUTES = {"lang", "dir", "id", "."}


class BracketedSpanProcessor(InlineProcessor):
    """pandoc's ``[words]{lang=en}`` as ``<span lang="en">words</span>``: the words'
    own Markdown is read inside it; the brackets and braces are not printed."""

    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 - Python-Markdown's name
        from markdown.extensions.attr_list import get_attrs_and_remainder

        attrs, remainder = get_attrs_and_remainder(m.group(2))
        if remainder or not attrs:
            return None, None, None
        span = ET.Element("span")
        for key, value in attrs:
            if key not in SPAN_ATTRIBUTES or not value:
                continue
            name = "class" if key == "." else key
            span.set(name, f"{span.get(name)} {value}" if span.get(name) else value)
        span.text = m.group(1)
        return span, m.start(0), m.end(0)


class RawTexProcessor(InlineProcessor):
    """A TeX command in running text (``\\cite[22-23]{smith.1899}``) is for a TeX
    output only: left out, with a warning naming the line."""

    def __init__(self, pattern: str, md: Markdown, extension: PandocSyntaxExtension):
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 - Python-Markdown's name
        tex = m.group("tex")
        command = re.match(r"\\([A-Za-z]+)", tex).group(1)
        if command in TEX_TEXT:  # \emph{word}: the word, set as the command says
            element = ET.Element(TEX_TEXT[command])
            element.text = tex[tex.rindex("{") + 1 : -1]
            return element, m.start("tex"), m.end(0)
        self.extension.warn(
            self.extension.line_of(tex), _raw_message(_("the TeX command {tex}").format(tex=tex))
        )
        return "", m.start(0), m.end(0)  # the space before it too: no gap before a stop


class EmptyItems(Treeprocessor):
    """A list item with nothing in it (``-`` alone, or holding only empty lists) is
    left out, and a list left empty with it: no bare bullets on the page."""

    def run(self, root: ET.Element) -> None:
        for parent in reversed(list(root.iter())):
            for child in list(parent):
                if child.tag in ("ul", "ol") and not len(child):
                    parent.remove(child)
                elif child.tag == "li" and _empty(child):
                    parent.remove(child)


def _empty(item: ET.Element) -> bool:
    if (item.text or "").strip():
        return False
    for child in item:
        if (child.tail or "").strip() or child.tag not in ("ul", "ol", "p") or not _empty(child):
            return False
    return True


class PandocSyntaxExtension(Extension):
    """Registers the above; ``warn(line, message)`` reports what the build goes on with,
    ``line_of(text)`` finds the manuscript line holding a text."""

    def __init__(
        self,
        first_line: int,
        warn: Callable[[int | None, str], None],
        line_of: Callable[[str], int | None],
    ):
        super().__init__()
        self.first_line = first_line
        self.warn = warn
        self.line_of = line_of

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.ESCAPED_CHARS = [*md.ESCAPED_CHARS, "$"]
        md.preprocessors.register(LineRules(md, self), "pp-pandoc-lines", 38)
        md.inlinePatterns.register(
            MathProcessor(DISPLAY_MATH_RE, md, self, True), "pp-math-display", 186
        )
        md.inlinePatterns.register(MathProcessor(INLINE_MATH_RE, md, self, False), "pp-math", 185)
        md.inlinePatterns.register(RawTexProcessor(RAW_TEX_RE, md, self), "pp-raw-tex", 184)
        md.inlinePatterns.register(BracketedSpanProcessor(SPAN_RE, md), "pp-span", 172)
        md.treeprocessors.register(FancyLists(md), "pp-fancy-lists", 4)
        md.treeprocessors.register(EmptyItems(md), "pp-empty-items", 3)
