"""Disputed claims across articles and outlets.

Within one article the claim reader links a denial to the claim it denies. Across articles it cannot: the
Russian side's claim is in one outlet's report and Japan's denial in another's. Here a claim asserted by one
party is disputed by a denial from a party of another country in the same story when the two speak of the same
thing, read as a large share of shared content words ("paid for classified information" / "attempted to pay
for classified information").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from tidings.records import Claim

# At least this many content words in common, and this share of the shorter claim's words.
MIN_SHARED_WORDS = 3
MIN_SHARED_SHARE = 0.4
_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_STOP = frozenset("""that this with from have been were which their there about would could should into than
then they them what when where while also after before over under because against between during without
said says such those these other some more most very only just being""".split())


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in _WORD.findall(text.lower().replace("’", "'")) if w not in _STOP)


def same_matter(one: Claim, other: Claim) -> bool:
    a, b = content_words(one.content), content_words(other.content)
    shared = len(a & b)
    return shared >= MIN_SHARED_WORDS and shared >= MIN_SHARED_SHARE * min(len(a), len(b))


def cross_disputes(claims: Sequence[Claim], membership: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """For each claim that gains disputes, all its `disputed_by` ids: those it had, plus denials by a party of
    another country in another article of the same story about the same matter."""
    by_story: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        story = membership.get(claim.article_id)
        if story is not None:
            by_story[story].append(claim)
    updated: dict[str, tuple[str, ...]] = {}
    for members in by_story.values():
        denials = [c for c in members if c.stance == "deny" and c.speaker is not None and c.speaker.country]
        for claim in members:
            if claim.stance != "assert" or claim.speaker is None or not claim.speaker.country:
                continue
            found = [d.id for d in denials if d.article_id != claim.article_id
                     and d.speaker.country != claim.speaker.country and same_matter(claim, d)]  # type: ignore[union-attr]
            new = [d for d in found if d not in claim.disputed_by]
            if new:
                updated[claim.id] = tuple(claim.disputed_by) + tuple(sorted(new))
    return updated
