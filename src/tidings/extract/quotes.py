"""Direct quotes and who said them.

Quote marks are paired straight or curly, in any mix ("“...\"" occurs in scraped text); an unclosed quote runs
to the end of its paragraph. The speaker is the subject of the verb of saying that governs the quote ("said
Hayashi", "Hayashi said", "calling X 'Y', Hayashi said"), or of the nearest verb of saying in its sentence;
a quote standing alone continues the previous sentence's speaker. A pronoun the resolver cannot place is
taken to be the subject of the previous sentence.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from spacy.tokens import Doc, Span, Token

from tidings.codebook.schema import read_data_file
from tidings.errors import TidingsError
from tidings.records import Actor, Quote

DEFAULT_CUES = ("codebook", "data", "cues", "speech.tsv")
OPENING = "“‘\"«"
CLOSING = "”’\"»"
TRIM = " ,.;:!?—–-"
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})

Resolver = Callable[[Span], Actor | None]


@dataclass(frozen=True, slots=True)
class Cue:
    cue: str
    kind: str  # verb | phrase
    stance: str  # assert | deny
    use: str  # quote | claim | both


@dataclass(frozen=True, slots=True, eq=False)
class SpeechCues:
    """Verbs and phrases of saying, from codebook/data/cues/speech.tsv."""

    verbs: Mapping[str, Cue]
    phrases: tuple[Cue, ...]

    @classmethod
    def load(cls, path: Path | None = None) -> "SpeechCues":
        text, source = read_data_file(path, DEFAULT_CUES)
        verbs: dict[str, Cue] = {}
        phrases: list[Cue] = []
        for n, row in enumerate(csv.DictReader(io.StringIO(text), delimiter="\t"), start=2):
            cue = Cue((row.get("cue") or "").strip().lower(), (row.get("kind") or "").strip(),
                      (row.get("stance") or "").strip(), (row.get("use") or "").strip())
            if not cue.cue or cue.kind not in ("verb", "phrase") or cue.stance not in ("assert", "deny") \
                    or cue.use not in ("quote", "claim", "both"):
                raise TidingsError("E106", f"{source}:{n}: need cue, kind verb|phrase, stance assert|deny, "
                                           f"use quote|claim|both; got {row}")
            if cue.kind == "verb":
                verbs[cue.cue] = cue
            else:
                phrases.append(cue)
        # Longest phrase first so that "there is no evidence" wins over "no evidence".
        return cls(MappingProxyType(verbs), tuple(sorted(phrases, key=lambda c: -len(c.cue))))

    @staticmethod
    @functools.cache
    def default() -> "SpeechCues":
        """The packaged cue list, read once (it is immutable, so sharing it is safe)."""
        return SpeechCues.load()

    def verb(self, token: Token, use: str) -> Cue | None:
        cue = self.verbs.get(token.lemma_.lower())
        if cue is None or token.pos_ not in ("VERB", "AUX") or (cue.use != "both" and cue.use != use):
            return None
        return cue


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    start: int  # character offsets of the quoted words, marks and edge punctuation excluded
    end: int


def quote_spans(text: str) -> list[QuoteSpan]:
    """Pair quote marks in a text; an unclosed quote ends at the end of its paragraph."""
    spans: list[QuoteSpan] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        opens = ch in "“«" or (ch in "\"" and (i == 0 or not text[i - 1].isalnum()))
        # A straight apostrophe or ’ inside words ("Russia’s") is not a quote mark; only doubles open here.
        if not opens:
            i += 1
            continue
        j = i + 1
        while j < n and text[j] not in "”\"»“\n":
            j += 1
        end = j
        if j < n and text[j] == "“":
            end = j  # a new quote opens before this one closed: the first was unbalanced
            j -= 1
        spans.append(_trimmed(text, i + 1, end))
        i = j + 1
    return [s for s in spans if s.end > s.start]


def _trimmed(text: str, start: int, end: int) -> QuoteSpan:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return QuoteSpan(start, end)


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, inherited through coordination and participle clauses ("calling ..., X said")."""
    seen = 0
    while seen < 6:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            if subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                return verb.head
            return subj
        if verb.dep_ in ("conj", "advcl", "xcomp", "pcomp") and verb.head.i != verb.i:
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def subject_span(subj: Token) -> Span:
    """The subject noun phrase without relative clauses and trailing commas."""
    doc = subj.doc
    dropped = {d.i for c in subj.subtree if c.i != subj.i and c.dep_ in ("relcl", "acl") for d in c.subtree}
    tokens = [t for t in subj.subtree if t.i not in dropped]
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end]


