"""EPUBCheck in its lean Java still finds what it finds: ``check`` fails a broken EPUB."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from pamphletpress.check.epub import check_epub


def test_an_epub_without_its_navigation_fails_epubcheck(built, tmp_path):
    """The article's EPUB with its navigation document taken out: ``check`` says which
    file is missing (no traceback), EPUBCheck's error (code, file) is in the report as a
    failure, and the report fails."""
    if shutil.which("java") is None:
        pytest.skip("EPUBCheck needs Java")
    broken = tmp_path / "zonder-inhoud.epub"
    with zipfile.ZipFile(built["epub"]) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            if not info.filename.endswith("nav.xhtml"):
                target.writestr(info, source.read(info.filename))
    report = check_epub(broken)
    structure = [f.message for f in report.findings if f.code == "epub-structure"]
    assert structure == ["EPUB/nav.xhtml is missing from the EPUB: build it again with "
                         "pamphletpress epub"], structure  # fmt: skip
    found = [f for f in report.findings if f.code == "epubcheck"]
    assert found and all(f.verdict == "fail" for f in found), found
    assert any("ERROR RSC-001" in f.message and "nav.xhtml" in f.message for f in found), found
    assert report.failed
    assert report.figures["epubcheck"]["ERROR"] >= 1
