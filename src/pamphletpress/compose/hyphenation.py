"""Where words may break, by the rules of the manuscript's language.

One module decides hyphenation for every writer: the PDF (soft hyphens or the
paragraph composer) and the opt-in soft-hyphenated EPUB. It wraps Pyphen and
adds what Pyphen cannot do for Dutch:

* the trema rule: Dutch drops the trema at a break (zee-en, co-ordinatie,
  be-invloeden). Pyphen offers ``zee-ën``; nothing downstream can drop the
  trema, so plain break positions never fall right before a trema vowel.
  :meth:`Hyphenator.breaks` does offer those breaks, with the trema dropped,
  for a composer that sets the two halves itself;
* a per-manuscript exception list (``Oe-kra-ï-ne``) that overrides the patterns;
* minimum fragment lengths (2 before, 3 after by default).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyphen

SOFT_HYPHEN = "\u00ad"

#: Vowels that carry a trema (diaeresis); Dutch drops the trema at a break.
TREMA_VOWELS = frozenset("äëïöüÄËÏÖÜ")
_DROP_TREMA = str.maketrans("äëïöüÄËÏÖÜ", "aeiouAEIOU")

#: A word: letters, with inner apostrophes and hyphens (oorlogsscenario’s, VS-imperialisme).
WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


@dataclass(frozen=True)
class Break:
    """A place where a word may break, as TeX's discretionary: the text that
    ends the line (``before``, hyphen included), and the text that starts the
    next one (``after``)."""

    position: int
    before: str
    after: str


def _load_pyphen(lang: str, left: int, right: int, cache: Path | None) -> pyphen.Pyphen:
    """Pyphen for ``lang``; its parsed patterns kept as JSON in ``cache``.

    Parsing a LibreOffice dictionary takes ~0.1 s on every start; reading the
    parsed patterns back takes a tenth of that. JSON, not pickle: the cache
    lives in the user's project and must never be able to run code.
    """
    if cache is None:
        return pyphen.Pyphen(lang=lang, left=left, right=right)
    source = Path(pyphen.LANGUAGES[lang])
    stamp = source.stat()
    path = cache / f"{lang}-{stamp.st_size}-{stamp.st_mtime_ns}.json"
    if source not in pyphen.hdcache and path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            dictionary = pyphen.HyphDict.__new__(pyphen.HyphDict)
            dictionary.patterns = {k: (v[0], tuple(v[1])) for k, v in data["patterns"].items()}
            dictionary.cache = {}
            dictionary.maxlen = data["maxlen"]
            pyphen.hdcache[source] = dictionary
        except (OSError, ValueError, KeyError, TypeError):
            pass
    hyphens = pyphen.Pyphen(lang=lang, left=left, right=right)
    if path.is_file():
        return hyphens
    plain = all(type(v) is int for _, values in hyphens.hd.patterns.values() for v in values)
    if plain:  # patterns with replacements stay uncached
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            patterns = {k: [v[0], list(v[1])] for k, v in hyphens.hd.patterns.items()}
            temporary = path.with_suffix(".part")
            temporary.write_text(json.dumps({"maxlen": hyphens.hd.maxlen, "patterns": patterns}))
            temporary.replace(path)
        except OSError:
            pass  # a read-only project only loses the speed-up
    return hyphens


#: The variant a bare or regional language tag is set in. Pyphen's own fallback
#: takes ``en`` to British patterns (con-fid-ence) and ``de`` to Austrian ones:
#: a manuscript that says ``en`` is American English, ``de`` German German.
VARIANTS = {"en": "en_US", "de": "de_DE", "nl": "nl_NL"}


def dictionary_for(lang: str | None) -> str | None:
    """Pyphen's dictionary for a BCP 47 tag (``en``, ``en-GB``, ``de-CH``, ``nl-BE``):
    the region's own when Pyphen has it, else the language's standard variant."""
    if not lang:
        return None
    parts = lang.replace("_", "-").split("-")
    language = parts[0].lower()
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if region and f"{language}_{region}" in pyphen.LANGUAGES:
        return f"{language}_{region}"
    if language in VARIANTS and VARIANTS[language] in pyphen.LANGUAGES:
        return VARIANTS[language]
    return pyphen.language_fallback(language)


def has_patterns(lang: str | None) -> bool:
    """Whether Pyphen has patterns for ``lang`` (without loading them)."""
    return dictionary_for(lang) is not None


class Hyphenator:
    """Hyphenation for one language, with a manuscript's exceptions."""

    def __init__(
        self,
        lang: str | None,
        exceptions: Iterable[str] = (),
        left: int = 2,
        right: int = 3,
        cache: Path | None = None,
    ) -> None:
        self.lang = lang
        self.left = left
        self.right = right
        self.dictionary_lang = dictionary_for(lang)
        self._pyphen = (
            _load_pyphen(self.dictionary_lang, left, right, cache) if self.dictionary_lang else None
        )
        self.exceptions: dict[str, list[int]] = {}
        for entry in exceptions:
            self.add_exception(entry)

    @property
    def available(self) -> bool:
        """Whether there are patterns for this language at all."""
        return self._pyphen is not None

    def add_exception(self, entry: str) -> None:
        """Add a word written with its allowed breaks (``Oe-kra-ï-ne``).

        A hyphen that belongs to the word itself is written doubled
        (``anti--oorlog``)."""
        entry = entry.strip()
        if not entry:
            return
        positions: list[int] = []
        word = ""
        parts = entry.replace("--", "\0").split("-")
        for part in parts[:-1]:
            word += part.replace("\0", "-")
            positions.append(len(word))
        word += parts[-1].replace("\0", "-")
        self.exceptions[word.lower()] = positions

    def _raw_positions(self, word: str) -> list[int]:
        key = word.lower()
        if key in self.exceptions:
            return self.exceptions[key]
        if self._pyphen is None:
            return []
        positions, offset = [], 0
        for part in word.split("-"):
            if not _inner_capital(part):  # GitHub, iPhone, McDonald: names, broken nowhere
                positions += [offset + p for p in self._pyphen.positions(part)]
            offset += len(part) + 1
        return positions

    @lru_cache(maxsize=65536)  # noqa: B019 - one hyphenator per build, words repeat
    def breaks(self, word: str) -> tuple[Break, ...]:
        """Every break of ``word``, trema breaks with the trema dropped."""
        result = []
        for pos in self._raw_positions(word):
            head, tail = word[:pos], word[pos:]
            if _letters(head.rsplit("-", 1)[-1]) < self.left or _letters(tail) < self.right:
                continue
            if word[pos - 1] in "-\u2010" or word[pos] in "-\u2010":
                continue  # an existing hyphen is a break of its own
            if not (word[pos - 1].isalpha() and word[pos].isalpha()):
                continue  # never split o’s or 2022-ish fragments
            if tail[0] in TREMA_VOWELS:
                tail = tail[0].translate(_DROP_TREMA) + tail[1:]
            result.append(Break(pos, head + "-", tail))
        return tuple(result)

    def positions(self, word: str) -> list[int]:
        """Break positions a renderer may use as they are: none right before a
        trema vowel, since the trema would have to go."""
        return [b.position for b in self.breaks(word) if word[b.position] not in TREMA_VOWELS]

    def hyphenate_word(self, word: str, mark: str = SOFT_HYPHEN) -> str:
        """``word`` with ``mark`` at every safe break."""
        out, last = [], 0
        for pos in self.positions(word):
            out.append(word[last:pos])
            last = pos
        out.append(word[last:])
        return mark.join(out)

    def hyphenate_text(self, text: str, mark: str = SOFT_HYPHEN) -> str:
        """``text`` with ``mark`` at every safe break of every word, none in an
        address, a file name or an identifier (:func:`is_verbatim`)."""
        if not self.available and not self.exceptions:
            return text

        def token(match: re.Match) -> str:
            if is_verbatim(match.group(0)):
                return match.group(0)
            return WORD_RE.sub(lambda m: self._hyphenate_compound(m.group(0), mark), match.group(0))

        return re.sub(r"[^\s\u00a0]+", token, text)

    def _hyphenate_compound(self, word: str, mark: str) -> str:
        # Hyphenate each part of a hyphenated compound on its own: the patterns
        # do not know that "VS-imperialisme" is two words.
        return "-".join(self.hyphenate_word(part, mark) for part in word.split("-"))


