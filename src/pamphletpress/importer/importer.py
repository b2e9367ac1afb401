"""Turn a printed paper's text (or its PDF) back into a clean manuscript.

A newspaper's text comes back from its PDF as lines: broken at the column's
width, hyphenated by the typesetter, cut at column and page ends, with the
paragraph breaks, intertitles, the box and the end mark only hinted at by
line lengths and blank lines. :func:`import_text` reads those hints and
writes a manuscript in the format of ``docs/manuscript-format.md``;
everything it could not decide is listed in the report instead of being
guessed silently. :func:`import_pdf` first reads a PDF column by column.
"""

from __future__ import annotations

import os
import re
import statistics
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from pamphletpress.check.pdfread.reading import (  # the reading order import shares with check
    Glyph,
    PdfLine,
    body_style,
    drop_running_lines,
    glyph,
    reading_order,
    rows_of,
)
from pamphletpress.compose.hyphenation import WORD_RE, Hyphenator
from pamphletpress.errors import OutputError, PamphletError, plural
from pamphletpress.read.document import nfc

#: Characters a typesetter ends a broken line with.
LINE_END_HYPHENS = "-\u2010\u00ad"
SOFT_HYPHEN = "\u00ad"
HYPHEN = "\u2010"
#: Markers of list items, as they come out of a PDF or a plain-text export.
BULLETS = ("- ", "• ", "* ", "· ", "▪ ", "◦ ", "● ")
END_MARK = "■"
#: Dingbats that stand for the end mark; a lone ``n`` is ■ in a dingbat font.
END_MARKS = ("■", "◼", "▪", "∎", "n")
#: The line ends a sentence (closing quotes and brackets may follow).
SENTENCE_END_RE = re.compile(r"[.!?:…][”’\"'»)\]]*$")
#: Words that open a byline, per language; all are tried.
BYLINE_WORDS = ("door", "by", "von", "par", "por", "di")
#: Words after an elided compound part: "anti-oorlogs- en anti-imperialistische".
ELISION_WORDS = {"en", "of", "tot", "and", "or", "to", "und", "oder", "bis", "et", "ou", "y", "o"}
#: Dutch vowel pairs that read as one sound: across a compound's seam they need
#: a hyphen (zee-egel) or a trema (variëren).
DUTCH_DIGRAPHS = {
    "aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo", "ou", "ue", "ui", "uu",
}  # fmt: skip
_ADD_TREMA = str.maketrans("aeiouAEIOU", "äëïöüÄËÏÖÜ")
#: Word lists looked for at run time (Debian's wdutch, wamerican, …); all optional.
WORD_LISTS = {
    "nl": ("/usr/share/dict/dutch", "/usr/share/dict/nederlands"),
    "en": ("/usr/share/dict/british-english", "/usr/share/dict/american-english"),
    "de": ("/usr/share/dict/ngerman",),
    "fr": ("/usr/share/dict/french",),
}
TITLE_PLACEHOLDER = "TITEL"

#: Paragraph ends: a sentence-ending line narrower than this share of the column is short.
SHORT_LINE = 0.85
#: Between SHORT_LINE and this, a sentence-ending line may or may not end a paragraph.
DOUBTFUL_LINE = 0.92
#: Intertitle lines are at most this share of the column.
HEADING_LINE = 0.92
#: The lede's lines are at least this much wider than the body's.
LEDE_WIDTH = 1.15


# --------------------------------------------------------------------------- results


@dataclass
class Doubt:
    """A decision the importer could not make with confidence: check it by hand."""

    line: int
    text: str
    choice: str
    page: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}" + (f" (page {self.page})" if self.page else "")
        return f"{where}: {self.text} — {self.choice}"


@dataclass
class ImportReport:
    """What the importer found and did, for the editor who checks the result."""

    source: str = ""
    lang: str = "nl"
    joins: list[str] = field(default_factory=list)
    kept_hyphens: list[str] = field(default_factory=list)
    rejoined_breaks: int = 0
    restored_breaks: int = 0
    doubtful: list[Doubt] = field(default_factory=list)
    paragraphs: int = 0
    intertitles: list[str] = field(default_factory=list)
    title: str | None = None
    kicker: str | None = None
    lede: bool = False
    byline: str | None = None
    box: str | None = None
    box_items: int = 0
    end_mark: bool = False
    ligatures: int = 0
    placeholders: list[str] = field(default_factory=list)
    page_numbers: list[str] = field(default_factory=list)
    running_heads: dict[str, int] = field(default_factory=dict)
    separated: list[str] = field(default_factory=list)

    @property
    def join_count(self) -> int:
        return len(self.joins)

    @property
    def box_found(self) -> bool:
        return self.box is not None

    def summary(self) -> str:
        """A few lines for the terminal: what was found, what to check."""
        found = [plural(self.paragraphs, "paragraph"), plural(len(self.intertitles), "intertitle")]
        found += [name for name, ok in (("lede", self.lede), ("byline", self.byline)) if ok]
        if self.box is not None:
            found.append(f"box “{self.box}” ({self.box_items} items)")
        found.append("end mark ■" if self.end_mark else "no end mark")
        lines = [f"{self.source or 'text'}: " + ", ".join(found)]
        lines.append(
            f"headline: “{self.title}”" + (f", kicker “{self.kicker}”" if self.kicker else "")
            if self.title
            else "headline: none found (TITEL in the front matter: fill it in)"
        )
        if self.byline:
            lines.append(f"byline: “{self.byline}”")
        furniture = []
        if self.page_numbers:
            shown = ", ".join(self.page_numbers[:5]) + (", …" if len(self.page_numbers) > 5 else "")
            furniture.append(f"{plural(len(self.page_numbers), 'page number')} ({shown})")
        furniture += [f"running head “{h}” ({n}×)" for h, n in self.running_heads.items()]
        if furniture:
            lines.append("removed as page furniture: " + "; ".join(furniture))
        if self.separated:
            lines.append("set apart (no blank line in the source): " + ", ".join(self.separated))
        examples = ", ".join(self.joins[:3]) + (", …" if len(self.joins) > 3 else "")
        kept = ", ".join(self.kept_hyphens[:4]) + (", …" if len(self.kept_hyphens) > 4 else "")
        lines.append(
            f"line-end hyphens: {len(self.joins)} joined"
            + (f" ({examples})" if examples else "")
            + f", {len(self.kept_hyphens)} kept"
            + (f" ({kept})" if kept else "")
        )
        lines.append(
            f"column/page breaks rejoined: {self.rejoined_breaks}; "
            f"lost paragraph breaks restored: {self.restored_breaks}"
            + (f"; ligatures repaired: {self.ligatures}" if self.ligatures else "")
        )
        if self.doubtful:
            lines.append(f"doubtful ({len(self.doubtful)}), check these:")
            lines.extend(f"  {doubt}" for doubt in self.doubtful[:12])
            if len(self.doubtful) > 12:
                lines.append(f"  … and {len(self.doubtful) - 12} more")
        else:
            lines.append("doubtful: none")
        if self.placeholders:
            lines.append("fill in the front matter: " + ", ".join(self.placeholders))
        return "\n".join(lines)


