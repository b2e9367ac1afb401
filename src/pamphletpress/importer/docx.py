"""A Word document (.docx) read by mammoth: its HTML, properties, pictures and what it loses.

mammoth turns the document into semantic HTML through a style map: Word's and
LibreOffice's own style names, in English and in Dutch (Word stores a style under the
name it was made with, so a document from a Dutch Word has "Kop 1", "Titel",
"Citaat"). It takes tracked changes as accepted (inserted text kept, deleted text
left out) and leaves comments out. What it does silently is said here: the document's
XML is looked at for tracked changes, comments, text boxes, shapes, fields, headers,
footers and the page layout, each named in the report with the paragraph it was in.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile

import mammoth
from lxml import etree

from pamphletpress.errors import plural
from pamphletpress.i18n import N_, _
from pamphletpress.importer.document_report import Notice, Reading
from pamphletpress.importer.pictures import Pictures

log = logging.getLogger("pamphletpress")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}

#: Style names (as Word and LibreOffice write them: English, Dutch, German, French) → HTML.
TITLE_STYLES = ("Title", "Titel", "Titre")
SUBTITLE_STYLES = ("Subtitle", "Ondertitel", "Untertitel", "Sous-titre")
QUOTE_STYLES = (
    "Quote", "Intense Quote", "Quotations", "Citaat", "Duidelijk citaat", "Citaten", "Zitat",
    "Intensives Zitat", "Zitate", "Citation", "Citation intense", "Citations",
)  # fmt: skip
CAPTION_STYLES = (
    "Caption", "Bijschrift", "Figure", "Illustration", "Afbeelding", "Illustratie",
    "Beschriftung", "Abbildung", "Légende",
)  # fmt: skip
HEADING_NAMES = ("Heading", "heading", "Kop", "kop", "Überschrift", "Titre")


def style_map() -> str:
    """mammoth's style map for the names above (its default map adds English headings)."""
    lines = [f"p[style-name='{name}'] => h1.title:fresh" for name in TITLE_STYLES]
    lines += [f"p[style-name='{name}'] => h2.subtitle:fresh" for name in SUBTITLE_STYLES]
    lines += [f"p[style-name='{name}'] => blockquote > p:fresh" for name in QUOTE_STYLES]
    lines += [f"p[style-name='{name}'] => p.caption:fresh" for name in CAPTION_STYLES]
    for level in range(1, 7):
        lines += [f"p[style-name='{n} {level}'] => h{level}:fresh" for n in HEADING_NAMES]
    lines += [
        "r[style-name='Strong'] => strong",
        "r[style-name='Zwaar'] => strong",
        "r[style-name='Emphasis'] => em",
        "r[style-name='Nadruk'] => em",
        "comment-reference => !",
    ]
    return "\n".join(lines)


def read_docx(data: bytes, pictures: Pictures) -> Reading:
    """The document's HTML through mammoth, its pictures kept in ``pictures``."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    alts = _picture_descriptions(archive)

    seen = [0]

    def picture(image) -> dict[str, str]:
        with image.open() as stream:
            address = pictures.add(stream.read(), image.content_type or "")
        index, seen[0] = seen[0], seen[0] + 1  # mammoth reads the pictures in document order
        alt = image.alt_text or (alts[index] if index < len(alts) else "")
        return {"src": address, "alt": alt or ""}

    result = mammoth.convert_to_html(
        io.BytesIO(data),
        style_map=style_map(),
        convert_image=mammoth.images.img_element(picture),
    )
    for message in result.messages:
        log.info("%s", message.message)  # unknown styles and elements: with -v
    reading = Reading(result.value, _properties(archive))
    _notices(archive, reading)
    return reading


def _properties(archive: zipfile.ZipFile) -> dict:
    """Title, author and language from docProps/core.xml, else the styles' language."""
    meta: dict = {}
    core = _xml(archive, "docProps/core.xml")
    if core is not None:
        for key, path in (
            ("title", "dc:title"),
            ("author", "dc:creator"),
            ("lang", "dc:language"),
            ("description", "dc:description"),
        ):
            value = core.findtext(path, namespaces=NS)
            if value and value.strip():
                meta[key] = " ".join(value.split())
    if "lang" not in meta:
        styles = _xml(archive, "word/styles.xml")
        found = styles.find(".//w:docDefaults//w:lang", NS) if styles is not None else None
        if found is not None and found.get(f"{{{W}}}val"):
            meta["lang"] = found.get(f"{{{W}}}val")
    return meta


