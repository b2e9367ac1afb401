"""An issue's EPUB metadata: the series it belongs to and schema.org's ``PublicationIssue``."""

from __future__ import annotations

from pamphletpress.read.document import Periodical


def add_periodical(book, periodical: Periodical) -> None:
    """``belongs-to-collection`` (a series, the issue's number its position) and the
    schema.org description of an issue of a periodical (``schema:`` is a reserved
    EPUB prefix)."""
    book.add_metadata(
        None, "meta", periodical.publication, {"property": "belongs-to-collection", "id": "series"}
    )
    book.add_metadata(None, "meta", "series", {"refines": "#series", "property": "collection-type"})
    if periodical.number.isdigit():
        book.add_metadata(
            None, "meta", periodical.number, {"refines": "#series", "property": "group-position"}
        )
    book.add_metadata(None, "meta", "PublicationIssue", {"property": "schema:additionalType"})
    book.add_metadata(None, "meta", periodical.number, {"property": "schema:issueNumber"})
    book.add_metadata(None, "meta", periodical.publication, {"property": "schema:isPartOf"})
