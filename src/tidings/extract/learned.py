"""A learned sentence classifier that proposes an event where no pattern coded one.

The model (a multinomial logistic regression over parse features, trained by `tidings.eval.train` on the
synthetic stories) says which PLOVER type a sentence reports, or "NONE". Only the scoring runs here, in numpy:
the weights, vocabulary and training provenance ship as `codebook/data/models/sentence_type.npz`.

A proposal is not an event by itself: it becomes a `Match` of a pattern made for it, whose trigger is the word
that pulled the sentence hardest towards the type, and the coder builds it like any rule match (actor and
recipient from the parse and the article's references, modality, date, place, CAMEO, scores). Its `rule`
names the producer ("learned.sentence_type.v1:PROTEST").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Span, Token

from tidings.errors import TidingsError
from tidings.extract.patterns import Pattern

MODEL_FORMAT = "tidings.sentence_type"
MODEL_VERSION = 1
NONE = "NONE"
# Entity labels that stand for who or where, not what happened: learned as their label, not their words,
# so invented names in the training stories do not become features.
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT",
                 "ORDINAL", "QUANTITY", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART", "LANGUAGE"}
CONTENT_POS = {"NOUN", "VERB", "ADJ", "ADV", "PROPN"}
TRIGGER_POS = {"NOUN", "VERB", "PROPN"}
# Where the actor and recipient of a proposed event are read, in order (see roles.py).
ACTOR_SPECS = ("subj", "agent", "poss", "amod")
RECIPIENT_SPECS = ("obj", "dative", "prep:against|on|with|to|from|at|for|toward|towards")


def sentence_features(sentence: Span) -> Iterator[tuple[str, Token | None]]:
    """(feature, token it came from) for one parsed sentence: lemmas of content words, entity labels, and the
    shape around the main verb (root, its object, its clausal complement, negation, modal auxiliaries)."""
    for token in sentence:
        if token.is_punct or token.is_space:
            continue
        if token.ent_type_ in ENTITY_LABELS:
            if token.ent_iob_ == "B":
                yield f"E={token.ent_type_}", None
            continue
        lemma = token.lemma_.lower()
        if token.dep_ == "neg":
            yield "NEG", None
        elif token.dep_ in ("aux", "auxpass") and token.tag_ == "MD":
            yield f"MD={lemma}", None
        if token.pos_ not in CONTENT_POS or token.is_stop or not token.is_alpha:
            continue
        yield f"L={lemma}", token
        if token.pos_ == "VERB":
            for child in token.children:
                if child.dep_ in ("dobj", "xcomp", "ccomp", "prep") and child.ent_type_ not in ENTITY_LABELS:
                    yield f"V{child.dep_}={lemma}_{child.lemma_.lower()}", token
        if token.dep_ == "ROOT":
            yield f"ROOT={lemma}", token


@dataclass(slots=True, frozen=True)
class Proposal:
    """What the model says of a sentence: the type, its mode (or None), how sure, and the trigger word."""

    type: str
    mode: str | None
    probability: float
    trigger: Token


class SentenceTyper:
    """The shipped classifier: vocabulary, type weights, mode weights, threshold and provenance."""

    def __init__(self, vocabulary: list[str], classes: list[str], weights: np.ndarray, bias: np.ndarray,
                 modes: list[str], mode_weights: np.ndarray, mode_bias: np.ndarray, threshold: float,
                 meta: dict[str, Any]) -> None:
        if weights.shape != (len(classes), len(vocabulary)) or bias.shape != (len(classes),):
            raise TidingsError("E106", f"sentence model: weights {weights.shape} do not fit {len(classes)} classes "
                                       f"x {len(vocabulary)} features")
        if mode_weights.shape != (len(modes), len(vocabulary)) or mode_bias.shape != (len(modes),):
            raise TidingsError("E106", f"sentence model: mode weights {mode_weights.shape} do not fit "
                                       f"{len(modes)} modes x {len(vocabulary)} features")
        if NONE not in classes:
            raise TidingsError("E106", f"sentence model: no {NONE} class")
        self.vocabulary = vocabulary
        self.index = {f: i for i, f in enumerate(vocabulary)}
        self.classes = classes
        self.weights = weights
        self.bias = bias
        self.modes = modes  # "TYPE/mode"
        self.mode_weights = mode_weights
        self.mode_bias = mode_bias
        self.threshold = threshold
        self.meta = meta
        self.version = int(meta.get("version", 0))
        self._patterns: dict[tuple[str, str | None], Pattern] = {}

    @classmethod
    def load(cls, path: Path | str | None = None) -> "SentenceTyper":
        if path is None:
            path = Path(str(resources.files("tidings").joinpath("codebook/data/models/sentence_type.npz")))
        path = Path(path)
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
            meta = json.loads(str(arrays["meta"]))
        except (OSError, KeyError, ValueError) as exc:
            raise TidingsError("E106", f"{path.name}: cannot read the sentence model: {exc}") from None
        if meta.get("format") != MODEL_FORMAT or meta.get("version") != MODEL_VERSION:
            raise TidingsError("E106", f"{path.name}: sentence model format {meta.get('format')!r} version "
                                       f"{meta.get('version')!r}, this tidings reads {MODEL_FORMAT} v{MODEL_VERSION}")
        return cls([str(v) for v in arrays["vocabulary"]], [str(c) for c in arrays["classes"]],
                   arrays["weights"].astype(np.float32), arrays["bias"].astype(np.float32),
                   [str(m) for m in arrays["modes"]], arrays["mode_weights"].astype(np.float32),
                   arrays["mode_bias"].astype(np.float32), float(meta["threshold"]), meta)

    @property
    def producer(self) -> str:
        return f"learned.sentence_type.v{self.version}"

    # -- scoring ----------------------------------------------------------------------------------

    def probabilities(self, sentence: Span) -> dict[str, float]:
        """The probability of each class (types and NONE) for a sentence."""
        columns = sorted({self.index[f] for f, _ in sentence_features(sentence) if f in self.index})
        return dict(zip(self.classes, _softmax(self.weights[:, columns].sum(axis=1) + self.bias).tolist()))

    def predict(self, sentence: Span) -> Proposal | None:
        """The sentence's type when its probability reaches the threshold and a word can carry it."""
        features = [(self.index[f], t) for f, t in sentence_features(sentence) if f in self.index]
        columns = sorted({i for i, _ in features})
        probs = _softmax(self.weights[:, columns].sum(axis=1) + self.bias)
        best = int(np.argmax(probs))
        type = self.classes[best]
        if type == NONE or probs[best] < self.threshold:
            return None
        # The trigger: the verb or noun whose features pull hardest towards the type (read by `explain`).
        pull: dict[int, float] = {}
        for i, token in features:
            if token is not None and token.pos_ in TRIGGER_POS:
                pull[token.i] = pull.get(token.i, 0.0) + float(self.weights[best, i])
        if not pull:
            return None
        at = max(pull, key=pull.__getitem__)
        return Proposal(type, self._mode(type, columns), float(probs[best]), sentence.doc[at])

    def _mode(self, type: str, columns: list[int]) -> str | None:
        rows = [i for i, m in enumerate(self.modes) if m.split("/")[0] == type]
        if not rows:
            return None
        scores = self.mode_weights[rows][:, columns].sum(axis=1) + self.mode_bias[rows]
        probs = _softmax(scores)
        best = int(np.argmax(probs))
        # Only a clear winner among the type's modes is said; else the event has no mode.
        return self.modes[rows[best]].split("/", 1)[1] if probs[best] >= 0.5 else None

    # -- proposing events -------------------------------------------------------------------------

    def pattern(self, type: str, mode: str | None) -> Pattern:
        """The pattern a proposal is built under: the coder's role specs, no trigger conditions."""
        key = (type, mode)
        if key not in self._patterns:
            self._patterns[key] = Pattern(
                id=f"{self.producer}:{type}", type=type, mode=mode, contexts=(), lemmas=(),
                pos=tuple(sorted(TRIGGER_POS)), actor=ACTOR_SPECS, recipient=RECIPIENT_SPECS,
                confidence=float(self.meta.get("confidence", 0.6)), requires_recipient=False,
                source="learned")
        return self._patterns[key]

    def propose(self, sentence: Span, build: Callable[[Any], Any]) -> list[Any]:
        """The coder's `Built` results for a sentence the rules left empty: none, or the event the model
        proposes (and a second reading when the coder makes one, as for "will expel")."""
        from tidings.extract.coder import Built, Match

        proposal = self.predict(sentence)
        if proposal is None:
            return []
        trigger = proposal.trigger
        anchor = trigger
        if trigger.pos_ != "VERB":
            head = trigger.head.head if trigger.head.pos_ == "ADP" else trigger.head
            anchor = head if head.pos_ in ("VERB", "AUX") else sentence.root
        first = build(Match(self.pattern(proposal.type, proposal.mode), trigger, anchor))
        if first.event is not None:
            # A model's event is as sure as the model: never surer than its probability allows.
            first.event = first.event.replace(confidence=round(min(first.event.confidence, proposal.probability), 2))
        else:
            first.reason = f"{first.reason} (model {proposal.type} p={proposal.probability:.2f})"
        return [first, *([Built(first.match, first.also, place_basis=first.place_basis)] if first.also else [])]


def learned_from_settings(settings) -> SentenceTyper | None:
    """The shipped model when the settings turn it on (`coder_learned`), else None."""
    return SentenceTyper.load() if settings.coder_learned else None


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max())
    return shifted / shifted.sum()
