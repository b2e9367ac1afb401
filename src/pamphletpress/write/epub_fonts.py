"""The EPUB's fonts: the faces its text is set in, licence-checked and subset."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

EMBEDDED_FONTS = [
    "CharisSIL-Regular.ttf",
    "CharisSIL-Italic.ttf",
    "CharisSIL-Bold.ttf",
    "CharisSIL-BoldItalic.ttf",
    "Inter-Bold.otf",
]


#: The faces of the stylesheet, by what a text is set in (family, bold, italic).
FACES = {
    ("serif", False, False): "CharisSIL-Regular.ttf",
    ("serif", False, True): "CharisSIL-Italic.ttf",
    ("serif", True, False): "CharisSIL-Bold.ttf",
    ("serif", True, True): "CharisSIL-BoldItalic.ttf",
    ("sans", True, False): "Inter-Bold.otf",
    ("sans", True, True): "Inter-Bold.otf",
    ("sans", False, False): "Inter-Bold.otf",
    ("sans", False, True): "Inter-Bold.otf",
}
#: What epub.css sets in the sans (Inter), in bold, in italic: keep in step with it.
SANS = {"h1", "h2", "h3", "h4", "h5", "h6", "kicker", "endmark", "box-title", "notes-title"}
BOLD = {"strong", "b", "th", "h1", "h2", "h3", "h4", "h5", "h6", "lede", "kicker"}
ITALIC = {"em", "i", "cite", "dfn", "var", "address", "byline", "figcaption", "caption"}


def faces_used(nodes: list[etree._Element]) -> set[str]:
    """The font files the articles' text is set in, read from the elements and classes
    epub.css styles; the cover and nav are set in what the articles use."""
    used: set[str] = set()

    def walk(element: etree._Element, sans: bool, bold: bool, italic: bool) -> None:
        if not isinstance(element.tag, str):
            return
        names = {etree.QName(element).localname, *(element.get("class") or "").split()}
        sans = sans or bool(names & SANS)
        bold = bold or bool(names & BOLD)
        italic = italic or bool(names & ITALIC)
        if (element.text or "").strip():
            used.add(FACES[("sans" if sans else "serif", bold, italic)])
        for child in element:
            walk(child, sans, bold, italic)
            if (child.tail or "").strip():
                used.add(FACES[("sans" if sans else "serif", bold, italic)])

    for node in nodes:
        walk(node, False, False, False)
    return used


#: Changes when the cut-down fonts this module makes change (cached ones are then made again).
VERSION = 1


def book_font(path: Path, text: str, cache: Path | None = None) -> bytes | None:
    """The font cut down to the characters of ``text``, None when its licence forbids
    embedding; kept in ``cache`` by the font file and the characters, so that a build
    of an unchanged text does not load HarfBuzz at all (a tenth of an `epub`)."""
    import hashlib

    stat = path.stat()
    characters = "".join(sorted(set(text)))
    key = f"{path.name} {stat.st_size} {stat.st_mtime_ns} {VERSION} {characters}"
    name = hashlib.sha256(key.encode()).hexdigest()[:24]
    if cache is not None:
        for found in cache.glob(f"{name}.*"):
            return None if found.suffix == ".forbidden" else found.read_bytes()
    data = subset_font(path, characters) if embedding_allowed(path) else None
    if cache is not None:
        kept = cache / f"{name}{path.suffix if data is not None else '.forbidden'}"
        try:
            cache.mkdir(parents=True, exist_ok=True)
            temporary = kept.with_name(kept.name + ".part")
            temporary.write_bytes(data or b"")
            temporary.replace(kept)
        except OSError:
            pass  # a read-only project still builds, only slower
    return data


def embedding_allowed(path: Path) -> bool:
    """The font's own licence bits (OS/2 fsType): 0x0002 means "restricted", no embedding."""
    import uharfbuzz as hb

    table = hb.Face(hb.Blob.from_file_path(str(path))).reference_table("OS/2").data
    if len(table) < 10:
        return True
    fs_type = int.from_bytes(table[8:10], "big")
    return not (fs_type & 0x000F == 0x0002)


def stylesheet_for(css: str, embedded: list[str]) -> str:
    """The e-book stylesheet without @font-face rules for fonts not in the book."""

    def keep(match: re.Match) -> str:
        url = re.search(r"url\(\s*['\"]?([^'\")]+)", match.group(0))
        name = Path(url.group(1)).name if url else ""
        return match.group(0) if name in embedded else ""

    return re.sub(r"@font-face\s*\{[^}]*\}\n?", keep, css)


def subset_font(path: Path, text: str) -> bytes:
    """The font cut down to the characters the book uses (HarfBuzz: fast and reproducible).

    The name table is kept whole: it carries the copyright and the licence."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(str(path)))
    request = hb.SubsetInput()
    request.unicode_set.update(ord(c) for c in set(text))
    request.name_id_set.update(range(0, 256))
    result = hb.subset(face, request)
    if result is None:  # a font HarfBuzz cannot cut: ship it whole
        return path.read_bytes()
    return result.blob.data
