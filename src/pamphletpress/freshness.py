"""Skip outputs whose inputs have not changed (``make`` for one project).

An output is up to date when the same inputs (manuscript files and their
images, ``pamphletpress.yml``, styles, fonts), the same options and the same
tool version made it, and the file is still the one that build wrote. The
record lives in ``.pamphletpress-cache/builds.json`` in the project, with the
warnings each output's build gave: a build that skips the output says them again,
so nothing unresolved goes quiet.
Checking costs a hash of the project's files: no manuscript is parsed, no
writer imported.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pamphletpress import __version__
from pamphletpress.errors import display_path
from pamphletpress.read.project import CONFIG_NAME, Project

RECORD = Path(".pamphletpress-cache") / "builds.json"


def input_files(project: Project) -> list[Path]:
    """Every file a build of this manuscript reads."""
    return sorted(set(watched_files(project)))


def watched_files(project: Project) -> Iterator[Path]:
    """Everything a build reads: manuscript (and its images), config, styles, fonts."""
    manuscript = project.manuscript
    folder = manuscript.parent if manuscript.is_file() else manuscript
    if manuscript.is_file():
        yield manuscript
    for path in folder.rglob("*"):
        if is_watched(path, folder, project) and path.is_file():
            yield path
    config = project.root / CONFIG_NAME
    if config.is_file():
        yield config
    for folder in (project.styles_dir, project.fonts_dir):
        yield from (p for p in folder.rglob("*") if p.is_file())


def is_watched(path: Path, folder: Path, project: Project) -> bool:
    """Whether a file under the manuscript's folder is read by the build."""
    try:
        relative = path.relative_to(folder).parts
    except ValueError:
        return False
    if any(part.startswith(".") for part in relative):
        return False
    skip = (project.output_dir.resolve(), (project.root / ".pamphletpress-cache").resolve())
    if any(path.resolve().is_relative_to(s) for s in skip):
        return False
    manuscript = project.manuscript
    if path.suffix.lower() in (".md", ".markdown") and manuscript.is_file():
        return path == manuscript  # a single-file manuscript does not read its neighbours
    return True


def inputs_keys(project: Project, options: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Each output kind's key: what it is built from (every input file, read once for
    all kinds: the fonts are megabytes) and how (its options, the tool's version)."""
    files = hashlib.sha256()
    files.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    for path in input_files(project):
        files.update(
            str(
                path.relative_to(project.root) if path.is_relative_to(project.root) else path
            ).encode()
        )
        files.update(b"\0")
        files.update(path.read_bytes())
    keys = {}
    for kind, chosen in options.items():
        digest = files.copy()
        digest.update(f"{__version__}\0{kind}\0{json.dumps(chosen, sort_keys=True)}".encode())
        keys[kind] = digest.hexdigest()
    return keys


def _load(project: Project) -> dict[str, Any]:
    try:
        return json.loads((project.root / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _entry_name(project: Project, kind: str) -> str:
    return f"{os.path.relpath(project.manuscript, project.root)}::{kind}"


def fresh_output(project: Project, kind: str, key: str) -> Path | None:
    """The output path if a build with these inputs made it and it is untouched."""
    entry = _load(project).get(_entry_name(project, kind))
    if not entry or entry.get("key") != key:
        return None
    target = project.root / entry["target"]  # relative: a copied project has its own
    try:
        stat = target.stat()
    except OSError:
        return None
    if stat.st_size != entry.get("size") or stat.st_mtime_ns != entry.get("mtime_ns"):
        return None
    return target


def recorded_warnings(project: Project, kind: str) -> list[str]:
    """The warnings the build that made this output gave (none recorded: none), their
    file names as seen from the folder the user stands in now."""
    entry = _load(project).get(_entry_name(project, kind)) or {}
    warnings = entry.get("warnings")
    if not isinstance(warnings, list):
        return []
    folder = project.root / entry.get("cwd", ".")
    return [_from_here(w, folder) for w in warnings if isinstance(w, str)]


LOCATED_RE = re.compile(r"^(?P<path>[^:\n]+?)(?P<line>:\d+)?: ")


def _from_here(warning: str, folder: Path) -> str:
    """``manuscript/a.md:3: …`` said in ``folder``, as it reads from the current folder."""
    match = LOCATED_RE.match(warning)
    if match is None or not (folder / match.group("path")).exists():
        return warning
    where = display_path(os.path.normpath(folder / match.group("path")))
    return f"{where}{match.group('line') or ''}: {warning[match.end() :]}"


def record_output(
    project: Project, kind: str, key: str, target: Path, warnings: list[str] | None = None
) -> None:
    """Remember what made ``target`` and the warnings its build gave; a failure to
    write the record costs only a rebuild."""
    record = _load(project)
    stat = target.stat()
    record[_entry_name(project, kind)] = {
        "key": key,
        "target": os.path.relpath(target.resolve(), project.root.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "warnings": list(warnings or []),
        "cwd": os.path.relpath(Path.cwd().resolve(), project.root.resolve()),
    }
    path = project.root / RECORD
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass
