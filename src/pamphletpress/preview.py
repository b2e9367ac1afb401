"""The live preview of ``watch --serve``: the newest PDF's pages in the browser.

A small web server on 127.0.0.1 only (nothing on the network can reach it)
serves one page showing the PDF's pages as images (rendered by ``pdftoppm``),
or the build error in plain words. The page listens for Server-Sent Events
(``/events``) and reloads itself, keeping its scroll position, as soon as a
rebuild is done; where events do not get through it asks ``/version`` every
second instead.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pamphletpress.errors import PamphletError, display_path, plural
from pamphletpress.i18n import _, language

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
RESOLUTION = 80  # dpi: an A4 page about 660 px wide, sharp enough to read


class Preview:
    """The pages on show, their version, and the server that shows them."""

    def __init__(self, port: int = DEFAULT_PORT) -> None:
        self.version = 0
        self.pages: list[bytes] = []
        self.title = "pamphletpress"
        self.status = "building …"
        self.error: str | None = None
        self._shown: tuple | None = None
        self._changed = threading.Condition()
        self._closed = False
        self.server = _bind(port, self)
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}/"

    def start(self) -> Preview:
        self._thread.start()
        return self

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        self.server.shutdown()
        self.server.server_close()

    def show_pdf(self, pdf: Path) -> None:
        """Show ``pdf``'s pages (rendered again only if the file changed)."""
        stat = pdf.stat()
        key = (str(pdf), stat.st_mtime_ns, stat.st_size)
        if key == self._shown and self.error is None:
            return
        try:
            pages = render_pages(pdf)
        except PamphletError as exc:
            self.show_error(exc.format_message())
            return
        except (OSError, subprocess.SubprocessError) as exc:
            self.show_error(
                _("{file}: its pages could not be drawn ({reason})").format(
                    file=display_path(pdf), reason=exc
                )
            )
            return
        self._publish(
            pages=pages,
            title=pdf.name,
            status=_("{file} — {pages}, built {time}").format(
                file=display_path(pdf),
                pages=plural(len(pages), "{count} page", "{count} pages"),
                time=time.strftime("%H:%M:%S"),
            ),
            error=None,
        )
        self._shown = key

    def show_error(self, message: str) -> None:
        """Keep the last good pages, with the error above them."""
        self._publish(pages=self.pages, title=self.title, status=self.status, error=message)

    def _publish(self, pages, title, status, error) -> None:
        with self._changed:
            self.pages, self.title, self.status, self.error = pages, title, status, error
            self.version += 1
            self._changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int | None:
        """The new version once it differs from ``seen``; None on timeout or when closed."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen or self._closed, timeout)
            return None if self._closed or self.version == seen else self.version

    def page_html(self) -> str:
        with self._changed:
            version, pages, error = self.version, len(self.pages), self.error
            title, status = self.title, self.status
        alt = html.escape(_("page {number}"))
        images = "\n".join(
            f'<img src="/page/{n}.png?v={version}" alt="{alt.format(number=n)}" width="661">'
            for n in range(1, pages + 1)
        )
        banner = f'<p id="error" role="alert">{html.escape(error)}</p>' if error else ""
        return PAGE.format(
            lang=language(),
            title=html.escape(_("{file} — pamphletpress preview").format(file=title)),
            version=version,
            status=html.escape(status),
            banner=banner,
            images=images or f"<p>{html.escape(_('No pages yet.'))}</p>",
        )


def _bind(port: int, preview: Preview) -> ThreadingHTTPServer:
    """The server on ``port``, or the next free one (another preview may be running)."""
    handler = type("Handler", (_Handler,), {"preview": preview})
    last: OSError | None = None
    for candidate in [port + i for i in range(20)] if port else [0]:
        try:
            server = ThreadingHTTPServer((HOST, candidate), handler)
        except OSError as exc:
            last = exc
            continue
        server.daemon_threads = True
        return server
    raise PamphletError(
        _("cannot start the preview on ports {port}–{value}: {last}").format(
            port=port, value=port + 19, last=last
        )
    )


def render_pages(pdf: Path) -> list[bytes]:
    """Each page of ``pdf`` as a PNG, through poppler's ``pdftoppm``."""
    if shutil.which("pdftoppm") is None:
        raise PamphletError(
            _(
                "the preview needs pdftoppm to show pages; install it "
                "(sudo apt install poppler-utils)"
            )
        )
    with tempfile.TemporaryDirectory(prefix="pamphletpress-preview-") as folder:
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(RESOLUTION), str(pdf), str(Path(folder) / "page")],
            check=True,
            capture_output=True,
            timeout=120,
        )
        files = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        return [f.read_bytes() for f in files]


class _Handler(BaseHTTPRequestHandler):
    preview: Preview

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        path = self.path.split("?", 1)[0]
        if path == "/":
            self._send(200, "text/html; charset=utf-8", self.preview.page_html().encode())
        elif path == "/version":
            body = {"version": self.preview.version, "error": self.preview.error}
            self._send(200, "application/json", json.dumps(body).encode())
        elif path == "/events":
            self._events()
        elif path.startswith("/page/") and path.endswith(".png"):
            number = path[len("/page/") : -len(".png")]
            pages = self.preview.pages
            if number.isdigit() and 1 <= int(number) <= len(pages):
                self._send(200, "image/png", pages[int(number) - 1])
            else:
                self._send(404, "text/plain", b"no such page")
        else:
            self._send(404, "text/plain", b"not found")

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-Sent Events: the version now, then each new one (a comment keeps it open)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.preview.version
        try:
            self.wfile.write(f"data: {seen}\n\n".encode())
            self.wfile.flush()
            while True:
                version = self.preview.wait_for_change(seen, timeout=15)
                if version is None:
                    if self.preview._closed:
                        return
                    self.wfile.write(b": still here\n\n")
                else:
                    seen = version
                    self.wfile.write(f"data: {version}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, *args) -> None:  # no access log on the editor's terminal
        pass


PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
  body {{ margin: 0; background: #6b6b6b; font: 15px/1.4 system-ui, sans-serif; }}
  header {{ position: sticky; top: 0; padding: .5em 1em; background: #222; color: #eee; }}
  #error {{ margin: 0; padding: .75em 1em; background: #b00020; color: #fff; }}
  main {{ display: flex; flex-direction: column; align-items: center; gap: 1em; padding: 1em; }}
  img {{ max-width: 100%; height: auto; background: #fff; box-shadow: 0 0 8px #0008; }}
</style>
</head>
<body data-version="{version}">
<header id="status">{status}</header>
{banner}
<main id="pages">
{images}
</main>
<script>
  const version = document.body.dataset.version;
  const y = sessionStorage.getItem("pamphletpress-scroll");
  if (y !== null) window.scrollTo(0, Number(y));
  function reload() {{
    sessionStorage.setItem("pamphletpress-scroll", String(window.scrollY));
    location.reload();
  }}
  function poll() {{
    setInterval(async () => {{
      try {{
        const answer = await (await fetch("/version", {{ cache: "no-store" }})).json();
        if (String(answer.version) !== version) reload();
      }} catch (e) {{}}
    }}, 1000);
  }}
  if ("EventSource" in window) {{
    const events = new EventSource("/events");
    events.onmessage = (event) => {{ if (event.data !== version) reload(); }};
    events.onerror = () => {{ events.close(); poll(); }};
  }} else {{
    poll();
  }}
</script>
</body>
</html>
"""
