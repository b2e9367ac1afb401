"""The design's numbers, read from the print stylesheet.

The paragraph composer must measure lines exactly as wide as the columns
WeasyPrint lays out. Rather than repeat the numbers in Python, print.css names
them as custom properties under ``:root`` and this module reads them, with any
later stylesheet's ``:root`` overriding (the cascade, for the one selector).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

UNITS_PT = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "px": 0.75, "pc": 12.0}


@dataclass(frozen=True)
class Design:
    """Page and column geometry, in points."""

    page_width: float
    margin_inside: float
    margin_outside: float
    column_count: int
    column_gap: float
    body_size: float
    indent: float
    #: How much narrower than the column a list item's or a quote's lines are
    #: (``--list-indent``, ``--wide-list-indent`` for long markers, ``--quote-indent``,
    #: ``--definition-indent``); a name missing here is not composed.
    insets: tuple[tuple[str, float], ...] = ()
    #: Code blocks: their size and left inset (``--code-size``, ``--code-inset``).
    code_size: float | None = None
    code_inset: float = 0.0
    #: Note calls, superscripts and subscripts (``--call-size``), if stated.
    call_size: float | None = None
    #: The box's text and its left and right padding, across the page and in a
    #: column (``--box-size``, ``--box-padding``, ``--column-box-padding``), and
    #: how far its list items' bullets hang (``--box-hang``); None: not stated,
    #: and WeasyPrint breaks the box's lines.
    box_size: float | None = None
    box_padding: float | None = None
    column_box_padding: float | None = None
    box_hang: float | None = None
    #: A quotation's inset in a box, in the box's em (``--quote-indent``).
    box_quote_indent: float | None = None
    #: Footnotes at the foot of the page (``--note-size``), across the text block.
    note_size: float | None = None
    #: The headings' sizes and tracking (pt, em) by kind: ``headline``,
    #: ``intertitle`` (h2), ``subhead`` (h3), ``minor-head`` (h4–h6) and ``box-title``
    #: (``--headline-size``, ``--headline-tracking``, …);
    #: a kind not stated is not balanced.
    headings: tuple[tuple[str, float, float], ...] = ()
    #: Tables (``--table-size``, in Inter) and their cells' left and right padding
    #: (``--cell-padding``), the narrowest column of running text a table in a
    #: column may have (``--table-text-measure``, else it goes across both);
    #: figure captions and credits (``--caption-size``). None: not stated, and
    #: WeasyPrint sizes the columns and breaks the lines.
    table_size: float | None = None
    cell_padding: float | None = None
    #: A table's rows on the body's grid: (body leading, table leading, a cell's
    #: padding above and below, its rule, the first row's baseline shift), pt
    #: (``--body-leading``, ``--table-leading``, ``--cell-padding-block``,
    #: ``--table-rule``, ``--table-baseline-shift``); None: the rows as they fall.
    table_grid: tuple[float, float, float, float, float] | None = None
    table_text_measure: float = 0.0
    #: Whether captions are justified (``--caption-align: justify``), else ragged right.
    caption_justified: bool = False
    caption_size: float | None = None
    #: Optical margins (``--protrusion-charis``, ``--protrusion-inter``): per face,
    #: (face, side, marks, share) with side ``left`` or ``right`` and the share of
    #: each mark's width that stands out of a justified line's edge.
    protrusion: tuple[tuple[str, str, str, float], ...] = ()
    #: How much closer an ``=`` or ``+`` inside a word is set each side, in em, by
    #: face (``--sign-tightening-charis``, ``--sign-tightening-inter``): the
    #: composer measures what print.css's ``.sign`` draws.
    signs: tuple[tuple[str, float], ...] = ()

    @property
    def text_width(self) -> float:
        """The page's text block: what spans both columns (a box, the footnotes)."""
        return self.page_width - self.margin_inside - self.margin_outside

    @property
    def column_width(self) -> float:
        return (self.text_width - self.column_gap * (self.column_count - 1)) / self.column_count


def root_properties(stylesheets: list[Path]) -> dict[str, str]:
    """The custom properties set on ``:root`` across the stylesheets, later ones winning."""
    import tinycss2

    found: dict[str, str] = {}
    for path in stylesheets:
        rules = tinycss2.parse_stylesheet(
            path.read_text(encoding="utf-8"), skip_whitespace=True, skip_comments=True
        )
        for rule in rules:
            if rule.type != "qualified-rule":
                continue
            if tinycss2.serialize(rule.prelude).strip() not in (":root", "html"):
                continue
            for declaration in tinycss2.parse_declaration_list(
                rule.content, skip_whitespace=True, skip_comments=True
            ):
                if declaration.type == "declaration" and declaration.name.startswith("--"):
                    found[declaration.name] = tinycss2.serialize(declaration.value).strip()
    return found


def length_pt(value: str, em: float | None = None) -> float | None:
    match = re.fullmatch(r"(-?[\d.]+)\s*([a-z]*)", value.strip())
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2) or "px"
    if unit == "em" and em is not None:
        return number * em
    factor = UNITS_PT.get(unit)
    return number * factor if factor is not None else None


def read_design(stylesheets: list[Path]) -> Design | None:
    """The design, or ``None`` when the stylesheets do not state it (a custom design
    without the custom properties: WeasyPrint then breaks the lines itself).

    Read once per version of the stylesheets in a process (``watch`` builds often)."""
    key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in stylesheets)
    return _read_design(key)


