"""The actor lexicon: loading, validation, phrase look-ups, matching and noun-phrase resolution."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
import spacy

from tidings.codebook.actors import ActorLexicon, default_data_dir, is_acronym, normalize, plural, validate_actors
from tidings.errors import TidingsError

# The 193 member states of the United Nations (a fact kept here apart from the data, so the test can fail).
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR BFA BDI
CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST
SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM
JPN JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX
FSM MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT
QAT ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split()
# Members whose usual adjective belongs to a neighbour by the lexicon's documented choice
# ("Dominican" is the Dominican Republic's, "Congolese" the DRC's).
SHARED_ADJECTIVE = {"DMA", "COG"}


@pytest.fixture(scope="module")
def lexicon() -> ActorLexicon:
    return ActorLexicon.load()


@pytest.fixture()
def broken_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped actor files, for breaking one thing at a time."""
    target = tmp_path / "actors"
    shutil.copytree(default_data_dir() / "actors", target)
    return target


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


# -- data and validation ------------------------------------------------------------------------------------


def test_actors_shipped_data_is_valid():
    assert validate_actors() == []
    # validate_codebook passes the codebook data root; the actors directory itself is accepted too
    assert validate_actors(default_data_dir() / "actors") == []


def test_actors_every_un_member_has_name_and_adjective(lexicon):
    assert len(set(UN_MEMBERS)) == 193
    rows = {}
    with (default_data_dir() / "actors" / "countries.tsv").open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t"):
            rows[row["iso3"]] = row
    missing = [iso for iso in UN_MEMBERS if iso not in rows]
    assert missing == []
    for iso in UN_MEMBERS:
        assert lexicon.country(rows[iso]["name"]) == iso, rows[iso]["name"]
        if iso in SHARED_ADJECTIVE:
            continue
        adjectives = [a for a in rows[iso]["adjectives"].split("|") if a != "-"]
        assert adjectives, f"{iso} has no adjective"
        assert any(lexicon.country(a) == iso for a in adjectives), iso


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Russia", "RUS"), ("Russian Federation", "RUS"), ("the United States", "USA"), ("US", "USA"),
        ("U.S.", "USA"), ("America", "USA"), ("Britain", "GBR"), ("UK", "GBR"), ("South Korea", "KOR"),
        ("North Korea", "PRK"), ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"), ("Türkiye", "TUR"),
        ("Turkey", "TUR"), ("Czechia", "CZE"), ("Democratic Republic of Congo", "COD"), ("DRC", "COD"),
        ("Russian", "RUS"), ("Russians", "RUS"), ("Japanese", "JPN"), ("British", "GBR"), ("Emirati", "ARE"),
        ("Ukrainian", "UKR"), ("Moscow", "RUS"), ("the Kremlin", "RUS"), ("Washington", "USA"),
        ("The White House", "USA"), ("the Pentagon", "USA"), ("Beijing", "CHN"), ("Tokyo", "JPN"),
        ("Kyiv", "UKR"), ("Kiev", "UKR"), ("Downing Street", "GBR"), ("Whitehall", "GBR"), ("the Elysee", "FRA"),
        ("Tehran", "IRN"), ("Soviet Union", "SUN"), ("USSR", "SUN"), ("RUSSIA", "RUS"), ("japan", "JPN"),
        ("Russia\u2019s", "RUS"),
    ],
)
def test_actors_country_names_adjectives_and_metonyms(lexicon, text, iso3):
    assert lexicon.country(text) == iso3


def test_actors_country_is_none_for_non_countries(lexicon):
    for text in ("the move", "information", "NATO", "foreign minister", "", "  ", "Sapporo"):
        assert lexicon.country(text) is None, text


def test_actors_acronyms_match_only_in_capitals(lexicon):
    assert lexicon.country("us") is None  # the pronoun
    assert lexicon.lookup("who") is None
    assert lexicon.lookup("WHO").group == "World Health Organization"
    assert is_acronym("U.S.") and not is_acronym("Us") and not is_acronym("NATO members")


def test_actors_georgia_is_the_country(lexicon):
    entry = lexicon.lookup("Georgia")
    assert entry.kind == "country" and entry.country == "GEO"
    assert lexicon.country("Georgian") == "GEO"


