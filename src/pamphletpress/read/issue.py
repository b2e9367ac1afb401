"""A newspaper issue's ``issue.yml``: nameplate, articles in order of importance, typed and checked.

A manuscript folder holding ``issue.yml`` is an issue. Every key keeps the line
it was written on, so a problem names the file and the line; an unknown key is
a warning naming the nearest known one, as in ``pamphletpress.yml``.
"""

from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pamphletpress.errors import ManuscriptError, located
from pamphletpress.i18n import _
from pamphletpress.read.settings import BY_KEY, clean, convert

log = logging.getLogger("pamphletpress")

ISSUE_FILE = "issue.yml"
FRONT_CHOICES = ("start", "teaser")

#: The jump lines' words per language; ``jump_words:`` in issue.yml overrides them.
JUMP_WORDS = {
    "nl": ("Lees verder op pagina", "Vervolg van pagina", "In dit nummer", "Pagina"),
    "en": ("Continued on page", "Continued from page", "In this issue", "Page"),
    "de": ("Weiter auf Seite", "Fortsetzung von Seite", "In dieser Ausgabe", "Seite"),
}

#: Keys of issue.yml: kind, what it is (the docs' table).
KEYS: dict[str, tuple[str, str]] = {
    "publication": ("text", "The paper's name, set large in the nameplate. Required."),
    "number": ("text", "The issue's number (312). Required."),
    "date": ("date", "The issue's date: 2026-03 or 2026-03-14. Required."),
    "price": ("text", "Price in the nameplate (€ 2,50)."),
    "website": ("text", "Web address in the nameplate."),
    "issn": ("text", "ISSN, in the nameplate and the colophon."),
    "publisher": ("text", "Who publishes the paper: the PDF's and the EPUB's publisher."),
    "editors": ("texts", "The editors' names: the issue PDF's author."),
    "lang": ("lang", "The issue's language (nl, en, de): the jump lines' words."),
    "pages": ("pages", "Pages wanted, a multiple of 4; without it the smallest that holds all."),
    "sections": ("texts", "The sections an article's `section:` may name."),
    "articles": ("articles", "The article files in order of importance; the first leads."),
    "colophon": ("text", "The colophon's text (editors, address, bank account)."),
    "house": ("files", "House boxes (.md files) that fill the last pages before any blank."),
    "jump_words": ("words", "Overrides: `out`, `in`, `contents`, `page`."),
}
#: Per article, in its front matter or its entry under ``articles:``.
ARTICLE_KEYS = ("file", "section", "page", "jump", "front")


class IssueError(ManuscriptError):
    """issue.yml cannot be used as written."""


@dataclass
class Entry:
    """One article of the issue as the editor placed it."""

    path: Path
    line: int
    section: str | None = None
    page: int | None = None  # pinned to this page
    jump: bool = True
    front: str | None = None  # "teaser": a teaser on page 1 (the lead always starts there)


