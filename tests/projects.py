"""Small projects made inside a test: the repository's styles and fonts, one manuscript.

Shared by the tests of every stage that plant a mistake and read the message back.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.conftest import MANUSCRIPT, ROOT

ARTICLE = """---
title: Proef
author: Test
lang: nl
---

::: lede
Een korte lede.
:::

Een gewone alinea met genoeg woorden om een regel te vullen.
"""


def make_project(tmp_path: Path, text: str = ARTICLE, name: str = "artikel.md") -> Path:
    """A small project: the repository's styles and fonts, one manuscript file."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "styles", project / "styles")
    shutil.copytree(ROOT / "fonts", project / "fonts")
    (project / "manuscript").mkdir()
    (project / "manuscript" / name).write_text(text, encoding="utf-8")
    return project


def assert_clear_error(result, *words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def article_paragraphs() -> tuple[str, list[str]]:
    """The repository article's front matter and its plain paragraphs (no intertitle,
    box or lede), the stuff the layout tests build their own manuscripts from."""
    head, body = (MANUSCRIPT / "oorlog.md").read_text(encoding="utf-8").split("\n---\n", 1)
    paragraphs = [
        block
        for block in re.split(r"\n\n+", body.split("::: box")[0])
        if block.strip() and not block.startswith(("##", ":::"))
    ]
    return head, paragraphs
