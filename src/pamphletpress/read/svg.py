"""An SVG made safe to print and to ship: no scripts, no entities, nothing outside the project.

An SVG is a program as much as a picture: it can run scripts, declare entities
that expand to gigabytes (the "billion laughs"), name files on the disk
(``<!ENTITY x SYSTEM "file:///etc/passwd">``) or on the network (``<image
href="https://…">``). Each SVG a manuscript names is parsed once here without
a DTD, without entities and without the network (lxml: ``resolve_entities``,
``load_dtd`` and ``no_network``; libxml2's own depth limit), and a clean copy is
written to the project's cache, which the PDF (as vectors, through WeasyPrint's
SVG code) and the EPUB (as an SVG, an EPUB core media type) both use. Every
removal the editor should know of is returned as a note.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from lxml import etree

from pamphletpress.i18n import _
from pamphletpress.read.resources import MissingImage, OutsideProject, local_path

#: An SVG larger than this is not a chart or a logo: refused unread.
MAX_BYTES = 10_000_000
VERSION = "safe-svg 6"
#: Beside each clean copy: the path of the SVG it was made from.
ORIGINAL = "original.txt"
#: Elements that run, animate or embed another document: none belongs in print.
REMOVED = {"script", "foreignObject", "iframe", "handler", "listener"}
ANIMATION = {"animate", "animateMotion", "animateTransform", "animateColor", "set"}
#: Pictures an SVG may carry inside itself (``data:`` URLs), as the PDF and the EPUB take them.
EMBEDDED = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]*)\1\s*\)", re.I)
CSS_IMPORT = re.compile(r"@import[^;]*;?", re.I)


def safe_svg(path: Path, roots: list[Path], cache: Path) -> tuple[Path, list[str]]:
    """A clean copy of the SVG ``path`` under ``cache``, and what was taken out of it.

    Raises :class:`MissingImage` if it is not an SVG that can be read."""
    name = path.name
    if path.stat().st_size > MAX_BYTES:
        raise MissingImage(
            _(
                "picture {name} is an SVG of {value} MB, too large for a chart or a "
                "logo: simplify it, or export it as PNG at 300 ppi"
            ).format(name=name, value=path.stat().st_size // 1000000)
        )
    data = path.read_bytes()
    key = hashlib.sha256(VERSION.encode() + str(path).encode() + data).hexdigest()[:16]
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        if "amplification" in str(exc) or "entity" in str(exc).lower() and "loop" in str(exc):
            raise MissingImage(
                _(
                    "picture {name} declares entities that would grow without end (as a "
                    "hostile file does); it is not read: export the chart again as plain SVG"
                ).format(name=name)
            ) from None
        raise MissingImage(
            _(
                "picture {name} is not a readable SVG ({reason}): save or export it "
                "again as SVG (in Inkscape: Save As › Plain SVG)"
            ).format(name=name, reason=_reason(exc))
        ) from None
    if etree.QName(root).localname != "svg":
        raise MissingImage(
            _("picture {name} is XML but not an SVG: export it again as SVG").format(name=name)
        )
    notes: list[str] = []
    _clean(root, path.parent, roots, notes, name)
    _sane_size(root, name)
    target = cache / key / path.name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".part")
        temporary.write_bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))
        (target.parent / ORIGINAL).write_text(str(path), "utf-8")
        temporary.replace(target)
    return target, notes


def original_of(copy: Path) -> Path:
    """The SVG the clean ``copy`` was made from (the copy itself if that is not known)."""
    recorded = copy.parent / ORIGINAL
    return Path(recorded.read_text("utf-8")) if recorded.is_file() else copy


def _reason(exc: etree.XMLSyntaxError) -> str:
    message = str(exc.msg or exc).split(",")[0].strip()
    return (
        _("{message}, line {line}").format(message=message, line=exc.lineno)
        if exc.lineno
        else message
    )


def _clean(root: etree._Element, base: Path, roots: list[Path], notes: list[str], name: str):
    """Remove from ``root`` what could run or fetch; say once of each kind."""
    said: set[str] = set()

    def note(kind: str, text: str) -> None:
        if kind not in said:
            said.add(kind)
            notes.append(_("picture {name}: {text}").format(name=name, text=text))

    for element in list(root.iter()):
        if element.getparent() is None and element is not root:
            continue  # inside an element already removed
        if not isinstance(element.tag, str):  # an entity reference: never expanded
            note("entity", _("its entities (<!ENTITY …>) are not used; removed"))
            _drop(element)
            continue
        local = etree.QName(element).localname
        if local in REMOVED:
            note(
                local,
                _("its <{local}> is removed (a picture in print does not run code)").format(
                    local=local
                ),
            )
            _drop(element)
            continue
        if local in ANIMATION:
            _drop(element)  # print shows the first frame; animations may set links
            continue
        for attribute in list(element.attrib):
            value = element.get(attribute, "")
            attr = etree.QName(attribute).localname
            if attr.lower().startswith("on"):
                note("handlers", _("its event handlers (onclick, onload …) are removed"))
                del element.attrib[attribute]
            elif attr == "href" and local != "a":
                kept = _reference(value, base, roots)
                if kept is None:
                    note(
                        f"href {value}",
                        _(
                            "the reference to {value} is removed (only pictures inside the "
                            "project, or inside the SVG, are used)"
                        ).format(value=value[:80]),
                    )
                    del element.attrib[attribute]
                    if local in ("image", "use", "feImage"):
                        _drop(element)  # nothing left to show (and WeasyPrint would
                        break  # draw the rest of the page wrongly after it)
                else:
                    element.set(attribute, kept)
            elif attr == "href" and not re.match(r"(?i)(https?:|mailto:|#)", value.strip()):
                del element.attrib[attribute]  # a link that could run: javascript:…
            elif attr == "style" and ("url(" in value.lower() or "@import" in value.lower()):
                element.set(attribute, _clean_css(value, note))
        if local in ("image", "use", "feImage") and element.getparent() is not None:
            if not any(etree.QName(a).localname == "href" for a in element.attrib):
                _drop(element)  # an image of nothing: WeasyPrint then draws the page's
                continue  # later pictures blank
        if local == "style" and element.text:
            element.text = _clean_css(element.text, note)


#: A width or height beyond this (px) is made 1,000 px across, in the same shape.
MAX_UNITS = 100_000.0
#: A viewBox beyond this is refused: the PDF's numbers (a few decimals) would round
#: such a drawing, fitted to a column, to nothing.
MAX_VIEWBOX = 10_000_000.0


def _sane_size(root: etree._Element, name: str) -> None:
    """An absurd ``width``/``height`` made 1,000 px across (the column then sizes the
    picture) in the same shape; an absurd viewBox refused (:class:`MissingImage`)."""
    width, height = _number(root.get("width", "")), _number(root.get("height", ""))
    if (width or 0) > MAX_UNITS or (height or 0) > MAX_UNITS:
        ratio = height / width if width and height else 0.5
        root.set("width", "1000")
        root.set("height", f"{1000 * ratio:.6g}")
    box = [_number(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip())]
    if len(box) == 4 and None not in box and max(abs(v) for v in box) > MAX_VIEWBOX:
        raise MissingImage(
            _(
                "picture {name} draws in {max:.3g} units, far more than a printed page "
                "can show (a damaged or hostile file): export it again as SVG"
            ).format(name=name, max=max(abs(v) for v in box))
        )


#: Each SVG length unit in points (a number alone is CSS pixels).
POINTS_PER = {None: 0.75, "px": 0.75, "pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}


def natural_width_pt(path: Path) -> float | None:
    """How wide the drawing says it is, in points (its ``width``), None where it says
    nothing or a percentage (then the column sizes it) or is no readable SVG."""
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except (OSError, etree.XMLSyntaxError):
        return None
    value = root.getroot().get("width", "")
    match = re.fullmatch(r"\s*([\d.]+(?:[eE][-+]?\d+)?)\s*(px|pt|mm|cm|in)?\s*", value)
    if not match:
        return None
    return float(match.group(1)) * POINTS_PER[match.group(2)]


def _number(value: str) -> float | None:
    """A length's number (``12``, ``1e9``, ``300px``), None if it has none or is a percentage."""
    match = re.fullmatch(
        r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(px|pt|mm|cm|in)?\s*", value
    )
    return float(match.group(1)) if match else None


def _drop(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _reference(value: str, base: Path, roots: list[Path]) -> str | None:
    """What an ``href`` may keep: a fragment, an embedded picture, or a picture inside
    the project (embedded, so the EPUB carries it too); None for anything else."""
    value = value.strip()
    if value.startswith("#"):
        return value
    if re.match(r"(?i)data:image/(png|jpeg|gif);base64,", value):
        return value
    try:
        path = local_path(value, base, roots)
    except OutsideProject:
        return None
    media = EMBEDDED.get(path.suffix.lower())
    if media is None or not path.is_file() or path.stat().st_size > MAX_BYTES:
        return None
    return f"data:{media};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _clean_css(css: str, note) -> str:
    """CSS inside the SVG with only ``url(#…)`` references left and no ``@import``."""
    if CSS_IMPORT.search(css):
        note("import", _("its style sheet's @import is removed"))
        css = CSS_IMPORT.sub("", css)

    def keep(match: re.Match) -> str:
        if match.group(2).strip().startswith("#"):
            return match.group(0)
        note(
            "css-url",
            _("the style's reference to {group} is removed").format(group=match.group(2)[:80]),
        )
        return "none"

    return CSS_URL.sub(keep, css)
