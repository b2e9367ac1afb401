"""The WeasyPrint adapter: the only module that lays out, writes or adjusts with
WeasyPrint and pydyf (resources.py borrows only WeasyPrint's URL fetcher).

Everything pamphletpress changes in how WeasyPrint 70 writes a PDF is here,
and nothing stays changed after a build:

- one scoped replacement, :func:`_print_colours`, of ``Stream.set_color`` for
  the duration of :func:`write` (CMYK written as ``c m y k k``, RGB turned
  into CMYK in print variants, 100 % K text set to overprint); the original is
  put back when the build ends, even on an error;
- one for the duration of :func:`render`, :func:`_block_steps`, of the block
  layout: CSS Rhythmic Sizing's ``block-step-size``, read from the custom
  property ``--block-step-size``, so code, tables and figures keep the columns
  on the body's baseline grid;
- the rest is done in WeasyPrint's own ``finisher`` hook, on the PDF objects
  before they are written: a stable XMP DocumentID, streams compressed once,
  BleedBox at 3 mm, no link annotations in print, crop marks in the
  registration colour, and the PDF/X-1a clean-up (bare CFF fonts, no
  transparency groups, no ICC/Lab colour spaces).

After layout, it reads the laid-out boxes for what the build decides on
(:func:`hyphenated_column_ends`, :func:`figure_hole`) and puts the lines of
paragraphs broken again, laid out on their own, in place of the old ones
(:func:`replace_lines`): same heights, nothing else moves.

Each of these relies on WeasyPrint's and pydyf's internals as they are in the
versions named in :data:`WRITTEN_FOR`; :func:`check_versions` refuses others.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import io
import math
import re
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pamphletpress.errors import PamphletError

#: The versions whose internals this module was written against (pyproject pins them).
WRITTEN_FOR = {"weasyprint": "70.0", "pydyf": "0.13.0"}

MM = 72 / 25.4
BLEED = 3 * MM  # the PDF BleedBox, whatever the CSS bleed (crop marks need a wider one)
MARK_BLEED_CSS = "12mm"  # CSS bleed with crop marks: the marks sit 5-11 mm out
MARK_FROM = 5 * MM  # crop marks start this far outside the trim (2 mm clear of the bleed)
MARK_TO = 11 * MM
MARK_WIDTH = 0.25  # pt, hairline


@dataclass
class WriteOptions:
    variant: str  # "pdf/x-4", "pdf/x-1a" or "screen"
    digest: str  # the manuscript's digest: identifier and XMP DocumentID
    crop_marks: bool = False
    output_intent: str | None = None  # the @color-profile name, print variants


def check_versions() -> None:
    """Refuse to build with a WeasyPrint or pydyf whose internals may differ."""
    from importlib.metadata import version

    found = {name: version(name) for name in WRITTEN_FOR}
    wrong = [f"{n} {found[n]}" for n in WRITTEN_FOR if found[n] != WRITTEN_FOR[n]]
    if wrong:
        pins = [f"{n}=={v}" for n, v in WRITTEN_FOR.items()]
        raise PamphletError(
            f"pamphletpress was made for {' and '.join(pins)}, found {', '.join(wrong)}; "
            f"reinstall them: pip install {' '.join(pins)}"
        )


def fonts():
    """One font configuration for the layouts of a build: text laid out apart and
    put on the page (:func:`replace_lines`) then shares the page's embedded fonts."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render(html: str, base_url: str, url_fetcher: Callable, font_config=None):
    """Lay out the HTML: WeasyPrint's Document, pages and all."""
    import weasyprint

    with _block_steps():
        return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=url_fetcher).render(
            font_config=font_config
        )


def identifier(digest: str) -> bytes:
    """The PDF's /ID, from the manuscript's digest: `check` tells by it what a PDF was made from."""
    return hashlib.md5(digest.encode()).hexdigest().encode()


def write(rendered, target, options: WriteOptions) -> None:
    """Write the laid-out document as the variant's PDF to ``target``."""
    check_versions()
    pdf_options: dict = {"pdf_identifier": identifier(options.digest)}
    print_variant = options.variant != "screen"
    if print_variant:
        pdf_options["pdf_variant"] = options.variant
        pdf_options["output_intent"] = options.output_intent
    else:
        # PDF/UA-1: tagged, XMP metadata with pdfuaid:part, DisplayDocTitle, Lang.
        pdf_options["pdf_variant"] = "pdf/ua-1"
    finisher = _Finisher(options)
    with _print_colours(print_variant):
        rendered.write_pdf(target, finisher=finisher, **pdf_options)


