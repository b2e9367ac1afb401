"""The print PDF: the only module that imports WeasyPrint.

Variants: ``pdf/x-4`` (default; CMYK output intent from the project's ICC
profile, 3 mm bleed), ``pdf/x-1a`` and ``screen`` (RGB, no bleed, tagged, for
the web).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pamphletpress.document import Document
from pamphletpress.errors import PamphletError, ResourceError
from pamphletpress.html import PrintOptions, print_html
from pamphletpress.output import atomic_target
from pamphletpress.project import Project
from pamphletpress.resources import make_url_fetcher

log = logging.getLogger("pamphletpress")

VARIANTS = ("pdf/x-4", "pdf/x-1a", "screen")
OUTPUT_INTENT = "--fogra39"  # the @color-profile name in print.css


@dataclass
class PdfOptions:
    variant: str = "pdf/x-4"
    crop_marks: bool = False
    compose: bool = True


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
                f"the font {match.group(1)} named in print.css is missing; "
                "put the font file in fonts/ (pamphletpress new makes a fresh copy)",
                path,
            )


def render_html(document: Document, project: Project, options: PdfOptions) -> tuple[str, list[str]]:
    """The exact HTML handed to WeasyPrint, and notes for the build report."""
    notes: list[str] = []
    composer_for, setups = None, []
    if options.compose:
        from pamphletpress.compose.wiring import composer_for_project

        urls = stylesheet_urls(document, project, options)
        sheets = [Path(unquote(urlsplit(url).path)) for url in urls]
        composer_for, setups = composer_for_project(project, sheets, notes)
    image_url = None
    if options.variant != "screen":
        image_url = _cmyk_image_url(project)
    html = print_html(
        document,
        PrintOptions(
            stylesheets=stylesheet_urls(document, project, options),
            variant=options.variant,
            image_url=image_url,
        ),
        composer_for=composer_for,
        cache=project.root / ".pamphletpress-cache" / "hyphenation",
    )
    if setups:
        from pamphletpress.compose.wiring import composer_summary

        notes.append(composer_summary(setups))
        from pamphletpress.compose.wiring import fallback_warning

        warning = fallback_warning(setups, document)
        if warning:
            log.warning("%s", warning)
    if options.crop_marks and options.variant != "screen":
        # Marks sit outside the bleed: WeasyPrint draws them in the outer half of
        # the CSS bleed and writes a BleedBox of at most 10 pt (3.5 mm), so a
        # 12 mm CSS bleed puts the marks 6 mm beyond the trim, clear of the bleed.
        html = html.replace(
            "</head>", "<style>@page { marks: crop; bleed: 12mm }</style></head>", 1
        )
    return html, notes


def pdf_identifier(document: Document) -> bytes:
    """The PDF's /ID: from the manuscript's digest, so `check` knows what a PDF was made from."""
    return hashlib.md5(document.digest.encode()).hexdigest().encode()


def _cmyk_image_url(project: Project):
    """Print variants get each image as a CMYK copy, converted through the output profile."""
    from pamphletpress.images import cmyk_copy

    profile = project.styles_dir / "icc" / "FOGRA39.icc"

    def image_url(url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme != "file" or not profile.is_file():
            return url
        return cmyk_copy(Path(unquote(parts.path)), project.root, profile).as_uri()

    return image_url


def write_pdf(document: Document, project: Project, target: Path, options: PdfOptions) -> PdfResult:
    """Lay out and write the PDF; the previous file stays until the new one is complete."""
    if options.variant not in VARIANTS:
        raise PamphletError(
            f"unknown PDF variant {options.variant!r}; use one of {', '.join(VARIANTS)}"
        )
    started = time.perf_counter()
    check_fonts(project)
    html, notes = render_html(document, project, options)

    import weasyprint

    _plain_cmyk_operators()
    _CMYK_ONLY["on"] = options.variant != "screen"
    fetcher = make_url_fetcher(project.allowed_roots())
    pdf_options: dict = {
        "pdf_identifier": pdf_identifier(document),
    }
    if options.variant == "screen":
        pdf_options["pdf_tags"] = True
    else:
        pdf_options["pdf_variant"] = options.variant
        pdf_options["output_intent"] = OUTPUT_INTENT
    with _weasyprint_warnings(notes):
        rendered = weasyprint.HTML(
            string=html, base_url=project.root.as_uri() + "/", url_fetcher=fetcher
        ).render()
        with (
            atomic_target(target) as temporary,
            _stable_document_id(document.digest),
            _streams_compressed_once(),
        ):
            rendered.write_pdf(temporary, **pdf_options)
    return PdfResult(
        path=target,
        pages=len(rendered.pages),
        variant=options.variant,
        size=target.stat().st_size,
        seconds=time.perf_counter() - started,
        notes=notes,
    )


_CMYK_ONLY = {"on": False}


def rgb_to_cmyk(red: float, green: float, blue: float) -> tuple[float, float, float, float]:
    """A plain RGB → CMYK conversion for the odd RGB colour in a print PDF.

    Black becomes pure K (never four-colour black); WeasyPrint's own crop marks
    are drawn in RGB black, and a user stylesheet may name RGB colours.
    """
    black = 1 - max(red, green, blue)
    if black >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    scale = 1 - black
    return (
        round((1 - red - black) / scale, 4),
        round((1 - green - black) / scale, 4),
        round((1 - blue - black) / scale, 4),
        round(black, 4),
    )


@contextlib.contextmanager
def _stable_document_id(digest: str):
    """The same manuscript gives the same PDF: WeasyPrint's PDF/X metadata takes a
    random UUID as XMP DocumentID; make it one derived from the manuscript."""
    import uuid

    from weasyprint.pdf import metadata

    original = metadata.uuid4
    metadata.uuid4 = lambda: uuid.UUID(digest[:32])
    try:
        yield
    finally:
        metadata.uuid4 = original


#: Compressed bytes of big streams that come back build after build (the
#: output-intent profile, whole fonts), by content: a watch rebuild skips them.
_DEFLATED: dict[bytes, bytes] = {}


@contextlib.contextmanager
def _streams_compressed_once():
    """pydyf compresses a stream each time its bytes are asked for, and a PDF
    with a file identifier (PDF/X needs one) asks twice: once to write, once to
    hash. The output-intent profile alone (500 KB once LittleCMS re-serialises
    it) costs 0.2 s a time at zlib level 9. While writing, keep each stream's
    bytes; keep big ones across builds of the same process (``watch``)."""
    import pydyf

    original = pydyf.Stream.data

    def data(self):
        cached = self.__dict__.get("_pamphletpress_data")
        if cached is None:
            if self.compress and "Filter" not in self.extra:
                raw = b"\n".join(pydyf._to_bytes(item) for item in self.stream)
                if len(raw) > 65536:
                    key = hashlib.sha256(raw).digest()
                    if key not in _DEFLATED:
                        compressor = zlib.compressobj(level=9)
                        _DEFLATED[key] = compressor.compress(raw) + compressor.flush()
                    extra = pydyf.Dictionary(self.extra.copy())
                    extra["Filter"] = "/FlateDecode"
                    extra["Length"] = len(_DEFLATED[key])
                    cached = b"\n".join((extra.data, b"stream", _DEFLATED[key], b"endstream"))
            if cached is None:
                cached = original.fget(self)
            self.__dict__["_pamphletpress_data"] = cached
        return cached

    pydyf.Stream.data = property(data)
    try:
        yield
    finally:
        pydyf.Stream.data = original


def _plain_cmyk_operators() -> None:
    """Write CMYK colours with PDF's own CMYK operators (``0 0 0 1 k``).

    WeasyPrint 70 writes ``/DeviceCMYK cs 0 0 0 1 scn``: the same colour, but
    preflight reports and print shops look for ``k``/``K``. Same ink, plainer file.
    In print variants, any sRGB colour is converted (see :func:`rgb_to_cmyk`).
    """
    from pydyf import _to_bytes
    from weasyprint.pdf.stream import Stream

    if getattr(Stream, "_pamphletpress_cmyk", False):
        return
    original = Stream.set_color

    def set_color(self, color, stroke=False):
        if color.space == "device-cmyk":
            coordinates = tuple(color.coordinates)
        elif _CMYK_ONLY["on"] and color.space in ("srgb", "hsl", "hwb"):
            coordinates = rgb_to_cmyk(*color.to("srgb").coordinates)
        else:
            return original(self, color, stroke)
        *channels, alpha = color
        self.set_alpha(alpha, stroke)
        attribute = "_current_color_stroke" if stroke else "_current_color"
        key = ("device-cmyk", *coordinates)
        if getattr(self, attribute) == key:
            return
        setattr(self, attribute, key)
        operands = b" ".join(_to_bytes(value) for value in coordinates)
        self.stream.append(operands + (b" K" if stroke else b" k"))

    Stream.set_color = set_color
    Stream._pamphletpress_cmyk = True


class _weasyprint_warnings:
    """Collect WeasyPrint's warnings as build notes instead of letting them scroll by."""

    def __init__(self, notes: list[str]) -> None:
        self.notes = notes
        self.handler = _ListHandler(notes)

    def __enter__(self) -> None:
        logger = logging.getLogger("weasyprint")
        self.propagate = logger.propagate
        logger.propagate = False
        logger.addHandler(self.handler)

    def __exit__(self, *exc) -> None:
        logger = logging.getLogger("weasyprint")
        logger.removeHandler(self.handler)
        logger.propagate = self.propagate


class _ListHandler(logging.Handler):
    def __init__(self, notes: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.notes = notes

    def emit(self, record: logging.LogRecord) -> None:
        self.notes.append("WeasyPrint: " + record.getMessage())
