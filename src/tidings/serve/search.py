"""Search over titles, evidence sentences and claims: a few hits of each kind, newest first."""

from __future__ import annotations

from tidings.serve.filters import like
from tidings.serve.items import SearchHit
from tidings.serve.reader import Reader

KINDS = ("story", "article", "record", "claim")

_QUERIES = {
    "story": """SELECT id, coalesce(title, id) AS title, NULL AS snippet, CAST("start" AS VARCHAR) AS date
                FROM stories WHERE title ILIKE ? ESCAPE '\\' ORDER BY "start" DESC NULLS LAST, id LIMIT ?""",
    "article": """SELECT id, coalesce(title, id) AS title, outlet AS snippet, CAST(published AS VARCHAR) AS date
                  FROM articles WHERE title ILIKE ? ESCAPE '\\' ORDER BY published DESC NULLS LAST, id LIMIT ?""",
    # A record is found through the evidence of the events merged into it.
    "record": """SELECT r.id, r.type || coalesce(' / ' || r.mode, '') AS title, e.evidence.sentence AS snippet,
                        r.date AS date
                 FROM events AS e JOIN (SELECT id, type, mode, date, unnest(mentions) AS eid FROM records) AS r
                      ON r.eid = e.id
                 WHERE e.evidence.sentence ILIKE ? ESCAPE '\\'
                 QUALIFY row_number() OVER (PARTITION BY r.id ORDER BY e.id) = 1
                 ORDER BY r.date DESC NULLS LAST, r.id LIMIT ?""",
    "claim": """SELECT id, coalesce(speaker.text, 'unattributed') || ' (' || stance || ')' AS title,
                       content AS snippet, NULL AS date
                FROM claims WHERE content ILIKE ? ESCAPE '\\' ORDER BY id LIMIT ?""",
}


def search(reader: Reader, text: str, per_kind: int = 20, kinds: tuple[str, ...] = KINDS) -> list[SearchHit]:
    hits: list[SearchHit] = []
    for kind in kinds:
        for row in reader.table(_QUERIES[kind], [like(text), per_kind]).to_pylist():
            hits.append(SearchHit(kind, row["id"], row["title"], row["snippet"], row["date"]))
    return hits
