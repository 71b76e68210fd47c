"""The local engine: the process pool gives what one process gives."""

from __future__ import annotations

import pytest

from test_spark import _comparable, _corpus


@pytest.mark.slow
def test_local_two_workers_match_one(tmp_path, settings):
    from tidings.pipeline import run
    from tidings.store import Store

    paths = _corpus(tmp_path / "in")
    # Batches of one article keep several batches in flight, so ordering across batches is exercised.
    one = run(paths, settings.replace(db=tmp_path / "one.duckdb", progress="none", workers=1, batch_size=1))
    two = run(paths, settings.replace(db=tmp_path / "two.duckdb", progress="none", workers=2, batch_size=1))
    assert (one.written, two.written) == (4, 4)
    assert sorted(s.line() for s in one.skipped) == sorted(s.line() for s in two.skipped)
    with Store.open(tmp_path / "one.duckdb") as a, Store.open(tmp_path / "two.duckdb") as b:
        first, second = _comparable(a), _comparable(b)
    assert first["events"]
    assert first == second
