"""Every Markdown construct editors write, read right in both outputs.

Two small manuscripts of our own are built once (PDF and EPUB, by the CLI) and
read back: the PDF's text, the EPUB's XHTML.
"""

from __future__ import annotations

import re
import shutil
import zipfile

import pytest
from lxml import etree

from tests.conftest import ROOT, run_cli
from tests.words import epub_text, missing_words, pdf_text, source_words, syntax_left

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"

EVERYTHING = """---
title: 'Een "echte" proef'
kicker: Alles wat redacties schrijven
byline: door de redactie -- met dank
lang: nl
---

Dit is 'n proef met "aanhalingstekens", 's avonds... en een gedachte -- zo. Een noot
staat hier[^bron] en een genummerde noot daar[^1]. Een inline noot ook.^[Inline
notitie met *nadruk*.] Meer op https://voorbeeld.nl/pad_met_streepjes.

[^bron]: De bron van het citaat, met een [link](https://bron.example.org).
[^1]: Tweede noot.

    Tweede alinea van de tweede noot.

## Kop met anker {#anker}

Zie de [kop](#anker), het [andere stuk](../ander-stuk.md), de [site](/docs/x) en
een [verdwenen anker](#nergens).

```yaml
sleutel: waarde   # commentaar
```

    ingesprongen code
    regel twee

| Eigenschap | Waarde |
|------------|--------|
| Kleur      | Rood   |

Term
: De uitleg van de term.

*[NAVO]: Noord-Atlantische Verdragsorganisatie

De NAVO breidt uit.

- [ ] open taak
- [x] klare taak

:::note
Een notitie van Docusaurus.
:::

:::tip[Mijn tip]
Tiptekst hier.
:::

::: raar
Tekst in een onbekend blok.
:::

!!! warning "Pas op"
    Waarschuwing in MkDocs-stijl met `code`.

> [!IMPORTANT]
> Een GitHub-melding.

<aside markdown="1">
**Vet** in een kramdown-aside.
</aside>

### Derde niveau

#### Vierde niveau

##### Vijfde niveau

###### Zesde niveau

Een raket 🚀 vliegt.
"""

TITLE_IN_BODY = """---
lang: de
---

# Ein *echter* Titel

Er sagte "Guten Tag" und 'bis bald' -- dann ging er. Geht's?
"""


PROJECTS = {"alles": EVERYTHING, "titel": TITLE_IN_BODY}


def _project(tmp_path, name: str, text: str):
    project = tmp_path / name
    shutil.copytree(ROOT / "styles", project / "styles")
    shutil.copytree(ROOT / "fonts", project / "fonts")
    (project / "manuscript").mkdir(parents=True)
    (project / "manuscript" / f"{name}.md").write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, later):
    """Each project's outputs, built by the CLI: the EPUBs first (the ``epub`` command
    reads no PDF), so that EPUBCheck runs on them while the PDFs are laid out."""
    base = tmp_path_factory.mktemp("constructs")
    projects = {name: _project(base, name, text) for name, text in PROJECTS.items()}
    built = {}
    for name, kind in [(name, "epub") for name in projects] + [
        ("alles", "pdf"),
        ("alles", "html"),
        ("titel", "pdf"),
    ]:
        result = run_cli(kind, cwd=projects[name])
        assert result.returncode == 0, result.stderr
        built[(name, kind)] = projects[name] / "output" / f"{name}.{kind}"
        built[(name, kind, "stderr")] = result.stderr
        if kind == "epub":
            later.call("tests.conftest:epubcheck", str(built[(name, kind)]))
    return built


def _xhtml(epub, stem: str) -> etree._Element:
    with zipfile.ZipFile(epub) as book:
        return etree.fromstring(book.read(f"EPUB/text/{stem}.xhtml"))


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_no_syntax_and_every_word(outputs):
    from pamphletpress.check.pdftext import pdf_lines

    expected = source_words(EVERYTHING)
    del expected["🚀"]  # not a word, and no font has it
    lines = pdf_lines(outputs[("alles", "pdf")])
    assert syntax_left("\n".join(lines), EVERYTHING, markers=True) == []
    assert syntax_left(epub_text(outputs[("alles", "epub")]), EVERYTHING) == []
    assert missing_words(expected, pdf_text(outputs[("alles", "pdf")], set(expected)), lines) == []
    assert missing_words(expected, epub_text(outputs[("alles", "epub")])) == []


