"""The WeasyPrint adapter: the one entry through which the build lays out and writes.

It lays out and writes with WeasyPrint and pydyf, and reads the laid-out pages
back. Only the modules of ``layout/`` import them (``fetcher.py`` hands WeasyPrint
the project's URL fetcher).

Everything pamphletpress changes in how WeasyPrint 70 writes a PDF is made
here, and nothing stays changed after a build:

- one scoped replacement, with :func:`replaced`, of ``Stream.set_color`` for
  the duration of :func:`write` (:func:`~pamphletpress.layout.colours.print_set_color`:
  CMYK written as ``c m y k k``, RGB turned into CMYK in print variants, 100 % K
  text set to overprint); the original is put back when the build ends, even
  on an error; in print variants also of ``Stream.create_interpolation_function``
  and ``Stream.add_shading`` (gradients' stops in CMYK, in DeviceCMYK:
  :func:`~pamphletpress.layout.colours.print_interpolation`);
- one for the duration of :func:`render`, of the block layout
  (:func:`~pamphletpress.layout.grid.stepped_layout`): CSS Rhythmic Sizing's
  ``block-step-size``, read from the custom property ``--block-step-size``, so
  code, tables and figures keep the columns on the body's baseline grid;
  and, when the caller keeps ``sheets`` (an issue's page runs, an article's layouts
  in a process: :func:`warm`), of ``weasyprint.css.find_stylesheets``: the linked
  stylesheets parsed once; when it keeps ``lines`` (an issue's page runs, an
  article's layouts: :class:`Remembered`), of ``split_first_line`` and the justified
  line's ``create_layout`` (:mod:`~pamphletpress.layout.textlines`: the lines split
  and justified once); of ``make_all_pages``
  (:mod:`~pamphletpress.layout.resumed`: a layout of a changed document made from
  the page the change starts on);
  and of a few of WeasyPrint's most called small functions, the same answers in
  fewer calls (:mod:`~pamphletpress.layout.hotpaths`);
- the rest is done in WeasyPrint's own ``finisher`` hook
  (:class:`~pamphletpress.layout.finishing.Finisher`), on the PDF objects
  before they are written: a stable XMP DocumentID, streams compressed once,
  BleedBox at 3 mm, no link annotations in print, crop marks in the
  registration colour, and the PDF/X-1a clean-up (bare CFF fonts, no
  transparency groups, no ICC/Lab colour spaces).

After layout, it reads the laid-out boxes for what the build decides on
(:func:`hyphenated_column_ends`, :func:`figure_hole`, :func:`float_hole`, :func:`placed_images`,
:func:`page_starts`) and puts the lines of paragraphs broken again, laid out
on their own, in place of the old ones (:func:`replace_lines`): same heights,
nothing else moves. These walks over the pages are
:mod:`pamphletpress.layout.laidout`'s (and :mod:`~pamphletpress.layout.floats`'), offered here.

Each of these relies on WeasyPrint's and pydyf's internals as they are in the
versions named in :data:`WRITTEN_FOR`; :func:`check_versions` refuses others.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pamphletpress.errors import PamphletError
from pamphletpress.i18n import _
from pamphletpress.layout import resumed
from pamphletpress.layout.colours import print_interpolation, print_set_color, print_shading
from pamphletpress.layout.computed import Styles
from pamphletpress.layout.finishing import Finisher
from pamphletpress.layout.floats import float_hole
from pamphletpress.layout.grid import stepped_layout
from pamphletpress.layout.hotpaths import in_flow, resolved
from pamphletpress.layout.imagenames import ImageSource
from pamphletpress.layout.laidout import (
    Placement,
    figure_hole,
    hyphenated_column_ends,
    page_starts,
    placed_images,
    replace_lines,
)
from pamphletpress.layout.textlines import Lines, justified, remembered, strutted

#: The versions whose internals the layout modules were written against (pyproject pins them).
WRITTEN_FOR = {"weasyprint": "70.0", "pydyf": "0.13.0"}


@dataclass
class WriteOptions:
    variant: str  # "pdf/x-4", "pdf/x-1a" or "screen"
    digest: str  # the manuscript's digest: identifier and XMP DocumentID
    crop_marks: bool = False
    output_intent: str | None = None  # the @color-profile name, print variants
    #: image URL → the picture it came from (file, colour space)
    image_names: dict[str, ImageSource] = field(default_factory=dict)
    #: more XMP properties (``rdf:Description`` elements), such as an issue's PRISM ones
    xmp: bytes = b""


def check_versions() -> None:
    """Refuse to build with a WeasyPrint or pydyf whose internals may differ."""
    from importlib.metadata import version

    found = {name: version(name) for name in WRITTEN_FOR}
    wrong = [f"{n} {found[n]}" for n in WRITTEN_FOR if found[n] != WRITTEN_FOR[n]]
    if wrong:
        pins = [f"{n}=={v}" for n, v in WRITTEN_FOR.items()]
        raise PamphletError(
            _(
                "pamphletpress was made for {pins}, found {wrong}; reinstall them: pip "
                "install {pins2}"
            ).format(pins=" and ".join(pins), wrong=", ".join(wrong), pins2=" ".join(pins))
        )


def fonts():
    """One font configuration for the layouts of a build: text laid out apart and
    put on the page (:func:`replace_lines`) then shares the page's embedded fonts."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


