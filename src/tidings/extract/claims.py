"""Claims: who says what is so ("Tass said the consul paid ..."), who denies it, and which claims dispute which.

A claim is a verb or phrase of saying (codebook/data/cues/speech.tsv), its speaker, and the content it puts
forward as a character span. Stance is "deny" for denials ("denied that", "rejected", "there is no evidence
that ..."). Within one article a denial disputes the other side's claims when it denies the same words (the
"as the Russians claim" inside it), points back at them ("an accusation Japan has denied"), or when both are
about wrongdoing (accusation words, codebook/data/cues/accusation.tsv) and the denial is of a fact, not a
refusal ("did not engage in illegal activity", not "would not recognize the illegal seizure").
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Token

from tidings.codebook.schema import read_data_file
from tidings.errors import TidingsError
from tidings.extract.quotes import PRONOUNS, Resolver, SpeechCues, is_active_cue, resolve_speaker, subject_of, \
    subject_span
from tidings.records import Actor, Claim

ACCUSATION_WORDS = ("codebook", "data", "cues", "accusation.tsv")
# Nouns that point back at an earlier claim ("an accusation Japan has denied").
ANAPHORIC_NOUNS = frozenset({"accusation", "allegation", "claim", "charge", "report", "assertion", "it", "this",
                             "that", "them", "these", "those"})
MODALS = frozenset({"would", "will", "could", "should", "might", "may", "can", "wo", "shall", "must"})
EDGE = frozenset({",", "that", "“", "”", "\"", ".", ";", ":", "—"})


@dataclass(frozen=True, slots=True, eq=False)
class ClaimLexicon:
    cues: SpeechCues
    accusation: frozenset[str]

    @classmethod
    def load(cls, cues_path: Path | None = None, accusation_path: Path | None = None) -> "ClaimLexicon":
        text, source = read_data_file(accusation_path, ACCUSATION_WORDS)
        rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
        if not rows or "lemma" not in rows[0]:
            raise TidingsError("E106", f"{source}: needs a 'lemma' column and at least one row")
        words = frozenset((r["lemma"] or "").strip().lower() for r in rows) - {""}
        return cls(SpeechCues.load(cues_path) if cues_path else SpeechCues.default(), words)

    @staticmethod
    @functools.cache
    def default() -> "ClaimLexicon":
        """The packaged lists, read once (they are immutable, so sharing them is safe)."""
        return ClaimLexicon.load()


@dataclass(slots=True)
class _Draft:
    start: int  # character offsets of the content
    end: int
    speaker: Actor | None
    cue: str
    stance: str
    tokens: list[Token]
    points_back: bool = False  # the content is an earlier claim, named by "accusation", "it"...
    refers_to: list[int] = field(default_factory=list)


def _span_of(tokens: list[Token]) -> tuple[int, int, list[Token]] | None:
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].lower_ in EDGE or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower_ in EDGE or tokens[-1].is_punct):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), tokens


def _subtree_without(root: Token, *cut: Token) -> list[Token]:
    dropped = {d.i for c in cut for d in c.subtree}
    return [t for t in root.subtree if t.i not in dropped]


def _contiguous(tokens: list[Token], anchor: Token) -> list[Token]:
    """The run of consecutive tokens around `anchor` (a clause with a parenthetical cut out keeps one side)."""
    ids = sorted(t.i for t in tokens)
    if not ids:
        return []
    runs, run = [], [ids[0]]
    for i in ids[1:]:
        if i == run[-1] + 1:
            run.append(i)
        else:
            runs.append(run)
            run = [i]
    runs.append(run)
    best = next((r for r in runs if r[0] <= anchor.i <= r[-1]), max(runs, key=len))
    doc = anchor.doc
    return [doc[i] for i in best]


def _verb_content(verb: Token, lexicon: ClaimLexicon) -> tuple[list[Token], bool] | None:
    """The tokens a verb of saying puts forward, and whether they only point back at an earlier claim."""
    children = list(verb.children)
    comp = next((c for c in children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")), None)
    if comp is not None:
        # ", an accusation Japan has denied" is the reporter's aside, not part of what was said
        asides = [t for t in comp.subtree if t.dep_ == "appos" and t.lemma_.lower() in ANAPHORIC_NOUNS]
        return _contiguous(_subtree_without(comp, *asides), comp), False
    if verb.lemma_ == "accuse":
        obj = next((c for c in children if c.dep_ == "dobj"), None)
        of = next((c for c in children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if obj is not None and of is None:
            of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if obj is None:
            return None
        # "accused X (in Y) of Z": everything from the accused on
        return [t for t in verb.subtree if t.i >= obj.left_edge.i], False
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in children):
        # "... as the Russians claim": the claim is the clause it hangs on.
        return _contiguous(_subtree_without(verb.head, verb), verb.head), False
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    if verb.dep_ == "relcl" and verb.head.lemma_.lower() in ANAPHORIC_NOUNS:
        return [verb.head], True  # "an accusation Japan has denied"
    if obj is not None and obj.lemma_.lower() in ANAPHORIC_NOUNS:
        return list(obj.subtree), True
    if obj is not None and lexicon.cues.verbs[verb.lemma_.lower()].stance == "deny":
        return list(obj.subtree), False
    return None


def _according_to(tok: Token) -> tuple[Token, list[Token]] | None:
    """"..., according to Japanese officials": speaker is the object of "to", content the clause it modifies."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    speaker = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if speaker is None:
        return None
    # The phrase vouches for the whole statement, not only the clause the parser hung it on.
    clause = tok.sent.root
    return speaker, _contiguous(_subtree_without(clause, tok), clause)


