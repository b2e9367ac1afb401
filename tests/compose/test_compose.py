"""The paragraph composer: font metrics against WeasyPrint, paragraphs rewritten
as lines, the fallbacks, and the article set both ways."""

from __future__ import annotations

import copy
import re
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from pamphletpress.check.typometrics import measure_pdf
from pamphletpress.compose import FontSet, Setup, compose_paragraph, line_css, load_font
from pamphletpress.compose.compounds import CompoundGuesser, compound_guesser
from pamphletpress.compose.hyphenation import Hyphenator

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "fonts"
MM = 72 / 25.4
COLUMN = 70 * MM  # print.css: (210 mm - 2 × 32.5 mm - 5 mm) / 2
BODY = 9.5

TEXT = (
    "De reactie van de arbeidersklasse en jongeren over de hele wereld, die wordt "
    "gekenmerkt door enorme woede, solidariteit en angst, heeft zich alleen maar verdiept "
    "in reactie op deze verharding van de oorlogsvoering. Dit begint zich reeds te "
    "vertalen in een nieuwe massale internationale beweging, in dit stadium vooral in "
    "Europa. Dit is het proces waar socialisten deel van uitmaken en dat zij proberen op "
    "te bouwen, met een duidelijk onafhankelijk klassenstandpunt."
)


def css() -> str:
    faces = "".join(
        f"@font-face {{ font-family: 'Charis SIL'; src: url({(FONTS / file).as_uri()});"
        f" font-weight: {weight}; font-style: {style}; }}"
        for file, weight, style in [
            ("CharisSIL-Regular.ttf", 400, "normal"),
            ("CharisSIL-Italic.ttf", 400, "italic"),
            ("CharisSIL-Bold.ttf", 700, "normal"),
            ("CharisSIL-BoldItalic.ttf", 700, "italic"),
        ]
    )
    faces += f"@font-face {{ font-family: Inter; src: url({(FONTS / 'Inter-Bold.otf').as_uri()});"
    faces += " font-weight: 700; }"
    return (
        faces
        + f"""
        @page {{ size: A4; margin: 20mm 15mm; }}
        html {{ font: {BODY}pt/12.5pt 'Charis SIL'; font-variant-ligatures: no-common-ligatures; }}
        .columns {{ columns: 2; column-gap: 5mm; width: {2 * COLUMN + 5 * MM}pt;
                    text-align: justify; hyphens: manual; }}
        .columns p {{ margin: 0; text-indent: {BODY}pt; }}
        .endmark {{ font-family: Inter; font-weight: 700; }}
        """
        + LINE_CSS
    )


LINE_CSS = line_css(Path(__file__).resolve().parents[2] / "styles" / "print.css")


def setup(width: float = COLUMN, **options) -> Setup:
    options.setdefault("compounds", CompoundGuesser(None))  # the same with or without wdutch
    options.setdefault("insets", {"list": 1.2 * BODY})
    return Setup(
        fonts=FontSet.charis(FONTS),
        size=BODY,
        width=width,
        indent=BODY,
        hyphenator=Hyphenator("nl", ["Oe-kra-ï-ne"]),
        **options,
    )


def paragraph(html: str) -> etree._Element:
    return etree.fromstring(f"<p>{html}</p>")


def lines_of(p: etree._Element) -> list[str]:
    return ["".join(span.itertext()) for span in p.iterfind("span[@class]")]


def joined(lines: list[str]) -> str:
    text = ""
    for line in lines:
        text = text[:-1] + line if text.endswith(("-", "\u2010")) else f"{text} {line}".strip()
    return text


def render(tmp_path: Path, body: str) -> Path:
    import weasyprint

    path = tmp_path / "composed.pdf"
    html = f"<html lang=nl><style>{css()}</style><body>{body}</body></html>"
    weasyprint.HTML(string=html).write_pdf(path)
    return path


# ── Metrics ──────────────────────────────────────────────────────────────