# ── The one scoped replacement ───────────────────────────────────────────


@contextlib.contextmanager
def replaced(owner, name: str, value) -> Iterator[None]:
    """``owner.name`` is ``value`` inside the block and its old self after it."""
    original = owner.__dict__[name] if name in owner.__dict__ else getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)


#: Overprint for 100 % K fills (text): OPM 1, so the K plate prints over what
#: is under it and zero C/M/Y components leave the tint beneath untouched.
OVERPRINT_ON = "OPk"
OVERPRINT_OFF = "OPn"


def rgb_to_cmyk(red: float, green: float, blue: float) -> tuple[float, float, float, float]:
    """A plain RGB → CMYK conversion for the odd RGB colour in a print PDF.

    Black (and any grey) becomes K only, never four-colour black; a user
    stylesheet may name RGB colours.
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


def _print_colours(print_variant: bool):
    """``Stream.set_color`` for this build: CMYK as ``k``/``K`` operators.

    WeasyPrint 70 writes ``/DeviceCMYK cs 0 0 0 1 scn``: the same colour, but
    preflight reports and print shops look for ``k``/``K``. In print variants
    every sRGB colour becomes CMYK (:func:`rgb_to_cmyk`) and 100 % K fills
    overprint (black text over the box's tint).
    """
    import pydyf
    from pydyf import _to_bytes
    from weasyprint.pdf.stream import Stream

    original = Stream.set_color

    def set_color(self, color, stroke=False):
        if color.space == "device-cmyk":
            coordinates = tuple(float(v) for v in color.coordinates)
        elif print_variant and color.space in ("srgb", "hsl", "hwb"):
            coordinates = rgb_to_cmyk(*color.to("srgb").coordinates)
        else:
            return original(self, color, stroke)
        *_channels, alpha = color
        self.set_alpha(alpha, stroke)
        attribute = "_current_color_stroke" if stroke else "_current_color"
        key = ("device-cmyk", *coordinates)
        if getattr(self, attribute) == key:
            return
        setattr(self, attribute, key)
        if print_variant and not stroke:
            state = OVERPRINT_ON if coordinates == (0.0, 0.0, 0.0, 1.0) else OVERPRINT_OFF
            states = self._resources["ExtGState"]
            if state not in states:
                states[state] = pydyf.Dictionary(
                    {
                        "Type": "/ExtGState",
                        "op": "true" if state == OVERPRINT_ON else "false",
                        "OPM": 1,
                    }
                )
            self.stream.append(f"/{state} gs".encode())
        operands = b" ".join(_to_bytes(value) for value in coordinates)
        self.stream.append(operands + (b" K" if stroke else b" k"))

    return replaced(Stream, "set_color", set_color)


# ── Block steps: the baseline grid ───────────────────────────────────────

#: The custom properties that stand for CSS Rhythmic Sizing's ``block-step-size``
#: and ``block-step-align`` (https://drafts.csswg.org/css-rhythm/), as WeasyPrint
#: names them in a computed style.
STEP_SIZE = "__block_step_size"
STEP_ALIGN = "__block_step_align"
#: Ours: how much height a figure's picture may give up (cropped top and bottom)
#: for the figure to take one line less.
STEP_CROP = "__block_step_crop"


def _block_steps():
    """``block_level_layout`` for this render: a block whose own style sets
    ``--block-step-size`` takes a whole number of steps (body lines), so the
    text after it stays on the grid and lines up with the other column.

    Measured from where the previous block's margin ended to where this block's
    ends, the extra space becomes margin: split above and below
    (``--block-step-align: center``, the default), all above (``end``: an
    intertitle stays with its text) or all below (``start``). At the top of a
    column, or where the space above would push it off the page, a centred
    block keeps its extra space below. A block split over columns or pages is
    left as is: what follows it starts at the top of a column. Only the block's
    own setting counts (custom properties inherit: a figure's caption does not
    step on its own). One pass: the space is added after the block is laid out.

    A figure with ``--block-step-crop`` gives up a little of its picture's
    height instead, when that much (never more than :data:`CROP_SHARE` of the
    picture) brings it down to a whole line: what a newspaper does with photos.
    """
    check_versions()
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import block

    original = block.block_level_layout
    parameters = inspect.signature(original)

    def block_level_layout(context, box, *args, **kwargs):
        step, align, crop = _step_of(box, boxes)
        if step is None:
            return original(context, box, *args, **kwargs)
        call = parameters.bind(context, box, *args, **kwargs)
        call.apply_defaults()
        given = call.arguments
        # where the block before this one ended, its bottom margin included
        start = box.position_y + block.collapse_margin(given["adjoining_margins"] or [])
        result = original(context, box, *args, **kwargs)
        new_box, resume_at, next_page, margins, collapsing_through, max_lines = result
        if new_box is None or resume_at is not None or collapsing_through:
            return result
        bottom = new_box.border_box_y() + new_box.border_height()
        trailing = block.collapse_margin([*margins, new_box.margin_bottom])
        outer = bottom + trailing - start
        extra = math.ceil(outer / step - STEP_SLACK) * step - outer
        if extra > STEP_SLACK * step and _crop_to_grid(new_box, step - extra, crop, boxes):
            extra = 0.0
        above = {"start": 0.0, "end": extra}.get(align, extra / 2)
        column = given["containing_block"]
        at_top = given["page_is_empty"] or (
            getattr(column, "is_column", False) and abs(start - column.content_box_y()) < 0.01
        )
        if align != "end" and (
            at_top or context.overflows_page(given["bottom_space"], bottom + above)
        ):
            above = 0.0
        if above > 0:
            new_box.translate(dy=above)
            new_box.position_y -= above
            new_box.margin_top += above
        new_box.margin_bottom = trailing + extra - above
        return new_box, resume_at, next_page, [], collapsing_through, max_lines

    return replaced(block, "block_level_layout", block_level_layout)


#: A block within this fraction of a step of a whole number of steps takes no more.
STEP_SLACK = 1e-4


def _own_style(box, boxes):
    """The style the block's own element set: a table's is on the table, not its wrapper."""
    if isinstance(box, boxes.TableBox):
        return None  # the wrapper steps, with the table's setting
    if box.is_table_wrapper:
        return box.get_wrapped_table().style
    return box.style


def _step_of(box, boxes) -> tuple[float | None, str, float]:
    """The block's step in CSS px, its alignment and how much its picture may be
    cropped, when its own rule sets ``--block-step-size`` (an absolute length;
    ``none`` or ``1em`` set no step)."""
    style = _own_style(box, boxes)
    cascaded = getattr(style, "cascaded", ())
    if STEP_SIZE not in cascaded:
        return None, "center", 0.0
    step = _length(style, STEP_SIZE)
    align = _token(style, STEP_ALIGN) if STEP_ALIGN in cascaded else None
    align = align.lower_value if align is not None and align.type == "ident" else "center"
    crop = _length(style, STEP_CROP) if STEP_CROP in cascaded else 0.0
    return (step if step > 0 else None), align, crop


def _length(style, name: str) -> float:
    """A custom property's absolute length in CSS px (0 for anything else)."""
    from weasyprint.css.units import LENGTHS_TO_PIXELS

    token = _token(style, name)
    if token is None or token.type != "dimension":
        return 0.0
    return token.value * LENGTHS_TO_PIXELS.get(token.unit.lower(), 0)


#: A picture is never cropped by more than this share of its height to fit the grid.
CROP_SHARE = 0.05


def _crop_to_grid(figure, over: float, crop: float, boxes) -> bool:
    """Take ``over`` px off the height of the figure's picture (cropped evenly
    top and bottom, ``object-fit: cover``) and lift what is under it, when
    ``crop`` allows that much; whether it did."""
    if over > crop:
        return False
    picture = next((b for b in figure.descendants() if isinstance(b, boxes.ReplacedBox)), None)
    if picture is None or not picture.width or over > CROP_SHARE * picture.height:
        return False
    _, _, ratio = picture.replacement.get_intrinsic_size(
        picture.style["image_resolution"], picture.style["font_size"]
    )
    if not ratio or abs(picture.width / picture.height - ratio) > 0.01 * ratio:
        return False  # letterboxed (max-height) or stretched: cover would crop its width
    cut = picture.position_y + picture.margin_height()
    picture.height -= over
    picture.style = picture.style.copy()
    picture.style["object_fit"] = "cover"
    _lift(figure, picture, cut, over)
    return True


def _lift(box, picture, cut: float, over: float) -> None:
    """Shorten the boxes that hold the picture by ``over``, move up what lies below it."""
    box.height -= over
    for child in box.all_children():
        if child is picture:
            continue
        if any(b is picture for b in child.descendants()):
            _lift(child, picture, cut, over)
        elif child.position_y >= cut - 0.01:
            child.translate(dy=-over)


def _token(style, name: str):
    """A custom property's value when it is one token, else None."""
    tokens = [t for t in style[name] or () if t.type != "whitespace"]
    return tokens[0] if len(tokens) == 1 else None


# ── After layout, before writing: the finisher ───────────────────────────

#: Compressed bytes of big streams that come back build after build (the
#: output-intent profile, whole fonts), by content, so a ``watch`` rebuild
#: skips them. Bounded: the least recently used go past CACHE_BYTES.
_DEFLATED: OrderedDict[bytes, bytes] = OrderedDict()
CACHE_BYTES = 16 * 2**20
BIG_STREAM = 65536


def _deflate(raw: bytes) -> bytes:
    if len(raw) <= BIG_STREAM:
        compressor = zlib.compressobj(level=9)
        return compressor.compress(raw) + compressor.flush()
    key = hashlib.sha256(raw).digest()
    if key in _DEFLATED:
        _DEFLATED.move_to_end(key)
        return _DEFLATED[key]
    # Level 6: the output-intent profile (350 KB) comes out 0.3 % bigger than at
    # level 9, in a sixth of the time (0.02 s instead of 0.14 s per cold build).
    compressor = zlib.compressobj(level=6)
    data = _DEFLATED[key] = compressor.compress(raw) + compressor.flush()
    while sum(len(v) for v in _DEFLATED.values()) > CACHE_BYTES and len(_DEFLATED) > 1:
        _DEFLATED.popitem(last=False)
    return data


class _Finisher:
    """WeasyPrint's ``finisher`` hook: adjust the PDF objects before they are written."""

    def __init__(self, options: WriteOptions) -> None:
        self.options = options

    def __call__(self, document, pdf) -> None:
        pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]
        if self.options.variant != "screen":
            self._boxes_and_marks(pdf, pages)
        if self.options.variant == "pdf/x-1a":
            _pdfx1a(pdf)
        _stable_document_id(pdf, self.options.digest)
        _compress_once(pdf)

    def _boxes_and_marks(self, pdf, pages) -> None:
        import pydyf

        for page in pages:
            # A link is a PDF annotation: PDF/X forbids them inside the trim,
            # and paper cannot be clicked.
            page.pop("Annots", None)
            trim = [float(v) for v in page["TrimBox"]]
            media = [float(v) for v in page["MediaBox"]]
            # 3 mm beyond the trim, never beyond the page (a stylesheet's smaller
            # bleed is then what there is, and check says so)
            page["BleedBox"] = pydyf.Array(
                [
                    max(media[0], trim[0] - BLEED),
                    max(media[1], trim[1] - BLEED),
                    min(media[2], trim[2] + BLEED),
                    min(media[3], trim[3] + BLEED),
                ]
            )
            if self.options.crop_marks:
                _add_crop_marks(pdf, page, trim)


