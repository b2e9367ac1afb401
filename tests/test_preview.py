"""The live preview in a real browser: edit the manuscript, see the page change.

Debian's chromium (``chromium-headless-shell`` or ``chromium``) driven by
Playwright, which downloads nothing. Without a browser the test is skipped,
except under ``.ci/run`` (PAMPHLETPRESS_REQUIRE_BROWSER=1), where it must run.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import urllib.request

import pytest

from tests.projects import ARTICLE, make_project

BROWSERS = ("chromium-headless-shell", "chromium")


def browser_path() -> str:
    for name in (os.environ.get("PAMPHLETPRESS_BROWSER"), *BROWSERS):
        if name and shutil.which(name):
            return shutil.which(name)
    return ""


def need(what: str) -> None:
    message = f"the preview's browser test needs {what}"
    if os.environ.get("PAMPHLETPRESS_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def preview_of(tmp_path):
    """A project being watched with --serve, in a thread; stopped after the test."""
    from pamphletpress.preview import Preview
    from pamphletpress.watch import watch

    project = make_project(tmp_path)
    preview = Preview(port=0).start()
    stop = threading.Event()
    rounds: list = []
    thread = threading.Thread(
        target=watch,
        args=(project / "manuscript", {}, {}, rounds.append, preview, stop),
        daemon=True,
    )
    thread.start()
    deadline = time.monotonic() + 60
    while preview.version == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert preview.version >= 1 and rounds and rounds[0].error is None
    yield project, preview
    stop.set()
    thread.join(timeout=30)
    preview.close()


def test_the_preview_serves_on_this_computer_only(preview_of):
    _project, preview = preview_of
    assert preview.server.server_address[0] == "127.0.0.1"
    assert preview.url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(preview.url + "page/1.png") as answer:
        assert answer.read(8) == b"\x89PNG\r\n\x1a\n"


def test_editing_the_manuscript_changes_the_page_in_the_browser(preview_of, request):
    if not browser_path():
        need("Debian's chromium-headless-shell (apt install chromium-headless-shell)")
    try:
        import playwright.sync_api  # noqa: F401 - the session's browser needs it
    except ImportError:
        need("Playwright (pip install '.[test]')")
    browser = request.getfixturevalue("reader").browser  # the session's one Chromium
    project, preview = preview_of
    manuscript = project / "manuscript" / "artikel.md"
    loaded = (
        "() => [...document.images].length > 0"
        " && [...document.images].every(i => i.complete && i.naturalWidth > 0)"
    )
    page = browser.new_page()
    try:
        page.goto(preview.url)
        page.wait_for_function(loaded)
        first_version = page.evaluate("document.body.dataset.version")
        assert "1 page" in page.inner_text("#status")
        before = page.locator("img").first.screenshot()

        manuscript.write_text(
            ARTICLE.replace("title: Proef", "title: Een heel andere kop, veel langer dan eerst"),
            encoding="utf-8",
        )
        page.wait_for_function(
            f"document.body.dataset.version !== '{first_version}'", timeout=60_000
        )
        page.wait_for_function(loaded)
        after = page.locator("img").first.screenshot()
        assert after != before  # the page the browser shows is the new one
        assert page.locator("#error").count() == 0

        second_version = page.evaluate("document.body.dataset.version")
        manuscript.write_text("---\n title: Kapot\nauthor: X\n---\nTekst.\n", encoding="utf-8")
        page.wait_for_function(
            f"document.body.dataset.version !== '{second_version}'", timeout=60_000
        )
        error = page.inner_text("#error")
        assert "artikel.md:2" in error and "remove the space before 'title:'" in error
        page.wait_for_function(loaded)  # the last good page stays under the error
    finally:
        page.close()
