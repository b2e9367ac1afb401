"""The marks of left-out pictures in the print page, for `check` to find in the PDF.

A picture the build could not use is left out, an empty mark with its alt text in
``data-alt`` in its place (:mod:`pamphletpress.read.body`). In the print HTML each
gets an ``id`` starting with :data:`~pamphletpress.read.resources.PLACEHOLDER_MARK`,
which WeasyPrint writes as a named destination (page and place): nothing shows on
the page, but a PDF that lacks a picture of its manuscript is not ready for the
press, and ``check`` says so with its page and alt text.
"""

from __future__ import annotations

from urllib.parse import quote

from lxml import etree

from pamphletpress.read.leftout import MISSING
from pamphletpress.read.resources import PLACEHOLDER_MARK


def mark_placeholders(body: etree._Element) -> None:
    """Give each left-out picture's mark in ``body`` its id: number and alt text."""
    marks = [e for e in body.iter("span", "div") if MISSING in (e.get("class") or "").split()]
    for number, mark in enumerate(marks, 1):
        alt = " ".join((mark.get("data-alt") or "").replace("\u00ad", "").split())[:120]
        mark.set("id", f"{PLACEHOLDER_MARK}{number}-{quote(alt, safe='')}")
