"""What other papers' extractions hold that this repository's layout does not: the author
and the date each on a line of their own under the headline, a table set in columns,
a quotation with its attribution line, and a block of notes at the article's end.

Each is found on the text's own evidence and said in the report with its line, so
an editor can check what was decided: a table by rows whose cells stand apart by two
or more spaces (``pdftotext -layout``, a copied table) in the same number of columns;
a name as two to four capitalised words, a date in words or digits (Dutch, English,
German, French months); a quotation as a paragraph quoted whole and followed by a line
``— Name``; notes as the last lines that open with a note mark (``¹``, ``[1]``, or a
number when the text calls it after a word), each matched with its call in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pamphletpress.i18n import _
from pamphletpress.importer.lines import Line, blocks_of
from pamphletpress.importer.rendering import escape_markdown
from pamphletpress.importer.report import ImportReport
from pamphletpress.importer.units import Parts, Unit

#: A table's row: at least two cells apart by two or more spaces (or a tab).
CELL_GAP = re.compile(r"(?: {2,}|\t+)")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPTS, "0123456789")
#: A note's mark at the start of its line: ¹, [1], 1., 1) or 1 followed by text.
NOTE_MARK = re.compile(
    rf"^(?:([{SUPERSCRIPTS}]+)\s*|\[(\d+)\]\s+|(\d+)(?:[.)]?\s+|(?=[A-ZÀ-Þ“‘\"(])))(?=\S)"
)
#: Month names and their usual abbreviations (Dutch, English, German, French).
MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "januar": 1, "februar": 2, "märz": 3, "dezember": 12, "janvier": 1,
    "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = (
    "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|"
    "thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
    "sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
)
DATE_WORDS = re.compile(
    rf"^(?:(?:{WEEKDAYS}),?\s+)?(\d{{1,2}})\.?\s+([a-zäéû]+)\.?\s+(\d{{4}})$|"
    rf"^(?:(?:{WEEKDAYS}),?\s+)?([a-z]+)\.?\s+(\d{{1,2}}),?\s+(\d{{4}})$",
    re.I,
)
DATE_DIGITS = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$|^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
NAME = re.compile(
    r"^[A-ZÀ-Þ][\w’'.-]+(?:\s+(?:(?:van|de|der|den|ter|ten|te|het|von|du|da|le|la|el|al|bin)"
    r"\s+)*[A-ZÀ-Þ][\w’'.-]+){1,3}$"
)
#: An attribution under a quotation: "— Ahmed Bouali, raadslid".
ATTRIBUTION = re.compile(r"^[—–-]\s*([A-ZÀ-Þ].{1,80})$")
OPENING_QUOTES = '“„"‘‚«'
CLOSING_QUOTES = '”"’»“'


@dataclass
class Found:
    """What this module found, for the front matter and the report."""

    author: tuple[int, str] | None = None
    date: tuple[int, str, str] | None = None  # line, as printed, as YYYY-MM-DD
    tables: list[tuple[int, str]] = field(default_factory=list)  # first line, Markdown
    quotes: list[tuple[int, str]] = field(default_factory=list)  # line, attribution
    notes: list[tuple[int, str]] = field(default_factory=list)  # line, number
    uncalled: list[str] = field(default_factory=list)
    decided: set[int] = field(default_factory=set)  # lines whose doubts these settle

    def meta(self) -> dict:
        meta = {}
        if self.author:
            meta["author"] = self.author[1]
        if self.date:
            meta["date"] = self.date[2]
        return meta

    def summary(self) -> list[str]:
        lines = []
        if self.author:
            lines.append(
                _("author: “{author}” (line {author2}, a line of its own)").format(
                    author=self.author[1], author2=self.author[0]
                )
            )
        if self.date:
            line, shown, iso = self.date
            lines.append(
                _("date: “{shown}” → {iso} (line {line})").format(shown=shown, iso=iso, line=line)
            )
        for line, table in self.tables:
            rows = table.count("\n")
            columns = table.split("\n")[0].count("|") - 1
            lines.append(
                _(
                    "table at line {line}: {columns} columns, {rows} rows (first row: header)"
                ).format(line=line, columns=columns, rows=rows)
            )
        for line, who in self.quotes:
            lines.append(
                _("quotation at line {line}, attributed to “{who}”").format(line=line, who=who)
            )
        if self.notes:
            numbers = ", ".join(number for _line, number in self.notes)
            lines.append(
                _(
                    "notes at the end: {notes_count} (line {notes}: {numbers}), each called "
                    "in the text"
                ).format(notes_count=len(self.notes), notes=self.notes[0][0], numbers=numbers)
            )
        for number in self.uncalled:
            lines.append(
                _("note {number}: no call in the text; printed after the article").format(
                    number=number
                )
            )
        return lines


# ------------------------------------------------------------------ before the lines


def pull_tables(text: str, found: Found) -> str:
    """Tables out of the text (each replaced by a placeholder paragraph of its own)."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        run = _table_run(lines, index)
        if run < 2:
            out.append(lines[index])
            index += 1
            continue
        rows = [CELL_GAP.split(line.strip()) for line in lines[index : index + run]]
        found.tables.append((index + 1, _markdown_table(rows)))
        # as many lines as the table had, so that the lines after it keep their numbers
        out += ["", _placeholder(len(found.tables))] + [""] * max(1, run - 2)
        index += run
    return "\n".join(out)


