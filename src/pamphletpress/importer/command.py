"""The ``import`` command: a text or PDF in, a manuscript and its report out, written safely.

A newspaper's text comes back from its PDF as lines: broken at the column's
width, hyphenated by the typesetter, cut at column and page ends, with the
paragraph breaks, intertitles, the box and the end mark only hinted at by
line lengths and blank lines. :func:`import_text` reads those hints and
writes a manuscript in the format of ``docs/manuscript-format.md``;
everything it could not decide is listed in the report instead of being
guessed silently. :func:`import_pdf` first reads a PDF column by column.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from pamphletpress.errors import OutputError, PamphletError
from pamphletpress.importer.formats import UTF16_MARKS, check_importable
from pamphletpress.importer.lines import remove_page_furniture, split_lines
from pamphletpress.importer.pdfinput import extract_pdf
from pamphletpress.importer.rendering import render
from pamphletpress.importer.report import Doubt, ImportResult
from pamphletpress.importer.units import Importer, arrange, lede_before_byline, separate_opening


def import_text(
    text: str,
    *,
    lang: str = "nl",
    source_name: str = "",
    meta: dict | None = None,
    pages: list[int] | None = None,
) -> ImportResult:
    """A manuscript from a printed paper's text (one line per printed line).

    ``meta`` adds front matter known from elsewhere (a PDF's running footer);
    ``pages`` gives each input line's page, for the report.
    """
    lines, numbers, heads = remove_page_furniture(split_lines(text, pages))
    importer = Importer(lines, lang, source_name)
    importer.report.page_numbers, importer.report.running_heads = numbers, heads
    separate_opening(importer)
    units = lede_before_byline(importer.segment())
    parts = arrange(importer, units)
    markdown = render(parts, importer.report, meta or {})
    return ImportResult(markdown, importer.report)


def import_pdf(path: Path, **kw) -> ImportResult:
    """A manuscript from a PDF: its text read column by column, then :func:`import_text`."""
    extracted = extract_pdf(Path(path))
    kw.setdefault("source_name", Path(path).name)
    if kw.get("lang") is None:
        kw["lang"] = extracted.lang or "nl"  # the PDF's /Lang, as the tool writes it
    meta = {**extracted.meta, **(kw.pop("meta", None) or {})}
    result = import_text(extracted.text, meta=meta, pages=extracted.pages, **kw)
    result.report.ligatures = extracted.ligatures
    for line, text in extracted.doubts:
        result.report.doubtful.append(
            Doubt(line, text, "check the word", extracted.pages[line - 1])
        )
    return result


def run_import(
    src: Path, out: Path | None = None, *, force: bool = False, lang: str | None = None
) -> ImportResult:
    """The ``import`` command: read ``src`` (.pdf or text), write the manuscript safely.

    ``lang`` defaults to the PDF's own language, or Dutch for a text file."""
    src = Path(src)
    if not src.is_file():
        raise PamphletError("does not exist or is not a file; give a .txt or .pdf file", src)
    if check_importable(src) == "pdf":
        result = import_pdf(src, lang=lang)
    else:
        result = import_text(read_text_file(src), lang=lang or "nl", source_name=src.name)
    target = Path(out) if out else Path("manuscript") / f"{_slug(src.stem)}.md"
    write_new(target, result.markdown, force=force)
    result.path = target
    return result


def read_text_file(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its mark (Notepad's "Unicode"); an old
    Windows export as cp1252."""
    raw = path.read_bytes()
    if raw.startswith(UTF16_MARKS):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def write_new(target: Path, text: str, *, force: bool = False) -> None:
    """Write through a temporary file; never replace an existing file unless forced."""
    if target.is_dir():
        raise OutputError("is a folder; give a file name (-o manuscript/artikel.md)", target)
    if target.exists() and not force:
        raise OutputError("exists already; choose another name or use --force", target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if force:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)  # fails if someone made the file meanwhile
            except FileExistsError as exc:
                raise OutputError("exists already; use --force to replace it", target) from exc
            except OSError:
                os.replace(temporary, target)  # a file system without hard links
    except OSError as exc:
        raise OutputError(f"cannot be written: {exc.strerror or exc}", target) from exc
    finally:
        temporary.unlink(missing_ok=True)


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "artikel"