def test_widths_agree_with_weasyprint(tmp_path):
    """HarfBuzz's prefix widths against the glyph positions WeasyPrint writes."""
    import pdfplumber

    lines = [
        "Tien dagen na de start van de bloedige oorlog van het Russische",
        "imperialisme tegen Oekraïne zijn er al duizenden doden. Te midden",
        "oorlogsscenario’s, schatte Reuters op 4 maart het dodental op 10.000.",
        "Waffel treffen fijn AVATAR Type “Wij” – zeeën officieel",
    ]
    body = "".join(f"<div style='white-space: nowrap'>{line}</div>" for line in lines)
    path = render(tmp_path, body)
    font = load_font(FONTS / "CharisSIL-Regular.ttf", ligatures=False)
    with pdfplumber.open(path) as pdf:
        chars = pdf.pages[0].chars
    rows: dict[float, list[dict]] = {}
    for char in chars:
        rows.setdefault(round(char["top"], 1), []).append(char)
    worst = 0.0
    for line, (_, row) in zip(lines, sorted(rows.items())):
        row.sort(key=lambda c: c["x0"])
        assert "".join(c["text"] for c in row) == line
        advances = font.prefix_advances(line)
        for index, char in enumerate(row):
            worst = max(worst, abs(char["x0"] - row[0]["x0"] - advances[index] * BODY))
        assert row[-1]["x1"] - row[0]["x0"] == pytest.approx(font.width(line, BODY), abs=0.05)
    assert worst < 0.05  # measured: 0.04 pt


def test_metrics_cover():
    charis = load_font(FONTS / "CharisSIL-Regular.ttf")
    inter = load_font(FONTS / "Inter-Bold.otf")
    assert charis.covers("Oekraïne zeeën – “ja”")
    assert not charis.covers("■")
    assert inter.covers("■")


# ── Paragraphs ───────────────────────────────────────────────────────────


def test_lines_keep_the_text():
    p = paragraph(
        TEXT.replace("reactie", "re\u00adac\u00adtie")
    )  # soft hyphens, as the writers put them
    assert compose_paragraph(p, setup(), indent=True)
    lines = lines_of(p)
    assert len(lines) >= 5
    assert joined(lines) == TEXT
    spans = p.findall("span")
    assert spans[0].get("class") == "line first"
    assert spans[-1].get("class") == "line last"
    assert "text-indent: 9.5pt" in spans[0].get("style")
    assert all("word-spacing" in s.get("style", "") for s in spans[:-1])
    assert p.text is None and "\u00ad" not in "".join(p.itertext())


def test_inline_elements_split_at_line_ends():
    words = "een lange cursieve passage die zeker over het einde van de regel heen loopt"
    p = paragraph(
        f'Hier begint <em id="nadruk" title="t">{words}</em> en <a href="#x">hier</a> eindigt het.'
    )
    assert compose_paragraph(p, setup(width=120), indent=False)
    ems = p.findall(".//em")
    assert len(ems) >= 2
    assert [e.get("title") for e in ems] == ["t"] * len(ems)
    assert [e.get("id") for e in ems] == ["nadruk"] + [None] * (len(ems) - 1)
    assert all(e.getparent().get("class", "").startswith("line") for e in ems)
    assert joined(["".join(e.itertext()) for e in ems]) == words
    assert p.find(".//a").get("href") == "#x"


def test_trema_dropped_at_a_break():
    font = load_font(FONTS / "CharisSIL-Regular.ttf", ligatures=False)
    width = font.width("Zij was echt ge\u2010", BODY) + 0.5
    p = paragraph("Zij was echt geïnteresseerd")
    assert compose_paragraph(p, setup(width=width), indent=False)
    assert lines_of(p) == ["Zij was echt ge\u2010", "interesseerd"]
    width = font.width("in Oekra\u2010", BODY) + 0.5
    p = paragraph("in Oekraïne")
    assert compose_paragraph(p, setup(width=width), indent=False)
    assert lines_of(p) == ["in Oekra\u2010", "ine"]


def test_explicit_hyphen_is_a_break_without_an_added_hyphen():
    font = load_font(FONTS / "CharisSIL-Regular.ttf", ligatures=False)
    width = font.width("door het VS-", BODY) + 1
    p = paragraph("door het VS-imperialisme")
    assert compose_paragraph(p, setup(width=width), indent=False)
    assert lines_of(p) == ["door het VS-", "imperialisme"]


