"""The article's units (paragraph, intertitle, item, box, byline …) and the places they go.

The lines are grouped into units and joined across their breaks, then put in their
places: front matter, lede, body, box, end mark.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from pamphletpress.compose.hyphenation import WORD_RE
from pamphletpress.i18n import _
from pamphletpress.importer.hyphens import apply_hyphen, decide_hyphen, gather_evidence
from pamphletpress.importer.lines import (
    LINE_END_HYPHENS,
    Line,
    all_caps,
    blocks_of,
    column_measure,
    natural_width,
)
from pamphletpress.importer.report import Doubt, ImportReport

END_MARK = "■"
#: Dingbats that stand for the end mark; a lone ``n`` is ■ in a dingbat font.
END_MARKS = ("■", "◼", "▪", "∎", "n")
#: Words that open a byline, per language; all are tried.
BYLINE_WORDS = ("door", "by", "von", "par", "por", "di")

#: Paragraph ends: a sentence-ending line narrower than this share of the column is short.
SHORT_LINE = 0.85
#: Between SHORT_LINE and this, a sentence-ending line may or may not end a paragraph.
DOUBTFUL_LINE = 0.92
#: Intertitle lines are at most this share of the column.
HEADING_LINE = 0.92
#: A line closed by punctuation (a closing quote or bracket may follow): no intertitle.
CLOSED = r"[.,;:!\-‐–—][”’\"'»)\]]*$"
#: An attribution ("— Name") or a dialogue line opens with a dash: no intertitle either.
DASHES = ("—", "–", "- ")
#: The lede's lines are at least this much wider than the body's.
LEDE_WIDTH = 1.15


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
                    self.doubt(
                        block[0],
                        _("“{text}…” ends with “?”").format(text=block[0].text),
                        "an intertitle",
                    )
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
        if all_caps(" ".join(line.text for line in second)) and not all_caps(
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
            and (self.width(first) <= HEADING_LINE or all_caps(text))
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
        if re.search(CLOSED, text) or block[-1].ends_hyphen or text.startswith(DASHES):
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
                self.doubt(p, _("“…{text}” ends a short line without punctuation")
                           .format(text=p.text[-30:]), _("taken as a paragraph end"))  # fmt: skip
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
            self.doubt(
                p,
                _("“…{text}” may end a paragraph").format(text=p.text[-30:]),
                _("kept in one paragraph"),
            )
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


# --------------------------------------------------------------------------- places


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
            if all_caps(text) and (unit.kind == "kicker" or " " in text):
                text = sentence_case(text, importer.ev.cased)
            front.setdefault(unit.kind, text)
        elif unit.kind == "byline":
            front.setdefault("byline", unit.text)
        elif unit.kind == "box_title":
            title = unit.text
            title = sentence_case(title, importer.ev.cased) if all_caps(title) else title
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


# --------------------------------------------------------------------------- other layouts


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
                set_apart(index + 1, _("text after the byline"))
            break
    # Intertitles: a short unpunctuated line between a finished sentence and a capital.
    for index in range(1, len(lines) - 1):
        line, before, after = lines[index], lines[index - 1], lines[index + 1]
        if (
            before.ends_sentence
            and not re.search(CLOSED, line.text)
            and not line.text.startswith(DASHES)
            and not line.bullet
            and not after.bullet
            and len(line.text.split()) <= 10
            and importer.width(line) <= 0.6
            and importer.next_starts_paragraph(after)
            and not (line.blank_before and after.blank_before)
        ):
            set_apart(index, f"intertitle “{line.text}”")
            set_apart(index + 1, _("text after an intertitle"))


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
