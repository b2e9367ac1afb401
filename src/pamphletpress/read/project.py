"""Where things are: the project around a manuscript, its styles, fonts and outputs.

A project is a folder holding ``manuscript/``, ``styles/``, ``fonts/`` and
``output/`` (and optionally ``pamphletpress.yml``). Styles and fonts come from
the project that holds the manuscript; a manuscript outside any project uses
the ones shipped with the tool. Nothing outside the project is ever read while
building, except those shipped defaults.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pamphletpress.errors import ManuscriptError, PamphletError, ResourceError
from pamphletpress.i18n import _, choose

CONFIG_NAME = "pamphletpress.yml"
DEFAULT_MANUSCRIPT = Path("manuscript")


def shipped_root() -> Path:
    """The folder holding the tool's own ``styles/`` and ``fonts/``.

    In a source checkout (editable install) that is the repository itself;
    an installed wheel carries them under ``<prefix>/share/pamphletpress``.
    """
    source = Path(__file__).resolve().parents[3]
    if (source / "styles" / "print.css").is_file():
        return source
    return Path(sys.prefix) / "share" / "pamphletpress"


@dataclass
class Project:
    """A project folder and its typed settings (defaults < config file < flags)."""

    root: Path
    manuscript: Path
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def styles_dir(self) -> Path:
        own = self.root / "styles"
        return own if own.is_dir() else shipped_root() / "styles"

    @property
    def fonts_dir(self) -> Path:
        own = self.root / "fonts"
        return own if own.is_dir() else shipped_root() / "fonts"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    def style(self, name: str) -> Path:
        path = self.styles_dir / name
        if not path.is_file():
            raise ResourceError(
                _(
                    "stylesheet {name} is missing; restore it (pamphletpress new makes a "
                    "fresh copy)"
                ).format(name=name),
                path,
            )
        return path

    def allowed_roots(self) -> list[Path]:
        """Folders a build may read from: the project and the shipped styles and fonts."""
        roots = [self.root.resolve()]
        for extra in (self.styles_dir, self.fonts_dir):
            extra = extra.resolve()
            if not any(extra.is_relative_to(r) for r in roots):
                roots.append(extra)
        return roots

    def setting(self, key: str, default: Any = None) -> Any:
        """A typed value of ``pamphletpress.yml`` (dotted keys: ``pdf.variant``), or its default."""
        from pamphletpress.read.settings import BY_KEY

        if key in self.config:
            return self.config[key]
        if default is None and key in BY_KEY:
            return BY_KEY[key].default
        return default


def find_project(manuscript: Path | str | None) -> Project:
    """The project holding ``manuscript`` (a ``.md`` file or a folder of them).

    Without a name: ``./manuscript``, or the current folder when the editor stands
    in ``manuscript/``. A project folder named on the command line means its
    ``manuscript/``. A name without ``.md`` finds the ``.md`` file.
    """
    path = locate_manuscript(manuscript).resolve()
    start = path if path.is_dir() else path.parent
    root = _project_root(start)
    config = load_config(root)
    choose(setting=config.get("ui_language"))
    return Project(root=root, manuscript=path, config=config)


def project_language(cwd: Path) -> str | None:
    """The ``ui_language`` setting of the project the editor stands in, read before the
    command runs (so its help speaks it too); a broken settings file is the command's to
    report, in the system's language."""
    try:
        return load_config(_project_root(cwd)).get("ui_language")
    except PamphletError:
        return None


def locate_manuscript(given: Path | str | None) -> Path:
    """Where the manuscript is, or a :class:`ManuscriptError` saying where to look."""
    if given is None:
        return _default_manuscript(Path.cwd())
    path = Path(given)
    if not path.exists():
        raise ManuscriptError(_missing(path), path)
    if path.is_dir():
        inner = path / DEFAULT_MANUSCRIPT.name
        if not _articles_in(path) and inner.is_dir():
            return inner  # the project folder was named
        return path
    suffix = path.suffix.lower()
    if suffix in MANUSCRIPT_SUFFIXES:
        return path
    if suffix == ".txt":
        raise ManuscriptError(_txt_hint(path), path)
    raise ManuscriptError(
        _("is not a manuscript; name a .md file (Markdown text) or a folder of .md files"), path
    )


MANUSCRIPT_SUFFIXES = (".md", ".markdown")


def _articles_in(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.suffix.lower() in MANUSCRIPT_SUFFIXES and p.is_file()]