def test_end_mark_never_starts_a_line():
    for width in range(100, 200, 3):
        p = paragraph('Sluit bij ons aan, kameraden, vandaag! <span class="endmark">■</span>')
        assert compose_paragraph(p, setup(width=width), indent=False)
        lines = lines_of(p)
        assert not any(line.startswith("■") for line in lines), lines
        assert p.find(".//span[@class='endmark']").text == "■"


@pytest.mark.parametrize(
    "html",
    [
        "<br/>Een lege eerste regel",
        'Een plaatje <img src="x.png"/> hier',
        "Een <q>citaat</q> hier",
        "Water is H<sub>2<em>x</em></sub>O",
        'Een <span class="kader">opvallend</span> woord',
        'Een <em style="color: red">rode</em> tekst',
        "Een Chinees teken 漢 hier",
        "Een einde ■ zonder span",
        '<span class="footnote">a note with no call number</span>',
    ],
)
def test_falls_back_untouched(html):
    p = paragraph(html)
    before = etree.tostring(p)
    s = setup()
    assert not compose_paragraph(p, s)
    assert etree.tostring(p) == before
    assert len(s.report.fallbacks) == 1


def test_hard_break_ends_a_line_flush_left():
    """A ``<br>`` ends its line where it stands: that line flush left at its natural
    spacing (no word or letter spacing), the text around it kept."""
    p = paragraph("Gemeente Voorbeeldstad <br/>\nAfdeling Archief<br/>" + TEXT)
    assert compose_paragraph(p, setup(), False)
    spans = p.findall("span")
    assert lines_of(p)[:2] == ["Gemeente Voorbeeldstad", "Afdeling Archief"]
    for span in spans[:2]:
        assert "ragged" in span.get("class").split() and span.get("style") is None
    assert joined(lines_of(p)[2:]) == TEXT
    assert any("ragged" not in s.get("class") for s in spans[2:-1])  # the rest justified


ADDRESS = (  # as write/printed_addresses.py marks it: before a dot, after a slash
    "<a>voorbeeld<wbr/>.overheid<wbr/>.nl/<wbr/>v1/<wbr/>organisaties/<wbr/>"
    "https<wbr/>%3A<wbr/>%2F<wbr/>%2Fregister<wbr/>.voorbeeld<wbr/>.nl<wbr/>%2Fid<wbr/>"
    "%2Forg<wbr/>%2Forg12345</a>."
)


@pytest.mark.parametrize(
    "text",
    [
        "Het register beschrijft elke organisatie met haar naam, haar afkorting en haar "
        "onderdelen, en wie de gegevens bijhoudt. Het adres: ",
        "Daarom kunnen we gewoon de korte naam tonen in plaats van de volledige officiële "
        "benaming van de organisatie. Zie ",
    ],
)
def test_an_unbreakable_address_leaves_one_line_short_never_a_hyphenated_one(text):
    """An address broken only at its slashes and dots cannot fill its lines: the
    lines before it stay justified and whole-worded where they can; only a line
    of the address itself (no word space in it) is set flush left, and never a
    line ending in a hyphen (it read as ``• BDFL-`` alone on a line)."""
    p = paragraph(text + ADDRESS)
    assert compose_paragraph(p, setup(), False, "list")
    spans = p.findall("span")
    short = [s for s in spans if "ragged" in s.get("class").split()]
    assert not [s for s in short if "hyphenated" in s.get("class").split()]
    assert all(" " not in "".join(s.itertext()) for s in short), lines_of(p)


#: An address whose last part fills most of a line: broken after ``verslagen/`` it
#: leaves that line short, which was set flush left with the words before it
#: (``gadering staat op voorbeeld.org/verslagen/``).
OWN_LINE = (
    "Wie het volledige verslag van de vergadering wil lezen, kan dat doen zonder zich aan "
    "te melden. Het volledige verslag van de vergadering staat op "
    "voorbeeld.org/verslagen/gemeenteraadsvergadering en kan door iedereen worden gelezen."
)


