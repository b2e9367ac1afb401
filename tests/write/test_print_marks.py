"""Headings, hyphenation and the small marks, read back from the PDF and the EPUB.

What a proofreader marks: a heading split by a hyphen where the whole word would
have fitted on the next line, or left with a long first line and a short last
one; an address or a hash with a hyphen in it; a note's call parted from its
word; a Dutch dash set without its spaces; straight quotes in a caption; a line
before a hard break stretched to the column.
"""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree

from tests.conftest import run_cli
from tests.projects import make_project
from tests.typesetting import (
    heading_shapes,
    hyphenated_addresses,
    hyphenated_headings,
    parted_calls,
    unspaced_dashes,
)
from tests.words import epub_text, missing_words, pdf_text, source_words

#: A word wider than the column, in an intertitle of its own.
LONG_WORD = "Arbeidersbelangenbehartigingsorganisatievertegenwoordigers"

MARKS = """---
title: Een oorlog die de wereld verandert
lang: nl
---

## Een ‘voor en na’-moment in de wereldgeschiedenis

Het buitenland [^1] wordt genoemd, en het binnenland [^2] ook. Ook *de regio* [^3] en
de stad [^4] tellen mee, net als het dorp [^5]. Verder de provincie [^6], het
waterschap [^7] en tot slot de gemeente [^8].

Gemeente Voorbeeldstad
Afdeling Informatievoorziening en Archief
Postbus 12345, 1000 AB Amsterdam

Het vak--ik en de vak–ik staan in de tekst, net als de jaren 1990--2000 en de
mening -- zoals gezegd -- van de schrijver, en *Batavus*--dan of **zo**--*niet*.
Op de Lauriergracht N° 37--aan een principaal
--een principaal is een koper--, wat zou het wezen?--Frits weet het niet, waarom?
--En hij draagt-- zoals altijd -- een jas.

Er is niet één manier om het te doen - doe wat je wilt, zei *Batavus* - dan wel
"zo" - maar de som 5 - 3 blijft een som en `a - b` blijft code.

| Bron - register | Uitkomst |
| --- | --- |
| RDI - Metrologie KDW | goed - beter |

Mail naar algoritmes@minbzk.nl of naar informatievoorziening@voorbeeldgemeente.nl,
kijk op opensourcewerken.nl en developer.overheid.nl, lees
risicoselectie_configuratie.yaml en Kubernetesdeployment.json, zoek commit
4e5d1c7a9bfe3a21 of 9c2f4b7e1d3a5f60 van kafka2tables en getElementById, en schrijf
naar wetenschappelijkeraad@parlementaironderzoek.nl. De [node_modules van
DevTools](https://github.com/ChromeDevTools/devtools-frontend/tree/d07984fe8ccf1d14a287af2776ed7395436ebf96/node_modules)
staan in git.

## Bouw aan onafhankelijke arbeidersverdediging en verzet tegen de invasie

## Arbeidersbelangenbehartigingsorganisatievertegenwoordigers

![De "rode" lijn van 't kabinet -- een overzicht](lijn.png)

Het citaat uit het Engels staat in een kader, met de woorden zoals ze geschreven zijn.

!!! note "Uit het Engels"
    Responsibilities for internationalization: representatives of organizations documented
    their understanding of interoperability, accountability, transparency and sustainability,
    the infrastructure's vulnerabilities, the administration's characterization of
    "extraordinary" circumstances, and the establishment's unprecedented disproportionate
    undertakings.
    {lang=en}

    Nevertheless, the commissioners' recommendations concerning decentralization,
    standardization and professionalization were overwhelmingly considered
    counterproductive by the manufacturers' representatives and the municipalities.

Ein Satz auf Deutsch: er sagte "guten Morgen" und ging dann weiter nach Hause.
{lang=de}

Zij zei [er sagte "guten Tag" zu mir]{lang=de} en liep daarna "gewoon" door.

[^1]: Eén.
[^2]: Twee.
[^3]: Drie.
[^4]: Vier.
[^5]: Vijf.
[^6]: Zes.
[^7]: Zeven.
[^8]: Acht.
""".replace("Voorbeeldstad\n", "Voorbeeldstad  \n").replace("Archief\n", "Archief  \n")


