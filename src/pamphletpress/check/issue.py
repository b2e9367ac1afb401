"""An issue's PDF read back as a print shop and an editor check it: page count, jumps, contents.

Figures: the page count (a multiple of 4, or it fails), the unused room at the
foot of every column (in body lines and as a share of the text block), every
jump line whose page number does not point at the matching ``Vervolg van
pagina`` (fails), headlines with fewer than three lines below them (in any
column where their article reaches the foot and goes on) or side by side at one
height (fail), an article that runs on at the next page's top
without a jump line (fails, unless it fills the page before: a long article
running on), and the contents box's page numbers against the pages the
headlines stand on (fail when wrong). A page but the last with more than
``MAX_EMPTY_LINES`` empty lines at a column's foot fails; above ``GOAL_EMPTY``
lines or ``GOAL_UNUSED`` of the text block it warns. The last page (the last with
anything on it) is held to issue 19's looser goal: above ``GOAL_LAST`` of its text
block unused it warns, however empty: the print shop prints a thin back page as it
prints a blank one (padding, the last resort, also a warning), and only the editor,
adding or taking out content, can fill it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pamphletpress.check.pdfread import read
from pamphletpress.check.report import FAIL, INFO, PASS, WARN, Report
from pamphletpress.i18n import _

#: The jump lines' words, as the issue layout writes them (nl, en, de).
OUT = re.compile(r"(?:Lees verder op pagina|Continued on page|Weiter auf Seite)\s+(\d+)")
IN = re.compile(r"(?:Vervolg van pagina|Continued from page|Fortsetzung von Seite)\s+(\d+)", re.I)
CONTENTS = re.compile(r"^(?:In dit nummer|In this issue|In dieser Ausgabe)$", re.I)
HEADLINE_PT = 14.5  # headlines are set at 15 pt and more; the body at 9.5
BODY_PT = 9.5
LEADING = 12.5
MIN_LINES = 3
GUTTER_PT = 12  # the column gap is 5 mm (14 pt); a word space is under 8 pt
GOAL_UNUSED = 0.03  # share of a page's text block left empty (the last page not counted)
GOAL_EMPTY = 2  # empty lines at a column's foot a page may have
MAX_EMPTY_LINES = 6  # more, on a page but the last, and the page fails
GOAL_LAST = 0.15  # share of the last page's text block left empty (issue 19)


@dataclass
class TextLine:
    """Glyphs on one baseline in one column of a page."""

    page: int
    column: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str


@dataclass
class IssueFigures:
    """What ``check`` measured on an issue's PDF."""

    pages: int = 0
    empty_lines: dict[int, list[float]] = field(default_factory=dict)  # page → per column
    unused: dict[int, float] = field(default_factory=dict)  # page → share of the text block
    jumps: list[tuple[int, int, bool]] = field(default_factory=list)  # from, to, right
    stranded: list[tuple[int, str]] = field(default_factory=list)
    tombstones: list[tuple[int, str, str]] = field(default_factory=list)
    contents: list[tuple[str, int, int | None]] = field(default_factory=list)  # title, said, is
    splits: list[int] = field(default_factory=list)  # pages an article runs on to, unannounced
    continued: list[tuple[int, str]] = field(default_factory=list)  # page, headline continued
    opens: set[int] = field(default_factory=set)  # pages whose first column opens a start
    #: gaps in a column's text over two lines: page, column (0, 1), lines, what follows
    #: ("body": text runs on below it; "start": a headline, kicker or box; "foot": nothing;
    #: "opening": an opening across the columns stands beside it, in the other column)
    gaps: list[tuple[int, int, float, str]] = field(default_factory=list)
    blank: list[int] = field(default_factory=list)  # pages with nothing on them: padding

    @property
    def last(self) -> int:
        """The last page with anything on it (blank padding pages after it)."""
        return max((n for n in range(1, self.pages + 1) if n not in self.blank), default=0)


