"""Posting new alerts to a webhook URL as JSON; a failed post leaves them unposted for the next poll."""

from __future__ import annotations

import json
from collections.abc import Sequence

import httpx

from tidings.alerts.evaluate import Alert
from tidings.fetch.settings import FetchSettings


def post_alerts(url: str, alerts: Sequence[Alert], settings: FetchSettings,
                transport: httpx.BaseTransport | None = None) -> str | None:
    """POST `{"alerts": [...]}`; returns None on success, else a one-line reason."""
    if not alerts:
        return None
    body = json.dumps({"alerts": [a.as_dict() for a in alerts]}, ensure_ascii=False).encode("utf-8")
    try:
        with httpx.Client(timeout=settings.timeout, transport=transport, trust_env=False,
                          headers={"User-Agent": settings.user_agent}) as client:
            reply = client.post(url, content=body, headers={"Content-Type": "application/json"})
    except httpx.HTTPError as exc:
        return f"webhook {url}: {type(exc).__name__}; {len(alerts)} alert(s) kept for the next poll"
    if reply.status_code >= 300:
        return f"webhook {url}: HTTP {reply.status_code}; {len(alerts)} alert(s) kept for the next poll"
    return None
