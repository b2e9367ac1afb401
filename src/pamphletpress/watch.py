"""``pamphletpress watch``: rebuild on every change of manuscript, styles or fonts.

Polling, not OS notifications: it works the same on every machine and needs no
extra dependency; a project has a few dozen files, so a stat every half second
costs nothing. The process stays alive, so imports (WeasyPrint, ebooklib) are
paid once and every rebuild after the first is faster than a cold build.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

from pamphletpress.project import CONFIG_NAME, Project

INTERVAL = 0.5


def watched_files(project: Project) -> Iterator[Path]:
    """Everything a build reads: manuscript (and its images), config, styles, fonts."""
    manuscript = project.manuscript
    folder = manuscript.parent if manuscript.is_file() else manuscript
    if manuscript.is_file():
        yield manuscript
    skip = (project.output_dir.resolve(), (project.root / ".pamphletpress-cache").resolve())
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative) or not path.is_file():
            continue
        if any(path.resolve().is_relative_to(s) for s in skip):
            continue
        if (
            path.suffix.lower() in (".md", ".markdown")
            and path != manuscript
            and manuscript.is_file()
        ):
            continue  # a single-file manuscript does not read its neighbours
        yield path
    config = project.root / CONFIG_NAME
    if config.is_file():
        yield config
    for folder in (project.styles_dir, project.fonts_dir):
        yield from (p for p in folder.rglob("*") if p.is_file())


def snapshot(project: Project) -> dict[Path, tuple[int, int]]:
    state = {}
    for path in watched_files(project):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        state[path] = (stat.st_mtime_ns, stat.st_size)
    return state


def watch(
    project: Project,
    rebuild: Callable[[list[Path]], None],
    sleep: Callable[[float], None] = time.sleep,
    rounds: int | None = None,
) -> None:
    """Call ``rebuild(changed)`` whenever watched files change. Ctrl-C ends it."""
    last = snapshot(project)
    count = 0
    while rounds is None or count < rounds:
        count += 1
        sleep(INTERVAL)
        now = snapshot(project)
        if now != last:
            changed = sorted(p for p in set(now) | set(last) if now.get(p) != last.get(p))
            # Let an editor finish writing (several saves in a row) before building.
            sleep(0.1)
            now = snapshot(project)
            last = now
            rebuild(changed)
