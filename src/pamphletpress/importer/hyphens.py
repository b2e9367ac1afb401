"""Line-end hyphens undone: the text's evidence about its words, and each hyphen's decision.

A broken word is joined, joined with the trema the break dropped, or keeps its
hyphen as the word's own (or as an elision); what is not certain goes to the report.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pamphletpress.compose.hyphenation import WORD_RE, Hyphenator
from pamphletpress.i18n import _
from pamphletpress.importer.lines import SENTENCE_END_RE, Line, all_caps

SOFT_HYPHEN = "\u00ad"
HYPHEN = "\u2010"
#: Words after an elided compound part: "anti-oorlogs- en anti-imperialistische".
ELISION_WORDS = {"en", "of", "tot", "and", "or", "to", "und", "oder", "bis", "et", "ou", "y", "o"}
#: Dutch vowel pairs that read as one sound: across a compound's seam they need
#: a hyphen (zee-egel) or a trema (variëren).
DUTCH_DIGRAPHS = {
    "aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo", "ou", "ue", "ui", "uu",
}  # fmt: skip
_ADD_TREMA = str.maketrans("aeiouAEIOU", "äëïöüÄËÏÖÜ")
#: Word lists looked for at run time (Debian's wdutch, wamerican, …); all optional.
WORD_LISTS = {
    "nl": ("/usr/share/dict/dutch", "/usr/share/dict/nederlands"),
    "en": ("/usr/share/dict/british-english", "/usr/share/dict/american-english"),
    "de": ("/usr/share/dict/ngerman",),
    "fr": ("/usr/share/dict/french",),
}


# --------------------------------------------------------------------------- evidence


@dataclass
class Evidence:
    """What the whole text says about words: the forms it uses inside lines."""

    lang: str
    words: Counter
    cased: dict[str, str]
    marked_breaks: bool
    hyphenator: Hyphenator
    wordlist: frozenset[str]

    def count(self, form: str) -> int:
        """How often the text uses ``form`` whole, inside a line."""
        return self.words[form.lower()]

    def hyphen_prefix(self, part: str) -> int:
        """How many words of the text start with ``part-`` (anti-regime, anti-oorlog)."""
        key = part.lower() + "-"
        return sum(n for word, n in self.words.items() if word.startswith(key))

    def joined_prefix(self, part: str) -> int:
        """How many words of the text start with ``part`` and run on (internationaal)."""
        key = part.lower()
        return sum(
            n
            for word, n in self.words.items()
            if word.startswith(key) and len(word) > len(key) and word[len(key)].isalpha()
        )

    def listed(self, form: str) -> bool:
        """Whether the system word list (if any) has ``form``."""
        return form.lower() in self.wordlist


def gather_evidence(lines: list[Line], lang: str) -> Evidence:
    """Count the words that sit whole inside lines: they are certain forms."""
    words: Counter = Counter()
    cased: Counter = Counter()
    previous_broken = False
    for line in lines:
        tokens = list(WORD_RE.finditer(line.text))
        shouting = all_caps(line.text)
        if line.ends_hyphen and tokens and tokens[-1].end() >= len(line.text) - 1:
            tokens = tokens[:-1]
        if previous_broken and tokens and tokens[0].start() == 0:
            tokens = tokens[1:]
        previous_broken = line.ends_hyphen
        for index, match in enumerate(tokens):
            word = match.group(0)
            words[word.lower()] += 1
            for part in word.split("-"):
                if part != word:
                    words[part.lower()] += 1
            before = line.text[: match.start()].rstrip()
            if index > 0 and before and not shouting and not SENTENCE_END_RE.search(before):
                cased[word] += 1
    best: dict[str, str] = {}
    for word, _count in cased.most_common():
        best.setdefault(word.lower(), word)
    ends = [line.text[-1] for line in lines if line.ends_hyphen]
    inner = any(HYPHEN in line.text[:-1] for line in lines)
    marked = any(c in (HYPHEN, SOFT_HYPHEN) for c in ends) and not inner
    return Evidence(
        lang=lang,
        words=words,
        cased=best,
        marked_breaks=marked,
        hyphenator=Hyphenator(lang, left=1, right=1),
        wordlist=load_wordlist(lang),
    )


@lru_cache(maxsize=8)
def load_wordlist(lang: str) -> frozenset[str]:
    """A system word list for ``lang`` if one is installed; the importer works without."""
    for name in WORD_LISTS.get(lang.split("-")[0].lower(), ()):
        path = Path(name)
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            return frozenset(w.strip().lower() for w in text.splitlines() if w.strip())
    return frozenset()


# --------------------------------------------------------------------------- hyphens


@dataclass
class HyphenDecision:
    """How a line-end hyphen is undone: ``join``, ``trema``, ``keep`` or ``elision``."""

    action: str
    shown: str
    doubt: str | None = None


def decide_hyphen(head_line: str, tail_line: str, ev: Evidence) -> HyphenDecision:
    """Is the hyphen at the end of ``head_line`` the typesetter's, or the word's own?"""
    mark = head_line[-1]
    head_token = head_line.rsplit(" ", 1)[-1][:-1]
    tail_token = tail_line.split(" ", 1)[0]
    head_word = re.sub(r"^[^\w]+", "", head_token)
    part = re.split(r"[-\u2010]", head_word)[-1]
    tail_match = re.match(r"[^\W\d_]+", tail_token)
    tail_word = tail_match.group(0) if tail_match else ""
    shown = f"{head_word}-|{tail_token.rstrip('.,;:!?”’)')}"
    if mark == SOFT_HYPHEN or (ev.marked_breaks and mark == HYPHEN):
        return _join_or_trema(part, tail_word, shown, ev)  # certainly the typesetter's
    if is_elision(part, tail_token, tail_line, ev):
        return HyphenDecision("elision", shown)
    if ev.marked_breaks:
        return HyphenDecision("keep", shown)  # the typesetter marks its breaks otherwise
    if not part or not part[-1].isalpha() or not tail_word:
        return HyphenDecision("keep", shown)  # 2020-2022, ‘na’-moment: never a break
    if tail_word[0].isupper() and not part.isupper():
        return HyphenDecision("keep", shown)  # pro-NAVO, Koude-Oorlog
    if part.isupper() and tail_word.islower():
        return HyphenDecision("keep", shown)  # EU-politici, VS-imperialisme
    return _weigh(head_word, part, tail_word, shown, ev)


def is_elision(part: str, tail_token: str, tail_line: str, ev: Evidence) -> bool:
    """``anti-oorlogs-⏎en anti-imperialistische``: a part standing for a whole word."""
    if tail_token.lower() not in ELISION_WORDS or " " not in tail_line or not part:
        return False
    if not part[-1].isalpha() or _vowels_clash(part, tail_token, ev.lang):
        return False  # zee-⏎en is zeeën broken at the trema
    return not (ev.count(part + tail_token) or ev.listed(part + tail_token))


def _weigh(head_word: str, part: str, tail_word: str, shown: str, ev: Evidence) -> HyphenDecision:
    """The text's own usage first, then spelling rules, then the hyphenation patterns."""
    prefix = head_word[: len(head_word) - len(part)]
    forms = {"join": prefix + part + tail_word, "keep": prefix + part + "-" + tail_word}
    trema = _trema_form(part, tail_word, ev.lang)
    if trema:
        forms["trema"] = prefix + trema
    counts = {
        action: ev.count(form) + ev.count(form[len(prefix) :]) for action, form in forms.items()
    }
    seen = [action for action, n in counts.items() if n]
    if seen:
        best = max(seen, key=lambda a: counts[a])
        doubt = None
        if len(seen) > 1:
            doubt = _("the text has both ") + _(" and ").join(forms[a] for a in seen)
        return HyphenDecision(best, shown, doubt)
    listed = [a for a, form in forms.items() if ev.listed(form) or ev.listed(form[len(prefix) :])]
    if len(listed) == 1:
        return HyphenDecision(listed[0], shown)
    if ev.hyphen_prefix(part) and not ev.joined_prefix(part):
        return HyphenDecision(
            "keep", shown, _("the text writes {part}- with a hyphen elsewhere").format(part=part)
        )
    breaks = ev.hyphenator.breaks(part + tail_word) if ev.hyphenator.available else ()
    pattern_break = any(b.position == len(part) for b in breaks)
    if trema or _vowels_clash(part, tail_word, ev.lang):
        return _clash(part, tail_word, shown, ev, pattern_break)
    if part[:1].isupper() and ev.cased.get(part.lower()) == part and ev.count(tail_word):
        return HyphenDecision(
            "keep",
            shown,
            _("{part} and {tail_word} are words of the text").format(
                part=part, tail_word=tail_word
            ),
        )
    if pattern_break or not ev.hyphenator.available:
        return HyphenDecision("join", shown)
    # The patterns place almost every typesetter's break (107 of the seed's 108;
    # the other, regi-me, is settled by the text): elsewhere the hyphen is the word's.
    return HyphenDecision("keep", shown, _("not a hyphenation point of the patterns: hyphen kept"))


