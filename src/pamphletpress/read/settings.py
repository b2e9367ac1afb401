"""The settings an editor writes, typed and checked: front matter and ``pamphletpress.yml``.

One schema serves both. YAML is composed first, so every key keeps the line it
was written on: an error names the file and the line, an unknown key is a
warning that names the nearest known one. Booleans take ``true``/``false``,
``yes``/``no`` or ``ja``/``nee`` and nothing else (YAML alone would read
``nee`` and ``"false"`` as text, which Python takes for *true*).
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pamphletpress.errors import ManuscriptError, display_path, located
from pamphletpress.i18n import LANGUAGES, _
from pamphletpress.read.document import nfc

log = logging.getLogger("pamphletpress")

CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
TRUE_WORDS = ("true", "yes", "ja")
FALSE_WORDS = ("false", "no", "nee")
VARIANTS = ("pdf/x-4", "pdf/x-1a", "screen")
ARTICLE, PROJECT = "front matter", "pamphletpress.yml"


@dataclass(frozen=True)
class Setting:
    """One setting: its key (dotted inside a section), type, where it may stand, what it does."""

    key: str
    kind: str  # text, texts, names, date, lang, bool, choice, paths
    example: str
    doc: str
    choices: tuple[str, ...] = ()
    default: Any = None
    front: bool = True  # may stand in an article's front matter
    config: bool = True  # may stand in pamphletpress.yml (a default for every article)


SCHEMA: tuple[Setting, ...] = (
    Setting("title", "text", "Een oorlog die de wereld verandert",
            "The headline. Required: here, or as a `# Heading` on the first line of the text.",
            config=False),
    Setting("kicker", "text", "Keerpunt in de wereldgeschiedenis", "The line above the headline."),
    Setting("subtitle", "text", "Keerpunt in de wereldgeschiedenis",
            "Another name for `kicker`."),
    Setting("author", "names", "Danny Byrne",
            "A name or a list of names (PDF Author, EPUB creator)."),
    Setting("authors", "names", "[Anna de Vries, Piet Jansen]", "Another name for `author`."),
    Setting("byline", "text", "door Danny Byrne, geschreven begin maart",
            "Printed under the lede (or write a `::: byline` block)."),
    Setting("date", "date", "2022-03", "Written as 2022, 2022-03 or 2022-03-04."),
    Setting("lang", "lang", "nl",
            "Language code (nl, en, de-CH …): hyphenation and the EPUB's language.",
            default="nl"),
    Setting("language", "lang", "nl", "Another name for `lang`."),
    Setting("publication", "text", "Socialistisch Alternatief",
            "Running footer, PDF and EPUB publisher."),
    Setting("issue", "text", "maart 2022", "Running footer."),
    Setting("description", "text", "Eén of twee zinnen over het artikel.",
            "PDF Subject, EPUB description."),
    Setting("rights", "text", "© 2026 Socialistisch Alternatief, CC BY 4.0",
            "The EPUB's rights statement (dc:rights), as written; `public domain` gives the "
            "standard wording in the book's language. Without it the EPUB states no rights."),
    Setting("license", "text", "CC BY 4.0", "Another name for `rights`."),
    Setting("licence", "text", "CC BY 4.0", "Another name for `rights`."),
    Setting("subjects", "texts", "[oorlog, Oekraïne]",
            "Keywords: a list, or words separated by commas."),
    Setting("keywords", "texts", "[oorlog, Oekraïne]", "Another name for `subjects`."),
    Setting("hyphenation", "texts", "[Oe-kra-ï-ne, re-gi-me]",
            "Words the hyphenation gets wrong, with their breaks as hyphens."),
    Setting("end_mark", "bool", "nee",
            "The ■ after the last word: added if missing; `nee`/`false` turns that off.",
            default=True),
    Setting("slug", "text", "krant-2026-01",
            "The outputs' file name (without .pdf/.epub). Default: the project folder's name "
            "for the project's whole manuscript; for one article of several, or a file "
            "outside a project, the file's own name (or its front matter's `slug:`)."),
    Setting("base_url", "url", "https://example.org/blog/",
            "Where the manuscript's site links (`../x.md`, `/docs/…`) point: kept as links "
            "under this address instead of plain text."),
    Setting("diagrams", "choice", "code",
            "Diagrams written as code (```mermaid, ```dot, ```plantuml): `draw` prints them as "
            "pictures where their program (mmdc, dot, plantuml) is installed, `code` prints "
            "their source.", choices=("draw", "code"), default="draw"),
    Setting("stylesheet", "paths", "styles/krant.css",
            "An extra stylesheet (or a list), inside the project, after the tool's own."),
    Setting("stylesheets", "paths", "[styles/krant.css]", "Another name for `stylesheet`."),
    Setting("section", "text", "Binnenland",
            "In an issue: the article's section (running head), one of issue.yml's `sections:`.",
            config=False),
    Setting("page", "number", "3", "In an issue: pin the article to this page.", config=False),
    Setting("jump", "bool", "nee",
            "In an issue: `nee` keeps the article in one piece (never continued on a later page).",
            default=True, config=False),
    Setting("front", "choice", "teaser",
            "In an issue: `teaser` puts a short teaser of it on page 1.",
            choices=("start", "teaser"), config=False),
    Setting("ui_language", "choice", "nl",
            "The language of the tool's messages, help and check report: `nl` or `en` "
            "(default: the system's language; `--ui-language` wins).",
            choices=LANGUAGES, front=False),
    Setting("pdf.variant", "choice", "pdf/x-4",
            "`pdf/x-4` for the print shop, `pdf/x-1a`, or `screen` (RGB, for the web).",
            choices=VARIANTS, default="pdf/x-4", front=False),
    Setting("pdf.crop_marks", "bool", "ja", "Crop marks in the bleed.", default=False,
            front=False),
    Setting("pdf.compose", "bool", "ja",
            "Each paragraph's line breaks chosen together, for even word spacing "
            "(`nee`: line by line).",
            default=True, front=False),
    Setting("pdf.protrude_letters", "bool", "ja",
            "Optical margins for letters too: a T, V, W, Y, v, w or y at a justified line's "
            "end or start hangs a fifth to a quarter of its width out of the column, as "
            "punctuation always does (print.css's `--protrusion-letters-…` tables).",
            default=False, front=False),
    Setting("pdf.min_ppi", "number", "72",
            "Below this resolution (at its printed size) an image stops a print build; "
            "under 200 ppi the build warns.", default=100, front=False),
    Setting("epub.soft_hyphens", "bool", "nee", "Dutch soft hyphens baked into the EPUB text.",
            default=False, front=False),
    Setting("epub.toc_depth", "number", "4",
            "The deepest heading level the table of contents lists (2, 3 or 4).",
            default=3, front=False),
    Setting("epub.max_image_size", "number", "1600",
            "The longest side, in pixels, of a picture in the EPUB (larger ones are scaled "
            "down; phones show at most about 1,200 px).", default=1600, front=False),
)  # fmt: skip

BY_KEY = {s.key: s for s in SCHEMA}
SECTIONS = {s.key.split(".")[0] for s in SCHEMA if "." in s.key}
ARTICLE_KEYS = tuple(s.key for s in SCHEMA if s.front)


class SettingsError(ManuscriptError):
    """A setting that cannot be used as written."""


class Located(dict):
    """A mapping read from YAML that remembers the line of each (dotted) key and its raw text."""

    def __init__(self, *args, path: Path | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.path = path
        self.lines: dict[str, int] = {}
        self.raw: dict[str, str] = {}
        self.found = True  # False: the file has no front matter at all


# ── Reading YAML with its lines ──────────────────────────────────────────


def read_yaml(source: str, path: Path, first_line: int, what: str) -> Located:
    """``source`` (which starts on ``first_line`` of ``path``) as a :class:`Located` mapping.

    ``what`` names the text in messages ("the front matter", "the settings").
    """
    plain = _plain_problem(source, first_line)
    try:
        loader = yaml.SafeLoader(source)
    except yaml.reader.ReaderError as exc:
        line = source.count("\n", 0, exc.position) + first_line
        code = ord(exc.character) if isinstance(exc.character, str) else exc.character
        raise SettingsError(
            _(
                "{what} holds an invisible character (U+{code:04X}) that cannot be read; "
                "delete it (retype the line)"
            ).format(what=what, code=code),
            path,
            line,
        ) from exc
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        if plain is not None:
            raise SettingsError(plain[1], path, plain[0]) from exc
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + first_line if mark is not None else None
        raise SettingsError(
            _("{what} (YAML) cannot be read here: {yaml_advice}").format(
                what=what, yaml_advice=_yaml_advice(exc)
            ),
            path,
            line,
        ) from exc
    finally:
        loader.dispose()
    if data is None:
        return Located(path=path)
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + first_line if node is not None else first_line
        raise SettingsError(
            _(
                "{what} must be 'key: value' lines (title: …, author: …), not a single text or list"
            ).format(what=what),
            path,
            line,
        )
    located = Located(data, path=path)
    _note_lines(node, first_line, "", located, path)
    return located


def _note_lines(node: yaml.MappingNode, first_line: int, prefix: str, into: Located, path):
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = prefix + str(key_node.value)
        line = key_node.start_mark.line + first_line
        if key in seen:
            log.warning(
                _(
                    "{file}:{line}: '{key}' is set twice (also on line {seen}); the last one "
                    "counts — remove one"
                ).format(file=display_path(path), line=line, key=key, seen=seen[key]),
            )
        seen[key] = line
        into.lines[key] = line
        if isinstance(value_node, yaml.ScalarNode):
            into.raw[key] = value_node.value
        elif isinstance(value_node, yaml.MappingNode) and not prefix:
            _note_lines(value_node, first_line, key + ".", into, path)


def _yaml_advice(exc: yaml.YAMLError) -> str:
    """A YAML parser's complaint as what to change."""
    problem = str(getattr(exc, "problem", None) or exc)
    context = str(getattr(exc, "context", None) or "")
    if "mapping values are not allowed" in problem:
        return _("a value holds ': '; put the whole value in quotes (title: \"Een: twee\")")
    if "flow" in context or "end of stream" in problem or "stream end" in problem:
        return _("a '[', '{' or quote is opened and not closed; close it, or quote the value")
    if "quoted scalar" in context:
        return _("a quote is opened and not closed; close it at the end of the value")
    if "alias" in problem or "anchor" in problem:
        return _("a value starts with * or &; put the whole value in quotes")
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return _("the lines are not lined up; every 'key: value' line starts at the left edge")
    return _("{problem}; write one 'key: value' a line, and quote a value holding ': '").format(
        problem=problem
    )