def lines_of(page) -> list[TextLine]:
    """The page's lines, split at the middle of the page into two columns."""
    middle = (page.trim[0] + page.trim[2]) / 2
    groups: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for char in page.chars:
        if not char["text"].strip() and char["text"] != " ":
            continue
        column = 0 if char["x0"] < middle else 1
        groups[(column, round(char["bottom"]))].append(char)
    merged: list[TextLine] = []
    for (column, _bottom), chars in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        chars.sort(key=lambda c: c["x0"])
        text = chars[0]["text"]
        for before, char in zip(chars, chars[1:]):
            gap = char["x0"] - before["x1"]
            text += (" " if gap > 0.2 * char["size"] else "") + char["text"]
        merged.append(
            TextLine(
                page=page.number,
                column=column,
                top=min(c["top"] for c in chars),
                bottom=max(c["bottom"] for c in chars),
                x0=chars[0]["x0"],
                x1=chars[-1]["x1"],
                size=max(c["size"] for c in chars),
                text=" ".join(text.split()),
            )
        )
    return merged


def measure(path: Path) -> IssueFigures:
    """The issue's figures, read from the PDF at ``path``."""
    pdf = read(path)
    pages = pdf.pages
    figures = IssueFigures(pages=len(pages))
    lines = {page.number: lines_of(page) for page in pages}
    heads: dict[int, list[TextLine]] = {}
    for page in pages:
        found = [ln for ln in lines[page.number] if ln.text]
        body = [ln for ln in found if abs(ln.size - 9.5) < 0.6]
        heads[page.number] = [ln for ln in found if ln.size >= HEADLINE_PT]
        figures.empty_lines[page.number] = [max((ln.bottom for ln in body), default=0)]
        if not any(ln.size >= 9 for ln in found) and not tinted_feet(page):
            figures.blank.append(page.number)  # a folio at most
        _stranded(figures, page.number, heads[page.number], found)
    _jumps(figures, lines)
    _contents(figures, lines, heads)
    finish_feet(figures, lines, {page.number: tinted_feet(page) for page in pages})
    foot = max((ln.bottom for page in lines.values() for ln in page if _is_body(ln)), default=0)
    for number, page_lines in lines.items():
        _stranded_at_foot(figures, number, heads[number], page_lines, foot)
        _gaps(figures, number, page_lines, foot)
    _splits(figures, lines, heads)
    return figures


def _splits(figures: IssueFigures, lines: dict[int, list[TextLine]], heads) -> None:
    """Pages whose first column opens with body text (an article from the page before
    running on) where no jump line on that page points here, unless the page before
    is the running article's alone (no headline below its top)."""
    pointed = {(start, to) for start, to, _right in figures.jumps}
    for number in sorted(lines)[1:]:
        column = sorted((ln for ln in lines[number] if ln.text and ln.column == 0), key=_top)
        content = [ln for ln in column if ln.size >= 9]  # running heads, jump words: smaller
        if not content or abs(content[0].size - BODY_PT) > 0.25:
            figures.opens.add(number)
            continue  # a headline, a kicker, a continuation's head or a box opens the page
        before = [ln for ln in lines.get(number - 1, []) if ln.text and ln.size >= 9]
        if (number - 1, number) in pointed or not before:
            continue
        top = min(ln.top for ln in before)
        foot = max(ln.bottom for ln in before)
        if all(h.top < top + 0.25 * (foot - top) for h in heads.get(number - 1, [])):
            continue  # the page before holds only the article running on
        figures.splits.append(number)


def _top(line: TextLine) -> float:
    return line.top


def tinted_feet(page) -> list[float]:
    """The feet of the tinted boxes across both columns of the page (a light fill: a
    box, the contents, a house box), which fill the text block as text does."""
    middle = (page.trim[0] + page.trim[2]) / 2
    return [
        r["bottom"]
        for r in page.rects
        if r.get("fill")
        and r["x0"] < middle - 20 < middle + 20 < r["x1"]
        and _light(r.get("non_stroking_color"))
    ]


def _light(colour) -> bool:
    """A tint's colour: light CMYK (the accent and black are rules' and text's)."""
    if isinstance(colour, (int, float)):
        colour = (colour,)
    return bool(colour) and len(colour) == 4 and 0 < sum(colour) < 0.5