#: Font configurations and parsed stylesheets of this process's last builds, by the
#: state of every file they were read from (:func:`warm`).
_WARM: OrderedDict[tuple, tuple] = OrderedDict()
WARM_KEPT = 4
#: What a stylesheet reads at parse time: ``@import`` and ``url()`` (fonts, profiles).
_REFERENCE = re.compile(r"""@import\s+['"]([^'"]+)|url\(\s*['"]?([^'")\s]+)""")


@contextlib.contextmanager
def kept_warm() -> Iterator[None]:
    """Inside the block (a ``watch`` session: one project rebuilt after each save),
    :func:`warm` keeps its fonts and stylesheets from one build to the next."""
    _KEEPING.append(True)
    try:
        yield
    finally:
        _KEEPING.pop()
        if not _KEEPING:
            _WARM.clear()


_KEEPING: list[bool] = []


class Remembered:
    """The text lines split and the styles' values computed (:func:`render`'s ``lines``
    and ``styles``) for an article's layouts, by what styles the print page: its
    stylesheets' links and its own ``<style>``, what the values were computed with. Kept by
    :func:`warm` with the fonts they were measured in; there (``across`` builds, in
    ``watch``) also each page's last layout, for the next build's first layout to take
    its pages before the edit over (:mod:`~pamphletpress.layout.resumed`)."""

    KEPT = 2  # heads
    LAYOUTS = 2  # layouts kept: the close and the opening-below settings of one page

    def __init__(self, across: bool = False) -> None:
        self.across = across
        self._by_head: OrderedDict[str, tuple[Lines, Styles]] = OrderedDict()
        self._layouts: OrderedDict[str, object] = OrderedDict()

    def of(self, html: str) -> tuple[Lines, Styles]:
        """The lines and styles for the layouts of ``html``."""
        head = _styling(html[: html.find("<body")])
        if head in self._by_head:
            self._by_head.move_to_end(head)
        else:
            self._by_head[head] = (Lines(), Styles())
            while len(self._by_head) > self.KEPT:
                self._by_head.popitem(last=False)
        return self._by_head[head]

    def layout(self, html: str):
        """The last layout kept of a page of this head and ``<body>`` (None: none)."""
        return self._layouts.get(_opening(html))

    def keep(self, html: str, rendered) -> None:
        """``rendered``, a layout of ``html``, kept apart for the next build."""
        if not self.across:
            return
        key = _opening(html)
        self._layouts[key] = resumed.kept_apart(rendered)
        self._layouts.move_to_end(key)
        while len(self._layouts) > self.LAYOUTS:
            self._layouts.popitem(last=False)


def _styling(html: str) -> str:
    """What styles the page, as a key: its stylesheets' links and ``<style>`` elements
    (not its metadata, which an edit changes) and, given, its ``<body>`` tag."""
    found = _STYLING.findall(html)
    return hashlib.sha256("".join(found).encode()).hexdigest()


