"""Places: geocoding with disambiguation, and the place attached to an event's clause."""

from __future__ import annotations

from tidings.extract.places import geocode, locate_event, place_event


def test_places_geocode_seed_cities(gazetteer):
    for name, country, lat, lon in [("Sapporo", "JPN", 43.06, 141.35), ("Vladivostok", "RUS", 43.12, 131.89),
                                    ("Tokyo", "JPN", 35.69, 139.69)]:
        place = geocode(name, gazetteer)
        assert place.country == country and abs(place.lat - lat) < 0.1 and abs(place.lon - lon) < 0.1


def test_places_georgia_is_the_country_without_us_context(gazetteer):
    assert geocode("Georgia", gazetteer).country == "GEO"
    assert geocode("Georgia", gazetteer, ("RUS", "GEO")).country == "GEO"


def test_places_georgia_is_the_state_in_us_context(gazetteer):
    assert geocode("Georgia", gazetteer, dateline="ATLANTA").country == "USA"
    assert geocode("Atlanta, Georgia", gazetteer).country == "USA"


def test_places_qualifier_picks_paris_texas(gazetteer):
    assert geocode("Paris", gazetteer).country == "FRA"
    texas = geocode("Paris, Texas", gazetteer)
    assert texas.country == "USA" and texas.lat < 40


def test_places_unknown_name_is_none(gazetteer):
    assert geocode("Xqzzyville", gazetteer) is None
    assert geocode("  ", gazetteer) is None


def test_places_event_clause_place(nlp, gazetteer):
    doc = nlp("Russia detained a Japanese diplomat in Vladivostok on Monday.")
    place = place_event(doc[1], gazetteer, "TOKYO", ("JPN", "RUS"))
    assert place.name == "Vladivostok" and place.country == "RUS"


def test_places_subject_modifier_place(nlp, gazetteer):
    doc = nlp("A diplomat at the Russian consulate in Sapporo had been declared persona non grata.")
    trigger = next(t for t in doc if t.text == "declared")
    assert place_event(trigger, gazetteer, None, ("JPN",)).name == "Sapporo"


def test_places_city_of_apposition(nlp, gazetteer):
    doc = nlp("Russia accused a diplomat in the far-eastern city of Vladivostok of spying.")
    assert place_event(doc[1], gazetteer, None, ()).name == "Vladivostok"


def test_places_dateline_fallback_is_marked(nlp, gazetteer):
    doc = nlp("The ministry summoned the ambassador.")
    finding = locate_event(doc[2], gazetteer, "TOKYO", ("JPN",))
    assert finding.basis == "dateline" and finding.place.name == "Tokyo"
    assert place_event(doc[2], gazetteer, None, ("JPN",)) is None


def test_places_actor_is_not_a_place(nlp, gazetteer):
    doc = nlp("Japan expelled a Russian diplomat.")
    assert place_event(doc[1], gazetteer, None, ("JPN", "RUS")) is None
