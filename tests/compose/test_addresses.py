"""Where a printed address may break (compose/addresses.py): the Chicago Manual's rule."""

from __future__ import annotations

import pytest

from pamphletpress.compose.addresses import BREAK_BEFORE, address_breaks, looks_like_address


def parts(address: str) -> list[str]:
    cuts = [0, *address_breaks(address), len(address)]
    return [address[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("somo.nl/nl/woningen-beleggers", ["somo", ".nl/", "nl/", "woningen", "-beleggers"]),
        ("jan.de_vries@example.org", ["jan.de_vries", "@example.org"]),
        ("algoritmes@minbzk.nl.", ["algoritmes", "@minbzk.nl."]),
        ("example.org/a?b=1&c=2#top", ["example", ".org/", "a", "?b=1", "&c=2", "#top"]),
        ("example.org/~jan/50%korting", ["example", ".org/", "~jan/", "50", "%korting"]),
        ("https://www.example.org//pad", ["https://www", ".example", ".org//", "pad"]),
    ],
)
def test_breaks_before_marks_and_after_slashes(address, expected):
    """Before . - _ ? # % ~ &, after / and // (never between the two slashes, nor
    in the scheme); an e-mail address only before its @, its name and domain whole
    (don-apiregister's ``developer`` over ``.overheid@…``, bzk's ``.nl.`` alone):
    the parts put back together are the address, and no part but the last ends in
    a character that looks like a word's break."""
    assert parts(address) == expected
    assert "".join(parts(address)) == address
    assert not [p for p in parts(address)[:-1] if p[-1] in BREAK_BEFORE]


def test_no_break_at_the_edges_or_between_marks():
    """A closing full stop, a run of marks and the first character stay where they are."""
    assert address_breaks("example.org.") == [7]
    assert address_breaks("a..b") == []
    assert address_breaks("-x") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [("example.org/pad", True), ("www.example.org", True), ("jan@example.org", True),
     ("https://x.nl", True), ("(example.org).", True), ("Gebruiksvoorwaarden", False),
     ("v1.2", False), ("e.g.", False)],
)  # fmt: skip
def test_what_counts_as_an_address(text, address):
    assert looks_like_address(text) is address


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("gitlab.com/haven/-/raw/main/Haven+_HLD_Ref_Impl.jpg",
         ["gitlab", ".com/", "haven/", "-/", "raw/", "main/", "Haven+_HLD_Ref_Impl.jpg"]),
        ("example.org/docs/plan_v2.pdf?x=1", ["example", ".org/", "docs/", "plan_v2.pdf", "?x=1"]),
        ("example.org/a_long_file_name_that_goes_on_and_on.tar.gz",
         ["example", ".org/", "a", "_long", "_file", "_name", "_that", "_goes", "_on", "_and",
          "_on", ".tar", ".gz"]),
    ],
)  # fmt: skip
def test_a_file_name_at_the_end_is_kept_whole(address, expected):
    """A reader copies a file name as one word (issue 24: don-haven's caption broke
    after ``Haven+`` and went on with ``_HLD_Ref_Impl.jpg``); only one longer than
    the rule's limit breaks as the rest of the address does."""
    assert parts(address) == expected