#: What may stand round a token without being part of it: brackets, quotes, punctuation.
_EDGES = "()[]{}<>\"'“”‘’„‚«»‹›,;:!?…*"
#: An e-mail address, a domain or a file name: dot-separated names ending in letters.
_DOTTED = re.compile(r"(?:[\w-]+\.)+[^\W\d_]{2,}(?:[/#?]\S*)?|\S+@\S+|\S*://\S*")


def is_verbatim(token: str) -> bool:
    """Whether a space-delimited token is read letter for letter, so never
    hyphenated: an e-mail address, a domain (``opensourcewerken.nl``), a file
    name, a commit hash, an identifier with digits, underscores or an inner
    capital (``kafka2tables``, ``max_len``, ``getElementById``). A hyphen in it
    still breaks (``COVID-19-pandemie`` keeps ``pandemie``'s breaks)."""
    core = token.strip(_EDGES + ".")
    if not core:
        return False
    if _DOTTED.fullmatch(core) and max(len(part) for part in core.split(".")) > 1:
        return True
    if "_" in core or re.search(r"[a-z][A-Z]", core):
        return True
    return any(
        re.search(r"\d", part) and re.search(r"[^\W\d_]", part)
        for part in re.split(r"[-\u2010/]", core)
    )


def _inner_capital(word: str) -> bool:
    """A capital after the first letter of a word (not ``NAVO``)."""
    return word[1:] != word[1:].lower() and not word.isupper()


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def words(text: str) -> Iterator[str]:
    """The words of ``text``, as the hyphenator sees them."""
    return (m.group(0) for m in WORD_RE.finditer(text))


