"""Read a manuscript (Markdown + YAML front matter) into the document model.

Every problem is reported with the file and line, and what to change.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from typing import Any

from lxml import etree

from pamphletpress.errors import ManuscriptError, display_path, located
from pamphletpress.i18n import _
from pamphletpress.read.body import read_body
from pamphletpress.read.converters import smarten
from pamphletpress.read.document import Article, Box, Document, Metadata, nfc, slugify
from pamphletpress.read.languages import mark_languages
from pamphletpress.read.notemarks import settle_dead_calls
from pamphletpress.read.placeholders import FILL_IN, placeholder_in
from pamphletpress.read.project import Project

log = logging.getLogger("pamphletpress")

END_MARK = "■"


def read_document(project: Project) -> Document:
    """The whole manuscript of a project: one article per ``.md`` file, in name order."""
    files = manuscript_files(project.manuscript)
    articles = [read_article(path, project) for path in files]
    digest = hashlib.sha256()
    for article in articles:
        digest.update(article.text_digest.encode())
    return Document(
        articles=articles,
        root=project.root,
        slug=slugify(output_name(project, articles)),
        digest=digest.hexdigest(),
    )


def output_name(project: Project, articles: list[Article]) -> str:
    """The outputs' name, by what is built, whatever the argument named it by.

    The project's whole manuscript (no argument, the project folder, its
    ``manuscript/``, or the one article in it): ``slug:``, else the project
    folder's name. One article of several, or a file outside a project's
    ``manuscript/``: its own ``slug:`` (front matter), else the file's name.
    """
    manuscript = project.manuscript
    whole = manuscript.is_dir() or (
        manuscript.parent == (project.root / "manuscript").resolve()
        and [p for p in manuscript.parent.iterdir() if _is_article(p)] == [manuscript]
    )
    project_slug = project.config.get("slug")
    own = articles[0].meta.slug
    if whole:
        return project_slug or own or project.root.name
    if own and own != project_slug:  # the article's own, not the whole issue's
        return own
    return manuscript.stem


def manuscript_files(path: Path) -> list[Path]:
    """The articles, in name order; a ``.txt`` beside them is named, not skipped silently."""
    if path.is_file():
        return [path]
    beside = sorted(
        p.name
        for p in path.parent.glob("*")
        if p.suffix.lower() in (".md", ".markdown", ".txt")
        and p.is_file()
        and p.name.lower() not in ("readme.md", "license.txt", "licence.txt")
    )
    if not path.is_dir():
        found = (
            _(" ({beside} is in the project folder)").format(beside=", ".join(beside[:3]))
            if beside
            else ""
        )
        raise ManuscriptError(
            _(
                "the project has no manuscript folder{found}; make a folder 'manuscript' "
                "and save the article in it as a .md file"
            ).format(found=found),
            path,
        )
    files = sorted(p for p in path.iterdir() if _is_article(p))
    texts = sorted(p for p in path.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
    documents = sorted(
        p for p in path.iterdir() if p.suffix.lower() in OTHER_DOCUMENTS and p.is_file()
    )
    if not files:
        if documents:
            raise ManuscriptError(
                _("this folder holds no .md files, only {name}: ").format(name=documents[0].name)
                + how_to_import(documents[0]),
                path,
            )
        if texts:
            names = ", ".join(p.name for p in texts[:3])
            raise ManuscriptError(
                _(
                    "this folder holds no .md files, only {names}: pamphletpress reads .md "
                    "files; rename {name} to {md_name} (the text editor added .txt)"
                ).format(names=names, name=texts[0].name, md_name=_md_name(texts[0])),
                path,
            )
        if path.name == "manuscript" and beside:
            raise ManuscriptError(
                _(
                    "this folder holds no .md files, but {beside} is in the project folder "
                    "above it: move the article into manuscript/"
                ).format(beside=", ".join(beside[:3])),
                path,
            )
        raise ManuscriptError(
            _(
                "this folder holds no .md files; save the article here as a .md file "
                "(pamphletpress new krant makes a project with a sample article)"
            ),
            path,
        )
    for document in documents:
        if not any(
            (path / f"{stem}.md").is_file() for stem in (document.stem, slugify(document.stem))
        ):  # imported already: its .md is beside it
            log.warning(
                _("{file}: not read; {how_to_import}").format(
                    file=display_path(document), how_to_import=how_to_import(document)
                )
            )
    for text in texts:
        log.warning(
            _(
                "{file}: not read, because it ends in .txt; if it is an article, rename "
                "it to {md_name}"
            ).format(file=display_path(text), md_name=_md_name(text)),
        )
    return files


#: Documents people save in manuscript/ that the build does not read.
OTHER_DOCUMENTS = (".docx", ".doc", ".odt", ".rtf", ".pages", ".pdf")


def how_to_import(document: Path) -> str:
    """How to bring a document's text into a manuscript, as `import` can (.docx, .odt,
    .pdf and .txt, writing manuscript/NAME.md where it runs, or -o FILE)."""
    from shlex import quote

    target = quote(display_path(document.with_name(slugify(document.stem) + ".md")))
    source = quote(display_path(document))
    if document.suffix.lower() == ".pdf":
        return _(
            "the build reads .md (Markdown) files; to turn a printed paper's PDF "
            "into a manuscript, run: pamphletpress import {source} -o {target}"
        ).format(source=source, target=target)
    if document.suffix.lower() in (".docx", ".odt"):
        return _(
            "the build reads .md (Markdown) files; to turn it into a manuscript (its "
            "pictures beside it), run: pamphletpress import {source} -o {target}"
        ).format(source=source, target=target)
    docx = quote(display_path(document.with_suffix(".docx")))
    return _(
        "the build reads .md (Markdown) files, and import does not read {suffix} "
        "files (it reads .docx, .odt, .html, .pdf and .txt): open it in your "
        "word processor, save it as a Word document ({docx}), then run: "
        "pamphletpress import {docx} -o {target}"
    ).format(suffix=document.suffix, docx=docx, target=target)


def _is_article(path: Path) -> bool:
    return path.suffix.lower() in (".md", ".markdown") and path.is_file()


def _md_name(path: Path) -> str:
    stem = path.name[:-4]
    return stem if stem.lower().endswith((".md", ".markdown")) else stem + ".md"


def read_article(path: Path, project: Project) -> Article:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ManuscriptError(
            _("is not UTF-8 text; save it as UTF-8 (in most editors: Save as… → Encoding: UTF-8)"),
            path,
            line,
        ) from exc
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = remove_control_characters(text, path)
    if not text.strip():
        raise ManuscriptError(
            _(
                "the file is empty; write the article in it, starting with the front matter "
                "(a line ---, then title: …, then a line ---)"
            ),
            path,
        )
    front, body, body_line = split_front_matter(text, path)
    meta = make_metadata(front, project, path)
    article = read_body(body, body_line, path, project, meta, no_title=_no_title(front))
    if not article.lede and not article.body:
        raise ManuscriptError(
            _("the manuscript has no text; write the article below the front matter"), path
        )
    mark_languages(article, project.root / ".pamphletpress-cache" / "languages")
    _chapter_heading(article)
    settle_dead_calls(article)
    if meta.end_mark:
        place_end_mark(article.body, article.lede)
    article.text_digest = hashlib.sha256(raw).hexdigest()
    return article


ROMAN_NUMERAL = re.compile(r"[IVXLCDM]+\.?")


def _chapter_heading(article: Article) -> None:
    """A first paragraph that is the chapter's title — a Roman numeral ("I."), or the
    title's part after its dash ("Max Havelaar — Eerste hoofdstuk": "EERSTE
    HOOFDSTUK") — is a heading, as a book sets it, not a paragraph."""
    first = article.body[0] if article.body else None
    if isinstance(first, Box) or first is None or first.tag != "p" or len(first):
        return
    text = " ".join((first.text or "").split())
    part = re.split(r"\s[—–:-]\s", article.meta.title)[-1].casefold()
    if not text or len(text.split()) > 6:
        return
    if ROMAN_NUMERAL.fullmatch(text) or (part and text.casefold().startswith(part)):
        first.tag = "h2"


CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def remove_control_characters(text: str, path: Path) -> str:
    """Invisible control characters (pasted from a word processor) cannot go into
    HTML or XML: a line break from Word (vertical tab) becomes a space, the rest
    goes, with one warning naming the first line."""
    match = CONTROL_RE.search(text)
    if match is None:
        return text
    line = text.count("\n", 0, match.start()) + 1
    log.warning(
        _(
            "{file}:{line}: removed invisible control characters (U+{ord:04X} …) "
            "pasted into the text"
        ).format(file=display_path(path), line=line, ord=ord(match.group(0))),
    )
    return CONTROL_RE.sub(lambda m: " " if m.group(0) in "\x0b\x0c" else "", text)


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """The front matter (a :class:`~pamphletpress.read.settings.Located` mapping that knows each
    key's line), the body, and the body's first line number."""
    from pamphletpress.read.settings import Located, read_yaml

    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        if text.lstrip().startswith("---\n") and re.match(r"\s*---\n.*?^\w+:", text, re.S | re.M):
            raise ManuscriptError(
                _(
                    "the front matter must start on the very first line; remove the empty lines "
                    "or spaces above the first '---'"
                ),
                path,
                1,
            )
        front = Located(path=path)
        front.found = False
        return front, text, 1
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        raise ManuscriptError(
            _(
                "the front matter starting on line 1 is never closed; after the last 'key: value' "
                "line (title: …, author: …) add a line '---'"
            ),
            path,
            1,
        )
    front = read_yaml("\n".join(lines[1:index]), path, 2, "the front matter")
    front.found = True
    return front, "\n".join(lines[index + 1 :]), index + 2


