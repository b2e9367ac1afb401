"""The composer set up for a project: its stylesheet's columns, its fonts.

The paragraph composer is used only where its measurements are sure to match
the page: the stylesheets must state the design's numbers and the body fonts
must be there; otherwise WeasyPrint breaks the lines and the build says so.
Within one process (``watch``) fonts and composed paragraphs are remembered.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lxml import etree

from pamphletpress.compose.compounds import compound_guesser
from pamphletpress.compose.headings import HeadingStyle, set_heading
from pamphletpress.compose.hyphenation import same_language
from pamphletpress.compose.metrics import NO_LIGATURES, FontMetrics, load_font
from pamphletpress.compose.paragraph import compose_paragraph, is_indented
from pamphletpress.compose.setup import (
    DEFAULT_PARAMS,
    RAGGED_PARAMS,
    RAGGED_PENALTIES,
    SUPERSCRIPT_SCALE,
    ComposeReport,
    FontSet,
    HyphenPenalties,
    Protrusion,
    Setup,
)
from pamphletpress.compose.signs import with_tight_signs
from pamphletpress.compose.tables import TableStyle, compose_caption, set_table
from pamphletpress.errors import plural
from pamphletpress.i18n import _
from pamphletpress.read.design import Design, read_design
from pamphletpress.read.project import Project


def composer_for_project(project: Project, stylesheets: list[Path], notes: list[str]):
    """``composer_for(article, hyphenator)`` for :func:`pamphletpress.write.print_html.print_html`,
    and the list of setups whose reports tell what the composer did."""
    design = read_design(stylesheets)
    if design is None:
        notes.append(
            _(
                "line breaks: line by line (the stylesheet does not name the column width and "
                "type size at its top)"
            )
        )
        return None, []
    try:
        fonts = with_tight_signs(_font_set(project.fonts_dir), dict(design.signs).get("charis", 0))
    except (OSError, ValueError) as exc:
        notes.append(
            _("line breaks: line by line (the body fonts cannot be measured: {exc})").format(
                exc=exc
            )
        )
        return None, []
    try:
        box_fonts = with_tight_signs(
            _font_set(project.fonts_dir, "inter"), dict(design.signs).get("inter", 0)
        )
    except (OSError, ValueError) as exc:
        notes.append(
            _("line breaks in the box: line by line (its font cannot be measured: {exc})").format(
                exc=exc
            )
        )
        box_fonts = None
    try:
        heading_styles = _heading_styles(design, project.fonts_dir)
    except (OSError, ValueError) as exc:
        notes.append(
            _("composer: headings left unbalanced, cannot measure their font ({exc})").format(
                exc=exc
            )
        )
        heading_styles = {}
    letters = bool(project.setting("pdf.protrude_letters", False))
    setups = []

    def composer_for(article, hyphenator):
        setup = Setup(
            fonts=fonts,
            size=design.body_size,
            width=design.column_width,
            indent=design.indent,
            insets=dict(design.insets),
            call_scale=(
                design.call_size / design.body_size if design.call_size else SUPERSCRIPT_SCALE
            ),
            hyphenator=hyphenator,
            protrusion=_protrusion(design, "charis", letters),
            compounds=compound_guesser(
                article.meta.lang,
                project.root / "hyphenation" / f"{article.meta.lang.split('-')[0]}.txt",
            ),
        )
        setups.append(setup)
        key = (design, letters, _fonts_signature(project.fonts_dir), hyphenator.lang,
               tuple(sorted(hyphenator.exceptions)))  # fmt: skip
        others = _box_and_note_setups(design, setup, box_fonts, letters)
        setups.extend(others.values())
        composers = {name: _remembering(other, (key, name)) for name, other in others.items()}
        compose = _by_setting(_remembering(setup, key), composers, setup)
        compose.headings = _heading_setter(heading_styles, hyphenator)
        compose.column_width = design.column_width  # for the warning about a small photo
        compose.tables, compose.captions = _table_setters(
            design, setup, box_fonts, article.meta.lang
        )
        return compose

    notes.append(
        _("columns {value:.1f} mm wide, body text {body_size:g} pt").format(
            value=design.column_width / 72 * 25.4, body_size=design.body_size
        )
    )
    return composer_for, setups


def _protrusion(design: Design, face: str, letters: bool = False) -> Protrusion | None:
    """print.css's protrusion table for ``face``, bounded by half the column gap;
    with ``letters`` (setting ``pdf.protrude_letters``) its letters' table too."""
    rows = design.protrusion
    if letters:
        rows = tuple((face if name == f"letters-{face}" else name, *rest) for name, *rest in rows)
    return Protrusion.from_table(rows, face, design.column_gap / 2)


