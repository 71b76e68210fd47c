"""A small news web site on 127.0.0.1 for the fetch, watch and alert tests: feeds, pages, robots.txt, a slow
path, an erroring path, ETag/Last-Modified answers; it records every request it gets."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0  # seconds before answering (a slow host)
    headers: dict[str, str] = field(default_factory=dict)
    fail_times: int = 0  # answer 503 this many times first (a host that errors, then recovers)


class NewsServer:
    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.hits: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                """Quiet: the tests read `hits`, not the server log."""

            def do_GET(self) -> None:  # noqa: N802  the http.server name
                server.hits.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path)
                if route is None:
                    self._send(404, b"not here", "text/plain")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.fail_times > 0:
                    route.fail_times -= 1
                    self._send(503, b"busy", "text/plain")
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self._send(304, b"", None, route)
                    return
                if route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified:
                    self._send(304, b"", None, route)
                    return
                body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
                self._send(route.status, body, route.content_type, route)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                server.posts.append((self.path, self.rfile.read(length)))
                route = server.routes.get(self.path)
                self._send(route.status if route else 200, b"ok", "text/plain")

            def _send(self, status: int, body: bytes, kind: str | None, route: Route | None = None) -> None:
                try:
                    self.send_response(status)
                    if kind:
                        self.send_header("Content-Type", kind)
                    if route is not None:
                        if route.etag:
                            self.send_header("ETag", route.etag)
                        if route.last_modified:
                            self.send_header("Last-Modified", route.last_modified)
                        for name, value in route.headers.items():
                            self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        self.posts: list[tuple[str, bytes]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [p for p, _ in self.hits]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


STORY = ("Japan expelled a Russian diplomat on Tuesday after Russia detained a Japanese consul in Vladivostok, "
         "the foreign ministry in Tokyo said. The ministry called the detention unacceptable and said the "
         "Russian consul in Sapporo must leave the country within a week.")


def page(title: str, text: str = STORY) -> str:
    paragraphs = "".join(f"<p>{text}</p>" for _ in range(3))
    return (f"<html><head><title>{title}</title></head><body><nav>Home | World</nav><article><h1>{title}</h1>"
            f"{paragraphs}</article><footer>Copyright</footer></body></html>")


def rss(title: str, items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed; items are (title, link, description)."""
    body = "".join(f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
                   f"<pubDate>Tue, 04 Oct 2022 09:00:00 GMT</pubDate><description>{d}</description></item>"
                   for t, link, d in items)
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'
