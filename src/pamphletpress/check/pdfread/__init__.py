"""Read a finished PDF once: its objects, its pages' glyphs, rectangles and boxes, its lines.

The one place pamphletpress reads a PDF back: a :class:`PdfFile` holds the
file's objects (a pypdf reader) and its text (pdfplumber's glyphs), each parsed
when first asked for, once per file. ``check`` (every check takes the one
:class:`PdfFile`), the typography figures (:mod:`pamphletpress.check.typometrics`),
the words check (:mod:`pamphletpress.check.pdftext`), ``import`` and the tests all
read from it. :func:`read` keeps the last few files read, by path, size and
modification time, so one ``check`` parses a PDF once however many checks look at it.

Coordinates: every glyph has ``x0``/``x1`` in the PDF's own x (pdfplumber keeps
it), ``top``/``bottom`` from pdfplumber, and :meth:`Page.pdf_box` gives its box
in PDF coordinates (y up), to meet Ghostscript's plates or the page's boxes.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from pamphletpress.errors import PamphletError
from pamphletpress.i18n import _

Box = tuple[float, float, float, float]


@dataclass
class Page:
    number: int  # 1-based
    bbox: Box  # pdfplumber's page box
    height: float  # pdfplumber's page height
    media: Box
    trim: Box
    bleed: Box
    chars: list[dict]
    rects: list[dict]
    images: list[dict] = field(default_factory=list)  # placed images: box, srcsize, colorspace
    curves: list[dict] = field(default_factory=list)  # vector drawing: a formula's, an SVG's
    lines: list[dict] = field(default_factory=list)  # stroked rules: a table's, a box's edge
    _words: list[dict] | None = field(default=None, repr=False)

    def words(self) -> list[dict]:
        """Words as pdfplumber's ``extract_words(x_tolerance=1.5)`` gives them, from
        the glyphs already read."""
        if self._words is None:
            from pdfplumber.utils.text import WordExtractor

            self._words = WordExtractor(x_tolerance=1.5).extract_words(self.chars)
        return self._words

    def pdf_box(self, item: dict) -> Box:
        """A glyph's or image's box in PDF coordinates (x0, y0, x1, y1), y upwards."""
        return (item["x0"], item["y0"] + self.media[1], item["x1"], item["y1"] + self.media[1])


@dataclass
class PdfFile:
    """A finished PDF read back: pypdf's objects and pdfplumber's pages, parsed on first use."""

    path: Path
    _reader: object = field(default=None, repr=False)
    _text: tuple[list[Page], str | None, str | None] | None = field(default=None, repr=False)
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def reader(self):
        """The file's objects: a ``pypdf.PdfReader`` (not strict), read on first use."""
        if self._reader is None:
            import pypdf

            self._reader = pypdf.PdfReader(str(self.path), strict=False)
        return self._reader

    @property
    def pages(self) -> list[Page]:
        """Every page's glyphs, rectangles, images and boxes (pdfplumber, on first use)."""
        return self._parsed()[0]

    @property
    def lang(self) -> str | None:
        """The catalog's /Lang."""
        return self._parsed()[1]

    @property
    def title(self) -> str | None:
        """The document information's Title."""
        return self._parsed()[2]

    def _parsed(self) -> tuple[list[Page], str | None, str | None]:
        if self._text is None:
            self._text = _parse(self.path)
        return self._text

    def body_lines(self, body_size: float):
        """The body text's lines (set at ``body_size`` in the body face), by page
        and column, top to bottom: :func:`pamphletpress.check.pdfread.lines.body_lines`."""
        key = ("body", round(body_size, 2))
        if key not in self._cache:
            from pamphletpress.check.pdfread.lines import body_lines

            self._cache[key] = body_lines(self, body_size)
        return self._cache[key]

    def column_lines(self, body_size: float, also: tuple[float, ...] = ()):
        """The lines in the columns at ``body_size`` and the ``also`` sizes, in any face
        (body text and intertitles): :func:`pamphletpress.check.pdfread.lines.column_lines`."""
        key = ("columns", round(body_size, 2), also)
        if key not in self._cache:
            from pamphletpress.check.pdfread.lines import column_lines

            self._cache[key] = column_lines(self, body_size, also, other_faces=True)
        return self._cache[key]

    def shown_images(self, page: Page) -> list[dict]:
        """The page's images with their box cut to what shows (a photo cropped to the
        grid is placed larger, inside a clip): :func:`.clips.shown_images`. Each is
        pdfplumber's image with ``x0``, ``x1``, ``top`` and ``bottom`` as shown."""
        key = ("shown", page.number)
        if key not in self._cache:
            from pamphletpress.check.pdfread.clips import shown_images

            drawn = shown_images(self.reader, page.number - 1)
            self._cache[key] = [_as_shown(page, image, drawn) for image in page.images]
        return self._cache[key]

    def reading_order(self):
        """Every line in reading order, running heads and feet left out:
        :func:`.reading.reading_order_of` (``import`` reads the same way)."""
        if "reading" not in self._cache:
            from pamphletpress.check.pdfread.reading import reading_order_of

            self._cache["reading"] = reading_order_of(self)
        return self._cache["reading"]

    def reading_lines(self) -> list[str]:
        """The text of :meth:`reading_order`'s lines."""
        return [line.text for line in self.reading_order()]