def _resolve(pdf, reference):
    """The pydyf object behind a reference (``b'12 0 R'``) or the object itself."""
    if isinstance(reference, bytes | str):
        number = int(reference.split()[0])
        return pdf.objects[number]
    return reference


def _add_crop_marks(pdf, page, trim: list[float]) -> None:
    """Crop marks in the registration colour (Separation /All), outside the bleed.

    WeasyPrint draws its marks in black through an SVG transparency group;
    these are plain strokes, one per corner and side, printing on every plate.
    """
    import pydyf

    resources = _resolve(pdf, page["Resources"])
    spaces = _resolve(pdf, resources["ColorSpace"])
    if "Registration" not in spaces:
        spaces["Registration"] = pydyf.Array(
            (
                "/Separation",
                "/All",
                "/DeviceCMYK",
                pydyf.Dictionary(
                    {
                        "FunctionType": 2,
                        "Domain": pydyf.Array((0, 1)),
                        "C0": pydyf.Array((0, 0, 0, 0)),
                        "C1": pydyf.Array((1, 1, 1, 1)),
                        "N": 1,
                    }
                ),
            )
        )
    left, bottom, right, top = trim
    lines = []
    for x in (left, right):
        for y, sign in ((bottom, -1), (top, 1)):
            lines.append((x, y + sign * MARK_FROM, x, y + sign * MARK_TO))
    for y in (bottom, top):
        for x, sign in ((left, -1), (right, 1)):
            lines.append((x + sign * MARK_FROM, y, x + sign * MARK_TO, y))
    body = [b"q", b"/Registration CS 1 SCN", f"{MARK_WIDTH} w 0 J".encode()]
    body += [f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l S".encode() for x0, y0, x1, y1 in lines]
    body.append(b"Q")
    before = pydyf.Stream([b"q"], compress=True)
    after = pydyf.Stream([b"Q", *body], compress=True)
    pdf.add_object(before)
    pdf.add_object(after)
    page["Contents"] = pydyf.Array((before.reference, page["Contents"], after.reference))


def _pdfx1a(pdf) -> None:
    """What PDF/X-1a (PDF 1.4, no transparency, CMYK only) forbids and WeasyPrint writes.

    - OpenType font programs (FontFile3/OpenType, PDF 1.6): the CFF table alone
      is a CIDFontType0C program, which PDF 1.3 knows;
    - transparency groups on form XObjects (WeasyPrint adds one to every group);
    - colour spaces other than DeviceCMYK/Gray and Separation: the page
      resources name Lab and ICC spaces even when nothing paints in them.
    """
    import pydyf
    from fontTools.ttLib import TTFont

    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Stream):
            continue
        if obj.extra.get("Subtype") == "/OpenType":
            font = TTFont(io.BytesIO(b"".join(_raw_items(obj))))
            obj.stream = [font.reader["CFF "]]
            obj.extra["Subtype"] = "/CIDFontType0C"
        if "Group" in obj.extra:
            del obj.extra["Group"]
        resources = obj.extra.get("Resources")
        if isinstance(resources, dict):
            _device_spaces_only(pdf, resources)
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and "ColorSpace" in obj and "XObject" in obj:
            _device_spaces_only(pdf, obj)


