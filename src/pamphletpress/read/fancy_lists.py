"""pandoc's fancy list markers: ``(2)``, ``2)``, ``D.``, ``iv.``, ``a)``, ``(A)``.

Python-Markdown reads only ``1.`` as an ordered list; a pandoc document's other
markers would print as typed and run into one paragraph. Each such item line is
rewritten to ``N.`` with a mark before its text naming the marker's kind and
number; :class:`FancyLists` then gives each list the kind and, unless a full stop,
the delimiter (its classes, which print.css and epub.css turn into a counter style
that prints ``(2)``, ``a)`` or ``iv.`` as written) and the start its first item
says, and takes the marks out. The kind follows pandoc: ``I``/``i`` alone is a
roman one, another single letter a letter, several letters a roman numeral; an
upper-case letter and a full stop needs two spaces after it (``B. Williams`` is a
name, not an item), and so does a lower-case one opening a list, but ``a.`` and
``i.`` (``z. B.`` and ``v. Chr.`` are abbreviations). An item starts a list only
after a blank line or another item, as in pandoc: ``(3)`` inside a sentence's
lines stays text.
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
#: The mark before an item's text: ``\ue000kind delimiter number\ue001`` (private-use characters
#: no manuscript holds, taken out before anything is printed).
MARK_RE = re.compile("^\ue000([a-z-]+) ([a-z-]+) ([0-9]+)\ue001[ \t]*")
#: What an item without a mark is: Markdown's own ``1.``.
PLAIN = ("decimal", "period")
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def fancy_item(line: str, first: bool = True) -> str | None:
    """``line`` as a Markdown ordered item with its mark, if it opens with a fancy
    marker (None otherwise); ``first`` when no item of its list stands above it."""
    match = MARKER_RE.match(line)
    if match is None or re.match(r"\([cC]\)[ \t]+\d", line[match.end("indent") :]):
        return None  # none, or a copyright line: "(c) 2024 …"
    token = match.group("both") or match.group("one") or match.group("period")
    one_space = len(match.group("space").expandtabs(4)) < 2
    if match.group("period") and len(token) == 1 and one_space:
        if token.isupper() or (first and token not in "ai"):
            return None  # "B. Williams", "z. B.", "v. Chr.": an initial or an abbreviation
    kind, number = _kind(token)
    delimiter = (
        "two-parens" if match.group("both") else "one-paren" if match.group("one") else "period"
    )
    mark = f"\ue000{kind} {delimiter} {number}\ue001"
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
    """Each ordered list cut where its items' kind or delimiter changes (pandoc starts
    a new list there; Markdown joins lists a blank line apart), each part given
    its first item's kind as a class and its number as ``start``; the marks out."""

    def run(self, root: ET.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for ol in list(root.iter("ol")):
            if "footnote" in (parents.get(ol, ol).get("class") or "").split():
                continue  # the notes' list: printed at the pages' feet, numbered as calls
            marks = [self._take_mark(li) for li in ol.findall("li")]
            if all(mark is None for mark in marks):
                _long_markers(ol, *PLAIN, 1)
                continue
            parts = [ol]
            items = ol.findall("li")
            for index in range(1, len(items)):
                if _key(marks[index]) != _key(marks[index - 1]):
                    part = ET.Element("ol")
                    parent = parents[parts[-1]]
                    parent.insert(list(parent).index(parts[-1]) + 1, part)
                    parents[part] = parent
                    part.tail, parts[-1].tail = parts[-1].tail, "\n"
                    parts.append(part)
                if len(parts) > 1:
                    ol.remove(items[index])
                    parts[-1].append(items[index])
            for part in parts if len(parts) > 1 else ():
                _tight(part)
            first = 0
            for part in parts:
                mark = marks[first]
                first += len(part.findall("li"))
                if mark is None:
                    _long_markers(part, *PLAIN, 1)
                    continue
                kind, delimiter, start = mark
                # "decimal period" is Markdown's own 1.: no class
                classes = (
                    [kind, delimiter] if delimiter != "period" else [kind] * (kind != PLAIN[0])
                )
                if classes:
                    part.set("class", " ".join(classes))
                if start != 1:
                    part.set("start", str(start))
                else:
                    part.attrib.pop("start", None)
                _long_markers(part, kind, delimiter, start)

    @staticmethod
    def _take_mark(li: ET.Element) -> tuple[str, str, int] | None:
        holder = li if (li.text or "").strip() or not len(li) else li[0]
        match = MARK_RE.match(holder.text or "")
        if match is None:
            return None
        holder.text = holder.text[match.end() :]
        return match.group(1), match.group(2), int(match.group(3))


def _long_markers(ol: ET.Element, kind: str, delimiter: str, start: int) -> None:
    """Class ``long-markers`` on a list whose widest marker has three characters or
    more (``(2)``, ``10.``, ``iv.``): print.css gives it the room (a wider indent),
    where an outside marker would hang out of the column."""
    numbers = range(max(start, 1), start + len(ol.findall("li")))
    widest = max((len(_numeral(kind, n)) for n in numbers), default=0)
    if widest + (2 if delimiter == "two-parens" else 1) >= 3:
        ol.set("class", " ".join([*(ol.get("class") or "").split(), "long-markers"]))


def _numeral(kind: str, number: int) -> str:
    """``number`` written as a marker of ``kind`` prints it (lower case)."""
    if kind.endswith("alpha"):
        text = ""
        while number > 0:
            number, letter = divmod(number - 1, 26)
            text = chr(ord("a") + letter) + text
        return text
    if kind.endswith("roman"):
        text = ""
        for value, letters in (
            (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
        ):  # fmt: skip
            count, number = divmod(number, value)
            text += letters * count
        return text
    return str(number)


def _tight(ol: ET.Element) -> None:
    """A list cut from a longer one that was loose only where its parts met (the
    blank line between them): its items' lone paragraphs unwrapped, as the other
    items are."""
    items = ol.findall("li")
    wrapped = [
        li for li in items if len(li) == 1 and li[0].tag == "p" and not (li.text or "").strip()
    ]
    if not wrapped or len(wrapped) == len(items):
        return
    for li in wrapped:
        paragraph = li[0]
        li.remove(paragraph)
        li.text = paragraph.text
        li.extend(list(paragraph))


def _key(mark: tuple[str, str, int] | None) -> tuple[str, str]:
    return PLAIN if mark is None else mark[:2]
