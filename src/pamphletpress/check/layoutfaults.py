"""Layout faults read back from a finished PDF, whoever made it.

What a reader sees as broken on the page, found from the glyphs alone:

- glyphs of two lines on top of each other (a heading run across the gutter
  into the other column, a picture's caption over the text …);
- text outside the text block: to the left or right of where the page's body
  lines stand (a word that ran past the column into the margin);
- a column or page that ends in a hyphen (the reader must turn the page in the
  middle of a word);
- and two compromises ``check`` tells of without failing: a column left a
  line short because its last line's hyphen was moved on, and a hole before a
  picture that went to the next column's top.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from pamphletpress.check.pdfread.lines import HANGING_LEFT, HANGING_RIGHT, letter_hangs
from pamphletpress.i18n import _

#: Of a glyph's box, the part ink surely covers: its inner width, from just above
#: the baseline to the x-height (boxes of tightly set headlines overlap, ink doesn't).
INK_X = 0.15
INK_BELOW, INK_ABOVE = 0.05, 0.55
#: Two glyphs collide when their ink parts overlap by this share of the smaller.
COLLISION = 0.3
#: pt beyond the body lines' outermost edge that still counts as inside.
SLACK = 1.5
HYPHENS = "-\u2010\u00ad"


@dataclass
class Fault:
    page: int  # 1-based
    text: str


def _ink(char: dict) -> tuple[float, float, float, float]:
    width = char["x1"] - char["x0"]
    size = char["size"]
    baseline = char["matrix"][5]
    return (
        char["x0"] + INK_X * width,
        baseline + INK_BELOW * size,
        char["x1"] - INK_X * width,
        baseline + INK_ABOVE * size,
    )


def collisions(pdf) -> list[Fault]:
    """Glyphs that overlap glyphs of another line, one fault per page and line pair."""
    faults: list[Fault] = []
    for page in pdf.pages:
        inked = [(c, _ink(c)) for c in page.chars if not c["text"].isspace() and c["x1"] > c["x0"]]
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for index, (_char, (x0, y0, x1, y1)) in enumerate(inked):
            for gx in range(int(x0 // 12), int(x1 // 12) + 1):
                for gy in range(int(y0 // 12), int(y1 // 12) + 1):
                    grid[(gx, gy)].append(index)
        seen: set[tuple[float, float]] = set()
        for cell in grid.values():
            for i, a in enumerate(cell):
                char_a, box_a = inked[a]
                for b in cell[i + 1 :]:
                    char_b, box_b = inked[b]
                    if abs(box_a[1] - box_b[1]) < 0.5:  # the same line: kerning, not a fault
                        continue
                    if _overlap(box_a, box_b) <= COLLISION:
                        continue
                    key = (round(box_a[1]), round(box_b[1]))
                    if key in seen:
                        continue
                    seen.add(key)
                    faults.append(
                        Fault(
                            page.number,
                            _("“{char_a}” and “{char_b}” overlap").format(
                                char_a=char_a["text"], char_b=char_b["text"]
                            ),
                        )
                    )
    return faults


def _overlap(a, b) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return width * height / smaller if smaller > 0 else 0.0


def outside_text_block(pdf, body_lines) -> list[Fault]:
    """Text left or right of the text block: where the document's body lines
    begin and end, most of them (so that the one line that ran out is not
    taken for the block's edge)."""
    if not body_lines:
        return []
    left = _usual([round(line.letters_x0) for line in body_lines], min) - SLACK
    right = _usual([round(line.edge_x1) for line in body_lines], max) + SLACK
    # The foot margin (below the deepest body line) holds the folio and the running
    # footer, set to the page's design, not to the lines: a one-column short article
    # must not fail for its page number standing at the right-hand column's edge.
    foot = max(c["bottom"] for line in body_lines for c in line.chars or [{"bottom": 0}])
    faults = []
    for page in pdf.pages:
        strays = [
            c
            for c in page.chars
            if not c["text"].isspace() and _beyond(c, left, right) and c["top"] < foot + SLACK
        ]
        if strays:
            word = "".join(c["text"] for c in strays[:12])
            faults.append(
                Fault(page.number, _("text beyond the text block: “{word}”").format(word=word))
            )
    return faults


def _beyond(char: dict, left: float, right: float) -> bool:
    """A glyph outside the text block; a mark that hangs out of it (optical
    margins: a full stop, a hyphen, a quote), starting inside it, is not, nor
    a letter hung a little way out (``pdf.protrude_letters``)."""
    if char["x0"] < left and not (char["text"] in HANGING_LEFT and char["x1"] >= left):
        return not letter_hangs(char, left, right=False)
    if char["x1"] > right and not (char["text"] in HANGING_RIGHT and char["x0"] <= right):
        return not letter_hangs(char, right)
    return False


def _usual(edges: list[int], pick) -> float:
    """The outermost of the edges that at least a tenth of the lines share."""
    counts = Counter(edges)
    common = [edge for edge, count in counts.items() if count * 10 >= len(edges)]
    return pick(common or edges)


def column_end_hyphens(body_lines) -> list[Fault]:
    """Columns whose last line ends in a hyphen that the next column continues."""
    by_column = _columns(body_lines)
    order = sorted(by_column)
    faults = []
    for index, key in enumerate(order):
        last = by_column[key][-1]
        following = by_column[order[index + 1]][0] if index + 1 < len(order) else None
        if last.text[-1:] in HYPHENS and following and following.text[:1].islower():
            faults.append(
                Fault(key[0] + 1, _("a column ends in “{words}”").format(words=last.words[-1]))
            )
    return faults


def _columns(body_lines) -> dict[tuple[int, int], list]:
    by_column: dict[tuple[int, int], list] = defaultdict(list)
    for line in body_lines:
        by_column[(line.page, line.column)].append(line)
    return by_column


def _leading(by_column) -> float | None:
    """The body's line distance: the most common step between a column's lines."""
    steps = Counter(
        round(b.top - a.top, 1)
        for lines in by_column.values()
        for a, b in zip(lines, lines[1:])
        if b.top > a.top
    )
    return steps.most_common(1)[0][0] if steps else None


def short_columns(body_lines) -> list[Fault]:
    """Columns one or more lines short of the page's longest because the line
    that would have ended them ends in a hyphen and was moved on (with what
    held it), where no orphan or widow rule asked for it."""
    by_column = _columns(body_lines)
    leading = _leading(by_column)
    if leading is None:
        return []
    # A mark hanging out of the column is beyond its edge: where it begins counts.
    right = {key: max(line.edge_x1 for line in lines) for key, lines in by_column.items()}
    left = {key: min(line.letters_x0 for line in lines) for key, lines in by_column.items()}
    order = sorted(by_column)
    faults = []
    for key, following in zip(order, order[1:]):
        foot = max(lines[-1].top for k, lines in by_column.items() if k[0] == key[0])
        last, after = by_column[key][-1], by_column[following]
        room = int((foot - last.top) / leading + 0.1)
        if room < 1 or len(after) <= room:
            continue
        would_end = after[room - 1]
        before = after[room - 2] if room > 1 else last
        side = key if room == 1 else following
        starts_paragraph = before.x1 < right[side] - 1 or would_end.x0 > left[following] + 1
        widowed = after[room].x1 < right[following] - 1  # the next line ends its paragraph
        if would_end.text[-1:] in HYPHENS and not starts_paragraph and not widowed:
            faults.append(
                Fault(
                    key[0] + 1,
                    _("a column ends a line short before “{words}”").format(
                        words=would_end.words[-1]
                    ),
                )
            )
    return faults


def figure_holes(pdf, body_lines) -> list[Fault]:
    """Pictures at the top of a column whose column before ends a line or more
    short of the page's foot: the picture went on, leaving a hole."""
    by_column = _columns(body_lines)
    leading = _leading(by_column)
    if leading is None:
        return []
    foot = {
        page: max(lines[-1].top for k, lines in by_column.items() if k[0] == page)
        for page in {k[0] for k in by_column}
    }
    faults = []
    for page in pdf.pages:
        index = page.number - 1
        middle = (page.bbox[0] + page.bbox[2]) / 2
        for image in page.images:
            column = 0 if image["x0"] < middle else 1
            above = [line for line in by_column.get((index, column), []) if line.top < image["top"]]
            if above or image["x1"] - image["x0"] > middle:
                continue  # not at a column's top, or across both columns
            before = (index, 0) if column == 1 else (index - 1, 1)
            if before not in by_column or before[0] not in foot:
                continue
            end = by_column[before][-1].top
            # a picture at the foot of the column before fills it as a line does
            earlier = pdf.pages[before[0]]
            half = (earlier.bbox[0] + earlier.bbox[2]) / 2
            for other in earlier.images:
                if (0 if other["x0"] < half else 1) == before[1]:
                    end = max(end, other["bottom"])  # its caption under it
            reference = foot[before[0]]
            if column == 1:  # the same page: as far down as the picture's column goes
                reference = max(
                    (line.top for line in by_column.get((index, 1), [])), default=reference
                )
            if end < reference - 1.5 * leading and not any(f.page == index + 1 for f in faults):
                faults.append(
                    Fault(index + 1, _("a picture at a column's top leaves a hole before it"))
                )
    return faults
