"""Read a manuscript (Markdown + YAML front matter) into the document model.

Every problem is reported with the file and line, and what to change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from pamphletpress.body import read_body
from pamphletpress.document import Article, Box, Document, Metadata, slugify
from pamphletpress.errors import ManuscriptError, display_path
from pamphletpress.hyphenation import nfc
from pamphletpress.markdown_ext import smarten
from pamphletpress.project import Project

log = logging.getLogger("pamphletpress")

END_MARK = "■"
KNOWN_FIELDS = {
    "title", "kicker", "subtitle", "author", "authors", "byline", "date", "lang",
    "language", "publication", "issue", "description", "subjects", "keywords",
    "hyphenation", "end_mark", "slug", "stylesheet", "stylesheets", "base_url", "rights",
}  # fmt: skip


def read_document(project: Project) -> Document:
    """The whole manuscript of a project: one article per ``.md`` file, in name order."""
    files = manuscript_files(project.manuscript)
    articles = [read_article(path, project) for path in files]
    digest = hashlib.sha256()
    for article in articles:
        digest.update(article.text_digest.encode())
    slug = articles[0].meta.slug or (
        files[0].stem if len(files) == 1 else slugify(articles[0].meta.title)
    )
    return Document(
        articles=articles, root=project.root, slug=slugify(slug), digest=digest.hexdigest()
    )


def manuscript_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    files = sorted(
        p for p in path.iterdir() if p.suffix.lower() in (".md", ".markdown") and p.is_file()
    )
    if not files:
        raise ManuscriptError("this folder holds no .md files; add the manuscript", path)
    return files


def read_article(path: Path, project: Project) -> Article:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ManuscriptError(
            "is not UTF-8 text; save it as UTF-8 (in most editors: Save as… → Encoding: UTF-8)",
            path,
            line,
        ) from exc
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = remove_control_characters(text, path)
    front, body, body_line = split_front_matter(text, path)
    meta = make_metadata(front, project, path)
    article = read_body(body, body_line, path, project, meta)
    if not article.lede and not article.body:
        raise ManuscriptError(
            "the manuscript has no text; write the article below the front matter", path
        )
    if meta.end_mark:
        place_end_mark(article.body, article.lede)
    article.text_digest = hashlib.sha256(raw).hexdigest()
    return article


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
        "%s:%d: removed invisible control characters (U+%04X …) pasted into the text",
        display_path(path),
        line,
        ord(match.group(0)),
    )
    return CONTROL_RE.sub(lambda m: " " if m.group(0) in "\x0b\x0c" else "", text)


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """The front matter as a dict, the body, and the body's first line number."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return {}, text, 1
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        raise ManuscriptError(
            "the front matter starting on line 1 is never closed; end it with a line '---'",
            path,
            1,
        )
    source = "\n".join(lines[1:index])
    try:
        data = yaml.safe_load(source) if source.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or "cannot be read"
        raise ManuscriptError(
            f"the front matter is not valid YAML: {problem} (a value with ':' needs quotes)",
            path,
            line,
        ) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ManuscriptError(
            "the front matter must be 'key: value' lines (title: …, author: …)", path, 2
        )
    return data, "\n".join(lines[index + 1 :]), index + 2


def make_metadata(front: dict[str, Any], project: Project, path: Path) -> Metadata:
    """Front matter over ``pamphletpress.yml`` over defaults, checked field by field."""
    for key in front:
        if str(key) not in KNOWN_FIELDS:
            log.warning(
                "%s: front matter field '%s' is not used (known: %s)",
                display_path(path),
                key,
                ", ".join(sorted(KNOWN_FIELDS)),
            )
    merged = {**{k: v for k, v in project.config.items() if k in KNOWN_FIELDS}, **front}

    def string(key: str, *aliases: str) -> str | None:
        for name in (key, *aliases):
            value = merged.get(name)
            if value is None:
                continue
            if isinstance(value, (dict, list)):
                raise ManuscriptError(f"front matter '{name}' must be a single text", path)
            return _clean(str(value)) or None
        return None

    lang = string("lang", "language") or "nl"
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", lang):
        raise ManuscriptError(
            f"front matter 'lang: {lang}' is not a language code (nl, en, de-CH…)", path
        )
    title, kicker, byline = string("title"), string("kicker", "subtitle"), string("byline")
    return Metadata(
        title=smarten(title, lang) if title else "",
        kicker=smarten(kicker, lang) if kicker else None,
        authors=_names(merged.get("authors", merged.get("author")), path),
        byline=smarten(byline, lang) if byline else None,
        date=_date(merged.get("date"), path),
        lang=lang,
        publication=string("publication"),
        issue=string("issue"),
        description=string("description"),
        rights=string("rights"),
        subjects=_list(merged.get("subjects", merged.get("keywords")), "subjects", path),
        hyphenation=_list(merged.get("hyphenation"), "hyphenation", path),
        end_mark=_bool(merged.get("end_mark", True), "end_mark", path),
        slug=string("slug"),
        base_url=_base_url(string("base_url"), path),
        stylesheets=_stylesheets(
            merged.get("stylesheets", merged.get("stylesheet")), project, path
        ),
    )