@dataclass
class ImportResult:
    markdown: str
    report: ImportReport
    path: Path | None = None


# --------------------------------------------------------------------------- lines


@dataclass
class Line:
    """One non-blank line of the input, with its number and what preceded it."""

    no: int
    text: str
    blank_before: bool
    page: int | None = None
    after_furniture: bool = False  # a page number or running head stood just before

    @property
    def bullet(self) -> bool:
        return self.text.startswith(BULLETS)

    @property
    def ends_sentence(self) -> bool:
        return bool(SENTENCE_END_RE.search(self.text))

    @property
    def ends_hyphen(self) -> bool:
        return len(self.text) > 1 and self.text[-1] in LINE_END_HYPHENS and self.text[-2] != " "


def split_lines(text: str, pages: list[int] | None = None) -> list[Line]:
    """The non-blank lines, stripped; form feeds (page ends) count as blank lines."""
    text = nfc(text.lstrip("\ufeff")).replace("\r\n", "\n").replace("\r", "\n")
    lines: list[Line] = []
    blank = False
    for index, raw in enumerate(text.split("\n")):
        if "\f" in raw:
            blank = True
            raw = raw.replace("\f", " ")
        stripped = re.sub(r"[ \t]+", " ", raw).strip()
        if not stripped:
            blank = True
            continue
        page = pages[index] if pages and index < len(pages) else None
        lines.append(Line(index + 1, stripped, blank and bool(lines), page))
        blank = False
    return lines


def blocks_of(lines: list[Line]) -> list[list[Line]]:
    """Runs of lines between blank lines."""
    blocks: list[list[Line]] = []
    for line in lines:
        if line.blank_before or not blocks:
            blocks.append([])
        blocks[-1].append(line)
    return blocks


# Approximate advance widths (Times, in em) to compare line lengths: a justified
# line's natural width varies far less than its number of characters.
_WIDTHS = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500,
         333, 389, 278, 500, 500, 722, 500, 500, 444, 722, 667, 667, 722, 611, 556, 722, 722,
         333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722,
         611),
        strict=True,
    )
)  # fmt: skip
_PUNCT_WIDTHS = {" ": 250, ".": 250, ",": 250, ":": 278, ";": 278, "’": 333, "‘": 333,
                 "'": 180, "“": 444, "”": 444, '"': 408, "-": 333, "–": 500, "—": 1000,
                 "(": 333, ")": 333, "!": 333, "?": 444}  # fmt: skip


@lru_cache(maxsize=4096)
def natural_width(text: str) -> float:
    """The width of ``text`` set in a Times-like face, in em."""
    total = 0
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        if base in _WIDTHS:
            total += _WIDTHS[base]
        elif char.isdigit():
            total += 500
        else:
            total += _PUNCT_WIDTHS.get(char, 450)
    return total / 1000


def column_measure(lines: list[Line]) -> float:
    """The body column's width: the median natural width of lines that run on."""
    widths = []
    following = {id(a): b for a, b in zip(lines, lines[1:])}
    for line in lines:
        nxt = following.get(id(line))
        if nxt is None or nxt.blank_before or nxt.bullet or line.bullet or line.ends_sentence:
            continue
        widths.append(natural_width(line.text))
    if not widths:
        widths = [natural_width(line.text) for line in lines] or [1.0]
    return statistics.median(widths)


# --------------------------------------------------------------------------- evidence


@dataclass
class Evidence:
    """What the whole text says about words: the forms it uses inside lines."""

    lang: str
    words: Counter
    cased: dict[str, str]
    marked_breaks: bool
    hyphenator: Hyphenator
    wordlist: frozenset[str]

    def count(self, form: str) -> int:
        """How often the text uses ``form`` whole, inside a line."""
        return self.words[form.lower()]

    def hyphen_prefix(self, part: str) -> int:
        """How many words of the text start with ``part-`` (anti-regime, anti-oorlog)."""
        key = part.lower() + "-"
        return sum(n for word, n in self.words.items() if word.startswith(key))

    def joined_prefix(self, part: str) -> int:
        """How many words of the text start with ``part`` and run on (internationaal)."""
        key = part.lower()
        return sum(
            n
            for word, n in self.words.items()
            if word.startswith(key) and len(word) > len(key) and word[len(key)].isalpha()
        )

    def listed(self, form: str) -> bool:
        """Whether the system word list (if any) has ``form``."""
        return form.lower() in self.wordlist


def gather_evidence(lines: list[Line], lang: str) -> Evidence:
    """Count the words that sit whole inside lines: they are certain forms."""
    words: Counter = Counter()
    cased: Counter = Counter()
    previous_broken = False
    for line in lines:
        tokens = list(WORD_RE.finditer(line.text))
        shouting = _all_caps(line.text)
        if line.ends_hyphen and tokens and tokens[-1].end() >= len(line.text) - 1:
            tokens = tokens[:-1]
        if previous_broken and tokens and tokens[0].start() == 0:
            tokens = tokens[1:]
        previous_broken = line.ends_hyphen
        for index, match in enumerate(tokens):
            word = match.group(0)
            words[word.lower()] += 1
            for part in word.split("-"):
                if part != word:
                    words[part.lower()] += 1
            before = line.text[: match.start()].rstrip()
            if index > 0 and before and not shouting and not SENTENCE_END_RE.search(before):
                cased[word] += 1
    best: dict[str, str] = {}
    for word, _ in cased.most_common():
        best.setdefault(word.lower(), word)
    ends = [line.text[-1] for line in lines if line.ends_hyphen]
    inner = any(HYPHEN in line.text[:-1] for line in lines)
    marked = any(c in (HYPHEN, SOFT_HYPHEN) for c in ends) and not inner
    return Evidence(
        lang=lang,
        words=words,
        cased=best,
        marked_breaks=marked,
        hyphenator=Hyphenator(lang, left=1, right=1),
        wordlist=load_wordlist(lang),
    )


