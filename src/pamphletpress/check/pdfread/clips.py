"""Where a placed picture shows: its box cut by the clipping path it is drawn in.

pdfplumber gives a picture's box as placed, but a photo cropped to the grid
(``object-fit: cover``) is placed larger than it shows, inside a clipping
rectangle. This walks a page's content (and the forms it draws) once with
pypdf, keeping the transformation and the clip's bounding box, and cuts each
picture's box to what shows: the white a reader sees around it.
"""

from __future__ import annotations

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: Operators that end a path (painting it or not): a pending clip takes effect there.
PATH_ENDS = {b"n", b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*"}
#: Forms drawn inside forms deeper than this are not followed (a damaged file's loop).
DEPTH = 8


def shown_images(reader, page_index: int) -> list[tuple[str, Box, Box]]:
    """Each image a page draws, in drawing order: its XObject name, its box as
    placed and its box as shown (placed box cut by the clip), in PDF coordinates
    (x0, y0, x1, y1), y upwards."""
    page = reader.pages[page_index]
    found: list[tuple[str, Box, Box]] = []
    _walk(reader, page.get_contents(), page.get("/Resources"), IDENTITY, None, found, 0)
    return found


def _walk(reader, contents, resources, ctm: Matrix, clip, found: list, depth: int) -> None:
    """Follow one content stream's drawing, with ``ctm`` and ``clip`` as it starts."""
    from pypdf.generic import ContentStream

    if contents is None or depth > DEPTH:
        return
    resources = resources.get_object() if resources is not None else {}
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else {}
    stack: list[tuple[Matrix, Box | None]] = []
    path: list[tuple[float, float]] = []
    clipping = False
    for operands, operator in ContentStream(contents, reader).operations:
        if operator == b"q":
            stack.append((ctm, clip))
        elif operator == b"Q" and stack:
            ctm, clip = stack.pop()
        elif operator == b"cm" and len(operands) == 6:
            ctm = multiply(tuple(float(v) for v in operands), ctm)
        elif operator == b"re" and len(operands) == 4:
            x, y, w, h = (float(v) for v in operands)
            path += _corners(ctm, (x, y, x + w, y + h))
        elif operator in (b"m", b"l") and len(operands) == 2:
            path.append(_apply(ctm, float(operands[0]), float(operands[1])))
        elif operator in (b"c", b"v", b"y"):
            values = [float(v) for v in operands]
            path += [_apply(ctm, *values[i : i + 2]) for i in range(0, len(values) - 1, 2)]
        elif operator in (b"W", b"W*"):
            clipping = True
        elif operator in PATH_ENDS:
            if clipping and path:
                clip = _cut(clip, _bounds(path))
            path, clipping = [], False
        elif operator == b"Do" and operands:
            name = str(operands[0])
            xobject = xobjects.get(name)
            if xobject is None:
                continue
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                placed = _bounds(_corners(ctm, (0.0, 0.0, 1.0, 1.0)))
                found.append((name.lstrip("/"), placed, _cut(clip, placed)))
            elif xobject.get("/Subtype") == "/Form":
                matrix = tuple(float(v) for v in xobject.get("/Matrix", IDENTITY))
                inner = multiply(matrix, ctm)
                box = [float(v) for v in xobject.get("/BBox", ())]
                inner_clip = clip
                if len(box) == 4:
                    inner_clip = _cut(clip, _bounds(_corners(inner, tuple(box))))
                own = xobject.get("/Resources", resources)
                _walk(reader, xobject, own, inner, inner_clip, found, depth + 1)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """The product of two PDF matrices (a b c d e f): ``m`` applied, then ``n``
    (PDF's order: the new CTM is ``m × CTM``)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _corners(m: Matrix, box: Box) -> list[tuple[float, float]]:
    """A rectangle's four corners through ``m``."""
    x0, y0, x1, y1 = box
    return [_apply(m, x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]


def _bounds(points: list[tuple[float, float]]) -> Box:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _cut(clip: Box | None, box: Box) -> Box:
    """``box`` within ``clip`` (no clip: the box itself; no overlap: an empty box)."""
    if clip is None:
        return box
    x0, y0 = max(clip[0], box[0]), max(clip[1], box[1])
    x1, y1 = min(clip[2], box[2]), min(clip[3], box[3])
    return (x0, y0, max(x0, x1), max(y0, y1))
