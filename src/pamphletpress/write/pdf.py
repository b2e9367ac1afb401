"""The print PDF: HTML and stylesheets for WeasyPrint (through :mod:`pamphletpress.layout.weasy`).

Variants: ``pdf/x-4`` (default; CMYK output intent from the project's ICC
profile, 3 mm bleed), ``pdf/x-1a`` and ``screen`` (RGB, no bleed, tagged, for
the web).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pamphletpress.errors import PamphletError, ResourceError, display_path
from pamphletpress.i18n import _
from pamphletpress.layout.columnends import Mendables, mended_into
from pamphletpress.layout.fetcher import make_url_fetcher
from pamphletpress.layout.imagenames import ImageSource
from pamphletpress.layout.openings import lay_out
from pamphletpress.layout.pages import weasyprint_warnings
from pamphletpress.read.document import Document
from pamphletpress.read.project import Project
from pamphletpress.write.output import atomic_target
from pamphletpress.write.print_html import PrintOptions, print_html

log = logging.getLogger("pamphletpress")

VARIANTS = ("pdf/x-4", "pdf/x-1a", "screen")
WARN_PPI = 200  # print shops want 300 ppi, tolerate 200
OUTPUT_INTENT = "--fogra39"  # the @color-profile name in print.css


@dataclass
class PdfOptions:
    variant: str = "pdf/x-4"
    crop_marks: bool = False
    compose: bool = True
    #: Print variants refuse an image printed at fewer pixels per inch than this
    #: (setting ``pdf.min_ppi``); under :data:`WARN_PPI` the build warns.
    min_ppi: float = 100


@dataclass
class Pictures:
    """Where the print HTML's pictures came from: each copy's source file (a press
    copy, a screen copy), and the pictures drawn inside SVG figures by their URL
    there (``check`` names them, with their source colours)."""

    originals: dict[str, Path] = field(default_factory=dict)
    inside: dict[str, ImageSource] = field(default_factory=dict)


@dataclass
class PdfResult:
    path: Path
    pages: int
    variant: str
    size: int
    seconds: float
    notes: list[str] = field(default_factory=list)


def stylesheet_urls(document: Document, project: Project, options: PdfOptions) -> list[str]:
    """print.css, the variant's overrides, then the manuscript's own stylesheets."""
    urls = [project.style("print.css").as_uri()]
    urls.append(
        project.style("screen.css" if options.variant == "screen" else "press.css").as_uri()
    )
    urls += [path.as_uri() for path in document.meta.stylesheets]
    return urls


def check_fonts(project: Project) -> None:
    """Every font the print stylesheet names must be there: a fallback font would
    silently change the page (and the composer's measurements)."""
    import re

    css = project.style("print.css")
    for match in re.finditer(
        r"url\(\s*['\"]?([^'\")]+\.(?:ttf|otf|woff2?))", css.read_text("utf-8")
    ):
        path = (css.parent / match.group(1)).resolve()
        if not path.is_file():
            raise ResourceError(
                _(
                    "the font {group} named in print.css is missing; put the font file in "
                    "fonts/ (pamphletpress new makes a fresh copy)"
                ).format(group=match.group(1)),
                path,
            )


def render_html(
    document: Document,
    project: Project,
    options: PdfOptions,
    pictures: Pictures | None = None,
    mendables: Mendables | None = None,
) -> tuple[str, list[str]]:
    """The exact HTML handed to WeasyPrint, and notes for the build report
    (``pictures`` collects where each picture came from, ``mendables`` the
    paragraphs whose column ends may be mended after layout)."""
    from pamphletpress.read.design import code_columns, read_design
    from pamphletpress.write.glyphs import covered_by

    notes: list[str] = []
    composer_for, setups = None, []
    urls = stylesheet_urls(document, project, options)
    sheets = [Path(unquote(urlsplit(url).path)) for url in urls]
    if options.compose:
        from pamphletpress.compose.wiring import composer_for_project

        composer_for, setups = composer_for_project(project, sheets, notes)
    pictures = pictures if pictures is not None else Pictures()
    if options.variant != "screen":
        widest = read_design(sheets).text_width
        image_url = _press_image_url(project, options.variant, widest, pictures, notes)
    else:
        image_url = _screen_image_url(project, pictures.originals)
    html = print_html(
        document,
        PrintOptions(
            stylesheets=urls,
            variant=options.variant,
            image_url=image_url,
            covered=covered_by(project.fonts_dir),
            code_columns=code_columns(
                read_design(sheets), project.fonts_dir / "NotoSansMono-Regular.ttf"
            ),
        ),
        composer_for=composer_for,
        cache=project.root / ".pamphletpress-cache" / "hyphenation",
        mendables=mendables,
    )
    if setups:
        from pamphletpress.compose.wiring import composer_summary

        notes.append(composer_summary(setups))
        from pamphletpress.compose.wiring import fallback_warning

        warning = fallback_warning(setups, document)
        if warning:
            log.warning("%s", warning)
    if options.crop_marks and options.variant != "screen":
        # Room for the marks: the adapter draws them 5-11 mm beyond the trim in
        # the registration colour and sets the BleedBox at 3 mm whatever this is.
        html = html.replace(
            "</head>", "<style>@page { marks: none; bleed: 12mm }</style></head>", 1
        )
    return html, notes


def pdf_identifier(document: Document) -> bytes:
    """The PDF's /ID: from the manuscript's digest, so `check` knows what a PDF was made from
    (:mod:`pamphletpress.layout.weasy` writes it)."""
    from pamphletpress.layout.weasy import identifier

    return identifier(document.digest)


def _press_image_url(
    project: Project, variant: str, widest_pt: float, pictures: Pictures, notes: list[str]
):
    """Print variants get each image as a press copy (CMYK or grey, ink-limited),
    separated through the output profile, and each SVG as its press copy (vectors,
    the pictures in it separated; flattened where PDF/X-1a forbids its
    transparency: :mod:`pamphletpress.write.svg_press`)."""
    from pamphletpress.write.images import press_copy
    from pamphletpress.write.svg_press import Press, press_svg

    profile = project.styles_dir / "icc" / "FOGRA39.icc"
    press = Press(
        project.root,
        profile,
        variant,
        project.style("print.css"),
        widest_pt,
        make_url_fetcher(project.allowed_roots()),
    )

    def image_url(url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme != "file" or not profile.is_file():
            return url
        source = Path(unquote(parts.path))
        if source.suffix.lower() == ".svg":
            pressed = press_svg(source, press)
            for inner, picture in pressed.pictures.items():  # the same picture in two
                pictures.inside.setdefault(inner, picture)  # SVGs: named by the first
            if pressed.flattened:
                notes.append(
                    _("picture {name} flattened ({flattened})").format(
                        name=source.name, flattened=pressed.flattened
                    )
                )
            return pressed.path.as_uri()
        copy = press_copy(source, project.root, profile).as_uri()
        pictures.originals[copy] = source
        return copy

    return image_url


def _screen_image_url(project: Project, originals: dict[str, Path]):
    """The screen variant gets a TIFF or WebP as the JPEG or PNG the EPUB has (WeasyPrint
    shows those reliably); ``originals`` maps copy → source."""
    from pamphletpress.write.picture_formats import screen_copy

    profile = project.styles_dir / "icc" / "FOGRA39.icc"

    def image_url(url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme != "file":
            return url
        source = Path(unquote(parts.path))
        copy = screen_copy(source, project.root, profile).as_uri()
        originals[copy] = source
        return copy

    return image_url


def _image_articles(document: Document) -> dict[str, Path]:
    """Each image's URL → the manuscript file that names it."""
    found: dict[str, Path] = {}
    for article in document.articles:
        blocks = list(article.lede)
        for block in article.body:
            blocks += block.blocks if hasattr(block, "blocks") else [block]
        for block in blocks:
            for img in block.iter("img"):
                found.setdefault(img.get("src", ""), article.source)
    return found


def check_placed_images(
    placements, originals: dict[str, Path], articles: dict[str, Path], options: PdfOptions
) -> list[str]:
    """Warn about images printed under :data:`WARN_PPI`; in print variants refuse
    any under ``options.min_ppi``. Each names the manuscript file and line."""
    notes = []
    for placed in placements:
        source = originals.get(placed.src) or Path(unquote(urlsplit(placed.src).path))
        manuscript = articles.get(source.as_uri()) or articles.get(placed.src)
        where = f"{display_path(manuscript)}:{placed.line}" if manuscript and placed.line else None
        where = where or (display_path(manuscript) if manuscript else display_path(source))
        ppi = placed.ppi
        what = _(
            "{where}: image {name} is {ppi:.0f} ppi as printed on page {page} "
            "({pixels}×{pixels2} pixels over {value:.0f} mm)"
        ).format(
            where=where,
            name=source.name,
            ppi=ppi,
            page=placed.page,
            pixels=placed.pixels[0],
            pixels2=placed.pixels[1],
            value=placed.size_pt[0] / 72 * 25.4,
        )
        if options.variant != "screen" and ppi < options.min_ppi:
            raise PamphletError(
                _(
                    "{what}, under the {min_ppi:g} ppi a print needs; use a larger image or "
                    "print it smaller (or lower pdf.min_ppi in pamphletpress.yml)"
                ).format(what=what, min_ppi=options.min_ppi)
            )
        if ppi < WARN_PPI:
            log.warning(_("{what}; print shops want 300 ppi: use a larger image").format(what=what))
            notes.append(_("image {name}: {ppi:.0f} ppi").format(name=source.name, ppi=ppi))
    return notes


def write_pdf(
    document: Document,
    project: Project,
    target: Path,
    options: PdfOptions,
    on_layout: Callable[[str, list[str]], None] | None = None,
) -> PdfResult:
    """Lay out and write the PDF; the previous file stays until the new one is complete.

    ``on_layout(name, starts)`` hears each page's first lines as soon as the pages
    are laid out, before the file is written: the EPUB's page list need not wait."""
    if options.variant not in VARIANTS:
        raise PamphletError(
            _("unknown PDF variant {variant!r}; use one of {VARIANTS}").format(
                variant=options.variant, VARIANTS=", ".join(VARIANTS)
            )
        )
    started = time.perf_counter()
    check_fonts(project)
    pictures = Pictures()
    rendered, _html, _mended, notes = _layout(document, project, options, pictures)
    notes += write_laid_out(rendered, target, document, project, options, pictures, on_layout)
    return PdfResult(
        path=target,
        pages=len(rendered.pages),
        variant=options.variant,
        size=target.stat().st_size,
        seconds=time.perf_counter() - started,
        notes=notes,
    )


def write_laid_out(
    rendered,
    target: Path,
    document: Document,
    project: Project,
    options: PdfOptions,
    pictures: Pictures,
    on_layout: Callable[[str, list[str]], None] | None = None,
    xmp: bytes = b"",
) -> list[str]:
    """The laid-out pages written as the variant's PDF (an article's or an issue's):
    ``on_layout`` told the pages' first lines, each picture's resolution checked,
    each image named by its file and source colours for ``check``, ``xmp`` added to
    its metadata. Notes for the report."""
    from pamphletpress.layout import weasy

    if on_layout is not None:
        on_layout(target.name, weasy.page_starts(rendered))
    placed = weasy.placed_images(rendered)
    notes = check_placed_images(placed, pictures.originals, _image_articles(document), options)
    with weasyprint_warnings(notes):
        with atomic_target(target) as temporary:
            weasy.write(
                rendered,
                temporary,
                weasy.WriteOptions(
                    variant=options.variant,
                    digest=document.digest,
                    crop_marks=options.crop_marks,
                    output_intent=OUTPUT_INTENT,
                    image_names=_image_sources(placed, pictures, project),
                    xmp=xmp,
                ),
            )
    return notes


def _image_sources(placed, pictures: Pictures, project: Project) -> dict[str, ImageSource]:
    """Each placed image's URL → its file (from the project's folder, as ``check``
    names the picture) and the colour space that file holds; and the pictures inside
    SVG figures."""
    from pamphletpress.read.pictures import file_colour_space

    sources = dict(pictures.inside)
    for image in placed:
        source = pictures.originals.get(image.src) or Path(unquote(urlsplit(image.src).path))
        try:
            name = source.resolve().relative_to(project.root.resolve()).as_posix()
        except ValueError:
            name = source.name
        sources[image.src] = ImageSource(name, *file_colour_space(source))
    return sources


def _layout(
    document: Document,
    project: Project,
    options: PdfOptions,
    pictures: Pictures | None = None,
):
    """The print page laid out (:func:`~pamphletpress.layout.openings.lay_out`: the
    intertitles opening a column close over their text, where that adds no fault):
    the pages, the HTML they were laid out from, the paragraphs mended on them,
    and the build notes."""
    from pamphletpress.layout import weasy

    mendables = Mendables()
    html, notes = render_html(document, project, options, pictures, mendables)
    weasy.check_versions()
    fetcher = make_url_fetcher(project.allowed_roots())
    urls = stylesheet_urls(document, project, options)
    fonts, sheets, remembered = weasy.warm([Path(unquote(urlsplit(url).path)) for url in urls])
    with weasyprint_warnings(notes):
        rendered, html, mended = lay_out(
            html,
            mendables,
            project.root.as_uri() + "/",
            fetcher,
            notes,
            fonts=fonts,
            sheets=sheets,
            remembered=remembered,
        )
    return rendered, html, mended, notes


def laid_out_html(document: Document, project: Project, options: PdfOptions) -> str:
    """The HTML that WeasyPrint lays out as the PDF's pages: the print page after
    figures were moved and column ends mended (a whole layout to know it)."""
    _rendered, html, mended, _notes = _layout(document, project, options)
    return mended_into(html, mended) if mended else html
