from __future__ import annotations

import datetime as dt

from tidings.corpus.stories import group_stories, story_id


def _story_of(result, article_id):
    return result.membership[article_id]


def test_stories_group_one_chain_and_keep_an_unrelated_story_apart(chain):
    result = group_stories(chain.articles, chain.events)
    japan = {_story_of(result, a) for a in ("jp-post", "jp-wire", "jp-times")}
    niger = {_story_of(result, a) for a in ("ng-1", "ng-2")}
    assert len(japan) == 1 and len(niger) == 1 and japan != niger
    assert len(result.stories) == 2


def test_stories_describe_span_title_and_key_actors(chain):
    result = group_stories(chain.articles, chain.events)
    story = next(s for s in result.stories if "jp-post" in s.articles)
    assert story.id == story_id("jp-post")  # the earliest report started it
    assert story.articles == ("jp-post", "jp-wire", "jp-times")
    assert story.end == dt.date(2022, 10, 4)
    # The Russian detention the reports tell of extends the span back; the April expulsion is background.
    assert dt.date(2022, 9, 19) <= story.start <= dt.date(2022, 9, 26)
    assert set(story.key_actors[:2]) == {"JPN", "RUS"}
    assert story.title == chain.by_id["jp-times"].title  # the only report with a title line


def test_stories_incremental_run_keeps_assignments_and_adds_to_the_right_story(chain):
    first = group_stories(chain.articles[:1] + chain.articles[3:4], chain.events)
    japan_id = first.membership["jp-post"]
    second = group_stories(chain.articles, chain.events, first.stories, first.membership)
    assert second.membership["jp-post"] == japan_id
    assert second.membership["jp-times"] == japan_id and second.membership["jp-wire"] == japan_id
    assert second.membership["ng-2"] == first.membership["ng-1"]
    assert {s.id for s in first.stories} <= {s.id for s in second.stories}


def test_stories_existing_membership_wins_over_similarity(chain):
    # A stored assignment stands even where the text says otherwise: a rerun must not reshuffle stories.
    pinned = {"ng-1": "story-niger", "jp-wire": "story-niger"}
    result = group_stories(chain.articles, chain.events, (), pinned)
    assert result.membership["jp-wire"] == "story-niger"
    assert any(s.id == "story-niger" and set(s.articles) >= {"ng-1", "jp-wire"} for s in result.stories)


def test_stories_far_apart_reports_start_a_new_story(chain, build):
    later = build.article("jp-later", chain.by_id["jp-wire"].text, "2023-03-01", "reuters.com")
    result = group_stories([*chain.articles, later], chain.events)
    assert result.membership["jp-later"] != result.membership["jp-wire"]


def test_stories_unknown_publication_date_does_not_veto(chain, build):
    undated = build.article("jp-undated", chain.by_id["jp-wire"].text + " Officials gave no date.", None)
    result = group_stories([*chain.articles, undated], chain.events)
    assert result.membership["jp-undated"] == result.membership["jp-wire"]


def test_stories_same_dyad_but_different_happening_stays_apart(chain, build):
    text = ("Japan and Russia signed a fisheries agreement setting salmon quotas for Japanese trawlers in the "
            "waters off the Kuril Islands after talks in Moscow between trade delegations.")
    other = build.article("jp-fish", text, "2022-09-30", "kyodo")
    events = [*chain.events, build.event("fish", "jp-fish", "AGREE", build.japan, build.russia,
                                         ("2022-09-30", "2022-09-30"))]
    result = group_stories([*chain.articles, other], events)
    assert result.membership["jp-fish"] != result.membership["jp-post"]


def test_stories_stored_story_without_its_articles_still_attracts_new_reports(chain):
    first = group_stories(chain.articles[3:4], chain.events)
    # Only the new article is passed: the stored story is known by its title and key actors alone.
    second = group_stories(chain.articles[4:5], chain.events, first.stories, first.membership)
    assert second.membership["ng-2"] == first.membership["ng-1"]
    story = next(s for s in second.stories if s.id == first.membership["ng-1"])
    assert set(story.articles) == {"ng-1", "ng-2"}


def test_stories_empty_input_gives_no_stories():
    result = group_stories([], [])
    assert result.stories == [] and result.membership == {}


def _day(i, text, day):
    from tidings.records import Article as _Article
    import datetime as _dt
    return _Article(i, text, published=_dt.date(2022, 9, day))


REVIEW = [
    _day("a", "Consul expelled from Vladivostok after espionage claims; the consul was detained and questioned.", 20),
    _day("b", "Sapporo consulate diplomat ordered out in retaliation; Tokyo expelled the Russian diplomat from "
              "Sapporo.", 27),
    _day("n", "Niger junta defies ECOWAS ultimatum as West African defence chiefs meet in Abuja.", 25),
]
BRIDGE = _day("c", "Tokyo expelled a Russian diplomat from Sapporo in retaliation after Moscow expelled its consul "
                   "from Vladivostok over espionage claims; the consul was detained.", 28)


def test_stories_review_moves_an_article_when_later_ones_show_where_it_belongs():
    first = group_stories(REVIEW, [])
    assert len({first.membership[a] for a in ("a", "b", "n")}) == 3 and not first.moved
    second = group_stories([*REVIEW, BRIDGE], [], first.stories, first.membership)
    # the bridging article joins one of the two; the other, alone in its stored story, moves over to it
    assert second.membership["a"] == second.membership["b"] == second.membership["c"]
    (moved, (old, new)), = second.moved.items()
    assert old == first.membership[moved] and new == second.membership["c"] and old != new
    assert old not in {s.id for s in second.stories}  # the emptied stored story is gone
    assert second.membership["n"] == first.membership["n"]
    assert len(second.stories) == 2


def test_stories_review_is_deterministic_whatever_the_input_order():
    forward = group_stories([*REVIEW, BRIDGE], [])
    backward = group_stories([BRIDGE, *reversed(REVIEW)], [])
    assert forward.membership == backward.membership and forward.moved == backward.moved


def test_stories_review_only_revisits_stories_near_new_articles(chain):
    old = [a for a in chain.articles if a.id != "ng-2"]
    first = group_stories(old, chain.events)
    pinned = {**first.membership, "jp-wire": "story-pinned"}  # stored alone, apart from its story
    unrelated = group_stories(chain.articles, chain.events, (), pinned)
    assert unrelated.membership["jp-wire"] == "story-pinned" and not unrelated.moved
