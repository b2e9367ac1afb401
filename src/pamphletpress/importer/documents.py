"""``import`` of a Word, LibreOffice or web document: one manuscript and its pictures, safely.

The reader of each format (``docx``, ``odt``, ``html_article``) hands on HTML, the
document's properties and what it could not carry over; ``html_markdown`` makes the
body; this module adds the front matter, says the warnings, and writes the pictures
and then the manuscript, never replacing a file that exists unless forced. A
document that cannot be read (damaged, encrypted, empty) is refused before anything
is written.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path

import yaml
from lxml import etree

from pamphletpress.errors import OutputError, PamphletError, display_path
from pamphletpress.i18n import N_, _
from pamphletpress.importer.document_report import DocumentReport, Notice, Reading
from pamphletpress.importer.html_markdown import to_markdown
from pamphletpress.importer.output import write_new
from pamphletpress.importer.pictures import Pictures
from pamphletpress.importer.rendering import author_of
from pamphletpress.importer.report import ImportResult
from pamphletpress.read.placeholders import DATE, TITLE

log = logging.getLogger("pamphletpress")
#: What a long import is doing, for the terminal's progress line (cli.py shows it).
progress = logging.getLogger("pamphletpress.progress")

KINDS = {"docx": N_("Word document"), "odt": N_("OpenDocument text"), "html": N_("web page")}
#: The same, with its article, in a sentence.
A_KIND = {
    "docx": N_("a Word document"),
    "odt": N_("an OpenDocument text"),
    "html": N_("a web page"),
}
#: The pictures' folder, beside the manuscript file (as in `pamphletpress new`'s project).
PICTURE_FOLDER = "afbeeldingen"


def import_document(
    src: Path, kind: str, target: Path, *, force: bool = False, lang: str | None = None
) -> ImportResult:
    """Read ``src`` (a ``kind`` of :data:`KINDS`), write ``target`` and its pictures."""
    pictures = Pictures(PICTURE_FOLDER, target.stem)
    progress.info(_("reading {name} ({KINDS})").format(name=src.name, KINDS=_(KINDS[kind])))
    reading = _read(src, kind, pictures)
    progress.info(_("{name}: writing the manuscript").format(name=src.name))
    converted = to_markdown(reading.html, known_title=reading.meta.get("title"))
    if not converted.markdown.strip() and not converted.title:
        raise PamphletError(
            _("holds no text to import; open it and check it is the article, then save it again"),
            src,
        )
    meta = dict(reading.meta)
    meta["lang"] = lang or _language(meta.get("lang")) or "nl"
    report = DocumentReport(
        source=src.name,
        kind=_(KINDS[kind]),
        title=converted.title or meta.get("title"),
        author=meta.get("author"),
        lang=meta["lang"],
        headings=converted.headings,
        paragraphs=converted.paragraphs,
        lists=converted.lists,
        tables=converted.tables,
        quotes=converted.quotes,
        notes=converted.notes,
        links=converted.links,
        warnings=_once(reading.warnings),
        left_out=_once(reading.left_out),
    )
    report.bold_headings = converted.bold_headings
    if converted.kicker:
        meta["kicker"] = converted.kicker
    if converted.byline:
        meta["byline"] = converted.byline
        meta.setdefault("author", author_of(converted.byline))
        report.author, report.byline = report.author or meta["author"], converted.byline
    front = front_matter(report, meta)
    markdown = front + "\n\n" + converted.markdown
    for address in pictures.unprintable:
        report.left_out.append(
            Notice(
                N_("picture"),
                _(
                    "{address} is a Windows metafile, which no build can print: open the "
                    "document, save the picture as PNG and put it in its place"
                ).format(address=address),
            )
        )
    _write(target, markdown, pictures, force=force)
    report.pictures = [display_path(target.parent / a) for a in pictures.files]
    for notice in report.warnings:
        log.warning("%s: %s", display_path(src), notice)
    return ImportResult(markdown, report, target)  # type: ignore[arg-type]


def _read(src: Path, kind: str, pictures: Pictures) -> Reading:
    data = src.read_bytes()
    if kind == "html":
        from pamphletpress.importer.html_article import read_article

        text = _decoded(data)
        if not re.sub(r"<[^>]*>|\s", "", text):
            raise PamphletError(
                _(
                    "holds no text (an empty page); save the article's page again from the "
                    "browser (File → Save Page As…, Web page, complete) and import that"
                ),
                src,
            )
        try:
            return read_article(text, src, pictures)
        except Exception as exc:  # noqa: BLE001 - a broken page fails anywhere in the parsers
            raise PamphletError(
                _(
                    "is a web page that cannot be read ({reason}); save the page again from "
                    "the browser and import that (--debug shows the details)"
                ).format(reason=_reason(exc)),
                src,
            ) from exc
    if kind == "odt" and _encrypted_odt(data):
        raise PamphletError(
            _(
                "is protected by a password, so its text cannot be read; open it in LibreOffice, "
                "save it without the password (File → Save As…, untick “Save with password”) "
                "and import it again"
            ),
            src,
        )
    try:
        if kind == "docx":
            from pamphletpress.importer.docx import read_docx

            return read_docx(data, pictures)
        from pamphletpress.importer.odt import read_odt

        return read_odt(data, pictures)
    except Exception as exc:  # noqa: BLE001 - a damaged file fails anywhere in the library
        name = "Word" if kind == "docx" else "LibreOffice"
        raise PamphletError(
            _(
                "is {document} that cannot be read ({reason}); open it in {name}, "
                "save it again as .{kind}, and import that (--debug shows the details)"
            ).format(document=_(A_KIND[kind]), reason=_reason(exc), name=name, kind=kind),
            src,
        ) from exc


def front_matter(report: DocumentReport, meta: dict) -> str:
    """The manuscript's front matter: what the document said, TODO where it said nothing."""
    source = report.source
    lines = ["---", f"# Imported by pamphletpress from {source}: fill in the fields marked TODO."]

    def field(key: str, value) -> None:
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=10_000, sort_keys=False)
        lines.append(dumped.strip())

    if report.title:
        field("title", report.title)
    else:
        lines.append(f"title: {TITLE}  # TODO: the document has no title")
        report.placeholders.append("title")
    for key in ("kicker", "author", "byline"):
        if meta.get(key):
            field(key, meta[key])
    field("lang", report.lang)
    for key in ("date", "publication", "description"):
        if meta.get(key):
            field(key, meta[key])
    if not meta.get("date"):
        lines.append(f"# date: {DATE}  # TODO: the date was not in the document")
        report.placeholders.append("date")
    lines.append("---")
    return "\n".join(lines)


