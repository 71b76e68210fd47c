"""How many processes the article stages use, and when a run stays in this process."""

from __future__ import annotations

from tidings import pipeline
from tidings.pipeline import Analyzer, available_cores, worker_count


def test_pipeline_workers_zero_means_every_core_and_more_than_the_cores_is_capped(settings):
    cores = available_cores()
    assert worker_count(settings.replace(workers=0)) == cores
    assert worker_count(settings.replace(workers=1)) == 1
    assert worker_count(settings.replace(workers=cores + 5)) == cores


class Counting:
    """Stands in for the article resources: records each batch it analyses here."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def analyze_many(self, articles):
        self.batches.append(list(articles))
        return [f"done {a}" for a in articles]


def test_pipeline_workers_given_resources_run_here(settings):
    here = Counting()
    with Analyzer(settings.replace(workers=8), here) as analyzer:
        out = list(analyzer.analyze_stream([["a", "b"], ["c"]] * 3))
        assert analyzer.workers == 1 and analyzer._pool is None
    assert [results for _, results in out][:2] == [["done a", "done b"], ["done c"]]
    assert len(here.batches) == 6


def test_pipeline_workers_small_input_starts_no_pool(settings, monkeypatch):
    here = Counting()
    monkeypatch.setattr(pipeline.Resources, "load", classmethod(lambda cls, s: here))
    monkeypatch.setattr(pipeline, "available_cores", lambda: 4)
    with Analyzer(settings.replace(workers=0)) as analyzer:
        assert analyzer.workers == 4
        out = list(analyzer.analyze_stream([["a", "b", "c"]]))
        assert analyzer._pool is None
    assert out == [(["a", "b", "c"], ["done a", "done b", "done c"])]


def test_pipeline_workers_one_runs_in_this_process(settings, monkeypatch):
    here = Counting()
    monkeypatch.setattr(pipeline.Resources, "load", classmethod(lambda cls, s: here))
    with Analyzer(settings.replace(workers=1)) as analyzer:
        batches = [[str(i) for i in range(n, n + 10)] for n in range(0, 50, 10)]
        out = list(analyzer.analyze_stream(batches))
        assert analyzer._pool is None
    assert [batch for batch, _ in out] == batches and here.batches == batches


class Log:
    """Stands in for the parser and the coder, logging what each does in order."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def parse_stream(self, texts):
        for text in texts:
            self.events.append(f"parse {text}")
            yield RuntimeError("unparsable") if text == "bad" else text

    def code(self, article, doc):
        self.events.append(f"code {doc}")
        return f"analysis {doc}"


def test_pipeline_workers_each_doc_is_coded_before_the_next_is_parsed(settings):
    from tidings.pipeline import Resources
    from tidings.records import Article

    log = Log()
    resources = Resources(settings, log, log)
    articles = [Article(id=t, text=t, path=f"{t}.txt") for t in ("one", "bad", "two")]
    results = resources.analyze_many(articles)
    assert log.events == ["parse one", "code one", "parse bad", "parse two", "code two"]
    assert results[0] == "analysis one" and results[2] == "analysis two"
    assert results[1].code == "E012" and results[1].origin == "bad.txt"


def test_pipeline_workers_close_drops_loaded_resources_but_not_handed_in_ones(settings, monkeypatch):
    loaded = Counting()
    monkeypatch.setattr(pipeline.Resources, "load", classmethod(lambda cls, s: loaded))
    analyzer = Analyzer(settings.replace(workers=1))
    analyzer.analyze(["a"])
    analyzer.close()
    assert analyzer._resources is None
    handed = Counting()
    with Analyzer(settings, handed) as analyzer:
        analyzer.close()
        assert analyzer._resources is handed


def test_pipeline_workers_are_spawned_not_forked(settings, monkeypatch):
    monkeypatch.setattr(pipeline, "available_cores", lambda: 2)
    with Analyzer(settings.replace(workers=2)) as analyzer:
        pool = analyzer._started()  # no process starts before work is submitted
        assert pool._mp_context.get_start_method() == "spawn"
    assert analyzer._pool is None
