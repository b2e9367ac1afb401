"""The EPUB's accessibility: schema.org claims as the content allows, names for boxes."""

from __future__ import annotations

import logging
from pathlib import Path

from lxml import etree

from pamphletpress.errors import located
from pamphletpress.i18n import _
from pamphletpress.read.document import text_of

log = logging.getLogger("pamphletpress")


#: The accessibility summary's sentences, by language. ``unlabelled`` is chosen by
#: number: (one picture in all, one of several, some of several, all of several).
SUMMARY = {
    "nl": {
        "base": "Tekst met koppen voor navigatie, een inhoudsopgave en een leesvolgorde die "
        "de opmaak volgt; lettertype, grootte en kleuren zijn door de lezer aan te passen.",
        "cover": "De omslagafbeelding heeft een tekstalternatief.",
        "images": "Elke afbeelding, ook de omslag, heeft een tekstalternatief.",
        "unlabelled": (
            "De afbeelding heeft geen tekstalternatief",
            "Van de {total} afbeeldingen heeft er 1 geen tekstalternatief",
            "Van de {total} afbeeldingen hebben er {n} geen tekstalternatief",
            "Geen van de {total} afbeeldingen heeft een tekstalternatief",
        ),
        "insufficient": ": de tekst alleen volstaat daar niet.",
        "pages": "Paginamarkeringen en een paginalijst volgen de gedrukte uitgave.",
        "hazards": "Geen risico's.",
    },
    "en": {
        "base": "Text with headings for navigation, a table of contents and a reading order "
        "that follows the layout; face, size and colours can be set by the reader.",
        "cover": "The cover image has a text alternative.",
        "images": "Every image, the cover included, has a text alternative.",
        "unlabelled": (
            "The image has no text alternative",
            "Of the {total} images, 1 has no text alternative",
            "Of the {total} images, {n} have no text alternative",
            "None of the {total} images has a text alternative",
        ),
        "insufficient": ": the text alone does not suffice there.",
        "pages": "Page break markers and a page list follow the print edition.",
        "hazards": "No hazards.",
    },
    "de": {
        "base": "Text mit Überschriften zur Navigation, einem Inhaltsverzeichnis und einer "
        "Lesereihenfolge, die dem Layout folgt; Schrift, Größe und Farben können Lesende "
        "selbst einstellen.",
        "cover": "Das Umschlagbild hat eine Textalternative.",
        "images": "Jedes Bild, auch der Umschlag, hat eine Textalternative.",
        "unlabelled": (
            "Das Bild hat keine Textalternative",
            "Von den {total} Bildern hat eines keine Textalternative",
            "Von den {total} Bildern haben {n} keine Textalternative",
            "Keines der {total} Bilder hat eine Textalternative",
        ),
        "insufficient": ": Dort genügt der Text allein nicht.",
        "pages": "Seitenumbruchmarken und eine Seitenliste folgen der Druckausgabe.",
        "hazards": "Keine Gefahren.",
    },
    "fr": {
        "base": "Texte avec des titres pour la navigation, une table des matières et un ordre "
        "de lecture qui suit la mise en page ; police, taille et couleurs sont réglables par "
        "le lecteur.",
        "cover": "L'image de couverture a une alternative textuelle.",
        "images": "Chaque image, couverture comprise, a une alternative textuelle.",
        "unlabelled": (
            "L'image n'a pas d'alternative textuelle",
            "Sur les {total} images, une n'a pas d'alternative textuelle",
            "Sur les {total} images, {n} n'ont pas d'alternative textuelle",
            "Aucune des {total} images n'a d'alternative textuelle",
        ),
        "insufficient": " : le texte seul n'y suffit pas.",
        "pages": "Des marques de saut de page et une liste des pages suivent l'édition imprimée.",
        "hazards": "Aucun danger.",
    },
}


