"""Preflight: what a print shop and a reader would check, on the finished files.

The entry point: :func:`check_files` checks each file by its kind, :func:`check_pdf`
runs every PDF check in a fixed order on the one read-back of the file
(:mod:`pamphletpress.check.pdfread`), with Ghostscript rendering the plates on
another core meanwhile. Only the finished PDF/EPUB and the manuscript are read:
the check trusts nothing the build said about itself.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pamphletpress.check import images, inks, pagetext, pdfread, pdfstructure, unfilled
from pamphletpress.check.epub import check_epub
from pamphletpress.check.image_spaces import check_image_spaces
from pamphletpress.check.issue import check_issue, issue_metadata
from pamphletpress.check.placeholders import check_pdf_placeholders
from pamphletpress.check.report import INFO, Report
from pamphletpress.check.separations import start as start_separations
from pamphletpress.errors import PamphletError, plural
from pamphletpress.i18n import _

# Each variant is judged by its own rules: a PDF/X (or a PDF that declares
# nothing: a print shop gets it) by the press's, the screen variant (PDF/UA)
# by a reader's. Codes:
#
#   pdf-variant        what the file declares (PDF/X-4, PDF/X-1a:2003, PDF/UA-1, none)
#   pdf-trim/-bleed    A4 trim, 3 mm bleed                              (print)
#   pdf-output-intent  a CMYK ICC output intent; pdf-x: the PDF/X version  (print)
#   pdf-fonts          every font embedded
#   pdf-rgb            RGB colour on a page                              (print)
#   pdf-ink-total      most ink on any spot, from Ghostscript's plates: ≤ 300 %  (print)
#   pdf-black          body text on the black plate at 100 %             (print)
#   pdf-text-ink       cyan, magenta or yellow under body text           (print)
#   pdf-overprint      whether 100 % K text overprints                   (print)
#   pdf-annotations    links and other annotations inside the trim       (print)
#   pdf-image-ppi      effective resolution of each placed image: 300, 200 tolerated
#   pdf-image-colour   an image in RGB, Lab or an ICC space              (print)
#   pdf-image-source   each picture's own file's colour space, with its page (told)
#   pdf-image-spaces   how many images the PDF holds in each space (told)
#   pdf-x1a-version, pdf-x1a-transparency, pdf-x1a-fonts, pdf-x1a-colour  (PDF/X-1a)
#   pdf-ua             XMP, tags, language, title, alt text              (PDF/UA)
#   pdf-metadata, pdf-words, pdf-typography
#   pdf-unfilled       import's TITEL or door … still in the file      (all)
#   pdf-collisions     glyphs of two lines on top of each other         (all)
#   pdf-text-block     text beyond the body lines' outer edges           (all)
#   pdf-column-hyphens a column or page ending in a hyphen               (all)
#   pdf-holes          a column empty for over 2 lines (not an article's last page)  (all)
#   pdf-short-columns  columns a hyphen or a picture left short (told, not failed)
#   pdf-composer       paragraphs the composer set and left (from the PDF's Creator)
#   issue-…            an issue's PDF (PRISM metadata in its XMP): check/issue.py


def check_pdf(
    path: Path,
    manuscript_words: list[str] | None = None,
    body_size: float = 9.5,
    separations: bool = True,
) -> Report:
    """Every check of the PDF at ``path``, its findings in a fixed order."""
    # pypdf's own complaints (a missing EOF marker) would scroll past the report
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    report = Report(path=path, kind="pdf")
    progress = logging.getLogger("pamphletpress.progress")
    progress.info(_("checking {name}: reading its pages").format(name=path.name))
    pdf = pdfread.read(path)
    try:
        pages = pdf.reader.pages
        len(pages)
        variant = pdfstructure.declared_variant(pdf)  # its XMP, which may be broken too
    except Exception as error:  # noqa: BLE001 - any parser's failure means the same to the user
        raise _unreadable(error, path) from None
    press = variant is None or variant.startswith("PDF/X")
    # Ghostscript renders the plates on another core while Python reads the text.
    plates = start_separations(path) if press and separations else None
    try:
        try:
            pdf.pages  # noqa: B018 - pdfplumber's parse, here so that a failure says "not readable"
        except Exception as error:  # noqa: BLE001 - as above
            raise _unreadable(error, path) from None
        report.figures["pages"] = len(pages)
        report.add("pdf-pages", INFO, plural(len(pages), "{count} page", "{count} pages"))
        report.figures["variant"] = variant
        report.add(
            "pdf-variant",
            INFO,
            _("declares {variant}").format(variant=variant)
            if variant
            else _("declares no PDF/X or PDF/UA: judged as print"),
        )
        progress.info(_("checking {name}: boxes, fonts, inks and pictures").format(name=path.name))
        pdfstructure.check_boxes(report, pdf, press)
        if press:
            pdfstructure.check_output_intent(report, pdf)
        pdfstructure.check_fonts(report, pdf)
        if press:
            pdfstructure.check_colour(report, pdf)
            pdfstructure.check_overprint(report, pdf)
            pdfstructure.check_annotations(report, pdf)
            if plates is not None:
                inks.check_plates(report, pdf, plates, body_size)
        images.check_images(report, pdf, press)
        check_image_spaces(report, pdf)
        check_pdf_placeholders(report, pdf)
        if variant and variant.startswith("PDF/X-1a"):
            pdfstructure.check_x1a(report, pdf)
        if variant and variant.startswith("PDF/UA"):
            pdfstructure.check_ua(report, pdf)
        pdfstructure.check_metadata(report, pdf)
        unfilled.check_pdf(report, pdf)
        progress.info(
            _("checking {name}: words and typography of {count}").format(
                name=path.name, count=plural(len(pages), "{count} page", "{count} pages")
            ),
        )
        if manuscript_words is not None:
            pagetext.check_words(report, pdf, manuscript_words)
        pagetext.check_typography(report, pdf, body_size)
        pagetext.check_layout(report, pdf, body_size)
        pagetext.check_composer(report, pdf)
        if issue_metadata(pdf).get("publicationName"):  # an issue's PDF says so in its XMP
            check_issue(path, report)
    finally:
        if plates is not None:
            plates.close()
    return report


def _unreadable(error: Exception, path: Path) -> PamphletError:
    return PamphletError(
        _("not a readable PDF ({name__}); export it again or check the file").format(
            name__=type(error).__name__
        ),
        path,
    )


def check_files(paths: list[Path], manuscript_words: list[str] | None, body_size: float = 9.5):
    """Check each file by its kind; an unknown kind is a usage problem."""
    reports = []
    for path in paths:
        if not path.is_file():
            raise PamphletError(_("no such file to check"), path)
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            reports.append(check_pdf(path, manuscript_words, body_size))
        elif suffix == ".epub":
            logging.getLogger("pamphletpress.progress").info("checking %s", path.name)
            reports.append(check_epub(path))
        else:
            raise PamphletError(_("check reads .pdf and .epub files"), path)
    return reports