@pytest.fixture(scope="module")
def marks(tmp_path_factory) -> dict:
    """The manuscript above built by the CLI, PDF and EPUB."""
    from PIL import Image

    project = make_project(tmp_path_factory.mktemp("marks"), MARKS, "proef.md")
    Image.new("L", (900, 500), 128).save(project / "manuscript" / "lijn.png")
    built = {"project": project}
    for kind in ("pdf", "epub"):
        result = run_cli("-v", kind, "-o", f"output/proef.{kind}", cwd=project)
        assert result.returncode == 0, result.stderr
        built[kind] = project / "output" / f"proef.{kind}"
        built[f"{kind}_log"] = result.stdout + result.stderr
    return built


def _balanced(shapes: list[list[tuple[str, float]]]) -> list[list[str]]:
    """Headings of two lines or more whose shortest line is under 60 % of the longest."""
    return [
        [text for text, _ in lines]
        for lines in shapes
        if len(lines) > 1 and min(w for _, w in lines) < 0.6 * max(w for _, w in lines)
    ]


def test_the_articles_headings_are_whole_and_balanced(built):
    """`wereld-⏎geschiedenis`, `arbeiders-⏎verdediging`, `beklaag-⏎denbank` were the
    intertitles' lines; the headline's second line was one word."""
    shapes = heading_shapes(built["pdf"])
    assert len(shapes) >= 7  # kicker, headline, five intertitles, the box's title
    assert hyphenated_headings(built["pdf"]) == []
    assert _balanced(shapes) == []
    assert ["Een oorlog die de", "wereld verandert"] in [[t for t, _ in s] for s in shapes]


def test_headings_whole_and_balanced(marks):
    assert hyphenated_headings(marks["pdf"], [LONG_WORD]) == []
    shapes = [lines for lines in heading_shapes(marks["pdf"]) if LONG_WORD[:9] not in lines[0][0]]
    assert _balanced(shapes) == []


def test_a_word_wider_than_the_column_still_breaks(marks):
    """Only a word the column cannot hold is hyphenated in an intertitle."""
    assert hyphenated_headings(marks["pdf"], [LONG_WORD]) == []
    assert [line for line in hyphenated_headings(marks["pdf"]) if "Arbeiders" in line]


def test_a_commit_address_is_printed_with_a_hash_that_fits(marks):
    """A forge's 40-character commit hash is wider than the column, so it could only
    break between two of its characters (don-nodemodules' ``tree/d079`` over
    ``84fe…``): printed by its first 12, as git abbreviates it; the link keeps it all."""
    from pamphletpress.check.pdftext import pdf_lines
    from tests.pagefaults import unmarked_breaks

    printed = "".join(pdf_lines(marks["pdf"]))
    assert "devtools-frontend/tree/d07984fe8ccf/node_modules)" in printed
    assert "d07984fe8ccf1" not in printed
    assert unmarked_breaks(marks["pdf"], MARKS) == []
    with zipfile.ZipFile(marks["epub"]) as book:
        page = book.read("EPUB/text/proef.xhtml").decode()
    assert "tree/d07984fe8ccf1d14a287af2776ed7395436ebf96/node_modules" in page


def test_no_address_or_identifier_hyphenated(marks):
    assert hyphenated_addresses(marks["pdf"]) == []
    assert "0 broken line by line" in marks["pdf_log"]  # set by the composer, broken at @ . _


def test_note_calls_bound_to_their_word(marks):
    assert parted_calls(marks["pdf"]) == []
    with zipfile.ZipFile(marks["epub"]) as book:
        page = etree.fromstring(book.read("EPUB/text/proef.xhtml"))
    calls = [a for a in page.iter("{*}a") if "noteref" in (a.get("role") or "")]
    assert len(calls) == 8
    for call in calls:
        sup = call.getparent()
        before = sup.getprevious().tail if sup.getprevious() is not None else None
        before = before if before is not None else sup.getparent().text
        assert before and not before[-1].isspace(), before