@lru_cache(maxsize=8)
def load_wordlist(lang: str) -> frozenset[str]:
    """A system word list for ``lang`` if one is installed; the importer works without."""
    for name in WORD_LISTS.get(lang.split("-")[0].lower(), ()):
        path = Path(name)
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            return frozenset(w.strip().lower() for w in text.splitlines() if w.strip())
    return frozenset()


# --------------------------------------------------------------------------- hyphens


@dataclass
class HyphenDecision:
    """How a line-end hyphen is undone: ``join``, ``trema``, ``keep`` or ``elision``."""

    action: str
    shown: str
    doubt: str | None = None


def decide_hyphen(head_line: str, tail_line: str, ev: Evidence) -> HyphenDecision:
    """Is the hyphen at the end of ``head_line`` the typesetter's, or the word's own?"""
    mark = head_line[-1]
    head_token = head_line.rsplit(" ", 1)[-1][:-1]
    tail_token = tail_line.split(" ", 1)[0]
    head_word = re.sub(r"^[^\w]+", "", head_token)
    part = re.split(r"[-\u2010]", head_word)[-1]
    tail_match = re.match(r"[^\W\d_]+", tail_token)
    tail_word = tail_match.group(0) if tail_match else ""
    shown = f"{head_word}-|{tail_token.rstrip('.,;:!?”’)')}"
    if mark == SOFT_HYPHEN or (ev.marked_breaks and mark == HYPHEN):
        return _join_or_trema(part, tail_word, shown, ev)  # certainly the typesetter's
    if is_elision(part, tail_token, tail_line, ev):
        return HyphenDecision("elision", shown)
    if ev.marked_breaks:
        return HyphenDecision("keep", shown)  # the typesetter marks its breaks otherwise
    if not part or not part[-1].isalpha() or not tail_word:
        return HyphenDecision("keep", shown)  # 2020-2022, ‘na’-moment: never a break
    if tail_word[0].isupper() and not part.isupper():
        return HyphenDecision("keep", shown)  # pro-NAVO, Koude-Oorlog
    if part.isupper() and tail_word.islower():
        return HyphenDecision("keep", shown)  # EU-politici, VS-imperialisme
    return _weigh(head_word, part, tail_word, shown, ev)


def is_elision(part: str, tail_token: str, tail_line: str, ev: Evidence) -> bool:
    """``anti-oorlogs-⏎en anti-imperialistische``: a part standing for a whole word."""
    if tail_token.lower() not in ELISION_WORDS or " " not in tail_line or not part:
        return False
    if not part[-1].isalpha() or _vowels_clash(part, tail_token, ev.lang):
        return False  # zee-⏎en is zeeën broken at the trema
    return not (ev.count(part + tail_token) or ev.listed(part + tail_token))


def _weigh(head_word: str, part: str, tail_word: str, shown: str, ev: Evidence) -> HyphenDecision:
    """The text's own usage first, then spelling rules, then the hyphenation patterns."""
    prefix = head_word[: len(head_word) - len(part)]
    forms = {"join": prefix + part + tail_word, "keep": prefix + part + "-" + tail_word}
    trema = _trema_form(part, tail_word, ev.lang)
    if trema:
        forms["trema"] = prefix + trema
    counts = {
        action: ev.count(form) + ev.count(form[len(prefix) :]) for action, form in forms.items()
    }
    seen = [action for action, n in counts.items() if n]
    if seen:
        best = max(seen, key=lambda a: counts[a])
        doubt = None
        if len(seen) > 1:
            doubt = "the text has both " + " and ".join(forms[a] for a in seen)
        return HyphenDecision(best, shown, doubt)
    listed = [a for a, form in forms.items() if ev.listed(form) or ev.listed(form[len(prefix) :])]
    if len(listed) == 1:
        return HyphenDecision(listed[0], shown)
    if ev.hyphen_prefix(part) and not ev.joined_prefix(part):
        return HyphenDecision("keep", shown, f"the text writes {part}- with a hyphen elsewhere")
    breaks = ev.hyphenator.breaks(part + tail_word) if ev.hyphenator.available else ()
    pattern_break = any(b.position == len(part) for b in breaks)
    if trema or _vowels_clash(part, tail_word, ev.lang):
        return _clash(part, tail_word, shown, ev, pattern_break)
    if part[:1].isupper() and ev.cased.get(part.lower()) == part and ev.count(tail_word):
        return HyphenDecision("keep", shown, f"{part} and {tail_word} are words of the text")
    if pattern_break or not ev.hyphenator.available:
        return HyphenDecision("join", shown)
    # The patterns place almost every typesetter's break (107 of the seed's 108;
    # the other, regi-me, is settled by the text): elsewhere the hyphen is the word's.
    return HyphenDecision("keep", shown, "not a hyphenation point of the patterns: hyphen kept")


def _vowels_clash(part: str, tail: str, lang: str) -> bool:
    """Dutch: would joining merge two vowels into one sound (zee-egel, auto-ongeluk)?"""
    if not lang.lower().startswith("nl"):
        return False
    return (part[-1:] + tail[:1]).lower() in DUTCH_DIGRAPHS


def _trema_form(part: str, tail: str, lang: str) -> str | None:
    """The joined word with the trema a Dutch break drops (vari-eren → variëren)."""
    if not _vowels_clash(part, tail, lang):
        return None
    return part + tail[0].translate(_ADD_TREMA) + tail[1:]


def _clash(part: str, tail: str, shown: str, ev: Evidence, pattern_break: bool) -> HyphenDecision:
    """Two vowels meet at the break: a trema word broken by the patterns, or a compound."""
    trema = part + tail[0].translate(_ADD_TREMA) + tail[1:]
    if ev.hyphenator.available:
        for b in ev.hyphenator.breaks(trema):
            if b.position == len(part) and b.after.lower() == tail.lower():
                return HyphenDecision(
                    "trema", shown, f"trema restored ({trema}); a compound would be {part}-{tail}"
                )
    if pattern_break:
        return HyphenDecision("join", shown, f"vowels meet: {part}{tail} or {part}-{tail}?")
    return HyphenDecision("keep", shown, f"vowels meet, hyphen kept ({part}-{tail}); or {trema}?")


