from __future__ import annotations

import datetime as dt
import random

from tidings.corpus.merge import merge_events, record_id

MEMBERS = {"jp-post": "S-jp", "jp-wire": "S-jp", "jp-times": "S-jp", "ng-1": "S-ng", "ng-2": "S-ng"}


def _holding(records, event_id):
    return next(r for r in records if event_id in r.mentions)


def test_merge_same_event_across_outlets_becomes_one_record(chain):
    records = merge_events(chain.events, chain.by_id, MEMBERS)
    expel = _holding(records, "post-expel")
    assert set(expel.mentions) == {"post-expel", "wire-expel", "times-their-expel"}
    assert expel.num_articles == 3 and expel.num_sources == 3
    assert expel.articles == ("jp-post", "jp-wire", "jp-times")
    assert (expel.first_seen, expel.last_seen) == (dt.date(2022, 9, 26), dt.date(2022, 10, 4))
    assert expel.story_id == "S-jp"
    # Windows 09-26, 09-26..27 and the week 09-26..10-02 share one day.
    assert expel.date_window == ("2022-09-26", "2022-09-26")
    assert expel.date == "2022-09-26" and expel.date_precision == "day"  # from the confident day-precise mention


def test_merge_keeps_reversed_dyads_other_types_and_far_dates_apart(chain):
    records = merge_events(chain.events, chain.by_id, MEMBERS)
    assert _holding(records, "times-expel") is not _holding(records, "post-expel")  # JPN->RUS vs RUS->JPN
    assert _holding(records, "wire-arrest") is not _holding(records, "wire-expel")  # COERCE vs SANCTION
    assert _holding(records, "times-april") is not _holding(records, "times-expel")  # April vs October
    assert _holding(records, "ng1-threat") is not _holding(records, "ng1-sanction")
    assert len(records) == 7


def test_merge_negated_event_is_not_merged_with_the_asserted_one(build):
    arts = {a.id: a for a in (build.article("a", "x", "2022-09-26", "one"), build.article("b", "y", "2022-09-27", "two"))}
    day = ("2022-09-26", "2022-09-26")
    events = [build.event("yes", "a", "SANCTION", build.russia, build.consul, day, "expel"),
              build.event("no", "b", "SANCTION", build.russia, build.consul, day, "expel", modality="negated")]
    records = merge_events(events, arts, {})
    assert sorted(r.mentions for r in records) == [("no",), ("yes",)]
    assert {r.modality for r in records} == {"asserted", "negated"}


def test_merge_mode_must_be_equal_or_missing(build):
    arts = {"a": build.article("a", "x", "2022-09-26", "one")}
    day = ("2022-09-26", "2022-09-26")
    events = [build.event("expel", "a", "SANCTION", build.russia, build.consul, day, "expel"),
              build.event("vague", "a", "SANCTION", build.russia, build.consul, day, None),
              build.event("convict", "a", "SANCTION", build.russia, build.consul, day, "convict")]
    records = merge_events(events, arts, {})
    assert len(records) == 2  # the mode-less report joins one of them, never a third record
    assert all(not {"expel", "convict"} <= set(r.mentions) for r in records)
    assert {r.mode for r in records} == {"expel", "convict"}


def test_merge_twice_in_one_article_counts_one_article(build):
    arts = {"a": build.article("a", "x", "2022-10-04", "nytimes.com")}
    day = ("2022-10-04", "2022-10-04")
    events = [build.event("first", "a", "SANCTION", build.japan, build.diplomat, day, "expel"),
              build.event("again", "a", "SANCTION", build.japan, build.diplomat, day, "expel")]
    (record,) = merge_events(events, arts, {"a": "S"})
    assert (record.num_articles, record.num_sources, len(record.mentions)) == (1, 1, 2)


def test_merge_undated_events_merge_only_within_one_story(build):
    arts = {i: build.article(i, "x", None) for i in ("a", "b", "c")}
    events = [build.event(f"e-{i}", i, "COERCE", build.russia, build.consul, None, "arrest") for i in arts]
    records = merge_events(events, arts, {"a": "S1", "b": "S1", "c": "S2"})
    assert sorted(r.mentions for r in records) == [("e-a", "e-b"), ("e-c",)]
    # No outlet: each article is a source of its own.
    assert next(r for r in records if len(r.mentions) == 2).num_sources == 2