def _vowels_clash(part: str, tail: str, lang: str) -> bool:
    """Dutch: would joining merge two vowels into one sound (zee-egel, auto-ongeluk)?"""
    if not lang.lower().startswith("nl"):
        return False
    return (part[-1:] + tail[:1]).lower() in DUTCH_DIGRAPHS


def _trema_form(part: str, tail: str, lang: str) -> str | None:
    """The joined word with the trema a Dutch break drops (vari-eren → variëren)."""
    if not _vowels_clash(part, tail, lang):
        return None
    return part + tail[0].translate(_ADD_TREMA) + tail[1:]


def _clash(part: str, tail: str, shown: str, ev: Evidence, pattern_break: bool) -> HyphenDecision:
    """Two vowels meet at the break: a trema word broken by the patterns, or a compound."""
    trema = part + tail[0].translate(_ADD_TREMA) + tail[1:]
    if ev.hyphenator.available:
        for b in ev.hyphenator.breaks(trema):
            if b.position == len(part) and b.after.lower() == tail.lower():
                return HyphenDecision(
                    "trema",
                    shown,
                    _("trema restored ({trema}); a compound would be {part}-{tail}").format(
                        trema=trema, part=part, tail=tail
                    ),
                )
    if pattern_break:
        return HyphenDecision(
            "join",
            shown,
            _("vowels meet: {part}{tail} or {part}-{tail}?").format(part=part, tail=tail),
        )
    return HyphenDecision(
        "keep",
        shown,
        _("vowels meet, hyphen kept ({part}-{tail}); or {trema}?").format(
            part=part, tail=tail, trema=trema
        ),
    )


