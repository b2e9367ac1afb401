"""Small typesetting faults read back from a finished PDF, as a proofreader marks them.

Headings broken with an added hyphen where no single word forces it, addresses
and identifiers broken with an added hyphen, host names broken inside a label,
note calls opening a line, an en dash between two words without spaces. WeasyPrint
and the composer both write an added hyphen as U+2010, a word's own hyphen as
U+002D: only the first counts.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

ADDED_HYPHEN = "\u2010"


def _lines(path: Path):
    from pamphletpress.check import pdfread

    return pdfread.read(path).reading_order()


def _is_heading_glyph(char: dict) -> bool:
    """Inter Bold or ExtraBold at 9 pt and over: headline, intertitles, box titles."""
    name = char["fontname"].split("+", 1)[-1]
    return name.startswith("Inter") and "Bold" in name and char["size"] >= 8.9


def heading_shapes(path: Path) -> list[list[tuple[str, float]]]:
    """Each heading as its lines (text, width in pt), read from the glyphs: a row
    of heading glyphs split where a gap wider than a word space (a gutter) falls,
    and rows of one size starting at one x, a line apart, joined."""
    from pamphletpress.check import pdfread
    from pamphletpress.check.pdfread.reading import glyph, glyph_text

    groups: list[list[tuple[str, float]]] = []
    for page in pdfread.read(path).pages:
        rows: dict[tuple[float, float], list[dict]] = {}
        for char in page.chars:
            if _is_heading_glyph(char):
                rows.setdefault((round(char["bottom"]), round(char["size"], 2)), []).append(char)
        open_groups: dict[tuple[float, float], list[tuple[str, float]]] = {}
        for (bottom, size), row in sorted(rows.items()):
            row.sort(key=lambda c: c["x0"])
            segments = [[row[0]]]
            for char in row[1:]:
                if char["x0"] - segments[-1][-1]["x1"] > max(10.0, 0.6 * size):
                    segments.append([])
                segments[-1].append(char)
            for segment in segments:
                x0 = round(segment[0]["x0"])
                text = glyph_text([glyph(c) for c in segment])
                ink = [c for c in segment if c["text"].strip()] or segment
                width = ink[-1]["x1"] - ink[0]["x0"]
                key = (x0, size)
                previous = open_groups.get(key)
                if previous is not None and 0 < bottom - previous[0] < 1.6 * size:
                    previous[1].append((text, width))
                    open_groups[key] = (bottom, previous[1])
                else:
                    group = [(text, width)]
                    groups.append(group)
                    open_groups[key] = (bottom, group)
    return groups


def hyphenated_headings(path: Path, long_words: list[str] = ()) -> list[str]:
    """Heading lines ending in an added hyphen, but in a word of ``long_words``
    (words wider than the measure, which must break somewhere)."""
    return [
        text
        for group in heading_shapes(path)
        for text, _width in group[:-1]
        if text.endswith(ADDED_HYPHEN)
        and not any(text.split()[-1].rstrip(ADDED_HYPHEN) in word for word in long_words)
    ]


def _body_lines(path: Path, body_size: float):
    """The column's lines with the small glyphs in them (calls, superscripts)."""
    from pamphletpress.check import pdfread

    return pdfread.read(path).body_lines(body_size)


def hyphenated_addresses(path: Path, body_size: float = 9.5) -> list[str]:
    """An address, a file name or an identifier broken with an added hyphen: the
    line's last word and the next line's first, joined, read letter for letter."""
    from pamphletpress.compose.hyphenation import is_verbatim

    lines = [line.words for line in _body_lines(path, body_size)]
    lines += [line.text.split() for line in _lines(path)]  # tables, boxes, notes too
    found = []
    for line, after in zip(lines, lines[1:]):
        if not line or not after or not line[-1].endswith(ADDED_HYPHEN):
            continue
        if after[0][:1].isupper():
            continue  # a new word (or the other column's line), not the address's rest
        # A note's call after the word is no part of it (``binnenland²``).
        word = re.sub(r"(?<=[^\W\d_])\d{1,2}(?=\W*$)", "", line[-1][:-1] + after[0])
        if is_verbatim(word):
            found.append(word)
    return found


#: The host names of a manuscript's addresses: after a scheme, or a domain a path follows.
HOST_NAME = re.compile(
    r"(?:https?://|(?<![\w./@-]))(?:www\.)?([\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,})(?=[/:?#)\]>\s]|$)"
)