def _no_evidence(tokens: list[Token]) -> list[Token] | None:
    """"There is (absolutely) no evidence that X": a denial of X."""
    for t in tokens:
        if t.lemma_ == "evidence" and any(c.lower_ == "no" for c in t.children):
            comp = next((c for c in t.children if c.dep_ in ("acl", "ccomp", "relcl")), None)
            return list(comp.subtree) if comp is not None else list(t.subtree)
    return None


def _factual_negation(tokens: list[Token], lexicon: ClaimLexicon) -> bool:
    """"the diplomat did not engage in illegal activity": the content denies a wrongdoing as a fact."""
    for t in tokens:
        if t.dep_ == "neg" and not any(c.lower_ in MODALS for c in t.head.children if c.dep_ == "aux"):
            return _accusatory(tokens, lexicon)
    return False


def _accusatory(tokens: list[Token], lexicon: ClaimLexicon) -> bool:
    return any(t.lemma_.lower() in lexicon.accusation or t.lower_ in lexicon.accusation for t in tokens)


def _speaker(tok: Token, resolve: Resolver) -> Actor | None:
    return resolve_speaker(tok, resolve)


def find_claims(doc: Doc, article_id: str, resolve: Resolver, lexicon: ClaimLexicon | None = None) -> list[Claim]:
    """Every attributed claim in a parsed article, with stance and, within the article, who disputes it."""
    lexicon = lexicon or ClaimLexicon.default()
    drafts: list[_Draft] = []
    for tok in doc:
        if tok.lower_ == "according" and tok.dep_ == "prep":
            found = _according_to(tok)
            if found is None:
                continue
            speaker_tok, content = found
            span = _span_of(content)
            if span is None:
                continue
            drafts.append(_Draft(span[0], span[1], _speaker(speaker_tok, resolve), "according to", "assert",
                                 span[2]))
            continue
        if not is_active_cue(tok, lexicon.cues, "claim"):
            continue
        found_content = _verb_content(tok, lexicon)
        if found_content is None:
            continue
        content, points_back = found_content
        cue = lexicon.cues.verbs[tok.lemma_.lower()]
        stance = cue.stance
        denied = _no_evidence(content)
        if denied is not None:
            content, stance = denied, "deny"
        span = _span_of(content)
        if span is None:
            continue
        subj = subject_of(tok)
        if subj is None and tok.dep_ == "relcl":
            subj = tok.head
        speaker = _speaker(subj, resolve) if subj is not None else None
        drafts.append(_Draft(span[0], span[1], speaker, tok.lemma_.lower(), stance, span[2], points_back))
    _link_back(drafts)
    text = doc.text  # rebuilt from the tokens on every access: once per article
    claims = [Claim(f"{article_id}:c{n}", article_id, text[d.start:d.end], d.start, d.end, d.speaker, d.cue,
                    d.stance) for n, d in enumerate(drafts, start=1)]
    disputes = _disputes(drafts, lexicon)
    return [c.replace(disputed_by=tuple(claims[j].id for j in disputes.get(i, ()))) for i, c in enumerate(claims)]


def _link_back(drafts: list[_Draft]) -> None:
    """A claim that only points back ("an accusation Japan has denied") takes the latest earlier claim's content."""
    for i, d in enumerate(drafts):
        if not d.points_back:
            continue
        for j in range(i - 1, -1, -1):
            other = drafts[j]
            if other.start < d.start and not other.points_back and _side(other.speaker) != _side(d.speaker):
                d.refers_to.append(j)
                d.start, d.end, d.tokens = other.start, other.end, other.tokens
                break


def _side(actor: Actor | None) -> str:
    return actor.key if actor is not None else "?"


def _disputes(drafts: list[_Draft], lexicon: ClaimLexicon) -> dict[int, list[int]]:
    """For each claim, the claims of another side that deny it."""
    out: dict[int, list[int]] = {}
    for j, b in enumerate(drafts):
        denies = b.stance == "deny" or _factual_negation(b.tokens, lexicon)
        if not denies:
            continue
        for i, a in enumerate(drafts):
            if i == j or a.stance != "assert" or a.points_back:
                continue
            if "?" in (_side(a.speaker), _side(b.speaker)) or _side(a.speaker) == _side(b.speaker):
                continue
            same_words = a.start >= b.start and a.end <= b.end
            if i in b.refers_to or same_words or (_accusatory(a.tokens, lexicon) and _accusatory(b.tokens, lexicon)):
                out.setdefault(i, []).append(j)
    return out


__all__ = ["ClaimLexicon", "find_claims", "PRONOUNS", "subject_span"]