def _table_run(lines: list[str], start: int) -> int:
    """How many lines from ``start`` are rows of one table (three or more cells each,
    or two where every row has them), 0 if none."""
    count = 0
    columns = None
    while start + count < len(lines):
        line = lines[start + count].strip()
        cells = CELL_GAP.split(line) if line else []
        if len(cells) < 2 or len(line) > 120 or (columns is not None and len(cells) != columns):
            break
        columns = len(cells)
        count += 1
    if columns == 2 and count < 3:
        return 0
    return count


def _markdown_table(rows: list[list[str]]) -> str:
    width = max(len(row) for row in rows)
    lines = []
    for number, row in enumerate(rows):
        cells = [escape_markdown(c).replace("|", "\\|") for c in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if number == 0:
            lines.append("|" + "|".join(["---"] * width) + "|")
    return "\n".join(lines)


def _placeholder(number: int) -> str:
    return f"PAMPHLETPRESSTABLE{number}."


# ------------------------------------------------------------------ on the lines


def pull_author_and_date(lines: list[Line], found: Found) -> list[Line]:
    """The author's name and the date, each a line of its own between the headline and
    the text, out of the lines (into the front matter)."""
    blocks = blocks_of(lines)
    if len(blocks) < 3 or len(blocks[0]) > 4:
        return lines
    taken: set[int] = set()
    for block in blocks[1:3]:
        if len(block) > 3:
            break
        kinds = [_own_line(line) for line in block]
        if not all(kinds):
            break
        for line, kind in zip(block, kinds):
            if kind == "author" and found.author is None:
                found.author = (line.no, line.text)
            elif kind[0] == "date" and found.date is None:
                found.date = (line.no, line.text, kind[1])
            else:
                return lines
            taken.add(line.no)
    kept = [line for line in lines if line.no not in taken]
    for previous, line in zip(kept, kept[1:]):
        if (
            previous.no + 1 < line.no
            and not line.blank_before
            and taken & set(range(previous.no + 1, line.no))
        ):
            line.blank_before = True
    return kept


def _own_line(line: Line) -> str | tuple[str, str] | None:
    text = line.text.strip()
    date = iso_date(text)
    if date:
        return ("date", date)
    if NAME.match(text) and len(text) <= 40:
        return "author"
    return None


def iso_date(text: str) -> str | None:
    """``12 maart 2026``, ``March 12, 2026``, ``12-03-2026`` → ``2026-03-12``."""
    text = text.strip().rstrip(".")
    match = DATE_WORDS.match(text)
    if match:
        if match.group(1):
            day, month, year = match.group(1), match.group(2), match.group(3)
        else:
            month, day, year = match.group(4), match.group(5), match.group(6)
        number = MONTHS.get(month.lower())
        if number and 1 <= int(day) <= 31:
            return f"{year}-{number:02d}-{int(day):02d}"
        return None
    match = DATE_DIGITS.match(text)
    if match:
        if match.group(1):
            year, month, day = match.group(1), match.group(2), match.group(3)
        else:
            day, month, year = match.group(4), match.group(5), match.group(6)
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            return f"{year}-{int(month):02d}-{int(day):02d}"
    return None


def set_notes_apart(lines: list[Line]) -> None:
    """The notes at the end: each opens a paragraph of its own."""
    start = _notes_start(lines)
    if start is None:
        return
    for line in lines[start:]:
        if NOTE_MARK.match(line.text):
            line.blank_before = True


def _notes_start(lines: list[Line]) -> int | None:
    """Where the block of notes at the end begins: marks 1, 2, … in order, from a line
    after a blank one to the end."""
    for start in range(len(lines) - 1, 0, -1):
        if not lines[start].blank_before:
            continue
        numbers = [_mark_number(line.text) for line in lines[start:]]
        marked = [n for n in numbers if n is not None]
        if marked and numbers[0] == 1 and marked == list(range(1, len(marked) + 1)):
            return start
    return None


def _mark_number(text: str) -> int | None:
    match = NOTE_MARK.match(text)
    if not match:
        return None
    mark = match.group(1) or match.group(2) or match.group(3)
    return int(mark.translate(_FROM_SUPERSCRIPT))


# ------------------------------------------------------------------ on the units


def finish(parts: Parts, found: Found, report: ImportReport) -> None:
    """Tables, quotations and notes in their places among the units; the report's count
    of paragraphs and its doubts brought up to date."""
    flow = parts.after_box if parts.after_box else parts.body
    _take_notes(parts, flow, found)
    for units in (parts.body, parts.after_box):
        _quotations(units, found)
        for unit in units:
            match = re.fullmatch(r"PAMPHLETPRESSTABLE(\d+)\.", unit.text)
            if unit.kind == "para" and match:
                unit.kind, unit.text = "raw", found.tables[int(match.group(1)) - 1][1]
    report.paragraphs = sum(1 for u in parts.body + parts.after_box if u.kind == "para")
    report.doubtful = [d for d in report.doubtful if d.line not in found.decided]


def _take_notes(parts: Parts, flow: list[Unit], found: Found) -> None:
    notes: list[Unit] = []
    while flow and flow[-1].kind == "para" and NOTE_MARK.match(flow[-1].text):
        notes.insert(0, flow.pop())
    numbers = [_mark_number(n.text) for n in notes]
    if not notes or numbers != list(range(1, len(notes) + 1)):
        flow.extend(notes)
        return
    units = parts.body + parts.after_box + ([parts.lede] if parts.lede else [])
    for unit, number in zip(notes, numbers):
        called = any(_call(u, number) for u in units)
        if not called:
            found.uncalled.append(str(number))
        unit.kind = "raw"
        text = NOTE_MARK.sub("", unit.text, count=1)
        unit.text = f"[^{number}]: {escape_markdown(text)}"
        found.notes.append((unit.lines[0].no, str(number)))
        found.decided |= {line.no for line in unit.lines}
    flow.extend(notes)


def _call(unit: Unit, number: int) -> bool:
    """Replace the call of note ``number`` in ``unit`` (¹, [1], or 1 after a word's end)."""
    if unit.kind not in ("para", "item", "heading"):
        return False
    superscript = str(number).translate(str.maketrans("0123456789", SUPERSCRIPTS))
    for pattern in (
        # a raised figure is a call (a PDF's may stand apart), but not m² or km²
        rf"(?<!\bm)(?<!\b[ckdm]m) ?{re.escape(superscript)}(?![{SUPERSCRIPTS}])",
        rf"\[{number}\]",
        rf"(?<=[a-z.,;:!?”’)]){number}(?=\s|$)",
    ):
        text, count = re.subn(pattern, f"[^{number}]", unit.text, count=1)
        if count:
            unit.text = text
            return True
    return False


def _quotations(units: list[Unit], found: Found) -> None:
    """A paragraph quoted whole, then ``— Name``: a quotation with its attribution."""
    index = 0
    while index + 1 < len(units):
        unit, following = units[index], units[index + 1]
        attribution = ATTRIBUTION.match(following.text) if following.kind == "para" else None
        text = unit.text
        if (
            unit.kind == "para"
            and attribution
            and text[:1] in OPENING_QUOTES
            and text.rstrip()[-1:] in CLOSING_QUOTES
            and sum(text.count(q) for q in "“„«") <= 1
        ):
            who = attribution.group(1).strip()
            unit.kind = "quote"
            unit.text = f"{text} — {who}"
            found.quotes.append((unit.lines[0].no, who))
            found.decided |= {line.no for line in unit.lines + following.lines}
            del units[index + 1]
        index += 1