def _default_manuscript(cwd: Path) -> Path:
    """``./manuscript``, or this folder when it is ``manuscript/``; a folder that is
    no project is not built from a ``.md`` that happens to lie in it: the editor
    names the file, or goes to the project."""
    here = cwd / DEFAULT_MANUSCRIPT
    if here.is_dir():
        return here
    if _is_project(cwd):
        return here  # manuscript_files says what is missing
    if cwd.name == DEFAULT_MANUSCRIPT.name:
        return cwd  # standing in manuscript/
    raise ManuscriptError(_not_a_project(cwd), cwd)


def _is_project(folder: Path) -> bool:
    return (folder / CONFIG_NAME).is_file() or (folder / "styles").is_dir()


def _not_a_project(cwd: Path) -> str:
    """What to do in a folder that holds no project: the project to go to, the file
    to name, or how to start one."""
    import shlex

    said = _("this folder has no manuscript/ folder, so it is not a project")
    above = next(
        (f for f in cwd.parents if (f / DEFAULT_MANUSCRIPT).is_dir() or _is_project(f)), None
    )
    try:
        below = sorted(f for f in cwd.iterdir() if f.is_dir() and (f / DEFAULT_MANUSCRIPT).is_dir())
    except OSError:
        below = []
    articles = sorted(p.name for p in _articles_in(cwd)) if cwd.is_dir() else []
    steps = []
    if above is not None:
        steps.append(
            _(
                "it is inside the project {above}: go there (cd {quote}) and run the command again"
            ).format(above=above, quote=shlex.quote(str(above)))
        )
    elif below:
        names = ", ".join(f.name for f in below[:3]) + (" …" if len(below) > 3 else "")
        one = len(below) == 1
        template = (
            _("the project folder here is {names}: go there (cd {quote}) and run the command again")
            if one
            else _(
                "the project folders here are {names}: go to one (cd {quote}) and run the "
                "command again"
            )
        )
        steps.append(template.format(names=names, quote=shlex.quote(below[0].name)))
    if articles:
        steps.append(
            _("to build {articles} on its own, name it (pamphletpress build {quote})").format(
                articles=articles[0], quote=shlex.quote(articles[0])
            )
        )
    if above is None and not below:
        steps.append(
            _(
                "go to your project folder (cd krant), or make one: 'pamphletpress new krant' "
                "makes a project with a sample article to start from"
            )
        )
    return f"{said}; " + "; ".join(steps)


def _missing(path: Path) -> str:
    with_txt = path.with_name(path.name + ".txt")
    if with_txt.is_file():
        return _("does not exist, but {name} does: {txt_hint}").format(
            name=with_txt.name, txt_hint=_txt_hint(with_txt)
        )
    for suffix in MANUSCRIPT_SUFFIXES:
        if path.with_name(path.name + suffix).is_file():
            return _("does not exist; did you mean {name}{suffix}?").format(
                name=path.name, suffix=suffix
            )
    return _("does not exist; check the name (and the folder you are in)")


def _txt_hint(path: Path) -> str:
    stem = path.name[:-4]
    target = stem if stem.lower().endswith(MANUSCRIPT_SUFFIXES) else stem + ".md"
    return _(
        "is a .txt file, and pamphletpress reads .md files: rename it to "
        "{target} (the text editor added .txt; in the file manager, turn on "
        "'show file extensions')"
    ).format(target=target)


def _project_root(start: Path) -> Path:
    """The folder at or just above ``start`` that looks like a project."""
    for folder in (start, start.parent):
        if (folder / CONFIG_NAME).is_file() or (folder / "styles").is_dir():
            return folder
    # A loose manuscript: its own folder is the project (or the parent, when
    # the manuscript sits in a folder named "manuscript").
    return start.parent if start.name == DEFAULT_MANUSCRIPT.name else start


def load_config(root: Path) -> dict[str, Any]:
    """``pamphletpress.yml`` typed by the settings schema: a flat dict of dotted keys."""
    from pamphletpress.read.settings import PROJECT, check_settings, read_yaml

    path = root / CONFIG_NAME
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManuscriptError(
            _("is not UTF-8 text; save it as UTF-8 (in most editors: Save as… → Encoding: UTF-8)"),
            path,
        ) from exc
    data = read_yaml(text, path, 1, "the settings")
    return check_settings(data, path, PROJECT)