def _write(target: Path, markdown: str, pictures: Pictures, *, force: bool) -> None:
    """The pictures first, then the manuscript; nothing replaced unless forced."""
    if target.exists() and not force and not target.is_dir():
        raise OutputError(_("exists already; choose another name or use --force"), target)
    clashes = [
        target.parent / address
        for address, data in pictures.files.items()
        if (target.parent / address).exists() and (target.parent / address).read_bytes() != data
    ]
    if clashes and not force:
        raise OutputError(
            _(
                "exists already (a picture of another article?); use --force to replace it, "
                "or import under another name (-o)"
            ),
            clashes[0],
        )
    for number, (address, data) in enumerate(pictures.files.items(), 1):
        progress.info(
            _("saving picture {number} of {files_count}").format(
                number=number, files_count=len(pictures.files)
            )
        )
        path = target.parent / address
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as exc:
            raise OutputError(
                _("cannot be written: {value}").format(value=exc.strerror or exc), path
            ) from exc
    write_new(target, markdown, force=force)


def _once(notices: list[Notice]) -> list[Notice]:
    """Each notice once: Word files made by LibreOffice hold each drawing twice (DrawingML
    and its VML fallback), and so each field in it."""
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for notice in notices:
        key = (notice.what, notice.detail, notice.where)
        if key not in seen:
            seen.add(key)
            kept.append(notice)
    return kept


def _language(value: str | None) -> str | None:
    """``nl-NL`` → ``nl``, ``de-CH`` kept: the region only where it is not the language's
    own country."""
    if not value:
        return None
    value = value.replace("_", "-").strip()
    primary, _, region = value.partition("-")
    if not primary.isalpha():
        return None
    if not region or region.lower() == primary.lower():
        return primary.lower()
    return f"{primary.lower()}-{region.upper()}"


def _decoded(data: bytes) -> str:
    """A saved page's text: its BOM or declared charset, else UTF-8, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    head = data[:2048].lower()
    for marker in (b'charset="', b"charset='", b"charset="):
        at = head.find(marker)
        if at >= 0:
            name = head[at + len(marker) :].split(b'"')[0].split(b"'")[0].split(b";")[0]
            try:
                return data.decode(name.strip().decode("ascii"), errors="replace")
            except (LookupError, UnicodeDecodeError):
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _encrypted_odt(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            manifest = archive.read("META-INF/manifest.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    return b"encryption-data" in manifest


def _reason(exc: Exception) -> str:
    if isinstance(exc, zipfile.BadZipFile):
        return _("it is not a complete zip package")
    if isinstance(exc, KeyError):
        return _("a part is missing: {value}").format(value=exc.args[0] if exc.args else exc)
    if isinstance(exc, etree.XMLSyntaxError):
        return _("its XML is damaged")
    return str(exc) or type(exc).__name__
