"""A polite, defensive HTTP client: per-host pacing, robots.txt, conditional requests, retries with backoff,
a size cap, bounded redirects and content-type checks. One `Fetcher` is made per watch and passed around."""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from tidings.errors import InputError
from tidings.fetch.clock import Clock, SystemClock
from tidings.fetch.robots import RobotsCache
from tidings.fetch.settings import FetchSettings

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
                        "text/xml"})
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
# A Retry-After longer than this is not waited for inside a poll: the page is retried at a later poll.
_MAX_RETRY_AFTER = 60.0


class FetchError(InputError):
    """A URL that could not be fetched. `transient` failures (timeouts, 5xx, 429) are worth retrying later."""

    def __init__(self, code: str, message: str, transient: bool = False, status: int | None = None) -> None:
        super().__init__(code, message)
        self.transient = transient
        self.status = status


@dataclass(slots=True, frozen=True)
class Validators:
    """What a server said identifies a version of a resource, sent back to ask "has it changed?"."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True, frozen=True)
class Response:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int  # 200, or 304 when not modified
    body: bytes = b""
    content_type: str | None = None
    charset: str | None = None
    validators: Validators = Validators()

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class HostPacer:
    """Keeps at least `delay` seconds (or the host's robots.txt Crawl-delay, if longer) between requests to a host."""

    def __init__(self, delay: float, clock: Clock) -> None:
        self.delay = delay
        self.clock = clock
        self._next: dict[str, float] = {}
        self._host_delay: dict[str, float] = {}

    def set_delay(self, host: str, seconds: float) -> None:
        self._host_delay[host] = max(self.delay, seconds)

    def wait(self, host: str) -> None:
        now = self.clock.monotonic()
        ready = self._next.get(host, now)
        if ready > now:
            self.clock.sleep(ready - now)
        self._next[host] = max(ready, now) + self._host_delay.get(host, self.delay)


class Fetcher:
    def __init__(self, settings: FetchSettings, clock: Clock | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self.pacer = HostPacer(settings.host_delay, self.clock)
        self.robots = RobotsCache(settings.user_agent, self.clock)
        self._client = httpx.Client(
            follow_redirects=False, transport=transport, trust_env=False,
            timeout=httpx.Timeout(settings.timeout), headers={"User-Agent": settings.user_agent})

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, accept: Collection[str] = PAGE_TYPES, validators: Validators | None = None) -> Response:
        """GET `url`, following at most `max_redirects` redirects, each hop checked against robots.txt."""
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            _check_url(current)
            if self.settings.obey_robots and not self.robots.allowed(current, self._robots_txt):
                if self.robots.unreachable(current):
                    raise FetchError("E008", f"{current}: robots.txt of the host cannot be read; nothing fetched "
                                             "from it, will retry at a later poll", transient=True)
                raise FetchError("E008", f"{current}: disallowed by robots.txt for our user agent; not fetched")
            self._apply_crawl_delay(current)
            response = self._request(current, accept, validators)
            if isinstance(response, str):  # a redirect: the next hop
                current = response
                continue
            return Response(url, current, response.status, response.body, response.content_type,
                            response.charset, response.validators)
        raise FetchError("E008", f"{url}: more than {self.settings.max_redirects} redirects; not followed further")

    def _apply_crawl_delay(self, url: str) -> None:
        delay = self.robots.crawl_delay(url)
        if delay:
            self.pacer.set_delay(_host(url), delay)

    def _robots_txt(self, url: str) -> tuple[int, bytes]:
        """Status and body of a robots.txt (redirects followed, no robots check of its own)."""
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            try:
                result = self._request(current, None, None, cap=min(self.settings.max_bytes, 512_000))
            except FetchError as exc:
                return (exc.status or 503), b""
            if isinstance(result, str):
                current = result
                continue
            return result.status, result.body
        return 503, b""

    def _request(self, url: str, accept: Collection[str] | None, validators: Validators | None,
                 cap: int | None = None) -> Response | str:
        headers = {}
        if validators is not None and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        if accept:
            headers["Accept"] = ", ".join(sorted(accept)) + ", */*;q=0.1"
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            self.pacer.wait(_host(url))
            try:
                with self._client.stream("GET", url, headers=headers) as reply:
                    status = reply.status_code
                    if status in _TRANSIENT_STATUS:
                        wait = _retry_after(reply.headers.get("Retry-After"))
                        if last or (wait is not None and wait > _MAX_RETRY_AFTER):
                            raise FetchError("E008", f"{url}: HTTP {status} after {attempt + 1} attempt(s); "
                                                     "will retry at a later poll", transient=True, status=status)
                        self.clock.sleep(wait if wait is not None else self.settings.backoff * 2 ** attempt)
                        continue
                    if 300 <= status < 400 and status != 304:
                        location = reply.headers.get("Location")
                        if not location:
                            raise FetchError("E008", f"{url}: HTTP {status} redirect without a Location",
                                             status=status)
                        return urljoin(url, location)
                    if status >= 400:
                        raise FetchError("E008", f"{url}: HTTP {status}; skipped", status=status)
                    found = Validators(reply.headers.get("ETag"), reply.headers.get("Last-Modified"))
                    if status == 304:
                        return Response(url, url, 304, validators=validators or found)
                    kind, charset = _content_type(reply.headers.get("Content-Type"))
                    if accept is not None and kind is not None and kind not in accept:
                        raise FetchError("E007", f"{url}: content type {kind}, expected one of "
                                                 f"{', '.join(sorted(accept))}; skipped", status=status)
                    body = self._read_capped(reply, url, cap or self.settings.max_bytes)
                    return Response(url, url, status, body, kind, charset, found)
            except httpx.TimeoutException:
                if last:
                    raise FetchError("E008", f"{url}: no answer within {self.settings.timeout:g} s "
                                             f"({attempt + 1} attempt(s)); will retry at a later poll",
                                     transient=True) from None
            except httpx.TransportError as exc:
                if last:
                    raise FetchError("E008", f"{url}: {type(exc).__name__} ({_first_line(exc)}); will retry at "
                                             "a later poll", transient=True) from None
            self.clock.sleep(self.settings.backoff * 2 ** attempt)
        raise AssertionError("unreachable: the last attempt returns or raises")

    @staticmethod
    def _read_capped(reply: httpx.Response, url: str, cap: int) -> bytes:
        declared = reply.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise FetchError("E005", f"{url}: {int(declared):,} bytes declared, the limit is {cap:,}; not read")
        chunks: list[bytes] = []
        size = 0
        for chunk in reply.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise FetchError("E005", f"{url}: more than {cap:,} bytes, the limit; not read further")
            chunks.append(chunk)
        return b"".join(chunks)


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("E007", f"{url}: only http and https URLs are fetched")


def _host(url: str) -> str:
    # Politeness is per machine, whatever the port.
    return (urlsplit(url).hostname or "").lower()


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "charset" and value:
            charset = value.strip('"\' ').lower()
    return kind.strip().lower() or None, charset


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:120] if text else "connection failed"