def test_an_address_that_cannot_break_well_leaves_no_line_gaping():
    """Issue 22 set such an address on a line of its own, the line before it justified;
    issue 24: that line, ``voorbeeld.org/verslagen/`` alone, left half the measure
    empty in the paragraph's middle. Now no line but the last leaves more than a
    quarter of the column empty (the breaker moves words to let the address start
    after them), and the address breaks only after its slash."""
    p = paragraph(OWN_LINE)
    assert compose_paragraph(p, setup(), False)
    lines = lines_of(p)
    regular = load_font(FONTS / "CharisSIL-Regular.ttf", ligatures=False)
    assert [line for line in lines[:-1] if regular.width(line, BODY) < 0.75 * COLUMN] == []
    start = next(n for n, line in enumerate(lines) if "voorbeeld.org" in line)
    assert lines[start].endswith(" voorbeeld.org/verslagen/"), lines
    assert lines[start + 1].startswith("gemeenteraadsvergadering "), lines
    assert joined(lines).replace("/ ", "/") == OWN_LINE


def test_plus_names_keep_their_letters_together(tmp_path):
    """C++ and Haven+ in a letter-spaced line keep their natural spacing: the
    signs read as part of the name, not as ``C + +``."""
    import pdfplumber

    p = paragraph(
        "Wie in C++ programmeert of met Haven+ werkt, krijgt een A+ van de beoordelaars "
        "die weten hoe het hoort en nog veel meer woorden nodig hebben om te vullen."
    )
    assert compose_paragraph(p, setup(), False)
    assert "letter-spacing" in p[0].get("style")
    pdf = render(tmp_path, f"<div class='columns'>{etree.tostring(p, encoding='unicode')}</div>")
    chars = pdfplumber.open(pdf).pages[0].chars
    regular = load_font(FONTS / "CharisSIL-Regular.ttf", ligatures=False)
    for name in ("C++", "Haven+"):
        start = next(
            i
            for i in range(len(chars))
            if "".join(c["text"] for c in chars[i : i + len(name)]) == name
        )
        glyphs = chars[start : start + len(name)]
        printed = glyphs[-1]["x1"] - glyphs[0]["x0"]
        assert printed == pytest.approx(regular.width(name, BODY), abs=0.05), name


def test_objects_code_and_url_breaks(tmp_path):
    """Footnotes (their calls), superscripts and code are set in the line; a URL
    breaks after ``/`` where a ``<wbr>`` stands, with no hyphen added."""
    html = (
        'Water is H<sub>2</sub>O, zegt de noot<span class="footnote" data-call="1">De '
        "<em>noot</em> zelf.</span> en de <code>git commit</code> opdracht staat op "
        "<a>example.org/<wbr/>een/<wbr/>heel/<wbr/>lange/<wbr/>padnaam/<wbr/>met/<wbr/>"
        "veel/<wbr/>delen</a> te lezen."
    )
    p = paragraph(html)
    assert compose_paragraph(p, setup(width=120), indent=False)
    assert len(p.findall(".//span[@class='footnote']")) == 1
    assert "".join(p.find(".//span[@class='footnote']").itertext()) == "De noot zelf."
    assert p.find(".//sub").text == "2" and p.find(".//code") is not None
    lines = lines_of(p)
    url_lines = [line for line in lines if "padnaam" in line or "lange/" in line]
    assert url_lines and all(not line.endswith("\u2010") for line in url_lines)
    assert any(line.endswith("/") for line in lines), lines
    text = joined(lines).replace("De noot zelf.", "")
    assert "example.org/een/heel/lange/padnaam/met/veel/delen" in text.replace(" ", "")
    render(tmp_path, f'<div class="columns">{etree.tostring(p, encoding="unicode")}</div>')


def test_inset_narrows_the_measure():
    wide, narrow = paragraph(TEXT), paragraph(TEXT)
    assert compose_paragraph(wide, setup(), indent=False)
    assert compose_paragraph(narrow, setup(insets={"list": 40.0}), indent=False, inset="list")
    assert len(lines_of(narrow)) > len(lines_of(wide))
    unknown = paragraph(TEXT)
    assert not compose_paragraph(unknown, setup(), indent=False, inset="quote")


def test_word_wider_than_the_column_falls_back():
    p = paragraph("Een Donaudampfschiffahrtsgesellschaftskapitänswitwe hier")
    s = setup(width=60)
    assert not compose_paragraph(p, s)
    assert "wider than the column" in s.report.fallbacks[0]


