"""TeX math in each output: MathML in the EPUB, a typeset picture of it on the print page.

The reader leaves each formula as ``<span class="math" data-tex=…>``. Reading
systems render MathML, so the EPUB gets latex2mathml's, with the TeX as its
``alttext``. WeasyPrint renders no MathML: the print page gets the formula set by
ziamath (STIX Two Math, drawn as SVG paths, so no font is needed and the ink is the
text's black), sized in ``em`` so that it follows the text it stands in and sits on
its baseline. A formula ziamath cannot set is printed as its TeX in code, with a
warning naming the line.
"""

from __future__ import annotations

import base64
import copy
import functools
import logging
import re
from pathlib import Path

from lxml import etree

from pamphletpress.errors import located
from pamphletpress.i18n import _

log = logging.getLogger("pamphletpress")

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
#: The size formulas are set at for the print page; the picture is then scaled in em.
SET_SIZE = 10.0
VIEWBOX_RE = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')


def math_spans(root: etree._Element) -> list[etree._Element]:
    """The formulas the reader left under ``root``."""
    return [
        span
        for span in root.iter("span")
        if "math" in (span.get("class") or "").split() and span.get("data-tex") is not None
    ]


def mathml(tex: str, display: bool) -> etree._Element:
    """The formula as a MathML ``<math>`` element, its TeX kept as ``alttext``."""
    from latex2mathml.converter import convert

    element = etree.fromstring(convert(tex, display="block" if display else "inline"))
    element.set("alttext", tex)
    return element


def ebook_math(root: etree._Element) -> None:
    """Every formula under ``root`` as MathML (in place)."""
    for span in math_spans(root):
        display = "display" in span.get("class", "").split()
        element = mathml(span.get("data-tex", ""), display)
        element.tail = span.tail
        span.getparent().replace(span, element)


def print_math(root: etree._Element, source: Path | None) -> None:
    """Every formula under ``root`` as a picture of the set formula (in place): an
    ``<img class="math">`` an em-sized SVG, its alt text the TeX."""
    for span in math_spans(root):
        tex = span.get("data-tex", "")
        display = "display" in span.get("class", "").split()
        try:
            picture = _set(tex, display)
        except Exception as exc:  # ziamath raises many kinds of error
            line = span.get("data-line")
            log.warning(
                _(
                    "{value}: the formula ${tex}$ cannot be set for print ({value2}); it is "
                    "printed as TeX: write it in simpler TeX"
                ).format(
                    value=located(source, int(line) if line and line.isdigit() else None)
                    if source is not None
                    else "the manuscript",
                    tex=tex,
                    value2=str(exc) or _("the typesetter does not know something in it"),
                ),
            )
            picture = etree.Element("code", {"class": "math-source"})
            picture.text = tex
        picture.tail = span.tail
        span.getparent().replace(span, picture)


def displays_apart(blocks: list) -> list:
    """The blocks with each displayed formula out of its paragraph, on a line of its
    own (``<div class="math-display">``), the text after it a paragraph that goes on
    (print.css and the composer do not indent it); in a list item, a definition or a
    quotation too. Other blocks as they are; the changed ones are copies."""
    out: list = []
    for block in blocks:
        if not isinstance(block, etree._Element) or not any(map(_display, math_spans(block))):
            out.append(block)
            continue
        block = copy.deepcopy(block)
        for holder in [e for e in block.iter("li", "dd", "blockquote") if _holds_display(e)]:
            _inline_run_as_paragraph(holder)
        for paragraph in [p for p in block.iter("p") if _holds_display(p) and p is not block]:
            parent, index = paragraph.getparent(), paragraph.getparent().index(paragraph)
            parent.remove(paragraph)
            for offset, piece in enumerate(_pieces(paragraph)):
                parent.insert(index + offset, piece)
        out.extend(_pieces(block) if block.tag == "p" and _holds_display(block) else [block])
    return out


def _holds_display(element: etree._Element) -> bool:
    return any(_display(child) for child in element if child.tag == "span")


def _inline_run_as_paragraph(holder: etree._Element) -> None:
    """A list item's (or definition's) own text and inline elements, up to its first
    block, wrapped in a paragraph, so that a formula in it can stand apart."""
    paragraph = etree.Element("p")
    paragraph.text, holder.text = holder.text, None
    for child in list(holder):
        if child.tag in ("ul", "ol", "p", "div", "pre", "blockquote", "table", "dl", "aside"):
            break
        paragraph.append(child)
    holder.insert(0, paragraph)


def _pieces(paragraph: etree._Element) -> list[etree._Element]:
    """A paragraph split at its displayed formulas: text, formula, text …"""
    pieces: list[etree._Element] = []
    current, tail = paragraph, paragraph.tail
    current.tail = None
    for span in [s for s in math_spans(paragraph) if s.getparent() is paragraph and _display(s)]:
        after = etree.Element("p")
        after.text = (span.tail or "").lstrip() or None
        span.tail = None
        for sibling in list(span.itersiblings()):
            after.append(sibling)
        holder = etree.Element("div", {"class": "math-display"})
        holder.append(span)
        if (current.text or "").strip() or len(current):
            pieces.append(current)
        pieces.append(holder)
        current = after
    if (current.text or "").strip() or len(current):
        pieces.append(current)
    pieces[-1].tail = tail
    return pieces


def _display(span: etree._Element) -> bool:
    return "display" in (span.get("class") or "").split()


def _set(tex: str, display: bool) -> etree._Element:
    return etree.Element("img", dict(_picture(tex, display)))


@functools.lru_cache(maxsize=512)
def _picture(tex: str, display: bool) -> tuple[tuple[str, str], ...]:
    """The set formula's picture attributes (remembered: a formula repeats, and the
    print page may be written more than once in a build)."""
    import ziamath

    svg = ziamath.Math(
        etree.tostring(mathml(tex, display), encoding="unicode"), size=SET_SIZE
    ).svg()
    box = VIEWBOX_RE.search(svg)
    if box is None:
        raise ValueError("no size in the set formula")
    _, top, width, height = (float(n) for n in box.groups())
    depth = height + top  # below the baseline (the view box starts above it, at -ascent)
    data = base64.b64encode(svg.encode()).decode("ascii")
    return (
        ("class", "math display" if display else "math"),
        ("src", f"data:image/svg+xml;base64,{data}"),
        ("alt", tex),
        ("data-width", f"{width / SET_SIZE:.3f}"),
        (
            "style",
            f"width: {width / SET_SIZE:.3f}em; height: {height / SET_SIZE:.3f}em; "
            f"vertical-align: {-depth / SET_SIZE:.3f}em",
        ),
    )
