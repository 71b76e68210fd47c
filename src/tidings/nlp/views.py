"""Cached views of a parsed Doc.

`doc.ents` and `doc.sents` build new Span objects on every access, and the coder asks for them thousands of
times per article. The views are computed once and kept in `doc.user_data`, so they live and die with the
Doc; nothing may change a Doc's entities after the NLP stage, which is what makes the cache safe.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_ENTS = "tidings.ents"
_ENT_AT = "tidings.ent_at"
_SENTS = "tidings.sents"


def entities(doc: Doc) -> tuple[Span, ...]:
    cached = doc.user_data.get(_ENTS)
    if cached is None:
        cached = doc.user_data[_ENTS] = tuple(doc.ents)
    return cached


def entity_at(doc: Doc, index: int) -> Span | None:
    """The entity that holds token `index`, if any."""
    table = doc.user_data.get(_ENT_AT)
    if table is None:
        table = doc.user_data[_ENT_AT] = {t.i: ent for ent in entities(doc) for t in ent}
    return table.get(index)


def entities_in(span: Span) -> list[Span]:
    return [e for e in entities(span.doc) if span.start <= e.start and e.end <= span.end]


def sentences(doc: Doc) -> tuple[Span, ...]:
    cached = doc.user_data.get(_SENTS)
    if cached is None:
        cached = doc.user_data[_SENTS] = tuple(doc.sents)
    return cached
