"""Writing an import's files: through a temporary file, never over one that exists."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from pamphletpress.errors import OutputError
from pamphletpress.i18n import _


def write_new(target: Path, text: str, *, force: bool = False) -> None:
    """Write through a temporary file; never replace an existing file unless forced."""
    if target.is_dir():
        raise OutputError(_("is a folder; give a file name (-o manuscript/artikel.md)"), target)
    if target.exists() and not force:
        raise OutputError(_("exists already; choose another name or use --force"), target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if force:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)  # fails if someone made the file meanwhile
            except FileExistsError as exc:
                raise OutputError(_("exists already; use --force to replace it"), target) from exc
            except OSError:
                os.replace(temporary, target)  # a file system without hard links
    except OSError as exc:
        raise OutputError(
            _("cannot be written: {value}").format(value=exc.strerror or exc), target
        ) from exc
    finally:
        temporary.unlink(missing_ok=True)


def slug(text: str) -> str:
    """A file name from a title or a file's name: ASCII, lower case, dashes."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "artikel"
