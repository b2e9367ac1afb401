"""HTML as broken pages and hand-made documents have it, made regular before conversion.

Words may stand straight in a ``<ul>``, a ``<table>`` or a ``<tr>``, where HTML allows
only items, rows and cells; a browser shows them, so a reader of the page saw them.
Each is wrapped in the element that belongs there, so the converter
(``html_markdown``), which reads lists by their items and tables by their cells,
passes no word over.
"""

from __future__ import annotations

from lxml import html

#: What may stand directly in a list, a table, a table's part and row.
_HOLDS = {
    "ul": ("li", "li"),
    "ol": ("li", "li"),
    "table": (("tr", "thead", "tbody", "tfoot", "caption", "colgroup", "col"), "tr"),
    "thead": ("tr", "tr"),
    "tbody": ("tr", "tr"),
    "tfoot": ("tr", "tr"),
    "tr": (("td", "th"), "td"),
}


def regularise(root: html.HtmlElement) -> None:
    """Text or elements where HTML allows none (words straight in a ``<ul>`` or ``<tr>``,
    as broken pages and hand-made HTML have them) wrapped in the element that belongs
    there, so that no word is passed over."""
    for element in list(root.iter(*_HOLDS)):
        _wrap_stray(element)
        for row in list(element.iter("tr")):  # rows made just now among them
            _wrap_stray(row)


def _wrap_stray(element: html.HtmlElement) -> None:
    allowed, wrapper = _HOLDS[element.tag]
    allowed = (allowed,) if isinstance(allowed, str) else allowed
    if element.text and element.text.strip():
        made = html.Element(wrapper)
        made.text, element.text = element.text, None
        element.insert(0, made)
    else:
        element.text = None
    for child in list(element):
        if not isinstance(child.tag, str):
            continue
        if child.tag not in allowed:
            made = html.Element(wrapper)
            child.addprevious(made)
            tail, child.tail = child.tail, None
            made.append(child)
            made.tail = tail
            child = made
        if child.tail and child.tail.strip():
            made = html.Element(wrapper)
            made.text, child.tail = child.tail, None
            child.addnext(made)
