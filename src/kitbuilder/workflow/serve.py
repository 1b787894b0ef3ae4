"""``kitbuilder watch --serve``: a page on this computer only (127.0.0.1) that shows the pages
of the latest build and reloads itself after each rebuild, in the manner of ``mkdocs serve``.

The page asks ``/version`` every second and reloads when it changes. Only the pictures of
the current build are served, by number (``/page/3``): no path from the address is ever
opened, so nothing else on the computer can be read through it. A page number is at most
six ASCII digits (anything else is "not found"), and a request naming another host than
127.0.0.1 or localhost is refused, so a web page elsewhere cannot read the pictures
through a name that points at this computer (DNS rebinding). A failing request is
answered or dropped quietly: the watch lines stay the only output on the terminal.
"""

from __future__ import annotations

import html
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"
PAGE_PATH = re.compile(r"/page/([0-9]{1,6})")  # ASCII digits only ("²".isdigit() is true)
LOCAL_HOST = re.compile(r"(127\.0\.0\.1|localhost)(:[0-9]{1,5})?", re.IGNORECASE)
PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<style>body{{background:#ddd;font:14px sans-serif;margin:16px}}img{{display:block;margin:0 auto 16px;
max-width:100%;box-shadow:0 1px 4px #888;background:#fff}}p{{text-align:center;color:#444}}</style></head>
<body><p>{status}</p>{pages}<script>
let seen = {version};
setInterval(async () => {{
  try {{ const r = await fetch('/version'); if ((await r.json()) !== seen) location.reload(); }} catch (e) {{}}
}}, 1000);
</script></body></html>"""


class Preview:
    """What the page shows: the pictures of the last good build, and a counter of builds."""

    def __init__(self, title: str):
        self.title = title
        self.version = 0
        self.pictures: list[Path] = []
        self.status = "building ..."
        self.lock = threading.Lock()

    def update(self, pictures: list[Path] | None, status: str) -> None:
        with self.lock:
            if pictures is not None:
                self.pictures = list(pictures)
            self.status = status
            self.version += 1

    def page(self) -> bytes:
        with self.lock:
            pages = "".join(f'<img src="/page/{i}?v={self.version}" alt="{html.escape(p.name)}">'
                            for i, p in enumerate(self.pictures))
            return PAGE.format(title=html.escape(self.title), status=html.escape(self.status), pages=pages,
                               version=self.version).encode("utf-8")


def serve(preview: Preview, port: int) -> ThreadingHTTPServer:
    """Start serving ``preview`` on 127.0.0.1:``port`` in a background thread; return the server."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the name http.server calls)
            if not LOCAL_HOST.fullmatch(self.headers.get("Host", "").strip()):
                self._send(403, "text/plain", b"this preview answers to 127.0.0.1 and localhost only")
                return
            path = self.path.split("?", 1)[0]
            number = PAGE_PATH.fullmatch(path)
            if path == "/":
                self._send(200, "text/html; charset=utf-8", preview.page())
            elif path == "/version":
                self._send(200, "application/json", json.dumps(preview.version).encode())
            elif number:
                with preview.lock:
                    pictures = list(preview.pictures)
                index = int(number.group(1))
                try:
                    data = pictures[index].read_bytes() if index < len(pictures) else None
                except OSError:
                    data = None
                self._send(200, "image/png", data) if data else self._send(404, "text/plain", b"not found")
            else:
                self._send(404, "text/plain", b"not found")

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # quiet: the watch lines are the output
            pass

    class QuietServer(ThreadingHTTPServer):
        def handle_error(self, request, client_address):  # a broken request: dropped, no traceback printed
            pass

    server = QuietServer((HOST, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