# ── Undoing it: lines back to running text ─────────────────────────────────

LINE_END_HYPHENS = "-\u2010\u00ad"
_ADD_TREMA = str.maketrans("aeiouAEIOU", "äëïöüÄËÏÖÜ")


def same_language(one: str, other: str) -> bool:
    """``en-GB`` and ``en`` are one language for hyphenation and quotes."""
    return one.split("-")[0].lower() == other.split("-")[0].lower()


def passage_hyphenator(hyphenator: Hyphenator, lang: str | None) -> Hyphenator:
    """The hyphenator of a passage marked ``lang`` (a quotation in English in a Dutch
    article): its language's patterns; the article's own (with its exceptions) when
    unmarked or the same language."""
    if not lang or not hyphenator.lang or same_language(lang, hyphenator.lang):
        return hyphenator
    return _hyphenator_of(lang)


@lru_cache(maxsize=16)
def _hyphenator_of(lang: str) -> Hyphenator:
    return Hyphenator(lang)


def join_lines(lines: Iterable[str], vocabulary: set[str] | None = None) -> str:
    """Lines to running text, undoing line-end hyphenation.

    A line ending in a hyphen before a lowercase letter is joined without the
    hyphen, unless the hyphenated form is a known word (``vocabulary``) or the
    hyphen follows a capital (``EU-``), where it is real. Words are looked up in
    ``vocabulary`` casefolded: a line's first word may be capitalised where the
    manuscript's is not, and a caller's word list may be casefolded already.
    """
    known = None if vocabulary is None else {word.casefold() for word in vocabulary}
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if text and text[-1] in LINE_END_HYPHENS and line[:1].isupper():
            text = text[:-1] + "-" + line  # a real hyphen before a capital: pro-NAVO
        elif text and text[-1] in LINE_END_HYPHENS and line[:1].islower():
            head = re.search(r"(\S+)$", text).group(1)
            tail = re.match(r"(\S+)", line).group(1)
            real = head[:-1].split("-")[-1].isupper() and len(head) > 2
            if known is not None and _known(head + tail, known):
                real = True
            if known is not None and _known(head[:-1] + tail, known):
                real = False
            if known is not None and not real:
                # Dutch drops the trema at a break (Oekra-⏎ine): put it back.
                restored = tail[:1].translate(_ADD_TREMA) + line[1:]
                if _known(head[:-1] + tail[:1].translate(_ADD_TREMA) + tail[1:], known):
                    line = restored
            text = text + line if real else text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return text


def _known(word: str, known: set[str]) -> bool:
    """Whether ``word`` (punctuation stripped) is in the casefolded ``known``."""
    return _strip(word).casefold() in known


def _strip(word: str) -> str:
    return word.strip(".,;:!?()[]“”‘’\"'«»…")
