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