def finish_feet(
    figures: IssueFigures,
    pdf_lines: dict[int, list[TextLine]],
    boxes: dict[int, list[float]] | None = None,
) -> None:
    """Empty lines and unused share per column, now the issue's text block foot is known
    (a tinted box's foot, in ``boxes`` by page, counts as its columns' last line's)."""
    bottoms = [v[0] for v in figures.empty_lines.values() if v]
    if not bottoms:
        return
    foot = max(bottoms)
    for number, page_lines in pdf_lines.items():
        body = [ln for ln in page_lines if abs(ln.size - 9.5) < 0.6 or ln.size < 9]
        if not body:
            continue
        top = min(ln.top for ln in page_lines)
        per_column = []
        for column in (0, 1):
            mine = [  # not a margin box's folio below the text block
                ln.bottom for ln in page_lines if ln.column == column and ln.bottom <= foot + 2
            ] + [bottom for bottom in (boxes or {}).get(number, []) if bottom <= foot + 2]
            lowest = max(mine) if mine else top
            per_column.append(max(foot - lowest, 0) / LEADING)
        figures.empty_lines[number] = per_column
        height = max(foot - top, 1)
        figures.unused[number] = sum(per_column) * LEADING / (2 * height)


def _stranded(figures: IssueFigures, number: int, heads, found: list[TextLine]) -> None:
    for head in heads:
        below = [
            ln
            for ln in found
            if ln.column == head.column and ln.top > head.bottom and abs(ln.size - 9.5) < 0.6
        ]
        if head.size < 40 and len(below) < MIN_LINES:
            figures.stranded.append((number, head.text))
    by_top: dict[int, list[TextLine]] = defaultdict(list)
    for head in heads:
        by_top[round(head.top)].append(head)
    for row in by_top.values():
        columns = {h.column for h in row}
        if len(columns) > 1:
            # one headline across both columns is cut by the middle, a word space apart;
            # two headlines side by side stand a gutter apart
            left = max(h.x1 for h in row if h.column == 0)
            right = min(h.x0 for h in row if h.column == 1)
            if right - left > GUTTER_PT:
                figures.tombstones.append((number, row[0].text, row[-1].text))


def _is_body(line: TextLine) -> bool:
    return bool(line.text) and abs(line.size - BODY_PT) < 0.6


def _stranded_at_foot(figures, number: int, heads, page_lines: list[TextLine], foot: float):
    """A headline whose article reaches a column's foot (and goes on: a jump line, or
    the next page) with fewer than ``MIN_LINES`` of its body lines in that column: the
    headline is stranded at the page's foot, though the other column holds more."""
    blocks: list[list[TextLine]] = []  # a headline's lines, both columns
    for head in sorted(heads, key=_top):
        if head.size >= 40:
            continue  # the nameplate
        if blocks and head.top - max(h.bottom for h in blocks[-1]) < LEADING:
            blocks[-1].append(head)
        else:
            blocks.append([head])
    for index, block in enumerate(blocks):
        bottom = max(h.bottom for h in block)
        limit = blocks[index + 1][0].top if index + 1 < len(blocks) else foot + LEADING
        if any(text == block[0].text for _n, text in figures.stranded if _n == number):
            continue
        for column in (0, 1):
            mine = [
                ln
                for ln in page_lines
                if ln.column == column and bottom < ln.top and ln.bottom <= limit + 1
            ]
            body = [ln for ln in mine if _is_body(ln)]
            jumps = any(OUT.search(ln.text) for ln in mine)
            at_foot = bool(body) and max(ln.bottom for ln in body) >= foot - LEADING / 2
            if body and (jumps or at_foot) and len(body) < MIN_LINES:
                text = " ".join(h.text for h in sorted(block, key=_top) if h.column == 0)
                figures.stranded.append((number, text or block[0].text))
                break


def _gaps(figures: IssueFigures, number: int, page_lines: list[TextLine], foot: float) -> None:
    """Each column's gaps in its text of more than two lines, and what follows them."""
    for column in (0, 1):
        mine = sorted((ln for ln in page_lines if ln.text and ln.column == column), key=_top)
        for above, below in zip(mine, mine[1:] + [None]):
            lower = below.top if below is not None else foot
            empty = (lower - above.bottom) / LEADING
            if empty > 2.5:
                what = "foot" if below is None else "body" if _is_body(below) else "start"
                beside = [
                    ln
                    for ln in page_lines
                    if ln.column != column and ln.text and ln.size >= 9 and not _is_body(ln)
                ]
                if any(above.bottom <= ln.top < lower for ln in beside):
                    what = "opening"  # a headline, kicker or lede whose lines end short
                figures.gaps.append((number, column, empty, what))


