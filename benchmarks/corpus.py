"""A big manuscript for benchmarks: N articles made from the real one.

Each article is the real article (about 2,700 words) under its own headline,
with its paragraphs rotated so that no two articles set alike.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "manuscript" / "oorlog.md"


def make_project(folder: Path, articles: int) -> Path:
    """A project folder with ``articles`` articles (reused if already made)."""
    manuscript = folder / "manuscript"
    if manuscript.is_dir() and len(list(manuscript.glob("*.md"))) == articles:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(ROOT / "styles", folder / "styles")
    shutil.copytree(ROOT / "fonts", folder / "fonts")
    manuscript.mkdir(parents=True)
    (folder / "output").mkdir()
    text = SOURCE.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    parts = re.split(r"\n(?=## )", body.split("::: box")[0].strip())
    box = "::: box" + body.split("::: box")[1]
    opening, *sections = parts
    for number in range(1, articles + 1):
        shift = number % max(1, len(sections))
        order = sections[shift:] + sections[:shift]
        head = front.replace(
            "title: Een oorlog die de wereld verandert",
            f"title: Artikel {number} – een oorlog die de wereld verandert",
        )
        article = f"---\n{head}---\n\n{opening}\n\n" + "\n\n".join(order) + f"\n\n{box}"
        (manuscript / f"{number:03d}-artikel.md").write_text(article, encoding="utf-8")
    return folder
