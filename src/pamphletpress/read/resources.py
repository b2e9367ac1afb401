"""What a build may read: files inside the project, nothing else, never the network.

A manuscript may name any URL (Markdown images, raw HTML). Every reference is
resolved here; one that leaves the project (``../``, an absolute path, ``file://``
elsewhere) or names the network is skipped with a warning, so the build goes
on without it. The PDF writer also hands WeasyPrint a fetcher that refuses the
same things (:mod:`pamphletpress.layout.fetcher`), in case anything slipped through.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pamphletpress.errors import display_path
from pamphletpress.i18n import _

IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}


class OutsideProject(Exception):
    """A reference that leaves the project or names the network."""


class MissingImage(Exception):
    """An image the build cannot use: missing, outside the project, not a picture."""


def inside(path: Path, roots: list[Path]) -> bool:
    path = path.resolve()
    return any(path.is_relative_to(root) for root in roots)


def local_path(reference: str, base: Path, roots: list[Path]) -> Path:
    """The file a reference names, if it is inside one of ``roots``.

    Raises :class:`OutsideProject` for anything else.
    """
    parts = urlsplit(reference)
    scheme = parts.scheme.lower()
    if scheme and len(scheme) > 1 and scheme != "file":
        raise OutsideProject(
            _("{reference} is on the network (only files in the project are used)").format(
                reference=reference
            )
        )
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise OutsideProject(_("{reference} is on another machine").format(reference=reference))
        path = Path(unquote(parts.path))
    else:
        path = Path(unquote(parts.path)) if not scheme else Path(reference)
        if not path.is_absolute():
            path = base / path
    if not inside(path, roots):
        raise OutsideProject(_("{reference} is outside the project").format(reference=reference))
    return path.resolve()


def resolve_image(src: str, base: Path, roots: list[Path]) -> Path:
    """The file an image reference names, inside the project and present.

    Raises :class:`MissingImage` saying why not: the same for a file that is
    missing as for one on the network or outside the project.
    """
    try:
        path = local_path(src, base, roots)
    except OutsideProject as exc:
        raise MissingImage(_("image skipped: {exc}").format(exc=exc)) from None
    if not path.is_file():
        raise MissingImage(
            _(
                "image {src} does not exist (looked for {file}); fix the path or add the file"
            ).format(src=src, file=display_path(path))
        )
    return path  # what it holds, whatever its name says: read.pictures


def media_type(path: Path) -> str:
    return IMAGE_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or ""


#: The start of the mark (an ``id``, a named destination in the PDF) each placeholder
#: carries, followed by its number and its alt text, URL-quoted: `check` finds the
#: placeholders of a PDF by it, not by guessing from the text.
PLACEHOLDER_MARK = "pamphletpress-placeholder-"