def _box_and_note_setups(
    design: Design, body: Setup, box_fonts: FontSet | None, letters: bool = False
) -> dict:
    """The setups for text outside the column's body: ``box`` (the box across the
    page), ``column-box`` (a box inside a column) and ``note`` (the footnotes),
    each with the face, size and measure print.css gives it; a setting whose
    numbers the stylesheet does not state is left out (its text falls back).

    Box text is set ragged right, as newspapers set their boxes: a sans-serif
    aside in its own voice, whose narrow in-column version would gape if
    justified. Notes are justified: they run across the whole text block, so
    a justified line of some 110 characters has spaces enough to stay even, and
    the foot of the page keeps the straight edges of the columns above it."""
    call_size = design.call_size or body.size * SUPERSCRIPT_SCALE
    common = {
        "protrusion": _protrusion(design, "inter", letters),
        "hyphenator": body.hyphenator,
        "compounds": body.compounds,
        "indent": 0.0,
        "mends": False,  # never at a column's end: a box is never split, notes are at the foot
    }
    setups = {}
    if design.note_size:
        setups["note"] = Setup(
            **{**common, "protrusion": body.protrusion},
            fonts=body.fonts,
            size=design.note_size,
            width=design.text_width,
            call_scale=call_size / design.note_size,
            report=ComposeReport(where="in a footnote"),
        )
    if box_fonts is None or not (design.box_size and design.box_hang):
        return setups
    inside = {"hang": design.box_hang}
    if design.box_quote_indent:
        inside["box-quote"] = design.box_quote_indent
    ragged = {
        "fonts": box_fonts,
        "size": design.box_size,
        "call_scale": call_size / design.box_size,
        "ragged": True,
        "penalties": RAGGED_PENALTIES,
        "params": RAGGED_PARAMS,
        **common,
    }
    if design.box_padding is not None:
        width = design.text_width - 2 * design.box_padding
        setups["box"] = Setup(
            width=width, insets=inside, report=ComposeReport(where="in a box"), **ragged
        )
    if design.column_box_padding is not None:
        width = design.column_width - 2 * design.column_box_padding
        # Where a box stands in a list or quotation, the column's insets come first.
        insets = {**dict(design.insets), **inside}
        setups["column-box"] = Setup(
            width=width, insets=insets, report=ComposeReport(where="in a box"), **ragged
        )
    return setups


def _table_setters(design: Design, body: Setup, box_fonts: FontSet | None, lang: str):
    """``tables(table, wide)`` and ``captions(caption, wide, width)``: a table sized and its
    cells composed (:mod:`pamphletpress.compose.tables`), a caption composed, in a
    column or across both (``wide``); each False where it cannot be (the table
    does not fit the column, the stylesheet states no numbers for it)."""
    if box_fonts is None:
        return None, None
    measures = {False: design.column_width, True: design.text_width}
    common = {
        "hyphenator": body.hyphenator,
        "compounds": body.compounds,
        "indent": 0.0,
        "width": design.column_width,
        "mends": False,
        "ragged": True,
        "penalties": RAGGED_PENALTIES,
        # In a narrow cell a hyphen more beats a gaping rag: at most two in a row.
        "params": replace(RAGGED_PARAMS, max_hyphen_run=2),
    }
    call_size = design.call_size or body.size * SUPERSCRIPT_SCALE
    tables = captions = None
    if design.table_size and design.cell_padding is not None:
        size = design.table_size
        fonts = box_fonts.fonts
        bold = {"regular": fonts["bold"], "bold": fonts["bold"], "endmark": fonts["endmark"]}
        bold.update({k: fonts[k] for k in ("code", "call") if k in fonts})
        style = TableStyle(
            body=Setup(fonts=box_fonts, size=size, call_scale=call_size / size, **common),
            header=Setup(fonts=FontSet(bold), size=size, call_scale=call_size / size, **common),
            padding=design.cell_padding,
            text_measure=design.table_text_measure,
            tabular=FontMetrics(fonts["regular"].path, {**NO_LIGATURES, "tnum": True}),
            decimal="." if lang.lower().startswith("en") else ",",
            grid=design.table_grid,
        )

        boxes = {
            "box": (design.text_width, design.box_padding),
            "column-box": (design.column_width, design.column_box_padding),
        }
        insets = dict(design.insets)
        if design.box_hang:  # a box's list items, the bullets' hang a level
            insets["hang"] = design.box_hang
        if design.box_quote_indent:
            insets["box-quote"] = design.box_quote_indent

        def tables(
            table: etree._Element, wide: bool, setting: str | None = None, within=()
        ) -> bool:
            """In a column, across both (``wide``), or in a box (``setting``), narrower
            by the lists' and quotes' insets it stands ``within``: there (in a list,
            a box) it has nowhere wider to go."""
            measure = measures[wide]
            if setting is not None:
                width, padding = boxes[setting]
                if padding is None:
                    return False
                measure = width - 2 * padding
            measure -= sum(insets.get(name, 0.0) for name in within)
            nested = setting is not None or bool(within)
            return set_table(table, style, measure - 0.01, force=wide or nested)

    if design.caption_size:
        size = design.caption_size
        # Ragged right, or justified as the body is when print.css says so.
        justified = {"ragged": False, "penalties": HyphenPenalties(), "params": DEFAULT_PARAMS}
        caption_setup = Setup(
            fonts=box_fonts,
            size=size,
            call_scale=call_size / size,
            **{**common, **(justified if design.caption_justified else {})},
        )

        def captions(caption: etree._Element, wide: bool, width: float | None = None) -> bool:
            """At the measure, or at ``width`` (its picture's) where that is narrower."""
            measure = measures[wide] if width is None else min(measures[wide], width)
            return compose_caption(caption, caption_setup, measure)

    return tables, captions


