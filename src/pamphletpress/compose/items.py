"""Reading a paragraph's HTML into measured text and into Knuth–Plass items.

The text is collapsed as CSS collapses white space, each character with its
font; the items are its boxes, glue and the penalties of the breaks inside words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate

from lxml import etree

from pamphletpress.compose.addresses import EDGES as ADDRESS_EDGES
from pamphletpress.compose.addresses import address_breaks, looks_like_address
from pamphletpress.compose.breaker import FILL, INFINITY, Box, Glue, Item, Penalty
from pamphletpress.compose.hyphenation import WORD_RE, is_verbatim, passage_hyphenator
from pamphletpress.compose.metrics import FontMetrics
from pamphletpress.compose.setup import RAGGED_STRETCH_EM, SUPERSCRIPT_SCALE, FontSet, Setup

#: Inline elements whose effect on the text is known: style names for fonts.
ITALIC = frozenset({"em", "i"})
BOLD = frozenset({"strong", "b"})
PLAIN = frozenset({"a", "abbr", "span", "del", "s", "ins", "u"})
#: Elements whose words are not hyphenated (as in :mod:`pamphletpress.write.html_tree`).
UNHYPHENATED = frozenset({"a", "code"})
ENDMARK = "endmark"
#: A figure's credit (``<small class="credit">``), set in italic at the caption's size.
CREDIT = "credit"
#: Where a ``<wbr>`` stood: a break with no hyphen (URLs, see write.printed_addresses).
_WBR = "\x00wbr"
#: Where a ``<br>`` stood: a forced break; the line before it is set flush left.
FORCED = "\u2028"
_BR = "\x00br"
#: One character standing for an inline object the line carries whole: a
#: footnote (``float: footnote``: only its call stays in the line) or a
#: superscript; set at ``Setup.call_scale`` of the body size (print.css's --call-size).
OBJECT = "\ufffc"


class _ObjectMetrics:
    """The width of an inline object, as a one-character "font"."""

    def __init__(self, width_em: float) -> None:
        self.width_em = width_em

    def width(self, text: str, size: float = 1.0) -> float:
        return self.width_em * len(text) * size

    def advances(self, text: str) -> list[float]:
        return [self.width_em] * len(text)

    def covers(self, text: str) -> bool:
        return True


_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
#: A name that ends in plus signs (C++, Haven+, A+): set without letter-spacing
#: (:func:`pamphletpress.compose.lines.rewrite` wraps it), or it reads ``C + +``.
TIGHT = re.compile(r"[^\W_]\++")
#: The hyphens a word may hold itself (Koude-oorlog): a break after one adds none.
HYPHENS = "-\u2010"
#: The hyphen added at a break: U+2010, as WeasyPrint's own hyphenation writes it,
#: so a reader of the PDF (and ``import``) can tell a break from a real hyphen.
HYPHEN = "\u2010"


class Unmeasurable(Exception):
    """The paragraph holds something the composer cannot measure."""


@dataclass
class Text:
    """The paragraph's text as CSS will set it: whitespace collapsed, soft hyphens
    gone, and for each character the run (inline element path) it belongs to."""

    chars: str
    run_of: list[int]  # run index per character
    paths: list[tuple[etree._Element, ...]]
    fonts: list[FontMetrics]
    hyphenate: list[bool]
    endmark: list[bool]
    #: Advance (pt) from the paragraph's start to each character, set by :func:`paragraph_items`.
    offsets: list[float] = field(default_factory=list)
    #: Character positions where a ``<wbr>`` allows a break.
    wbr: set[int] = field(default_factory=set)
    #: Runs that are inline objects, carried into the line whole.
    objects: set[int] = field(default_factory=set)


# ── Reading the paragraph ────────────────────────────────────────────────


def read_text(p: etree._Element, fonts: FontSet, call_scale: float = SUPERSCRIPT_SCALE) -> Text:
    runs: list[tuple[str, tuple[etree._Element, ...]]] = []
    _flatten(p, (), runs)
    chars: list[str] = []
    run_of: list[int] = []
    paths, faces, hyphenate, endmark = [], [], [], []
    pending: int | None = None  # run of a white space not yet written
    wbr: set[int] = set()
    objects: set[int] = set()
    for text, path in runs:
        if text == _WBR:
            wbr.add(len(chars))
            continue
        if text == _BR:
            if chars and chars[-1] == " ":
                chars.pop()
                run_of.pop()
            if not chars or chars[-1] == FORCED:
                raise Unmeasurable("an empty line (<br> at the start or after another)")
            pending = None
            chars.append(FORCED)
            run_of.append(run_of[-1])
            continue
        if text == OBJECT:
            index = len(paths)
            objects.add(index)
            paths.append(path)
            faces.append(_ObjectMetrics(_object_width(path[-1], fonts, call_scale)))
            hyphenate.append(False)
            endmark.append(False)
            if pending is not None and chars and not _is_call(path[-1]):
                chars.append(" ")  # (a note's call binds to the word before it)
                run_of.append(pending)
            pending = None
            chars.append(OBJECT)
            run_of.append(index)
            continue
        style, can_hyphenate, is_endmark = _style(path)
        font = fonts.get(style)
        if font is None:
            raise Unmeasurable(f"no measured font for {style} text")
        index = len(paths)
        paths.append(path)
        faces.append(font)
        hyphenate.append(can_hyphenate)
        endmark.append(is_endmark)
        text = text.replace("\u00ad", "")
        # Collapse white space across element boundaries, as CSS does: a run of
        # spaces becomes one, set in the element where the run began.
        for k, piece in enumerate(_COLLAPSIBLE.split(text)):
            if k > 0 and pending is None:
                pending = index
            if not piece:
                continue
            if pending is not None and chars and chars[-1] != FORCED:
                chars.append(" ")
                run_of.append(pending)
            pending = None
            if not font.covers(piece):
                missing = next(c for c in piece if not font.covers(c))
                raise Unmeasurable(f"the font lacks {missing!r} (U+{ord(missing):04X})")
            chars.extend(piece)
            run_of.extend([index] * len(piece))
    while chars and chars[-1] == FORCED:  # a <br> that ends the paragraph breaks nothing
        chars.pop()
        run_of.pop()
    return Text("".join(chars), run_of, paths, faces, hyphenate, endmark, wbr=wbr, objects=objects)


def _object_width(element: etree._Element, fonts: FontSet, scale: float) -> float:
    """A footnote's call (its number), a superscript or a formula, in em of the body size."""
    if element.tag == "img":
        return float(element.get("data-width"))
    note = _is_note(element)
    # A note's call is set in the note's face (its ::footnote-call), a sup in the text's.
    face = (fonts.get("call") if note else None) or fonts.get("regular")
    assert face is not None
    label = element.get("data-call") if note else None
    text = label if label is not None else "".join(element.itertext())
    if not face.covers(text):
        raise Unmeasurable(f"the font lacks a character of {text!r}")
    return face.width(text) * scale