_STYLING = re.compile(r"<link\b[^>]*>|<style\b.*?</style>|<body\b[^>]*>", re.S)


def _opening(html: str) -> str:
    """The print page's styling and ``<body>`` tag, as a key."""
    return _styling(html[: html.index(">", html.index("<body")) + 1])


def warm(stylesheets: list[Path]) -> tuple:
    """One font configuration, one dict of parsed stylesheets and the lines and styles
    :class:`Remembered` (:func:`render`'s ``font_config``, ``sheets``, ``lines`` and
    ``styles``) for the layouts of a build; inside :func:`kept_warm`, the same for
    the next build while the stylesheets, and every file they read when parsed
    (imports, fonts, colour profiles), are as they were: a ``watch`` rebuild after a
    save in the manuscript parses no CSS, loads no font and splits only the lines
    that changed. Other builds start afresh, whatever this process built before."""
    if not _KEEPING:
        return fonts(), {}, Remembered()
    key = tuple(_state(path, set()) for path in stylesheets)
    if key in _WARM:
        _WARM.move_to_end(key)
    else:
        _WARM[key] = (fonts(), {}, Remembered(across=True))
        while len(_WARM) > WARM_KEPT:
            _WARM.popitem(last=False)
    return _WARM[key]


def _state(path: Path, seen: set[Path]) -> tuple:
    """A stylesheet's text and the sizes and times of what it reads, recursively."""
    if path in seen or not path.is_file():
        return (str(path), None)
    seen.add(path)
    text = path.read_bytes()
    read = []
    for imported, url in _REFERENCE.findall(text.decode("utf-8", "replace")):
        name = (imported or url).split("#")[0].split("?")[0]
        if not name or ":" in name:  # data: or another scheme: nothing from the disk
            continue
        target = (path.parent / name).resolve()
        if target.suffix.lower() == ".css":
            read.append(_state(target, seen))
        elif target.is_file():
            stat = target.stat()
            read.append((str(target), stat.st_size, stat.st_mtime_ns))
        else:
            read.append((str(target), None))
    return (str(path), hashlib.sha256(text).hexdigest(), tuple(read))


def render(
    html: str,
    base_url: str,
    url_fetcher: Callable,
    font_config=None,
    sheets: dict | None = None,
    lines: Lines | None = None,
    styles: Styles | None = None,
    since=None,
):
    """Lay out the HTML: WeasyPrint's Document, pages and all. ``sheets`` (one dict for
    the layouts of one build, with one ``font_config``) keeps the linked stylesheets
    parsed, for the many small layouts of an issue's page runs; ``lines``
    (:class:`~pamphletpress.layout.textlines.Lines`) the text lines split; ``styles``
    (:class:`~pamphletpress.layout.computed.Styles`) the styles' values computed;
    ``since``, an earlier render of this HTML less a change, the pages before the
    change (:mod:`~pamphletpress.layout.resumed`: laid out from the changed page on)."""
    import tinycss2
    import weasyprint
    from weasyprint import css
    from weasyprint import layout as layouts
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import block, inline, percent, preferred

    check_versions()
    kept = resumed.Resumable(tree=None)
    with contextlib.ExitStack() as scoped:
        scoped.enter_context(
            replaced(block, "block_level_layout", stepped_layout(block.block_level_layout))
        )
        pages = resumed.recording(layouts.make_all_pages, kept, since)
        scoped.enter_context(replaced(layouts, "make_all_pages", pages))
        if sheets is not None:
            scoped.enter_context(
                replaced(css, "find_stylesheets", _kept_sheets(css.find_stylesheets, sheets))
            )
        scoped.enter_context(
            replaced(css, "find_style_attributes", _list_starts(css.find_style_attributes))
        )
        faster = resolved(percent)
        for module in _resolving(percent.resolve_percentages):
            scoped.enter_context(replaced(module, "resolve_percentages", faster))
        scoped.enter_context(replaced(boxes.Box, "is_in_normal_flow", in_flow(boxes)))
        if lines is not None:
            for module in (inline, preferred):
                split = remembered(module.split_first_line, lines)
                scoped.enter_context(replaced(module, "split_first_line", split))
            layout = justified(inline.create_layout, lines)
            scoped.enter_context(replaced(inline, "create_layout", layout))
            scoped.enter_context(replaced(inline, "strut", strutted(inline.strut, lines)))
        if styles is not None:
            for name in ("parse_blocks_contents", "parse_one_declaration"):
                parse = styles.parsed(getattr(tinycss2, name))
                scoped.enter_context(replaced(tinycss2, name, parse))
            checked = styles.checked(css.preprocess_declarations)
            scoped.enter_context(replaced(css, "preprocess_declarations", checked))
            numbered = styles.numbered(css.StyleFor.set_computed_styles)
            scoped.enter_context(replaced(css.StyleFor, "set_computed_styles", numbered))
            remembered_values = styles.remembered(css.ComputedStyle.__missing__)
            scoped.enter_context(replaced(css.ComputedStyle, "__missing__", remembered_values))
            scoped.enter_context(styles.counting(css.LOGGER))
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=url_fetcher)
        rendered = document.render(font_config=font_config)
    setattr(rendered, resumed.KEPT, kept)
    return rendered


