"""pandoc's fancy list markers: ``(2)``, ``2)``, ``D.``, ``iv.``, ``a)``, ``(A)``.

Python-Markdown reads only ``1.`` as an ordered list; a pandoc document's other
markers would print as typed and run into one paragraph. Each such item line is
rewritten to ``N.`` with a mark before its text naming the marker's kind and
number; :class:`FancyLists` then gives each list the kind (its class, which
print.css and epub.css turn into ``list-style-type``) and the start its first item
says, and takes the marks out. The kind follows pandoc: ``I``/``i`` alone is a
roman one, another single letter a letter, several letters a roman numeral; an
upper-case letter and a full stop needs two spaces after it (``B. Williams`` is a
name, not an item). An item starts a list only after a blank line or another
item, as in pandoc: ``(3)`` inside a sentence's lines stays text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown.treeprocessors import Treeprocessor

#: A fancy marker at a line's start (decimals with a full stop are Markdown's own).
MARKER_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?:\((?P<both>[0-9]{1,9}|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+)\)"
    r"|(?P<one>[0-9]{1,9}|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+)\)"
    r"|(?P<period>[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+)\.)(?P<space>[ \t]+)(?=\S)"
)
#: The mark before an item's text: ``\ue000kind start\ue001`` (private-use characters
#: no manuscript holds, taken out before anything is printed).
MARK_RE = re.compile("^\ue000([a-z-]+) ([0-9]+)\ue001[ \t]*")
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def fancy_item(line: str) -> str | None:
    """``line`` as a Markdown ordered item with its mark, if it opens with a fancy
    marker (None otherwise)."""
    match = MARKER_RE.match(line)
    if match is None or re.match(r"\([cC]\)[ \t]+\d", line[match.end("indent") :]):
        return None  # none, or a copyright line: "(c) 2024 …"
    token = match.group("both") or match.group("one") or match.group("period")
    if match.group("period") and token.isupper() and len(token) == 1:
        if len(match.group("space").expandtabs(4)) < 2:
            return None  # "B. Williams": an initial, not an item
    kind, number = _kind(token)
    mark = f"\ue000{kind} {number}\ue001"
    return f"{match.group('indent')}{number}.{match.group('space')}{mark}{line[match.end() :]}"


def _kind(token: str) -> tuple[str, int]:
    if token.isdigit():
        return "decimal", int(token)
    case = "lower" if token.islower() else "upper"
    if len(token) == 1 and token.lower() != "i":
        return f"{case}-alpha", ord(token.lower()) - ord("a") + 1
    return f"{case}-roman", _roman(token.lower())


def _roman(text: str) -> int:
    values = [ROMAN[c] for c in text]
    return sum(-v if later > v else v for v, later in zip(values, [*values[1:], 0], strict=True))


class FancyLists(Treeprocessor):
    """Each ordered list whose first item carries a mark: its kind as a class and
    its first number as ``start``; every item's mark taken out."""

    def run(self, root: ET.Element) -> None:
        for ol in root.iter("ol"):
            first = True
            for li in ol.findall("li"):
                holder = li if (li.text or "").strip() or not len(li) else li[0]
                match = MARK_RE.match(holder.text or "")
                if match is None:
                    first = False
                    continue
                holder.text = holder.text[match.end() :]
                if first:
                    kind, start = match.group(1), int(match.group(2))
                    if kind != "decimal":
                        ol.set("class", kind)
                    if start != 1:
                        ol.set("start", str(start))
                    else:
                        ol.attrib.pop("start", None)
                first = False