def _flatten(
    node: etree._Element,
    path: tuple[etree._Element, ...],
    runs: list[tuple[str, tuple[etree._Element, ...]]],
) -> None:
    if node.text:
        runs.append((node.text, path))
    for child in node:
        if not isinstance(child.tag, str):
            raise Unmeasurable("a comment or processing instruction")
        if child.tag in ("wbr", "br") or _is_object(child):
            mark = {"wbr": _WBR, "br": _BR}.get(child.tag, OBJECT)
            runs.append((mark, (*path, child)))
            if child.tail:
                runs.append((child.tail, path))
            continue
        _check_inline(child)
        _flatten(child, (*path, child), runs)
        if child.tail:
            runs.append((child.tail, path))


def _is_object(element: etree._Element) -> bool:
    """A footnote with its call number, a repeated call, or a plain sup/sub of text."""
    classes = element.get("class")
    if _is_note(element):
        return element.get("data-call") is not None
    if element.tag in ("sup", "sub") and classes in (None, "note-again"):
        return not len(element) and element.get("style") is None
    # An inline formula, set as a picture of a width known in em (write/math.py).
    return element.tag == "img" and classes == "math" and element.get("data-width") is not None


def _is_call(element: etree._Element) -> bool:
    """A note's call: the footnote itself or a repeated call of it."""
    return _is_note(element) or element.get("class") == "note-again"


def _is_note(element: etree._Element) -> bool:
    """A footnote (``float: footnote``), its lines composed or not."""
    classes = (element.get("class") or "").split()
    return element.tag == "span" and classes in (["footnote"], ["footnote", "composed"])


def _check_inline(element: etree._Element) -> None:
    tag = element.tag
    classes = (element.get("class") or "").split()
    if element.get("style") is not None:
        raise Unmeasurable(f"<{tag} style> (inline styles are not measured)")
    if tag == "span" and classes == [ENDMARK]:
        return
    if tag == "small" and classes == [CREDIT]:
        return  # a picture's credit in its caption: italic (print.css's .credit)
    if classes:
        raise Unmeasurable(f"<{tag} class='{' '.join(classes)}'>")
    if tag in ITALIC or tag in BOLD or tag in PLAIN or tag == "code":
        return
    raise Unmeasurable(f"<{tag}>")