def _join_or_trema(part: str, tail: str, shown: str, ev: Evidence) -> HyphenDecision:
    """A break known to be the typesetter's: only the trema is left to decide."""
    trema = _trema_form(part, tail, ev.lang) if part and tail else None
    if trema is None:
        return HyphenDecision("join", shown)
    plain = ev.count(part + tail) + ev.listed(part + tail)
    with_trema = ev.count(trema) + ev.listed(trema)
    if plain != with_trema:
        return HyphenDecision("join" if plain > with_trema else "trema", shown)
    hyphenator = ev.hyphenator
    if any(
        b.position == len(part) and b.after.lower() == tail.lower()
        for b in hyphenator.breaks(trema)
    ):
        plain = any(b.position == len(part) for b in hyphenator.breaks(part + tail))
        doubt = f"trema restored ({trema}); or {part}{tail}?" if plain else None
        return HyphenDecision("trema", shown, doubt)
    return HyphenDecision("join", shown)


def apply_hyphen(head: str, tail: str, decision: HyphenDecision) -> str:
    if decision.action == "keep":
        return head[:-1] + "-" + tail
    if decision.action == "elision":
        return head[:-1] + "- " + tail
    if decision.action == "trema":
        return head[:-1] + tail[0].translate(_ADD_TREMA) + tail[1:]
    return head[:-1] + tail


# --------------------------------------------------------------------------- structure


@dataclass
class Unit:
    """A piece of the manuscript: paragraph, intertitle, list item, box title, …"""

    kind: str
    lines: list[Line]
    text: str = ""


class Importer:
    """One import: the lines, the evidence, and the report being filled in."""

    def __init__(self, lines: list[Line], lang: str, source_name: str) -> None:
        self.lines = lines
        self.lang = lang
        self.report = ImportReport(source=source_name, lang=lang)
        self.measure = column_measure(lines)
        self.ev = gather_evidence(lines, lang)
        self.index = {line.no: i for i, line in enumerate(lines)}

    # ---- helpers

    def width(self, line: Line) -> float:
        return natural_width(line.text) / self.measure

    def doubt(self, line: Line, text: str, choice: str) -> None:
        self.report.doubtful.append(Doubt(line.no, text, choice, line.page))

    def next_starts_paragraph(self, line: Line) -> bool:
        first = line.text[:1]
        return first.isupper() or first.isdigit() or first in "“‘\"'(«[–—"

    # ---- block classification

    def classify_blocks(self) -> dict[int, str]:
        """Blocks (between blank lines) that are not running text, by first line number."""
        blocks = blocks_of(self.lines)
        kinds: dict[int, str] = {}
        opening = self.opening(blocks)
        kinds.update(opening)
        for index, block in enumerate(blocks):
            key = block[0].no
            if key in kinds:
                continue
            if self.is_byline(blocks, index, kinds):
                kinds[key] = "byline"
            elif self.is_box_title(block):
                kinds[key] = "box_title"
            elif self.is_heading(blocks, index):
                kinds[key] = "heading"
                if block[-1].text.endswith("?"):
                    self.doubt(block[0], f"“{block[0].text}…” ends with “?”", "an intertitle")
        return kinds

    def opening(self, blocks: list[list[Line]]) -> dict[int, str]:
        """Kicker and headline: short unpunctuated blocks before the first paragraph."""
        heads: list[list[Line]] = []
        for block in blocks:
            text = " ".join(line.text for line in block)
            if len(block) > 3 or len(text) > 140 or block[-1].ends_hyphen:
                break
            if re.search(r"[.,;:]$", text) or not self.next_starts_paragraph(block[0]):
                break
            if block[0].text.split(" ", 1)[0].lower() in BYLINE_WORDS:
                break
            heads.append(block)
            if len(heads) == 2:
                break
        if len(heads) == len(blocks) or not heads:
            return {}
        following = blocks[len(heads)]
        if not self.next_starts_paragraph(following[0]) or following[0].bullet:
            return {}
        if len(heads) == 1:
            return {heads[0][0].no: "title"}
        first, second = heads
        if _all_caps(" ".join(line.text for line in second)) and not _all_caps(
            " ".join(line.text for line in first)
        ):
            return {first[0].no: "title", second[0].no: "kicker"}
        return {first[0].no: "kicker", second[0].no: "title"}

    def is_byline(self, blocks: list[list[Line]], index: int, kinds: dict[int, str]) -> bool:
        """``door Danny Byrne …`` in the opening, after a finished paragraph."""
        block = blocks[index]
        words = block[0].text.split(" ")
        if len(block) > 3 or len(words) < 2 or words[0].lower().rstrip(":") not in BYLINE_WORDS:
            return False
        if not (words[1][:1].isupper() or words[1][:1] in "‘“("):
            return False
        if index > 4 or any(kinds.get(b[0].no) == "heading" for b in blocks[:index]):
            return False
        if index == 0:
            return True
        opening = kinds.get(blocks[index - 1][0].no) in ("title", "kicker")
        return opening or blocks[index - 1][-1].ends_sentence

    def is_box_title(self, block: list[Line]) -> bool:
        """A short unpunctuated line right before a list: ``wij zeggen`` ⏎ ``- …``."""
        first = block[0]
        following = block[1] if len(block) > 1 else self.after(block[-1])
        if following is None or not following.bullet or first.bullet:
            return False
        if len(block) > 1 and block[1] is not following:
            return False
        text = first.text
        return (
            not re.search(r"[.,;:!?\-‐]$", text)
            and len(text) <= 60
            and (self.width(first) <= HEADING_LINE or _all_caps(text))
        )

    def after(self, line: Line) -> Line | None:
        index = self.index[line.no] + 1
        return self.lines[index] if index < len(self.lines) else None

    def is_heading(self, blocks: list[list[Line]], index: int) -> bool:
        """An intertitle: a few short lines, no closing punctuation, between paragraphs."""
        block = blocks[index]
        text = " ".join(line.text for line in block)
        if index == 0 or index + 1 >= len(blocks) or len(block) > 6 or len(text) > 160:
            return False
        if not self.next_starts_paragraph(block[0]) or block[0].bullet:
            return False
        if re.search(r"[.,;:!\-‐–—]$", text) or block[-1].ends_hyphen:
            return False
        widths = [self.width(line) for line in block]
        if max(widths) > HEADING_LINE and (max(widths) > 0.97 or widths[-1] > SHORT_LINE):
            return False  # a bold intertitle may fill the column, but it ends short
        previous, following = blocks[index - 1][-1], blocks[index + 1][0]
        if not (previous.ends_sentence or previous.text.endswith(END_MARK)):
            return False
        if following.bullet or not self.next_starts_paragraph(following):
            return False
        return True

    # ---- segmentation

    def segment(self) -> list[Unit]:
        """The lines grouped into units, joined across lines as they were written."""
        kinds = self.classify_blocks()
        units: list[Unit] = []
        current: Unit | None = None
        block_kind: str | None = None
        for index, line in enumerate(self.lines):
            if line.blank_before or index == 0:
                block_kind = kinds.get(line.no)
            if block_kind in ("title", "kicker", "heading", "byline"):
                if current is None or current.kind != block_kind or line.blank_before:
                    current = Unit(block_kind, [line])
                    units.append(current)
                else:
                    current.lines.append(line)
                continue
            if block_kind == "box_title" and (line.blank_before or index == 0):
                units.append(Unit("box_title", [line]))
                current = None
                block_kind = None
                continue
            if current is None or current.kind not in ("para", "item"):
                current = self.new_unit(line)
                units.append(current)
            elif self.breaks_between(current.lines[-1], line):
                current = self.new_unit(line)
                units.append(current)
            else:
                current.lines.append(line)
        for unit in units:
            unit.text = self.join_unit(unit)
        return units

    def new_unit(self, line: Line) -> Unit:
        return Unit("item" if line.bullet else "para", [line])

    def breaks_between(self, p: Line, n: Line) -> bool:
        """Does a new paragraph (or item) start at ``n``? Column ends are not breaks."""
        if n.bullet:
            return True
        if p.ends_hyphen and n.text[:1].isalnum():
            return False
        if n.text[:1].islower():
            if n.blank_before:
                self.report.rejoined_breaks += 1
            return False
        if not p.ends_sentence:
            if n.blank_before and self.width(p) < SHORT_LINE:
                self.doubt(p, f"“…{p.text[-30:]}” ends a short line without punctuation",
                           "taken as a paragraph end")  # fmt: skip
                return True
            if n.blank_before:
                self.report.rejoined_breaks += 1
            return False
        if n.blank_before and not n.after_furniture:
            return True  # at a page end, only the line's length tells
        ratio = self.width(p)
        if ratio < SHORT_LINE:
            self.report.restored_breaks += 1
            return True
        if ratio < DOUBTFUL_LINE:
            self.doubt(p, f"“…{p.text[-30:]}” may end a paragraph", "kept in one paragraph")
        return False

    # ---- joining lines

    def join_unit(self, unit: Unit) -> str:
        text = ""
        for line in unit.lines:
            piece = line.text
            if not text:
                text = piece
            elif text[-1] in LINE_END_HYPHENS and len(text) > 1 and text[-2] != " ":
                text = self.join_hyphen(text, piece, line)
            else:
                text = f"{text} {piece}"
        if unit.kind == "item":
            text = re.sub(r"^(\S)\s+", "", text, count=1)
        return text

    def join_hyphen(self, head: str, tail: str, line: Line) -> str:
        if not tail[:1].isalnum():
            self.report.kept_hyphens.append(_word_at_join(head + tail, len(head) - 1))
            return head + tail  # anti-(oorlogs)beweging: no break falls before a bracket
        decision = decide_hyphen(head, tail, self.ev)
        joined = apply_hyphen(head, tail, decision)
        word = _word_at_join(joined, len(head) - 1)
        if decision.action in ("keep", "elision"):
            self.report.kept_hyphens.append(word if decision.action == "keep" else word + " …")
        else:
            self.report.joins.append(f"{decision.shown} → {word}")
        if decision.doubt:
            self.doubt(line, decision.shown, decision.doubt)
        return joined


