"""The placeholders in the print page, marked so that `check` finds them in the PDF.

A picture the build could not use is printed as its alt text in a dashed frame
(:mod:`pamphletpress.read.body`). In the print HTML each gets an ``id`` starting
with :data:`~pamphletpress.read.resources.PLACEHOLDER_MARK`, which WeasyPrint
writes as a named destination (page and place): a PDF that still carries one is
not ready for the press, and ``check`` says so with its page and alt text.
"""

from __future__ import annotations

from urllib.parse import quote

from lxml import etree

from pamphletpress.read.resources import PLACEHOLDER_MARK


def mark_placeholders(body: etree._Element) -> None:
    """Give each placeholder in ``body`` its mark: number and alt text."""
    spans = [s for s in body.iter("span") if "missing-image" in (s.get("class") or "").split()]
    for number, span in enumerate(spans, 1):
        alt = " ".join("".join(span.itertext()).replace("\u00ad", "").split())[:120]
        span.set("id", f"{PLACEHOLDER_MARK}{number}-{quote(alt, safe='')}")
