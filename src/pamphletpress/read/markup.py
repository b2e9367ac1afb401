"""Converted Markdown to elements, and the raw-HTML rules that keep a build inside the project.

Python-Markdown (with :mod:`pamphletpress.read.markdown_ext`) writes XHTML; it is parsed
here into plain lxml elements. Raw HTML is allowed but tamed: anything that could
load or run something (scripts, frames, stylesheets, ``<base>``, inline styles with
``url()``) is removed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from lxml import etree, html

from pamphletpress.i18n import _

log = logging.getLogger("pamphletpress")

#: Elements that load or run things: never passed on to a writer.
FORBIDDEN = {
    "script", "style", "link", "meta", "base", "iframe", "frame", "frameset",
    "object", "embed", "applet", "form", "input", "button", "select", "textarea",
    "video", "audio", "source", "track", "svg", "math", "template", "noscript",
}  # fmt: skip

#: Attributes that may point somewhere: only ``src`` of images is followed (and checked).
URL_ATTRIBUTES = {"srcset", "poster", "background", "data", "codebase", "action", "formaction"}


def parse_html(source: str, where: Callable[[str], str]) -> etree._Element:
    """A converted article as one ``<div>`` of plain elements, cleaned of anything that
    reaches out (raw HTML only exists here, after the conversion)."""
    container = _parse_fragment(source) if source.strip() else etree.Element("div")
    clean(container, where)
    return container


def _parse_fragment(source: str) -> etree._Element:
    # Markdown output is XHTML unless the author wrote sloppy raw HTML; fall
    # back to the forgiving HTML parser then.
    try:
        return etree.fromstring(f"<div>{source}</div>", etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        wrapper = html.fragment_fromstring(source, create_parent="div")
        return _as_plain_tree(wrapper)


def _as_plain_tree(element: etree._Element) -> etree._Element:
    """Copy an lxml.html tree into plain lxml.etree elements (one element class everywhere)."""
    copy = etree.Element(element.tag if isinstance(element.tag, str) else "span")
    for key, value in element.attrib.items():
        if ":" not in key:
            copy.set(key, value)
    copy.text = element.text
    for child in element:
        if not isinstance(child.tag, str):  # comments, processing instructions
            if len(copy):
                copy[-1].tail = (copy[-1].tail or "") + (child.tail or "")
            else:
                copy.text = (copy.text or "") + (child.tail or "")
            continue
        sub = _as_plain_tree(child)
        sub.tail = child.tail
        copy.append(sub)
    return copy


def clean(container: etree._Element, where: Callable[[str], str]) -> None:
    """Remove what could load or run something; warn once per kind.

    ``where("<script")`` names the file and line of the first such thing."""
    removed: set[str] = set()
    for element in list(container.iter()):
        if not isinstance(element.tag, str):
            _drop(element)
            continue
        tag = element.tag.lower()
        if tag in FORBIDDEN:
            removed.add(f"<{tag}>")
            _drop(element)
            continue
        element.attrib.pop("markdown", None)  # read by read/html_blocks.py: no HTML's
        for attr in list(element.attrib):
            name = attr.lower()
            value = element.attrib[attr]
            if (
                name.startswith("on")
                or name in URL_ATTRIBUTES
                or (name == "style" and "url(" in value.lower())
                or (name == "href" and _is_script_url(value))
                or (name == "src" and tag != "img")
            ):
                removed.add(f"{name}=")
                del element.attrib[attr]
    for kind in sorted(removed):
        log.warning(
            _("{where}: removed {kind} from raw HTML: it could load or run something").format(
                where=where(kind.rstrip(">=") if kind.startswith("<") else kind.rstrip("=") + "="),
                kind=kind,
            ),
        )


def _is_script_url(value: str) -> bool:
    return value.strip().lower().startswith(("javascript:", "vbscript:", "data:"))


def _drop(element: etree._Element) -> None:
    replace_with_text(element, "")


def replace_with_text(element: etree._Element, text: str) -> None:
    """Remove an element, leaving ``text`` and its tail in its place."""
    parent = element.getparent()
    if parent is None:
        return
    tail = text + (element.tail or "")
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def unwrap(element: etree._Element) -> None:
    """Remove an element but keep its content (text and children) in its place."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    children = list(element)
    lead, tail = element.text or "", element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + lead
    else:
        parent.text = (parent.text or "") + lead
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)  # lxml takes the tail with it: it was moved above
