"""The article function every engine runs: raw documents in, analyses (or skips) out.

It is the local pipeline's own cleaning and analysis (`tidings.pipeline`), so an engine cannot drift from
`tidings run`; engines differ only in how documents reach it and where results go.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from tidings.config import Settings
from tidings.errors import Skipped
from tidings.pipeline import Resources, batched, clean_inputs
from tidings.records import Article, ArticleAnalysis, RawDocument


def analyze_documents(items: Iterable[RawDocument | Skipped], resources: Resources,
                      settings: Settings) -> Iterator[ArticleAnalysis | Skipped]:
    """Clean and analyse documents in batches of `batch_size` (one spaCy pipe per batch)."""
    for batch in batched(clean_inputs(items, settings), settings.batch_size):
        yield from (item for item in batch if isinstance(item, Skipped))
        articles = [item for item in batch if isinstance(item, Article)]
        if articles:
            yield from resources.analyze_many(articles)


@functools.lru_cache(maxsize=1)
def process_resources(settings: Settings) -> Resources:
    """The resources of this process, loaded by its first task and reused by every later one.

    An executor's Python worker lives across tasks, so the spaCy model and codebook load once per worker,
    not once per partition; the cache is keyed by the (frozen, hashable) settings.
    """
    return Resources.load(settings)