def _device_spaces_only(pdf, resources) -> None:
    spaces = _resolve(pdf, resources.get("ColorSpace")) if "ColorSpace" in resources else None
    if not isinstance(spaces, dict):
        return
    for name in list(spaces):
        value = spaces[name]
        if isinstance(value, list | tuple) and value and value[0] in ("/ICCBased", "/Lab"):
            del spaces[name]


def _raw_items(stream) -> list[bytes]:
    from pydyf import _to_bytes

    return [_to_bytes(item) for item in stream.stream]


def _stable_document_id(pdf, digest: str) -> None:
    """The same manuscript gives the same PDF: WeasyPrint's XMP DocumentID is a
    random UUID; make it one derived from the manuscript."""
    import uuid

    reference = pdf.catalog.get("Metadata")
    if reference is None:
        return
    stream = _resolve(pdf, reference)
    stable = f"xmp.did:{uuid.UUID(digest[:32])}".encode()
    stream.stream = [re.sub(rb"xmp\.did:[0-9a-f-]{36}", stable, b"\n".join(_raw_items(stream)))]


def _compress_once(pdf) -> None:
    """pydyf compresses a stream each time its bytes are asked for, and a PDF
    with a file identifier (PDF/X needs one) asks twice: once to write, once to
    hash. Compress each stream here, once; big ones (the output-intent profile,
    500 KB) come from :data:`_DEFLATED` on a rebuild."""
    import pydyf

    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.compress and "Filter" not in obj.extra:
            obj.stream = [_deflate(b"\n".join(_raw_items(obj)))]
            obj.extra["Filter"] = "/FlateDecode"
            obj.compress = False