def _resolving(original: Callable) -> list:
    """WeasyPrint's layout modules that call ``original`` by a name of their own (and
    ``percent``, whose name ``flex`` calls)."""
    import importlib

    names = ("absolute", "block", "column", "flex", "float", "grid", "inline", "page", "table")
    modules = [importlib.import_module(f"weasyprint.layout.{name}") for name in names]
    modules.append(importlib.import_module("weasyprint.layout.percent"))
    return [m for m in modules if m.__dict__.get("resolve_percentages") is original]


def _list_starts(find_style_attributes: Callable) -> Callable:
    """WeasyPrint's style attributes, and an ordered list's ``start`` (pandoc's ``(2)``,
    Markdown's ``3.``) as CSS Lists' stylesheet numbers it: WeasyPrint reads it only
    among the presentational hints, which stay off (they would let raw HTML's
    ``bgcolor`` and ``border`` onto the page)."""
    import tinycss2

    def find(tree, presentational_hints=False, base_url=None):
        yield from find_style_attributes(tree, presentational_hints, base_url)
        if presentational_hints:
            return
        for element in tree.iter("ol"):
            start = (element.get("start") or "").strip()
            if re.fullmatch(r"-?\d{1,9}", start):
                # One item, both declarations: WeasyPrint shares one computed style among
                # siblings of the same rules and last declarations (the start among them).
                texts = (f"counter-reset:list-item {start}", "counter-increment:list-item -1")
                declarations = tuple(tinycss2.parse_one_declaration(text) for text in texts)
                yield (0, 0, 0), element, declarations, base_url

    return find


def _kept_sheets(find_stylesheets: Callable, kept: dict) -> Callable:
    """WeasyPrint's ``find_stylesheets``, the linked sheets before any ``<style>`` parsed
    once, and each ``<style>`` after them once per text: their CSS objects and what
    parsing them added (page rules, colour profiles, counter styles, layers) given
    again to a document that links or holds the same."""

    def find(wrapper, media, fetcher, base_url, fonts, counters, profiles, page_rules, layers):
        elements = [w.etree_element for w in wrapper.query_all("style", "link")]
        links = [e for e in elements if e.tag == "link"]
        if not links or any(e.tag == "style" for e in elements[: len(links)]):
            yield from find_stylesheets(  # a <style> among them: as WeasyPrint does
                wrapper, media, fetcher, base_url, fonts, counters, profiles, page_rules, layers
            )
            return
        added = (counters, profiles, page_rules, layers)
        key = (tuple((e.get("href"), e.get("rel"), e.get("media")) for e in links), media)
        parse = (find_stylesheets, media, fetcher, base_url, fonts)
        yield from _parsed_once(kept, key, _only(wrapper, links), parse, added)
        for element in elements[len(links) :]:
            key = ("style", element.get("media"), element.text, base_url, media)
            yield from _parsed_once(kept, key, _only(wrapper, [element]), parse, added)

    return find


