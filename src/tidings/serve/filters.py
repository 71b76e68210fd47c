"""Query parameters of each listing, validated by FastAPI, and the SQL conditions they stand for.

Every value reaches SQL as a bound parameter, never spliced into the text. Actor-like filters accept a
country code (JPN), a group name (United Nations) or an actor key (JPN|Liberal Democratic Party).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from tidings.errors import TidingsError
from tidings.serve.listing import Condition
from tidings.store.keys import key_match

MAX_LIMIT = 500
DEFAULT_LIMIT = 50

_KEY = "coalesce(nullif(concat_ws('|', nullif({x}.country, ''), nullif({x}.\"group\", '')), ''), '?')"
# An actor key matches a value that is the key itself, its country (before the "|") or its group (after).
_ONE = "({col}.country = ? OR {col}.\"group\" = ? OR " + _KEY.format(x="{col}") + " = ?)"


def actors_in_keys(table: str, ident: str, actor: str | None, recipient: str | None,
                   either: str | None) -> Condition:
    """Actor, recipient and either-side filters as one semi-join on the key table, and as the same test on
    its rows; a key row is one (actor, recipient) pair, so both sides matching in one row is the same as
    each side having a match."""
    tests: list[str] = []
    params: list[str] = []
    for column, value in (("actor_key", actor), ("recipient_key", recipient)):
        if value:
            sql, args = key_match(f"k.{column}", value)
            tests.append(sql)
            params += args
    if either:
        a, a_args = key_match("k.actor_key", either)
        r, r_args = key_match("k.recipient_key", either)
        tests.append(f"({a} OR {r})")
        params += [*a_args, *r_args]
    test = " AND ".join(tests)
    # `either` with another side filter may be met by a different pair of the same item: no row test then.
    row_test = test if not (either and (actor or recipient)) else None
    return Condition(f"t.id IN (SELECT k.{ident} FROM {table} AS k WHERE {test})", tuple(params),
                     keys_sql=row_test, keys_params=tuple(params) if row_test else (), selective=True)


def actor_is(column: str, value: str) -> Condition:
    """The single actor in `column` matches `value`."""
    return Condition(_ONE.format(col=column), (value, value, value))


def like(text: str) -> str:
    """A substring pattern for ILIKE ... ESCAPE '\\', with the user's wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class PageParams(BaseModel):
    """Paging and output, shared by every listing."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Rows per page (at most {MAX_LIMIT}).")
    cursor: str | None = Field(None, description="`next_cursor` of the previous page.")
    sort: str | None = Field(None, description="Sort field; prefix with - for descending.")
    format: Literal["json", "ndjson", "csv"] | None = Field(
        None, description="Response format; otherwise chosen by the Accept header (JSON by default).")

    def conditions(self) -> list[Condition]:
        return []


class EventFilters(PageParams):
    since: dt.date | None = Field(None, description="Events whose date (window) ends on or after this day.")
    until: dt.date | None = Field(None, description="Events whose date (window) starts on or before this day.")
    actor: str | None = Field(None, description="Actor country, group or key.")
    recipient: str | None = Field(None, description="Recipient country, group or key.")
    either: str | None = Field(None, description="Actor or recipient matching this country, group or key.")
    type: str | None = Field(None, description="PLOVER type, e.g. SANCTION.")
    mode: str | None = Field(None, description="PLOVER mode, e.g. expel.")
    quad_class: int | None = Field(None, ge=0, le=4, description="Quad class (1-4).")
    modality: Literal["asserted", "negated", "future", "hypothetical", "historical", "claimed"] | None = None
    counted: bool | None = Field(None, description="true: only events that count (not negated or hypothetical).")
    outlet: str | None = Field(None, description="Reported by this outlet.")
    story: str | None = Field(None, description="Story id.")
    q: str | None = Field(None, min_length=2, max_length=200, description="Text in evidence sentences or titles.")

    # The key table of migration 0004 for this listing, and its item id column.
    _keys: ClassVar[tuple[str, str]] = ("event_keys", "event_id")
    # The first and last day of an item's date window, as SQL over the listed table `t`.
    _window: ClassVar[tuple[str, str]] = ("t.date_window[1]", "t.date_window[2]")

    def conditions(self) -> list[Condition]:
        out: list[Condition] = []
        if self.since and self.until and self.since > self.until:
            raise TidingsError("E107", f"since={self.since} is after until={self.until}; nothing can match")
        first, last = self._window
        if self.since:
            out.append(Condition(f"left(coalesce({last}, t.date), 10) >= ?", (self.since.isoformat(),),
                                 "k.date_end >= ?::DATE", (self.since.isoformat(),), selective=True))
        if self.until:
            out.append(Condition(f"left(coalesce({first}, t.date), 10) <= ?", (self.until.isoformat(),),
                                 "k.date_start <= ?::DATE", (self.until.isoformat(),), selective=True))
        if self.actor or self.recipient or self.either:
            out.append(actors_in_keys(*self._keys, self.actor, self.recipient, self.either))
        if self.type:
            out.append(Condition("t.type = ?", (self.type.upper(),), "k.type = ?", (self.type.upper(),)))
        if self.mode:
            out.append(Condition("t.mode = ?", (self.mode,)))
        if self.quad_class is not None:
            out.append(Condition("t.quad_class = ?", (self.quad_class,), "k.quad_class = ?", (self.quad_class,)))
        if self.modality:
            out.append(Condition("t.modality = ?", (self.modality,)))
        if self.counted is True:
            out.append(Condition("t.modality NOT IN ('negated', 'hypothetical')", (), "k.counted"))
        elif self.counted is False:
            out.append(Condition("t.modality IN ('negated', 'hypothetical')", (), "NOT k.counted"))
        return out


class EventQuery(EventFilters):
    article: str | None = Field(None, description="Article id.")

    def conditions(self) -> list[Condition]:
        out = EventFilters.conditions(self)
        if self.article:
            out.append(Condition("t.article_id = ?", (self.article,)))
        if self.outlet:
            out.append(Condition("t.article_id IN (SELECT id FROM articles WHERE outlet = ?)", (self.outlet,)))
        if self.story:
            out.append(Condition("t.article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)",
                                 (self.story,)))
        if self.q:
            out.append(Condition(
                "(t.evidence.sentence ILIKE ? ESCAPE '\\' OR "
                "t.article_id IN (SELECT id FROM articles WHERE title ILIKE ? ESCAPE '\\'))",
                (like(self.q), like(self.q))))
        return out


class RecordQuery(EventFilters):
    """Record filters over the listing table (record_list AS t, migration 0006), whose lists are JSON text:
    tests on lists go through `records`."""

    _keys: ClassVar[tuple[str, str]] = ("record_keys", "record_id")
    _window: ClassVar[tuple[str, str]] = ("t.window_first", "t.window_last")
    article: str | None = Field(None, description="Told by this article.")

    def conditions(self) -> list[Condition]:
        out = EventFilters.conditions(self)
        if self.article:
            out.append(Condition("t.id IN (SELECT id FROM records WHERE list_contains(articles, ?))",
                                 (self.article,)))
        if self.story:
            out.append(Condition("t.story_id = ?", (self.story,)))
        if self.outlet:
            out.append(Condition(
                "t.id IN (SELECT r.id FROM (SELECT id, unnest(articles) AS aid FROM records) AS r "
                "JOIN articles AS a ON a.id = r.aid WHERE a.outlet = ?)", (self.outlet,)))
        if self.q:
            out.append(Condition(
                "t.id IN (SELECT r.id FROM (SELECT id, unnest(mentions) AS eid FROM records) AS r "
                "JOIN events AS e ON e.id = r.eid LEFT JOIN articles AS a ON a.id = e.article_id "
                "WHERE e.evidence.sentence ILIKE ? ESCAPE '\\' OR a.title ILIKE ? ESCAPE '\\')",
                (like(self.q), like(self.q))))
        return out


class ArticleQuery(PageParams):
    since: dt.date | None = Field(None, description="Published on or after this day.")
    until: dt.date | None = Field(None, description="Published on or before this day.")
    outlet: str | None = None
    story: str | None = None
    q: str | None = Field(None, min_length=2, max_length=200, description="Text in titles.")

    def conditions(self) -> list[Condition]:
        out: list[Condition] = []
        if self.since:
            out.append(Condition("t.published >= ?::DATE", (self.since.isoformat(),)))
        if self.until:
            out.append(Condition("t.published <= ?::DATE", (self.until.isoformat(),)))
        if self.outlet:
            out.append(Condition("t.outlet = ?", (self.outlet,)))
        if self.story:
            out.append(Condition("m.story_id = ?", (self.story,)))
        if self.q:
            out.append(Condition("t.title ILIKE ? ESCAPE '\\'", (like(self.q),)))
        return out


class StoryQuery(PageParams):
    since: dt.date | None = Field(None, description="Stories still running on or after this day.")
    until: dt.date | None = Field(None, description="Stories begun on or before this day.")
    actor: str | None = Field(None, description="A key actor of the story (country, group or key).")
    q: str | None = Field(None, min_length=2, max_length=200, description="Text in story titles.")

    def conditions(self) -> list[Condition]:
        out: list[Condition] = []
        if self.since:
            out.append(Condition('t."end" >= ?::DATE', (self.since.isoformat(),)))
        if self.until:
            out.append(Condition('t."start" <= ?::DATE', (self.until.isoformat(),)))
        if self.actor:
            out.append(Condition(
                "(list_contains(t.key_actors, ?) OR len(list_filter(t.key_actors, lambda k: "
                "list_contains(string_split(k, '|'), ?))) > 0)", (self.actor, self.actor)))
        if self.q:
            out.append(Condition("t.title ILIKE ? ESCAPE '\\'", (like(self.q),)))
        return out


class _SpokenQuery(PageParams):
    article: str | None = Field(None, description="Article id.")
    speaker: str | None = Field(None, description="Speaker country, group or key.")
    outlet: str | None = None
    story: str | None = None

    def conditions(self) -> list[Condition]:
        out: list[Condition] = []
        if self.article:
            out.append(Condition("t.article_id = ?", (self.article,)))
        if self.speaker:
            out.append(actor_is("t.speaker", self.speaker))
        if self.outlet:
            out.append(Condition("t.article_id IN (SELECT id FROM articles WHERE outlet = ?)", (self.outlet,)))
        if self.story:
            out.append(Condition("t.article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)",
                                 (self.story,)))
        return out


class ClaimQuery(_SpokenQuery):
    stance: Literal["assert", "deny"] | None = None
    disputed: bool | None = Field(None, description="true: only claims something contradicts.")
    q: str | None = Field(None, min_length=2, max_length=200, description="Text in the claim.")

    def conditions(self) -> list[Condition]:
        out = _SpokenQuery.conditions(self)
        if self.stance:
            out.append(Condition("t.stance = ?", (self.stance,)))
        if self.disputed is not None:
            out.append(Condition("len(t.disputed_by) > 0" if self.disputed else "len(t.disputed_by) = 0"))
        if self.q:
            out.append(Condition("t.content ILIKE ? ESCAPE '\\'", (like(self.q),)))
        return out


class QuoteQuery(_SpokenQuery):
    direct: bool | None = None
    q: str | None = Field(None, min_length=2, max_length=200, description="Text in the quote.")

    def conditions(self) -> list[Condition]:
        out = _SpokenQuery.conditions(self)
        if self.direct is not None:
            out.append(Condition("t.direct = ?", (self.direct,)))
        if self.q:
            out.append(Condition("t.text ILIKE ? ESCAPE '\\'", (like(self.q),)))
        return out


class LinkQuery(PageParams):
    type: Literal["response_to", "cause", "same_story"] | None = None
    record: str | None = Field(None, description="Links from or to this record.")
    source: str | None = None
    target: str | None = None

    def conditions(self) -> list[Condition]:
        out: list[Condition] = []
        if self.type:
            out.append(Condition("t.type = ?", (self.type,)))
        if self.record:
            out.append(Condition("(t.source = ? OR t.target = ?)", (self.record, self.record)))
        if self.source:
            out.append(Condition("t.source = ?", (self.source,)))
        if self.target:
            out.append(Condition("t.target = ?", (self.target,)))
        return out
