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

from pathlib import Path

from pamphletpress.errors import PamphletError
from pamphletpress.i18n import _
from pamphletpress.importer.documents import KINDS, import_document
from pamphletpress.importer.formats import UTF16_MARKS, check_importable
from pamphletpress.importer.lines import remove_page_furniture, split_lines
from pamphletpress.importer.other_layouts import (
    Found,
    finish,
    pull_author_and_date,
    pull_tables,
    set_notes_apart,
)
from pamphletpress.importer.output import slug, write_new
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
    found = Found()
    text = pull_tables(text, found)
    lines, numbers, heads = remove_page_furniture(split_lines(text, pages))
    lines = pull_author_and_date(lines, found)
    set_notes_apart(lines)
    importer = Importer(lines, lang, source_name)
    importer.report.page_numbers, importer.report.running_heads = numbers, heads
    separate_opening(importer)
    units = lede_before_byline(importer.segment())
    parts = arrange(importer, units)
    finish(parts, found, importer.report)
    importer.report.other_layout = found.summary()
    markdown = render(parts, importer.report, {**found.meta(), **(meta or {})})
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
            Doubt(line, text, _("check the word"), extracted.pages[line - 1])
        )
    return result


def run_import(
    src: Path, out: Path | None = None, *, force: bool = False, lang: str | None = None
) -> ImportResult:
    """The ``import`` command: read ``src`` (.docx, .odt, a saved web page, .pdf or text),
    write the manuscript (and a document's pictures) safely.

    ``lang`` defaults to the document's own language, or Dutch for a text file."""
    src = Path(src)
    if not src.is_file():
        raise PamphletError(
            _("does not exist or is not a file; give a .docx, .odt, .html, .pdf or .txt file"), src
        )
    kind = check_importable(src)
    target = Path(out) if out else Path("manuscript") / f"{slug(src.stem)}.md"
    if kind in KINDS:
        return import_document(src, kind, target, force=force, lang=lang)
    if kind == "pdf":
        result = import_pdf(src, lang=lang)
    else:
        result = import_text(read_text_file(src), lang=lang or "nl", source_name=src.name)
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
