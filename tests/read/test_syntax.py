"""The Markdown of CommonMark and pandoc that Python-Markdown would print as typed,
read right in both outputs: in running text, in every kind of box, in a quotation
and in a list item.

One small manuscript with each construct is built once (EPUB and PDF, by the CLI)
and read back: the PDF's lines, the EPUB's XHTML and package.
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
MATHML = "{http://www.w3.org/1998/Math/MathML}"

MANUSCRIPT = r"""---
title: Syntax uit andere dialecten
lang: nl
---

Water is H~2~O, dit is ~~doorgehaald~~ en a^bc^ is een macht. De som $2+2=4$ staat
in de tekst, net als $x \in y$ en $p$-waarde; $22,000 en $5 zijn bedragen.

De afgeleide is
$$\frac{d}{dx}f(x)=\lim_{h\to 0}\frac{f(x+h)-f(x)}{h}$$
en daarna loopt de zin door.

Een lijst direct na een alinea:
* appels plukken
* peren plukken

!!! tip "MkDocs-tip"
    Doe het volgende:
    * Zorg ervoor dat dossiers wisselen
    * Zorg voor ~~koffie~~ thee en CO~2~-arme reizen

:::note[Docusaurus-notitie]
Twee punten:
- eerste notitiepunt met $x^2$
- tweede notitiepunt
:::

> [!WARNING]
> Een GitHub-melding met:
> - een meldingspunt
> - nog een meldingspunt

::: box Kader
Een kader met:
- een kaderpunt met a^2^ en $\alpha \wedge \omega$
- een kaderpunt met ~~streep~~ en een kapotte formule $x^$
:::

> Een citaat met:
> - een citaatpunt
> - nog een citaatpunt

- Een lijstpunt

    met een alinea:
    - een genest punt
    - nog een genest punt

(@) Het eerste voorbeeld.
(@tweede) Het tweede voorbeeld.

Zoals (@tweede) laat zien, lopen voorbeelden door.

 #.  Automatisch genummerd.
 #.  Nog een automatisch punt.

appel
  ~ een rode vrucht

peer
  ~ een gele vrucht

Een tabel in TeX volgt, maar die is niet voor papier: \cite[22-23]{smith.1899}.

\begin{tabular}{|l|l|}\hline
Hond & 2 \\
\end{tabular}

```{=latex}
\newpage
```

```mermaid
flowchart LR
  Aanvraag --> Besluit
```

[![Het logo van de proef](plaatje.png)](https://voorbeeld.nl/plaatjes/logo-groot.png)

- leeg hieronder
-
    -

  *   *   *   *   *

Na de streep volgt het einde.

Pandoc zegt [a few words]{lang=en custom-style="Quote" onclick="x()"} en [zo]{dir=ltr} hier.

(2) begint bij twee
(3) en nu drie

D.  Een hoofdletter
    I.  Een romeins cijfer.
        a)  Een kleine letter met haakje

B. Williams schreef dit als zin, en (4) staat hier
(5) midden in een alinea.

z. B. ist eine Abkürzung und v. Chr. auch.

!!! note "Genummerd"
    (a) eerste kaderletter
    (b) tweede kaderletter

(@) Het derde voorbeeld, na de tekst.