def test_indent_follows_print_css():
    root = etree.fromstring("<div><h2>Kop</h2><p>Eerste alinea.</p><p>Tweede alinea.</p></div>")
    s = setup()
    for p in root.iter("p"):
        assert compose_paragraph(p, s)
    first, second = root.findall("p")
    assert "text-indent" not in (first[0].get("style") or "")
    assert "text-indent: 9.5pt" in second[0].get("style")


def test_compound_boundaries_from_a_word_list(tmp_path):
    words = tmp_path / "words"
    words.write_text("oorlog\nscenario\nscenario's\narbeiders\nklasse\nkern\ncentrale\n")
    guesser = compound_guesser("nl", words)
    assert guesser.uses_word_list
    assert guesser.is_boundary("kerncentrale", 4)
    assert guesser.is_boundary("oorlogsscenario", 7)  # linking s
    assert not guesser.is_boundary("oorlogsscenario", 3)
    fallback = compound_guesser("nl", tmp_path / "missing")
    assert not fallback.uses_word_list
    assert fallback.is_boundary("arbeidersklasse", 9)
    assert not fallback.is_boundary("kapitalistische", 9)  # -lis-: a vowel before the s
    assert not compound_guesser("en", tmp_path / "missing").is_boundary("arbeidersklasse", 9)


# ── Rendered by WeasyPrint ───────────────────────────────────────────────


def test_rendered_lines_are_flush_and_as_planned(tmp_path):
    s = setup()
    body, planned, justified = [], [], set()
    for number, text in enumerate([TEXT, TEXT.replace("De reactie", "Het antwoord")] * 3):
        p = paragraph(text.replace("woede", "<em>woede</em>"))
        assert compose_paragraph(p, s, indent=number > 0)
        planned += lines_of(p)
        justified |= set(lines_of(p)[:-1])
        body.append(etree.tostring(p, encoding="unicode", method="html"))
    path = render(tmp_path, f"<div class='columns'>{''.join(body)}</div>")
    figures = measure_pdf(path, BODY)
    assert [line.text for line in figures.lines] == [" ".join(x.split()) for x in planned]
    assert figures.overruns == 0
    left = min(line.x0 for line in figures.lines if line.column == 0)
    for line in figures.lines:
        if line.text in justified:
            edge = left + COLUMN + line.column * (COLUMN + 5 * MM)
            assert abs(line.x1 - edge) < 0.3, line.text


def test_negative_word_spacing_renders(tmp_path):
    """A line tighter than its natural width: WeasyPrint takes negative spacing."""
    font = load_font(FONTS / "CharisSIL-Regular.ttf", ligatures=False)
    text = "Tien dagen na de start van de bloedige oorlog"
    natural = font.width(text, BODY)
    body = (
        f"<div style='width: {natural - 3}pt'><span class='line' "
        f"style='word-spacing: -0.4pt'>{text}</span><span class='line last'>x</span></div>"
    )
    path = render(tmp_path, body)
    line = measure_pdf(path, BODY).lines[0]
    assert line.x1 - line.x0 == pytest.approx(natural - 3, abs=0.1)


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    """The real article, through the print HTML, set both ways."""
    import weasyprint

    from pamphletpress.build import Job
    from pamphletpress.write.print_html import PrintOptions, print_html

    manuscript = ROOT / "manuscript"
    if not (manuscript / "oorlog.md").is_file():
        pytest.skip("the article's manuscript is not there")
    job = Job.load(manuscript)
    stylesheets = [(ROOT / "styles" / "print.css").as_uri()]
    out = tmp_path_factory.mktemp("article")
    setups: list[Setup] = []

    def composer_for(article, hyphenator):
        s = Setup(
            fonts=FontSet.charis(FONTS),
            size=BODY,
            width=COLUMN,
            indent=BODY,
            hyphenator=hyphenator,
            compounds=compound_guesser(article.meta.lang),
        )
        setups.append(s)

        def compose(p, inset=None, indent=None, rule=None, setting=None):
            if setting is not None:  # the box and the notes: not the column's measure
                return False
            return compose_paragraph(p, s, indent, inset, rule)

        return compose

    results = {}
    for name, composer in (("greedy", None), ("composed", composer_for)):
        html = print_html(
            job.document, PrintOptions(stylesheets=stylesheets), composer_for=composer
        )
        html = html.replace("</head>", f"<style>{LINE_CSS}</style></head>", 1)
        path = out / f"{name}.pdf"
        weasyprint.HTML(string=html, base_url=ROOT.as_uri() + "/").write_pdf(path)
        results[name] = measure_pdf(path, BODY)
        results[name + "-html"] = html
    results["setup"] = setups[0]
    return results


