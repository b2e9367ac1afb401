"""What WeasyPrint may fetch while laying out: files inside the project, nothing else.

The rules themselves (inside the project, never the network) are
:mod:`pamphletpress.read.resources`; this hands them to WeasyPrint as its URL
fetcher, so a stylesheet's ``url()`` or an image can reach nothing else either.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pamphletpress.read.resources import OutsideProject, local_path, media_type

log = logging.getLogger("pamphletpress")


def make_url_fetcher(roots: list[Path]):
    """A WeasyPrint URL fetcher that serves files inside ``roots`` and nothing else."""
    from weasyprint.urls import URLFetcherResponse

    def fetch(url: str, headers=None):  # noqa: ARG001 - WeasyPrint's signature
        if url.startswith("data:"):
            from weasyprint.urls import default_url_fetcher

            return default_url_fetcher(url)
        try:
            path = local_path(url, Path("/"), roots)
        except OutsideProject as exc:
            log.warning("resource refused: %s", exc)
            raise ValueError(str(exc)) from None
        try:
            data = path.read_bytes()
        except OSError as exc:  # WeasyPrint warns and leaves the resource out
            raise ValueError(f"{url} cannot be read ({exc.strerror})") from None
        return URLFetcherResponse(url, data, {"Content-Type": media_type(path)})

    fetch._fail_on_errors = False  # what WeasyPrint 70 asks of a fetcher that raises
    return fetch
