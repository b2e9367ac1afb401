"""A typographic cover for the EPUB, drawn from the manuscript's metadata.

Pillow draws it with the project's own fonts: no template image needed, and
the same manuscript always gives the same PNG bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from pamphletpress.read.document import Metadata

if TYPE_CHECKING:  # Pillow is loaded only to draw a cover the cache does not hold
    from PIL import ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 2400
MARGIN = 130
PAPER = (251, 248, 242)
INK = (26, 26, 26)
ACCENT = (200, 16, 46)


def cover_png(meta: Metadata, fonts_dir: Path) -> bytes:
    """The cover as PNG bytes, 1600 × 2400 px."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    sans_bold = _font(fonts_dir, "Inter-ExtraBold.otf", 150)
    sans = _font(fonts_dir, "Inter-SemiBold.otf", 58)
    serif = _font(fonts_dir, "CharisSIL-Regular.ttf", 64)

    draw.rectangle((0, 0, WIDTH, 70), fill=ACCENT)
    y = 260
    if meta.publication:
        draw.text((MARGIN, y), meta.publication.upper(), font=sans, fill=ACCENT)
        y += 110
    draw.line((MARGIN, y, WIDTH - MARGIN, y), fill=INK, width=6)
    y += 120
    if meta.kicker:
        for line in _wrap(meta.kicker.upper(), sans, WIDTH - 2 * MARGIN, draw):
            draw.text((MARGIN, y), line, font=sans, fill=ACCENT)
            y += 80
        y += 50
    size = 150
    title_font = sans_bold
    lines = _wrap(meta.title, title_font, WIDTH - 2 * MARGIN, draw)
    while len(lines) > 6 and size > 80:
        size -= 10
        title_font = _font(fonts_dir, "Inter-ExtraBold.otf", size)
        lines = _wrap(meta.title, title_font, WIDTH - 2 * MARGIN, draw)
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=INK)
        y += int(size * 1.12)
    bottom = HEIGHT - 260
    if meta.authors:
        draw.text((MARGIN, bottom), ", ".join(meta.authors), font=serif, fill=INK)
    if meta.issue:
        draw.text((MARGIN, bottom + 100), meta.issue, font=sans, fill=INK)
    draw.rectangle((0, HEIGHT - 70, WIDTH, HEIGHT), fill=ACCENT)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)  # level 9 costs 0.1 s for 4 % less
    return out.getvalue()


def cover_alt(meta: Metadata) -> str:
    """The cover's text alternative: what it shows, in words."""
    parts = [meta.publication, meta.kicker, meta.title, ", ".join(meta.authors) or None, meta.issue]
    return " — ".join(p for p in parts if p)


def _font(fonts_dir: Path, name: str, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    path = fonts_dir / name
    if path.is_file():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _wrap(
    text: str, font: ImageFont.FreeTypeFont, width: int, draw: ImageDraw.ImageDraw
) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines
