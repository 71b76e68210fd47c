"""GDELT 2.0 event table rows (61 tab-separated columns, no header) from stored events or merged records.

GDELT has one Actor1 and one Actor2 per row: the first actor and the first recipient are written. Columns
tidings does not know (ethnic and religion codes, tone, actor geography, FIPS place codes) are left empty.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence

import pycountry

from tidings.records import Actor, Article, Event, EventRecord, Place
from tidings.store.store import Store

COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)


def event_id(our_id: str) -> int:
    """A stable positive 63-bit integer for one of our string ids (the same id always gives the same number)."""
    return int.from_bytes(hashlib.sha256(our_id.encode("utf-8")).digest()[:8], "big") & (2**63 - 1)


def lines(store: Store, kind: str) -> Iterator[str]:
    articles = {a.id: a for a in store.articles()}
    if kind == "events":
        for event in store.events():
            article = articles.get(event.article_id)
            yield line(row(event, 1, 1, 1, [article] if article else []))
    else:
        for record in store.records():
            told = sorted((articles[a] for a in record.articles if a in articles), key=_first)
            yield line(row(record, len(record.mentions), record.num_sources, record.num_articles, told))


def line(values: dict[str, str]) -> str:
    return "\t".join(_clean(values.get(c, "")) for c in COLUMNS)


def row(event: Event | EventRecord, mentions: int, sources: int, articles_n: int,
        articles: Sequence[Article]) -> dict[str, str]:
    """One GDELT row as column -> text; `articles` are the reports, earliest first."""
    values: dict[str, str] = {"GLOBALEVENTID": str(event_id(event.id))}
    day = _day(event.date, event.date_window)
    if day is not None:
        values |= {
            "SQLDATE": day.strftime("%Y%m%d"),
            "MonthYear": day.strftime("%Y%m"),
            "Year": str(day.year),
            "FractionDate": f"{day.year + (day.month * 30 + day.day) / 365:.4f}",
        }
    if event.actor:
        values |= _actor("Actor1", event.actor[0])
    if event.recipient:
        values |= _actor("Actor2", event.recipient[0])
    if event.cameo:
        values |= {"EventCode": event.cameo, "EventBaseCode": event.cameo[:3], "EventRootCode": event.cameo[:2]}
    values |= {
        "QuadClass": _text(event.quad_class),
        "GoldsteinScale": _text(event.goldstein),
        "NumMentions": str(mentions),
        "NumSources": str(sources),
        "NumArticles": str(articles_n),
    }
    if event.place is not None:
        values |= _place("ActionGeo", event.place)
    added = [a.ingested for a in articles if a.ingested is not None]
    if added:
        values["DATEADDED"] = min(added).astimezone(dt.timezone.utc).strftime("%Y%m%d%H%M%S")
    values["SOURCEURL"] = next((a.url for a in articles if a.url), "")
    return values


def _actor(prefix: str, actor: Actor) -> dict[str, str]:
    # Our `group` is a name ("United Nations"); only a 3-letter code can stand in GDELT's code columns.
    group_code = actor.group if actor.group and len(actor.group) == 3 and actor.group.isupper() else ""
    name = actor.name or actor.group or _country_name(actor.country) or actor.text
    return {
        f"{prefix}Code": (actor.country or "") + group_code + (actor.sector or ""),
        f"{prefix}Name": name.upper(),
        f"{prefix}CountryCode": actor.country or "",
        f"{prefix}KnownGroupCode": group_code,
        f"{prefix}Type1Code": actor.sector or "",
    }


def _place(prefix: str, place: Place) -> dict[str, str]:
    country = _country_name(place.country)
    is_country = country is not None and place.name.casefold() == country.casefold()
    if is_country:
        kind = "1"
    elif place.lat is not None and place.lon is not None:
        kind = "3" if place.country == "USA" else "4"
    else:
        kind = ""
    full = place.name if is_country or not country else f"{place.name}, {country}"
    return {
        f"{prefix}_Type": kind,
        f"{prefix}_FullName": full,
        f"{prefix}_Lat": _text(place.lat),
        f"{prefix}_Long": _text(place.lon),
        f"{prefix}_FeatureID": _text(place.geonameid),
    }


def _day(date: str | None, window: tuple[str, str] | None) -> dt.date | None:
    """The event day: the date itself at day precision, else the start of its window."""
    for candidate in (date, window[0] if window else None):
        if candidate and len(candidate) >= 10:
            try:
                return dt.date.fromisoformat(candidate[:10])
            except ValueError:
                continue
    return None


def _first(article: Article) -> tuple[dt.date, str]:
    return (article.published or dt.date.max, article.id)


def _country_name(code: str | None) -> str | None:
    if not code:
        return None
    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "name", None) if country else None


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _clean(value: str) -> str:
    # A tab or newline inside a value would shift every later column.
    return " ".join(value.split()) if any(c in value for c in "\t\r\n") else value