@dataclass
class Issue:
    """What ``issue.yml`` says: the nameplate and the articles in order of importance."""

    path: Path
    publication: str
    number: str
    date: str
    entries: list[Entry]
    lang: str = "nl"
    price: str | None = None
    website: str | None = None
    issn: str | None = None
    publisher: str | None = None
    editors: list[str] = field(default_factory=list)
    pages: int | None = None
    sections: list[str] = field(default_factory=list)
    colophon: str | None = None
    house: list[Path] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The issue as a book title: ``De Rode Pen 12, maart 2026``."""
        return f"{self.publication} {self.number}, {shown_date(self.date, self.lang)}"

    def word(self, name: str) -> str:
        """A jump or contents word: ``out``, ``in``, ``contents``, ``page``."""
        defaults = JUMP_WORDS.get(self.lang.split("-")[0], JUMP_WORDS["en"])
        index = ("out", "in", "contents", "page").index(name)
        return self.words.get(name) or defaults[index]


MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
}


def shown_date(date: str, lang: str) -> str:
    """An ISO date as the nameplate says it: 2026-03-14 → 14 maart 2026."""
    parts = date.split("-")
    months = MONTHS.get(lang.split("-")[0], MONTHS["en"]).split()
    if len(parts) == 1:
        return parts[0]
    month = months[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def issue_file(manuscript: Path) -> Path | None:
    """The ``issue.yml`` of a manuscript folder, if it is an issue."""
    if manuscript.is_dir() and (manuscript / ISSUE_FILE).is_file():
        return manuscript / ISSUE_FILE
    return None


def read_issue(path: Path) -> Issue:
    """``issue.yml`` read, typed and checked; the articles' files resolved beside it."""
    text = path.read_text("utf-8-sig")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise IssueError(
            _("cannot be read as YAML ({getattr}); write 'key: value' lines").format(
                getattr=getattr(exc, "problem", exc)
            ),
            path,
            mark.line + 1 if mark else None,
        ) from exc
    if not isinstance(node, yaml.MappingNode):
        raise IssueError(
            _("must be 'key: value' lines (publication: …, number: …, articles: …)"), path, 1
        )
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key not in KEYS:
            _unknown(key, list(KEYS), path, line)
            continue
        lines[key] = line
        values[key] = _typed(key, value_node, path, line)
    for required in ("publication", "number", "date", "articles"):
        if not values.get(required):
            example = {"articles": "articles: [lead.md, second.md]"}.get(required, f"{required}: …")
            raise IssueError(
                _("'{required}:' is missing; add a line '{example}'").format(
                    required=required, example=example
                ),
                path,
            )
    issue = Issue(
        path=path,
        publication=values["publication"],
        number=values["number"],
        date=values["date"],
        entries=values["articles"],
        lang=values.get("lang") or "nl",
        price=values.get("price"),
        website=values.get("website"),
        issn=values.get("issn"),
        publisher=values.get("publisher"),
        editors=values.get("editors") or [],
        pages=values.get("pages"),
        sections=values.get("sections") or [],
        colophon=values.get("colophon"),
        house=values.get("house") or [],
        words=values.get("jump_words") or {},
    )
    _check_entries(issue)
    return issue


def _unknown(key: str, known: list[str], path: Path, line: int) -> None:
    near = difflib.get_close_matches(key.casefold(), known, n=1, cutoff=0.6)
    hint = (
        _("did you mean '{near}'?").format(near=near[0])
        if near
        else _("the keys are {known}").format(known=", ".join(known))
    )
    log.warning(
        _("{where}: unknown key '{key}' is ignored; {hint}").format(
            where=located(path, line), key=key, hint=hint
        )
    )


def _scalar(node: yaml.Node, path: Path, line: int, key: str) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise IssueError(
            _("'{key}:' must be a single value on its line, not a list").format(key=key), path, line
        )
    return (
        yaml.safe_load(yaml.serialize(node)) if node.tag != "tag:yaml.org,2002:str" else node.value
    )


def _typed(key: str, node: yaml.Node, path: Path, line: int) -> Any:
    kind = KEYS[key][0]
    if kind == "articles":
        return _articles(node, path, line)
    if kind == "files":
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        return [_file(item, path, "house box") for item in items]
    if kind == "words":
        if not isinstance(node, yaml.MappingNode):
            raise IssueError(
                _("'jump_words:' holds out:, in:, contents:, page: below it"), path, line
            )
        words = {}
        for k, v in node.value:
            if k.value not in ("out", "in", "contents", "page"):
                _unknown(k.value, ["out", "in", "contents", "page"], path, k.start_mark.line + 1)
                continue
            words[k.value] = clean(str(v.value))
        return words
    if kind == "texts":
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        return [clean(str(i.value)) for i in items if isinstance(i, yaml.ScalarNode)]
    value = _scalar(node, path, line, key)
    if value is None or value == "":
        return None
    if kind == "pages":
        if isinstance(value, bool) or not isinstance(value, int) or value < 4 or value % 4:
            raise IssueError(
                _(
                    "'pages: {value}' must be a multiple of 4 (8, 12, 16): a folded paper "
                    "has four pages a sheet"
                ).format(value=node.value),
                path,
                line,
            )
        return value
    setting = BY_KEY["date" if kind == "date" else "lang" if kind == "lang" else "issue"]
    return convert(setting, value, node.value, path, line)


