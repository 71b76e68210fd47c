from __future__ import annotations

import pytest

from tidings.corpus.links import find_cues, link_records
from tidings.corpus.merge import merge_events
from tidings.corpus.params import CorpusParams
from tidings.errors import TidingsError

MEMBERS = {"jp-post": "S-jp", "jp-wire": "S-jp", "jp-times": "S-jp", "ng-1": "S-ng", "ng-2": "S-ng"}


def _links(events, articles, members=MEMBERS):
    records = merge_events(events, articles, members)
    holding = {m: r.id for r in records for m in r.mentions}
    return link_records(records, {e.id: e for e in events}), holding


def test_links_retaliation_answers_the_event_named_after_the_cue(chain):
    links, holding = _links(chain.events, chain.by_id)
    assert [(l.source, l.target, l.type) for l in links] == [
        (holding["times-expel"], holding["post-expel"], "response_to")]
    assert "in retaliation for" in links[0].evidence


def test_links_cue_without_named_answer_finds_the_reverse_dyad(build):
    arts = {"ru": build.article("ru", "x", "2022-09-26", "tass.ru"), "jp": build.article("jp", "y", "2022-10-04", "nhk")}
    sentence = "Japan expelled a Russian diplomat from Sapporo on Tuesday, a retaliatory move."
    events = [
        build.event("ru-expel", "ru", "SANCTION", build.russia, build.consul, ("2022-09-26", "2022-09-26"), "expel"),
        # A later accusation of the same dyad: related, more recent, but the same type ranks first.
        build.event("ru-accuse", "ru", "ACCUSE", build.russia, build.consul, ("2022-09-28", "2022-09-28")),
        build.event("jp-expel", "jp", "SANCTION", build.japan, build.diplomat, ("2022-10-04", "2022-10-04"), "expel",
                    sentence=sentence),
    ]
    links, holding = _links(events, arts, {})
    assert [(l.source, l.target) for l in links] == [(holding["jp-expel"], holding["ru-expel"])]


def test_links_reverse_dyad_needs_a_related_type_and_the_time_limit(build):
    arts = {"ru": build.article("ru", "x", "2022-06-01", "tass.ru"), "jp": build.article("jp", "y", "2022-10-04", "nhk")}
    sentence = "Japan expelled a Russian diplomat, in a tit-for-tat move."
    events = [
        build.event("ru-old", "ru", "SANCTION", build.russia, build.consul, ("2022-06-01", "2022-06-01"), "expel"),
        build.event("ru-aid", "ru", "AID", build.russia, build.consul, ("2022-09-30", "2022-09-30")),
        build.event("jp-expel", "jp", "SANCTION", build.japan, build.diplomat, ("2022-10-04", "2022-10-04"), "expel",
                    sentence=sentence),
    ]
    links, _ = _links(events, arts, {})
    assert links == []  # four months back is too far; aid is not what an expulsion answers


def test_links_leading_cue_points_at_the_first_event_after_it(build):
    arts = {"a": build.article("a", "x", "2023-08-05", "bbc")}
    sentence = "In response to ECOWAS sanctions on the junta, Niger's junta closed its airspace to ECOWAS."
    events = [
        build.event("sanction", "a", "SANCTION", build.ecowas, build.niger.replace(text="the junta"),
                    ("2023-07-30", "2023-07-30"), sentence=sentence),
        build.event("close", "a", "COERCE", build.niger, build.ecowas, ("2023-08-05", "2023-08-05"),
                    sentence=sentence),
    ]
    links, holding = _links(events, arts, {})
    assert [(l.source, l.target) for l in links] == [(holding["close"], holding["sanction"])]


def test_links_nothing_without_a_cue(chain):
    events = [e.replace(evidence=None) if e.id == "times-expel" else e for e in chain.events]
    events = [e for e in events if e.id != "times-their-expel"]
    links, _ = _links(events, chain.by_id)
    assert links == []


def test_links_negated_response_is_not_linked(chain):
    events = [e.replace(modality="negated") if e.id == "times-expel" else e for e in chain.events]
    links, _ = _links(events, chain.by_id)
    assert links == []


def test_links_cues_found_longest_first_and_across_hyphens():
    params = CorpusParams.load().links
    (match,) = find_cues("It came in retaliation for the expulsion.", params)
    assert match.cue.phrase == "in retaliation for" and match.cue.answered_follows
    assert [m.cue.phrase for m in find_cues("a tit for tat expulsion", params)] == ["tit-for-tat"]
    assert find_cues("The response came late.", params) == []


def test_links_bad_cue_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "corpus.toml"
    bad.write_text('[links]\nrelated_types = { hostile = ["SANCTION", "NUKE"] }\n')
    with pytest.raises(TidingsError) as caught:
        CorpusParams.load(bad)
    assert caught.value.code == "E106" and "NUKE" in str(caught.value) and str(bad) in str(caught.value)
    bad.write_text("[stories]\njoin_threshold = 3.0\n")
    with pytest.raises(TidingsError, match="join_threshold"):
        CorpusParams.load(bad)


def test_links_events_of_another_paragraph_in_a_badly_split_sentence_are_left_alone(build):
    arts = {"ru": build.article("ru", "x", "2022-09-20", "tass.ru"), "jp": build.article("jp", "y", "2022-10-04", "nhk")}
    sentence = ("Japan expelled a Russian diplomat in an equivalent response.\n\n"
                "Last week, Russia accused a Japanese consul general of spying.")
    events = [
        build.event("ru-accuse-old", "ru", "ACCUSE", build.japan, build.russia, ("2022-09-20", "2022-09-20")),
        build.event("ru-expel", "ru", "SANCTION", build.russia, build.consul, ("2022-09-26", "2022-09-26"), "expel"),
        build.event("jp-expel", "jp", "SANCTION", build.japan, build.diplomat, ("2022-10-04", "2022-10-04"),
                    "expel", sentence=sentence),
        build.event("ru-accuse", "jp", "ACCUSE", build.russia, build.consul, ("2022-09-26", "2022-10-02"),
                    sentence=sentence),
    ]
    links, holding = _links(events, arts, {})
    assert [(l.source, l.target) for l in links] == [(holding["jp-expel"], holding["ru-expel"])]