# ── What the layout placed ───────────────────────────────────────────────


@dataclass
class Placement:
    """An image as laid out: its pixels and the size it is printed at."""

    page: int  # 1-based
    src: str  # the URL WeasyPrint loaded
    line: int | None  # the manuscript line (``data-line`` on the <img>), if known
    pixels: tuple[int, int]
    size_pt: tuple[float, float]

    @property
    def ppi(self) -> float:
        """Effective resolution: pixels per inch at the printed size (the lesser axis)."""
        width, height = self.size_pt
        if width <= 0 or height <= 0:
            return float("inf")
        return min(self.pixels[0] / (width / 72), self.pixels[1] / (height / 72))


def placed_images(rendered) -> list[Placement]:
    """Every raster image on the laid-out pages, with its printed size."""
    from weasyprint.formatting_structure.boxes import ReplacedBox
    from weasyprint.images import RasterImage

    placements = []
    for number, page in enumerate(rendered.pages, 1):
        for box in page._page_box.descendants():
            if not isinstance(box, ReplacedBox) or not isinstance(box.replacement, RasterImage):
                continue
            element = box.element
            line = element.get("data-line") if element is not None else None
            placements.append(
                Placement(
                    page=number,
                    src=element.get("src", "") if element is not None else "",
                    line=int(line) if line and line.isdigit() else None,
                    pixels=(box.replacement.width, box.replacement.height),
                    size_pt=(box.width * 0.75, box.height * 0.75),
                )
            )
    return placements