def test_actors_lookup_orgs_by_alias(lexicon):
    cases = {
        "FSB": ("RUS", "Federal Security Service", "SPY"),
        "the Federal Security Service": ("RUS", "Federal Security Service", "SPY"),
        "CIA": ("USA", "Central Intelligence Agency", "SPY"),
        "Mossad": ("ISR", "Mossad", "SPY"),
        "IRGC": ("IRN", "Islamic Revolutionary Guard Corps", "MIL"),
        "Wagner Group": ("RUS", "Wagner Group", "MIL"),
        "Tass": ("RUS", "Tass", "MED"),
        "Xinhua": ("CHN", "Xinhua", "MED"),
        "KCNA": ("PRK", "KCNA", "MED"),
        "ISIS": (None, "Islamic State", "REB"),
        "Daesh": (None, "Islamic State", "REB"),
        "Ansar Allah": ("YEM", "Houthis", "REB"),
        "HTS": ("SYR", "Hayat Tahrir al-Sham", "REB"),
        "RSF": ("SDN", "Rapid Support Forces", "REB"),
        "U.N.": (None, "United Nations", "IGO"),
        "Security Council": (None, "UN Security Council", "IGO"),
        "Doctors Without Borders": (None, "Doctors Without Borders", "NGO"),
        "MSF": (None, "Doctors Without Borders", "NGO"),
        "Red Cross": (None, "International Committee of the Red Cross", "NGO"),
    }
    for phrase, (country, group, sector) in cases.items():
        entry = lexicon.lookup(phrase)
        assert entry is not None and entry.kind == "org", phrase
        assert (entry.country, entry.group, entry.sector) == (country, group, sector), phrase


def test_actors_lookup_roles_and_plurals(lexicon):
    assert lexicon.lookup("foreign ministers").role == "foreign minister"
    assert lexicon.lookup("vice foreign minister").role == "vice foreign minister"
    assert lexicon.lookup("consul general").role == "consul general"
    assert lexicon.lookup("embassies").role == "embassy"
    assert lexicon.lookup("spokesmen").role == "spokesperson"
    assert lexicon.lookup("border guards").sector == "COP"
    assert lexicon.lookup("spy agency").sector == "SPY"
    assert lexicon.lookup("protesters").sector == "CVL"
    assert lexicon.lookup("lawmakers").sector == "LEG"
    assert lexicon.lookup("journalist").sector == "MED"
    assert lexicon.lookup("the move") is None


def test_actors_normalize_and_plural():
    assert normalize("  The  Kremlin ") == "kremlin"
    assert normalize("Japan\u2019s") == "japan"
    assert normalize("Türkiye") == "turkiye"
    assert plural("embassy") == "embassies" and plural("coach") == "coaches" and plural("envoy") == "envoys"
    assert plural("foreign minister") == "foreign ministers"


@pytest.mark.parametrize(
    ("line", "file", "expected"),
    [
        ("XYZ\tNowhere\t-\tNowherean\t-", "countries.tsv", "unknown ISO3 country code 'XYZ'"),
        ("Bogusville\tRUS\tXXQ", "metonyms.tsv", "unknown sector code 'XXQ'"),
        ("Georgia\tUSA\tGOV", "metonyms.tsv", "'Georgia' maps to USA here and to GEO"),
        ("Nowhere Org\t\tIGO\t-", "orgs.tsv", "empty field country"),
        ("just one field", "roles.tsv", "malformed line"),
        ("envoy\tmediator\tGOV\t-", "roles.tsv", "'envoy' is already an alias of role:envoy"),
    ],
)
def test_actors_validation_reports_each_problem(broken_dir, line, file, expected):
    _append(broken_dir / file, line)
    problems = validate_actors(broken_dir.parent)
    assert len(problems) == 1, problems
    number = len((broken_dir / file).read_text(encoding="utf-8").splitlines())
    assert problems[0].startswith(f"{file}:{number}: ")
    assert expected in problems[0]
    with pytest.raises(TidingsError) as caught:
        ActorLexicon.load(broken_dir.parent)
    assert caught.value.code == "E106" and f"{file}:{number}" in str(caught.value)


def test_actors_validation_reports_bad_header_and_missing_file(broken_dir):
    path = broken_dir / "sectors.tsv"
    text = path.read_text(encoding="utf-8").replace("code\tdescription", "code,description")
    path.write_text(text, encoding="utf-8")
    (broken_dir / "roles.tsv").unlink()
    problems = validate_actors(broken_dir)
    assert any(p.startswith("sectors.tsv:") and "header" in p for p in problems)
    assert any(p.startswith("roles.tsv:0: cannot read") for p in problems)


# -- matching ------------------------------------------------------------------------------------------------