def _style(path: tuple[etree._Element, ...]) -> tuple[str, bool, bool]:
    """Font style name, whether the words may be hyphenated, whether it is the end mark."""
    tags = {e.tag for e in path}
    if any(e.get("class") == ENDMARK for e in path):
        return "endmark", False, True
    if "code" in tags:
        return "code", False, False
    italic = bool(tags & ITALIC) or any(e.get("class") == CREDIT for e in path)
    bold = bool(tags & BOLD)
    style = {(0, 0): "regular", (1, 0): "italic", (0, 1): "bold", (1, 1): "bold-italic"}
    credit = any(e.get("class") == CREDIT for e in path)  # a name: never hyphenated
    return style[(italic, bold)], not (tags & UNHYPHENATED) and not credit, False


def _language(path: tuple[etree._Element, ...]) -> str | None:
    """The language a run is marked as (``[words]{lang=en}``), None for the paragraph's."""
    return next((e.get("lang") for e in reversed(path) if e.get("lang")), None)


# ── Items ────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Break:
    """A break inside a word: at ``position`` (a character index), adding
    ``suffix`` at the line end and starting the next line with ``first``
    instead of the character there (a dropped trema)."""

    position: int
    suffix: str
    first: str | None


def paragraph_items(text: Text, setup: Setup) -> list[Item]:
    chars = text.chars
    size = setup.size
    text.offsets = shaped_offsets(text, size)
    regular = setup.fonts.get("regular")
    assert regular is not None
    spacing = setup.spacing
    space = regular.width(" ", size)
    # A space is a character too: letter-spacing widens it as well.
    stretch = space * spacing.stretch + spacing.letter_stretch * size
    shrink = space * spacing.shrink + spacing.letter_shrink * size
    rag = RAGGED_STRETCH_EM * size
    items: list[Item] = []
    n = len(chars)
    start = 0
    while start < n:
        end = start
        while end < n and chars[end] not in " \u00a0" + FORCED:
            end += 1
        if end > start:
            _word_items(text, start, end, setup, items)
        if end < n and chars[end] == FORCED:
            items.append(Glue(0.0, FILL, 0.0, end))
            items.append(Penalty(0.0, -INFINITY, value=Break(end, "", None)))
        elif end < n:
            tie = chars[end] == "\u00a0" or (end + 1 < n and text.endmark[text.run_of[end + 1]])
            if tie:
                items.append(Penalty(0.0, INFINITY))
            space_width = text.offsets[end + 1] - text.offsets[end]
            after = hang_left(text, end + 1, setup)
            if not setup.ragged:
                before = hang_right(text, end - 1, setup)
                items.append(Glue(space_width, stretch, shrink, end, before, after))
            elif tie:
                items.append(Glue(space_width, 0.0, 0.0, end))
            else:  # Knuth and Plass's ragged right: the stretch is there only at a break
                items.append(Glue(0.0, rag, 0.0, end))
                items.append(Penalty(0.0, 0.0, value=Break(end, "", None), post_hang=after))
                items.append(Glue(space_width, -rag, 0.0, end))
        start = end + 1
    items.append(Glue(0.0, FILL, 0.0))
    items.append(Penalty(0.0, -INFINITY, value=Break(n, "", None)))
    return items


def _word_items(text: Text, start: int, end: int, setup: Setup, items: list[Item]) -> None:
    breaks = _word_breaks(text, start, end, setup)
    per_char_stretch = setup.spacing.letter_stretch * setup.size
    per_char_shrink = setup.spacing.letter_shrink * setup.size
    if setup.ragged or TIGHT.search(text.chars[start:end]):  # letters at their natural spacing
        per_char_stretch = per_char_shrink = 0.0
    rag = RAGGED_STRETCH_EM * setup.size

    def box(width: float, left: int, right: int) -> Box:
        count = right - left
        return Box(width, (left, right), count * per_char_stretch, count * per_char_shrink)

    if not breaks:
        items.append(box(text.offsets[end] - text.offsets[start], start, end))
        return
    whole = text.offsets[end] - text.offsets[start]
    done = 0.0
    left = start
    # a line broken in an address is set flush left sooner (compose.lines.in_address)
    address = looks_like_address(text.chars[start:end].replace(OBJECT, "").strip(ADDRESS_EDGES))
    for brk, cost, flagged in breaks:
        prefix = text.offsets[brk.position] - text.offsets[start]
        before, after = _break_widths(text, brk, end, setup.size)
        items.append(box(prefix - done, left, brk.position))
        if setup.ragged:  # the line's end stretch, there only if broken here
            items += [Penalty(0.0, INFINITY), Glue(0.0, rag, 0.0)]
        hangs = _break_hangs(text, brk, setup)
        items.append(Penalty(before, cost, flagged, after, brk, *hangs, address=address))
        if setup.ragged:
            items.append(Glue(0.0, -rag, 0.0))
        done, left = prefix, brk.position
    items.append(box(whole - done, left, end))


