"""The identifier a PDF carries (its trailer's first ``/ID``): which build made it."""

from __future__ import annotations

from pathlib import Path


def pdf_identifier_of(path: Path) -> bytes | None:
    """The PDF's first ``/ID`` string as stored, or None for a file that has none or
    cannot be read (the check itself then says what is wrong with it). Read with
    the one reader :mod:`pamphletpress.check.pdfread` keeps, which the check reuses."""
    from pamphletpress.check import pdfread

    try:
        ids = pdfread.read(path).reader.trailer.get("/ID") or []
        return getattr(ids[0], "original_bytes", None) or bytes(ids[0])
    except Exception:  # noqa: BLE001 - any parser's failure means "not ours"
        return None
