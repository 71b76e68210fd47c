import datetime as dt
import json

from tidings.eval.gold import load_gold, score, windows_overlap
from tidings.records import Actor, Article, Event, Quote

GOLD = {
    "articles": {"000_a.txt": {"published": "2022-10-04"}, "002_b.txt": {"published": "2022-09-26"}},
    "events": [
        {"id": "E1", "level": "must", "actor": ["JPN"], "recipient": ["RUS"], "plover": "SANCTION",
         "date_window": ["2022-10-04", "2022-10-04"], "place": "Sapporo", "articles": ["000"]},
        {"id": "E2", "level": "must", "actor": ["RUS"], "recipient": ["JPN"], "plover": "SANCTION",
         "date_window": ["2022-09-26", "2022-09-27"], "articles": ["000", "002"]},
        {"id": "E5", "level": "should", "actor": ["JPN"], "recipient": ["RUS"], "plover": "REJECT",
         "articles": ["002"]},
    ],
    "quotes": [{"speaker": "Yoshimasa Hayashi", "text": "in an equivalent response", "article": "000"}],
    "stories": [{"articles": ["000", "002"]}],
}


def _event(eid, article, type_, actor, recipient, window=None, modality="asserted"):
    return Event(eid, article, type_, actor=(Actor(actor, actor),), recipient=(Actor(recipient, recipient),),
                 date_window=window, modality=modality)


def test_gold_scores_recall_precision_dates_quotes_and_stories(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(GOLD))
    gold = load_gold(path)
    articles = [Article("a", "t", path="in/000_a.txt", published=dt.date(2022, 10, 4)),
                Article("b", "t", path="002_b.txt", published=dt.date(2022, 9, 25))]
    events = [
        _event("1", "a", "SANCTION", "JPN", "RUS", ("2022-10-04", "2022-10-04")),
        _event("2", "a", "SANCTION", "RUS", "JPN", ("2022-10-01", "2022-10-02")),  # wrong date
        _event("3", "a", "ASSAULT", "RUS", "UKR"),  # not in gold: hurts precision
        _event("4", "b", "REJECT", "JPN", "RUS", modality="negated"),  # not counted
    ]
    quotes = [Quote("q", "a", "“in an equivalent response”", 0, 1,
                    Actor("Japan’s foreign minister", "JPN", name="Yoshimasa Hayashi"))]
    scores = score(gold, articles, events, quotes, {"a": "s1", "b": "s1"})
    assert scores.must_found == ["E1@000", "E2@000"]
    assert scores.must_missed == ["E2@002"]
    assert scores.should_found == []
    assert (scores.events_matching, scores.events_counted) == (2, 3)
    assert scores.dates_right == ["E1@000"] and scores.dates_wrong == ["E2@000"]
    assert scores.places_wrong == ["E1@000"]
    assert scores.quotes_found == 1
    assert (scores.published_right, scores.published_total) == (1, 2)
    assert scores.stories_right == 1


def test_gold_windows_overlap_is_inclusive():
    assert windows_overlap(("2022-09-26", "2022-09-26"), ("2022-09-26", "2022-09-27"))
    assert not windows_overlap(("2022-09-19", "2022-09-25"), ("2022-09-26", "2022-09-27"))
    assert not windows_overlap(None, ("2022-09-26", "2022-09-27"))


def test_gold_story_clusters_pairwise_and_bcubed():
    from tidings.eval.gold import bcubed, pairwise

    system = {"a": "1", "b": "1", "c": "2"}
    gold = {"a": "x", "b": "y", "c": "y"}
    pair = pairwise(system, gold)
    assert (pair.precision, pair.recall, pair.f1) == (0.0, 0.0, 0.0)  # the one pair put together is wrong
    cubed = bcubed(system, gold)
    # a: 1/2 precise, fully recalled; b: 1/2, 1/2; c: precise, 1/2 recalled
    assert cubed.precision == round((0.5 + 0.5 + 1) / 3, 4) and cubed.recall == round((1 + 0.5 + 0.5) / 3, 4)
    perfect = pairwise({"a": "1", "b": "1"}, {"a": "x", "b": "x"})
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)


def test_gold_scores_stories_when_the_gold_labels_them(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(GOLD))
    gold = load_gold(path)
    articles = [Article("a", "t", path="000_a.txt"), Article("b", "t", path="002_b.txt")]
    apart = score(gold, articles, [], [], {"a": "s1", "b": "s2"})
    assert apart.story_pairwise.precision == 1.0 and apart.story_pairwise.recall == 0.0
    assert apart.story_bcubed.precision == 1.0 and apart.story_bcubed.recall == 0.5
    assert any(line.startswith("stories B-cubed: P 1.00 R 0.50") for line in apart.lines())
    together = score(gold, articles, [], [], {"a": "s1", "b": "s1"})
    assert together.story_bcubed.f1 == 1.0 == together.story_pairwise.f1
    assert together.as_dict()["story_pairwise"]["f1"] == 1.0
    unlabelled = score(load_gold(_without_stories(tmp_path)), articles, [], [], {"a": "s1", "b": "s1"})
    assert unlabelled.story_pairwise is None and not any("pairwise" in line for line in unlabelled.lines())


def _without_stories(tmp_path):
    path = tmp_path / "plain.json"
    path.write_text(json.dumps({k: v for k, v in GOLD.items() if k != "stories"}))
    return path
