"""Writing outputs safely: a failed build never harms the last good file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from pamphletpress.errors import OutputError
from pamphletpress.i18n import _

KINDS = {".pdf": "a PDF", ".epub": "an EPUB", ".html": "HTML"}


def check_suffix(target: Path, suffix: str) -> None:
    """Refuse ``-o krant.pdf`` for an EPUB: the name would lie about the file."""
    if target.suffix.lower() == suffix or (suffix == ".html" and target.suffix.lower() == ".htm"):
        return
    if target.is_dir():
        return  # check_target says it is a folder
    right = target.with_suffix(suffix).name if target.suffix else target.name + suffix
    got = (
        _("ends in {suffix}").format(suffix=target.suffix)
        if target.suffix
        else _("has no extension")
    )
    raise OutputError(
        _("{got}, but this command writes {KINDS}; name it {right}").format(
            got=got, KINDS=KINDS[suffix], right=right
        ),
        target,
    )


def check_target(target: Path) -> None:
    """Refuse, before any work, an output path that cannot be written."""
    if target.is_dir():
        raise OutputError(_("is a folder; give a file name for the output (-o name.pdf)"), target)
    parent = target.parent
    if parent.exists() and not parent.is_dir():
        raise OutputError(_("{parent} is not a folder").format(parent=parent), target)
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            _("cannot make the folder {parent}: {strerror}").format(
                parent=parent, strerror=exc.strerror
            ),
            target,
        ) from exc
    if not os.access(parent, os.W_OK):
        raise OutputError(_("the folder {parent} is not writable").format(parent=parent), target)
    try:  # the only sure test, also for root and for read-only file systems
        with tempfile.TemporaryFile(dir=parent):
            pass
    except OSError as exc:
        raise OutputError(
            _("cannot be written here: {value}").format(value=exc.strerror or exc), target
        ) from exc
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError(_("exists and is not writable"), target)


@contextlib.contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, moved into place only on success."""
    check_target(target)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise OutputError(
            _("cannot be written here: {value}").format(value=exc.strerror or exc), target
        ) from exc
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except OSError as exc:
        raise OutputError(
            _("cannot be written: {value}").format(value=exc.strerror or exc), target
        ) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    with atomic_target(target) as temporary:
        write(temporary)
