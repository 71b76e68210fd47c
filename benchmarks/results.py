"""Where every benchmark writes its numbers: bench-results/<kind>-<stamp>.json plus <kind>-latest.json, so runs
stay comparable over time and the latest is easy to find."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent.parent / "bench-results"


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}


def write_results(kind: str, report: dict[str, Any], latest: str | None = None) -> Path:
    """Writes `report` stamped and as the kind's latest; returns the latest file's path."""
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    payload = json.dumps(report, indent=2) + "\n"
    (RESULTS / f"{kind}-{stamp}.json").write_text(payload, encoding="utf-8")
    path = RESULTS / (latest or f"{kind}-latest.json")
    path.write_text(payload, encoding="utf-8")
    return path