def _names(value: Any, path: Path) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [_clean(value)] if _clean(value) else []
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [_clean(str(v)) for v in value if _clean(str(v))]
    raise ManuscriptError("front matter 'author' must be a name or a list of names", path)


def _list(value: Any, key: str, path: Path) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [_clean(v) for v in value.split(",") if _clean(v)]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [_clean(str(v)) for v in value if _clean(str(v))]
    raise ManuscriptError(f"front matter '{key}' must be a list of words", path)


def _clean(text: str) -> str:
    """A front-matter text as it can go into HTML and XML: composed, trimmed, no controls."""
    return " ".join(CONTROL_RE.sub(" ", nfc(text)).split())


def _stylesheets(value: Any, project: Project, path: Path) -> list[Path]:
    """Extra stylesheets the manuscript names: they must exist, inside the project."""
    from pamphletpress.resources import OutsideProject, local_path

    found = []
    for name in _list(value, "stylesheet", path) if not isinstance(value, str) else [value]:
        candidates = [path.parent / name, project.root / name]
        try:
            resolved = [
                local_path(str(c), project.root, project.allowed_roots()) for c in candidates
            ]
        except OutsideProject as exc:
            raise ManuscriptError(
                f"stylesheet {name}: {exc}; keep styles in the project", path
            ) from exc
        existing = [c for c in resolved if c.is_file()]
        if not existing:
            raise ManuscriptError(
                f"stylesheet {name} does not exist (looked in {display_path(path.parent)} "
                f"and {display_path(project.root)}); fix the name or add the file",
                path,
            )
        found.append(existing[0])
    return found


def _base_url(value: str | None, path: Path) -> str | None:
    if value is None:
        return None
    if not re.match(r"https?://[^/\s]+", value):
        raise ManuscriptError(
            f"front matter 'base_url: {value}' is not a web address; write it as "
            "https://example.org/ (the site the manuscript's relative links point into)",
            path,
        )
    return value if value.endswith("/") else value + "/"


def _bool(value: Any, key: str, path: Path) -> bool:
    if isinstance(value, bool):
        return value
    raise ManuscriptError(f"front matter '{key}' must be true or false", path)


def _date(value: Any, path: Path) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if match:
        try:
            dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
        except ValueError:
            match = None
    if not match:
        raise ManuscriptError(
            f"front matter 'date: {text}' is not a date; write it as 2022, 2022-03 or 2022-03-04",
            path,
        )
    return text


def place_end_mark(blocks: list, lede: list[etree._Element]) -> None:
    """Mark the article's end: wrap the author's ■, or add one after the last word."""
    for block in blocks:
        if isinstance(block, Box):
            continue
        for element in block.iter():
            for attr in ("text", "tail"):
                value = getattr(element, attr)
                if value and END_MARK in value:
                    _wrap_end_mark(element, attr)
                    return
    flow = [b for b in blocks if not isinstance(b, Box)] or lede
    if not flow:
        return
    target = flow[-1]
    while len(target) and target[-1].tag in ("ul", "ol", "li", "blockquote", "p", "dl", "dd"):
        target = target[-1]
    if target.tag not in ("p", "li", "dd", "blockquote"):
        return
    mark = etree.SubElement(target, "span", {"class": "endmark"})
    mark.text = END_MARK
    previous = mark.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "").rstrip() + "\u00a0"
    else:
        target.text = (target.text or "").rstrip() + "\u00a0"


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