def _word_at_join(text: str, index: int) -> str:
    start = text.rfind(" ", 0, index) + 1
    end = text.find(" ", index + 1)
    word = text[start : end if end >= 0 else len(text)]
    return word.strip(".,;:!?()[]“”‘’\"'«»…")


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def sentence_case(text: str, cased: dict[str, str]) -> str:
    """Undo a text-transform to capitals, keeping names the text writes with capitals."""

    def word(match: re.Match) -> str:
        lower = match.group(0).lower()
        form = cased.get(lower, lower)
        return form if form != lower and form[:1].isupper() else lower

    result = WORD_RE.sub(word, text)
    index = next((i for i, c in enumerate(result) if c.isalpha()), None)
    if index is None:
        return result
    return result[:index] + result[index].upper() + result[index + 1 :]


# --------------------------------------------------------------------------- manuscript


@dataclass
class Parts:
    """The manuscript's places, filled with units."""

    front: dict = field(default_factory=dict)
    lede: Unit | None = None
    body: list[Unit] = field(default_factory=list)
    box: tuple[str, list[Unit]] | None = None
    after_box: list[Unit] = field(default_factory=list)


def arrange(importer: Importer, units: list[Unit]) -> Parts:
    """Put the units in their places: front matter, lede, body, box."""
    report = importer.report
    front: dict = {}
    lede: Unit | None = None
    body: list[Unit] = []
    box: tuple[str, list[Unit]] | None = None
    after_box: list[Unit] = []
    for unit in units:
        if unit.kind in ("title", "kicker"):
            text = unit.text
            # Kickers are set in capitals by the style; a one-word headline in
            # capitals is more likely written so (NAVO, TITEL).
            if _all_caps(text) and (unit.kind == "kicker" or " " in text):
                text = sentence_case(text, importer.ev.cased)
            front.setdefault(unit.kind, text)
        elif unit.kind == "byline":
            front.setdefault("byline", unit.text)
        elif unit.kind == "box_title":
            title = unit.text
            title = sentence_case(title, importer.ev.cased) if _all_caps(title) else title
            box = (title[:1].upper() + title[1:], [])
        elif box is not None and unit.kind == "item" and not after_box:
            box[1].append(unit)
        elif box is not None:
            after_box.append(unit)
        else:
            body.append(unit)
    paragraphs = [u for u in body if u.kind == "para"]
    if paragraphs and is_lede(importer, paragraphs[0], units):
        lede = paragraphs[0]
        body.remove(lede)
    report.title = front.get("title")
    report.kicker = front.get("kicker")
    report.byline = front.get("byline")
    report.lede = lede is not None
    report.intertitles = [u.text for u in body + after_box if u.kind == "heading"]
    report.paragraphs = sum(1 for u in body + after_box if u.kind == "para")
    if box:
        report.box, report.box_items = box[0], len(box[1])
    report.end_mark = place_end_mark(body + after_box, lede)
    return Parts(front, lede, body, box, after_box)


