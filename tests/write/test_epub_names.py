"""Any file name gives a valid EPUB: the package's ids come from the names, made safe.

``01-huurstaking.md`` (the naming the docs suggest for ordering articles) used to give
ids starting with a digit in ``toc.ncx``, which EPUBCheck rejects.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import ROOT

#: What editors put in file names: digits, spaces, accents, dots, emoji, and the
#: characters XML and URLs treat specially.
NAME_CHARACTERS = "0123456789 .-_éëïçÅß😀🗞️&<>'\"#%?+()[]aZ"
NAMES = st.text(NAME_CHARACTERS, min_size=1, max_size=24).filter(
    lambda name: name.strip(" .") and not name.startswith(".")
)
# XML's Name production (what an attribute of type ID must be), ASCII or not.
XML_NAME = re.compile(
    r"^[A-Za-z_\u00C0-\u02FF\u0370-\uFFFF][A-Za-z0-9._\-\u00B7\u00C0-\u02FF\u0370-\uFFFF]*$"
)
ARTICLE = "---\ntitle: Stuk {n}\nlang: nl\n---\n\nEen alinea.\n\n## Tussenkop {n}\n\nNog een.\n"


def project_with(folder: Path, names: list[str]) -> Path:
    """A project whose manuscript/ holds one small article under each name."""
    project = folder / "project"
    shutil.copytree(ROOT / "styles", project / "styles")
    (project / "fonts").symlink_to(ROOT / "fonts")
    (project / "manuscript").mkdir()
    for n, name in enumerate(dict.fromkeys(names)):
        path = project / "manuscript" / f"{name}.md"
        path.write_text(ARTICLE.format(n=n), encoding="utf-8")
    return project


def epub_of(project: Path) -> bytes:
    from pamphletpress.build import Job
    from pamphletpress.write.epub import EpubOptions, epub_bytes

    job = Job.load(project / "manuscript")
    return epub_bytes(job.document, job.project, EpubOptions(), [])


def assert_ids_are_xml_ids(data: bytes, articles: int) -> None:
    """Every id in every XML file of the package is an XML name, and only once in it."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        chapters = [n for n in book.namelist() if n.startswith("EPUB/text/")]
        assert len(chapters) == articles + 1  # and the cover
        for name in book.namelist():
            if not name.endswith((".xhtml", ".opf", ".ncx")):
                continue
            ids = etree.fromstring(book.read(name)).xpath("//@id")
            for value in ids:
                assert XML_NAME.match(value), (name, value)
            assert len(ids) == len(set(ids)), (name, sorted(ids))


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(names=st.lists(NAMES, min_size=1, max_size=4))
def test_any_file_name_gives_xml_ids(names):
    with tempfile.TemporaryDirectory() as folder:
        project = project_with(Path(folder), names)
        assert_ids_are_xml_ids(epub_of(project), len(set(names)))


#: The numbered names the docs suggest, and names alike once made safe.
NUMBERED = ["01-huurstaking", "02 huurstaking", "02-huurstaking", "3.1 De Oosterflat"]


def test_numbered_and_generated_names_pass_epubcheck(many_names_epub):
    """The fixture (tests/conftest.py) builds one EPUB of numbered and generated names."""
    assert_ids_are_xml_ids(many_names_epub["path"].read_bytes(), len(many_names_epub["names"]))
    report = many_names_epub["report"].result()
    assert report.figures["epubcheck"] == {"FATAL": 0, "ERROR": 0, "WARNING": 0, "USAGE": 0}, [
        f.message for f in report.findings
    ]
