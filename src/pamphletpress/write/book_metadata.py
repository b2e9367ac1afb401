"""The EPUB's metadata in words: navigation labels, rights, the print source, sort names."""

from __future__ import annotations

from pamphletpress.read.document import Document
from pamphletpress.write.pagelist import PrintEdition

#: Labels of the navigation, in the book's language.
LABELS = {
    "nl": {
        "toc": "Inhoud",
        "landmarks": "Oriëntatiepunten",
        "cover": "Omslag",
        "start": "Begin",
        "pages": "Pagina's",
        "print": "gedrukte uitgave",
        "page_count": "pagina's",
    },
    "en": {
        "toc": "Contents",
        "landmarks": "Landmarks",
        "cover": "Cover",
        "start": "Start",
        "pages": "Pages",
        "print": "print edition",
        "page_count": "pages",
    },
    "de": {
        "toc": "Inhalt",
        "landmarks": "Orientierungspunkte",
        "cover": "Umschlag",
        "start": "Anfang",
        "pages": "Seiten",
        "print": "Druckausgabe",
        "page_count": "Seiten",
    },
    "fr": {
        "toc": "Table des matières",
        "landmarks": "Repères",
        "cover": "Couverture",
        "start": "Début",
        "pages": "Pages",
        "print": "édition imprimée",
        "page_count": "pages",
    },
}


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang.split("-")[0].lower(), LABELS["en"])


def rights_statement(document: Document, words: dict[str, str]) -> str:
    """``dc:rights``: the ``rights:`` setting, else © year and who holds it."""
    meta = document.meta
    if meta.rights:
        return meta.rights
    holder = meta.publication or ", ".join(meta.authors) or meta.title
    return f"© {document.timestamp.year} {holder}"


def print_source(document: Document, edition: PrintEdition, words: dict[str, str]) -> str:
    """``dc:source``: the print edition the page numbers come from."""
    meta = document.meta
    name = ", ".join(p for p in (meta.publication or meta.title, meta.issue) if p)
    return f"{name} — {words['print']} ({edition.pages} {words['page_count']}, {edition.name})"


def file_as(name: str) -> str:
    """``Danny Byrne`` → ``Byrne, Danny`` (Dutch particles stay with the surname)."""
    parts = name.split()
    if len(parts) < 2:
        return name
    particles = {"van", "de", "der", "den", "het", "ter", "ten", "te", "von", "du", "la", "le"}
    index = len(parts) - 1
    while index > 1 and parts[index - 1].lower() in particles:
        index -= 1
    return f"{' '.join(parts[index:])}, {' '.join(parts[:index])}"
