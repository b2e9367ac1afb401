"""The manuscript ``manuscript/oorlog.md`` holds every word of the source text, in order.

The source is the raw text extraction of the printed newspaper article
(``../shared/seed/000_79b63ea75d5ddcee.txt``), kept byte for byte in
``tests/data/seed.txt`` so that this test runs without ``../shared``.

The extraction's word sequence is rebuilt the way a copy editor reads it:

* a line ending in ``-`` followed by a line starting with a lowercase letter is a
  typesetter's break: the two halves are joined without the hyphen, unless the
  joined word is listed in ``KEPT_LINE_END_HYPHENS`` (a real hyphen that happened
  to fall at a line end);
* blank lines (paragraph, column and page ends) are only whitespace;
* the dingbat ``n`` after "Sluit bij ons aan!" is the end mark ``■``;
* the box title "wij zeggen" is "Wij zeggen";
* the byline paragraph ("door Danny Byrne ...") lives in the front matter.

Only PyYAML and the standard library are used: this test does not depend on the
package.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

TESTS = Path(__file__).resolve().parents[1]
SEED = TESTS / "data" / "seed.txt"
SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_79b63ea75d5ddcee.txt"
MANUSCRIPT = TESTS.parent / "manuscript" / "oorlog.md"

#: Words whose hyphen falls at a line end in the extraction and is a real hyphen
#: (kept), written as joined, hyphen and punctuation included ("EU-politici").
#: Every one of the 108 line-end hyphens of this extraction is a typesetter's
#: break: the real hyphens of the text (EU-politici, VS-imperialisme,
#: Tory-parlementslid, Koude-Oorlogsverhaal, the "anti-" of anti-regi-|me, the
#: elision "logs-" of anti-oor-|logs- en) all sit inside a line, so the set is empty.
KEPT_LINE_END_HYPHENS: frozenset[str] = frozenset()

#: The number of lines of the extraction that end in a hyphen (see the brief).
LINE_END_HYPHENS = 108

EXPECTED_HEADINGS = [
    "Een ‘voor en na’-moment in de wereldgeschiedenis",
    "Geen vertrouwen in de NAVO! Socialisten verzetten zich tegen Westerse militaire interventie",
    "Bouw aan onafhankelijke arbeidersverdediging en verzet tegen de invasie",
    "Het Russische regime in de beklaagdenbank. Steun de protesten, vecht voor een nieuwe "
    "Russische Revolutie",
    "Er is hoop. Bouw een internationale beweging van de werkende klasse tegen oorlog en "
    "imperialisme",
]

#: The only place where a hyphen is followed by a space and a lowercase word.
ELISIONS = {"anti-oorlogs- en"}

BOX_OPEN = "::: box Wij zeggen"
END_MARK = "■"


# --------------------------------------------------------------------------- helpers


def read_source() -> str:
    return SEED.read_text(encoding="utf-8")


def read_manuscript() -> str:
    return MANUSCRIPT.read_text(encoding="utf-8")


def split_byline(lines: list[str]) -> tuple[list[str], list[str]]:
    """The source's lines without the byline paragraph, and the byline's lines."""
    starts = [i for i, line in enumerate(lines) if line.strip().startswith("door Danny Byrne")]
    assert len(starts) == 1, "the source has exactly one byline paragraph"
    start = end = starts[0]
    while end < len(lines) and lines[end].strip():
        end += 1
    return lines[:start] + lines[end:], lines[start:end]


def join_lines(lines: list[str]) -> tuple[str, list[str]]:
    """The lines as one text, the typesetter's line-end breaks undone.

    Returns the text and the joined words whose line-end hyphen was kept."""
    text = ""
    kept: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue  # paragraph, column and page ends are only whitespace here
        if line == "wij zeggen":
            line = "Wij zeggen"
        if line.startswith("- "):
            line = line[2:].lstrip()  # a list item of the box
        if text.endswith("-") and line[0].islower():
            head = text.rsplit(None, 1)[-1]
            tail = line.split(None, 1)[0]
            if head + tail in KEPT_LINE_END_HYPHENS:
                kept.append(head + tail)
                text += line
            else:
                text = text[:-1] + line
        elif text.endswith("-") and line[0].isalpha():
            text += line  # before a capital the hyphen is always real (anti-Amerikaans)
        else:
            text = f"{text} {line}" if text else line
    return text, kept


def source_words() -> list[str]:
    lines, _ = split_byline(read_source().splitlines())
    text, _ = join_lines(lines)
    words = text.split()
    marks = [i for i in range(1, len(words)) if words[i] == "n" and words[i - 1] == "aan!"]
    assert len(marks) == 1, "the dingbat end mark 'n' after 'Sluit bij ons aan!'"
    words[marks[0]] = END_MARK
    return words


def source_byline_words() -> list[str]:
    _, byline = split_byline(read_source().splitlines())
    return " ".join(byline).split()


def split_front_matter(text: str) -> tuple[dict, str]:
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, "the manuscript starts with YAML front matter"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict)
    return meta, text[match.end() :]


def body() -> str:
    return split_front_matter(read_manuscript())[1]


def strip_markdown(text: str) -> str:
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped in ("::: lede", ":::"):
            continue
        if stripped.startswith("::: box"):
            out.append(stripped[len("::: box") :])
        elif stripped.startswith("## "):
            out.append(stripped[3:])
        elif stripped.startswith("- "):
            out.append(stripped[2:])
        else:
            out.append(line)
    return "\n".join(out)


def manuscript_words() -> list[str]:
    return strip_markdown(body()).split()


def blocks(text: str) -> list[str]:
    """The blank-line separated blocks of the body, whitespace normalised."""
    return [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip()]


def paragraphs() -> list[str]:
    """Text paragraphs of the body: the lede's and the ordinary ones, no headings or box."""
    result = []
    for block in blocks(body()):
        if block.startswith("## ") or block.startswith(BOX_OPEN):
            continue
        if block.startswith("::: lede"):
            block = block[len("::: lede") :].removesuffix(":::").strip()
        result.append(block)
    return result


