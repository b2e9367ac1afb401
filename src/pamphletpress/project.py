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

import yaml

from pamphletpress.errors import ManuscriptError, ResourceError

CONFIG_NAME = "pamphletpress.yml"
DEFAULT_MANUSCRIPT = Path("manuscript")


def shipped_root() -> Path:
    """The folder holding the tool's own ``styles/`` and ``fonts/``.

    In a source checkout (editable install) that is the repository itself;
    an installed wheel carries them under ``<prefix>/share/pamphletpress``.
    """
    source = Path(__file__).resolve().parents[2]
    if (source / "styles" / "print.css").is_file():
        return source
    return Path(sys.prefix) / "share" / "pamphletpress"


@dataclass
class Project:
    """A project folder and its settings (defaults < config file < flags)."""

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
                f"stylesheet {name} is missing; restore it (pamphletpress new makes a fresh copy)",
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
        """A value of ``pamphletpress.yml`` (dotted keys: ``pdf.variant``)."""
        node: Any = self.config
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node


def find_project(manuscript: Path | str | None) -> Project:
    """The project holding ``manuscript`` (a ``.md`` file or a folder of them)."""
    path = Path(manuscript) if manuscript is not None else DEFAULT_MANUSCRIPT
    if not path.exists():
        hint = (
            "run pamphletpress in a project folder, or name the manuscript"
            if manuscript is None
            else "check the name"
        )
        raise ManuscriptError(f"no manuscript here ({hint})", path)
    path = path.resolve()
    if path.is_file() and path.suffix.lower() not in (".md", ".markdown"):
        raise ManuscriptError("a manuscript is a .md file or a folder of .md files", path)
    start = path if path.is_dir() else path.parent
    root = _project_root(start)
    return Project(root=root, manuscript=path, config=load_config(root))


def _project_root(start: Path) -> Path:
    """The folder at or just above ``start`` that looks like a project."""
    for folder in (start, start.parent):
        if (folder / CONFIG_NAME).is_file() or (folder / "styles").is_dir():
            return folder
    # A loose manuscript: its own folder is the project (or the parent, when
    # the manuscript sits in a folder named "manuscript").
    return start.parent if start.name == DEFAULT_MANUSCRIPT.name else start


def load_config(root: Path) -> dict[str, Any]:
    path = root / CONFIG_NAME
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ManuscriptError("not UTF-8 text; save it as UTF-8", path) from exc
    except yaml.YAMLError as exc:
        line = exc.problem_mark.line + 1 if getattr(exc, "problem_mark", None) else None
        raise ManuscriptError(f"not valid YAML ({_yaml_problem(exc)})", path, line) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ManuscriptError("must be a list of 'key: value' settings", path)
    return data


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return problem
