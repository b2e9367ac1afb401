"""An EPUB's pages read in a real engine: headless Chromium, as reading apps built on
web engines (epub.js, Thorium, many phone apps) show them.

The browser is the system's Chromium that ``.ci/ace`` installs for DAISY Ace
(Debian's ``chromium-headless-shell``), driven by Playwright (``pip install
playwright``; it downloads nothing when given the browser's path). The book is
unzipped and served over HTTP on 127.0.0.1, each content document opened at a
phone's width, and measured with the page's own layout: the colour of every text
against what is behind it, the widest word space, anything wider than the screen.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import zipfile
from pathlib import Path

import pytest

CANDIDATES = [
    os.environ.get("PAMPHLETPRESS_CHROMIUM", ""),
    "/usr/bin/chromium-headless-shell",
    "/usr/bin/chromium",
]

#: What a reading system's dark theme does (epub.js, calibre, Apple Books): it sets the
#: text colour and the page's background, and leaves any other background alone.
READER_DARK_THEME = "html, body { background-color: #000 !important; color: #d0d0d0 !important; }"

#: The measurements, in the page. Colours are composited over the layers behind the
#: text up to an opaque one, else over the canvas (white, or dark when the page says
#: ``color-scheme: dark``).
MEASURE = """
async () => {
  await document.fonts.ready;
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3]))
    .concat([1]);
  const canvas = () => {
    const scheme = getComputedStyle(document.documentElement).colorScheme || "";
    return /dark/.test(scheme) && !/light/.test(scheme) ? [18, 18, 18, 1] : [255, 255, 255, 1];
  };
  const background = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = layers.length && layers[layers.length - 1][3] >= 1 ? layers.pop() : canvas();
    while (layers.length) colour = over(layers.pop(), colour);
    return colour;
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map(v => {
      v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const out = { texts: 0, lowContrast: [], minContrast: 99, spaces: 0, maxSpace: 0,
                widestSpace: "", wide: [], width: innerWidth,
                scrollWidth: document.documentElement.scrollWidth,
                minSize: 99, smallest: "", broken: [] };
  const bodySize = parseFloat(getComputedStyle(document.body).fontSize);
  // A word set on two lines between two letters (no soft hyphen, no punctuation where
  // a line may break) where it would have fitted on one: "Eig/ens/ch/ap".
  const letter = /[\\p{L}\\p{N}]/u;
  const brokenInside = (node, start, end) => {
    range.setStart(node, start); range.setEnd(node, end);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    if (rects.length < 2 || new Set(rects.map(r => Math.round(r.top))).size < 2) return false;
    const width = rects.reduce((sum, r) => sum + r.width, 0);
    const style = getComputedStyle(document.body);
    const room = document.body.clientWidth - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight);
    if (width > room) return false;  // longer than the screen's line: it has to break
    let top = null;
    for (let i = start; i < end; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const r = range.getClientRects()[0];
      if (!r) continue;
      if (top !== null && Math.round(r.top) > top + 1)
        return letter.test(node.data[i - 1]) && letter.test(node.data[i]);
      top = Math.round(r.top);
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.data.trim() || !element) continue;
    range.selectNodeContents(node);
    if (!range.getClientRects().length) continue;  // not shown (hidden nav, …)
    const style = getComputedStyle(element);
    if (style.visibility === "hidden") continue;
    out.texts += 1;
    const fg = parse(style.color), bg = background(element);
    const contrast = ratio(over(fg, bg), bg);
    out.minContrast = Math.min(out.minContrast, contrast);
    if (contrast < 4.5) out.lowContrast.push(
      `${contrast.toFixed(2)}:1 ${style.color} on rgb(${bg.slice(0, 3).map(Math.round)}) `
      + `<${element.localName} class="${element.className}"> ${node.data.trim().slice(0, 40)}`);
    const size = parseFloat(style.fontSize);
    // MathML's scripts are small by design, as in print
    if (!element.closest("math") && size / bodySize < out.minSize) {
      out.minSize = size / bodySize;
      out.smallest = `<${element.localName} class="${element.className}"> `
        + node.data.trim().slice(0, 30);
    }
    for (const m of node.data.matchAll(/\\S{2,}/g)) {
      if (out.broken.length < 5 && brokenInside(node, m.index, m.index + m[0].length))
        out.broken.push(`<${element.localName}> ${m[0].slice(0, 40)}`);
    }
    for (let i = node.data.indexOf(" "); i >= 0; i = node.data.indexOf(" ", i + 1)) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      if (rects.length !== 1 || rects[0].width <= 0) continue;
      out.spaces += 1;
      const em = rects[0].width / size;
      if (em > out.maxSpace) {
        out.maxSpace = em;
        out.widestSpace = node.data.slice(Math.max(0, i - 25), i + 25).replace(/\\s+/g, " ");
      }
    }
  }
  for (const element of document.body.querySelectorAll("*")) {
    const rect = element.getBoundingClientRect();
    if (rect.width && rect.right > innerWidth + 0.5 && out.wide.length < 5)
      out.wide.push(`<${element.localName} class="${element.className}"> right edge `
        + `${rect.right.toFixed(0)} px`);
  }
  return out;
}
"""


def chromium() -> str | None:
    return next((c for c in CANDIDATES if c and Path(c).is_file()), None)


def unzip(epub: Path, folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    with zipfile.ZipFile(epub) as book:
        book.extractall(folder)
    return folder


class Reader:
    """One browser for a test session, and a web server per unzipped book."""

    def __init__(self) -> None:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            pytest.skip("Playwright is not installed (pip install playwright)")
        executable = chromium()
        if executable is None:
            pytest.skip("no Chromium: bash .ci/ace installs Debian's chromium-headless-shell")
        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=executable)
        self._servers: list[http.server.ThreadingHTTPServer] = []

    def serve(self, folder: Path) -> str:
        handler = functools.partial(QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self._servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    def page(self, url: str, width: int = 360, height: int = 740, scheme: str = "light",
             css: str | None = None):  # fmt: skip
        """A page opened at a phone's size in a colour scheme, ``css`` added as a user's."""
        context = self.browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme
        )
        page = context.new_page()
        page.goto(url)
        if css:
            page.add_style_tag(content=css)
        return page

    def measure(self, url: str, **options) -> dict:
        page = self.page(url, **options)
        try:
            return page.evaluate(MEASURE)
        finally:
            page.context.close()

    def close(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self.browser.close()
        self._playwright.stop()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".xhtml": "application/xhtml+xml",
        ".otf": "font/otf",
        ".ttf": "font/ttf",
    }

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


#: The reading modes every page is measured in.
MODES = {
    "light": {"scheme": "light"},
    "dark": {"scheme": "dark"},
    "reader-dark-theme": {"scheme": "light", "css": READER_DARK_THEME},
}


def content_documents(folder: Path) -> list[str]:
    """The book's XHTML pages, relative to the unzipped folder (nav and cover included)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.xhtml"))


def problems(measured: dict) -> list[str]:
    """What a reader would suffer from, in words (empty when nothing)."""
    found = [f"contrast {line}" for line in measured["lowContrast"]]
    if measured["scrollWidth"] > measured["width"]:
        found.append(
            f"wider than the screen: {measured['scrollWidth']} > {measured['width']} px "
            + "; ".join(measured["wide"])
        )
    if measured["minSize"] < 0.8 - 1e-6:
        found.append(
            f"text at {measured['minSize']:.2f} of the body's size: {measured['smallest']}"
        )
    found += [f"word broken inside: {word}" for word in measured["broken"]]
    if measured["maxSpace"] > 1.0:
        found.append(f"word space of {measured['maxSpace']:.2f} em in “{measured['widestSpace']}”")
    return found