def make_metadata(front: dict[str, Any], project: Project, path: Path) -> Metadata:
    """Front matter over ``pamphletpress.yml`` over defaults, typed by the settings schema."""
    from pamphletpress.read.settings import ARTICLE, article_defaults, check_settings

    merged = {**article_defaults(project.config), **check_settings(front, path, ARTICLE)}
    _warn_placeholders(front, path)

    def first(*keys: str, default: Any = None) -> Any:
        return next((merged[k] for k in keys if merged.get(k) is not None), default)

    lang = first("lang", "language", default="nl")
    title, kicker, byline = first("title"), first("kicker", "subtitle"), first("byline")
    return Metadata(  # a title may still come from the text's "# …" (body.py)
        title=smarten(title, lang) if title else "",
        kicker=smarten(kicker, lang) if kicker else None,
        authors=first("authors", "author", default=[]),
        byline=smarten(byline, lang) if byline else None,
        date=first("date"),
        lang=lang,
        publication=first("publication"),
        issue=first("issue"),
        description=first("description"),
        rights=first("rights", "license", "licence"),
        subjects=first("subjects", "keywords", default=[]),
        hyphenation=first("hyphenation", default=[]),
        end_mark=first("end_mark", default=True),
        slug=first("slug"),
        base_url=first("base_url"),
        diagrams=first("diagrams", default="draw"),
        stylesheets=_stylesheets(
            first("stylesheets", "stylesheet", default=[]), project, path, _line_of(front)
        ),
    )


def _warn_placeholders(front: dict[str, Any], path: Path) -> None:
    """A field ``import`` left to fill in (``title: TITEL``) is said at once: ``check``
    fails a PDF or EPUB that still carries it."""
    lines = getattr(front, "lines", {})
    for key, value in front.items():
        placeholder = placeholder_in(value)
        if placeholder is not None:
            log.warning(
                _(
                    "{where}: '{key}: {value}' is still the placeholder import wrote; "
                    "{FILL_IN}, before the paper goes out"
                ).format(
                    where=located(path, lines.get(key)),
                    key=key,
                    value=value,
                    FILL_IN=_(FILL_IN[placeholder]),
                ),
            )


def _line_of(front: dict[str, Any]) -> int | None:
    lines = getattr(front, "lines", {})
    return lines.get("stylesheet") or lines.get("stylesheets")


