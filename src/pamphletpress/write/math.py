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
import logging
import re
from pathlib import Path

from lxml import etree

from pamphletpress.errors import located

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
                "%s: the formula $%s$ cannot be set for print (%s); it is printed as TeX: "
                "write it in simpler TeX",
                located(source, int(line) if line and line.isdigit() else None),
                tex,
                exc or type(exc).__name__,
            )
            picture = etree.Element("code", {"class": "math-source"})
            picture.text = tex
        picture.tail = span.tail
        span.getparent().replace(span, picture)


def displays_apart(blocks: list) -> list:
    """The blocks with each displayed formula out of its paragraph, on a line of its
    own (``<div class="math-display">``), the text after it a paragraph that goes on
    (print.css and the composer do not indent it); other blocks as they are. The
    paragraphs are copies."""
    out: list = []
    for block in blocks:
        if not isinstance(block, etree._Element) or block.tag != "p":
            out.append(block)
            continue
        displays = [s for s in math_spans(block) if s.getparent() is block and _display(s)]
        if not displays:
            out.append(block)
            continue
        current = copy.deepcopy(block)
        current.tail = None
        for span in [s for s in math_spans(current) if s.getparent() is current and _display(s)]:
            after = etree.Element("p")
            after.text = (span.tail or "").lstrip() or None
            span.tail = None
            for sibling in list(span.itersiblings()):
                after.append(sibling)
            holder = etree.Element("div", {"class": "math-display"})
            holder.append(span)
            if (current.text or "").strip() or len(current):
                out.append(current)
            out.append(holder)
            current = after
        if (current.text or "").strip() or len(current):
            out.append(current)
    return out


def _display(span: etree._Element) -> bool:
    return "display" in (span.get("class") or "").split()


def _set(tex: str, display: bool) -> etree._Element:
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
    return etree.Element(
        "img",
        {
            "class": "math display" if display else "math",
            "src": f"data:image/svg+xml;base64,{data}",
            "alt": tex,
            "data-width": f"{width / SET_SIZE:.3f}",
            "style": f"width: {width / SET_SIZE:.3f}em; height: {height / SET_SIZE:.3f}em; "
            f"vertical-align: {-depth / SET_SIZE:.3f}em",
        },
    )
