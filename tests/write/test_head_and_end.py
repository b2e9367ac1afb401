"""An article's head and end as a proofreader reads them, from the PDF and the EPUB.

A blog's first heading that repeats its title is not printed twice under the
headline; a note call whose note stayed in another edition (``HOOFDSTUK[1]``)
leaves the heading, with a warning naming the line; an article that ends in code
(an address card) gets its end mark under the code, not before it.
"""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree

from tests.conftest import run_cli
from tests.projects import make_project

ARTICLE = """---
title: "Koffie - een handel in leugens"
lang: nl
---

## Koffie - een handel in leugens

Ik ben makelaar in koffi, en woon op de Lauriergracht. Het is myn gewoonte niet,
romans te schryven, of zulke dingen, en het heeft dan ook lang geduurd voor ik er
toe overging een paar riem papier extra te bestellen.

## Tweede hoofdstuk[2]

Een zin met een noot van een andere uitgave[3] blijft staan zoals hij is
geschreven, en de schrijver hoort waar hij staat. Een lijst van bronnen heeft
zijn nummers wel[4] en daar is niets mis mee.

[4] Multatuli, Max Havelaar (1860).

Eilieve, steek het by u, het kan te-pas komen: een adreskaartje!

        ______________________
       |                      |
       |      LAST & Co       |
       |  Lauriergracht, 37   |
       |______________________|
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    project = make_project(tmp_path_factory.mktemp("head-end"), ARTICLE, "proef.md")
    found = {"project": project, "log": ""}
    for kind in ("pdf", "epub"):
        result = run_cli(kind, "-o", f"output/proef.{kind}", cwd=project)
        assert result.returncode == 0, result.stderr
        found[kind] = project / "output" / f"proef.{kind}"
        found["log"] += result.stderr
    return found


def _xhtml(epub) -> etree._Element:
    with zipfile.ZipFile(epub) as book:
        name = next(n for n in book.namelist() if n.endswith("proef.xhtml"))
        return etree.fromstring(book.read(name))


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_a_first_heading_that_repeats_the_title_is_the_title(built):
    from tests.pagefaults import repeated_headline

    assert repeated_headline(built["pdf"]) == []
    page = _xhtml(built["epub"])
    said = [
        _text(h)
        for h in page.iter()
        if isinstance(h.tag, str) and re.fullmatch(r"{.*}h[1-6]", h.tag)
    ]
    assert [t for t in said if t.startswith("Koffie")] == ["Koffie – een handel in leugens"]
    assert "Tweede hoofdstuk" in said  # the next heading stays an intertitle


def test_a_dead_note_call_leaves_the_heading_and_is_named_in_the_text(built):
    from pamphletpress.check.pdftext import pdf_lines

    lines = pdf_lines(built["pdf"])
    assert "Tweede hoofdstuk" in lines
    text = " ".join(lines)
    assert "[2]" not in text
    assert "uitgave[3]" in text  # the author's words kept in the running text
    assert "wel[4]" in text and "[4] Multatuli" in text
    assert re.search(r"proef\.md:12: \[2\] in a heading", built["log"]), built["log"]
    assert re.search(r"proef\.md:14: \[3\] looks like a note call", built["log"]), built["log"]
    assert "[4]" not in built["log"]  # its note is in the manuscript, as a list of sources
    assert "[2]" not in _text(_xhtml(built["epub"]))


def test_the_end_mark_follows_the_closing_code(built):
    from pamphletpress.check import pdfread
    from tests.pagefaults import END_MARK, text_after_end_mark

    assert text_after_end_mark(built["pdf"]) == []
    page = pdfread.read(built["pdf"]).pages[-1]
    mark = next(c for c in page.chars if c["text"] == END_MARK)
    card = [c for c in page.chars if "Mono" in c["fontname"] and c["text"].strip()]
    assert mark["top"] > max(c["bottom"] for c in card)
    body = _xhtml(built["epub"])
    blocks = [e for e in body.iter() if isinstance(e.tag, str) and e.tag.endswith(("}p", "}pre"))]
    assert blocks[-1].find(".//{*}span[@class='endmark']") is not None
    assert blocks[-1].get("aria-hidden") == "true"  # a screen reader says nothing there
    assert blocks[-2].tag.endswith("}pre")


def test_a_dead_note_call_leaves_the_headline(tmp_path):
    """A headline taken from the body's ``# Title[1]`` (no title in the front matter)
    loses the call as an intertitle does, with the warning naming its line."""
    from pamphletpress.check.pdftext import pdf_lines

    text = "---\nlang: nl\n---\n\n# Eerste hoofdstuk[1]\n\nIk ben makelaar in koffi.\n"
    project = make_project(tmp_path, text, "kop.md")
    result = run_cli("pdf", "-o", "output/kop.pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = pdf_lines(project / "output" / "kop.pdf")
    assert lines[0] == "Eerste hoofdstuk" and "[1]" not in " ".join(lines)
    assert "kop.md:5: [1] in a heading" in result.stderr, result.stderr