def broken_host_names(path: Path, source: str, body_size: float = 9.5) -> list[str]:
    """Host names of the manuscript's addresses broken anywhere but before a dot, or
    with an added hyphen (osg-nl-leadership's ``(oss`` over ``-watch.ac.uk/…``): a
    line's last word and the next line's first, joined, hold a host name across
    the break. "page N: last / first"."""
    hosts = {h for h in HOST_NAME.findall(source) if "." in h and not h[0].isdigit()}
    lines = [(line.page + 1, line.words) for line in _body_lines(path, body_size)]
    lines += [(line.page, line.text.split()) for line in _lines(path)]  # counted from 1
    found = set()
    for (page, line), (_, after) in zip(lines, lines[1:]):
        if not line or not after:
            continue
        last = line[-1].lstrip('(<["“‘')
        cut = last.removesuffix(ADDED_HYPHEN)
        joined = cut + after[0]
        for host in hosts:
            for start in (m.start() for m in re.finditer(re.escape(host), joined)):
                inside = start < len(cut) < start + len(host)
                if inside and (cut != last or joined[len(cut)] != "."):
                    found.add(f"page {page}: {last} / {after[0]}")
    return sorted(found)


def parted_calls(path: Path, body_size: float = 9.5) -> list[str]:
    """Body lines holding a note's call (a small raised number) that opens the line
    or stands apart from the word before it (``buitenland ⁴``, ``⁵. Het …``)."""
    found = []
    for line in _body_lines(path, body_size):
        chars = sorted(line.chars, key=lambda c: c["x0"])
        base = sorted(c["bottom"] for c in chars if c["size"] >= 0.9 * body_size)
        if not base:
            continue
        baseline = base[len(base) // 2]
        for index, char in enumerate(chars):
            small = char["size"] < 0.8 * body_size and char["text"].isdigit()
            if not small or char["bottom"] > baseline - 1:
                continue
            before = chars[index - 1] if index else None
            if before is not None and before["text"].isdigit() and before["size"] == char["size"]:
                continue  # the second digit of a call
            if (
                before is None
                or not before["text"].strip()
                or char["x0"] - before["x1"] > 0.15 * body_size
            ):
                found.append(line.text)
    return found


#: An en dash Dutch and German would space: between two words (``vak–ik``), after a
#: number or a sentence's end (``37–aan``, ``wezen?–Frits``), or spaced on one side
#: only (``principaal –een``, ``wezen– Frits``). Between two numbers it is a range.
UNSPACED_DASH = re.compile(
    r"\S*(?:[^\W_]|[?!.,;:\u2026)\u2019\u201d\u00bb])\u2013[\u2018\u201c\u201e(]?[^\W\d_]\S*"
    r"|\S*[^\W\d_][?!.,;:\u2026)\u2019\u201d\u00bb]?\u2013\d\S*"
    r"|\S+\s\u2013[\u2018\u201c\u201e(]?[^\W\d_]\S*"
    r"|\S*[^\W_]\u2013\s\S*"
)


def unspaced_dashes(text: str) -> list[str]:
    """En dashes without the spaces Dutch and German set around them (see
    :data:`UNSPACED_DASH`)."""
    return UNSPACED_DASH.findall(text)


#: A list's marker opening a line: a bullet, a number or letter and its delimiter.
MARKER = re.compile(r"^(?:[•◦▪‣]|\(?(?:\d{1,3}|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+)[.)])$")
#: A line is short when it ends this much of the measure before the column's edge.
SHORT_SHARE = 0.25
#: A line that ends in a hyphen is short already this much before the edge (about 10 pt
#: of a column's 200): every such line of the corpus but two ends within 4 pt of it
#: (the review's fourth round: bzk-risicoselectie p3 'Rap-' 43 pt and 'Ne-' 37 pt short).
HYPHENATED_SHORT_SHARE = 0.05
#: The hyphens a broken word's first half ends in, as the PDF's text gives them.
HYPHENS = ("-", "\u2010", "\u00ad")


def _text_start(line) -> float:
    """Where a line's text starts: after its list marker, if it opens with one."""
    chars = sorted((c for c in line.chars if not c["text"].isspace()), key=lambda c: c["x0"])
    if line.words and MARKER.match(line.words[0]) and len(line.words) > 1:
        marker = len(line.words[0])
        return chars[marker]["x0"] if len(chars) > marker else line.x0
    return line.x0


#: A source line that starts a block of its own (under a quotation's marks and
#: indentation): a list item, a quotation, a heading, a definition, a table, HTML.
BLOCK_START = re.compile(
    r"^(?:[-*+]|\(?(?:\d{1,9}|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+|#|@[\w-]*)[.)]|[:~]|#{1,6}"
    r"|\||<|```|~~~|!!!|:::|\$\$)(?:[ \t]|$)"
)


def _block_ends(source: str) -> list[list[str]]:
    """The last three words of each source line that ends a block (a paragraph, a list
    item, a quotation, a definition: the next line is blank, starts a block of its
    own or another quotation) or a line (a hard break: two spaces or a backslash):
    a printed line that ends with them is its block's or line's last."""
    lines = source.split("\n")
    ends, seen = [], set()
    for line, after in zip(lines, [*lines[1:], ""]):
        words = _printed_words(line, seen)
        if not line.strip():
            continue
        quote, rest = re.match(r"^((?:[ \t]*>)*)[ \t]*(.*)$", after).groups()
        depth = re.match(r"^((?:[ \t]*>)*)", line).group(1).count(">")
        if (
            not rest.strip()
            or BLOCK_START.match(rest)
            or quote.count(">") != depth
            or line.endswith(("  ", "\\"))
        ):
            ends.append(words[-3:])
    return [end for end in ends if end]


#: A link of the source, inline or in pointy brackets: its text (if any) and address.
LINK = re.compile(
    r"\[([^\]]*)\]\((<[^>]*>|[^()\s]*(?:\([^()]*\))?[^()\s]*)[^)]*\)|<(https?://[^>]+)>"
)


def _printed_words(line: str, seen: set[str]) -> list[str]:
    """A source line's words as printed: a link's text, and its address the first
    time it is met (the print gives a web address once); code spans as typed,
    tags, notes' labels and attributes left out. ``seen`` holds the addresses met."""

    def link(match: re.Match) -> str:
        address = (match.group(2) or match.group(3) or "").strip("<>")
        printed = address.startswith(("http://", "https://", "www.")) and address not in seen
        seen.add(address)
        return f"{match.group(1) or ''} {address if printed else ''}"

    parts = re.split(r"(`+[^`]*`+)", line)
    for index in range(0, len(parts), 2):  # outside code spans
        text = LINK.sub(link, re.sub(r"\]\[[^\]]*\]", "]", parts[index]))
        parts[index] = re.sub(r"<[^>]*>|\[\^[^\]]*\]|\{[^}]*\}|https?://|www\.", " ", text)
    return [w for w in re.findall(r"[^\W_]+", "".join(parts)) if w not in ("http", "https")]


def _ends_as(words: list[str], end: list[str]) -> bool:
    """Whether a printed line's ``words`` end as a block's ``end`` does, letter for
    letter: the line's first word perhaps the rest of a hyphenated one (``fication``
    for ``verification``), superscripts joined to their word (``ahello``)."""
    if len(end) < min(len(words), 2):
        return False  # a block of one word ends no line of several (``Haven``)
    line, own = "".join(words), "".join(end)
    return line.endswith(own) or own.endswith(line)


def _is_heading_line(line) -> bool:
    """Most of the line's letters in the headings' face (Inter, bold): a heading's."""
    ink = [c for c in line.chars if not c["text"].isspace()]
    return sum(_is_heading_glyph(c) or "Inter" in c["fontname"] for c in ink) * 2 > len(ink)


def short_lines(
    path: Path,
    source: str = "",
    body_size: float = 9.5,
    share: float = SHORT_SHARE,
    hyphenated: bool = False,
) -> list[str]:
    """Lines inside a justified paragraph that end well short of the column's edge
    (more than ``share`` of the measure): the paragraph goes on under them at the
    same start, a line lower. Not a paragraph's last line (the next starts
    indented, or elsewhere, or the line ends as a block or a hard break of
    ``source`` does: a quotation's, a list item's, a definition's). With
    ``hyphenated`` only the lines that end in a hyphen: a word broken to fill a
    line that is then not filled. "page N: text (M pt short)"."""
    from pamphletpress.check import pdfread
    from pamphletpress.check.typometrics import column_edges

    # in any face, a line of inline code alone too (print.css: 0.85 em), not headings'
    lines = [
        ln
        for ln in pdfread.read(path).column_lines(body_size, (round(0.85 * body_size, 3),))
        if ln.words and not _is_heading_line(ln)
    ]
    edges = column_edges(lines)
    steps = Counter(
        round(b.top - a.top, 1)
        for a, b in zip(lines, lines[1:])
        if (a.page, a.column) == (b.page, b.column) and b.top > a.top
    )
    leading = steps.most_common(1)[0][0] if steps else 1.2 * body_size
    ends = _block_ends(source)
    found = []
    for line, after in zip(lines, lines[1:]):
        if (line.page, line.column) != (after.page, after.column):
            continue
        if (
            abs(after.top - line.top - leading) > 1
            or abs(_text_start(after) - _text_start(line)) > 0.5
        ):
            continue  # not the next line of the same paragraph
        if after.words and MARKER.match(after.words[0]):
            continue  # the next item of a list
        edge = edges[(line.page, line.column)]
        measure = edge - _text_start(line)
        room = edge - line.x1
        if hyphenated and not line.text.rstrip().endswith(HYPHENS):
            continue
        words = re.findall(r"[^\W_]+", line.text)
        if room > share * measure and not any(_ends_as(words, end) for end in ends):
            found.append(f"page {line.page + 1}: {line.text} ({room:.0f} pt short)")
    return found
