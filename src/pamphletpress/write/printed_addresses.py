"""Links on paper: the address printed after the link text, breakable as Chicago says."""

from __future__ import annotations

import re

from lxml import etree

from pamphletpress.compose.addresses import address_breaks, looks_like_address


class PrintedAddresses:
    """Links on paper: the text in body black, the address once per article after it,
    short (no scheme, no ``www.``), breakable only before ``. - _ ? # % ~ & @`` and
    after ``/`` and ``//`` (:mod:`pamphletpress.compose.addresses`)."""

    def __init__(self, live: bool):
        self.live = live
        self.printed: set[str] = set()

    def print_links(self, element: etree._Element) -> None:
        for link in list(element.iter("a")):
            href = link.get("href") or ""
            shown = short_address(href) if href and not href.startswith("#") else ""
            text = " ".join("".join(link.itertext()).split())
            if text in (href, shown) and shown and not len(link):  # a bare address
                link.text = shown  # printed short
            if looks_like_address(link.text or text):
                _breakable(link)  # an address: never hyphenated, broken as Chicago says
            elif not self.live:
                link.tag = "span"  # running text, hyphenated like the rest
            if not self.live:
                link.attrib.pop("href", None)  # no link annotations in a print PDF
            if not shown or shown in self.printed or shown.casefold() in text.casefold():
                continue
            self.printed.add(shown)
            address = etree.Element("a", {"href": href} if self.live else {})
            address.text = abbreviated_commits(shown)
            _breakable(address)
            parent = link.getparent()
            if parent.tag == "figure" and len(link) == 1 and link[0].tag == "img":
                _into_caption(parent, address)  # a linked picture: its address in the caption
                continue
            address.tail = ")" + (link.tail or "")
            link.tail = " ("
            parent.insert(parent.index(link) + 1, address)


def _into_caption(figure: etree._Element, address: etree._Element) -> None:
    """The address at the end of the figure's caption line, in parentheses (the
    caption made if the picture has none), never between the picture and its caption."""
    caption = figure.find("figcaption")
    if caption is None:
        caption = etree.SubElement(figure, "figcaption")
    caption.attrib.pop("aria-hidden", None)  # it now says more than the alt text
    credit = caption.find("small")
    if credit is not None and credit.tail is None and credit is caption[-1]:
        caption.remove(credit)  # the address before the credit, which closes the caption
    else:
        credit = None
    last = caption[-1] if len(caption) else None
    # A no-break space: the address begins on the caption's line, never a line of its own.
    if last is not None:
        last.tail = (last.tail or "").rstrip() + "\u00a0("
    elif (caption.text or "").strip():
        caption.text = caption.text.rstrip() + "\u00a0("
    else:
        caption.text = "("
    caption.append(address)
    address.tail = ")"
    if credit is not None:
        address.tail += " "
        caption.append(credit)


def short_address(href: str) -> str:
    """``https://www.example.org/pad/`` → ``example.org/pad``; ``mailto:x@y`` → ``x@y``."""
    text = href.strip()
    text = re.sub(r"^(?:https?://|mailto:)", "", text, flags=re.I)
    text = re.sub(r"^www\.", "", text, flags=re.I)
    return text.rstrip("/")


#: A full commit hash in a code forge's address (GitHub, GitLab, Gitea, Bitbucket:
#: ``…/tree/``, ``/blob/``, ``/commit/``, ``/src/``…), which each forge also finds
#: by its first 12 characters, as ``git`` itself does.
FORGE_COMMIT = re.compile(
    r"(/(?:tree|blob|commit|commits|raw|blame|src)/[0-9a-f]{12})[0-9a-f]{28}\b"
)


def abbreviated_commits(address: str) -> str:
    """The printed address with a forge's 40-character commit hash cut to its first
    12: wider than the column, the full hash can only break between two of its
    characters (``…/tree/d079`` over ``84fe…``), and no reader types 40 of them
    from paper; the EPUB and a screen PDF's link keep the whole address."""
    return FORGE_COMMIT.sub(r"\1", address)


def _breakable(element: etree._Element) -> None:
    """``<wbr>`` where the element's own text may break as an address (before
    ``. - _ ? # % ~ & @``, after ``/`` and ``//``): it breaks there and nowhere
    else, with no hyphen added, and no line ends in a character that looks
    like a word's break."""
    text = element.text or ""
    if len(element) or not text:
        return
    cuts = [0, *address_breaks(text), len(text)]
    element.text = text[: cuts[1]]
    for begin, end in zip(cuts[1:], cuts[2:], strict=False):
        wbr = etree.SubElement(element, "wbr")
        wbr.tail = text[begin:end]
