"""Which hyphenation breaks fall between the parts of a compound word.

A Dutch reader takes ``oorlogs-scenario`` or ``arbeiders-klasse`` in one go and
stumbles over ``sce-nario``; the composer therefore charges less for a break
between the parts of a compound. Pyphen's patterns do not say which breaks
those are, so this module guesses:

* with a word list in the project (``hyphenation/nl.txt``, one word a line:
  Debian's ``wdutch`` list from OpenTaal, about 400,000 words with their
  inflected forms, works well), a break is a compound boundary when the left
  part is a word (or a word plus the linking ``s``) of at least three letters
  and the right part is a word of at least four;
* without one, only the linking ``s``: the left part ends in a consonant plus
  ``s`` (``oorlogs``, ``arbeiders``, ``vakbonds``) and both parts have at
  least four letters. It misses compounds without the linking ``s``
  (``kern-centrale``) but rarely calls a plain syllable break a boundary.

The word list is optional: loading it costs about 0.08 s once per process.
It is only ever read from the project (a build reads nothing outside it).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_VOWELS = frozenset("aeiouyáéíóúàèëïöüäâêîôû")


class CompoundGuesser:
    """Guesses compound boundaries, from a word list when there is one."""

    def __init__(self, words: frozenset[bytes] | None = None, linking_s: bool = True) -> None:
        self.words = words
        self.linking_s = linking_s

    @property
    def uses_word_list(self) -> bool:
        return self.words is not None

    def is_boundary(self, word: str, position: int) -> bool:
        """Whether breaking ``word`` before ``position`` splits it between two words."""
        left, right = word[:position].lower(), word[position:].lower()
        if self.words is not None:
            return self._known(left, right)
        return self.linking_s and _linking_s(left) and len(left) >= 4 and len(right) >= 4

    def _known(self, left: str, right: str) -> bool:
        if len(left) < 3 or len(right) < 4:
            return False
        words = self.words
        assert words is not None
        if right.encode() not in words:
            return False
        if left.encode() in words:
            return True
        return _linking_s(left) and left[:-1].encode() in words


def _linking_s(left: str) -> bool:
    return len(left) >= 3 and left[-1] == "s" and left[-2] not in _VOWELS and left[-2] != "s"


@lru_cache(maxsize=8)
def compound_guesser(lang: str | None, word_list: Path | None = None) -> CompoundGuesser:
    """The guesser for a language: with ``word_list`` if given and present, else
    the linking-s rule for Dutch, and no boundaries at all for other languages."""
    base = (lang or "").replace("_", "-").split("-")[0].lower()
    if word_list is not None and word_list.is_file():
        return CompoundGuesser(_read_words(word_list))
    return CompoundGuesser(None, linking_s=base == "nl")


def _read_words(path: Path) -> frozenset[bytes]:
    # Bytes, not str: building the set is the whole cost, and decoding adds a third.
    return frozenset(path.read_bytes().lower().split(b"\n"))
