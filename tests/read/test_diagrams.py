"""Diagrams written as code are drawn where their program is installed: in the PDF as
pictures with their labels and no syntax, in the EPUB with their description, once."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from lxml import etree

from tests.conftest import CHECK_EPUB, run_cli
from tests.projects import ARTICLE, make_project

XHTML = "{http://www.w3.org/1999/xhtml}"

DIAGRAMS = (
    ARTICLE
    + """
## De weg naar de drukker

Een alinea voor de diagrammen, zodat de tekst er omheen loopt zoals in een krant.

```mermaid
flowchart LR
  accTitle: Van manuscript naar drukkerij
  accDescr: Het manuscript gaat naar de opmaak en als goede PDF naar de drukkerij.
  A[Manuscript] --> B(Opmaak)
  B --> C{PDF goed?}
  C -->|ja| D[Drukkerij]
  C -->|nee| B
```

Daarna een graaf zonder beschrijving.

```dot
digraph { Redactie -> Zetter -> Drukker; }
```

En een diagram met een fout erin.

```dot
digraph { Redactie -> ; }
```

Het einde van het stuk.
"""
)

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) missing")
needs_mmdc = pytest.mark.skipif(shutil.which("mmdc") is None, reason="mermaid-cli missing")


@pytest.fixture(scope="module")
def drawn(tmp_path_factory, later):
    """The project built (PDF and EPUB), and the EPUB's preflight started."""
    if shutil.which("dot") is None:
        pytest.skip("Graphviz (dot) missing")
    project = make_project(tmp_path_factory.mktemp("diagrams"), DIAGRAMS)
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    out = project / "output"
    return {
        "project": project,
        "stderr": result.stderr,
        "pdf": out / "project.pdf",
        "epub": out / "project.epub",
        "report": later.call(CHECK_EPUB, out / "project.epub"),
    }


def _pdf_text(path) -> str:
    from pamphletpress.check.pdftext import pdf_lines

    return "\n".join(pdf_lines(path))


@needs_dot
def test_a_graph_is_printed_as_a_picture_with_its_labels_and_no_syntax(drawn):
    printed = _pdf_text(drawn["pdf"])
    assert "Redactie" in printed and "Zetter" in printed and "Drukker" in printed
    assert "Zetter ->" not in printed  # (the one broken diagram is printed as code)
    assert printed.count("digraph") == 1 and printed.count("->") == 1
    assert "Daarna een graaf zonder beschrijving." in printed


@needs_dot
def test_a_diagram_that_cannot_be_drawn_is_code_with_the_programs_complaint(drawn):
    said = [line for line in drawn["stderr"].splitlines() if "could not be drawn" in line]
    assert len(said) == 1, drawn["stderr"]
    assert said[0].startswith("warning: manuscript/artikel.md:35: this dot diagram could not")
    assert "syntax error" in said[0]  # Graphviz's own words
    assert "try it with dot -Tsvg" in said[0]
    assert "digraph { Redactie -> ; }" in _pdf_text(drawn["pdf"])  # as code


@needs_mmdc
def test_a_mermaid_chart_is_drawn_across_the_columns_with_its_title_as_caption(drawn):
    from pdfplumber.utils import extract_words

    from pamphletpress.check import pdfread

    printed = _pdf_text(drawn["pdf"])
    assert "Manuscript" in printed and "PDF goed?" in printed
    assert "Van manuscript naar drukkerij" in printed  # accTitle: the caption
    assert "-->" not in printed and "flowchart" not in printed and "accDescr" not in printed
    for page in pdfread.read(drawn["pdf"]).pages:  # parsed once, the text above too
        words = extract_words(page.chars)
        label = [w for w in words if w["text"] == "Manuscript"]
        if label:
            sink = [w for w in words if w["text"] == "Drukkerij"]
            # Manuscript at the left of the chart, Drukkerij at its right: more than
            # a column (the chart is 700 px wide: its labels legible only across both).
            width = page.bbox[2] - page.bbox[0]
            assert sink and sink[0]["x0"] - label[0]["x0"] > 0.55 * width * 0.7
            break
    else:
        pytest.fail("the chart's labels are on no page")


@needs_mmdc
def test_the_epub_has_the_drawings_with_their_descriptions_and_passes_epubcheck(drawn):
    with zipfile.ZipFile(drawn["epub"]) as book:
        names = book.namelist()
        page = etree.fromstring(book.read("EPUB/text/artikel.xhtml"))
    images = [i for i in page.iter(f"{XHTML}img") if i.get("src", "").endswith(".svg")]
    alts = [i.get("alt") for i in images]
    assert "Het manuscript gaat naar de opmaak en als goede PDF naar de drukkerij." in alts
    assert "Diagram: Redactie, Zetter, Drukker" in alts  # its labels, for want of better
    assert len([n for n in names if n.endswith(".svg")]) == 2
    text = "".join(page.itertext())
    assert "flowchart" not in text and "accTitle" not in text
    report = drawn["report"].result()
    assert not report.failed, [(f.code, f.message) for f in report.findings if f.verdict == "fail"]


@needs_dot
def test_each_diagram_is_drawn_once_and_code_prints_the_source(drawn):
    """A second build takes the drawings from the cache; ``diagrams: code`` prints the
    source, without a warning (EPUBs: the same reader draws for both writers)."""
    cache = drawn["project"] / ".pamphletpress-cache" / "diagrams"
    before = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.svg")}
    assert len(before) == (2 if shutil.which("mmdc") else 1)
    again = run_cli("epub", "-o", "again.epub", cwd=drawn["project"])
    assert again.returncode == 0, again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.svg")} == before
    source = drawn["project"] / "manuscript" / "artikel.md"
    text = source.read_text(encoding="utf-8").replace("lang: nl\n", "lang: nl\ndiagrams: code\n")
    source.write_text(text, encoding="utf-8")
    coded = run_cli("epub", "-o", "code.epub", cwd=drawn["project"])
    assert coded.returncode == 0, coded.stderr
    assert "diagram" not in coded.stderr
    with zipfile.ZipFile(drawn["project"] / "code.epub") as book:
        page = etree.fromstring(book.read("EPUB/text/artikel.xhtml"))
    code = [" ".join("".join(c.itertext()).split()) for c in page.iter(f"{XHTML}code")]
    assert "digraph { Redactie -> Zetter -> Drukker; }" in code