def page_starts(rendered, lines: int = 3) -> list[str]:
    """The first ``lines`` lines of every laid-out page, joined as running text (the
    running footer, a margin box, left out): the EPUB's page list, known before the
    PDF is written."""
    from weasyprint.formatting_structure import boxes

    from pamphletpress.compose.hyphenation import join_lines

    def collect(box, out: list[str]) -> None:
        if len(out) >= lines:
            return
        if isinstance(box, boxes.LineBox):
            text = "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox))
            if text.strip():
                out.append(text)
            return
        for child in getattr(box, "children", ()):
            if not isinstance(child, boxes.MarginBox):
                collect(child, out)

    starts = []
    for page in rendered.pages:
        found: list[str] = []
        collect(page._page_box, found)
        starts.append(join_lines(found))
    return starts


# ── Composed lines on the laid-out pages ──────────────────────────────────


def _classes(box) -> list[str]:
    element = box.element
    if element is None or box.element_tag is None or not isinstance(element.tag, str):
        return []
    return (element.get("class") or "").split()


def _composed_lines(box, paragraph=None, parent=None):
    """Each composed line's block: (line box, its parent box, its paragraph box),
    in layout order; the paragraph is the nearest box marked ``data-mend``."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.BlockBox) and "line" in _classes(box):
        yield box, parent, paragraph
        return
    element = box.element
    if (
        isinstance(box, boxes.BlockBox)
        and element is not None
        and box.element_tag is not None
        and element.get("data-mend")
    ):
        paragraph = box
    for child in getattr(box, "children", ()):
        if not isinstance(child, boxes.MarginBox):
            yield from _composed_lines(child, paragraph, box)


def _line_number(line, paragraph) -> int:
    """The line's number in its paragraph (the whole, when a figure cut it in two)."""
    first = int(paragraph.element.get("data-mend-first", 0))
    return first + list(paragraph.element).index(line.element)


def _line_count(paragraph) -> int:
    whole = paragraph.element.get("data-mend-lines")
    if whole:
        return int(whole)
    return sum("line" in (c.get("class") or "").split() for c in paragraph.element)


def _columns(box):
    if getattr(box, "is_column", False):
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _columns(child)


def hyphenated_column_ends(rendered) -> list:
    """The columns whose last line is a mendable paragraph's hyphenated line."""
    from pamphletpress.layout.columnends import ColumnEnd

    ends = []
    for number, page in enumerate(rendered.pages, 1):
        for column in _columns(page._page_box):
            leaves: list = []
            _collect_leaves(column, leaves)
            last = leaves[-1] if leaves else column
            if "hyphenated" not in _classes(last):
                continue
            for line, _parent, paragraph in _composed_lines(column):
                if line is last and paragraph is not None:
                    ends.append(
                        ColumnEnd(
                            paragraph.element.get("data-mend"),
                            _line_number(line, paragraph),
                            _line_count(paragraph),
                            number,
                        )
                    )
    return ends


