from __future__ import annotations

import datetime as dt

from tidings.fetch import FetchLedger, FetchState
from tidings.store import Store


def test_state_ledger_survives_reopen_beside_the_store(tmp_path):
    db = tmp_path / "t.duckdb"
    when = dt.datetime(2022, 10, 4, 9, tzinfo=dt.UTC)
    with Store.open(db), FetchLedger.open(db) as ledger:
        ledger.save([FetchState("http://a/feed", "feed", "ok", etag='"v1"', last_fetched=when),
                     FetchState("http://a/1", "entry", "done", article_id="abc"),
                     FetchState("http://a/2", "entry", "error", failures=1)])
    with FetchLedger.open(db) as ledger:
        assert ledger.get("http://a/feed").validators.etag == '"v1"'
        assert ledger.get("http://a/feed").last_fetched == when
        assert ledger.finished(["http://a/1", "http://a/2", "http://a/3"]) == {"http://a/1"}
        ledger.save([FetchState("http://a/2", "entry", "gave_up", failures=5)])
        assert ledger.finished(["http://a/2"]) == {"http://a/2"}
        assert [s.url for s in ledger.all("entry")] == ["http://a/1", "http://a/2"]
