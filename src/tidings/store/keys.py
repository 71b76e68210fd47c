"""Matching actor keys in the narrow key tables (migration 0004): a value names a whole key ("RUS|Tass"),
its country ("RUS") or its group ("Tass")."""

from __future__ import annotations

_KEY_MATCH = "({k} = ? OR starts_with({k}, ? || '|') OR ends_with({k}, '|' || ?))"


def key_match(column: str, value: str) -> tuple[str, tuple[str, ...]]:
    """SQL true when the key in `column` matches `value`, and its parameters."""
    return _KEY_MATCH.format(k=column), (value, value, value)
