"""`tidings watch`: poll feeds, analyse only what is new, update the corpus stages, raise alerts; repeat.

Nothing is lost to a crash or Ctrl-C: an entry is marked handled only after its article is in the store, and a
feed's validators (ETag, Last-Modified) are kept only once all its entries are handled, so the next start reads
again whatever was in flight. Articles are keyed by content, so reading one again writes nothing twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tidings.alerts import Alert, AlertLog, AlertRule, evaluate, post_alerts
from tidings.config import Settings
from tidings.errors import InputError, Skipped, TidingsError
from tidings.fetch.clock import Clock, SystemClock
from tidings.fetch.feeds import FeedRead, FeedSource, entry_document, read_feed, skipped_from
from tidings.fetch.http import Fetcher, FetchError
from tidings.fetch.settings import FetchSettings
from tidings.fetch.state import FetchLedger, FetchState
from tidings.pipeline import Analyzer, Resources, clean_inputs, update_corpus_stages
from tidings.records import Article, ArticleAnalysis

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)


def parse_interval(text: str) -> float:
    """"15m", "90s", "1h", "1d" or plain seconds, as seconds."""
    match = _INTERVAL.match(str(text))
    seconds = float(match[1]) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match[2].lower()] if match else 0
    if seconds <= 0:
        raise TidingsError("E107", f"--interval {text!r} is not a duration; write e.g. 15m, 90s or 1h")
    return seconds


@dataclass(slots=True)
class PollReport:
    feeds: int = 0
    unchanged: int = 0
    entries_new: int = 0
    written: int = 0
    already_stored: int = 0
    retry_later: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # webhook problems and the like

    def line(self) -> str:
        return (f"{self.feeds} feed(s), {self.unchanged} unchanged; {self.entries_new} new entr(ies): "
                f"{self.written} article(s) stored, {self.already_stored} already stored, "
                f"{len(self.skipped)} skipped, {self.retry_later} to retry; {len(self.alerts)} new alert(s)")


@dataclass(slots=True)
class _Entry:
    key: str | None
    state: FetchState | None = None  # what to record once the article is safely stored


class Watcher:
    """Polls a list of feeds into the store at `settings.db`. `poll()` is one round; `run()` repeats it."""

    def __init__(self, feeds: Sequence[FeedSource], settings: Settings, fetch_settings: FetchSettings | None = None,
                 rules: Sequence[AlertRule] = (), webhook: str | None = None, clock: Clock | None = None,
                 fetcher: Fetcher | None = None, resources: Resources | None = None,
                 report: Callable[[str], None] | None = None) -> None:
        self.feeds = list(feeds)
        self.settings = settings
        self.fetch_settings = fetch_settings or FetchSettings.load(settings)
        self.rules = list(rules)
        self.webhook = webhook
        self.clock = clock or SystemClock()
        self.fetcher = fetcher or Fetcher(self.fetch_settings, self.clock)
        self.analyzer = Analyzer(settings, resources)
        self.say = report or (lambda line: None)
        self._polls = 0

    def close(self) -> None:
        self.analyzer.__exit__()
        self.fetcher.close()

    def __enter__(self) -> "Watcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, interval: float, max_polls: int | None = None) -> list[PollReport]:
        """Poll every `interval` seconds until `max_polls` rounds are done (forever when None)."""
        reports = []
        while max_polls is None or len(reports) < max_polls:
            started = self.clock.monotonic()
            report = self.poll()
            reports.append(report)
            self.say(report.line())
            if max_polls is not None and len(reports) >= max_polls:
                break
            self.clock.sleep(interval - (self.clock.monotonic() - started))
        return reports

    def poll(self) -> PollReport:
        """One round over all feeds. The store is opened for the round only, so readers can use it between."""
        from tidings.store import Store

        report = PollReport()
        self._polls += 1
        with Store.open(self.settings.db) as store, FetchLedger.open(self.settings.db) as ledger:
            for source in self.feeds:
                report.feeds += 1
                self._poll_feed(source, store, ledger, report)
            store.log_skipped(report.skipped)
            # The first round also refreshes the corpus, in case the last run stopped before doing so.
            if report.written or (self._polls == 1 and store.summary().articles):
                update_corpus_stages(store)
            if self.rules:
                self._alerts(store, report)
        return report

    def _poll_feed(self, source: FeedSource, store, ledger: FetchLedger, report: PollReport) -> None:
        state = ledger.get(source.location)
        now = self.clock.now()
        try:
            read = read_feed(source, self.fetcher, state.validators if state else None,
                             self.fetch_settings.max_bytes)
        except InputError as exc:
            report.skipped.append(skipped_from(exc, source.location))
            ledger.save([FetchState(source.location, "feed", "error",
                                    state.etag if state else None, state.last_modified if state else None, now,
                                    getattr(exc, "status", None), (state.failures if state else 0) + 1,
                                    exc.message)])
            return
        if read.feed is None:
            report.unchanged += 1
            ledger.save([FetchState(source.location, "feed", "ok", read.validators.etag,
                                    read.validators.last_modified, now, read.status, 0, "not modified")])
            return
        complete = self._take_entries(read, store, ledger, report)
        # Validators are kept only when every entry is handled: otherwise the next poll must read the feed again.
        validators = read.validators if complete else (state.validators if state else None)
        ledger.save([FetchState(source.location, "feed", "ok", validators.etag if validators else None,
                                validators.last_modified if validators else None, now, read.status, 0,
                                None if complete else "entries left to retry")])

    def _take_entries(self, read: FeedRead, store, ledger: FetchLedger, report: PollReport) -> bool:
        assert read.feed is not None
        entries = read.feed.entries
        done = ledger.finished(e.key for e in entries if e.key)
        complete = True
        pending: list[tuple[_Entry, Article]] = []
        for entry in entries:
            if entry.key and entry.key in done:
                continue
            report.entries_new += 1
            item = _Entry(entry.key)
            previous = ledger.get(entry.key) if entry.key else None
            try:
                document = entry_document(entry, read, self.fetcher)
                [cleaned] = list(clean_inputs([document], self.settings))
                if isinstance(cleaned, Skipped):
                    raise InputError(cleaned.code, cleaned.detail)
            except InputError as exc:
                origin = entry.key or f"{read.source.location}#{entry.number}"
                transient = isinstance(exc, FetchError) and exc.transient
                failures = (previous.failures if previous else 0) + 1
                gave_up = transient and failures >= self.fetch_settings.max_failures
                if transient and not gave_up:
                    complete = False
                    report.retry_later += 1
                report.skipped.append(skipped_from(exc, origin))
                if entry.key:
                    status = "error" if transient and not gave_up else ("gave_up" if gave_up else "done")
                    ledger.save([FetchState(entry.key, "entry", status, last_fetched=self.clock.now(),
                                            http_status=getattr(exc, "status", None), failures=failures,
                                            detail=exc.message)])
                continue
            item.state = FetchState(entry.key, "entry", "done", last_fetched=self.clock.now(),
                                    http_status=200, article_id=cleaned.id) if entry.key else None
            pending.append((item, cleaned))
        for start in range(0, len(pending), self.settings.batch_size):
            self._analyse(pending[start:start + self.settings.batch_size], store, ledger, report)
        return complete

    def _analyse(self, batch: list[tuple[_Entry, Article]], store, ledger: FetchLedger, report: PollReport) -> None:
        known = store.known_articles(a.id for _, a in batch)
        fresh: dict[str, Article] = {}
        for _, article in batch:
            if article.id in known:
                report.already_stored += 1
            elif article.id not in fresh:
                fresh[article.id] = article
        analyses: list[ArticleAnalysis] = []
        failed: set[str] = set()
        if fresh:
            for result in self.analyzer.analyze(list(fresh.values())):
                if isinstance(result, Skipped):
                    report.skipped.append(result)
                else:
                    analyses.append(result)
            failed = set(fresh) - {a.article.id for a in analyses}
            report.written += store.write_analyses(analyses)
        # Only now, with the articles committed, are their entries marked handled.
        states = [item.state for item, article in batch if item.state is not None]
        ledger.save([s.replace(status="done", detail="analysis failed") if s.article_id in failed else s
                     for s in states])

    def _alerts(self, store, report: PollReport) -> None:
        records = store.records()
        with AlertLog.open(self.settings.db) as log:
            report.alerts = log.add(evaluate(self.rules, records), self.clock.now())
            for alert in report.alerts:
                self.say(f"ALERT [{alert.rule}] {alert.message}")
            if self.webhook:
                waiting = log.list(unposted=True)
                problem = post_alerts(self.webhook, waiting, self.fetch_settings)
                if problem:
                    report.notes.append(problem)
                    self.say(problem)
                else:
                    log.mark_posted([a.id for a in waiting])


def watch(feeds: Sequence[FeedSource], settings: Settings, interval: float, max_polls: int | None = None,
          **options) -> list[PollReport]:
    """Python API for `tidings watch`: poll until stopped (Ctrl-C) or `max_polls` rounds are done."""
    with Watcher(feeds, settings, **options) as watcher:
        return watcher.run(interval, max_polls)