#: The face each kind of heading is set in (print.css's weights: 800 and 700).
HEADING_FACES = {
    "headline": "Inter-ExtraBold.otf",
    "intertitle": "Inter-Bold.otf",
    "subhead": "Inter-Bold.otf",
    "minor-head": "Inter-Bold.otf",
    "box-title": "Inter-ExtraBold.otf",
}


def _heading_styles(design: Design, fonts_dir: Path) -> dict[str, HeadingStyle]:
    """Each kind of heading the stylesheet sizes, with its face and measure: the
    headline across the text block, intertitles in the column, a box's title
    inside the box's padding (across the page, or ``column-box-title`` in a column)."""
    measures = {
        "headline": design.text_width,
        "intertitle": design.column_width,
        "subhead": design.column_width,
        "minor-head": design.column_width,
    }
    if design.box_padding is not None:
        measures["box-title"] = design.text_width - 2 * design.box_padding
    if design.column_box_padding is not None:
        measures["column-box-title"] = design.column_width - 2 * design.column_box_padding
    styles = {}
    for kind, size, tracking in design.headings:
        font = load_font(fonts_dir / HEADING_FACES[kind], ligatures=False)
        capitals = kind == "box-title"
        names = [kind, "column-box-title"] if capitals else [kind]
        for name in names:
            if name in measures:
                styles[name] = HeadingStyle(font, size, measures[name], tracking, capitals)
    return styles


def _heading_setter(styles: dict[str, HeadingStyle], hyphenator):
    """``headings(element, kind)``: the heading balanced, True, or False when the
    stylesheet sizes no such heading (the caller then keeps its emergency hyphens)."""

    def headings(element: etree._Element, kind: str) -> bool:
        style = styles.get(kind)
        return style is not None and set_heading(element, style, hyphenator)

    return headings


def _by_setting(body, composers: dict, setup: Setup):
    """One composer for every setting: ``compose(element, inset, indent, setting,
    rule)``, the body's when ``setting`` is None (only the body's lines are mended).

    A paragraph in another language than the article's (marked ``lang`` on itself
    or on the quotation, list or box it stands in) is declined, None rather than
    False: WeasyPrint sets it, with the soft hyphens of its own language, and
    shapes it in that language (the composer measures in the article's)."""

    def compose(
        element, inset=None, indent: bool | None = None, setting: str | None = None, rule=None
    ):
        lang = next((e.get("lang") for e in element.iterancestors() if e.get("lang")), None)
        lang = element.get("lang") or lang
        if lang and setup.hyphenator.lang and not same_language(lang, setup.hyphenator.lang):
            return None
        if setting is None:
            return body(element, inset, indent, rule=rule)
        chosen = composers.get(setting)
        if chosen is None:
            setup.report.note(
                element,
                _("the stylesheet states no numbers for {setting} text").format(setting=setting),
            )
            return False
        return chosen(element, inset, indent)

    return compose