def _picture_descriptions(archive: zipfile.ZipFile) -> list[str]:
    """Each picture's description (alt text), in document order: mammoth reads a picture
    LibreOffice wrote twice (DrawingML and VML) from its VML copy, which has none."""
    document = _xml(archive, "word/document.xml")
    if document is None:
        return []
    found = []
    for doc_pr in document.iterfind(".//wp:docPr", NS):
        inline = doc_pr.getparent()
        if inline.find(".//pic:pic", NS) is not None:
            found.append(doc_pr.get("descr") or doc_pr.get("title") or "")
    return found


def _notices(archive: zipfile.ZipFile, reading: Reading) -> None:
    """What mammoth passed over silently, with the paragraph it was in."""
    document = _xml(archive, "word/document.xml")
    if document is None:
        return
    body = document.find("w:body", NS)
    paragraphs = list(body.iter(f"{{{W}}}p")) if body is not None else []
    top = [p for p in paragraphs if _outer_paragraph(p) is p]
    where_of = {id(p): _where(index, p) for index, p in enumerate(top, 1)}

    def where(element) -> str:
        outer = _outer_paragraph(element)
        return where_of.get(id(outer), "") if outer is not None else ""

    insertions = document.findall(".//w:ins", NS)
    deletions = document.findall(".//w:del", NS)
    moves = document.findall(".//w:moveTo", NS)
    changes = insertions + deletions + moves
    if changes:
        authors = sorted({c.get(f"{{{W}}}author") or "?" for c in changes})
        places = sorted({where(c) for c in changes} - {""})
        counts = {
            "insertions": plural(len(insertions), "{count} insertion", "{count} insertions"),
            "deletions": plural(len(deletions), "{count} deletion", "{count} deletions"),
            "moves": plural(len(moves), "{count} move", "{count} moves"),
        }
        counted = (
            _("{insertions}, {deletions} and {moves}")
            if moves
            else _("{insertions} and {deletions}")
        ).format(**counts)
        reading.warnings.append(
            Notice(
                N_("tracked changes"),
                _("{counted} by {authors} taken as accepted").format(
                    counted=counted, authors=", ".join(authors)
                ),
                "; ".join(places[:4]),
            )
        )
    comments = _xml(archive, "word/comments.xml")
    if comments is not None:
        anchors = {
            ref.get(f"{{{W}}}id"): where(ref)
            for ref in document.iterfind(".//w:commentReference", NS)
        }
        for comment in comments.iterfind("w:comment", NS):
            text = " ".join("".join(comment.itertext()).split())
            author = comment.get(f"{{{W}}}author") or "?"
            reading.warnings.append(
                Notice(
                    _("comment left out"),
                    _("“{text}” by {author}").format(text=text, author=author),
                    anchors.get(comment.get(f"{{{W}}}id"), ""),
                )
            )
    seen: set[int] = set()
    for box in document.iterfind(".//w:txbxContent", NS):
        owner = _drawing_of(box)
        if owner is None or id(owner) in seen:
            continue
        seen.add(id(owner))
        if box.find(".//pic:pic", NS) is not None or box.find(".//v:imagedata", NS) is not None:
            continue  # a captioned picture's frame: kept as a figure with its caption
        text = " ".join("".join(t.text or "" for t in box.iter(f"{{{W}}}t")).split())
        reading.left_out.append(
            Notice(
                N_("text box"),
                _(
                    "“{short}”: its text is kept as a paragraph after it, its frame and "
                    "place are not"
                ).format(short=_short(text)),
                where(box),
            )
        )
    for shape in document.iterfind(".//wps:wsp", NS):
        if shape.find(".//w:txbxContent", NS) is None:
            name = _drawing_name(shape)
            reading.left_out.append(
                Notice(N_("shape"), _("{name} left out").format(name=name), where(shape))
            )
    for instruction in document.iterfind(".//w:instrText", NS):
        code = " ".join((instruction.text or "").split())
        if code:
            reading.left_out.append(
                Notice(
                    N_("field"),
                    _("{split}: its last shown text is kept, it is no longer updated").format(
                        split=code.split()[0]
                    ),
                    where(instruction),
                )
            )
    for simple in document.iterfind(".//w:fldSimple", NS):
        code = " ".join((simple.get(f"{{{W}}}instr") or "").split())
        reading.left_out.append(
            Notice(
                N_("field"),
                _("{value}: its last shown text is kept").format(
                    value=code.split()[0] if code else "?"
                ),
                where(simple),
            )
        )
    _page_layout(archive, document, reading)
    _linked_pictures(archive, reading)