def _file(node: yaml.Node, path: Path, what: str) -> Path:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise IssueError(_("each {what} is a file name (huur.md)").format(what=what), path, line)
    file = (path.parent / str(node.value).strip()).resolve()
    if not file.is_relative_to(path.parent.resolve()):
        raise IssueError(
            _("{value} lies outside the issue's folder; move it here").format(value=node.value),
            path,
            line,
        )
    if not file.is_file():
        beside = sorted(p.name for p in path.parent.glob("*.md"))
        near = difflib.get_close_matches(file.name, beside, n=1, cutoff=0.5)
        hint = (
            _("did you mean {near}?").format(near=near[0])
            if near
            else _("save it beside issue.yml")
        )
        raise IssueError(
            _("the {what} {value} does not exist; {hint}").format(
                what=what, value=node.value, hint=hint
            ),
            path,
            line,
        )
    return file


def _articles(node: yaml.Node, path: Path, line: int) -> list[Entry]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise IssueError(
            _(
                "'articles:' lists the article files below it, most important first "
                "('  - lead.md' on each line)"
            ),
            path,
            line,
        )
    entries: list[Entry] = []
    seen: dict[Path, int] = {}
    for item in node.value:
        item_line = item.start_mark.line + 1
        fields: dict[str, tuple[Any, int]] = {}
        if isinstance(item, yaml.MappingNode):
            for k, v in item.value:
                k_line = k.start_mark.line + 1
                if k.value not in ARTICLE_KEYS:
                    _unknown(k.value, list(ARTICLE_KEYS), path, k_line)
                    continue
                fields[k.value] = (v, k_line)
            if "file" not in fields:
                raise IssueError(
                    _("this article has no 'file:'; write '- file: huur.md'"), path, item_line
                )
            file_node = fields.pop("file")[0]
        else:
            file_node = item
        file = _file(file_node, path, "article")
        if file in seen:
            raise IssueError(
                _("{name} is listed twice (also on line {seen}); list each article once").format(
                    name=file.name, seen=seen[file]
                ),
                path,
                item_line,
            )
        seen[file] = item_line
        entry = Entry(path=file, line=item_line)
        for name, (value_node, k_line) in fields.items():
            _place(entry, name, _scalar(value_node, path, k_line, name), path, k_line)
        entries.append(entry)
    return entries


def _place(entry: Entry, name: str, value: Any, path: Path, line: int | None) -> None:
    """One placement setting (``section``, ``page``, ``jump``, ``front``) onto ``entry``."""
    if value is None:
        return
    if name == "section":
        entry.section = clean(str(value)) or None
    elif name == "page":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 1:
            raise IssueError(
                _("'page: {value}' must be a page number (2, 3 …)").format(value=value), path, line
            )
        if value != int(value):
            raise IssueError(
                _("'page: {value}' must be a whole page number (2, 3 …)").format(value=value),
                path,
                line,
            )
        entry.page = int(value)
    elif name == "jump":
        raw = value if isinstance(value, str) else None
        entry.jump = convert(BY_KEY["end_mark"], value, raw, path, line)
    elif name == "front":
        if str(value).strip().casefold() not in FRONT_CHOICES:
            raise IssueError(
                _("'front: {value}' must be one of {FRONT_CHOICES}").format(
                    value=value, FRONT_CHOICES=", ".join(FRONT_CHOICES)
                ),
                path,
                line,
            )
        entry.front = str(value).strip().casefold()


