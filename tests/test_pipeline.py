"""The run: bad inputs and failing articles cost nothing but themselves; stored data is never half-written."""

from __future__ import annotations

import pytest

from tidings.pipeline import Resources, run
from tidings.store import Store

pytestmark = pytest.mark.slow

STORY = ("Harbor Wire report\n\nTOKYO — Japan ordered a Russian diplomat to leave the country on Tuesday, "
         "the foreign ministry said, in retaliation for the expulsion of a Japanese consul.\n")
OTHER = ("Capital Desk report\n\nNIAMEY — Niger's military rulers ordered the French ambassador to leave the "
         "country within 48 hours, the foreign ministry said on Friday.\n")


class Exploding:
    """A coder that fails on one article, as a bug or a pathological text would."""

    def __init__(self, coder, poison: str) -> None:
        self.coder, self.poison = coder, poison

    def code(self, article, doc):
        if self.poison in article.text:
            raise RuntimeError("boom")
        return self.coder.code(article, doc)


def test_pipeline_one_failing_article_is_skipped_and_the_rest_stored(tmp_path, settings, resources):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(OTHER)
    failing = Resources(settings, resources.nlp, Exploding(resources.coder, "NIAMEY"))
    report = run([str(tmp_path)], settings.replace(db=tmp_path / "t.duckdb"), resources=failing)
    assert report.written == 1
    assert [(s.code, s.origin.endswith("b.txt")) for s in report.skipped] == [("E012", True)]
    with Store.open(tmp_path / "t.duckdb", read_only=True) as store:
        assert [a.path.endswith("a.txt") for a in store.articles()] == [True]
        assert store.events()


def test_pipeline_a_failing_write_leaves_the_store_as_it_was(tmp_path, settings, resources, monkeypatch):
    db = tmp_path / "t.duckdb"
    (tmp_path / "a.txt").write_text(STORY)
    run([str(tmp_path / "a.txt")], settings.replace(db=db), resources=resources)
    with Store.open(db, read_only=True) as store:
        before = (len(store.articles()), len(store.events()), len(store.records()))
    (tmp_path / "b.txt").write_text(OTHER)

    def broken(self, analyses):
        raise OSError("disk full")

    monkeypatch.setattr(Store, "write_analyses", broken)
    with pytest.raises(OSError):
        run([str(tmp_path / "b.txt")], settings.replace(db=db), resources=resources)
    monkeypatch.undo()
    with Store.open(db, read_only=True) as store:
        assert (len(store.articles()), len(store.events()), len(store.records())) == before


def test_pipeline_same_text_twice_in_one_run_is_stored_once(tmp_path, settings, resources):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "copy.txt").write_text(STORY)
    report = run([str(tmp_path)], settings.replace(db=tmp_path / "t.duckdb"), resources=resources)
    assert report.written == 1
    assert [s.code for s in report.skipped] == ["E011"]