def _jumps(figures: IssueFigures, lines: dict[int, list[TextLine]]) -> None:
    resumed: dict[int, list[int]] = defaultdict(list)  # page → pages it says it came from
    for number, page_lines in lines.items():
        for line in page_lines:
            match = IN.search(line.text)
            if match:
                resumed[number].append(int(match.group(1)))
                title = next(
                    (
                        ln.text
                        for ln in sorted(page_lines, key=_top)
                        if ln.top > line.top and ln.size >= HEADLINE_PT
                    ),
                    "",
                )
                figures.continued.append((number, title))
    for number, page_lines in lines.items():
        for line in page_lines:
            match = OUT.search(line.text)
            if match:
                to = int(match.group(1))
                figures.jumps.append((number, to, number in resumed.get(to, [])))


def _contents(figures: IssueFigures, lines, heads: dict[int, list[TextLine]]) -> None:
    """Each contents entry (a title and a number) against the page of its headline."""
    first = lines.get(1, [])
    start = next((ln for ln in first if CONTENTS.match(ln.text)), None)
    if start is None:
        return
    entries = [ln for ln in first if ln.top > start.top and re.search(r"\s\d+$", ln.text)]
    texts = {number: _key(" ".join(h.text for h in hs)) for number, hs in heads.items()}
    for entry in entries:
        title, said = entry.text.rsplit(" ", 1)
        key = _key(title)
        page = next((n for n, text in sorted(texts.items()) if key and key in text), None)
        figures.contents.append((title, int(said), page))


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


PRISM = re.compile(rb"<prism:(\w+)>([^<]*)</prism:\1>")


def issue_metadata(pdf) -> dict[str, str]:
    """What the PDF's XMP says of the periodical issue it is, by PRISM's names
    (``publicationName``, ``number``, ``coverDate`` …); empty for any other PDF."""
    from html import unescape

    xmp = pdf.reader.trailer["/Root"].get("/Metadata")
    data = xmp.get_object().get_data() if xmp is not None else b""
    return {name.decode(): unescape(value.decode()) for name, value in PRISM.findall(data)}


def check_issue(path: Path, report: Report) -> IssueFigures:
    """The issue's findings added to ``report`` (``issue-…`` codes)."""
    said = issue_metadata(read(path))
    if said.get("publicationName"):
        report.add(
            "issue-metadata",
            INFO,
            _("an issue: {publication} {number}, {date}").format(
                publication=said["publicationName"],
                number=said.get("number", "?"),
                date=said.get("coverDate", "?"),
            ),
        )
    figures = measure(path)
    _holes_judged_as_an_issue(report, figures)
    add_findings(figures, report)
    return figures


HOLE = re.compile(r"(\d+) empty lines (at the foot of|in) the (left|right) column")


def _holes_judged_as_an_issue(report: Report, figures: IssueFigures) -> None:
    """An article's ``pdf-holes`` rule (no short column but on its last page) does not
    fit a page of several articles. The room at a page's foot where the articles above
    end (both columns) and the next page opens with a start (a headline, a jump's head,
    the back matter) is the layout's plan, whose size ``issue-unused`` judges (kept as
    information). Room above the next article's start in one column is an article's
    end whose columns are not level (a warning). A hole with text running on below it,
    or at a foot before a page on which an article runs on, is a real hole: it fails."""
    for finding in report.findings:
        found = HOLE.search(finding.message) if finding.code == "pdf-holes" else None
        if found is None or finding.verdict != FAIL or finding.page is None:
            continue
        page, lines = finding.page, int(found.group(1))
        column = 0 if found.group(3) == "left" else 1
        gaps = [g for g in figures.gaps if g[:2] == (page, column) and abs(g[2] - lines) < 1.5]
        # pdf-holes tells no height: of the gaps as deep, one the layout plans counts first
        what = min(gaps, key=lambda g: (g[3] == "body", abs(g[2] - lines)))[3] if gaps else "body"
        empty = figures.empty_lines.get(page) or [0.0, 0.0]
        both_end = column == 1 or min(empty[1:] or [0.0]) >= lines - 1
        if what == "foot" and both_end and (page == figures.pages or page + 1 in figures.opens):
            finding.verdict = INFO
            finding.message += _(" (an issue: the articles end and the next page opens a start)")
        elif what == "opening":
            finding.verdict = INFO
            finding.message += _(" (an issue: beside an opening across the columns)")
        elif what == "start" and both_end:
            finding.verdict = WARN
            finding.message = _(
                "{lines} empty lines in the {side} column above the next article: "
                "the article before it ends with its columns not level (an issue)"
            ).format(lines=lines, side=found.group(3))