def resolve_speaker(subj: Token, resolve: Resolver) -> Actor | None:
    """The speaker for a subject token; an unresolved pronoun becomes the previous sentence's subject."""
    actor = resolve(subject_span(subj))
    if actor is not None or subj.lower_ not in PRONOUNS:
        return actor
    # "of what it called ...": first the subject of a verb above this one in the same sentence.
    for verb in subj.head.ancestors:
        other = next((c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS), None)
        if other is not None:
            return resolve(subject_span(other))
    previous = previous_subject(subj.sent)
    return resolve(subject_span(previous)) if previous is not None else None


def previous_subject(sent: Span) -> Token | None:
    if sent.start == 0:
        return None
    prev = sent.doc[sent.start - 1].sent
    root = prev.root
    subj = subject_of(root)
    if subj is None:
        subj = next((t for t in prev if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "PRON"), None)
    return subj


def is_active_cue(token: Token, cues: SpeechCues, use: str) -> bool:
    """A verb of saying in the active voice ("declared persona non grata" is not a statement)."""
    return cues.verb(token, use) is not None and not any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)


def _cue_for(tokens: list[Token], sent: Span, inside: set[int], cues: SpeechCues) -> Token | None:
    """The verb of saying that governs the quoted words.

    Walking up from the quote, the first verb of saying with a named subject of its own wins ("Russia called
    the move 'Y'"); otherwise the highest one, whose subject the lower ones share ("..., and called it 'Y'").
    Failing both, the nearest verb of saying in the sentence outside the quote ("'Y,' Hayashi said").
    """
    root = min(tokens, key=lambda t: len(list(t.ancestors)))
    governing = [a for a in root.ancestors if a.i not in inside and is_active_cue(a, cues, "quote")]
    for verb in governing:
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ not in PRONOUNS and subj.pos_ != "PRON":
            return verb
    if governing:
        return governing[-1]
    outside = [t for t in sent if t.i not in inside and is_active_cue(t, cues, "quote")]
    if not outside:
        return None
    return min(outside, key=lambda t: abs(t.i - root.i))


def find_quotes(doc: Doc, article_id: str, resolve: Resolver, cues: SpeechCues | None = None) -> list[Quote]:
    """Every direct quote in a parsed article, with its speaker when one can be found."""
    cues = cues or SpeechCues.default()
    quotes: list[Quote] = []
    last_speaker: tuple[int, Actor | None] | None = None  # (sentence start, speaker) of the previous quote
    text = doc.text  # spaCy rebuilds doc.text from the tokens on every access
    for n, qs in enumerate(quote_spans(text), start=1):
        span = doc.char_span(qs.start, qs.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        sent = span[0].sent
        inside = {t.i for t in doc[span.start:span.end]}
        speaker: Actor | None = None
        cue = _cue_for(list(span), sent, inside, cues)
        if cue is not None:
            subj = subject_of(cue)
            speaker = resolve_speaker(subj, resolve) if subj is not None else None
        elif last_speaker is not None and last_speaker[0] >= sent.start - 200:
            # A quote with no verb of saying continues the speaker of the quote before it.
            speaker = last_speaker[1]
        else:
            previous = previous_subject(sent)
            speaker = resolve(subject_span(previous)) if previous is not None else None
        last_speaker = (sent.start, speaker)
        quotes.append(Quote(f"{article_id}:q{n}", article_id, text[qs.start:qs.end], qs.start, qs.end,
                            speaker, True))
    return quotes