# ── Optical margins ──────────────────────────────────────────────────────


def hang_right(text: Text, index: int, setup: Setup) -> float:
    """How far the character at ``index`` stands out past a justified line's end
    when it is the line's last (pt): its share of its own advance (print.css's
    protrusion table), at most the setup's limit; nothing in ragged text."""
    if setup.protrusion is None or setup.ragged:
        return 0.0
    return _hang(text, index, setup.protrusion.right, setup)


def hang_left(text: Text, index: int, setup: Setup) -> float:
    """How far the character at ``index`` stands out before a line's start when
    it is the line's first (an opening quote)."""
    if setup.protrusion is None:
        return 0.0
    return _hang(text, index, setup.protrusion.left, setup)


def _hang(text: Text, index: int, shares, setup: Setup) -> float:
    """The share of the glyph's own advance (unkerned: it stands alone at the edge)."""
    if not 0 <= index < len(text.chars) or text.run_of[index] in text.objects:
        return 0.0
    share = shares.get(text.chars[index])
    if not share or text.endmark[text.run_of[index]]:
        return 0.0
    width = text.fonts[text.run_of[index]].width(text.chars[index], setup.size)
    return min(share * width, setup.protrusion.limit)


def _break_hangs(text: Text, brk: Break, setup: Setup) -> tuple[float, float]:
    """What the line ending at a break inside a word hangs out at its end (the
    hyphen added, or the word's own hyphen or slash), and the next line at its start."""
    protrusion = setup.protrusion
    if protrusion is None:
        return 0.0, 0.0
    after = 0.0 if brk.first else hang_left(text, brk.position, setup)
    if not brk.suffix:
        return hang_right(text, brk.position - 1, setup), after
    share = protrusion.right.get(brk.suffix[-1], 0.0)
    if not share or setup.ragged:
        return 0.0, after
    font = text.fonts[text.run_of[brk.position - 1]]
    return min(share * font.width(brk.suffix[-1], setup.size), protrusion.limit), after


def _break_widths(text: Text, brk: Break, end: int, size: float) -> tuple[float, float]:
    """What breaking at ``brk`` adds to the line's end and to the next line's start.

    From pairs of characters, not by shaping each fragment: the word's own
    shaping holds the kerning across the break, which goes; the hyphen comes
    with its own kerning; a dropped trema changes the first letter. Exact for
    pair kerning, which is what text faces have."""
    chars, fonts, run_of = text.chars, text.fonts, text.run_of
    i = brk.position
    font_before, font_after = fonts[run_of[i - 1]], fonts[run_of[i]]
    before = 0.0
    if brk.suffix:
        before = font_before.width(chars[i - 1] + brk.suffix, size) - font_before.width(
            chars[i - 1], size
        )
    if font_before is font_after:
        pair = chars[i - 1 : i + 1]
        # The kerning between the two halves, kept in the prefix, goes at a break.
        before -= font_before.width(pair, size) - font_before.width(pair[0], size)
        before += font_before.width(pair[1], size)
    after = 0.0
    if brk.first:
        following = chars[i + 1] if i + 1 < end and run_of[i + 1] == run_of[i] else ""
        after = font_after.width(brk.first + following, size) - font_after.width(
            chars[i] + following, size
        )
    return before, after


#: Inline code wider than this share of the column (about a list item's line) breaks
#: after its marks (``_ . / @ : -``) or before a camelCase capital, nothing added: no
#: line could hold it whole (narrower code that fits a line stays whole).
WIDE_CODE = 0.9
WIDE_CODE_BREAK = r"[@._/:-](?=\w)|(?<=[a-z])(?=[A-Z])"  # and between camelCase's words


