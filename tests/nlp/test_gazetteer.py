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


def test_gazetteer_continents_and_regions_are_no_place(gazetteer):
    # geonames lists "Africa" and "Asia" as names of small towns; as written in news they are continents.
    for name in ("Africa", "Asia", "the Middle East", "South-America", "South America", "Latin America"):
        assert gazetteer.is_region(name), name
        assert gazetteer.candidates(name) == [], name
        assert gazetteer.best(name) is None, name
    assert not gazetteer.is_region("Paris") and gazetteer.best("Paris") is not None


def test_gazetteer_region_key_reads_hyphens_as_spaces():
    from tidings.nlp.gazetteer import region_key

    assert region_key("South-America") == region_key("south  america") == "south america"
    assert region_key("The Balkans") == "balkans"


def test_gazetteer_load_regions_rejects_a_malformed_file(tmp_path):
    import pytest

    from tidings.errors import TidingsError
    from tidings.nlp.gazetteer import load_regions

    good = tmp_path / "good.tsv"
    good.write_text("# comment\nname\taliases\nAtlantis\tSunken Land|Lost Continent\nMu\t-\n", encoding="utf-8")
    assert load_regions(good) == ["Atlantis", "Sunken Land", "Lost Continent", "Mu"]
    bad = tmp_path / "bad.tsv"
    bad.write_text("name\taliases\nAtlantis\n", encoding="utf-8")
    with pytest.raises(TidingsError, match=r"bad.tsv:2"):
        load_regions(bad)
    with pytest.raises(TidingsError, match="cannot read"):
        load_regions(tmp_path / "missing.tsv")
