"""Where a printed address (a URL, an e-mail address) may break: the Chicago Manual's rule.

A reader copies an address letter for letter, so a line may never end in a
character that looks like a word break: the break comes *before* a full stop,
hyphen, underscore, question mark, ``#``, ``%``, ``~``, ``&`` or an e-mail
address's ``@`` (they open the next line) and *after* a slash or ``//``
(which no word ends in), never with a hyphen added and never inside ``//`` or
a scheme's ``://``. The host name breaks only before its dots: a label
(``oss-watch``) stays whole, ``oss`` over ``-watch.ac.uk/`` reads as two words.
A file name at the address's end (``…/main/Haven+_HLD_Ref_Impl.jpg``) is kept
whole, as a reader copies it: one word, not two at a line's end.
"""

from __future__ import annotations

import re

#: An address breaks before these (the character starts the next line) …
BREAK_BEFORE = ".-_?#%~&@"
#: … and after these (``//`` counts as one).
BREAK_AFTER = "/"

_BEFORE = re.compile(f"(?<=[^\\s{re.escape(BREAK_BEFORE)}])(?=[{re.escape(BREAK_BEFORE)}][^\\W_])")
_AFTER = re.compile(r"(?<=/)(?=[^/\s])")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
#: A host name: labels and dots up to its top-level domain (``oss-watch.ac.uk``).
_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?=[/:?#]|$)")

#: A file name (an address's last part with an extension: ``/plan_v2.pdf``) up to this
#: many characters is never broken; a longer one breaks as the rest of the address.
FILE_NAME_WHOLE = 32
_FILE_NAME = re.compile(r"(?<=/)[^/?#\s]+\.[A-Za-z][A-Za-z0-9]{1,4}(?=[?#]|$)")

#: What may stand round an address in running text: brackets, quotes, punctuation.
EDGES = "()[]<>\"'“”‘’,;:!"

#: What counts as an address: a scheme, ``www.``, an e-mail address or a domain with a path.
ADDRESS = re.compile(r"^(?:https?://|www\.|\S+@\S+\.\w+$|[\w.-]+\.[a-z]{2,}(?:/|$))")


def looks_like_address(text: str) -> bool:
    """Whether ``text`` (one token, its brackets and closing punctuation stripped)
    is a URL, a domain or an e-mail address."""
    return bool(ADDRESS.match(text.strip(EDGES + ".")))


#: An e-mail address (no scheme, no path): a name, ``@``, a domain.
_EMAIL = re.compile(r"^[^\s@/:]+@[^\s@/]+\.[^\W\d_]{2,}$")


def address_breaks(text: str) -> list[int]:
    """The positions (character indices into ``text``) where the address may break:
    before ``. - _ ? # % ~ & @`` followed by a letter or digit, after ``/`` and ``//``;
    none in the scheme, in the host name only before a dot, none before the first or
    after the last character, none inside a file name at its end up to
    :data:`FILE_NAME_WHOLE` characters. An e-mail address breaks only before its
    ``@``: its name and its domain stay whole (``developer`` over ``.overheid@…``
    reads as two words, ``.nl`` alone on a last line as a scrap)."""
    if _EMAIL.match(text.rstrip(".,;:!?")):
        return [text.index("@")]
    scheme = _SCHEME.match(text)
    start = scheme.end() if scheme else 0
    host = _HOST.match(text, start)
    labels = host.end() if host else start  # where the host name ends
    found = {start + m.start() for m in _BEFORE.finditer(text[start:])}
    found = {p for p in found if p >= labels or text[p] == "."}
    found |= {start + m.start() for m in _AFTER.finditer(text[start:])}
    name = _FILE_NAME.search(text, start)
    whole = (
        range(name.start() + 1, name.end()) if name and len(name.group()) <= FILE_NAME_WHOLE else ()
    )
    return sorted(p for p in found if 0 < p < len(text) and p not in whole)


__all__ = ["BREAK_AFTER", "BREAK_BEFORE", "EDGES", "address_breaks", "looks_like_address"]