def _no_title(front: dict[str, Any]) -> str:
    if not getattr(front, "found", bool(front)):
        return _(
            "has no front matter (the 'key: value' lines between two '---' lines at the top); "
            "start the file with a line '---', then 'title: Your headline', then a line '---' "
            "(see the sample: pamphletpress new krant)"
        )
    return _("the front matter has no title; add a line 'title: …' between the two '---' lines")


def _stylesheets(
    value: list[str], project: Project, path: Path, line: int | None = None
) -> list[Path]:
    """Extra stylesheets the manuscript names: they must exist, inside the project."""
    from pamphletpress.read.resources import OutsideProject, local_path

    found = []
    for name in value:
        candidates = [path.parent / name, project.root / name]
        try:
            resolved = [
                local_path(str(c), project.root, project.allowed_roots()) for c in candidates
            ]
        except OutsideProject as exc:
            raise ManuscriptError(
                _("stylesheet {name}: {exc}; keep styles in the project").format(
                    name=name, exc=exc
                ),
                path,
                line,
            ) from exc
        existing = [c for c in resolved if c.is_file()]
        if not existing:
            raise ManuscriptError(
                _(
                    "stylesheet {name} does not exist (looked in {file} and {file2}); fix "
                    "the name or add the file"
                ).format(
                    name=name, file=display_path(path.parent), file2=display_path(project.root)
                ),
                path,
                line,
            )
        found.append(existing[0])
    return found


def place_end_mark(blocks: list, lede: list[etree._Element]) -> None:
    """Mark the article's end: wrap the author's ■, or add one after the last text.

    The last text may be a code block or a table (an address card closing a
    chapter): the mark cannot stand in its lines, so it gets a line of its own
    under it, not after the paragraph before it."""
    for block in blocks:
        if isinstance(block, Box):
            continue
        for element in block.iter():
            for attr in ("text", "tail"):
                value = getattr(element, attr)
                if value and END_MARK in value:
                    _wrap_end_mark(element, attr)
                    return
    flow = [b for b in blocks if not isinstance(b, Box) and _has_words(b)] or lede
    if not flow:
        return
    target = flow[-1]
    while len(target) and target[-1].tag in CONTAINERS:
        target = target[-1]
    if target.tag in OWN_LINE:
        _end_mark_line(target, blocks)
        return
    if target.tag not in ("p", "li", "dd", "blockquote"):
        return
    mark = etree.SubElement(target, "span", {"class": "endmark"})
    mark.text = END_MARK
    previous = mark.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "").rstrip() + "\u00a0"
    else:
        target.text = (target.text or "").rstrip() + "\u00a0"


#: Blocks the end mark looks into for the article's last text.
CONTAINERS = ("ul", "ol", "li", "blockquote", "p", "dl", "dd")
#: Text whose lines cannot take the mark: it stands on a line of its own under it.
OWN_LINE = ("pre", "table")


def _end_mark_line(block: etree._Element, blocks: list) -> None:
    """The ■ on a line of its own right after ``block`` (in its list item or
    quotation when it stands in one, else as the article's next block)."""
    line = etree.Element("p", {"class": "endmark-line"})
    mark = etree.SubElement(line, "span", {"class": "endmark"})
    mark.text = END_MARK
    top = [i for i, b in enumerate(blocks) if b is block]
    if top:
        blocks.insert(top[0] + 1, line)
    else:
        parent = block.getparent()
        parent.insert(parent.index(block) + 1, line)
        line.tail, block.tail = block.tail, None


def _has_words(block: etree._Element) -> bool:
    """Text after which the ■ may stand: words, code or a table; not a picture
    alone, nor a rule."""
    return block.tag != "hr" and bool("".join(block.itertext()).strip())


def _wrap_end_mark(element: etree._Element, attr: str) -> None:
    value = getattr(element, attr)
    before, after = value.split(END_MARK, 1)
    mark = etree.Element("span", {"class": "endmark"})
    mark.text = END_MARK
    mark.tail = after
    # A no-break space keeps the mark with the last word.
    before = before.rstrip() + "\u00a0" if before.strip() else before
    if attr == "text":
        element.text = before
        element.insert(0, mark)
    else:
        element.tail = before
        parent = element.getparent()
        parent.insert(parent.index(element) + 1, mark)