def images_without_text(articles) -> list[etree._Element]:
    """The images with no alt text, each warned about with its manuscript line: the
    book then no longer claims that its text alone suffices, nor WCAG AA."""
    found = []
    for _name, article, node in articles:
        for img in node.iter("img"):
            if (img.get("alt") or "").strip():
                continue
            found.append(img)
            line = img.get("data-line")
            where = located(article.source, line)
            log.warning(
                _(
                    "{where}: image {name} has no alt text; the EPUB no longer claims WCAG "
                    "AA or that its text alone suffices (describe it: ![what it "
                    "shows]({name}))"
                ).format(where=where, name=Path(img.get("src", "")).name),
            )
    return found


def add_accessibility(
    book,
    lang: str,
    certifier: str | None,
    images: int,
    unlabelled: int,
    pages: bool,
) -> None:
    """The schema.org accessibility metadata, as the content allows it.

    An image without alt text takes back the claims it breaks: that the text alone
    suffices, that images have text alternatives, and WCAG AA. The certifier is the
    publisher that puts the book out (not this tool)."""

    def prop(name: str, value: str) -> None:
        book.add_metadata(None, "meta", value, {"property": name})

    described = unlabelled == 0
    prop("schema:accessMode", "textual")
    prop("schema:accessMode", "visual")  # the cover, and any picture
    if described:
        prop("schema:accessModeSufficient", "textual")
    prop("schema:accessModeSufficient", "textual,visual")
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    features.append("displayTransformability")
    if described:
        features.append("alternativeText")
    if pages:
        features += ["pageBreakMarkers", "pageNavigation"]
    for feature in features:
        prop("schema:accessibilityFeature", feature)
    prop("schema:accessibilityHazard", "none")
    prop("schema:accessibilitySummary", accessibility_summary(lang, images, unlabelled, pages))
    if described:
        prop("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA")
        if certifier:
            prop("a11y:certifiedBy", certifier)


def accessibility_summary(lang: str, images: int, unlabelled: int, pages: bool) -> str:
    """What the book offers and lacks, in its own language, from what it holds."""
    words = SUMMARY.get(lang.split("-")[0], SUMMARY["en"])
    parts = [words["base"]]
    if images and unlabelled:
        one, one_of, some_of, all_of = words["unlabelled"]
        if images == 1:
            sentence = one
        elif unlabelled == images:
            sentence = all_of
        else:
            sentence = one_of if unlabelled == 1 else some_of
        parts.append(sentence.format(n=unlabelled, total=images) + words["insufficient"])
    elif images:
        parts.append(words["images"])
    else:
        parts.append(words["cover"])
    if pages:
        parts.append(words["pages"])
    parts.append(words["hazards"])
    return " ".join(parts)


#: The name of a box without a title, by language (a landmark needs a name).
BOX_NAME = {"nl": "Kader", "de": "Kasten", "fr": "Encadré", "en": "Box"}


def mark_for_assistive_technology(node: etree._Element, lang: str = "en") -> None:
    """Hide what only the eye needs from screen readers; name each box, uniquely.

    The end mark ■ is decoration (a screen reader would say "black square"), and so
    is the line it stands on under closing code; an ``<aside>`` is a complementary
    landmark, which assistive technology lists by name: by its heading, else
    "Kader"; a name that repeats gets a number ("Tip 2").
    """
    seen: dict[str, int] = {}
    for element in node.iter():
        if {"endmark", "endmark-line"} & set((element.get("class") or "").split()):
            element.set("aria-hidden", "true")  # the mark, or its line under code
        elif element.tag == "aside" and element.get("role") is None:
            heading = next(
                (h for h in element.iter("p") if h.get("class") == "box-title" and h.get("id")),
                None,
            )
            if heading is not None:
                name = " ".join(text_of(heading).split())
            else:
                name = BOX_NAME.get(lang.split("-")[0], BOX_NAME["en"])
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                element.attrib.pop("aria-labelledby", None)
                element.set("aria-label", f"{name} {seen[name]}")
            elif heading is not None:
                element.set("aria-labelledby", heading.get("id"))
            else:
                element.set("aria-label", name)
