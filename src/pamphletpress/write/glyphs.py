"""Which characters the project's fonts can print, and what to do with the rest.

WeasyPrint falls back to any system font for a character the stylesheet's faces
lack, or prints a .notdef box: neither belongs in a print PDF. The print writer
leaves such characters (mostly emoji) out, naming each one and its line once.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from pamphletpress.i18n import _

log = logging.getLogger("pamphletpress")

#: Invisible characters that shape a neighbour (emoji joiners, variation selectors).
JOINERS = {0x200D, 0xFE0E, 0xFE0F, 0x20E3}


@functools.cache
def _covered(signature: tuple) -> frozenset[int]:
    import uharfbuzz as hb

    covered: set[int] = set()
    for name, _size, _mtime in signature[1:]:
        face = hb.Face(hb.Blob.from_file_path(str(Path(signature[0]) / name)))
        covered |= set(face.unicodes)
    return frozenset(covered)


def covered_by(fonts_dir: Path) -> frozenset[int]:
    """Every code point some font in ``fonts_dir`` has a glyph for."""
    files = sorted(p for p in fonts_dir.glob("*") if p.suffix.lower() in (".ttf", ".otf"))
    signature = (str(fonts_dir),) + tuple(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files
    )
    return _covered(signature)


def drop_unprintable(
    root: etree._Element,
    covered: frozenset[int],
    where: Callable[[str], str],
    seen: set[str],
) -> None:
    """Remove characters no font has from the text under ``root``; warn once each.

    ``where(char)`` names the file and line for the message.
    """

    def keep(char: str) -> bool:
        code = ord(char)
        if code in covered or char.isspace() or code < 0x20:
            return True
        if code in JOINERS or unicodedata.category(char) in ("Cf", "Mn"):
            return False
        if char not in seen:
            seen.add(char)
            name = unicodedata.name(char, "unnamed character")
            log.warning(
                _(
                    "{where}: character {char} (U+{code:04X} {name}) is in none of the "
                    "project's fonts; left out of the PDF. Write it as a word, or add a font "
                    "that has it to fonts/"
                ).format(where=where(char), char=char, code=code, name=name),
            )
        return False

    def clean(text: str | None) -> str | None:
        if not text or all(ord(c) in covered or c.isspace() for c in text):
            return text
        return "".join(c for c in text if keep(c))

    for element in root.iter():
        if isinstance(element.tag, str):
            element.text = clean(element.text)
        element.tail = clean(element.tail)
