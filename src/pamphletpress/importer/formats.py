"""What a file to import holds, judged by its content: text, PDF, Word, OpenDocument, a web
page, or something to refuse.

``import`` reads plain text, PDF, Word (.docx), OpenDocument text (.odt) and saved web
pages (.html). A file's name says what it should be; its first bytes say what it is.
A Word file renamed ``.txt`` is read as the Word file it is; a zip, a picture, an old
``.doc``, a password-protected document or a damaged PDF would otherwise come out as a
manuscript of garbage, so each is refused with the format it really is and what to do
instead. The signatures are the formats' own (the ones ``file(1)`` uses); a zip is
opened to tell a Word, OpenDocument or EPUB file from any other archive.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pamphletpress.errors import PamphletError
from pamphletpress.i18n import N_, _

#: Documents import cannot read, by name: their text is inside a format of their own.
WORD_PROCESSOR_SUFFIXES = (".doc", ".rtf", ".pages", ".wpd")
#: Saved web pages, by name.
WEB_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
#: An Office file encrypted with a password: an OLE file holding this stream.
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

#: First bytes → what the file is (as an editor calls it).
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", N_("a PDF")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", N_("an old Word document (.doc)")),
    (b"{\\rtf", N_("an RTF document")),
    (b"\x89PNG\r\n\x1a\n", N_("a PNG picture")),
    (b"\xff\xd8\xff", N_("a JPEG picture")),
    (b"GIF8", N_("a GIF picture")),
    (b"II*\x00", N_("a TIFF picture")),
    (b"MM\x00*", N_("a TIFF picture")),
    (b"\x1f\x8b", N_("a gzip archive")),
    (b"7z\xbc\xaf\x27\x1c", N_("a 7-Zip archive")),
    (b"Rar!", N_("a RAR archive")),
    (b"%!PS", N_("a PostScript file")),
)

#: Inside a zip: the member that tells what document it is.
ZIP_MEMBERS = (
    ("word/document.xml", N_("a Word document (.docx)")),
    ("content.xml", N_("an OpenDocument text (.odt)")),
    ("META-INF/container.xml", N_("an EPUB")),
    ("index.xml", N_("a Pages document")),
)

#: What holds an article's text in a format import does not read: saved as .docx, it can be.
DOCUMENTS = {"an old Word document (.doc)", "an RTF document", "a Pages document"}
#: What import reads, by what the content is.
READERS = {"a Word document (.docx)": "docx", "an OpenDocument text (.odt)": "odt"}

#: Notepad's "Unicode": UTF-16 with its byte order mark, NUL bytes and all.
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def check_importable(path: Path) -> str:
    """``"pdf"``, ``"docx"``, ``"odt"``, ``"html"`` or ``"text"``: how to read ``path``;
    anything else is refused with a message naming what the file is and what to do."""
    head = path.read_bytes()[:4096]
    suffix = path.suffix.lower()
    found = what_it_is(path, head)
    if found == "an old Word document (.doc)" and ENCRYPTED_PACKAGE in path.read_bytes():
        raise PamphletError(
            _(
                "is protected by a password, so its text cannot be read; open it in Word or "
                "LibreOffice, remove the password (Word: File → Info → Protect Document → Encrypt "
                "with Password, empty it), save it and import it again"
            ),
            path,
        )
    if found in READERS and suffix != ".pdf":
        return READERS[found]
    if suffix in (".docx", ".docm", ".odt") and found in ("a damaged zip archive", None):
        raise PamphletError(
            _(
                "is damaged: it is not a complete {suffix} file (perhaps cut off while "
                "mailed or downloaded); open it in Word or LibreOffice and save it "
                "again, or ask for it again, and import that"
            ).format(suffix=suffix),
            path,
        )
    if suffix in WORD_PROCESSOR_SUFFIXES or found in DOCUMENTS:
        raise PamphletError(
            _save_as_docx(path, found or _("a {suffix} document").format(suffix=suffix)), path
        )
    if suffix in WEB_PAGE_SUFFIXES or (found is None and _looks_like_html(head)):
        return "html"
    if suffix == ".pdf":
        if found == "a PDF":
            return "pdf"
        if found is None and head and not _looks_binary(head):
            raise PamphletError(
                _(
                    "is named .pdf but holds plain text, not a PDF; rename it to {name} and "
                    "import that"
                ).format(name=path.with_suffix(".txt").name),
                path,
            )
        raise PamphletError(
            _(
                "is named .pdf but is not a PDF (it is {value}); export the article from "
                "the program it came from as a PDF, or save its text as plain text "
                "(.txt), and import that"
            ).format(value=_(found or N_("binary data of an unknown kind"))),
            path,
        )
    if found == "a PDF":
        raise PamphletError(
            _("is a PDF, not plain text; rename it to {name} and import that").format(
                name=path.with_suffix(".pdf").name
            ),
            path,
        )
    if found is not None:
        raise PamphletError(
            _("is {found}, not text; import reads {READS}").format(found=_(found), READS=_(READS)),
            path,
        )
    if not head.startswith(UTF16_MARKS) and _looks_binary(head):
        raise PamphletError(
            _(
                "holds binary data, not text; import reads {READS}: open the article in "
                "the program that made it and save it as one of those"
            ).format(READS=_(READS)),
            path,
        )
    return "text"


def what_it_is(path: Path, head: bytes) -> str | None:
    """The format the first bytes show, or ``None`` for none known (text, perhaps)."""
    for signature, name in SIGNATURES:
        if head.startswith(signature):
            return name
    if b"%PDF-" in head[:1024]:  # the PDF standard allows junk before the header
        return N_("a PDF")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    return None


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace")
                if "opendocument.text" in mimetype:
                    return N_("an OpenDocument text (.odt)")
                if "epub" in mimetype:
                    return N_("an EPUB")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return N_("a damaged zip archive")
    for member, name in ZIP_MEMBERS:
        if member in names:
            return name
    return N_("a zip archive")


def _looks_binary(head: bytes) -> bool:
    """NUL bytes, or many control characters that no text file holds."""
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f\x0b")
    return controls > max(2, len(head) // 100)


#: What import reads, for messages.
READS = N_("Word (.docx), LibreOffice (.odt), web pages (.html), PDF and plain text (.txt) files")


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html")) or (
        start.startswith(b"<?xml") and b"<html" in start[:400]
    )


def _save_as_docx(path: Path, found: str) -> str:
    return _(
        "is {found}; import reads {reads}: open it in the program it came from (your word "
        "processor), save it as a Word document ({name}) and import that"
    ).format(found=_(found), reads=_(READS), name=path.with_suffix(".docx").name)
