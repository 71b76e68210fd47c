"""The pipeline: article stages (read, clean, analyse) for each new article, then the corpus stages.

Article stages are pure functions of one article and read-only resources, so they run in a process pool
(`workers` setting); the corpus stages read and write the store once per run.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING

from tidings.clean import clean_document
from tidings.config import Settings
from tidings.errors import InputError, Skipped
from tidings.progress import NullProgress, Progress
from tidings.records import Article, ArticleAnalysis, RawDocument, SourceMeta, Story
from tidings.sources import read_inputs
from tidings.sources.count import count_inputs

if TYPE_CHECKING:
    from tidings.extract import Coder
    from tidings.nlp import NLP
    from tidings.sources.manifest import Manifest
    from tidings.store import Store, StoreSummary


@dataclass(slots=True)
class Resources:
    """Everything heavy the article stages need, loaded once per process."""

    settings: Settings
    nlp: NLP
    coder: Coder

    @classmethod
    def load(cls, settings: Settings) -> "Resources":
        from tidings.extract import Coder
        from tidings.nlp import NLP, Gazetteer

        gazetteer = Gazetteer.load()
        from tidings.extract.learned import learned_from_settings

        return cls(settings, NLP.load(settings, gazetteer), Coder.load(gazetteer, learned_from_settings(settings)))

    def analyze(self, article: Article) -> ArticleAnalysis:
        return self.coder.code(article, self.nlp(article.text))

    def analyze_many(self, articles: Sequence[Article]) -> list[ArticleAnalysis | Skipped]:
        """Analyse a batch with one spaCy pipe; an article that fails is reported, not fatal to the batch."""
        return list(self.analyze_stream(articles))

    def analyze_stream(self, articles: Iterable[Article]) -> Iterator[ArticleAnalysis | Skipped]:
        """Each article's analysis (or why it was skipped), in order. Each Doc is coded as soon as it is parsed
        and dropped before the next, so memory holds one spaCy batch, not the Docs of all the articles."""
        held: deque[Article] = deque()  # articles given to the parser, not yet coded

        def texts() -> Iterator[str]:
            for article in articles:
                held.append(article)
                yield article.text

        for doc in self.nlp.parse_stream(texts()):
            article = held.popleft()
            if isinstance(doc, Exception):  # the parser failed on this text
                yield Skipped(origin_of(article), "E012", f"{type(doc).__name__}: {doc}")
                continue
            try:
                yield self.coder.code(article, doc)
            except Exception as exc:  # noqa: BLE001  one bad article must not cost the batch
                yield Skipped(origin_of(article), "E012", f"{type(exc).__name__}: {exc}")
            del doc


def origin_of(article: Article) -> str:
    return article.path or article.url or article.id


TOP_STORIES = 8


@dataclass(slots=True)
class RunReport:
    """What one `tidings run` did."""

    read: int = 0
    written: int = 0
    already_stored: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    summary: StoreSummary | None = None
    top_stories: list[Story] = field(default_factory=list)  # the largest stories in the store

    @property
    def processed(self) -> int:
        return self.written + self.already_stored

    def skipped_by_reason(self) -> Counter[str]:
        return Counter(f"[{s.code}] {s.reason.split(':')[0]}" for s in self.skipped)


# Batches analysed ahead of the one being written, and chunks per worker in a batch (load balance).
IN_FLIGHT = 2
CHUNKS_PER_WORKER = 4

# Worker processes keep their own Resources; the pool initializer fills this once per process.
_WORKER: dict[str, Resources] = {}


def _init_worker(settings: Settings) -> None:
    _WORKER["resources"] = Resources.load(settings)


def _analyze_in_worker(articles: list[Article]) -> list[ArticleAnalysis | Skipped]:
    return _WORKER["resources"].analyze_many(articles)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on (containers, taskset)
    except AttributeError:
        return os.cpu_count() or 1


def worker_count(settings: Settings) -> int:
    """Processes for the article stages: the `workers` setting, 0 meaning every available core."""
    cores = available_cores()
    return cores if settings.workers == 0 else min(settings.workers, cores)


class Analyzer:
    """Runs the article stages in this process or in a pool of `workers` processes.

    Resources handed in by the caller live in this process, so a run given them analyses here; so does a run
    whose whole input is too small to repay starting workers (each loads its own spaCy model)."""

    def __init__(self, settings: Settings, resources: Resources | None = None) -> None:
        self.settings = settings
        self._resources = resources
        self._own_resources = resources is None
        self.workers = 1 if resources is not None else worker_count(settings)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "Analyzer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers and drop resources this analyzer loaded (not ones handed in), so that the corpus
        stages that follow a run do not share the machine's memory with idle spaCy models."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        if self._own_resources:
            self._resources = None

    def analyze(self, articles: list[Article]) -> list[ArticleAnalysis | Skipped]:
        if self.workers <= 1 or len(articles) < 2 * self.workers:
            return self._here(articles)
        size = -(-len(articles) // self.workers)
        chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
        return [result for chunk in self._started().map(_analyze_in_worker, chunks) for result in chunk]

    def _here(self, articles: list[Article]) -> list[ArticleAnalysis | Skipped]:
        if self._resources is None:
            self._resources = Resources.load(self.settings)
        return self._resources.analyze_many(articles)

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Spawned, not forked: a worker starts from a fresh interpreter instead of a copy of this process
            # (its store connection and DuckDB threads, which must not be forked, and the pages of everything
            # read so far, which the process tree would otherwise hold once per worker).
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init_worker, initargs=(self.settings,))
        return self._pool

    def analyze_stream(self, batches: Iterable[list[Article]]
                       ) -> Iterator[tuple[list[Article], list[ArticleAnalysis | Skipped]]]:
        """Each batch with its results, in order. With workers, the next batch is analysed while the caller
        writes this one, and a batch is cut into small chunks so that one long article does not leave the
        other workers idle; at most IN_FLIGHT batches are held, so memory stays bounded."""
        stream = iter(batches)
        first = next(stream, None)
        if first is None:
            return
        second = next(stream, None)
        if self.workers <= 1 or (second is None and len(first) < 2 * self.workers):
            for batch in chain([first], () if second is None else [second], stream):
                yield batch, self._here(batch)
            return
        pool = self._started()
        pending: deque[tuple[list[Article], list[Future[list[ArticleAnalysis | Skipped]]]]] = deque()
        for batch in chain([first], () if second is None else [second], stream):
            size = max(1, -(-len(batch) // (self.workers * CHUNKS_PER_WORKER)))
            pending.append((batch, [pool.submit(_analyze_in_worker, batch[i : i + size])
                                    for i in range(0, len(batch), size)]))
            if len(pending) >= IN_FLIGHT:
                done, futures = pending.popleft()
                yield done, [result for future in futures for result in future.result()]
        while pending:
            done, futures = pending.popleft()
            yield done, [result for future in futures for result in future.result()]


def clean_inputs(items: Iterable[RawDocument | Skipped], settings: Settings) -> Iterator[Article | Skipped]:
    for item in items:
        if isinstance(item, Skipped):
            yield item
            continue
        try:
            yield clean_document(item, settings)
        except InputError as exc:
            yield Skipped(item.origin, exc.code, exc.message)


def batched(items: Iterable[Article | Skipped], size: int) -> Iterator[list[Article | Skipped]]:
    batch: list[Article | Skipped] = []
    for item in items:
        batch.append(item)
        if sum(isinstance(i, Article) for i in batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run(
    paths: Sequence[str],
    settings: Settings,
    manifest: Manifest | None = None,
    defaults: SourceMeta | None = None,
    progress: Progress | None = None,
    resources: Resources | None = None,
) -> RunReport:
    """Ingest inputs into the store at `settings.db`, analyse new articles, then update the corpus stages."""
    from tidings.store import Store

    progress = progress or NullProgress()
    report = RunReport()
    with Store.open(settings.db) as store, Analyzer(settings, resources) as analyzer:
        workload = None
        if not isinstance(progress, NullProgress):  # counting reads record files once more: only when shown
            progress.phase("counting inputs")
            workload = count_inputs(paths, settings, manifest)
            progress.expect(workload)
        progress.phase("reading and analysing")
        seen: set[str] = set()
        items = clean_inputs(read_inputs(paths, settings, manifest, defaults, workload), settings)
        fresh_batches = (fresh for batch in batched(items, settings.batch_size)
                         if (fresh := _take_fresh(batch, store, seen, report, progress)))
        for fresh, results in analyzer.analyze_stream(fresh_batches):
            analyses: list[ArticleAnalysis] = []
            for result in results:
                if isinstance(result, Skipped):
                    _skip(result, report, progress)
                else:
                    analyses.append(result)
            report.written += store.write_analyses(analyses)
            progress.advance(len(fresh))
        analyzer.close()
        store.log_skipped(report.skipped)
        if report.written:
            progress.phase("updating stories and event records")
            update_corpus_stages(store)
        report.summary = store.summary()
        report.top_stories = sorted(store.stories(), key=lambda s: (-len(s.articles), s.title or ""))[:TOP_STORIES]
    progress.close()
    return report


def _take_fresh(batch: list[Article | Skipped], store: Store, seen: set[str], report: RunReport,
                progress: Progress) -> list[Article]:
    articles = [a for a in batch if isinstance(a, Article)]
    for item in batch:
        if isinstance(item, Skipped):
            _skip(item, report, progress)
    report.read += len(articles)
    known = store.known_articles(a.id for a in articles)
    fresh: list[Article] = []
    for article in articles:
        if article.id in known:
            report.already_stored += 1
        elif article.id in seen:
            _skip(Skipped(origin_of(article), "E011", f"same text as article {article.id} earlier in this run"),
                  report, progress)
        else:
            seen.add(article.id)
            fresh.append(article)
    # Inputs that need no analysis are done now; the fresh ones when their batch is written.
    progress.advance(len(batch) - len(fresh))
    return fresh


def _skip(item: Skipped, report: RunReport, progress: Progress) -> None:
    report.skipped.append(item)
    progress.note(item.line())


def update_corpus_stages(store: Store) -> None:
    """Recompute stories, merged records and links from what is stored, keeping story assignments stable."""
    from tidings.corpus import update_corpus
    from tidings.corpus.disputes import cross_disputes
    from tidings.corpus.duplicates import stored_signatures

    existing = store.stories()
    membership = {article: story.id for story in existing for article in story.articles}
    result = update_corpus(store.articles(), store.events(), existing, membership,
                           stored_signatures=stored_signatures(*store.signatures()))
    duplicates = result.duplicates
    store.replace_corpus(result.stories, result.membership, result.records, result.links,
                         duplicates=duplicates.duplicates if duplicates else None,
                         signatures=duplicates.signatures if duplicates else None,
                         disputes=cross_disputes(store.claims(), result.membership))