def apply_front_matter(entry: Entry, front: dict[str, Any]) -> None:
    """An article's own ``section:``/``page:``/``jump:``/``front:`` (front matter), where
    its entry in issue.yml left them unset."""
    lines = getattr(front, "lines", {})
    for name in ("section", "page", "jump", "front"):
        if name in front:
            _place(entry, name, front[name], entry.path, lines.get(name))


def _check_entries(issue: Issue) -> None:
    for entry in issue.entries:
        _check_entry(issue, entry)


def _check_entry(issue: Issue, entry: Entry) -> None:
    """A section the issue does not know, a pin that cannot be honoured: named with the line."""
    if issue.sections and entry.section and entry.section not in issue.sections:
        near = difflib.get_close_matches(entry.section, issue.sections, n=1, cutoff=0.5)
        hint = (
            _("did you mean '{near}'?").format(near=near[0])
            if near
            else _("use one of {sections}").format(sections=", ".join(issue.sections))
        )
        raise IssueError(
            _("section '{section}' is not under 'sections:'; {hint}").format(
                section=entry.section, hint=hint
            ),
            issue.path,
            entry.line,
        )
    if entry.page is not None:
        if entry is issue.entries[0] and entry.page != 1:
            raise IssueError(
                _(
                    "the lead article ({name}) always starts on page 1, not page {page}; "
                    "move another article to the top of 'articles:' or drop 'page:'"
                ).format(name=entry.path.name, page=entry.page),
                issue.path,
                entry.line,
            )
        if issue.pages and entry.page > issue.pages:
            raise IssueError(
                _(
                    "{name} is pinned to page {page}, but the issue has {pages} pages; pin "
                    "it to a page up to {pages}"
                ).format(name=entry.path.name, page=entry.page, pages=issue.pages),
                issue.path,
                entry.line,
            )
        if entry.page == 1 and entry is not issue.entries[0]:
            raise IssueError(
                _(
                    "page 1 holds the lead article; for {name} write 'front: teaser' instead "
                    "of 'page: 1'"
                ).format(name=entry.path.name),
                issue.path,
                entry.line,
            )


def issue_document(project, issue: Issue):
    """The issue's articles as one :class:`Document`, in the editor's order, each
    entry completed by its article's own front matter (issue.yml wins)."""
    import hashlib

    from pamphletpress.read.document import Document, Periodical, slugify
    from pamphletpress.read.manuscript import read_article, split_front_matter

    articles = []
    digest = hashlib.sha256(issue.path.read_bytes())
    for entry in issue.entries:
        listed = Entry(entry.path, entry.line)
        front, _body, _line = split_front_matter(
            entry.path.read_text("utf-8-sig").replace("\r\n", "\n"), entry.path
        )
        apply_front_matter(listed, front)
        for name in ("section", "page", "front"):
            if getattr(entry, name) is None:
                setattr(entry, name, getattr(listed, name))
        if "jump" in front and entry.jump:
            entry.jump = listed.jump
        _check_entry(issue, entry)
        article = read_article(entry.path, project)
        articles.append(article)
        digest.update(article.text_digest.encode())
    for house in issue.house:
        digest.update(house.read_bytes())
    listed = {e.path for e in issue.entries} | set(issue.house)
    for path in sorted(issue.path.parent.glob("*.md")):
        if path.resolve() not in listed and path.name.lower() != "readme.md":
            log.warning(
                _(
                    "{where}: not in the issue; add it under 'articles:' in {name} to print it"
                ).format(where=located(path), name=issue.path.name),
            )
    slug = project.config.get("slug") or f"{issue.publication} {issue.number}"
    titles = "; ".join(a.meta.title for a in articles)
    periodical = Periodical(
        issue.title,
        issue.publication,
        issue.number,
        issue.date,
        publisher=issue.publisher or issue.publication,
        description=f"{issue.title}: {titles}",
    )
    return Document(
        articles=articles,
        root=project.root,
        slug=slugify(slug),
        digest=digest.hexdigest(),
        periodical=periodical,
    )