KEY_LINE_RE = re.compile(r"^(\s+)([A-Za-z_][\w-]*)\s*:")


def _plain_problem(source: str, first_line: int) -> tuple[int, str] | None:
    """The usual slips, said plainly: a tab, or a space before a top-level key."""
    lines = source.split("\n")
    nested_parent = False
    for index, line in enumerate(lines):
        number = index + first_line
        if "\t" in line[: len(line) - len(line.lstrip())]:
            return number, _("a tab at the start of the line; use spaces (or none) instead")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = KEY_LINE_RE.match(line)
        if match and not nested_parent:
            key = match.group(2)
            return number, (
                _(
                    "'{key}:' does not start at the left edge; remove the space before "
                    "'{key}:' (in the front matter and in pamphletpress.yml every 'key: "
                    "value' line starts at the beginning of the line)"
                ).format(key=key)
            )
        if not line[:1].isspace():
            # A top-level line: the next indented lines belong to it only if it opens
            # a block ("pdf:" or "hyphenation:" with nothing after the colon).
            nested_parent = bool(re.match(r"^[^#]*:\s*(#.*)?$", line))
    return None


# ── Typing the values ────────────────────────────────────────────────────


def check_settings(data: dict[str, Any], path: Path, where: str) -> dict[str, Any]:
    """``data`` (front matter or ``pamphletpress.yml``) typed by the schema, flat and dotted.

    Unknown keys are warnings naming the nearest known key; a value of the wrong type
    is a :class:`SettingsError` naming the file and line.
    """
    lines = getattr(data, "lines", {})
    raw = getattr(data, "raw", {})
    typed: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        if key in SECTIONS:
            if where == ARTICLE:
                message = _(
                    "'{key}:' belongs in pamphletpress.yml; move it there (ignored here)"
                ).format(key=key)
                _warn(path, lines.get(key), message)
                continue
            if value is None:
                continue
            if not isinstance(value, dict):
                raise SettingsError(
                    _(
                        "'{key}:' holds settings on the lines below it, indented (e.g. '{key}:' "
                        "then '  {first_in}: …')"
                    ).format(key=key, first_in=_first_in(key)),
                    path,
                    lines.get(key),
                )
            for sub, sub_value in value.items():
                dotted = f"{key}.{sub}"
                _one(dotted, sub_value, typed, path, lines, raw, where)
            continue
        _one(key, value, typed, path, lines, raw, where)
    return typed