def _word_breaks(text: Text, start: int, end: int, setup: Setup) -> list[tuple[Break, float, bool]]:
    """The breaks inside one space-delimited word, with their costs."""
    chars = text.chars
    run_of = text.run_of
    token = chars[start:end]
    penalties = setup.penalties
    found: list[tuple[Break, float, bool]] = [
        (Break(position, "", None), penalties.explicit, False)
        for position in sorted(text.wbr)
        if start < position < end
    ]
    # After a slash between words (RDS/DynamoDB, input/output), as Unicode line
    # breaking allows: nothing added. Not in code, not before a digit (1/2), not
    # between letters or short words (A/B/C, en/of: a part alone reads as a scrap).
    found += [
        (Break(start + m.end(), "", None), penalties.explicit, False)
        for m in re.finditer(r"(?<=\w{3})/(?=[^\W\d]\w{2})", token)
        if text.fonts[run_of[start + m.start()]] is not setup.fonts.get("code")
    ]
    shortest = setup.hyphenator.left + setup.hyphenator.right
    if end - start < shortest and "-" not in token and "\u2010" not in token:
        return found  # most words: too short to break
    verbatim = is_verbatim(token.replace(OBJECT, ""))  # an address, a hash: no added hyphen
    core = token.replace(OBJECT, "").strip(ADDRESS_EDGES)
    if verbatim and looks_like_address(core):
        # An address in the text breaks as a printed link does (compose.addresses):
        # before . - _ ? # % ~ & @, after / and //, nothing added; never after its
        # own hyphen, which a reader would take for a hyphenation. Not in code.
        lead = token.index(core[0]) if core else 0
        return [
            (Break(start + lead + position, "", None), penalties.explicit, False)
            for position in address_breaks(core)
            if text.fonts[run_of[start + lead + position]] is not setup.fonts.get("code")
        ] + [item for item in found if not _inside(item[0].position, start + lead, core)]
    if verbatim:
        # A file name, an identifier: after @ . _ and / inside it, nothing added;
        # not before its closing punctuation; not in code, unless the code is too
        # wide for a line to hold (most of the column): it would run out of it.
        wide = text.offsets[end] - text.offsets[start] > WIDE_CODE * setup.width
        found += [
            (Break(start + m.end(), "", None), penalties.explicit, False)
            for m in re.finditer(WIDE_CODE_BREAK if wide else r"[@._/](?=[\w])", token)
            if wide or text.fonts[run_of[start + m.start()]] is not setup.fonts.get("code")
        ]
    for match in WORD_RE.finditer(token):
        word_start = start + match.start()
        word_end = start + match.end()
        if not all(text.hyphenate[run_of[i]] for i in range(word_start, word_end)):
            continue
        # A passage in another language breaks by its own language's patterns.
        languages = {_language(text.paths[run_of[i]]) for i in range(word_start, word_end)}
        if len(languages) > 1:
            continue  # a word half in one language, half in another: kept whole
        hyphenator = passage_hyphenator(setup.hyphenator, languages.pop())
        compounds = setup.compounds if hyphenator is setup.hyphenator else None
        offset = word_start
        for part in re.split(f"([{HYPHENS}])", match.group(0)):
            if part and part in HYPHENS:
                # A hyphen in the word: a break after it, nothing added.
                if offset + 1 < word_end and offset > word_start:
                    found.append((Break(offset + 1, "", None), penalties.explicit, True))
            elif not part.isupper() and not verbatim:
                for brk in hyphenator.breaks(part):
                    position = offset + brk.position
                    first = brk.after[0] if brk.after[0] != chars[position] else None
                    compound = compounds is not None and compounds.is_boundary(part, brk.position)
                    cost = penalties.compound if compound else penalties.syllable
                    found.append((Break(position, HYPHEN, first), cost, True))
            offset += len(part)
    unique = {brk.position: (brk, cost, flagged) for brk, cost, flagged in found}
    return [unique[position] for position in sorted(unique)]


def _inside(position: int, begin: int, core: str) -> bool:
    return begin < position < begin + len(core)


def shaped_offsets(text: Text, size: float) -> list[float]:
    """Shape the paragraph once, each stretch of one font as a whole (as Pango
    shapes a line), and sum the advances: any word's width is a difference."""
    chars, fonts, run_of = text.chars, text.fonts, text.run_of
    advances: list[float] = []
    left = 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or fonts[run_of[i]] is not fonts[run_of[left]]:
            advances += fonts[run_of[left]].advances(chars[left:i])
            left = i
    return [0.0, *accumulate(a * size for a in advances)]