def _parsed_once(kept: dict, key: tuple, wrapper, parse: tuple, added: tuple) -> list:
    """The stylesheets ``parse`` finds in ``wrapper``, parsed the first time for ``key``,
    and what parsing them added to ``added`` added again the next times."""
    find_stylesheets, media, fetcher, base_url, fonts = parse
    counters, profiles, page_rules, layers = added
    if key not in kept:
        before = (len(page_rules), dict(profiles), dict(counters), len(layers))
        found = list(
            find_stylesheets(
                wrapper, media, fetcher, base_url, fonts, counters, profiles, page_rules, layers
            )
        )
        kept[key] = (
            found,
            page_rules[before[0] :],
            {k: (v, v.content) for k, v in profiles.items() if k not in before[1]},
            {k: v for k, v in counters.items() if k not in before[2]},
            layers[before[3] :],
        )
        return found
    found, rules, new_profiles, new_counters, new_layers = kept[key]
    page_rules.extend(rules)
    profiles.update({k: _fresh(*profile) for k, profile in new_profiles.items()})
    counters.update(new_counters)
    layers.extend(new_layers)
    return found


def _fresh(profile, content: bytes):
    """A colour profile as parsing gave it: littleCMS's copy of a profile a build has
    written changes (16 bytes more), so each document gets its own, from the bytes it
    had before any build used it (those a cold build writes)."""
    from weasyprint.css import ColorProfile

    return ColorProfile(
        io.BytesIO(content), profile.src, profile.rendering_intent, profile.components
    )


def _only(wrapper, elements: list):
    """A stand-in for the document's wrapper that offers only ``elements`` to query."""

    class Only:
        def query_all(self, *_names):
            return [_Element(e) for e in elements]

    return Only()


@dataclass
class _Element:
    etree_element: object


def identifier(digest: str) -> bytes:
    """The PDF's /ID, from the manuscript's digest: `check` tells by it what a PDF was made from."""
    return hashlib.md5(digest.encode()).hexdigest().encode()


def write(rendered, target, options: WriteOptions) -> None:
    """Write the laid-out document as the variant's PDF to ``target``."""
    from weasyprint.pdf.stream import Stream

    check_versions()
    pdf_options: dict = {"pdf_identifier": identifier(options.digest)}
    print_variant = options.variant != "screen"
    if print_variant:
        pdf_options["pdf_variant"] = options.variant
        pdf_options["output_intent"] = options.output_intent
    else:
        # PDF/UA-1: tagged, XMP metadata with pdfuaid:part, DisplayDocTitle, Lang.
        pdf_options["pdf_variant"] = "pdf/ua-1"
    finisher = Finisher(
        options.variant, options.digest, options.crop_marks, options.image_names, options.xmp
    )
    with contextlib.ExitStack() as scoped:
        scoped.enter_context(
            replaced(Stream, "set_color", print_set_color(Stream.set_color, print_variant))
        )
        if print_variant:
            interpolation = Stream.create_interpolation_function
            scoped.enter_context(
                replaced(
                    Stream, "create_interpolation_function", print_interpolation(interpolation)
                )
            )
            scoped.enter_context(replaced(Stream, "add_shading", print_shading(Stream.add_shading)))
        rendered.write_pdf(target, finisher=finisher, **pdf_options)


# ── The scoped replacements ─────────────────────────────────────────────


@contextlib.contextmanager
def replaced(owner, name: str, value) -> Iterator[None]:
    """``owner.name`` is ``value`` inside the block and its old self after it."""
    original = owner.__dict__[name] if name in owner.__dict__ else getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)


__all__ = [
    "WRITTEN_FOR",
    "ImageSource",
    "Placement",
    "WriteOptions",
    "check_versions",
    "figure_hole",
    "float_hole",
    "fonts",
    "hyphenated_column_ends",
    "identifier",
    "kept_warm",
    "page_starts",
    "placed_images",
    "render",
    "replace_lines",
    "replaced",
    "warm",
    "write",
]