def describe_mismatch(expected: list[str], actual: list[str]) -> str:
    first = next(
        (i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
        min(len(expected), len(actual)),
    )
    lo, hi = max(0, first - 12), first + 12
    diff = difflib.unified_diff(
        expected[lo:hi],
        actual[lo:hi],
        fromfile="source (seed)",
        tofile="manuscript",
        lineterm="",
        n=12,
    )
    return (
        f"word sequences differ at word {first} "
        f"(source {len(expected)} words, manuscript {len(actual)} words)\n"
        f"source:     …{' '.join(expected[lo:hi])}…\n"
        f"manuscript: …{' '.join(actual[lo:hi])}…\n" + "\n".join(diff)
    )


# --------------------------------------------------------------------------- tests


def test_seed_copy_is_the_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip("../shared is not available")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_source_has_the_expected_line_end_hyphens():
    lines = read_source().splitlines()
    assert sum(1 for line in lines if line.rstrip().endswith("-")) == LINE_END_HYPHENS
    _, kept = join_lines(split_byline(lines)[0])
    assert sorted(kept) == sorted(KEPT_LINE_END_HYPHENS), "every listed word occurs at a line end"


def test_every_word_of_the_source_in_order():
    expected, actual = source_words(), manuscript_words()
    assert expected == actual, describe_mismatch(expected, actual)


def test_characters_are_kept():
    text = read_manuscript()
    assert text == unicodedata.normalize("NFC", text)
    for char in "‘’“”–éëïö":
        assert char in text
    assert "'" not in body() and '"' not in body(), "no straight quotes in the body"


def test_intertitles():
    headings = re.findall(r"^## (.+)$", body(), re.M)
    assert headings == EXPECTED_HEADINGS
    assert not re.search(r"^#(?!# )", body(), re.M), "only level-2 headings in the body"


def test_lede():
    ledes = re.findall(r"^::: lede\n(.*?)\n:::$", body(), re.M | re.S)
    assert len(ledes) == 1
    lede = ledes[0]
    assert lede.startswith("Tien dagen na")
    assert lede.endswith("op 10.000.")
    assert "\n\n" not in lede, "the lede is one paragraph"
    assert body().lstrip().startswith("::: lede"), "the lede comes before the body"


def test_box_of_demands():
    match = re.search(r"^::: box Wij zeggen\n(.*?)\n:::$", body(), re.M | re.S)
    assert match, "a 'Wij zeggen' box"
    lines = [line for line in match.group(1).splitlines() if line.strip()]
    assert all(line.startswith("- ") for line in lines), "each demand on one line"
    assert len(lines) == 6
    assert lines[0].startswith("- Stop oorlog in Oekraïne!")
    assert "eigen toekomst te beslissen" in lines[0]
    assert "legale routes voor alle vluchtelingen" in lines[3]
    assert "anti-oorlogs- en anti-imperialistische" in lines[4]
    assert body().rstrip().endswith(":::"), "the box closes the manuscript"


def test_end_mark():
    text = read_manuscript()
    assert text.count(END_MARK) == 1
    before_box = body().split(BOX_OPEN)[0].rstrip()
    assert before_box.endswith("Sluit bij ons aan! ■")


def test_no_line_end_hyphens_left():
    for match in re.finditer(r"(\S+)-\s+(\S+)", body()):
        if not match.group(2)[0].islower():
            continue
        assert f"{match.group(1)}- {match.group(2)}" in ELISIONS, match.group(0)
    assert "anti-oorlogs- en anti-imperialistische" in body()


def test_no_stray_whitespace():
    for line in body().splitlines():
        assert line == line.strip(), repr(line)
        assert "  " not in line, repr(line)


def test_paragraphs_end_sentences():
    for para in paragraphs():
        assert para[-1] in ".!?”’■", f"paragraph ends mid-sentence: …{para[-60:]}"


def test_restored_and_joined_paragraphs():
    paras = paragraphs()

    def index(start: str) -> int:
        found = [i for i, p in enumerate(paras) if p.startswith(start)]
        assert len(found) == 1, start
        return found[0]

    # The break the extraction lost.
    i = index("Oorlog en de oorlogsindustrie zijn ook klimaatdoders.")
    assert paras[i - 1].endswith("waarvoor de arbeidersklasse uiteindelijk betaalt.")
    # A column end followed by a paragraph end.
    i = index("De gruwel van de oorlog komt bovenop de pandemie,")
    assert paras[i - 1].endswith("gewapende conflicten in de toekomst.")
    # Column and page ends inside sentences are not paragraph breaks.
    for joined in (
        "variëren in oorlogsscenario’s",
        "met name na de in diskrediet",
        "luider op de oorlogstrommels",
        "de lijkzakken van de Russische soldaten",
        "massabewegingen tegen de oorlog",
    ):
        assert any(joined in p for p in paras), joined


def test_front_matter():
    meta, _ = split_front_matter(read_manuscript())
    for key in (
        "title",
        "kicker",
        "author",
        "byline",
        "date",
        "lang",
        "publication",
        "issue",
        "description",
    ):
        assert meta.get(key), key
    assert meta["title"] == "Een oorlog die de wereld verandert"
    assert meta["kicker"] == "Keerpunt in de wereldgeschiedenis"
    assert meta["author"] == "Danny Byrne"
    assert str(meta["date"]) == "2022-03"
    assert meta["lang"] == "nl"
    assert meta["publication"] == "Socialistisch Alternatief"
    assert meta["issue"] == "maart 2022"
    assert meta["subjects"]
    hyphenation = meta["hyphenation"]
    for entry in ("Oe-kra-ï-ne", "Oe-kra-ïen-se", "re-gi-me"):
        assert entry in hyphenation
    for entry in hyphenation:
        assert entry.replace("-", "") in read_manuscript(), entry


def test_byline_in_front_matter_only():
    meta, text = split_front_matter(read_manuscript())
    assert meta["byline"].split() == source_byline_words()
    assert "door Danny Byrne" not in text
    assert "geschreven begin maart" not in text
