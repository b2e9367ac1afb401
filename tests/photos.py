"""A small project with photos and a link, the prepress tests' manuscript (issue 13)."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MANUSCRIPT = """---
title: Foto's voor de drukker
author: Redactie
date: 2026-01
lang: nl
publication: Proefkrant
issue: januari 2026
---

::: lede
Een artikel met drie foto's en een link, om te zien wat de drukker ziet.
:::

{body}

![Een donkere foto met diepe schaduwen](images/shadows.png)

{body}

Meer staat op [onze website](https://example.org/drukwerk) en in de krant.

![Een grijze foto](images/grey.jpg)

{body}

![Een kleine foto](images/small.jpg)

{body}
"""

BODY = (
    "De drukker wil zwarte tekst in honderd procent zwart, nergens meer dan driehonderd "
    "procent inkt en grijze foto's alleen op de zwarte plaat. Wie een krant maakt, wil "
    "dat de drukkerij niet terugbelt, en daarom controleert pamphletpress het bestand "
    "zoals een drukkerij dat doet, met de kleurscheidingen erbij."
)


def make_images(folder: Path) -> None:
    """A 1600×1000 RGB photo with deep shadows, a greyscale photo, a 300×200 photo."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    shadows = Image.new("RGB", (1600, 1000))
    draw = ImageDraw.Draw(shadows)
    for x in range(1600):  # a blue-to-orange sky over a black foreground
        t = x / 1599
        draw.line(
            [(x, 0), (x, 499)], fill=(int(40 + 200 * t), int(60 + 80 * t), int(160 - 120 * t))
        )
    draw.rectangle([0, 500, 1599, 999], fill=(0, 0, 0))  # deep shadow: sRGB black
    draw.rectangle([200, 600, 700, 900], fill=(20, 10, 40))  # a dark, saturated shadow
    shadows.save(folder / "shadows.png")
    grey = Image.linear_gradient("L").resize((1200, 800))
    grey.save(folder / "grey.jpg", quality=92)
    small = Image.new("RGB", (300, 200), (180, 40, 30))
    ImageDraw.Draw(small).ellipse([50, 30, 250, 170], fill=(20, 90, 160))
    small.save(folder / "small.jpg", quality=92)


def make_project(folder: Path) -> Path:
    """A project (the shipped styles and fonts) with the photo manuscript; its root."""
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, folder / name)
    manuscript = folder / "manuscript"
    make_images(manuscript / "images")
    (manuscript / "fotos.md").write_text(
        MANUSCRIPT.format(body=" ".join([BODY] * 3)), encoding="utf-8"
    )
    return folder
