"""The tool's exceptions: every problem an editor can fix, said in one line."""

from __future__ import annotations

from pathlib import Path

import click

from pamphletpress.i18n import _, ngettext


class PamphletError(click.ClickException):
    """A build problem the user can fix. Exit code 1, no traceback.

    The message names the file (and line, where there is one) and says what to do.
    """

    exit_code = 1

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__((f"{located(path, line)}: " if path is not None else "") + message)


class ManuscriptError(PamphletError):
    """The manuscript cannot be read or makes no sense."""


class ResourceError(PamphletError):
    """A style, font or image is missing or not allowed."""


class OutputError(PamphletError):
    """An output file cannot be written."""


def located(path: Path | str, line: int | str | None = None) -> str:
    """``file:line`` for a message (``file`` alone without a line)."""
    return display_path(path) + (f":{line}" if line else "")


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working directory if inside it."""
    path = Path(path)
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return str(path)
    if relative.parts:
        return str(relative)
    here = path.resolve()
    return _("{value} (this folder)").format(
        value=here.name or here
    )  # / has no name: say it as it is


def plural(count: int, singular: str, plural: str) -> str:
    """``"{count} page"`` or ``"{count} pages"`` as the language counts (ngettext), filled in.

    Both forms are in the catalogue (Babel's keyword ``plural:2,3``)."""
    return ngettext(singular, plural, count).format(count=count)