def test_actors_find_takes_longest_non_overlapping_matches(lexicon):
    blank = spacy.blank("en")
    doc = blank("South Sudanese troops and the vice foreign minister met UN Security Council envoys")
    found = [(doc[s:e].text, entry.id) for s, e, entry in lexicon.find(doc)]
    assert found == [
        ("South Sudanese", "country:SSD"),
        ("troops", "role:troops"),
        ("vice foreign minister", "role:vice foreign minister"),
        ("UN Security Council", "org:UN Security Council"),
        ("envoys", "role:envoy"),
    ]


def test_actors_find_within_span_only(lexicon):
    doc = spacy.blank("en")("Japan expelled a Russian diplomat")
    found = lexicon.find(doc[2:5])
    assert [(s, e, entry.country) for s, e, entry in found] == [(3, 4, "RUS"), (4, 5, None)]


def test_actors_find_skips_common_words_and_names(lexicon, nlp):
    doc = nlp("We ate turkey with us in general terms, and George Washington made an official visit.")
    assert lexicon.find(doc) == []


def test_actors_find_ignores_places_inside_other_names(lexicon, nlp):
    doc = nlp("The Washington Post cited the Vienna Convention, and the Japanese Foreign Ministry agreed.")
    found = [(doc[s:e].text, entry.id) for s, e, entry in lexicon.find(doc)]
    assert found == [("Japanese", "country:JPN"), ("Foreign Ministry", "role:foreign ministry")]


# -- resolving noun phrases ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Japan expelled a Russian diplomat.", "a Russian diplomat", ("RUS", None, "GOV", None, "diplomat")),
        (
            "Japan's foreign minister said on Tuesday that talks failed.",
            "Japan's foreign minister",
            ("JPN", None, "GOV", None, "foreign minister"),
        ),
        (
            "He worked at the Russian consulate in Sapporo for years.",
            "the Russian consulate in Sapporo",
            ("RUS", None, "GOV", None, "consulate"),
        ),
        ("Russian forces shelled the town.", "Russian forces", ("RUS", None, "MIL", None, "forces")),
        ("Japanese officials denied it.", "Japanese officials", ("JPN", None, "GOV", None, "official")),
        ("Tass reported the news on Monday.", "Tass", ("RUS", "Tass", "MED", None, None)),
        (
            "Russia's state news agency, Tass, said the consul had paid for information.",
            "Russia's state news agency, Tass",
            ("RUS", "Tass", "MED", None, "news agency"),
        ),
        (
            "Citing the Federal Security Service, the agency said he was a spy.",
            "the Federal Security Service",
            ("RUS", "Federal Security Service", "SPY", None, None),
        ),
        ("NATO condemned the attack.", "NATO", (None, "NATO", "IGO", None, None)),
        ("Moscow rejected the claim.", "Moscow", ("RUS", None, "GOV", None, None)),
        ("Japan accused Russia of lying.", "Russia", ("RUS", None, None, None, None)),
        ("Soldiers killed Ukrainian civilians.", "Ukrainian civilians", ("UKR", None, "CVL", None, "civilians")),
        (
            "Hard-line nationalists in Russia have bristled at the idea.",
            "Hard-line nationalists in Russia",
            ("RUS", None, None, None, None),
        ),
        (
            "Russian President Vladimir Putin signed the decree.",
            "Russian President Vladimir Putin",
            ("RUS", None, "GOV", "Vladimir Putin", "president"),
        ),
        (
            "Takeo Mori summoned Mikhail Galuzin, Russia's ambassador to Japan, on Tuesday.",
            "Mikhail Galuzin, Russia's ambassador to Japan",
            ("RUS", None, "GOV", "Mikhail Galuzin", "ambassador"),
        ),
        (
            "Police questioned the Japanese embassy in Moscow about the case.",
            "the Japanese embassy in Moscow",
            ("JPN", None, "GOV", None, "embassy"),
        ),
        ("A Hamas spokesman denied the report.", "A Hamas spokesman", ("PSE", "Hamas", "REB", None, "spokesperson")),
        # a capital in "X-based" places someone in its country; it does not make them its government
        ("Police detained a Warsaw-based sculptor.", "a Warsaw-based sculptor", ("POL", None, None, None, None)),
        ("FARC commanders met the envoy.", "FARC commanders", ("COL", "FARC", "REB", None, "commander")),
        ("The Canadian Treasury froze the funds.", "The Canadian Treasury", ("CAN", None, "GOV", None, "finance ministry")),
    ],
)
def test_actors_resolve_span_examples(nlp, lexicon, text, phrase, expected):
    actor = lexicon.resolve_span(_resolve_span(nlp, text, phrase))
    assert actor is not None
    assert actor.text == phrase
    assert (actor.country, actor.group, actor.sector, actor.name, actor.role) == expected