def _join_or_trema(part: str, tail: str, shown: str, ev: Evidence) -> HyphenDecision:
    """A break known to be the typesetter's: only the trema is left to decide."""
    trema = _trema_form(part, tail, ev.lang) if part and tail else None
    if trema is None:
        return HyphenDecision("join", shown)
    plain = ev.count(part + tail) + ev.listed(part + tail)
    with_trema = ev.count(trema) + ev.listed(trema)
    if plain != with_trema:
        return HyphenDecision("join" if plain > with_trema else "trema", shown)
    hyphenator = ev.hyphenator
    if any(
        b.position == len(part) and b.after.lower() == tail.lower()
        for b in hyphenator.breaks(trema)
    ):
        plain = any(b.position == len(part) for b in hyphenator.breaks(part + tail))
        doubt = (
            _("trema restored ({trema}); or {part}{tail}?").format(
                trema=trema, part=part, tail=tail
            )
            if plain
            else None
        )
        return HyphenDecision("trema", shown, doubt)
    return HyphenDecision("join", shown)


def apply_hyphen(head: str, tail: str, decision: HyphenDecision) -> str:
    if decision.action == "keep":
        return head[:-1] + "-" + tail
    if decision.action == "elision":
        return head[:-1] + "- " + tail
    if decision.action == "trema":
        return head[:-1] + tail[0].translate(_ADD_TREMA) + tail[1:]
    return head[:-1] + tail