def test_dutch_dashes_spaced_and_captions_smart(marks):
    text = pdf_text(marks["pdf"])
    assert unspaced_dashes(text) == []
    assert "vak – ik" in text.replace("\u00a0", " ")
    for spaced in ("37 – aan", "principaal – een", "wezen? – Frits", "waarom? – En"):
        assert spaced in text.replace("\u00a0", " "), spaced
    assert "1990–2000" in text
    assert "De “rode” lijn van ’t kabinet – een overzicht" in text.replace("\u00a0", " ")
    with zipfile.ZipFile(marks["epub"]) as book:
        page = book.read("EPUB/text/proef.xhtml").decode()
    assert "“rode”" in page and '"rode"' not in page
    assert unspaced_dashes(epub_text(marks["epub"])) == []


def test_a_spaced_hyphen_is_a_dash_but_in_code_and_sums(marks):
    """The writer's `` - `` printed as a tied en dash in running text, after an
    element, after a quote and in table cells, head and body; code and sums kept."""
    from pamphletpress.check.pdftext import pdf_lines
    from tests.pagefaults import spaced_hyphens

    lines = pdf_lines(marks["pdf"])
    assert spaced_hyphens([line.replace("a - b", "code") for line in lines]) == []
    text = " ".join(lines).replace("\u00a0", " ")
    for dashed in ("doen – doe", "Batavus – dan", "” – maar", "Bron – register",
                   "RDI – Metrologie", "goed – beter"):  # fmt: skip
        assert dashed in text, dashed
    assert "a - b" in text and "5 - 3" in text
    page = epub_text(marks["epub"])
    assert "doen\u00a0– doe" in page and "RDI\u00a0– Metrologie" in page


def test_every_word_in_both(marks):
    expected = source_words(MARKS)
    assert missing_words(expected, pdf_text(marks["pdf"], set(expected))) == []
    assert missing_words(expected, epub_text(marks["epub"])) == []


def test_the_line_before_a_hard_break_is_not_stretched(marks):
    from pamphletpress.check import pdfread

    lines = pdfread.read(marks["pdf"]).body_lines(9.5)
    texts = [line.text for line in lines]
    for expected in ("Gemeente Voorbeeldstad", "Afdeling Informatievoorziening en Archief"):
        line = lines[texts.index(expected)]
        assert max(line.spaces) < 0.35 * 9.5, (expected, line.spaces)
    assert "Postbus 12345, 1000 AB Amsterdam" in texts
    assert re.search(
        r"\d+ paragraphs chosen together[^\n]*, 0 broken line by line", marks["pdf_log"]
    )


#: The box's English passage (marked, and detected), as written.
ENGLISH = MARKS[MARKS.index("    Responsibilities") : MARKS.index("Ein Satz")]


def _hyphenated_words(pdf) -> list[tuple[str, int]]:
    """Each word the PDF breaks with an added hyphen, read back whole, and where it
    breaks: the line's last word and the next line's first."""
    from pamphletpress.check import pdfread

    lines = [line.text.split() for line in pdfread.read(pdf).reading_order()]
    found = []
    for line, after in zip(lines, lines[1:]):
        if line and after and line[-1].endswith("\u2010"):
            head = re.sub(r"^\W+", "", line[-1][:-1])
            tail = re.sub(r"[\W\d]+$", "", after[0])
            found.append((head + tail, len(head)))
    return found


def test_a_passage_in_another_language_is_hyphenated_and_quoted_in_it(marks):
    """The box's English (marked, and detected) breaks where English breaks, not
    where Dutch does (`standar-dization` was its line end); German passages, a
    block and a few words (pandoc's bracketed span), take German quotation marks in
    both the PDF and the EPUB."""
    import pyphen

    from pamphletpress.compose.hyphenation import dictionary_for

    english = {w.strip(".,:;\"'").replace("'", "’") for w in ENGLISH.split()}
    patterns = pyphen.Pyphen(lang=dictionary_for("en"))
    broken = [(w, at) for w, at in _hyphenated_words(marks["pdf"]) if w in english]
    assert len(broken) >= 2, _hyphenated_words(marks["pdf"])
    illegal = [(w, at) for w, at in broken if at not in patterns.positions(w)]
    assert illegal == []
    text = pdf_text(marks["pdf"]).replace("\u00ad", "")
    with zipfile.ZipFile(marks["epub"]) as book:
        page = book.read("EPUB/text/proef.xhtml").decode()
    for words in ("„guten Morgen“", "„guten Tag“"):
        assert words in text and words in page
    assert "“gewoon”" in text and "“extraordinary”" in text  # Dutch, and English
    assert '<span lang="de" xml:lang="de">er sagte „guten Tag“ zu mir</span>' in page