def is_lede(importer: Importer, unit: Unit, units: list[Unit]) -> bool:
    """The first paragraph, set wider than the body, or standing above the byline."""
    index = units.index(unit)
    if any(u.kind in ("heading", "item") for u in units[:index]):
        return False
    widths = [importer.width(line) for line in unit.lines[:-1]] or [importer.width(unit.lines[-1])]
    if statistics.median(widths) >= LEDE_WIDTH:
        return True
    following = units[index + 1] if index + 1 < len(units) else None
    return following is not None and following.kind == "byline"


def place_end_mark(body: list[Unit], lede: Unit | None) -> bool:
    """The last paragraph's dingbat (``n`` from a symbol font, ■) becomes ■."""
    flow = [u for u in body if u.kind in ("para", "item")] or ([lede] if lede else [])
    if not flow:
        return False
    last = flow[-1]
    match = re.search(r"(?<=[.!?”’)…])\s+(\S)$", last.text)
    if match and match.group(1) in END_MARKS:
        last.text = last.text[: match.start()] + " " + END_MARK
        return True
    for unit in flow:
        if END_MARK in unit.text:
            return True
    return False


def render(parts: Parts, report: ImportReport, meta: dict) -> str:
    """The manuscript: YAML front matter, then the body in the manuscript format."""
    out = [render_front_matter(parts.front, report, meta), ""]
    if parts.lede is not None:
        out += ["::: lede", escape_markdown(parts.lede.text), ":::", ""]
    out += render_units(parts.body)
    if parts.box is not None:
        title, items = parts.box
        out += [f"::: box {title}".rstrip()]
        out += [f"- {escape_markdown(u.text)}" for u in items]
        out += [":::", ""]
    out += render_units(parts.after_box)
    return "\n".join(out).rstrip("\n") + "\n"


def render_units(units: list[Unit]) -> list[str]:
    out: list[str] = []
    previous = None
    for unit in units:
        if unit.kind == "heading":
            out += [f"## {escape_markdown(unit.text, heading=True)}", ""]
        elif unit.kind == "item":
            out.append(f"- {escape_markdown(unit.text)}")
        else:
            if previous is not None and previous.kind == "item":
                out.append("")
            out += [escape_markdown(unit.text), ""]
        previous = unit
    if previous is not None and previous.kind == "item":
        out.append("")
    return out


