"""The EPUB's metadata in words: navigation labels, rights, the print source, sort names."""

from __future__ import annotations

import re

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
        "back": "Terug naar de tekst",
        "enlarge": "Afbeelding op ware grootte",
    },
    "en": {
        "toc": "Contents",
        "landmarks": "Landmarks",
        "cover": "Cover",
        "start": "Start",
        "pages": "Pages",
        "print": "print edition",
        "page_count": "pages",
        "back": "Back to the text",
        "enlarge": "Picture at full size",
    },
    "de": {
        "toc": "Inhalt",
        "landmarks": "Orientierungspunkte",
        "cover": "Umschlag",
        "start": "Anfang",
        "pages": "Seiten",
        "print": "Druckausgabe",
        "page_count": "Seiten",
        "back": "Zurück zum Text",
        "enlarge": "Bild in voller Größe",
    },
    "fr": {
        "toc": "Table des matières",
        "landmarks": "Repères",
        "cover": "Couverture",
        "start": "Début",
        "pages": "Pages",
        "print": "édition imprimée",
        "page_count": "pages",
        "back": "Retour au texte",
        "enlarge": "Image en taille réelle",
    },
}


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang.split("-")[0].lower(), LABELS["en"])


#: The standard statement for a public-domain text, in the book's language.
PUBLIC_DOMAIN = {
    "nl": "Deze tekst is vrij van auteursrecht (publiek domein): hij mag zonder toestemming "
    "worden gekopieerd, verspreid en bewerkt.",
    "en": "This text is in the public domain: it may be copied, shared and adapted without "
    "permission.",
    "de": "Dieser Text ist gemeinfrei: Er darf ohne Erlaubnis vervielfältigt, verbreitet und "
    "bearbeitet werden.",
    "fr": "Ce texte est dans le domaine public : il peut être copié, diffusé et adapté sans "
    "autorisation.",
}

#: What editors write for "public domain" in ``rights:``.
PUBLIC_DOMAIN_NAMES = {
    "public domain", "publiek domein", "publiek-domein", "gemeinfrei", "domaine public", "pd",
}  # fmt: skip


def rights_statement(document: Document) -> str | None:
    """``dc:rights``: the ``rights:`` setting as written (``public domain`` in the standard
    wording), else nothing: a book never claims rights nobody stated."""
    rights = document.meta.rights
    if not rights:
        return None
    if rights.strip().rstrip(".").casefold() in PUBLIC_DOMAIN_NAMES:
        return PUBLIC_DOMAIN.get(document.lang.split("-")[0].lower(), PUBLIC_DOMAIN["en"])
    return rights


def print_source(document: Document, edition: PrintEdition, words: dict[str, str]) -> str:
    """``dc:source``: the print edition the page numbers come from."""
    meta = document.meta
    name = ", ".join(p for p in (meta.publication or meta.title, meta.issue) if p)
    return f"{name} — {words['print']} ({edition.pages} {words['page_count']}, {edition.name})"


PARTICLES = {
    "van",
    "de",
    "der",
    "den",
    "het",
    "ter",
    "ten",
    "te",
    "von",
    "zu",
    "du",
    "la",
    "le",
    "d'",
}

#: A word of a personal name: "Danny", "MacFarlane", "J.R.R.", "Jean-Paul", "O'Brien".
NAME_WORD = re.compile(r"(?:[A-ZÀ-Þ]\.)+|[A-ZÀ-Þ][a-zß-ÿ]*(?:['’-]?[A-ZÀ-Þ]?[a-zß-ÿ]+)*\.?")


def is_personal_name(name: str) -> bool:
    """Whether ``name`` reads as a person's (first names, particles, surname), not a
    group's: "Ministerie van BZK (Algoritmekader)", "GitHub and contributors",
    "Multatuli" are sorted as written."""
    words = name.split()
    if not 2 <= len(words) <= 5 or any(c in name for c in "()[]&,/0123456789"):
        return False
    if words[-1].isupper() and len(words[-1]) > 1:  # "BZK", "NASA"
        return False
    return all(w.lower() in PARTICLES or NAME_WORD.fullmatch(w) for w in words)


def file_as(name: str) -> str:
    """The sort name: ``Danny Byrne`` → ``Byrne, Danny`` (Dutch particles stay with the
    surname); a group's name or a single name as written."""
    if not is_personal_name(name):
        return name
    parts = name.split()
    index = len(parts) - 1
    while index > 1 and parts[index - 1].lower() in PARTICLES:
        index -= 1
    return f"{' '.join(parts[index:])}, {' '.join(parts[:index])}"
