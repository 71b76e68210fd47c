"""update_corpus: the three stages in order, on the hand-built chain and on the two seed articles."""

from __future__ import annotations

import datetime as dt

from tidings.corpus import update_corpus
from tidings.records import Actor, Article, Event, Evidence


def test_corpus_update_runs_stories_records_and_links(chain):
    result = update_corpus(chain.articles, chain.events)
    assert len(result.stories) == 2 and set(result.membership) == set(chain.by_id)
    japan = result.membership["jp-times"]
    assert all(r.story_id == japan for r in result.records if "jp-times" in r.articles)
    (link,) = result.links
    source = next(r for r in result.records if r.id == link.source)
    assert source.links == ({"type": "response_to", "record": link.target},)
    assert "times-expel" in source.mentions


def test_corpus_update_is_incremental(chain):
    first = update_corpus(chain.articles[:3], chain.events)
    second = update_corpus(chain.articles, chain.events, first.stories, first.membership)
    assert all(second.membership[a] == s for a, s in first.membership.items())
    assert {r.id for r in first.records} <= {r.id for r in second.records}


def test_corpus_seed_articles_form_one_story_with_one_shared_expulsion(shared_dir):
    """The seeds with their events coded by hand from the gold file (extraction is not tested here)."""
    seeds = shared_dir / "seeds"
    times = (seeds / "000_f0095009c7e169ce.txt").read_text(encoding="utf-8")
    post = (seeds / "002_b310ecd79e962dce.txt").read_text(encoding="utf-8")
    articles = [Article("000", times, title=times.splitlines()[0], outlet="nytimes.com", published=dt.date(2022, 10, 4)),
                Article("002", post, outlet="washingtonpost.com", published=dt.date(2022, 9, 26))]
    japan, russia = Actor("Japan", "JPN"), Actor("Russia", "RUS")
    diplomat, consul = Actor("a Russian diplomat", "RUS"), Actor("a Japanese consul general", "JPN")

    def sentence_with(text: str, words: str) -> Evidence:
        start = text.index(words)
        begin = text.rfind("\n", 0, start) + 1
        end = min(i for i in (text.find(". ", start), text.find("\n", start), len(text)) if i >= 0) + 1
        return Evidence(text[begin:end].strip(), begin, end)

    retaliation = sentence_with(times, "in retaliation for")
    events = [
        Event("E1", "000", "SANCTION", "expel", actor=(japan,), recipient=(diplomat,), date="2022-10-04",
              date_precision="day", date_window=("2022-10-04", "2022-10-04"), evidence=retaliation, confidence=0.9),
        Event("E2-000", "000", "SANCTION", "expel", actor=(russia,), recipient=(consul,), date_precision="week",
              date_window=("2022-09-26", "2022-10-02"), evidence=retaliation, confidence=0.8),
        Event("E2-002", "002", "SANCTION", "expel", actor=(russia,), recipient=(Actor("The official", "JPN"),),
              date="2022-09-26", date_precision="day", date_window=("2022-09-26", "2022-09-26"),
              evidence=sentence_with(post, "persona non grata"), confidence=0.9),
        Event("E3-002", "002", "COERCE", "arrest", actor=(russia,), recipient=(Actor("A Japanese diplomat", "JPN"),),
              date_window=("2022-09-19", "2022-09-26"), evidence=sentence_with(post, "detained in Vladivostok")),
    ]
    result = update_corpus(articles, events)
    assert len(result.stories) == 1 and result.stories[0].articles == ("002", "000")
    expel = next(r for r in result.records if "E2-002" in r.mentions)
    assert set(expel.mentions) == {"E2-000", "E2-002"} and expel.num_articles == 2 and expel.num_sources == 2
    e1 = next(r for r in result.records if "E1" in r.mentions)
    assert e1.links == ({"type": "response_to", "record": expel.id},)


def test_corpus_update_stages_store_duplicates_and_reuse_their_signatures(tmp_path, chain):
    from tidings.corpus.params import CorpusParams
    from tidings.pipeline import update_corpus_stages
    from tidings.records import ArticleAnalysis
    from tidings.store import Store

    wire = chain.by_id["jp-wire"]
    copy = wire.replace(id="jp-wire-copy", outlet="kyodonews.net", published=wire.published + dt.timedelta(1),
                        text=wire.text + "\n\nKyodo contributed reporting.")
    copied = [e.replace(id="copy-" + e.id, article_id=copy.id) for e in chain.events if e.article_id == "jp-wire"]
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write_analyses([ArticleAnalysis(a, events=[e for e in chain.events if e.article_id == a.id])
                              for a in chain.articles] + [ArticleAnalysis(copy, events=copied)])
        update_corpus_stages(store)
        (row,) = store.duplicates()
        assert (row["article_id"], row["canonical_id"], row["kind"]) == ("jp-wire-copy", "jp-wire", "syndicated")
        params, ids, matrix = store.signatures()
        wanted = CorpusParams.load().duplicates
        assert params == (wanted.num_perm, wanted.seed, wanted.shingle_words, "affine32")
        assert sorted(ids) == sorted([*chain.by_id, copy.id]) and matrix.shape == (6, wanted.num_perm)
        expel = next(r for r in store.records() if "wire-expel" in r.mentions)
        assert "copy-wire-expel" in expel.mentions and expel.num_articles == 3 and expel.num_sources == 4
        assert store.story_of()[copy.id] == store.story_of()["jp-wire"]
        update_corpus_stages(store)  # again: nothing new, the same result
        assert store.signatures()[1] == ids and len(store.duplicates()) == 1


def test_corpus_shipped_settings_file_states_the_defaults():
    """A key left out of corpus.toml falls back to the dataclass default, so the two must not drift apart."""
    from tidings.corpus.params import CorpusParams, DuplicateParams, RelationParams, StoryParams

    shipped = CorpusParams.load()
    assert shipped.stories == StoryParams()
    assert shipped.duplicates == DuplicateParams()
    assert shipped.relations == RelationParams()