def escape_markdown(text: str, heading: bool = False) -> str:
    """Text that Markdown would read as markup, made literal."""
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`")
    text = re.sub(r"(?<!\w)_|_(?!\w)", r"\\_", text)
    text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)
    if heading:
        return re.sub(r"(#+)$", r"\\\1", text)
    text = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", text)
    return re.sub(r"^([-+>#=]|:::)", r"\\\1", text)


def render_front_matter(front: dict, report: ImportReport, meta: dict) -> str:
    fields: list[tuple[str, object, str]] = []
    title = front.get("title") or meta.get("title")
    if title:
        fields.append(("title", title, ""))
    else:
        fields.append(("title", TITLE_PLACEHOLDER, "TODO: the headline was not in the source"))
        report.placeholders.append("title")
    if front.get("kicker") or meta.get("kicker"):
        fields.append(("kicker", front.get("kicker") or meta.get("kicker"), ""))
    byline = front.get("byline") or meta.get("byline")
    if byline:
        author = author_of(byline)
        if author:
            fields.append(("author", author, ""))
        fields.append(("byline", byline, ""))
    else:
        report.placeholders.append("byline")
    fields.append(("lang", report.lang, ""))
    for key in ("date", "publication", "issue"):
        if meta.get(key):
            fields.append((key, meta[key], ""))
    source = report.source or "a text"
    lines = ["---", f"# Imported by pamphletpress from {source}: fill in the fields marked TODO."]
    for key, value, comment in fields:
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=10_000, sort_keys=False)
        lines.append(dumped.strip() + (f"  # {comment}" if comment else ""))
    if not meta.get("date"):
        lines.append("# date: YYYY-MM-DD  # TODO: the date was not in the source")
        report.placeholders.append("date")
    if report.byline is None and not byline:
        lines.append("# byline: door …  # TODO: no byline was found")
    lines.append("---")
    return "\n".join(lines)


def author_of(byline: str) -> str | None:
    """The name in ``door Danny Byrne (ISA), …``, when the byline is that plain."""
    match = re.match(
        r"(?i:door|by|von|par|por|di):?\s+("
        r"[A-ZÀ-Þ][\w’'.-]+(?:\s(?:(?:van|de|der|den|ter|ten|te|het|von|du|da|le|la)\s)*"
        r"[A-ZÀ-Þ][\w’'.-]+){0,3})\s?(?=$|[(,–—])",
        byline,
    )
    return match.group(1).strip() if match else None


# --------------------------------------------------------------------------- other layouts

PAGE_NUMBER_RE = re.compile(
    r"(?:[-–—]\s*)?(?:(?:pagina|blz\.?|page|p\.)\s*)?\d{1,3}(?:\s*[-–—])?(?:\s*(?:/|van|of)\s*\d{1,3})?",
    re.I,
)


def remove_page_furniture(lines: list[Line]) -> tuple[list[Line], list[str], dict[str, int]]:
    """Page numbers and running heads out of the text: lines that stand alone between
    blank lines (or page ends) and are a number, or repeat on several pages.

    A removed line leaves a blank in its place, so a paragraph broken by the page
    end is rejoined (or not) as at a column end.
    """

    def alone(index: int) -> bool:
        line = lines[index]
        before = index == 0 or line.blank_before
        after = index + 1 == len(lines) or lines[index + 1].blank_before
        return before and after

    def shape(text: str) -> str:
        return re.sub(r"\d+", "#", text.casefold())

    shapes: dict[str, int] = {}
    for index, line in enumerate(lines):
        if alone(index) and len(line.text) <= 80:
            shapes[shape(line.text)] = shapes.get(shape(line.text), 0) + 1
    numbers: list[str] = []
    heads: dict[str, int] = {}
    kept: list[Line] = []
    gap = False
    for index, line in enumerate(lines):
        if alone(index) and PAGE_NUMBER_RE.fullmatch(line.text):
            numbers.append(line.text)
        elif alone(index) and len(line.text) <= 80 and shapes.get(shape(line.text), 0) >= 2:
            heads[line.text] = heads.get(line.text, 0) + 1
        else:
            if gap:
                line.blank_before = line.after_furniture = bool(kept)
            kept.append(line)
            gap = False
            continue
        gap = True
    return kept, numbers, heads


def separate_opening(importer: Importer) -> None:
    """Headline, lede, byline and intertitles of a layout whose extraction has no blank
    lines between them (one column, title on top): a blank line is put where each ends.
    """
    lines = importer.lines
    if not lines:
        return
    report = importer.report

    def set_apart(index: int, what: str) -> None:
        if 0 < index < len(lines) and not lines[index].blank_before:
            lines[index].blank_before = True
            report.separated.append(what)

    # The headline: up to three short lines without closing punctuation, then a
    # line starting with a capital (the lede or the text).
    count = 0
    while (
        count < min(3, len(lines) - 1)
        and not re.search(r"[.,;:!?]$", lines[count].text)
        and importer.width(lines[count]) <= 0.8
        and (count == 0 or not lines[count].blank_before)
    ):
        count += 1
        if importer.next_starts_paragraph(lines[count]) and not lines[count].text[:1].isdigit():
            break
    headline = " ".join(line.text for line in lines[:count])
    if count and len(headline) <= 140 and importer.next_starts_paragraph(lines[count]):
        set_apart(count, "headline")
    # The byline: "door/by Name …" near the top, after a finished sentence or the headline.
    for index in range(1, min(len(lines), 15)):
        line = lines[index]
        words = line.text.split(" ")
        if (
            len(words) >= 2
            and len(words) <= 12
            and words[0].lower().rstrip(":") in BYLINE_WORDS
            and (words[1][:1].isupper() or words[1][:1] in "‘“(")
            and (lines[index - 1].ends_sentence or index == count)
        ):
            if line.blank_before:
                break  # the source sets it apart itself
            set_apart(index, "byline")
            if importer.width(line) <= 0.7:  # a full line may go on below
                set_apart(index + 1, "text after the byline")
            break
    # Intertitles: a short unpunctuated line between a finished sentence and a capital.
    for index in range(1, len(lines) - 1):
        line, before, after = lines[index], lines[index - 1], lines[index + 1]
        if (
            before.ends_sentence
            and not re.search(r"[.,;:!\-‐–—]$", line.text)
            and not line.bullet
            and not after.bullet
            and len(line.text.split()) <= 10
            and importer.width(line) <= 0.6
            and importer.next_starts_paragraph(after)
            and not (line.blank_before and after.blank_before)
        ):
            set_apart(index, f"intertitle “{line.text}”")
            set_apart(index + 1, "text after an intertitle")


def lede_before_byline(units: list[Unit]) -> list[Unit]:
    """Between headline and byline stands one lede, however its short lines fell."""
    kinds = [u.kind for u in units]
    if "byline" not in kinds or "title" not in kinds:
        return units
    start, end = kinds.index("title") + 1, kinds.index("byline")
    between = units[start:end]
    if len(between) < 2 or any(u.kind != "para" for u in between):
        return units
    lede = Unit("para", [line for u in between for line in u.lines])
    lede.text = " ".join(u.text for u in between)
    return units[:start] + [lede] + units[end:]


# --------------------------------------------------------------------------- public API


def import_text(
    text: str,
    *,
    lang: str = "nl",
    source_name: str = "",
    meta: dict | None = None,
    pages: list[int] | None = None,
) -> ImportResult:
    """A manuscript from a printed paper's text (one line per printed line).

    ``meta`` adds front matter known from elsewhere (a PDF's running footer);
    ``pages`` gives each input line's page, for the report.
    """
    lines, numbers, heads = remove_page_furniture(split_lines(text, pages))
    importer = Importer(lines, lang, source_name)
    importer.report.page_numbers, importer.report.running_heads = numbers, heads
    separate_opening(importer)
    units = lede_before_byline(importer.segment())
    parts = arrange(importer, units)
    markdown = render(parts, importer.report, meta or {})
    return ImportResult(markdown, importer.report)


def import_pdf(path: Path, **kw) -> ImportResult:
    """A manuscript from a PDF: its text read column by column, then :func:`import_text`."""
    extracted = extract_pdf(Path(path))
    kw.setdefault("source_name", Path(path).name)
    if kw.get("lang") is None:
        kw["lang"] = extracted.lang or "nl"  # the PDF's /Lang, as the tool writes it
    meta = {**extracted.meta, **(kw.pop("meta", None) or {})}
    result = import_text(extracted.text, meta=meta, pages=extracted.pages, **kw)
    result.report.ligatures = extracted.ligatures
    for line, text in extracted.doubts:
        result.report.doubtful.append(
            Doubt(line, text, "check the word", extracted.pages[line - 1])
        )
    return result


def run_import(
    src: Path, out: Path | None = None, *, force: bool = False, lang: str | None = None
) -> ImportResult:
    """The ``import`` command: read ``src`` (.pdf or text), write the manuscript safely.

    ``lang`` defaults to the PDF's own language, or Dutch for a text file."""
    src = Path(src)
    if not src.is_file():
        raise PamphletError("does not exist or is not a file; give a .txt or .pdf file", src)
    if src.suffix.lower() == ".pdf":
        result = import_pdf(src, lang=lang)
    else:
        result = import_text(read_text_file(src), lang=lang or "nl", source_name=src.name)
    target = Path(out) if out else Path("manuscript") / f"{_slug(src.stem)}.md"
    write_new(target, result.markdown, force=force)
    result.path = target
    return result


def read_text_file(path: Path) -> str:
    """UTF-8 (with or without BOM); an old Windows export as cp1252."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def write_new(target: Path, text: str, *, force: bool = False) -> None:
    """Write through a temporary file; never replace an existing file unless forced."""
    if target.is_dir():
        raise OutputError("is a folder; give a file name (-o manuscript/artikel.md)", target)
    if target.exists() and not force:
        raise OutputError("exists already; choose another name or use --force", target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if force:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)  # fails if someone made the file meanwhile
            except FileExistsError as exc:
                raise OutputError("exists already; use --force to replace it", target) from exc
            except OSError:
                os.replace(temporary, target)  # a file system without hard links
    except OSError as exc:
        raise OutputError(f"cannot be written: {exc.strerror or exc}", target) from exc
    finally:
        temporary.unlink(missing_ok=True)


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "artikel"


# --------------------------------------------------------------------------- PDF


@dataclass
class Extracted:
    text: str
    pages: list[int]
    meta: dict
    lang: str | None = None
    ligatures: int = 0
    doubts: list[tuple[int, str]] = field(default_factory=list)


LIGATURES = ("ff", "fi", "fl", "ffi", "ffl", "ft", "st")


def extract_pdf(path: Path) -> Extracted:
    """The text of a PDF in reading order, with blank lines where the layout shows a
    new paragraph (indent, space, change of type); running heads and feet left out."""
    from pamphletpress.check import pdfread

    pdf = pdfread.read(path)
    pages = [[glyph(c) for c in page.chars] for page in pdf.pages]
    heights = [page.height for page in pdf.pages]
    lang, title = pdf.lang, pdf.title
    repaired, unknown = repair_ligatures(pages)
    body = body_style(pages)
    rows = [rows_of(glyphs) for glyphs in pages]
    footer = drop_running_lines(rows, heights, body)
    ordered: list[PdfLine] = []
    for number, page_rows in enumerate(rows, start=1):
        ordered.extend(reading_order(page_rows, number, body))
    text_lines, page_of = paragraph_lines(ordered)
    doubts = [
        (i + 1, f"unreadable glyph in “{t}”") for i, t in enumerate(text_lines) if "\ufffd" in t
    ]
    meta = running_meta(footer)
    if title:
        meta["title"] = title  # used only when the page shows no headline
    return Extracted("\n".join(text_lines), page_of, meta, lang, repaired, doubts)


def repair_ligatures(pages: list[list[Glyph]]) -> tuple[int, int]:
    """Glyphs without text are ligatures the PDF forgot to map (ff, ffi): measure them
    against the widths of f, i, l and t in the same font and size."""
    widths: dict[tuple[str, float, str], list[float]] = {}
    for glyphs in pages:
        for g in glyphs:
            if g.text in ("f", "i", "l", "t", "s"):
                widths.setdefault((g.font, round(g.size, 2), g.text), []).append(g.x1 - g.x0)
    repaired = unknown = 0
    for glyphs in pages:
        for g in glyphs:
            if g.text:
                continue
            width = g.x1 - g.x0
            best, error = None, 0.06 * g.size
            for candidate in LIGATURES:
                parts = [widths.get((g.font, round(g.size, 2), c)) for c in candidate]
                if any(p is None for p in parts):
                    continue
                guess = sum(statistics.median(p) for p in parts)
                if abs(guess - width) < error:
                    best, error = candidate, abs(guess - width)
            if best:
                g.text = best
                repaired += 1
            elif width > 0.2 * g.size:
                g.text = "\ufffd"
                unknown += 1
    return repaired, unknown


def running_meta(footer: list[str]) -> dict:
    """Publication and issue from a running foot ``Naam · maart 2022   3``."""
    for text in footer:
        text = re.sub(r"\s+\d+\s*$", "", text).strip()
        if " · " in text:
            publication, issue = text.split(" · ", 1)
            return {"publication": publication.strip(), "issue": issue.strip()}
    return {}


def paragraph_lines(lines: list[PdfLine]) -> tuple[list[str], list[int]]:
    """The text, one printed line a line, with a blank line where the layout shows a
    break: other type, extra space above, or a first-line indent."""
    pitch = _pitches(lines)
    lefts = _column_lefts(lines)
    out: list[str] = []
    page_of: list[int] = []
    in_list: float | None = None
    previous: PdfLine | None = None
    for line in lines:
        bullet = line.text.startswith(BULLETS) or line.text[:1] in "•▪◦●"
        text = re.sub(r"^[•▪◦●]\s*", "- ", line.text)
        left = lefts.get((line.page, line.column, line.style), line.x0)
        indented = line.x0 - left > 0.4 * line.size
        brk = False
        if previous is not None:
            same_flow = previous.page == line.page and previous.column == line.column
            gap = line.bottom - previous.bottom
            if line.style != previous.style:
                brk = True
            elif same_flow and gap > 1.3 * pitch.get(line.style, 1.25 * line.size):
                brk = True
            elif bullet or _turned(line, in_list):
                brk = False
            elif indented or in_list is not None:
                brk = True  # a first-line indent, or the text after a list
        if bullet:
            in_list = _text_start(line)
        elif not _turned(line, in_list):
            in_list = None
        if brk and out:
            out.append("")
            page_of.append(line.page)
        out.append(text)
        page_of.append(line.page)
        previous = line
    return out, page_of


def _turned(line: PdfLine, text_start: float | None) -> bool:
    """A list item's second line, set flush with the text after the bullet."""
    return text_start is not None and abs(line.x0 - text_start) < 1.5


def _text_start(line: PdfLine) -> float:
    """Where the text after a bullet starts: the left edge of its turned lines."""
    ink = [g for g in line.glyphs if not g.blank]
    return ink[1].x0 if len(ink) > 1 else line.x0


def _pitches(lines: list[PdfLine]) -> dict[tuple, float]:
    gaps: dict[tuple, list[float]] = {}
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and a.column == b.column and a.style == b.style:
            gap = b.bottom - a.bottom
            if 0 < gap < 3 * a.size:
                gaps.setdefault(a.style, []).append(gap)
    return {style: statistics.median(values) for style, values in gaps.items()}


def _column_lefts(lines: list[PdfLine]) -> dict[tuple, float]:
    """The usual left edge of each column and type on each page (the unindented lines)."""
    edges: dict[tuple, Counter] = {}
    for line in lines:
        edges.setdefault((line.page, line.column, line.style), Counter())[round(line.x0)] += 1
    shared: dict[tuple, Counter] = {}
    for (_page, column, style), counts in edges.items():
        shared.setdefault((column, style), Counter()).update(counts)
    lefts: dict[tuple, float] = {}
    for key, counts in edges.items():
        if sum(counts.values()) < 3:  # too few lines here: the edge the other pages show
            counts = shared[key[1:]]
        common = counts.most_common(1)[0][0]
        lefts[key] = min(x for x in counts if abs(x - common) < 1.5)
    return lefts
