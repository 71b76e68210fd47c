"""robots.txt, read once per host and kept for a while, following RFC 9309: a missing file (4xx) allows
everything, an unreachable one (5xx, network failure) forbids everything until it is asked again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from tidings.fetch.clock import Clock

# How long a host's answer is trusted before robots.txt is asked for again (seconds).
KEEP_FOR = 24 * 3600.0
KEEP_UNREACHABLE_FOR = 600.0

Getter = Callable[[str], tuple[int, bytes]]


@dataclass(slots=True)
class _Policy:
    parser: RobotFileParser | None  # None with allow_all/deny_all
    allow_all: bool
    expires: float


class RobotsCache:
    def __init__(self, user_agent: str, clock: Clock) -> None:
        self.user_agent = user_agent
        self.clock = clock
        self._policies: dict[str, _Policy] = {}

    def allowed(self, url: str, get: Getter) -> bool:
        policy = self._policy(url, get)
        if policy.parser is None:
            return policy.allow_all
        return policy.parser.can_fetch(self.user_agent, url)

    def unreachable(self, url: str) -> bool:
        """Whether the host's robots.txt could not be read (everything is refused until it can)."""
        policy = self._policies.get(_root(url))
        return policy is not None and policy.parser is None and not policy.allow_all

    def crawl_delay(self, url: str) -> float | None:
        policy = self._policies.get(_root(url))
        if policy is None or policy.parser is None:
            return None
        delay = policy.parser.crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None

    def _policy(self, url: str, get: Getter) -> _Policy:
        root = _root(url)
        now = self.clock.monotonic()
        policy = self._policies.get(root)
        if policy is not None and policy.expires > now:
            return policy
        status, body = get(root + "/robots.txt")
        if 200 <= status < 300:
            parser = RobotFileParser()
            parser.parse(body.decode("utf-8", errors="replace").splitlines())
            policy = _Policy(parser, True, now + KEEP_FOR)
        elif 400 <= status < 500:
            policy = _Policy(None, True, now + KEEP_FOR)
        else:
            policy = _Policy(None, False, now + KEEP_UNREACHABLE_FOR)
        self._policies[root] = policy
        return policy


def _root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
