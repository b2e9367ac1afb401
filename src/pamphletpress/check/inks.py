"""The ink a press would lay, from Ghostscript's plates: the most on any spot, and under body text.

The plates (:mod:`pamphletpress.check.separations`) are rendered while the rest
of the check reads the PDF; the body lines they are measured under come from the
one read-back of :mod:`pamphletpress.check.pdfread`.
"""

from __future__ import annotations

from collections import Counter

from pamphletpress.check.pdfread import PdfFile
from pamphletpress.check.pdfstructure import MM
from pamphletpress.check.report import FAIL, PASS, WARN, Report
from pamphletpress.check.separations import Separating, SeparationsUnavailable
from pamphletpress.errors import plural
from pamphletpress.i18n import _

MAX_INK = 300.0  # % total ink, coated offset
TEXT_INK = 2.0  # % of C, M or Y under body text that counts as ink there
BLACK = 95.0  # % K a body glyph must reach: 100 % K text


def check_plates(report: Report, pdf: PdfFile, separating: Separating, body_size: float) -> None:
    """Ghostscript's separations: the most ink anywhere, and the inks under body text.

    ``separating`` is Ghostscript at work since the check began (:func:`.separations.start`)."""
    try:
        plates = separating.plates([page.bleed for page in pdf.pages])
    except SeparationsUnavailable as error:
        report.add("pdf-ink-total", WARN, _("ink not measured: {error}").format(error=error))
        return
    totals = []
    for page in plates:
        total, spot = page.max_total()
        totals.append(round(total, 1))
        if total > MAX_INK + 0.5:
            where = (
                _(" at {value:.0f} × {value2:.0f} mm from the top left").format(
                    value=spot[0] / MM, value2=spot[1] / MM
                )
                if spot
                else ""
            )
            report.add(
                "pdf-ink-total",
                FAIL,
                _(
                    "{total:.0f} % total ink{where} (coated offset takes at most {MAX_INK:.0f} %)"
                ).format(total=total, where=where, MAX_INK=MAX_INK),
                page=page.number,
            )
    report.figures["ink_total_max"] = max(totals, default=0)
    report.figures["ink_total_by_page"] = totals
    if all(t <= MAX_INK + 0.5 for t in totals):
        report.add(
            "pdf-ink-total",
            PASS,
            _("at most {max:.0f} % total ink (≤ {MAX_INK:.0f} %)").format(
                max=max(totals, default=0), MAX_INK=MAX_INK
            ),
        )
    lines = pdf.body_lines(body_size)
    family = body_family(lines)
    colour_pages: dict[int, int] = {}
    grey_pages: dict[int, int] = {}
    for line in lines:
        page_text = pdf.pages[line.page]
        page = plates[line.page]
        # The body face's glyphs only (an end mark in the accent colour is not
        # body text), and only their middle band, from a little above the
        # baseline to the x-height: where the ink of every letter is, clear of
        # an image or a rule just above or below the line. A picture in the line
        # (an icon among the words) is the picture's ink, not the text's: the
        # band is measured in the runs of glyphs either side of it.
        glyphs = [
            page_text.pdf_box(c)
            for c in line.chars
            if not c["text"].isspace() and font_family(c["fontname"]) == family
        ]
        runs = glyph_runs(glyphs, [page_text.pdf_box(i) for i in page_text.images])
        if not runs:
            continue
        inks = [_band_inks(page, run) for run in runs]
        if any(max(i.get(n, 0) for n in ("Cyan", "Magenta", "Yellow")) > TEXT_INK for i in inks):
            colour_pages[page.number] = colour_pages.get(page.number, 0) + 1
        if any(i.get("Black", 0) < BLACK for i in inks):
            grey_pages[page.number] = grey_pages.get(page.number, 0) + 1
    report.figures["body_lines_on_cmy"] = sum(colour_pages.values())
    for number, count in sorted(colour_pages.items()):
        report.add(
            "pdf-text-ink",
            FAIL,
            plural(
                count,
                "{count} body line with cyan, magenta or yellow ink under the text (rich "
                "black or a colour: body text wants black only)",
                "{count} body lines with cyan, magenta or yellow ink under the text (rich "
                "black or a colour: body text wants black only)",
            ),
            page=number,
        )
    for number, count in sorted(grey_pages.items()):
        report.add(
            "pdf-black",
            FAIL,
            plural(
                count,
                "{count} body line not in 100 % black",
                "{count} body lines not in 100 % black",
            ),
            page=number,
        )
    if lines and not colour_pages:
        report.add(
            "pdf-text-ink",
            PASS,
            _("no cyan, magenta or yellow under the text ({count})").format(
                count=plural(len(lines), "{count} body line", "{count} body lines")
            ),
        )
    if lines and not grey_pages:
        report.add("pdf-black", PASS, _("body text in 100 % black on the black plate"))


Box = tuple[float, float, float, float]


def glyph_runs(glyphs: list[Box], images: list[Box]) -> list[list[Box]]:
    """A line's glyphs in runs, left to right, cut where a picture stands in the
    line; a glyph on a picture (which the plates cannot tell apart) is left out."""
    runs: list[list[Box]] = [[]]
    for glyph in sorted(glyphs):
        middle = (glyph[1] + glyph[3]) / 2
        beside = [i for i in images if i[1] <= middle <= i[3]]
        if any(i[0] < glyph[2] and glyph[0] < i[2] for i in beside):
            continue
        last = runs[-1][-1] if runs[-1] else None
        if last is not None and any(last[2] <= i[0] and i[2] <= glyph[0] for i in beside):
            runs.append([])
        runs[-1].append(glyph)
    return [run for run in runs if run]


def _band_inks(page, glyphs: list[Box]) -> dict[str, float]:
    """The most of each process ink in the glyphs' middle band (see :func:`check_plates`)."""
    x0, y0 = min(g[0] for g in glyphs), min(g[1] for g in glyphs)
    x1, y1 = max(g[2] for g in glyphs), max(g[3] for g in glyphs)
    height = y1 - y0
    pixels = page.to_pixels(x0 + 1, y0 + 0.45 * height, x1 - 1, y0 + 0.8 * height)
    return page.ink_in(pixels, ("Cyan", "Magenta", "Yellow", "Black"))


def body_family(lines) -> str | None:
    """The font family most of the body lines' glyphs are set in."""
    counts = Counter(
        font_family(c["fontname"]) for line in lines for c in line.chars if not c["text"].isspace()
    )
    return counts.most_common(1)[0][0] if counts else None


def font_family(fontname: str) -> str:
    """A font's family from its PDF name: ``ABCDEF+Charis-SIL-Bold`` → ``Charis``."""
    return fontname.split("+", 1)[-1].split("-")[0].split(",")[0]