def _judge_last(figures: IssueFigures, report: Report, number: int) -> None:
    """The last page's unused share, against issue 19's goal for it."""
    share = figures.unused[number]
    empty = figures.empty_lines.get(number) or []
    verdict = PASS if share <= GOAL_LAST else WARN
    report.add(
        "issue-last-page",
        verdict,
        _(
            "the last page: unused {share:.1%} of the text block (goal {goal:.0%}); "
            "empty lines at the column feet: "
        ).format(share=share, goal=GOAL_LAST)
        + ", ".join(f"{e:.0f}" for e in empty),
        number,
    )


def add_findings(figures: IssueFigures, report: Report) -> None:
    """What ``figures`` says, as findings with verdicts."""
    count = figures.pages
    report.add(
        "issue-pages",
        PASS if count % 4 == 0 else FAIL,
        _("{count} pages").format(count=count)
        + ("" if count % 4 == 0 else _(": not a multiple of 4, it cannot be folded")),
    )
    last = figures.last
    for number in sorted(figures.unused):
        if number in figures.blank:
            continue
        if number == last:
            _judge_last(figures, report, number)
            continue
        share = figures.unused[number]
        empty = figures.empty_lines.get(number) or []
        lines = max((round(e) for e in empty), default=0)  # whole lines, as the message says
        verdict = PASS if share <= GOAL_UNUSED and lines <= GOAL_EMPTY else WARN
        if lines > MAX_EMPTY_LINES:
            verdict = FAIL
        report.add(
            "issue-unused",
            verdict,
            _("unused {share:.1%} of the text block; empty lines at the column feet: ").format(
                share=share
            )
            + ", ".join(f"{e:.0f}" for e in empty),
            number,
        )
    for number in figures.blank:
        report.add(
            "issue-blank",
            WARN,
            _(
                "a blank page (padding, the last resort): add an article or a house box "
                "to fill it, or take a page's worth out"
            ),
            number,
        )
    for start, to, right in figures.jumps:
        report.add(
            "issue-jump",
            PASS if right else FAIL,
            _("jump to page {to}").format(to=to)
            + (
                ""
                if right
                else _(": page {to} has no 'Vervolg van pagina {start}'").format(to=to, start=start)
            ),
            start,
        )
    for number in figures.splits:
        report.add(
            "issue-split",
            FAIL,
            _(
                "an article runs on from page {previous} without a jump line ('Lees verder "
                "op pagina {number}' there, 'Vervolg van pagina {previous}' here)"
            ).format(previous=number - 1, number=number),
            number,
        )
    for number, text in figures.stranded:
        report.add(
            "issue-stranded",
            FAIL,
            _("headline with under 3 lines below: {text}").format(text=text),
            number,
        )
    for number, left, right in figures.tombstones:
        report.add(
            "issue-tombstone",
            FAIL,
            _("headlines side by side: {left} | {right}").format(left=left, right=right),
            number,
        )
    for title, said, page in figures.contents:
        if page is None:
            report.add(
                "issue-contents",
                WARN,
                _("contents entry '{title}': headline not found").format(title=title),
                1,
            )
        else:
            report.add(
                "issue-contents",
                PASS if said == page else FAIL,
                _("contents '{title}' says page {said}").format(title=title, said=said)
                + (
                    ""
                    if said == page
                    else _(", the article starts on page {page}").format(page=page)
                ),
                1,
            )
    report.add(
        "issue-jumps", INFO, _("{jumps_count} jump(s)").format(jumps_count=len(figures.jumps))
    )
