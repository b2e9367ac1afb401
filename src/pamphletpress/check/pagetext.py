"""The checks of the printed text: manuscript words, typography, layout faults, composer tally.

All read the glyphs and lines of the one read-back of
:mod:`pamphletpress.check.pdfread` (the composer's tally its Creator).
"""

from __future__ import annotations

import re

from pamphletpress.check.pdfread import PdfFile
from pamphletpress.check.report import FAIL, INFO, PASS, Report
from pamphletpress.errors import plural
from pamphletpress.i18n import _


def check_words(report: Report, pdf: PdfFile, manuscript_words: list[str]) -> None:
    """Every word of the manuscript on the page (line-end hyphens undone)."""
    from pamphletpress.check.pdftext import words_of
    from pamphletpress.compose.hyphenation import join_lines

    vocabulary = set(manuscript_words)
    lines = pdf.reading_lines()
    printed = words_of(join_lines(lines, vocabulary))
    missing = missing_words(manuscript_words, printed, lines)
    report.figures["words"] = len(manuscript_words)
    report.figures["missing_words"] = len(missing)
    if missing:
        sample = ", ".join(missing[:8])
        report.add(
            "pdf-words",
            FAIL,
            _("{missing_count} manuscript words not in the PDF: {sample}").format(
                missing_count=len(missing), sample=sample
            ),
        )
    else:
        report.add(
            "pdf-words",
            PASS,
            _("all {manuscript_words_count} manuscript words present").format(
                manuscript_words_count=len(manuscript_words)
            ),
        )


def missing_words(expected: list[str], found: list[str], lines: list[str] = ()) -> list[str]:
    """Words of ``expected`` absent from ``found`` (as multisets, case-insensitive).

    With the page's ``lines``, a word the layout broke where no hyphen shows (a
    URL after a slash, printed short without ``https://``; a table cell's word
    whose halves the neighbouring cell separates) still counts as printed."""
    from collections import Counter

    from pamphletpress.check.pdftext import halves_joined, squeezed

    have = Counter(w.casefold() for w in found)
    missing = []
    for word in expected:
        key = word.casefold()
        if have[key] > 0:
            have[key] -= 1
        else:
            missing.append(word)
    if not missing or not lines:
        return missing
    text, halves = squeezed(" ".join(lines)), halves_joined(lines)
    return [
        word
        for word in missing
        if squeezed(re.sub(r"^(?:https?://|mailto:)?(?:www\.)?", "", word)) not in text
        and not halves[squeezed(word)]
    ]


def check_typography(report: Report, pdf: PdfFile, body_size: float) -> None:
    """The typographic figures of the body text (told, not judged)."""
    from pamphletpress.check.typometrics import measure

    figures = measure(pdf, body_size).as_dict()
    report.figures["typography"] = figures
    report.add("pdf-typography", INFO, typography_summary(figures))


def typography_summary(figures: dict) -> str:
    """The figures a reader's eye judges, in words (``--json`` keeps them as numbers)."""
    if not figures.get("body_lines"):
        return _("no body text measured")
    return _(
        "lines ending in a hyphen: {value:.0f} % (at most {figures} in a row); "
        "widest word space {figures2:.2f} em; loose lines (word space over 0.5 "
        "em): {value2:.0f} %; lines past the column edge: {figures3}; about "
        "{figures4:.0f} characters a line; the justified lines' letters stand "
        "{figures5:.2f} pt from the column edges on average ({figures6:.2f} pt "
        "at the right, {figures7:.2f} pt in the worst column; marks hanging out "
        "of the column not counted)"
    ).format(
        value=figures["hyphenated_share"] * 100,
        figures=figures["longest_hyphen_run"],
        figures2=figures["widest_space_em"],
        value2=figures["loose_share"] * 100,
        figures3=figures["overruns"],
        figures4=figures["median_chars"],
        figures5=figures["edge_deviation_pt"],
        figures6=figures["right_edge_deviation_pt"],
        figures7=figures["worst_column_deviation_pt"],
    )


def check_layout(report: Report, pdf: PdfFile, body_size: float) -> None:
    """Glyphs on top of each other, text beyond the text block, a column ending in
    a hyphen, a hole in a column: each a fault a reader sees, each failing the check."""
    from pamphletpress.check import layoutfaults
    from pamphletpress.check.holes import holes

    lines = pdf.body_lines(body_size)
    gaps = [
        layoutfaults.Fault(
            hole.page,
            _(
                "{text}: the page is not filled (move the box, table or picture after it "
                "later in the manuscript, or shorten it)"
            ).format(text=hole.text),
        )
        for hole in holes(pdf, lines, body_size)
    ]
    for code, faults, fine in (
        (
            "pdf-collisions",
            layoutfaults.collisions(pdf),
            _("no letters of two lines on top of each other"),
        ),
        (
            "pdf-text-block",
            layoutfaults.outside_text_block(pdf, lines),
            _("no text beyond the columns' edges"),
        ),
        (
            "pdf-column-hyphens",
            layoutfaults.column_end_hyphens(lines),
            _("no column or page ends in a hyphen"),
        ),
        (
            "pdf-holes",
            gaps,
            _("no column empty for more than 2 lines but on an article's last page"),
        ),
    ):
        report.figures[code] = len(faults)
        for fault in faults[:10]:
            report.add(code, FAIL, fault.text, page=fault.page)
        if not faults:
            report.add(code, PASS, fine)
    # Short columns and holes are the layout's compromises, not faults a print
    # shop rejects: told, not failed.
    short = layoutfaults.short_columns(lines)
    holes = layoutfaults.figure_holes(pdf, lines)
    report.figures["pdf-short-columns"] = len(short) + len(holes)
    for fault in (short + holes)[:10]:
        report.add("pdf-short-columns", INFO, fault.text, page=fault.page)
    if not short and not holes:
        report.add("pdf-short-columns", INFO, _("no column left short by a hyphen or a picture"))


def check_composer(report: Report, pdf: PdfFile) -> None:
    """What the paragraph composer did, as the build wrote it into the PDF's Creator."""
    creator = str((pdf.reader.metadata or {}).get("/Creator", ""))
    match = re.search(r"composer: (\d+) of (\d+) paragraphs", creator)
    if match is None:
        report.add(
            "pdf-composer", INFO, _("not made by pamphletpress: its line breaks are not known")
        )
        return
    composed, total = int(match.group(1)), int(match.group(2))
    report.figures["composer"] = {"composed": composed, "fallbacks": total - composed}
    report.add(
        "pdf-composer",
        INFO,
        (
            _(
                "{composed} of {paragraphs} with their line breaks chosen together (even word "
                "spacing), {fallbacks} broken line by line (build with -v to see which)"
            )
            if total > composed
            else _(
                "{composed} of {paragraphs} with their line breaks chosen together (even word "
                "spacing), {fallbacks} broken line by line"
            )
        ).format(
            composed=composed,
            paragraphs=plural(total, "{count} paragraph", "{count} paragraphs"),
            fallbacks=total - composed,
        ),
    )