def test_article_meets_the_goals(article):
    figures = article["composed"]
    print("composed", figures.as_dict())
    print("greedy  ", article["greedy"].as_dict())
    assert article["setup"].report.fallbacks == []
    assert figures.hyphenated_share <= 0.20
    assert figures.longest_hyphen_run <= 2
    assert figures.widest_space_em <= 0.60
    assert figures.loose_share <= 0.03
    assert figures.overruns == 0
    assert figures.trema_starts == 0
    greedy = article["greedy"]
    assert figures.hyphenated_share < greedy.hyphenated_share
    assert figures.widest_space_em < greedy.widest_space_em


def test_article_keeps_every_word(article):
    """The same letters in the same order (a dropped trema aside)."""

    def letters(html: str) -> str:
        body = re.sub(r"<[^>]+>", "", html.split("<body", 1)[1])
        plain = unicodedata.normalize("NFD", body)
        return "".join(c for c in plain if c.isalpha())

    assert letters(article["composed-html"]) == letters(article["greedy-html"])


def test_article_paragraphs_composed(article):
    # Its cost is measured by benchmarks/run.py (a timed test fails on a busy machine).
    assert article["setup"].report.composed >= 30


def test_setup_is_reusable():
    s = setup()
    first = paragraph(TEXT)
    second = copy.deepcopy(first)
    assert compose_paragraph(first, s) and compose_paragraph(second, s)
    assert lines_of(first) == lines_of(second)
    assert s.report.composed == 2


def test_the_print_stylesheet_carries_the_line_rules():
    assert ".line.hyphenated" in LINE_CSS and ".line.last" in LINE_CSS
    for declaration in ("display: block", "white-space: nowrap", "text-align-last: justify"):
        assert declaration in LINE_CSS


# ── Ragged right (the box) ───────────────────────────────────────────────


def ragged_setup(width: float = COLUMN) -> Setup:
    from pamphletpress.compose.setup import RAGGED_PARAMS, RAGGED_PENALTIES

    return setup(width, ragged=True, penalties=RAGGED_PENALTIES, params=RAGGED_PARAMS)


def test_ragged_lines_keep_natural_spacing_within_the_measure():
    """Ragged right: no line spaced out or in, none past the measure (less the
    safety hair), the measure used (the longest line near it), never two
    hyphens in a row; the justified setting of the same text does space its lines."""
    s = ragged_setup()
    p = paragraph(TEXT)
    assert compose_paragraph(p, s, indent=False)
    spans = p.findall("span")
    assert len(spans) > 4
    assert all(span.get("style") is None for span in spans)
    assert ["ragged" in span.get("class") for span in spans] == [True] * (len(spans) - 1) + [False]
    regular = s.fonts.get("regular")
    widths = [regular.width(line, BODY) for line in lines_of(p)]
    assert max(widths) <= COLUMN - s.safety + 0.01
    assert max(widths) > COLUMN - 3 * BODY
    hyphens = [line.endswith("\u2010") for line in lines_of(p)]
    assert not any(a and b for a, b in zip(hyphens, hyphens[1:]))
    assert joined(lines_of(p)) == TEXT
    justified = paragraph(TEXT)
    assert compose_paragraph(justified, setup(), indent=False)
    assert any(span.get("style") for span in justified.findall("span"))


def test_ragged_right_prefers_a_short_line_to_a_hyphen():
    """A line a word short is no fault in ragged text: where justified setting
    hyphenates to fill the line, ragged setting does not have to."""
    text = " ".join([TEXT] * 2)
    justified, ragged = paragraph(text), paragraph(text)
    assert compose_paragraph(justified, setup(), indent=False)
    assert compose_paragraph(ragged, ragged_setup(), indent=False)

    def hyphenated(p: etree._Element) -> int:
        return sum(line.endswith("\u2010") for line in lines_of(p))

    assert hyphenated(ragged) < hyphenated(justified)