def _first_in(section: str) -> str:
    return next(s.key.split(".", 1)[1] for s in SCHEMA if s.key.startswith(section + "."))


def _one(key, value, typed, path, lines, raw, where) -> None:
    line = lines.get(key)
    setting = BY_KEY.get(key)
    if setting is None:
        _warn_unknown(key, path, line, where)
        return
    if where == PROJECT and not setting.config:
        _warn(
            path,
            line,
            _("'{key}:' is set per article, in its front matter; ignored here").format(key=key),
        )
        return
    if where == ARTICLE and not setting.front and "." not in key:  # ui_language
        message = _("'{key}:' belongs in pamphletpress.yml; move it there (ignored here)")
        _warn(path, line, message.format(key=key))
        return
    if value is None:
        return  # "key:" with nothing after it: not set
    typed[key] = convert(setting, value, raw.get(key), path, line)


def _warn_unknown(key: str, path: Path, line: int | None, where: str) -> None:
    section, _dot, name = key.rpartition(".")
    allowed = [s for s in SCHEMA if (s.front if where == ARTICLE else s.config)]
    if section:
        candidates = {s.key.split(".", 1)[1]: s.key for s in allowed if s.key.startswith(section)}
    else:  # a top-level slip may also be a key that belongs under pdf: or epub:
        candidates = {s.key.rpartition(".")[2]: s.key for s in allowed}
    near = difflib.get_close_matches(name.casefold(), list(candidates), n=1, cutoff=0.6)
    if near:
        hint = _("did you mean {key}?").format(
            key=shown_key(near[0] if section else candidates[near[0]])
        )
    else:
        hint = _("the settings are listed in docs/manuscript-format.md")
    _warn(
        path,
        line,
        _("unknown setting {key} is ignored; {hint}").format(key=shown_key(key), hint=hint),
    )