def test_typographic_quotes_and_dashes(outputs):
    printed = pdf_text(outputs[("alles", "pdf")])
    assert "Een “echte” proef" in printed
    assert "’n proef met “aanhalingstekens”, ’s avonds…" in printed
    assert "een gedachte – zo" in printed
    assert "door de redactie – met dank" in printed
    assert '"' not in printed.split("sleutel")[0] and "--" not in printed
    page = _xhtml(outputs[("titel", "epub")], "titel")
    assert _text(page.find(f".//{XHTML}h1")) == "Ein echter Titel"
    body = _text(page.find(f".//{XHTML}article"))
    assert "Er sagte „Guten Tag“ und ‚bis bald‘ – dann ging er. Geht’s?" in body


def test_title_from_a_hash_heading_once(outputs):
    page = _xhtml(outputs[("titel", "epub")], "titel")
    headings = [_text(h) for h in page.iter(f"{XHTML}h1", f"{XHTML}h2")]
    assert headings == ["Ein echter Titel"]
    assert "*" not in pdf_text(outputs[("titel", "pdf")])


def test_footnotes_in_the_pdf_at_the_foot_of_the_page(outputs):
    from pdfplumber.utils import extract_words

    from pamphletpress.check import pdfread

    page = pdfread.read(outputs[("alles", "pdf")]).pages[0]  # parsed once, pdf_text too
    words = extract_words(page.chars)
    note = next(w for w in words if w["text"] == "bron" and w["top"] > page.height * 0.6)
    call = next(w for w in words if w["text"].startswith("hier"))
    assert note["top"] > call["top"]
    printed = pdf_text(outputs[("alles", "pdf")])
    for text in ("De bron van het citaat", "Tweede noot.", "Tweede alinea van de tweede noot",
                 "Inline notitie met nadruk"):  # fmt: skip
        assert text in printed


def test_footnotes_in_the_epub_are_real_notes(outputs):
    page = _xhtml(outputs[("alles", "epub")], "alles")
    refs = [a for a in page.iter(f"{XHTML}a") if a.get(EPUB_TYPE) == "noteref"]
    assert [a.get("href") for a in refs] == ["#fn-1", "#fn-2", "#fn-3"]
    assert all(a.get("role") == "doc-noteref" for a in refs)
    notes = [a for a in page.iter(f"{XHTML}aside") if a.get(EPUB_TYPE) == "footnote"]
    assert [n.get("id") for n in notes] == ["fn-1", "fn-2", "fn-3"]
    assert _text(notes[0]).startswith("1. De bron van het citaat")
    assert "Tweede alinea van de tweede noot" in _text(notes[1])
    backlinks = [a.get("href") for n in notes for a in n.iter(f"{XHTML}a") if a.get("role")]
    assert backlinks == ["#fnref-1", "#fnref-2", "#fnref-3"]
    ids = {e.get("id") for e in page.iter()}
    assert {"fnref-1", "fnref-2", "fnref-3"} <= ids


def test_code_tables_lists_abbreviations(outputs):
    page = _xhtml(outputs[("alles", "epub")], "alles")
    code = [_text(p) for p in page.iter(f"{XHTML}pre")]
    assert code == ["sleutel: waarde # commentaar", "ingesprongen code regel twee"]
    cells = [_text(c) for c in page.iter(f"{XHTML}td", f"{XHTML}th")]
    assert cells == ["Eigenschap", "Waarde", "Kleur", "Rood"]
    assert [_text(d) for d in page.iter(f"{XHTML}dd")] == ["De uitleg van de term."]
    abbr = page.find(f".//{XHTML}abbr")
    assert abbr.get("title") == "Noord-Atlantische Verdragsorganisatie"
    tasks = [t.get("class") for t in page.iter(f"{XHTML}span") if "task" in t.get("class", "")]
    assert tasks == ["task", "task done"]
    printed = pdf_text(outputs[("alles", "pdf")])
    assert "sleutel: waarde # commentaar" in printed
    assert "ingesprongen code" in printed and "regel twee" in printed