AMERICAN_AND_BRITISH = """---
title: Dashes
lang: {lang}
---

People keep using Rust[^1]--and not just for speed. "We have a library -- effectively
an embedded database -- that we deploy," said one. "It is fast." -- Backend engineer.
Pages 5--7 and the years 1987--1999 are ranges; one---two is the writer's em dash.

[^1]: A note.
"""


@pytest.mark.parametrize(
    ("lang", "dashes"),
    [
        ("en", ["Rust 1—and", "library — effectively", "database — that", "fast.” — Backend"]),
        ("en-GB", ["Rust 1 – and", "library – effectively", "database – that", "fast.” – Backend"]),
    ],
)
def test_english_dashes_by_variant(tmp_path, lang, dashes):
    """The writer's ``--`` between words: American English's em dash, closed (or
    spaced as typed), British English's spaced en dash; a range between numbers
    stays an en dash, ``---`` an em dash. rust-love printed ``Rust¹–and``."""
    from pamphletpress.check.pdftext import pdf_lines

    project = make_project(tmp_path, AMERICAN_AND_BRITISH.format(lang=lang), "dashes.md")
    result = run_cli("pdf", "-o", "output/dashes.pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    text = " ".join(pdf_lines(project / "output" / "dashes.pdf")).replace("\u00a0", " ")
    for dash in dashes:
        assert dash in text, (dash, text)
    assert "5–7" in text and "1987–1999" in text and "one—two" in text


HOSTS = """---
title: Adressen
lang: nl
---

Er zijn een paar voorbeelden van bestuursmodellen die u kunt lezen:

* [Sjabloon voor het bestuur van alle](http://open-wacht.ac.uk/bronnen/eenbestuursmodelmeteenlangepadnaam)
* [Een sjabloon voor het bestuur van](https://boek-over-talen.example.org/het-boek/)
* [BDFL-sjabloonmodel](http://vrij-wacht.ac.uk/bronnen/welwillenddictatoriaalbestuursmodel)
* [Het model voor de stichting](http://stichting-wacht.ac.uk/bronnen/stichtingsbestuursmodelvoorprojecten)

De stichting houdt haar stukken bij op [de website van de
stichting](https://stichting-voor-open-bronnen.example.org/stukken/jaarverslag) en elders.
"""


def test_a_host_name_breaks_only_before_its_dots(tmp_path):
    """A host name's labels stay whole: osg-nl-leadership p3 printed ``(oss`` over
    ``-watch.ac.uk/…``, which reads as a hyphenated word; the address breaks before
    a dot of its host or after a slash, and its lines stay in the column. No piece
    of it stands alone on a line under half the column (``.ac.uk/bronnen/`` between
    ``(vrij-wacht`` and the path's last part): the address starts a line of its own."""
    from tests.pagefaults import address_scraps
    from tests.typesetting import broken_host_names

    project = make_project(tmp_path, HOSTS, "adressen.md")
    result = run_cli("pdf", "-o", "output/adressen.pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    pdf = project / "output" / "adressen.pdf"
    assert broken_host_names(pdf, HOSTS) == []
    assert hyphenated_addresses(pdf) == []
    assert address_scraps(pdf) == []
    text = pdf_text(pdf)
    for host in ("open-wacht.ac", "boek-over-talen", "stichting-voor-open-bronnen"):
        assert host in text, host


SHORT = """---
title: Korte regels
lang: nl
---

De gemeente publiceert haar besluiten in een register dat iedereen kan lezen, en de
raad bespreekt ze elke maand in een openbare vergadering waar inwoners mogen spreken.
Wie het register doorzoekt, vindt de besluiten op hun datum, met de stukken erbij.

Gemeente Voorbeeldstad
Afdeling Burgerzaken
Postbus 12345

> Een korte uitspraak.

> Nog een korte uitspraak.

* appels
* peren

appel
: een rode vrucht

De configuratie staat in `gemeentelijke_besluitenregister_configuratie_instellingen_v2` en
wordt bij elke start gelezen, zodat een wijziging meteen in het register te zien is.
""".replace("Voorbeeldstad\\n", "Voorbeeldstad  \\n").replace("Burgerzaken\\n", "Burgerzaken  \\n")


def test_no_short_line_inside_justified_text(tmp_path):
    """Issue 24's short lines: no line of a justified paragraph ends well short of the
    column with the paragraph going on under it; the lines before a hard break,
    a quotation's, a list item's and a definition's last lines are no such line.
    Inline code too wide for a line breaks after its underscores (it ran out of the
    column and off the page, the line before it stretched)."""
    from pamphletpress.check import pdfread
    from pamphletpress.check.typometrics import column_edges
    from tests.typesetting import short_lines

    project = make_project(tmp_path, SHORT, "kort.md")
    result = run_cli("pdf", "-o", "output/kort.pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    pdf = project / "output" / "kort.pdf"
    assert short_lines(pdf, SHORT) == []
    lines = pdfread.read(pdf).column_lines(9.5)
    last = next(line for line in lines if "zodat" in line.text)  # the code's column
    edge = column_edges(lines)[(last.page, last.column)]
    letters = [c for c in pdfread.read(pdf).pages[0].chars if c["text"].isalnum()]
    assert max(c["x1"] for c in letters) <= edge + 1  # marks may hang out
    printed = pdf_text(pdf)
    assert "gemeentelijke_besluitenregister_configuratie_instellingen_v2" in printed.replace(
        "\n", ""
    ).replace(" ", "")
    expected = source_words(SHORT)
    assert missing_words(expected, printed) == []


#: Words before an address or code that cannot follow them on their line (issue 24:
#: bzk p3, don-apiregister p2, don-haven p4 left such a line a quarter or more short).
BEFORE_ADDRESSES = """---
title: Bronnen
lang: nl
---

Wie meer wil weten over de besluiten van de raad, vindt hier de stukken bij elkaar.

* [Ombudsinstelling, Jaarverslag klachtbehandeling (JKB), najaar 2023, deel 3](https://www.gemeentelijkeombudsinstellingen.nl/stukken/jaarverslag-klachtbehandeling-najaar-2023)

1. Via de dienst staat er meer informatie over deze instelling klaar, zoals
   `officieleNaamVoluit` of `roepnaam`. Zo kunnen we gewoon "Belastingkantoor"
   tonen.
1. Via de registerdienst staat er meer informatie over de instelling klaar, zoals
   `officieleNaamVoluit` of `roepnaam`. Zo kunnen we gewoon "Belastingkantoor"
   tonen.
1. Via de dienst staat er meer informatie over deze instelling klaar voor u, zoals
   `officieleNaamVoluit` of `roepnaam`. Zo kunnen we gewoon "Belastingkantoor"
   tonen.
1. Zo kunnen we gewoon "Belastingkantoor" tonen in plaats van "Directoraat-generaal
   Belastingkantoor". Het bronbestand bij de API:
   https://api.register.voorbeeld.nl/v2/overheidsinstellingen/https%3A%2F%2Fid.voorbeeld.nl%2Fdienst%2Finst%2Finst4711.
"""


def test_no_line_gapes_before_an_address_or_code(tmp_path):
    """A line of words is not left a quarter short before an address or inline code
    that cannot follow it: the breaker moves words (or the address's first part)
    so that every line but a block's last is three quarters full, and the three
    address rules still hold (host labels whole, no scrap of an address alone)."""
    from tests.pagefaults import address_scraps, unmarked_breaks
    from tests.typesetting import broken_host_names, short_lines

    project = make_project(tmp_path, BEFORE_ADDRESSES, "bronnen.md")
    result = run_cli("pdf", "-o", "output/bronnen.pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    pdf = project / "output" / "bronnen.pdf"
    assert short_lines(pdf, BEFORE_ADDRESSES) == []
    assert broken_host_names(pdf, BEFORE_ADDRESSES) == []
    assert address_scraps(pdf) == []
    assert unmarked_breaks(pdf, BEFORE_ADDRESSES) == []
    assert hyphenated_addresses(pdf) == []
    assert missing_words(source_words(BEFORE_ADDRESSES), pdf_text(pdf)) == []