def shown_key(key: str) -> str:
    """A key as the editor writes it: 'variant' under 'pdf:' for ``pdf.variant``."""
    section, _dot, name = key.rpartition(".")
    return (
        _("'{name}' under '{section}:'").format(name=name, section=section)
        if section
        else f"'{key}'"
    )


def _warn(path: Path, line: int | None, message: str) -> None:
    log.warning("%s: %s", located(path, line), message)


def convert(setting: Setting, value: Any, raw: str | None, path: Path, line: int | None) -> Any:
    """One value as its setting's type, or a :class:`SettingsError` saying what to write."""
    key, kind = setting.key, setting.kind

    def fail(what: str) -> SettingsError:
        section, _dot, name = key.rpartition(".")
        under = _(" (under '{section}:')").format(section=section) if section else ""
        return SettingsError(
            _("'{name}: {shown}'{under} {what}").format(
                name=name, shown=_shown(value, raw), under=under, what=what
            ),
            path,
            line,
        )

    if kind == "bool":
        if isinstance(value, bool) and raw is None:
            return value
        word = (raw if raw is not None else str(value)).strip().casefold()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise fail(_("is not a yes or no; write true or false (or ja / nee)"))
    if kind == "choice":
        text = str(value).strip().casefold()
        if text in setting.choices:
            return text
        near = difflib.get_close_matches(text, setting.choices, n=1, cutoff=0.5)
        hint = _("did you mean '{near}'? ").format(near=near[0]) if near else ""
        raise fail(
            _("is not one of {choices}; {hint}write one of those").format(
                choices=", ".join(setting.choices), hint=hint
            )
        )
    if kind == "text":
        if isinstance(value, (dict, list)):
            raise fail(_("must be a single text on the same line, not a list"))
        return clean(str(value)) or None
    if kind in ("texts", "paths", "names"):
        if isinstance(value, str):
            # "Ann Smith; Bob Jones" is two names (a comma may stand inside one name)
            separator = {"texts": ",", "names": ";"}.get(kind)
            parts = value.split(separator) if separator else [value]
        elif isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
            parts = [str(v) for v in value]
        else:
            what = _("a name or a list of names") if kind == "names" else _("a list: [a, b, c]")
            raise fail(_("must be {what}").format(what=what))
        return [clean(p) for p in parts if clean(p)]
    if kind == "date":
        return _date(value, fail)
    if kind == "url":
        text = clean(str(value))
        if not re.match(r"https?://[^/\s]+", text):
            raise fail(_("is not a web address; write it as https://example.org/"))
        return text if text.endswith("/") else text + "/"
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise fail(_("is not a number above 0; write it as 72"))
        return float(value)
    if kind == "lang":
        text = clean(str(value))
        if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", text):
            raise fail(_("is not a language code; write nl, en, de-CH …"))
        return text
    raise AssertionError(kind)


def _shown(value: Any, raw: str | None) -> str:
    return raw if raw is not None else str(value)


def _date(value: Any, fail) -> str | None:
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
        raise fail(_("is not a date; write it as 2022, 2022-03 or 2022-03-04"))
    return text


def clean(text: str) -> str:
    """A setting's text as it can go into HTML and XML: composed, trimmed, no controls."""
    return " ".join(CONTROL_RE.sub(" ", nfc(text)).split())


def article_defaults(config: dict[str, Any]) -> dict[str, Any]:
    """The typed ``pamphletpress.yml`` values that are defaults for every article."""
    return {k: v for k, v in config.items() if k in ARTICLE_KEYS}


def table() -> str:
    """The settings as a Markdown table: docs/manuscript-format.md holds it (a test checks)."""
    rows = ["| setting | where | example | what it does |", "| --- | --- | --- | --- |"]
    for s in SCHEMA:
        where = " and ".join(
            w for w, ok in (("front matter", s.front), ("pamphletpress.yml", s.config)) if ok
        )
        key = s.key if "." not in s.key else f"{s.key.split('.')[0]}: {{{s.key.split('.')[1]}}}"
        rows.append(f"| `{key}` | {where} | `{s.example}` | {s.doc} |")
    return "\n".join(rows) + "\n"
