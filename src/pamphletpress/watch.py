"""``pamphletpress watch``: rebuild on every change of manuscript, settings, styles or fonts.

The file system tells us what changed (``watchfiles``: inotify on Linux, with its
own polling where there is none); several saves in a row make one rebuild. The
process stays alive, so imports (WeasyPrint, ebooklib) are paid once and every
rebuild after the first is faster than a cold build. With a :class:`Preview` the
newest PDF's pages are also served to the browser, which reloads itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pamphletpress.errors import PamphletError
from pamphletpress.freshness import is_watched, watched_files
from pamphletpress.read.project import CONFIG_NAME, Project, find_project

DEBOUNCE_MS = 200


def changes(project: Project, stop: threading.Event | None = None) -> Iterator[list[Path]]:
    """Each batch of changed files the build reads, as they happen, until ``stop`` is set.

    The first batch is empty and comes as soon as the file system is being watched,
    so a save during the first build is not missed.
    """
    import watchfiles

    manuscript = project.manuscript
    folder = manuscript.parent if manuscript.is_file() else manuscript
    config = project.root / CONFIG_NAME
    resources = [project.styles_dir.resolve(), project.fonts_dir.resolve()]

    def relevant(_change: Any, name: str) -> bool:
        path = Path(name)
        if path == config or any(path.is_relative_to(r) for r in resources):
            return True
        return is_watched(path, folder, project)

    roots = {folder, project.root, *resources}
    roots = {r for r in roots if r.is_dir()}
    # Watch the fewest folders: drop any inside another one.
    roots = {r for r in roots if not any(r != o and r.is_relative_to(o) for o in roots)}
    known = set(watched_files(project))
    started = False
    for batch in watchfiles.watch(
        *sorted(roots),
        watch_filter=relevant,
        debounce=DEBOUNCE_MS,
        step=50,
        stop_event=stop,
        rust_timeout=100,
        yield_on_timeout=True,
    ):
        if not batch:
            if started:
                continue
            started = True
            yield []
            continue
        # A file that came and went (an editor's or sed's temporary file) changes nothing.
        paths = {Path(name) for _change, name in batch}
        changed = sorted(
            p for p in paths if (p.exists() or p in known) and not p.name.endswith("~")
        )
        known = set(watched_files(project))
        if changed:
            yield changed


@dataclass
class Round:
    """One rebuild: what changed, what was made, how long it took, or why it failed."""

    changed: list[Path]
    results: list = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    @property
    def rebuilt(self) -> list:
        from pamphletpress.build import Skipped

        return [r for r in self.results if not isinstance(r, Skipped)]


def watch(
    manuscript: Path | str | None,
    pdf_flags: dict[str, Any],
    epub_flags: dict[str, Any],
    report: Callable[[Round], None],
    preview=None,
    stop: threading.Event | None = None,
) -> None:
    """Build now, then again on every change, until ``stop`` is set (or Ctrl-C).

    ``report`` hears about every round; a build error is reported and watching
    goes on (the editor fixes it and saves again). ``preview`` (a
    :class:`pamphletpress.preview.Preview`) is shown each new PDF or error.
    """
    from pamphletpress.layout.weasy import kept_warm

    project = find_project(manuscript)
    with kept_warm():  # fonts and stylesheets kept from one rebuild to the next
        for changed in changes(project, stop):
            _round(changed, manuscript, pdf_flags, epub_flags, report, preview)


def _round(changed, manuscript, pdf_flags, epub_flags, report, preview) -> None:
    from pamphletpress.build import build

    started = time.perf_counter()
    done = Round(changed)
    try:
        done.results = build(manuscript, pdf_flags, epub_flags)
    except PamphletError as exc:
        done.error = exc.format_message()
    done.seconds = time.perf_counter() - started
    report(done)
    if preview is not None:
        if done.error:
            preview.show_error(done.error)
        elif done.results:
            preview.show_pdf(done.results[0].path)
