"""What WeasyPrint may fetch while laying out: files inside the project, nothing else.

The rules themselves (inside the project, never the network) are
:mod:`pamphletpress.read.resources`; this hands them to WeasyPrint as its URL
fetcher, so a stylesheet's ``url()`` or an image can reach nothing else either.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pamphletpress.i18n import _
from pamphletpress.read.resources import OutsideProject, local_path, media_type

log = logging.getLogger("pamphletpress")


def data_url(url: str) -> tuple[str, bytes]:
    """A ``data:`` URL's media type and bytes (RFC 2397)."""
    import base64
    from urllib.parse import unquote_to_bytes

    header, _, payload = url[len("data:") :].partition(",")
    media, *params = header.split(";")
    if "base64" in params:
        return media or "text/plain", base64.b64decode(payload)
    return media or "text/plain", unquote_to_bytes(payload)


def make_url_fetcher(roots: list[Path]):
    """A WeasyPrint URL fetcher that serves files inside ``roots`` and nothing else."""
    from weasyprint.urls import URLFetcherResponse

    def fetch(url: str, headers=None):  # noqa: ARG001 - WeasyPrint's signature
        if url.startswith("data:"):  # in the page itself (the set formulas): nothing fetched
            media, data = data_url(url)
            return URLFetcherResponse(url, data, {"Content-Type": media})
        try:
            path = local_path(url, Path("/"), roots)
        except OutsideProject as exc:
            log.warning(_("resource refused: {exc}").format(exc=exc))
            raise ValueError(str(exc)) from None
        try:
            data = path.read_bytes()
        except OSError as exc:  # WeasyPrint warns and leaves the resource out
            raise ValueError(
                _("{url} cannot be read ({strerror})").format(url=url, strerror=exc.strerror)
            ) from None
        return URLFetcherResponse(url, data, {"Content-Type": media_type(path)})

    fetch._fail_on_errors = False  # what WeasyPrint 70 asks of a fetcher that raises
    return fetch