def _fonts_signature(folder: Path) -> tuple:
    return tuple(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.[ot]tf"))
    )


_FONT_SETS: dict[tuple, object] = {}


def _font_set(folder: Path, faces: str = "charis"):
    """The composer's fonts (``charis`` for the body, ``inter`` for the box),
    loaded once per process while the files stay the same."""
    key = (str(folder), _fonts_signature(folder), faces)
    if key not in _FONT_SETS:
        if len(_FONT_SETS) > 3:
            _FONT_SETS.clear()
        _FONT_SETS[key] = getattr(FontSet, faces)(folder)
    return _FONT_SETS[key]


#: Paragraphs already composed in this process, by everything their lines depend
#: on: ``watch`` recomposes only what an edit changed.
_COMPOSED: dict[tuple, tuple[bool, bytes, str]] = {}


def _remembering(setup, setup_key: tuple):
    """``compose_paragraph`` for ``setup``, remembering its results."""

    def compose(paragraph, inset: str | None = None, indent: bool | None = None, rule=None) -> bool:
        indented = is_indented(paragraph) if indent is None else indent
        key = (setup_key, inset, indented, rule, etree.tostring(paragraph, with_tail=False))
        hit = _COMPOSED.get(key)
        if hit is None:
            before = len(setup.report.fallbacks)
            done = compose_paragraph(paragraph, setup, indented, inset, rule)
            reason = setup.report.fallbacks[-1] if len(setup.report.fallbacks) > before else ""
            if len(_COMPOSED) > 50_000:
                _COMPOSED.clear()
            _COMPOSED[key] = (
                done,
                etree.tostring(paragraph, with_tail=False) if done else b"",
                reason,
            )
            return done
        done, composed, reason = hit
        if not done:
            if reason:
                setup.report.fallbacks.append(reason)
            return False
        again = etree.fromstring(composed)
        tail = paragraph.tail
        paragraph.clear()
        paragraph.attrib.update(again.attrib)
        paragraph.text = again.text
        paragraph.extend(list(again))
        paragraph.tail = tail
        setup.report.composed += 1
        setup.report.lines += len(paragraph)
        return True

    return compose


def fallback_warning(setups, document) -> str | None:
    """The paragraphs the composer left, said so an editor can act: which, why, what to do."""
    fallbacks = [f for s in setups for f in s.report.fallbacks]
    if not fallbacks:
        return None
    reason, _sep, quote = fallbacks[0].partition(": “")
    if reason == "no measured font for code text":
        advice = _(
            "it holds code (text between `backticks`); remove the backticks unless it is code"
        )
    elif reason.startswith("the font lacks"):
        advice = f"{reason.replace('the font lacks', 'it holds a character the font lacks:')}; "
        advice += _("replace that character")
    elif reason == "<img>":
        advice = _("it holds an image with text beside it; give the image a paragraph of its own")
    elif reason in ("<sup>", "<sub>"):
        advice = _(
            "it holds a superscript or subscript with formatting inside (a^*b*^); leave it out"
        )
    elif reason == "<span class='missing-image'>":
        return None  # the warning about the image says what to do; -v lists the paragraph
    elif reason.startswith("<") or "class or style" in reason:
        advice = _("it holds HTML ({reason}); write it as plain Markdown").format(reason=reason)
    else:
        advice = reason
    count = len(fallbacks)
    which = (
        _("1 paragraph") if count == 1 else _("{count} paragraphs, the first").format(count=count)
    )
    more = "" if count == 1 else _(" (-v lists them all)")
    from pamphletpress.errors import display_path

    sources = {a.source for a in document.articles if a.source is not None}
    where = f"{display_path(next(iter(sources)))}: " if len(sources) == 1 else ""
    return _(
        "{where}{which} “{quote} is broken line by line, so its word spacing may "
        "be uneven: {advice}{more}"
    ).format(where=where, which=which, quote=quote, advice=advice, more=more)


def composer_summary(setups) -> str:
    """One build note: how many paragraphs the composer set, and which it left."""
    composed = sum(s.report.composed for s in setups)
    fallbacks = [f for s in setups for f in s.report.fallbacks]
    text = _(
        "line breaks: {paragraphs} chosen together for even word spacing, "
        "{fallbacks} broken line by line"
    ).format(
        paragraphs=plural(composed, "{count} paragraph", "{count} paragraphs"),
        fallbacks=len(fallbacks),
    )
    return text + "".join(f"\n    {f}" for f in fallbacks)
