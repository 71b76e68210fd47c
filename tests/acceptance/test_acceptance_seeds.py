"""The seeds, end to end: `tidings run ../shared/seeds/*.txt --manifest ../shared/seeds/manifest.csv`."""

from __future__ import annotations

import json

import pytest

from tidings.api import Tidings
from tidings.eval.gold import load_gold, score_store
from tidings.store import Store

pytestmark = [pytest.mark.acceptance, pytest.mark.slow]


@pytest.fixture(scope="module")
def seeded(shared_dir, settings, resources, tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    seeds = sorted(str(p) for p in (shared_dir / "seeds").glob("*.txt"))
    report = Tidings(settings.replace(db=db), resources).run(seeds, manifest=shared_dir / "seeds" / "manifest.csv")
    return db, report, load_gold(shared_dir / "gold" / "seeds.json")


def _articles(db):
    with Store.open(db, read_only=True) as store:
        return {a.path.rsplit("/", 1)[-1][:3]: a for a in store.articles()}


def test_seeds_both_articles_stored_with_titles_and_publication_dates(seeded, shared_dir):
    db, report, _ = seeded
    assert report.written == 2 and not report.skipped
    gold = json.loads((shared_dir / "gold" / "seeds.json").read_text())["articles"]
    articles = _articles(db)
    first, second = articles["000"], articles["002"]
    assert first.title == gold["000_f0095009c7e169ce.txt"]["title"]
    assert (first.published.isoformat(), first.published_basis) == ("2022-10-04", "manifest")
    assert (second.published.isoformat(), second.published_basis) == ("2022-09-26", "text")
    assert second.dateline == "TOKYO"
    # 002 has no title line: its first line is story prose under a dateline, which is not a title.
    assert second.title is None or not second.title.startswith("TOKYO")


def test_seeds_no_furniture_lines_in_the_stored_text(seeded):
    articles = _articles(seeded[0])
    for article in articles.values():
        lines = [line.strip() for line in article.text.splitlines() if line.strip()]
        assert not any(line.startswith("Leave a Reply") for line in lines)
        assert not any("Gift Article" in line for line in lines)
        assert len(lines) == len(set(lines)), "a repeated line (the title) survived cleaning"
    assert articles["000"].text.lstrip().startswith("Japan has ordered a Russian diplomat")
    assert articles["002"].text.lstrip().startswith("TOKYO —")


def test_seeds_every_must_event_is_found_and_precision_is_high(seeded):
    db, _, gold = seeded
    with Store.open(db, read_only=True) as store:
        scores = score_store(store, gold)
    assert scores.must_missed == [], "\n".join(scores.lines())
    assert scores.precision >= 0.8, "\n".join(scores.lines())


def test_seeds_rerun_is_idempotent(seeded, shared_dir, settings, resources):
    db, _, _ = seeded
    seeds = sorted(str(p) for p in (shared_dir / "seeds").glob("*.txt"))
    with Store.open(db, read_only=True) as store:
        before = store.summary()
    report = Tidings(settings.replace(db=db), resources).run(seeds, manifest=shared_dir / "seeds" / "manifest.csv")
    assert (report.written, report.already_stored) == (0, 2)
    with Store.open(db, read_only=True) as store:
        after = store.summary()
    assert (after.articles, after.events) == (before.articles, before.events)


def test_seeds_form_one_story_and_the_shared_expulsion_merges(seeded):
    db, _, gold = seeded
    with Store.open(db, read_only=True) as store:
        scores = score_store(store, gold)
        records = store.records()
    assert scores.stories_right == scores.stories_total == 1
    merged = [r for r in records if r.type == "SANCTION" and r.mode == "expel"
              and {a.country for a in r.actor} == {"RUS"} and r.num_articles == 2]
    assert merged, "Russia's expulsion of the consul, reported by both seeds, should be one record"


def test_seeds_event_dates_overlap_gold_windows_and_quotes_have_speakers(seeded):
    db, _, gold = seeded
    with Store.open(db, read_only=True) as store:
        scores = score_store(store, gold)
    assert scores.dates_wrong == [], "\n".join(scores.lines())
    assert scores.quotes_found == scores.quotes_total == 6, "\n".join(scores.lines())


def test_seeds_japans_expulsion_answers_russias(seeded):
    db, _, _ = seeded
    with Store.open(db, read_only=True) as store:
        records = {r.id: r for r in store.records()}
        links = store.links()

    def dyad(record):
        return ({a.country for a in record.actor}, {r.country for r in record.recipient}, record.type, record.mode)

    answers = [(records[l.source], records[l.target]) for l in links if l.type == "response_to"]
    assert any(dyad(src) == ({"JPN"}, {"RUS"}, "SANCTION", "expel") and dyad(dst) == ({"RUS"}, {"JPN"}, "SANCTION", "expel")
               for src, dst in answers), answers


def test_seeds_russian_claim_is_disputed_by_japan(seeded):
    db, _, _ = seeded
    with Store.open(db, read_only=True) as store:
        claims = {c.id: c for c in store.claims()}
    disputed = [c for c in claims.values() if c.speaker and c.speaker.country == "RUS" and c.disputed_by
                and "classified information" in c.content]
    assert disputed, "the claim that the consul paid for classified information should be disputed"
    for claim in disputed:
        assert all(claims[d].speaker is not None and claims[d].speaker.country == "JPN" for d in claim.disputed_by)


def test_seeds_russian_claim_is_disputed_across_outlets(seeded):
    db, _, _ = seeded
    with Store.open(db, read_only=True) as store:
        claims = {c.id: c for c in store.claims()}
    across = [(c, claims[d]) for c in claims.values() if c.speaker and c.speaker.country == "RUS"
              for d in c.disputed_by if claims[d].article_id != c.article_id]
    assert across, "a denial in one seed should dispute the Russian claim reported in the other"
    assert all(denial.speaker.country == "JPN" and denial.stance == "deny" for _, denial in across)
