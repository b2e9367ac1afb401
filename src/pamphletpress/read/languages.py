"""Languages of parts: which passages are in another language than the article's.

A passage is marked with ``lang`` in the document model, which every writer reads:
the EPUB adds ``xml:lang`` (WCAG 3.1.2, Language of Parts), the print page
hyphenates and quotes it in its own language. The author's own marks come first
(``{lang=en}`` on a block, ``*words*{lang=en}`` or ``<span lang>`` on words); block
quotations and paragraphs of eight words or more without one are given to a
language detector (lingua, offline, its models in the package: about 0.1 ms a
paragraph once its languages are loaded), and marked only when it is sure. A
paragraph plainly in the article's language (its commonest words a fifth of the
text) is not asked about: most books never load the detector at all.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import logging
import re
from pathlib import Path

from lxml import etree

from pamphletpress.errors import located
from pamphletpress.i18n import _
from pamphletpress.read.document import Article, Box
from pamphletpress.read.marks import QUOTES

log = logging.getLogger("pamphletpress")

#: The languages a passage may be detected as (ISO 639-1); the article's own is added.
DETECTED = ("nl", "en", "de", "fr", "es", "it", "pt", "sv", "da", "pl")
#: Fewer words than this say too little about their language.
MIN_WORDS = 8
#: How sure the detector must be of another language than the article's.
MIN_CONFIDENCE = 0.9
#: Blocks detected as a whole (a quotation's paragraphs are judged together).
CANDIDATES = ("p", "blockquote")
#: Text no detector should read: code, addresses, note calls.
SKIPPED = {"code", "kbd", "samp", "pre", "sup"}


def mark_languages(article: Article, cache: Path | None = None) -> None:
    """Give each passage of the body detected as another language a ``lang`` (reported
    with ``-v``); blocks the author marked keep their mark. Every passage in another
    language, marked or detected, takes that language's quotation marks.

    What the detector said of each passage is kept in the folder ``cache``: a build
    of an unchanged text does not load it (its models take half a second)."""
    own = base(article.meta.lang)
    for element in _marked(article):
        requote(element, own, element.get("lang"))
    kept = _Verdicts(cache, article.source, own)
    for block in _blocks(article.body):
        if block.get("lang") or any(a.get("lang") for a in block.iterancestors()):
            continue
        words = _words(block)
        if len(words) < MIN_WORDS or _plainly_own(words, own):
            continue
        verdict = kept.verdict(" ".join(words))
        if verdict is None:
            break  # no detector: nothing is marked
        lang, confidence = verdict
        if lang and lang != own and confidence >= MIN_CONFIDENCE:
            block.set("lang", lang)
            requote(block, own, lang)
            log.info(
                _(
                    "{where}: passage read as language '{lang}' (certainty {certainty:.0f} %), "
                    "marked so: “{words} …” (write {{lang={lang}}} after it to say so yourself, or "
                    "{{lang={own}}} to keep it {own})"
                ).format(
                    where=located(article.source, article.line_of(words[0] + " " + words[1])),
                    lang=lang,
                    certainty=confidence * 100,
                    words=" ".join(words[:6]),
                    own=own,
                ),
            )
    kept.save()


class _Verdicts:
    """The detector's verdicts on one article's passages: those of its last build,
    read from ``cache``, and the detector asked (loaded the first time) of the rest.
    Only the verdicts this build used are written back."""

    def __init__(self, cache: Path | None, source: Path, own: str) -> None:
        self.own = own
        self.used: dict[str, list] = {}
        self.path = None if cache is None else cache / f"{_digest(str(source), own)}.json"
        try:
            self.known = json.loads(self.path.read_text("utf-8")) if self.path else {}
        except (OSError, ValueError):
            self.known = {}
        if self.known.get("detector") != _detector_signature():
            self.known = {}

    def verdict(self, text: str) -> tuple[str | None, float] | None:
        key = _digest(text)
        found = self.known.get("verdicts", {}).get(key)
        if found is None:
            detector = _detector(self.own)  # loaded only for a text that may need it
            if detector is None:
                return None
            found = list(_detect(detector, text))
        self.used[key] = found
        return found[0], found[1]

    def save(self) -> None:
        if self.path is None or self.used == self.known.get("verdicts"):
            return
        data = {"detector": _detector_signature(), "verdicts": self.used}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".part")
            temporary.write_text(json.dumps(data, sort_keys=True), "utf-8")
            temporary.replace(self.path)
        except OSError:
            pass  # a read-only project still builds, only slower


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


@functools.lru_cache(maxsize=1)
def _detector_signature() -> str:
    """What the verdicts depend on: the languages asked about, the accuracy, and the
    installed lingua (its file, found without loading it)."""
    spec = importlib.util.find_spec("lingua")
    stamp = ""
    if spec is not None and spec.origin:
        stat = Path(spec.origin).stat()
        stamp = f"{spec.origin} {stat.st_size} {stat.st_mtime_ns}"
    return f"{','.join(DETECTED)} low {stamp}"


def _marked(article: Article):
    """Every element the author marked with a language (``{lang=…}``), in the lede,
    the body, its boxes and the notes."""
    trees = list(article.lede)
    for block in article.body:
        trees += block.blocks if isinstance(block, Box) else [block]
    for note in article.notes:
        trees += note.blocks
    for tree in trees:
        yield from (e for e in tree.iter() if isinstance(e.tag, str) and e.get("lang"))


#: Each language's double quotation marks (opening, closing) as the reader sets them,
#: beyond those of ``read.marks`` (whose French ones hold their no-break spaces).
MORE_QUOTES = {"da": ("»", "«"), "pl": ("„", "”"), "sv": ("”", "”")}


def _double_quotes(lang: str) -> tuple[str, str] | None:
    if lang in QUOTES:
        return QUOTES[lang][0], QUOTES[lang][1]
    return MORE_QUOTES.get(lang)


def requote(element: etree._Element, own: str, lang: str) -> None:
    """The article's double quotation marks in a passage of another language become
    that language's (a German book's „…“ in an English quotation: “…”); a passage
    marked inside it keeps its own. Single quotes stay: their closing mark is also
    the apostrophe, which no language changes."""
    before, after = _double_quotes(base(own)), _double_quotes(base(lang))
    if not before or not after or before == after:
        return

    def convert(text: str) -> str:
        # Through placeholders: one language's closing mark may be another's opening.
        text = text.replace(before[0], "\x00").replace(before[1], "\x01")
        return text.replace("\x00", after[0]).replace("\x01", after[1])

    def walk(node: etree._Element) -> None:
        if node.text:
            node.text = convert(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in SKIPPED and not child.get("lang"):
                walk(child)
            if child.tail:
                child.tail = convert(child.tail)

    if element.tag not in SKIPPED:
        walk(element)  # (its tail is the text around it)


#: Each language's commonest short words that the other languages here do not share.
#: A paragraph where they are a fifth of the words is plainly in that language: the
#: detector (and its models, half a second to load) is not asked about it.
FUNCTION_WORDS = {
    "nl": "de het een en van dat op te voor met zijn niet die er ook aan om maar bij door "
    "naar dan wordt worden heeft hebben je we ze kan nog wel dit deze wat hoe waar ik uit "
    "tot zo al geen mij hij zij haar",
    "de": "der die das und ist nicht ein eine zu den von mit sich des auf für dem im sie es "
    "auch aus er hat dass wie bei oder wird nur noch wir ich kann um sind einen werden",
    "en": "the and of to is that it for with as on be this are was by not you at or from "
    "have but which they we can will their there been has more when would",
    "fr": "le la les et des est un une du que qui dans pour pas sur au avec ce il ne se "
    "plus par sont elle nous vous mais ou leur cette",
}
FUNCTION_SETS = {lang: set(words.split()) for lang, words in FUNCTION_WORDS.items()}


def _plainly_own(words: list[str], own: str) -> bool:
    common = FUNCTION_SETS.get(own)
    if common is None:
        return False
    return sum(w.casefold() in common for w in words) >= len(words) / 5


def base(lang: str) -> str:
    """``de-CH`` → ``de``."""
    return lang.split("-")[0].lower()


def _blocks(body: list):
    """Block quotations and paragraphs, in boxes too (a quotation's paragraphs not
    apart from it)."""
    for block in body:
        elements = block.blocks if isinstance(block, Box) else [block]
        for element in elements:
            for candidate in element.iter(*CANDIDATES):
                if candidate.tag == "p" and any(
                    a.tag == "blockquote" for a in candidate.iterancestors()
                ):
                    continue
                yield candidate


WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _words(block: etree._Element) -> list[str]:
    """The block's running words, without code, addresses or note calls."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.tag in SKIPPED or node.get("lang"):
            return  # a span marked already is its own language
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            parts.append(child.tail or "")

    walk(block)
    text = re.sub(r"\S*(?:://|www\.)\S*", " ", "".join(parts))
    return WORD.findall(text)


def _detect(detector, text: str) -> tuple[str | None, float]:
    values = detector.compute_language_confidence_values(text)
    if not values:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), best.value


@functools.lru_cache(maxsize=8)
def _detector(own: str):
    """A detector for the usual languages and the article's own (None when lingua is
    not installed, or does not know the article's language: nothing is marked)."""
    try:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    except ImportError:  # pragma: no cover - a dependency; a trimmed install still builds
        return None
    codes = dict.fromkeys((own, *DETECTED))
    languages = []
    for code in codes:
        try:
            languages.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except (AttributeError, ValueError):
            if code == own:
                return None
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()