<div class="noot">
Een blok met **vette** en _schuine_ woorden en [een koppeling](https://proefadres.org/blok).
</div>

<table>
<tr>
<td>Een cel met *nadruk*</td>
<td>En een cel met __kracht__</td>
</tr>
</table>

<pre>Opmaak *blijft* hier staan</pre>

<div markdown="0">Een blok dat rauw blijft.</div>

De uitkomst is groter dan 2
> 1, en zo gaat de zin door.

Hij zei:
> Ik kom morgen.

Daarmee sluit de proef.
"""


@pytest.fixture(scope="module")
def syntax(tmp_path_factory, later):
    """The manuscript's EPUB (EPUBCheck started on it at once) and PDF, with what each
    build said."""
    from PIL import Image

    project = tmp_path_factory.mktemp("syntax") / "syntax"
    shutil.copytree(ROOT / "styles", project / "styles")
    shutil.copytree(ROOT / "fonts", project / "fonts")
    (project / "manuscript").mkdir(parents=True)
    (project / "manuscript" / "syntax.md").write_text(MANUSCRIPT, encoding="utf-8")
    Image.new("RGB", (1200, 600), (40, 90, 160)).save(project / "manuscript" / "plaatje.png")
    built = {}
    with pytest.MonkeyPatch.context() as patch:
        # As on a computer without mmdc: its diagram printed as code, with the warning.
        patch.setattr("pamphletpress.read.diagrams.installed", lambda kind: None)
        for kind in ("epub", "pdf"):
            result = run_cli(kind, cwd=project)
            assert result.returncode == 0, result.stderr
            built[kind] = project / "output" / f"syntax.{kind}"
            built[f"{kind}-stderr"] = result.stderr
            if kind == "epub":
                built["epubcheck"] = later.call("tests.conftest:epubcheck", str(built[kind]))
    return built


def _page(epub) -> etree._Element:
    with zipfile.ZipFile(epub) as book:
        return etree.fromstring(book.read("EPUB/text/syntax.xhtml"))


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _lines(pdf) -> list[str]:
    from pamphletpress.check.pdftext import pdf_lines

    return pdf_lines(pdf)


def test_no_syntax_left_and_every_word(syntax):
    lines = _lines(syntax["pdf"])
    assert syntax_left("\n".join(lines), MANUSCRIPT, markers=True) == []
    assert syntax_left(epub_text(syntax["epub"]), MANUSCRIPT) == []
    expected = source_words(MANUSCRIPT)
    assert missing_words(expected, pdf_text(syntax["pdf"], set(expected)), lines) == []
    assert missing_words(expected, epub_text(syntax["epub"])) == []


def test_lists_after_a_paragraph_line_in_every_container(syntax):
    page = _page(syntax["epub"])
    items = {_text(li) for li in page.iter(f"{XHTML}li")}
    for item in (
        "appels plukken",
        "Zorg ervoor dat dossiers wisselen",
        "tweede notitiepunt",
        "nog een meldingspunt",
        "een kaderpunt met streep en een kapotte formule x^",
        "nog een citaatpunt",
        "nog een genest punt",
    ):
        assert item in items, item
    nested = [li for li in page.iter(f"{XHTML}li") if _text(li) == "nog een genest punt"]
    assert [a.tag for a in nested[0].iterancestors()][:3] == [f"{XHTML}ul", f"{XHTML}li"] + [
        f"{XHTML}ul"
    ]
    lines = _lines(syntax["pdf"])
    assert "• appels plukken" in lines
    assert any(line.endswith("Zorg ervoor dat dossiers wisselen") for line in lines)
    assert any(line.endswith("nog een citaatpunt") for line in lines)


def test_no_empty_items_and_a_rule_not_a_list(syntax):
    page = _page(syntax["epub"])
    assert [li for li in page.iter(f"{XHTML}li") if not _text(li)] == []
    assert "leeg hieronder" in {_text(li) for li in page.iter(f"{XHTML}li")}
    assert page.find(f".//{XHTML}hr") is not None
    lines = _lines(syntax["pdf"])
    assert not [line for line in lines if re.fullmatch(r"[•◦▪*\s]+", line)]


def test_strikeout_sub_and_superscript(syntax):
    page = _page(syntax["epub"])
    assert [_text(e) for e in page.iter(f"{XHTML}del")] == ["doorgehaald", "koffie", "streep"]
    assert [_text(e) for e in page.iter(f"{XHTML}sub")] == ["2", "2"]
    assert [_text(e) for e in page.iter(f"{XHTML}sup")] == ["bc", "2"]
    printed = pdf_text(syntax["pdf"])
    assert "Water is H2O, dit is doorgehaald en abc is een macht" in printed
    assert "Zorg voor koffie thee en CO2-arme reizen" in printed


def test_bracketed_spans_keep_their_language_and_class(syntax):
    """pandoc's ``[words]{lang=en}``: a span (attributes for other formats dropped), no
    bracket or brace printed."""
    page = _page(syntax["epub"])
    spans = {_text(e): dict(e.attrib) for e in page.iter(f"{XHTML}span") if _text(e) in (
        "a few words", "zo")}  # fmt: skip
    assert spans["a few words"]["lang"] == "en" and "onclick" not in spans["a few words"]
    assert spans["zo"] == {"dir": "ltr"}
    assert "Pandoc zegt a few words en zo hier." in pdf_text(syntax["pdf"])


def test_example_lists_autonumbers_and_tilde_definitions(syntax):
    page = _page(syntax["epub"])
    lists = [ol for ol in page.iter(f"{XHTML}ol")]
    texts = [[_text(li) for li in ol] for ol in lists]
    assert ["Het eerste voorbeeld.", "Het tweede voorbeeld."] in texts
    assert ["Automatisch genummerd.", "Nog een automatisch punt."] in texts
    body = _text(page.find(f".//{XHTML}article"))
    assert "Zoals (2) laat zien" in body
    terms = [_text(e) for e in page.iter(f"{XHTML}dt")]
    assert terms == ["appel", "peer"]
    assert [_text(e) for e in page.iter(f"{XHTML}dd")] == ["een rode vrucht", "een gele vrucht"]
    printed = pdf_text(syntax["pdf"])
    assert "(1) Het eerste voorbeeld." in printed and "2. Nog een automatisch punt." in printed


def test_fancy_lists_keep_their_kind_and_first_number(syntax):
    """pandoc's ``(2)``, ``D.``, ``I.``, ``a)`` and ``(a)`` in a box: ordered lists
    that number as the writer marked them, brackets and all, from the first item's
    number; example
    lists go on numbering across the text; an initial (``B. Williams``) and a
    number inside a paragraph's lines stay text."""
    page = _page(syntax["epub"])
    lists = {_text(ol[0]).split(" Een ")[0]: ol for ol in page.iter(f"{XHTML}ol")}
    kinds = {text: (ol.get("class"), ol.get("start")) for text, ol in lists.items()}
    assert kinds["begint bij twee"] == ("decimal two-parens long-markers", "2")
    assert kinds["Een hoofdletter"] == ("upper-alpha", "4")
    assert kinds["Een romeins cijfer."] == ("upper-roman", None)
    assert kinds["Een kleine letter met haakje"] == ("lower-alpha one-paren", None)
    assert kinds["eerste kaderletter"] == ("lower-alpha two-parens long-markers", None)
    assert kinds["Het derde voorbeeld, na de tekst."] == ("decimal two-parens long-markers", "3")
    assert [_text(li) for li in lists["begint bij twee"]] == ["begint bij twee", "en nu drie"]
    paragraphs = [_text(p) for p in page.iter(f"{XHTML}p")]
    assert "B. Williams schreef dit als zin, en (4) staat hier (5) midden in een alinea." in (
        paragraphs
    )
    assert "z. B. ist eine Abkürzung und v. Chr. auch." in paragraphs
    assert [_text(li) for li in lists["Een hoofdletter"]] == [  # cut off the list above
        "Een hoofdletter Een romeins cijfer. Een kleine letter met haakje"
    ]
    assert lists["begint bij twee"].find(f"{XHTML}li/{XHTML}p") is None  # tight, as typed
    lines = _lines(syntax["pdf"])
    for printed in (
        "(2) begint bij twee",
        "(3) en nu drie",
        "D. Een hoofdletter",
        "I. Een romeins cijfer.",
        "a) Een kleine letter met haakje",
        "(a) eerste kaderletter",
        "(b) tweede kaderletter",
        "(3) Het derde voorbeeld, na de tekst.",  # as the text cites it: (2)
    ):
        assert any(line.startswith(printed) for line in lines), printed  # (two columns)
    # a long marker stands in the column, as a plain paragraph's first letter does
    from pamphletpress.check import pdfread

    body = pdfread.read(syntax["pdf"]).body_lines(9.5)
    item = next(ln for ln in body if ln.text.startswith("(2) begint"))
    column = [ln for ln in body if (ln.page, ln.column) == (item.page, item.column)]
    assert item.x0 >= min(ln.x0 for ln in column if ln is not item) - 0.1
    # no marker the writer did not write: "(2)" is not printed "2." nor "(2)."
    assert not any(re.match(r"(?:2\.|a\.|\(\w\)\.) (?:begint|Een kleine|eerste)", line)
                   for line in lines)  # fmt: skip


def test_markdown_inside_html_blocks_is_read(syntax):
    """pandoc's rule: Markdown inside a ``<div>`` or a table's cells is read (Python-
    Markdown passed them on raw, and ``**vette**`` printed as typed); a ``<pre>``'s
    text stays as written."""
    page = _page(syntax["epub"])
    block = next(d for d in page.iter(f"{XHTML}div") if d.get("class") == "noot")
    assert [e.text for e in block.iter(f"{XHTML}strong")] == ["vette"]
    assert [e.text for e in block.iter(f"{XHTML}em")] == ["schuine"]
    assert block.find(f".//{XHTML}a").get("href") == "https://proefadres.org/blok"
    cells = [_text(td) for td in page.iter(f"{XHTML}td")]
    assert "Een cel met nadruk" in cells and "En een cel met kracht" in cells
    assert [e.text for e in page.iter(f"{XHTML}strong")][-1] == "kracht"
    assert "Opmaak *blijft* hier staan" in [_text(e) for e in page.iter(f"{XHTML}pre")]
    assert not [e for e in page.iter() if "markdown" in e.attrib]  # no HTML's (EPUBCheck)
    printed = " ".join(_lines(syntax["pdf"]))
    for words in ("Een blok met vette en schuine woorden en een koppeling", "cel met nadruk"):
        assert words in printed, words
    assert "**" not in printed and "__" not in printed


def test_math_is_mathml_in_the_epub(syntax):
    page = _page(syntax["epub"])
    formulas = list(page.iter(f"{MATHML}math"))
    assert [m.get("alttext") for m in formulas] == [
        "2+2=4",
        "x \\in y",
        "p",
        "\\frac{d}{dx}f(x)=\\lim_{h\\to 0}\\frac{f(x+h)-f(x)}{h}",
        "x^2",
        "\\alpha \\wedge \\omega",
    ]
    assert [m.get("display") for m in formulas].count("block") == 1
    assert formulas[0].find(f".//{MATHML}mo").text == "+"
    assert "$22,000 en $5 zijn bedragen" in _text(page.find(f".//{XHTML}article"))
    with zipfile.ZipFile(syntax["epub"]) as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
    item = next(i for i in opf.iter("{*}item") if i.get("href") == "text/syntax.xhtml")
    assert "mathml" in item.get("properties", "").split()


def test_math_is_set_in_the_pdf(syntax):
    """Each formula is drawn (glyph outlines from the math font) where it stands in
    the line: the text around it is there, no TeX is, and the formula has ink."""
    from pdfplumber.utils import extract_words

    from pamphletpress.check import pdfread

    printed = pdf_text(syntax["pdf"])
    assert "De som en staat" not in printed  # nothing dropped: a formula fills the gap
    assert "\\frac" not in printed and "2+2" not in printed
    page = pdfread.read(syntax["pdf"]).pages[0]  # parsed once, pdf_text too
    words = extract_words(page.chars)
    som = next(w for w in words if w["text"] == "som")
    drawn = [c for c in page.curves if abs(c["bottom"] - som["bottom"]) < 4]
    assert drawn and min(c["x0"] for c in drawn) > som["x1"]
    assert "display" not in printed
    assert "en daarna loopt de zin door." in printed


def test_raw_tex_and_diagrams_say_what_to_do(syntax):
    stderr = syntax["pdf-stderr"]
    assert re.search(r"syntax\.md:65: a raw TeX block \(\\begin\{tabular\}\) .* left out", stderr)
    assert re.search(r"syntax\.md:69: a raw latex block \(\{=latex\}\)", stderr)
    assert re.search(r"syntax\.md:63: the TeX command \\cite\[22-23\]\{smith\.1899\}", stderr)
    assert re.search(r"syntax\.md:73: this mermaid diagram is printed as its source code", stderr)
    assert "mmdc is not installed to draw it" in stderr
    assert "export it as an SVG picture" in stderr and "![what the diagram shows]" in stderr
    assert re.search(r"syntax\.md:36: the formula \$x\^\$ cannot be set \(missing super", stderr)
    printed = pdf_text(syntax["pdf"])
    assert "een kapotte formule x^" in printed  # as TeX, in code
    assert "Hond" not in printed and "newpage" not in printed
    assert "Aanvraag --> Besluit" in printed  # the diagram's source, as code


def test_a_quotation_in_a_sentence_is_told(syntax):
    """A ``>`` wrapped to a line's start under a sentence that goes on (``groter dan 2``
    over ``> 1, en …``): a quotation still, as CommonMark reads it (a quotation may
    interrupt a paragraph), but the build says where, and how to keep the comparison;
    a quotation under ``Hij zei:`` is not told."""
    stderr = syntax["epub-stderr"]
    line = MANUSCRIPT.split("\n").index("> 1, en zo gaat de zin door.") + 1
    assert re.search(rf"syntax\.md:{line}: a line beginning with '>' .* a quotation", stderr)
    assert f"syntax.md:{line + 4}:" not in stderr
    quotes = [_text(q) for q in _page(syntax["epub"]).iter(f"{XHTML}blockquote")]
    assert "1, en zo gaat de zin door." in quotes and "Ik kom morgen." in quotes


def test_a_linked_pictures_address_in_its_caption(syntax):
    lines = _lines(syntax["pdf"])
    caption = [line for line in lines if "Het logo van de proef" in line]
    assert len(caption) == 1 and "(voorbeeld.nl/" in caption[0]
    assert sum("voorbeeld.nl/" in line for line in lines) == 1


def test_epubcheck(syntax):
    if shutil.which("java") is None:
        pytest.skip("EPUBCheck needs Java")
    result = syntax["epubcheck"].result()
    assert [m for m in result.messages if m.level in ("FATAL", "ERROR", "WARNING")] == []


def test_a_link_with_a_space_before_its_address_is_told(tmp_path):
    """``[Rust] (https://…)``: not a link in CommonMark (nor pandoc), so its brackets are
    printed as typed. The writer meant a link: the build names the file and line and
    says to take the space out (osg-nl-leadership p3 printed two, and the build said
    nothing); a bracket before a plain remark is no link and is not told."""
    from tests.projects import make_project

    text = (
        "---\ntitle: Proef\nlang: nl\n---\n\nVoorbeelden zijn onder meer [Node.js] "
        "(https://foundation.nodejs.org/) en [Rust] (https://www.rust-lang.org/), twee "
        "projecten met een eigen bestuur [sic] (zie boven), en `[a] (https://x.org)`.\n"
    )
    project = make_project(tmp_path, text)
    result = run_cli("pdf", "-o", "output/a.pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    told = [line for line in result.stderr.splitlines() if "artikel.md:6:" in line]
    assert [w for w in ("[Node.js]", "[Rust]") if not any(w in line for line in told)] == []
    assert not [line for line in told if "[sic]" in line or "[a]" in line], told
    printed = " ".join(_lines(project / "output" / "a.pdf"))
    assert "[Rust]" in printed and "(rust-lang" in printed, printed