def test_headings_h3_to_h6(outputs):
    page = _xhtml(outputs[("alles", "epub")], "alles")
    levels = {h.tag[len(XHTML) :]: _text(h) for h in page.iter() if re.fullmatch(
        rf"{re.escape(XHTML)}h[3-6]", str(h.tag))}  # fmt: skip
    assert levels == {
        "h3": "Derde niveau",
        "h4": "Vierde niveau",
        "h5": "Vijfde niveau",
        "h6": "Zesde niveau",
    }
    assert page.find(f".//{XHTML}h2[@id='anker']") is not None


def test_admonitions_are_boxes_with_their_titles(outputs):
    page = _xhtml(outputs[("alles", "epub")], "alles")
    boxes = [a for a in page.iter(f"{XHTML}aside") if "box" in a.get("class", "")]
    # a box's title is its label (p.box-title), not a heading of the outline
    titles = [_text(b.find(f"{XHTML}p[@class='box-title']"))
              if b.find(f"{XHTML}p[@class='box-title']") is not None else None
              for b in boxes]  # fmt: skip
    assert not [h for b in boxes for h in b.iter(f"{XHTML}h2")]
    assert titles == ["Opmerking", "Mijn tip", "Raar", "Pas op", "Belangrijk", None]
    assert "Vet in een kramdown-aside." in _text(boxes[-1])
    assert "**" not in epub_text(outputs[("alles", "epub")])
    printed = pdf_text(outputs[("alles", "pdf")]).casefold()
    for title in ("opmerking", "mijn tip", "pas op", "belangrijk", "een github-melding"):
        assert title in printed
    stderr = outputs[("alles", "pdf", "stderr")]
    assert re.search(r"alles\.md:\d+: 'raar' is not a known kind of block", stderr)


def test_links_that_cannot_work_become_text(outputs):
    page = _xhtml(outputs[("alles", "epub")], "alles")
    hrefs = [a.get("href") for a in page.iter(f"{XHTML}a") if not a.get(EPUB_TYPE)]
    assert "#anker" in hrefs
    assert "https://voorbeeld.nl/pad_met_streepjes" in hrefs
    assert not any(h.endswith(".md") or h.startswith("/") or h == "#nergens" for h in hrefs)
    body = _text(page.find(f".//{XHTML}article"))
    assert "het andere stuk, de site en een verdwenen anker" in body
    stderr = outputs[("alles", "epub", "stderr")]
    assert "../ander-stuk.md (line 19)" in stderr and "base_url" in stderr


def test_base_url_keeps_site_links(tmp_path):
    text = "---\ntitle: Links\nbase_url: https://site.example.org/blog/\n---\n\n[a](../x.md) b\n"
    project = _project(tmp_path, "links", text)
    assert run_cli("epub", cwd=project).returncode == 0
    page = _xhtml(project / "output" / "links.epub", "links")
    assert [a.get("href") for a in page.iter(f"{XHTML}a")] == ["https://site.example.org/x.md"]


def test_a_character_no_font_has_is_left_out_with_its_line(outputs):
    stderr = outputs[("alles", "pdf", "stderr")]
    assert "alles.md:73: character 🚀 (U+1F680 ROCKET) is in none of the project's fonts" in (
        stderr
    )
    assert "Een raket vliegt." in pdf_text(outputs[("alles", "pdf")])
    assert "🚀" in epub_text(outputs[("alles", "epub")])  # reading systems have emoji fonts


def test_epubcheck_on_both(outputs, later):
    if shutil.which("java") is None:
        pytest.skip("EPUBCheck needs Java")
    for name in ("alles", "titel"):
        result = later.call("tests.conftest:epubcheck", str(outputs[(name, "epub")])).result()
        assert [m for m in result.messages if m.level in ("FATAL", "ERROR", "WARNING")] == []


def test_definition_lists_are_composed_at_their_inset(outputs):
    """Terms and definitions are set by the composer (their lines its blocks), the
    definition under its term by ``--definition-indent``."""
    from lxml import html

    page = html.fromstring(outputs[("alles", "html")].read_bytes())
    for entry in page.xpath("//dt | //dd"):
        assert entry.xpath("./span[contains(@class, 'line')]"), html.tostring(entry)
    from pamphletpress.check import pdfread

    lines = pdfread.read(outputs[("alles", "pdf")]).column_lines(9.5)
    term = next(line for line in lines if line.text == "Term")
    definition = next(line for line in lines if line.text.startswith("De uitleg"))
    assert abs(definition.x0 - term.x0 - 9.5) < 0.5