def _resolve_span(nlp, text, phrase):
    doc = nlp(text)
    start = doc.text.index(phrase)
    span = doc.char_span(start, start + len(phrase), alignment_mode="expand")
    assert span is not None
    return span


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Japan called the move a violation of law.", "the move"),
        ("He tried to pay for classified information.", "classified information"),
        ("Vladimir Putin signed the decree.", "Vladimir Putin"),
        ("They made an official visit last week.", "an official visit"),
    ],
)
def test_actors_resolve_span_none_for_non_actors(nlp, lexicon, text, phrase):
    assert lexicon.resolve_span(_resolve_span(nlp, text, phrase)) is None


def test_actors_resolve_span_without_a_parse(lexicon):
    # Hand-built docs carry no dependency parse: the whole span counts as the head.
    doc = spacy.blank("en")("the Kremlin spokesman")
    actor = lexicon.resolve_span(doc[:])
    assert (actor.country, actor.sector, actor.role) == ("RUS", "GOV", "spokesperson")


def test_actors_business_and_civic_bodies_are_known():
    from tidings.codebook.actors import ActorLexicon

    lexicon = ActorLexicon.load()
    for phrase, sector in [("chamber of commerce", "BUS"), ("trade body", "BUS"), ("delegation", "GOV"),
                           ("campaigners", "CVL"), ("federation", "LAB")]:
        entry = lexicon.lookup(phrase)
        assert entry is not None and entry.sector == sector, phrase


def test_actors_find_matches_names_written_with_accents(lexicon, nlp):
    # countries.tsv lists "Sao Tome and Principe"; news writes the accents.
    doc = nlp("Officials of São Tomé and Príncipe met envoys from Côte d'Ivoire.")
    found = {entry.country for _start, _end, entry in lexicon.find(doc)}
    assert {"STP", "CIV"} <= found
    assert lexicon.country("São Tomé and Príncipe") == "STP"


@pytest.mark.parametrize("text", ["Leaders from South-America met.", "Leaders from South America met.",
                                  "Leaders from Central America met.", "Leaders from the Americas met.",
                                  "Central American and Latin American leaders met Pan-American envoys."])
def test_actors_find_a_country_inside_a_region_name_is_no_country(lexicon, nlp, text):
    doc = nlp(text)
    assert all(entry.country is None for _s, _e, entry in lexicon.find(doc))
    assert lexicon.country("South-America") is None and lexicon.country("America") == "USA"


def test_actors_resolve_span_region_names_no_actor(lexicon, nlp):
    assert lexicon.resolve_span(_resolve_span(nlp, "Talks in Latin America stalled.", "Latin America")) is None


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        # A people without a state names no country: the article places it, as other unnamed groups.
        ("Kurdish forces shelled the town.", "Kurdish forces", (None, None, "MIL", "forces")),
        ("The Kurds rejected the offer.", "The Kurds", (None, None, "CVL", "Kurds")),
        (
            "Kurdish Peshmerga fighters held the ridge.",
            "Kurdish Peshmerga fighters",
            ("IRQ", "Peshmerga", "MIL", "fighter"),
        ),
        # Party members and union members carry no country of their own: the article places them.
        ("Senate Democrats blocked the bill.", "Senate Democrats", (None, None, "PTY", "party members")),
        ("Republicans walked out.", "Republicans", (None, None, "PTY", "party members")),
        ("The Marines landed at dawn.", "The Marines", (None, None, "MIL", "marines")),
        ("The union called a strike.", "The union", (None, None, "LAB", "union")),
        ("SEIU called a strike.", "SEIU", ("USA", "Service Employees International Union", "LAB", None)),
    ],
)
def test_actors_resolve_span_peoples_parties_and_unions(nlp, lexicon, text, phrase, expected):
    actor = lexicon.resolve_span(_resolve_span(nlp, text, phrase))
    assert actor is not None
    assert (actor.country, actor.group, actor.sector, actor.role) == expected


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("The Commonwealth suspended Nauru.", "The Commonwealth", (None, "Commonwealth of Nations", "IGO")),
        ("The Obama administration imposed tariffs.", "The Obama administration", ("USA", None, "GOV")),
    ],
)
def test_actors_resolve_span_commonwealth_and_named_administrations(nlp, lexicon, text, phrase, expected):
    actor = lexicon.resolve_span(_resolve_span(nlp, text, phrase))
    assert actor is not None and (actor.country, actor.group, actor.sector) == expected
