def test_gazetteer_finds_cities_with_country_and_coordinates(gazetteer):
    sapporo = gazetteer.best("Sapporo")
    assert sapporo.place.country == "JPN"
    assert abs(sapporo.place.lat - 43.06) < 0.1 and abs(sapporo.place.lon - 141.35) < 0.1


def test_gazetteer_prefers_the_most_populous_unless_a_country_is_preferred(gazetteer):
    assert gazetteer.best("Paris").place.country == "FRA"
    assert gazetteer.best("Paris", prefer_countries=("USA",)).place.country == "USA"


def test_gazetteer_reads_ascii_alternate_names(gazetteer):
    assert gazetteer.best("Kiev").place.country == "UKR"


def test_gazetteer_knows_countries_and_unknown_names(gazetteer):
    assert any(e.kind == "country" and e.place.country == "JPN" for e in gazetteer.candidates("Japan"))
    assert gazetteer.candidates("Xqzzyville") == []


def test_gazetteer_ascii_word_needs_ascii_letters():
    from tidings.nlp.gazetteer import _is_ascii_word

    assert _is_ascii_word("Kiev") and _is_ascii_word("Sao Paulo")
    assert not _is_ascii_word("Москва") and not _is_ascii_word("São Paulo")
    assert not _is_ascii_word("") and not _is_ascii_word("12345")
