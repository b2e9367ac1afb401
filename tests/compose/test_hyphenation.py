"""Dutch hyphenation: Pyphen's patterns, the trema rule, exceptions, fragment lengths."""

from __future__ import annotations

import pytest

from pamphletpress.compose.hyphenation import SOFT_HYPHEN, Hyphenator

NL = Hyphenator("nl", ["Oe-kra-ï-ne", "re-gi-me"])


def test_never_a_plain_break_before_a_trema_vowel():
    for word in ("coördinatie", "beïnvloeden", "geïnteresseerd", "variëren", "Oekraïne"):
        for position in NL.positions(word):
            assert word[position] not in "äëïöü", (word, position)


def test_trema_breaks_drop_the_trema_for_a_composer():
    breaks = {b.before: b.after for b in NL.breaks("coördinatie")}
    assert breaks["co-"] == "ordinatie"
    assert {b.before: b.after for b in NL.breaks("beïnvloeden")}["be-"] == "invloeden"


def test_exceptions_override_the_patterns():
    assert (
        NL.hyphenate_word("Oekraïne", "|") == "Oe|kraïne"
    )  # Oek-ra-ïne from the patterns is wrong
    assert "Oekra-" in [b.before for b in NL.breaks("Oekraïne")]
    assert NL.hyphenate_word("regime", "|") == "re|gime"


def test_minimum_fragments_two_before_three_after():
    for word in ("arbeidersklasse", "oorlogsscenario’s", "gewapend", "anti-oorlogsbeweging"):
        parts = NL.hyphenate_word(word, "|").split("|")
        assert len(parts) > 1, word
        assert sum(c.isalpha() for c in parts[-1]) >= 3, word
        assert sum(c.isalpha() for c in parts[0].split("-")[-1]) >= 2, word


def test_compounds_with_a_hyphen_are_hyphenated_per_part():
    assert NL.hyphenate_text("VS-imperialisme", "|") == "VS-im|pe|ri|a|lisme"


def test_text_keeps_everything_but_adds_soft_hyphens():
    text = "De reële dreiging van ‘oorlogsverklaringen’, 80% van alle woongebouwen."
    out = NL.hyphenate_text(text)
    assert out.replace(SOFT_HYPHEN, "") == text
    assert out.count(SOFT_HYPHEN) >= 4


def test_unknown_language_has_no_patterns():
    assert not Hyphenator("xx").available
    assert Hyphenator("xx").hyphenate_text("onbekende woorden") == "onbekende woorden"


def test_names_with_an_inner_capital_are_not_broken():
    from pamphletpress.compose.hyphenation import Hyphenator

    h = Hyphenator("nl", [])
    assert h.hyphenate_word("GitHub", "=") == "GitHub"
    assert h.hyphenate_word("JavaScript-ontwikkelaars", "=") == "JavaScript-ont=wik=ke=laars"
    assert h.hyphenate_word("arbeidersklasse", "=") != "arbeidersklasse"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "con-fi-dence ex-pres-sive tech-nol-ogy rec-og-nize"),  # American
        ("en-US", "con-fi-dence ex-pres-sive tech-nol-ogy rec-og-nize"),
        ("en-GB", "con-fid-ence ex-press-ive tech-no-logy re-cog-nize"),  # British
    ],
)
def test_english_by_its_variant(lang, expected):
    hyphenator = Hyphenator(lang)
    words = "confidence expressive technology recognize".split()
    assert " ".join(hyphenator.hyphenate_word(w, "-") for w in words) == expected


def test_each_variant_its_own_dictionary():
    from pamphletpress.compose.hyphenation import dictionary_for

    assert [dictionary_for(t) for t in ("de", "de-DE", "de-CH", "de-AT", "nl", "nl-BE")] == [
        "de_DE", "de_DE", "de_CH", "de_AT", "nl_NL", "nl_NL"
    ]  # fmt: skip
    assert dictionary_for("fr-CA") == dictionary_for("fr")
    assert dictionary_for("xx") is None


@pytest.mark.parametrize(
    "token",
    [
        "algoritmes@minbzk.nl", "(opensourcewerken.nl).", "README.md", "4e5d1c7a9bfe",
        "kafka2tables", "max_line_length", "getElementById", "www.example.org/pad/",
    ],
)  # fmt: skip
def test_addresses_and_identifiers_never_hyphenated(token):
    from pamphletpress.compose.hyphenation import is_verbatim

    assert is_verbatim(token)
    assert Hyphenator("nl").hyphenate_text(f"zie {token} en de wereldgeschiedenis", "-") == (
        f"zie {token} en de we-reld-ge-schie-de-nis"
    )


@pytest.mark.parametrize("word", ["wereldgeschiedenis", "COVID-19-pandemie", "d.w.z.", "2022"])
def test_words_are_not_verbatim(word):
    from pamphletpress.compose.hyphenation import is_verbatim

    assert not is_verbatim(word)
