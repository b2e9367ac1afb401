"""Names vulture cannot see used: hooks a framework calls, fields read by name.

Read by ``tests/test_architecture.py::test_no_dead_code``; each line says who
uses the name. Add a name here only with such a reason.
"""

# ruff: noqa: B018, F821
import_  # cli.py: a Click command, registered by its decorator
daemon_threads  # preview.py: socketserver reads it
do_GET  # preview.py: http.server calls it
log_message  # preview.py: http.server calls it
handleMatch  # read/markdown_ext.py: Python-Markdown calls it
headers  # layout/fetcher.py: WeasyPrint's url_fetcher signature
margin_top  # layout/grid.py: WeasyPrint's box attribute, set for its layout
min_width  # layout/hotpaths.py: WeasyPrint's box attribute, set for its layout
min_height  # layout/hotpaths.py: WeasyPrint's box attribute, set for its layout
max_height  # layout/hotpaths.py: WeasyPrint's box attribute, set for its layout
spine  # write/epub.py: ebooklib's book attribute
guide  # write/epub.py: ebooklib's book attribute
external_attr  # write/epub.py: zipfile.ZipInfo's attribute
create_system  # write/epub.py: zipfile.ZipInfo's attribute
median_chars  # check/typometrics.py: a figure, read through dataclasses.fields
pytestmark  # tests: pytest reads a module's marks by this name
pytest_collection_modifyitems  # tests/conftest.py: a pytest hook
pytest_sessionstart  # tests/conftest.py: a pytest hook
pytest_configure  # tests/conftest.py: a pytest hook
pytest_unconfigure  # tests/conftest.py: a pytest hook
pytest_terminal_summary  # tests/conftest.py: a pytest hook
exitstatus  # tests/conftest.py: the hook's signature
no_wordlist  # tests/importer/test_import.py: a fixture, used by name
pytest_addoption  # tests/conftest.py: a pytest hook
inter  # compose/setup.py: FontSet.inter, called by name (getattr) in compose/wiring.py
epubcheck  # tests/conftest.py: run in the background process, named as "tests.conftest:epubcheck"
slow_checks_first  # tests/conftest.py: an autouse fixture
_fail_on_errors  # layout/fetcher.py: WeasyPrint 70 reads it from the url_fetcher when a fetch fails
__getattr__  # compose/__init__.py: Python calls a module's __getattr__ (PEP 562)
at_once  # tests/test_progress.py: a fixture, used by name (usefixtures)
disabled  # cli.py: logging.Logger's attribute (the settings read quietly before a command)
formatter_class  # helptext.py: Click's Context reads it
context_class  # helptext.py: Click's Command reads it
command_class  # helptext.py: Click's Group reads it