def test_a_line_ending_in_the_words_own_hyphen_never_ends_a_column():
    """print.css keeps a ``hyphenated`` line from ending a column: a break after a
    hyphen in the word (Noord-|Atlantische) is one too."""
    width = FontSet.charis(FONTS).get("regular").width("Het verdrag van de Noord-", BODY) + 1
    p = paragraph("Het verdrag van de Noord-Atlantische alliantie.")
    assert compose_paragraph(p, setup(width), indent=False)
    assert lines_of(p)[0] == "Het verdrag van de Noord-"
    assert "hyphenated" in p[0].get("class").split()
    assert "hyphenated" not in p[-1].get("class").split()


def test_a_span_in_another_language_breaks_by_its_patterns():
    """`<span lang="en">` in a Dutch paragraph: its words break where English does
    (they were kept whole); the Dutch around it where Dutch does."""
    import pyphen

    from pamphletpress.compose.hyphenation import dictionary_for

    english = (
        "standardization professionalization characterization internationalization "
        "decentralization representatives vulnerabilities"
    )
    p = paragraph(f'De commissie sprak over <span lang="en">{english} {english}</span> en zo.')
    assert compose_paragraph(p, setup(width=90), indent=False)
    lines = lines_of(p)
    patterns = pyphen.Pyphen(lang=dictionary_for("en"))
    breaks = [
        (line.split()[-1][:-1], after.split()[0].rstrip("."))
        for line, after in zip(lines, lines[1:])
        if line.endswith("\u2010")
    ]
    inside = [(head, tail) for head, tail in breaks if head + tail in english.split()]
    assert len(inside) >= 3, lines
    assert all(len(head) in patterns.positions(head + tail) for head, tail in inside), inside


def test_a_line_broken_in_an_address_is_not_stretched():
    """A line that ends inside an address (pandoc's ``With an ampersand:
    example.com/?foo=1`` before ``&bar=2``) whose letters, spaced to their limit,
    still leave gaps past the widest a line should open is set flush left at its
    natural spacing, as before a hard break: a reader sees the break anyway, and a
    loose line would be the paragraph's only one. Lines that justify well stay so."""
    p = paragraph("With an ampersand: <a>example.com/?foo=1&amp;bar=2</a>")
    assert compose_paragraph(p, setup(), False)
    spans = p.findall("span")
    assert lines_of(p) == ["With an ampersand: example.com/?foo=1", "&bar=2"]
    assert "ragged" in spans[0].get("class").split() and spans[0].get("style") is None
    p = paragraph("With an ampersand and a few more words: <a>example.com/?foo=1&amp;bar=2</a>")
    assert compose_paragraph(p, setup(), False)
    assert "ragged" not in p.findall("span")[0].get("class").split(), lines_of(p)


#: Slashes between single letters, short words and long ones.
BRACKETED = (
    "Populaire voorbeelden van projecten die zo werken, zijn onder meer Node.js "
    "(foundation.nodejs.org) en Rust (rust-lang.org). Op niveau (A/B/C) sta je dan bij C, "
    "en wie en/of zegt, bedoelt beide; input/output mag wel na de schuine streep breken."
)


def test_letters_and_short_words_stay_with_their_slash():
    """``A/B/C`` and ``en/of`` never break after their slash (a letter alone at a
    line's end reads as a scrap: don-manager p2), ``input/output`` may."""
    ends = set()
    for step in range(24):
        p = paragraph(BRACKETED)
        assert compose_paragraph(p, setup(width=COLUMN * (0.55 + step * 0.02)), False)
        lines = lines_of(p)
        assert "".join(joined(lines).split()) == "".join(BRACKETED.split()), lines
        ends |= {(a.split()[-1], b.split()[0]) for a, b in zip(lines, lines[1:], strict=False)}
    broken = [end for end in ends if not end[0][-1].isalnum() and end[0][-1] not in ",.)"]
    assert [e for e in broken if e[0].endswith(("A/", "B/", "en/"))] == [], broken
