"""The words a reader sees, read back from built outputs and from Markdown sources.

The source side is deliberately independent of pamphletpress's own reader: it
strips what Markdown never prints (link targets, footnote labels, directive
names, tags, comments) with plain patterns, so a word the reader loses shows up.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

#: Diagrams written as code and the program that draws each (read.diagrams).
DIAGRAM_PROGRAMS = {"mermaid": "mmdc", "dot": "dot", "graphviz": "dot", "plantuml": "plantuml"}
TOKEN = re.compile(r"[^\W_]+")
LINK_TARGET = re.compile(
    r"\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
    r"(?:\s+(?:\"[^\"\n]*(?:\"[^\"\n]*)*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"
)


def tokens(text: str) -> list[str]:
    return [t.casefold() for t in TOKEN.findall(text)]


def source_words(markdown: str) -> Counter:
    """The printable words of a Markdown manuscript (front matter's title included)."""
    front, body = "", markdown
    if markdown.startswith("---\n"):
        end = markdown.index("\n---", 4)
        front, body = markdown[4:end], markdown[end + 4 :]
    title = re.search(r"^title:\s*(.+)$", front, re.M)
    text = body
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    # what is for other formats (raw blocks, TeX) or set as math: no running words
    text = re.sub(
        r"^[ \t]{0,3}(`{3,}|~{3,})[ \t]*\{=[\w-]+\}.*?^[ \t]{0,3}\1", " ", text, flags=re.M | re.S
    )
    # a diagram its program draws: a picture, its source no running words
    drawn = [k for k, program in DIAGRAM_PROGRAMS.items() if shutil.which(program)]
    if drawn:
        fence = rf"^[ \t]{{0,3}}(`{{3,}}|~{{3,}})[ \t]*\{{?\.?(?:{'|'.join(drawn)})\b"
        text = re.sub(fence + r".*?^[ \t]{0,3}\1", " ", text, flags=re.M | re.S | re.I)
    text = re.sub(r"^[ \t]{0,3}\\begin\{([^}]+)\}.*?\\end\{\1\}", " ", text, flags=re.M | re.S)
    text = re.sub(r"(?<!\\)\$\$.+?\$\$", " ", text, flags=re.S)
    text = re.sub(r"(?<![\\$\w])\$(?=[^\s$])[^$\n]*?(?<=[^\s\\$])\$(?!\d)", " ", text)
    text = re.sub(
        r"\\(?!(?:emph|textit|textbf|texttt|textsc|text|mbox|underline)\{)[A-Za-z]+\*?"
        r"(?:\[[^\]\n]*\])*(?:\{[^{}\n]*\})+", " ", text
    )  # fmt: skip
    text = re.sub(r"^[ \t]*(`{3,}|~{3,}).*$", " ", text, flags=re.M)
    text = re.sub(r"\(@[\w-]*\)", " ", text)  # example labels: printed as numbers
    text = re.sub(r"^:{3,}[ \t]*(?:\{[^}]*\}|[A-Za-z][\w-]*)?", " ", text, flags=re.M)
    text = re.sub(r"^(?:!!!|\?\?\?)\+?[ \t]*[\w-]+", " ", text, flags=re.M)
    text = re.sub(r"^([ \t]*[-*+][ \t]+)\[[ xX]\]", r"\1", text, flags=re.M)  # task lists
    text = re.sub(r"\[![A-Za-z]+\]", " ", text)
    text = re.sub(r"^\s*\*\[[^\]]*\]:.*$", " ", text, flags=re.M)  # abbreviations
    text = re.sub(r"^ {0,3}\[\^[^\]]*\]:", " ", text, flags=re.M)  # footnote labels
    text = re.sub(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$", " ", text, flags=re.M)  # link references
    text = re.sub(r"\[\^[^\]]*\]", " ", text)  # footnote calls
    text = re.sub(r"!\[[^\]]*\]", "]", text)  # an image's alt text is not running text
    text = re.sub(r"^\s*\d+[.)]\s", " ", text, flags=re.M)  # list numbers: the writers count
    text = re.sub(FANCY_NUMBER, " ", text, flags=re.M)  # and pandoc's: (2), a), D.
    text = LINK_TARGET.sub("] ", text)
    text = re.sub(r"\{(?:[:#.]|[\w-]+=)[^}\n]*\}", " ", text)  # attribute lists
    text = re.sub(r"</?[A-Za-z][^>]*>", " ", text)  # tags
    text = re.sub(r"(?:https?://|www\.|mailto:)\S+|\S+@\S+\.\w+", " ", text)  # addresses
    words = Counter(tokens(text))
    if title:  # printed once as the headline, even where the body repeats it as "# …"
        for word, count in Counter(tokens(title.group(1))).items():
            words[word] = max(words[word], count)
    return words


def missing_words(expected: Counter, printed_text: str, lines: list[str] = ()) -> list[str]:  # noqa: E501
    """Words printed fewer times than the source has them.

    A word split by a line break in code or a URL is still found in the text with
    its white space removed; one hyphenated in a table cell (``lines`` given: the
    page's lines, where the cells of a row share a line) by its two halves."""
    from pamphletpress.check.pdftext import halves_joined, squeezed

    found = Counter(tokens(printed_text)) + halves_joined(list(lines))
    squeezed_text = squeezed(printed_text)
    missing = []
    for word, count in expected.items():
        if found[word] >= count or squeezed_text.count(word) >= count:
            continue
        missing.append(f"{word} ({found[word]}/{count})")
    return missing


def pdf_text(path: Path, vocabulary: set[str] | None = None) -> str:
    from pamphletpress.check.pdftext import pdf_lines
    from pamphletpress.compose.hyphenation import join_lines

    return join_lines(pdf_lines(path), vocabulary)


XHTML_IMG = "{http://www.w3.org/1999/xhtml}img"


def epub_text(path: Path) -> str:
    """The text of every content document of an EPUB, in spine order (nav and cover too)."""
    parts = []
    with zipfile.ZipFile(path) as book:
        for name in sorted(book.namelist()):
            if name.endswith(".xhtml"):
                root = etree.fromstring(book.read(name))
                body = root.find("{http://www.w3.org/1999/xhtml}body")
                parts.append(" ".join(body.itertext()))
                # a picture's description is read out, not shown: it is the alt text
                parts += [img.get("alt", "") for img in body.iter(XHTML_IMG)]
    return "\n".join(parts)


#: What Markdown syntax looks like when it reaches the reader unread.
SYNTAX = [
    ("footnote call", re.compile(r"\[\^")),
    ("inline note", re.compile(r"\^\[")),
    ("code fence", re.compile(r"```|~~~")),
    ("container fence", re.compile(r"(?:^|\n)\s*:::")),
    ("admonition", re.compile(r"(?:^|\n)\s*!!!")),
    ("alert", re.compile(r"\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.I)),
    ("inline link", re.compile(r"\]\(")),
    ("strikeout", re.compile(r"~~(?=\S)|(?<=\S)~~")),
    ("superscript", re.compile(r"(?<=\w)\^[^\s^]+\^")),
    ("subscript", re.compile(r"(?<=\w)~[^\s~]+~")),
    # pandoc's rule: no space inside either dollar, the closing one not before a digit
    ("tex math", re.compile(r"\$(?=[^\s$])[^$\n]*?(?<=[^\s\\$])\$(?!\d)")),
    ("tex command", re.compile(r"\\(?:begin|end|frac|cite|hline)\b")),
    ("example list", re.compile(r"(?:^|\n)[ \t]*\(@[\w-]*\)")),
    ("numbered with #", re.compile(r"(?:^|\n)[ \t]*#\.[ \t]")),
    ("definition with ~", re.compile(r"(?:^|\n)[ \t]*~[ \t]")),
    # a list read as running text (Python-Markdown: no list without a blank line before)
    ("list marker in text", re.compile(r"(?:^|[\n.:;!?])[ \t]*[*+][ \t]+[^\s*+]")),
    # bullets with nothing after them: empty nested items, or a rule read as nested lists
    # (one bullet alone may hold a picture or a formula, which have no text)
    ("bare bullets", re.compile(r"(?:^|\n)[ \t]*[•◦▪‣*+-](?:[ \t]*[•◦▪‣*+-])+[ \t]*(?=\n|$)")),
    # a linked picture's address on a line of its own, between the picture and its caption
    (
        "picture address",
        re.compile(
            r"(?:^|\n)[ \t]*\((?:https?://)?[\w.-]+\.[a-z]{2,}/[^\s)]*(?:\n[^\s)]*)*"
            r"\.(?:png|jpe?g|gif|svg|webp)\)",
            re.I,
        ),
    ),  # fmt: skip
]


def code_texts(markdown: str) -> list[str]:
    """What a Markdown source prints as code (code spans, fenced and indented code):
    text that may well hold syntax, printed as typed on purpose."""
    texts = [m.group(2) for m in re.finditer(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", markdown)]
    fence, block, holder = None, [], ""
    for line in markdown.split("\n"):
        opening = re.match(r"^[ \t]*(`{3,}|~{3,})", line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None and opening and opening.group(1)[0] == fence[0]:
            fence = None
        elif fence is not None:
            block.append(line.strip())
        elif line.startswith(("    ", "\t")):
            # indented code, unless the lines are an admonition's or a list item's
            if not re.match(r"^(?:!!!|\?\?\?|[ \t]*(?:[-*+]|\d+[.)])[ \t])", holder):
                block.append(line.strip())
        elif line.strip():
            holder = line
    return [t.strip() for t in texts + block if len(t.strip()) > 3]


def syntax_left(text: str, source: str | None = None, markers: bool = False) -> list[str]:
    """The kinds of Markdown syntax printed as typed; with the Markdown ``source``,
    what it prints as code is not looked at, and a formula counts only as the source
    has it (``$73 … 23\\$`` prints as ``$73 … 23$``, which is no formula). ``markers``:
    the text is a PDF's lines, which print a list's markers (``(2)`` as written) at
    a line's start; an EPUB's text has none (its style sheet draws them)."""
    if source is None:
        return [name for name, pattern in SYNTAX if pattern.search(text)]
    for code in sorted(set(code_texts(source)), key=len, reverse=True):
        text = text.replace(code, " ")
    found = []
    for name, pattern in SYNTAX:
        matches = [m.group(0) for m in pattern.finditer(text)]
        if name == "tex math":  # printed as typed, or amounts that merely look like it
            matches = [m for m in matches if m in source]
        if matches:
            found.append(name)
    items = fancy_items(source)
    if any(_fancy_printed(text, *item, markers=markers) for item in items):
        found.append("fancy list marker")
    return found


def _fancy_printed(text: str, marker: str, words: str, before: str, markers: bool) -> bool:
    """Whether a fancy list item's marker is printed as typed: read as a paragraph's
    text, ``(2) begins with 2 (3) and now 3`` runs on. In a PDF's lines a marker at a
    line's start is its list's: there only one on the line after the words before it
    in the source (``2 (3) and now``) is text. In an EPUB's text any marker is (its
    style sheet draws the list's), but one with a full stop reads the same either
    way (``D. Upper``)."""
    item = r"[ \t]+".join(map(re.escape, [marker, *words.split()]))
    if markers:
        return bool(before) and re.search(rf"{re.escape(before)}\S*[ \t]+{item}", text) is not None
    return ")" in marker and re.search(item, " ".join(text.split())) is not None


#: A fancy list marker at a line's start, as the writers number it (an initial,
#: ``B. Williams``, goes too: the words looked for are fewer, never wrong).
FANCY_NUMBER = (
    r"^[ \t]*(?:\((?:\d{1,9}|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+)\)"
    r"|(?:[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+)[.)])(?=[ \t])"
)
#: pandoc's fancy list markers: ``(2)``, ``2)``, ``(A)``, ``a)``, ``D.`` (two spaces
#: after a capital and a full stop), ``iv.``.
FANCY_MARKER = re.compile(
    r"^[ \t]*(\((?:\d{1,9}|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+)\)|(?:\d{1,9}|[A-Za-z]|[ivxlcdm]+"
    r"|[IVXLCDM]+)\)|(?:[a-z]|[ivxlcdm]+|[IVXLCDM]{2,})\.(?=[ \t])|[A-Z]\.(?=[ \t]{2}))[ \t]+"
    r"(\S+(?: \S+)?)"
)


def fancy_items(source: str) -> list[tuple[str, str, str]]:
    """The fancy list items of a Markdown source, as (marker, first two words, the
    last word of the item line above, if any): a marker at a line's start
    after a blank line or another such item (pandoc's list items; ``(27) API's``
    inside a paragraph's lines is text). Printed as typed, ``(2) begins`` is the
    list read as a paragraph; a list prints ``2.`` (a marker with a full stop,
    ``D. Upper``, reads the same either way: see its structure)."""
    found, before = [], ""
    for line in source.split("\n"):
        match = FANCY_MARKER.match(line)
        if match and (not before.strip() or FANCY_MARKER.match(before)):
            last = re.findall(r"[^\W_]+", before)  # the item above's (or a blank line)
            found.append((match.group(1), match.group(2), last[-1] if last else ""))
        before = line
    return found