def test_merge_same_outlet_counts_once(build):
    arts = {"a": build.article("a", "x", "2023-07-30", "BBC.co.uk"), "b": build.article("b", "y", "2023-07-31", "bbc.co.uk")}
    day = ("2023-07-30", "2023-07-30")
    events = [build.event(f"e-{i}", i, "SANCTION", build.ecowas, build.niger, day) for i in arts]
    (record,) = merge_events(events, arts, {})
    assert (record.num_articles, record.num_sources) == (2, 1)


def test_merge_disjoint_windows_in_one_story_keep_the_tightest(build):
    arts = {"a": build.article("a", "x", "2022-10-04", "one")}
    events = [build.event("day", "a", "SANCTION", build.japan, build.diplomat, ("2022-10-04", "2022-10-04"), "expel"),
              build.event("loose", "a", "SANCTION", build.japan, build.diplomat, None, "expel")]
    (record,) = merge_events(events, arts, {"a": "S"})
    assert record.date_window == ("2022-10-04", "2022-10-04")


def test_merge_output_and_ids_are_stable(chain):
    records = merge_events(chain.events, chain.by_id, MEMBERS)
    shuffled = list(chain.events)
    random.Random(7).shuffle(shuffled)
    assert merge_events(shuffled, chain.by_id, MEMBERS) == records
    # A later report of the same expulsion adds a mention but keeps the record id.
    expel = _holding(records, "post-expel")
    assert expel.id == record_id("post-expel")
    later = chain.events[0].replace(id="late-expel", article_id="ng-2")
    again = merge_events([*chain.events, later], chain.by_id, MEMBERS)
    assert _holding(again, "late-expel").id == expel.id


def test_merge_canonical_fields_come_from_the_most_confident_mention(build):
    arts = {"a": build.article("a", "x", "2022-09-26", "one"), "b": build.article("b", "y", "2022-09-27", "two")}
    weak = build.event("weak", "a", "SANCTION", build.russia, build.consul, ("2022-09-26", "2022-09-26"), "expel",
                       confidence=0.4)
    strong = build.event("strong", "b", "SANCTION", build.russia, build.russia, ("2022-09-20", "2022-09-30"), "expel",
                         confidence=0.95, precision="week")
    strong = strong.replace(recipient=(build.consul.replace(text="the Japanese consul"),))
    (record,) = merge_events([weak, strong], arts, {})
    assert record.recipient[0].text == "the Japanese consul"
    assert record.date_window == ("2022-09-26", "2022-09-26")
    assert record.id == record_id("weak")  # the earliest report names the record


def test_merge_malformed_window_counts_as_undated(build):
    arts = {"a": build.article("a", "x", "2022-09-26", "one")}
    odd = build.event("odd", "a", "SANCTION", build.russia, build.consul, ("last week", "2022-13-40"), "expel")
    good = build.event("good", "a", "SANCTION", build.russia, build.consul, ("2022-09-26", "2022-09-26"), "expel")
    records = merge_events([odd, good], arts, {"a": "S"})
    (record,) = records  # undated, so it may join the dated report of the same story
    assert record.date_window == ("2022-09-26", "2022-09-26")
    assert merge_events([odd], arts, {})[0].date_window is None


def test_merge_confidence_rises_with_independent_sources_only():
    import datetime as dt

    from tidings.corpus.merge import combined_confidence
    from tidings.records import Actor, Article, Event

    def event(eid, article, confidence):
        return Event(eid, article, "SANCTION", actor=(Actor("Russia", "RUS"),), recipient=(Actor("Japan", "JPN"),),
                     confidence=confidence)

    articles = {a: Article(a, "t", outlet=o, published=dt.date(2022, 9, 27))
                for a, o in (("a", "Kyodo"), ("b", "Tass"), ("c", "Tass"), ("d", "Reuters"))}
    one = combined_confidence([event("1", "a", 0.6)], articles, {})
    two = combined_confidence([event("1", "a", 0.6), event("2", "b", 0.6)], articles, {})
    same_outlet = combined_confidence([event("1", "a", 0.6), event("2", "b", 0.6), event("3", "c", 0.6)], articles, {})
    copy = combined_confidence([event("1", "a", 0.6), event("4", "d", 0.6)], articles, {"d": "a"})
    assert one == 0.6
    assert two == 0.84  # 1 - 0.4 * 0.4
    assert same_outlet == two  # a second Tass article is not a new witness
    assert copy == one  # a wire copy of Kyodo's story is Kyodo's witness
    many = combined_confidence([event(str(i), o, 0.9) for i, o in enumerate("abd")], articles, {})
    assert many <= 0.99
