"""PLOVER JSON records (the "Data Fields" chapter of the PLOVER manual) from stored events or merged records.

The manual's named fields are filled where tidings knows them; the auxiliary modes (historical, future,
hypothetical, negation) go into `context` as the manual asks. Fields PLOVER has no name for (CAMEO code,
Goldstein score, modality, article ids) are added under our own names, which the manual allows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from importlib import metadata
from types import MappingProxyType
from typing import Any

from tidings.records import Actor, Article, Event, EventRecord, Place
from tidings.store.store import Store

# Our modality -> PLOVER auxiliary mode, carried in `context`.
AUXILIARY = MappingProxyType({
    "historical": "historical", "future": "future", "hypothetical": "hypothetical", "negated": "negation",
})
# PLOVER's codes for international non-state entities that stand where a country code would.
NONSTATE = MappingProxyType({"United Nations": "UNO", "European Union": "EUR"})
NONSTATE_SECTORS = frozenset({"IGO", "NGO"})


def records(store: Store, kind: str) -> Iterator[dict[str, Any]]:
    articles = {a.id: a for a in store.articles()}
    coder = _coder()
    if kind == "events":
        for event in store.events():
            article = articles.get(event.article_id)
            yield record(event, [article] if article else [], coder)
    else:
        sentences = {e.id: e.evidence.sentence for e in store.events() if e.evidence is not None}
        for merged in store.records():
            told = sorted((articles[a] for a in merged.articles if a in articles),
                          key=lambda a: (a.published or dt.date.max, a.id))
            texts = [sentences[m] for m in merged.mentions if m in sentences]
            yield record(merged, told, coder, texts)


def record(event: Event | EventRecord, articles: Sequence[Article], coder: str,
           texts: Sequence[str] = ()) -> dict[str, Any]:
    """One PLOVER JSON record; `articles` are the reports, earliest first."""
    day, end = _dates(event)
    context = list(event.context)
    if event.modality in AUXILIARY and AUXILIARY[event.modality] not in context:
        context.append(AUXILIARY[event.modality])
    out: dict[str, Any] = {
        "id": event.id,
        "has_event": True,
        "date": day,
        "enddate": end,
        "actor": [_entity(a) for a in event.actor],
        "recipient": [_entity(a) for a in event.recipient],
        "event": [event.type],
        "mode": [event.mode] if event.mode else [],
        "context": context,
        "quad_code": event.quad_class,
        "event_scale": event.plover_score,
        "event_loc": _location(event.place) if event.place else None,
    }
    if isinstance(event, Event):
        evidence = event.evidence
        out["event_text"] = [evidence.sentence] if evidence else []
        out["text_info"] = {"start": evidence.start, "end": evidence.end} if evidence else None
    else:
        out["event_text"] = list(dict.fromkeys(texts))
        out["link"] = event.story_id
    first = articles[0] if articles else None
    out["cite_info"] = _citation(first, coder) if first else None
    out["coder"] = coder
    ingested = [a.ingested for a in articles if a.ingested is not None]
    out["coded_date"] = min(ingested).date().isoformat() if ingested else None
    # Our own fields, beyond PLOVER's names.
    out |= {
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "modality": event.modality,
        "date_precision": event.date_precision,
    }
    if isinstance(event, Event):
        out |= {"article_id": event.article_id, "rule": event.rule, "confidence": event.confidence}
    else:
        out |= {"articles": list(event.articles), "mentions": list(event.mentions),
                "num_articles": event.num_articles, "num_sources": event.num_sources}
    return out


def _dates(event: Event | EventRecord) -> tuple[str | None, str | None]:
    """PLOVER wants YYYY-MM-DD: the day itself, or else the window it lies in (start as date, end as enddate)."""
    window = event.date_window
    if event.date and len(event.date) == 10:
        day = event.date
    elif window:
        day = window[0]
    else:
        return None, None
    end = window[1] if window and window[1] != day else None
    return day, end


def _entity(actor: Actor) -> dict[str, Any]:
    code = actor.country or NONSTATE.get(actor.group or "")
    if code is None and actor.sector in NONSTATE_SECTORS:
        code = actor.sector
    return {
        "code": code,
        "sector": actor.sector,
        "entity_text": actor.text,
        "identifier_text": actor.name or actor.group,
        "office": actor.role,
    }


def _location(place: Place) -> dict[str, Any]:
    return {
        "extracted_place": place.name,
        "resolved_place": place.name,
        "geonameid": place.geonameid,
        "lat": place.lat,
        "lon": place.lon,
        "country_code": place.country,
    }


def _citation(article: Article, coder: str) -> dict[str, Any]:
    return {
        "url": article.url,
        "title": article.title,
        "publication": article.outlet,
        "language": article.language,
        "coder": coder,
        "codebook": "PLOVER",
    }


def _coder() -> str:
    try:
        return f"tidings {metadata.version('tidings')}"
    except metadata.PackageNotFoundError:
        return "tidings"