_READ: OrderedDict[tuple, PdfFile] = OrderedDict()
KEEP = 4


def read(path: str | Path) -> PdfFile:
    """The PDF at ``path``, read once (the last :data:`KEEP` files are kept); its objects
    and its text are parsed when first asked for."""
    path = Path(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key in _READ:
        _READ.move_to_end(key)
        return _READ[key]
    pdf = PdfFile(path)
    _READ[key] = pdf
    while len(_READ) > KEEP:
        _READ.popitem(last=False)
    return pdf


def _parse(path: Path) -> tuple[list[Page], str | None, str | None]:
    """The pages, the language and the title, as pdfplumber reads them."""
    import pdfplumber

    pages = []
    try:
        opened = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer's parsers raise many kinds; all mean the same here
        raise PamphletError(
            _(
                "is damaged or not a PDF: its pages cannot be read (the program that made it "
                "may have stopped half-way); export it again as a PDF"
            ),
            path,
        ) from exc
    with opened as pdf:
        for number, page in enumerate(pdf.pages, 1):
            attrs = page.page_obj.attrs
            media = _box(attrs.get("MediaBox")) or tuple(page.bbox)
            trim = _box(attrs.get("TrimBox")) or media
            bleed = _box(attrs.get("BleedBox")) or trim
            pages.append(
                Page(
                    number=number,
                    bbox=tuple(page.bbox),
                    height=float(page.height),
                    media=media,
                    trim=trim,
                    bleed=bleed,
                    chars=list(page.chars),
                    rects=list(page.rects),
                    images=list(page.images),
                    curves=list(page.curves),
                    lines=list(page.lines),
                )
            )
        lang = _text(pdf.doc.catalog.get("Lang"))
        title = _text((pdf.metadata or {}).get("Title"))
    return pages, lang, title


def _as_shown(page: Page, image: dict, drawn: list[tuple[str, Box, Box]]) -> dict:
    """``image`` cut to its shown box: the drawing of the same XObject placed nearest
    to where pdfplumber found it."""
    placed = page.pdf_box(image)
    same = [d for d in drawn if d[0] == image.get("name")]
    if not same:
        return image
    _, drew, shown = min(same, key=lambda d: sum(abs(a - b) for a, b in zip(d[1], placed)))
    return {  # moved in by what the clip takes off each side (y upwards in ``shown``)
        **image,
        "x0": image["x0"] + shown[0] - drew[0],
        "x1": image["x1"] - (drew[2] - shown[2]),
        "top": image["top"] + drew[3] - shown[3],
        "bottom": image["bottom"] - (shown[1] - drew[1]),
    }


def _box(value) -> Box | None:
    from pdfplumber.utils.pdfinternals import resolve_all

    value = resolve_all(value)
    if not value or len(value) != 4:
        return None
    return tuple(float(v) for v in value)


def _text(value: object) -> str | None:
    """A PDF string (bytes or text) or name as text, or None."""
    from pdfplumber.utils.pdfinternals import resolve_all

    value = resolve_all(value)
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        value = getattr(value, "name", None)
    return value.strip() if isinstance(value, str) and value.strip() else None