@functools.lru_cache(maxsize=8)
def _read_design(key: tuple) -> Design | None:
    values = root_properties([Path(path) for path, _mtime, _size in key])
    size = length_pt(values.get("--body-size", ""))
    if size is None:
        return None
    numbers = {
        name: length_pt(values.get(f"--{name.replace('_', '-')}", ""), em=size)
        for name in ("page_width", "margin_inside", "margin_outside", "column_gap", "indent")
    }
    count = values.get("--column-count", "").strip()
    if any(v is None for v in numbers.values()) or not count.isdigit() or int(count) < 1:
        return None
    insets = tuple(
        (name, inset)
        for name in ("list", "wide-list", "quote", "definition")
        if (inset := length_pt(values.get(f"--{name}-indent", ""), em=size)) is not None
    )
    return Design(
        column_count=int(count),
        body_size=size,
        insets=insets,
        code_size=length_pt(values.get("--code-size", ""), em=size),
        code_inset=length_pt(values.get("--code-inset", ""), em=size) or 0.0,
        call_size=length_pt(values.get("--call-size", ""), em=size),
        **_box_and_notes(values),
        headings=_headings(values),
        **_tables_and_captions(values),
        protrusion=_protrusion(values),
        signs=tuple(
            (face, em)
            for face in ("charis", "inter")
            if (em := length_pt(values.get(f"--sign-tightening-{face}", ""), em=1.0))
        ),
        **numbers,
    )


def _protrusion(values: dict[str, str]) -> tuple[tuple[str, str, str, float], ...]:
    """The ``--protrusion-FACE`` tables: ``right`` or ``left``, then strings of marks
    each followed by its share (``right "-" 1 "," 0.5 left "“" 0.5``); a table
    that does not read so is left out whole (no mark hangs in that face)."""
    import tinycss2

    found = []
    for name, value in values.items():
        if not name.startswith("--protrusion-"):
            continue
        face = name.removeprefix("--protrusion-")
        entries, side, marks = [], None, None
        for token in tinycss2.parse_component_value_list(value, skip_comments=True):
            if token.type == "whitespace":
                continue
            if token.type == "ident" and token.lower_value in ("left", "right") and not marks:
                side = token.lower_value
            elif token.type == "string" and side and marks is None:
                marks = token.value
            elif token.type == "number" and marks and 0 <= token.value <= 1:
                entries.append((face, side, marks, float(token.value)))
                marks = None
            else:
                entries = []
                break
        if marks is None:
            found.extend(entries)
    return tuple(found)


#: The kinds of heading print.css names a size for.
HEADING_KINDS = ("headline", "intertitle", "subhead", "minor-head", "box-title")


def _headings(values: dict[str, str]) -> tuple[tuple[str, float, float], ...]:
    found = []
    for kind in HEADING_KINDS:
        size = length_pt(values.get(f"--{kind}-size", ""))
        tracking = values.get(f"--{kind}-tracking", "0em").strip()
        if size is not None and tracking.endswith("em"):
            found.append((kind, size, length_pt(tracking, em=1.0) or 0.0))
    return tuple(found)


def _box_and_notes(values: dict[str, str]) -> dict[str, float | None]:
    """The box's and the footnotes' numbers; lengths in em are the box's own em."""
    box_size = length_pt(values.get("--box-size", ""))
    box = {
        name: length_pt(values.get(f"--{name.replace('_', '-')}", ""), em=box_size)
        for name in ("box_padding", "column_box_padding", "box_hang")
    }
    return {
        "box_size": box_size,
        "box_quote_indent": length_pt(values.get("--quote-indent", ""), em=box_size),
        "note_size": length_pt(values.get("--note-size", "")),
        **box,
    }


def _tables_and_captions(values: dict[str, str]) -> dict[str, float | bool | None]:
    """The tables' and the captions' numbers; a cell's padding in the table's em."""
    table_size = length_pt(values.get("--table-size", ""))
    return {
        "table_size": table_size,
        "cell_padding": length_pt(values.get("--cell-padding", ""), em=table_size),
        "table_text_measure": length_pt(values.get("--table-text-measure", "0"), em=table_size)
        or 0.0,
        "table_grid": _table_grid(values, table_size),
        "caption_size": length_pt(values.get("--caption-size", "")),
        "caption_justified": values.get("--caption-align", "").strip() == "justify",
    }


def _table_grid(
    values: dict[str, str], table_size: float | None
) -> tuple[float, float, float, float, float] | None:
    names = ("body-leading", "table-leading", "cell-padding-block", "table-rule")
    numbers = [length_pt(values.get(f"--{name}", ""), em=table_size) for name in names]
    numbers.append(length_pt(values.get("--table-baseline-shift", "0pt"), em=table_size))
    if any(n is None for n in numbers) or not numbers[0]:
        return None
    return tuple(numbers)  # type: ignore[return-value]


def code_columns(design: Design | None, code_font: Path) -> int | None:
    """How many characters of the monospace face a code block's line holds in a
    column (None when the design or the face is not there: the line wraps anywhere)."""
    if design is None or design.code_size is None or not code_font.is_file():
        return None
    advance = _digit_advance(str(code_font), code_font.stat().st_mtime_ns)
    if advance is None:
        return None
    return int((design.column_width - design.code_inset - 1.0) // (advance * design.code_size))


@functools.lru_cache(maxsize=4)
def _digit_advance(path: str, _mtime: int) -> float | None:
    """The face's advance of "0", in em (a monospace face: every character's)."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(path))
    font = hb.Font(face)
    glyph = font.get_nominal_glyph(ord("0"))
    return None if glyph is None else font.get_glyph_h_advance(glyph) / face.upem