def replace_lines(rendered, mended, numbers: Iterable[str]) -> list[str]:
    """Put the lines of the paragraphs laid out alone in ``mended`` in place of
    the same paragraphs' lines on ``rendered``'s pages, each line where its
    predecessor stood; the paragraphs whose lines do not match are left as they
    were and returned."""
    from weasyprint.document import Page

    new: dict[tuple[str, int], object] = {}
    for page in mended.pages:
        for line, _parent, paragraph in _composed_lines(page._page_box):
            if paragraph is not None:
                key = (paragraph.element.get("data-mend"), _line_number(line, paragraph))
                new[key] = line
    places: dict[str, list] = {number: [] for number in numbers}
    for index, page in enumerate(rendered.pages):
        for line, parent, paragraph in _composed_lines(page._page_box):
            number = paragraph.element.get("data-mend") if paragraph is not None else None
            if number in places:
                places[number].append((index, line, parent, _line_number(line, paragraph)))
    failed = []
    changed: set[int] = set()
    for number, found in places.items():
        pairs = [(spot, new.get((number, spot[3]))) for spot in found]
        if not found or any(
            line is None or abs(line.margin_height() - spot[1].margin_height()) > 0.01
            for spot, line in pairs
        ):
            failed.append(number)
            continue
        for (index, old, parent, _n), line in pairs:
            line.translate(old.position_x - line.position_x, old.position_y - line.position_y)
            parent.children[parent.children.index(old)] = line
            changed.add(index)
    for index in changed:
        rendered.pages[index] = Page(rendered.pages[index]._page_box)
    return failed


def _leaves_with_blocks(column):
    """The column's leaves in order, each with the run's child it belongs to."""
    for child in column.children:
        element = child.element if child.element_tag is not None else None
        leaves: list = []
        _collect_leaves(child, leaves)
        for leaf in leaves:
            yield leaf, element


def _collect_leaves(box, out: list) -> None:
    """The blocks in ``box`` holding no block (a line, a heading, an image), in order."""
    from weasyprint.formatting_structure import boxes

    children = [c for c in getattr(box, "children", ()) if isinstance(c, boxes.Box)]
    blocks = [c for c in children if not isinstance(c, boxes.LineBox)]
    if isinstance(box, boxes.ReplacedBox) or not blocks:
        out.append(box)
        return
    for child in blocks:
        _collect_leaves(child, out)


def figure_hole(rendered):
    """The first figure that went to the top of a column because it did not fit
    at the foot of the one before, leaving a hole of a body line or more: where
    in the text after it the figure should stand instead, the hole then filled.
    None when there is no such figure or no place for it."""
    from pamphletpress.layout.figureplaces import FigureMove

    columns = [column for page in rendered.pages for column in _columns(page._page_box)]
    leading = next(
        (line.margin_height() for column in columns for line, _, _ in _composed_lines(column)),
        None,
    )
    if leading is None:
        return None
    for before, column in zip(columns, columns[1:]):
        if before.element is not column.element or not column.children:
            continue  # another run of columns: the figure opens it
        first = column.children[0]
        figure = first.element if first.element_tag is not None else None
        if figure is None or figure.tag != "figure" or not figure.get("data-figure"):
            continue
        leaves = list(_leaves_with_blocks(before))
        if not leaves:
            continue
        last = leaves[-1][0]
        hole = before.position_y + before.height - (last.position_y + last.margin_height())
        if hole < leading:
            continue
        move = _place_in(column, first, hole, figure)
        if move is not None:
            return FigureMove(figure.get("data-figure"), *move)
    return None


def _place_in(column, figure_box, hole: float, figure) -> tuple[int, int | None] | None:
    """After which of the column's leaves (past the figure) the figure should
    stand so that what comes before it fills ``hole``: (siblings past the
    figure, line within that sibling or None for all of it)."""
    top = figure_box.position_y + figure_box.margin_height()
    siblings = list(column.element)
    here = siblings.index(figure)
    leaves = [(leaf, block) for leaf, block in _leaves_with_blocks(column) if block is not figure]
    best = None
    for index, (leaf, block) in enumerate(leaves):
        if leaf.position_y + leaf.margin_height() - top > hole + 0.01:
            break
        if block is None or block not in siblings:
            continue
        offset = siblings.index(block) - here
        following = leaves[index + 1] if index + 1 < len(leaves) else None
        if following is None or following[1] is not block:
            best = (offset, None)  # after the whole block
            continue
        classes = set(_classes(leaf))
        after = _classes(following[0])
        # Where the column will end: not after a first line nor before a last
        # one, after a hyphen only where the paragraph is mended.
        mended = block.get("data-mend") and "held" not in classes
        if (
            "line" in classes
            and block.tag == "p"
            and leaf.element in list(block)
            and "first" not in classes
            and ("hyphenated" not in classes or mended)
            and "last" not in after
        ):
            best = (offset, list(block).index(leaf.element))
    return best
