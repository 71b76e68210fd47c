import datetime as dt

from tidings.records import Actor, Article, Claim, Event, EventRecord, Evidence, Place, Story


def _event(**changes):
    base = dict(
        id="e1", article_id="a1", type="SANCTION", mode="expel", context=("diplomatic",), cameo="174",
        plover_score=-5.5, goldstein=-5.0, quad_class=4,
        actor=(Actor("Japan", "JPN", None, "GOV"),),
        recipient=(Actor("a Russian diplomat", "RUS", None, "GOV", None, "diplomat"),),
        date="2022-10-04", date_precision="day", date_window=("2022-10-04", "2022-10-04"), date_basis="text: Tuesday",
        place=Place("Sapporo", "JPN", 43.06, 141.35), evidence=Evidence("Japan expelled...", 0, 17),
        rule="sanction.expel.v1", confidence=0.9,
    )
    base.update(changes)
    return Event(**base)


def test_records_event_round_trips_through_plain_data():
    event = _event()
    data = event.as_dict()
    assert data["actor"][0] == {"text": "Japan", "country": "JPN", "group": None, "sector": "GOV", "name": None,
                                "role": None}
    assert data["date_window"] == ["2022-10-04", "2022-10-04"]
    assert Event.from_dict(data) == event


def test_records_dates_encode_as_iso_and_decode_back():
    article = Article(id="a1", text="t", published=dt.date(2022, 9, 26), published_basis="text",
                      ingested=dt.datetime(2026, 1, 2, 3, 4, 5))
    data = article.as_dict()
    assert data["published"] == "2022-09-26"
    assert Article.from_dict(data) == article


def test_records_from_dict_ignores_unknown_fields():
    story = Story.from_dict({"id": "s", "title": None, "start": "2022-09-01", "end": None, "articles": ["a"],
                             "extra": 1})
    assert story.start == dt.date(2022, 9, 1) and story.articles == ("a",)


def test_records_negated_and_hypothetical_events_are_not_counted():
    assert _event().counted
    assert not _event(modality="negated").counted
    assert not _event(modality="hypothetical").counted
    assert _event(modality="claimed").counted


def test_records_actor_key_is_country_and_group_not_text():
    assert Actor("Tass", "RUS", "Tass", "MED").key == "RUS|Tass"
    assert Actor("the diplomat").key == "?"


def test_records_claim_and_record_round_trip():
    claim = Claim("c1", "a1", "the consul paid", 3, 18, Actor("Tass", "RUS", "Tass", "MED"), "said", "assert", ("c2",))
    assert Claim.from_dict(claim.as_dict()) == claim
    record = EventRecord("r1", "SANCTION", "expel", ("diplomatic",), "174", -5.5, -5.0, 4,
                         (Actor("Russia", "RUS"),), (Actor("Japan", "JPN"),), "2022-09-26", "day",
                         ("2022-09-26", "2022-09-27"), None, "asserted", ("e1", "e2"), ("a1", "a2"), 2, 2,
                         dt.date(2022, 9, 26), dt.date(2022, 10, 4), "s1", ({"type": "response_to", "record": "r0"},))
    assert EventRecord.from_dict(record.as_dict()) == record