def _linked_pictures(archive: zipfile.ZipFile, reading: Reading) -> None:
    """Pictures the document only links to (a file on the writer's computer, an address):
    not in the document, so not in the manuscript either."""
    relations = _xml(archive, "word/_rels/document.xml.rels")
    if relations is None:
        return
    for relation in relations:
        kind, target = relation.get("Type", ""), relation.get("Target", "")
        if kind.endswith("/image") and (
            relation.get("TargetMode") == "External" or re.match(r"^[a-z]+:", target)
        ):
            reading.left_out.append(
                Notice(
                    N_("picture"),
                    _(
                        "{target} is linked, not in the document: save the picture in the "
                        "document (or beside the manuscript) and add it by hand"
                    ).format(target=target),
                )
            )


def _page_layout(archive: zipfile.ZipFile, document, reading: Reading) -> None:
    """Page size, columns, headers and footers: the layout is pamphletpress's own."""
    for section in document.iterfind(".//w:sectPr", NS):
        size = section.find("w:pgSz", NS)
        columns = section.find("w:cols", NS)
        parts = []
        if size is not None and size.get(f"{{{W}}}w"):
            width = int(size.get(f"{{{W}}}w")) / 567  # twentieths of a point → cm
            height = int(size.get(f"{{{W}}}h") or 0) / 567
            parts.append(_("page {width:.1f} × {height:.1f} cm").format(width=width, height=height))
        if columns is not None and int(columns.get(f"{{{W}}}num") or 1) > 1:
            parts.append(f"{columns.get(f'{{{W}}}num')} columns")
        if parts:
            reading.left_out.append(
                Notice(
                    N_("page layout"),
                    ", ".join(parts) + _(": the manuscript takes the newspaper's layout"),
                )
            )
    for name in sorted(archive.namelist()):
        if name.startswith("word/header") or name.startswith("word/footer"):
            part = _xml(archive, name)
            text = " ".join("".join(t.text or "" for t in part.iter(f"{{{W}}}t")).split())
            if text:
                kind = N_("header") if "header" in name else N_("footer")
                reading.left_out.append(
                    Notice(
                        kind,
                        _("“{short}” left out: the newspaper has its own").format(
                            short=_short(text)
                        ),
                    )
                )


def _outer_paragraph(element):
    """The body's paragraph that holds ``element`` (a text box's paragraph is inside one)."""
    outer = None
    node = element
    while node is not None:
        if node.tag == f"{{{W}}}p":
            outer = node
        node = node.getparent()
    return outer


def _drawing_of(box):
    """The outermost drawing holding ``box`` (LibreOffice writes each twice: DrawingML
    and its VML fallback, in one ``mc:AlternateContent``)."""
    kinds = (f"{{{NS['mc']}}}AlternateContent", f"{{{W}}}drawing", f"{{{W}}}pict")
    found = None
    node = box
    while node is not None:
        if node.tag in kinds:
            found = node
        node = node.getparent()
    return found


def _drawing_name(shape) -> str:
    node = shape
    while node is not None:
        doc_pr = node.find("wp:docPr", NS)
        if doc_pr is not None:
            return f"“{doc_pr.get('name')}”" if doc_pr.get("name") else "a shape"
        node = node.getparent()
    return "a shape"


def _where(index: int, paragraph) -> str:
    own = (
        t
        for t in paragraph.iter(f"{{{W}}}t")
        if _outer_paragraph(t) is paragraph
        and not any(a.tag == f"{{{W}}}txbxContent" for a in t.iterancestors())
    )
    text = " ".join("".join(t.text or "" for t in own).split())
    return f"paragraph {index}" + (f", “{_short(text, 4)}”" if text else "")


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _xml(archive: zipfile.ZipFile, name: str):
    try:
        return etree.fromstring(archive.read(name))
    except KeyError:
        return None
