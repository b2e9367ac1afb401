"""What a file to import holds, judged by its content: text, a PDF, or something to refuse.

``import`` reads plain text and PDF. A file's name says what it should be; its first
bytes say what it is. A Word file renamed ``.txt``, a zip, a picture or a damaged PDF
would otherwise come out as a manuscript of garbage, so each is refused with the
format it really is and what to do instead. The signatures are the formats' own
(the ones ``file(1)`` uses); a zip is opened to tell a Word, OpenDocument or EPUB
file from any other archive.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pamphletpress.errors import PamphletError

#: Documents import cannot read, by name: their text is inside a format of their own.
WORD_PROCESSOR_SUFFIXES = (".docx", ".doc", ".odt", ".rtf", ".pages", ".wpd")

#: First bytes → what the file is (as an editor calls it).
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word document (.doc)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"),
    (b"GIF8", "a GIF picture"),
    (b"II*\x00", "a TIFF picture"),
    (b"MM\x00*", "a TIFF picture"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"%!PS", "a PostScript file"),
)

#: Inside a zip: the member that tells what document it is.
ZIP_MEMBERS = (
    ("word/document.xml", "a Word document (.docx)"),
    ("content.xml", "an OpenDocument text (.odt)"),
    ("META-INF/container.xml", "an EPUB"),
    ("index.xml", "a Pages document"),
)

#: What holds an article's text in a format of its own: saved as text, it can be imported.
DOCUMENTS = {
    "an old Word document (.doc)",
    "an RTF document",
    *(name for _member, name in ZIP_MEMBERS),
    "an OpenDocument text (.odt)",
}

#: Notepad's "Unicode": UTF-16 with its byte order mark, NUL bytes and all.
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def check_importable(path: Path) -> str:
    """``"pdf"`` or ``"text"``: how to read ``path``; anything else is refused with a
    message naming what the file is and what to do."""
    head = path.read_bytes()[:4096]
    suffix = path.suffix.lower()
    found = what_it_is(path, head)
    if suffix in WORD_PROCESSOR_SUFFIXES:
        raise PamphletError(_save_as_text(path, found or f"a {suffix} document"), path)
    if suffix == ".pdf":
        if found == "a PDF":
            return "pdf"
        if found is None and head and not _looks_binary(head):
            raise PamphletError(
                "is named .pdf but holds plain text, not a PDF; rename it to "
                f"{path.with_suffix('.txt').name} and import that",
                path,
            )
        raise PamphletError(
            f"is named .pdf but is not a PDF (it is {found or 'binary data of an unknown kind'}"
            "); export the article from the program it came from as a PDF, or save its text "
            "as plain text (.txt), and import that",
            path,
        )
    if found == "a PDF":
        raise PamphletError(
            f"is a PDF, not plain text; rename it to {path.with_suffix('.pdf').name} and "
            "import that",
            path,
        )
    if found in DOCUMENTS:
        raise PamphletError(_save_as_text(path, found), path)
    if found is not None:
        raise PamphletError(
            f"is {found}, not text; import reads plain text (.txt) and PDF files",
            path,
        )
    if not head.startswith(UTF16_MARKS) and _looks_binary(head):
        raise PamphletError(
            "holds binary data, not text; import reads plain text (.txt) and PDF files: open "
            "the article in the program that made it and save it as plain text",
            path,
        )
    return "text"


def what_it_is(path: Path, head: bytes) -> str | None:
    """The format the first bytes show, or ``None`` for none known (text, perhaps)."""
    for signature, name in SIGNATURES:
        if head.startswith(signature):
            return name
    if b"%PDF-" in head[:1024]:  # the PDF standard allows junk before the header
        return "a PDF"
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
                    return "an OpenDocument text (.odt)"
                if "epub" in mimetype:
                    return "an EPUB"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "a damaged zip archive"
    for member, name in ZIP_MEMBERS:
        if member in names:
            return name
    return "a zip archive"


def _looks_binary(head: bytes) -> bool:
    """NUL bytes, or many control characters that no text file holds."""
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f\x0b")
    return controls > max(2, len(head) // 100)


def _save_as_text(path: Path, found: str) -> str:
    return (
        f"is {found}; import reads plain text (.txt) and PDF files: open it in the program "
        f"it came from (your word processor), save it as plain text "
        f"({path.with_suffix('.txt').name}) and import that"
    )
