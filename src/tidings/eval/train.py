"""`make train`: fit the learned sentence-type model (extract/learned.py) on the labelled synthetic stories.

Labels are per story, so the supervision is weak: the lede sentence of a story reports its label, and so does
the second when the rules leave it empty (it often retells the lede); sentences from the third on that the
rules leave empty are taken as NONE (background, quotes, reactions), since the model is only asked about
sentences the rules leave empty.
Rows 0..79 of each label are the coder's development window and are never read here; a fifth of the rest
(every fifth story of a label) is held back to choose the probability threshold.

    python -m tidings.eval.train [--csv PATH] [--cap N] [--parsed DIR] [--out FILE]

scikit-learn fits the model here; the program scores it with numpy alone from the .npz it writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tidings.eval.dev import DEFAULT_CSV, DEV_ROWS, labelled_rows
from tidings.extract.learned import MODEL_FORMAT, MODEL_VERSION, NONE, SentenceTyper, sentence_features

FIRST_ROW = DEV_ROWS  # rows below this index within a label belong to the rule developers (see module docstring)
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "codebook" / "data" / "models" / "sentence_type.npz"
# Dataset mode names that the ontology spells or groups differently; names not in the ontology are dropped.
MODE_ALIASES = {"primative": "primitive", "sieze": "seize", "ban": "restrict", "execute": "targeted",
                "assassinate": "targeted"}
# The model's events must be of the story's type this many times as often as all events are (the share).
RIGHT_OVER_SHARE = 1.5
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


@dataclass(slots=True)
class Story:
    label: str
    index: int
    mode: str | None
    text: str
    ruled: set[int] = field(default_factory=set)  # sentences where the rules built an event


def read_training_stories(path: Path, cap: int | None) -> list[Story]:
    from tidings.codebook.ontology import Ontology

    ontology = Ontology.load()
    stories = []
    for label, index, row in labelled_rows(path):
        if index < FIRST_ROW or (cap is not None and index >= FIRST_ROW + cap):
            continue
        mode = (row.get("mode") or "").strip().lower()
        mode = MODE_ALIASES.get(mode, mode)
        stories.append(Story(label, index, mode if mode and not ontology.check(label, mode, ()) else None,
                             row["text"].strip()))
    return stories


def parsed_docs(stories: list[Story], cache: Path | None):
    """The stories parsed by tidings' own NLP, from `cache` when it holds them, else parsed (and cached)."""
    from spacy.tokens import DocBin
    import spacy

    key = [[s.label, s.index] for s in stories]
    if cache is not None and (cache / "docs.spacy").is_file() and (cache / "rows.json").is_file():
        if json.loads((cache / "rows.json").read_text()) == key:
            return list(DocBin().from_disk(cache / "docs.spacy").get_docs(spacy.blank("en").vocab))
        print(f"{cache}: cached parse is of other stories; parsing again", file=sys.stderr)
    from tidings.config import Settings
    from tidings.nlp import NLP

    docs = list(NLP.load(Settings.load()).pipe(s.text for s in stories))
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin(store_user_data=True)
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache / "docs.spacy")
        (cache / "rows.json").write_text(json.dumps(key))
    return docs


def examples(stories, docs) -> tuple[list[list[str]], list[str], list[str | None]]:
    feats, labels, modes = [], [], []
    for story, doc in zip(stories, docs):
        for n, sentence in enumerate(doc.sents):
            if n == 0 or (n == 1 and n not in story.ruled):
                label = story.label
            elif n >= 2 and n not in story.ruled:
                label = NONE
            else:
                continue
            feats.append(sorted({f for f, _ in sentence_features(sentence)}))
            labels.append(label)
            modes.append(f"{story.label}/{story.mode}" if n == 0 and story.mode else None)
    return feats, labels, modes


def fit(rows: list[list[str]], targets: list[str], vocabulary: list[str], c: float, balance: float):
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    index = {f: i for i, f in enumerate(vocabulary)}
    cols = [index[f] for row in rows for f in row if f in index]
    ptr = np.cumsum([0] + [sum(f in index for f in row) for row in rows])
    matrix = csr_matrix((np.ones(len(cols), dtype=np.float32), cols, ptr), shape=(len(rows), len(vocabulary)))
    counts = Counter(targets)
    most = max(counts.values())
    # Rare types weigh more, but only part of the way to balance: four AID stories should not shout.
    weights = np.array([(most / counts[t]) ** balance for t in targets])
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(matrix, targets, sample_weight=weights)
    return model


def code_all(coder, stories, docs, learned=None) -> list[list]:
    from tidings.clean import article_id
    from tidings.records import Article

    coder.learned = learned
    out = []
    for story, doc in zip(stories, docs):
        out.append(coder.code(Article(id=article_id(story.text), text=story.text), doc).events)
    coder.learned = None
    return out


def score(stories, coded, keep) -> tuple[float, float, dict[str, float]]:
    """(mean found, pooled share, found per type) over stories, counting events `keep` accepts."""
    found, n, events, of_type = Counter(), Counter(), 0, 0
    for story, evs in zip(stories, coded):
        evs = [e for e in evs if e.counted and keep(e)]
        n[story.label] += 1
        found[story.label] += any(e.type == story.label for e in evs)
        events += len(evs)
        of_type += sum(e.type == story.label for e in evs)
    per = {t: found[t] / n[t] for t in sorted(n)}
    return sum(per.values()) / len(per), of_type / max(events, 1), per


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="the labelled stories CSV")
    parser.add_argument("--cap", type=int, default=150, help="at most N training stories of each label")
    parser.add_argument("--parsed", type=Path, default=None, help="directory caching the parse between runs")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the model file to write")
    parser.add_argument("--c", type=float, default=0.25, help="inverse regularisation strength")
    parser.add_argument("--balance", type=float, default=1.0, help="0 no class weighting, 1 fully balanced")
    args = parser.parse_args(argv)
    if not args.csv.is_file():
        print(f"skipped: {args.csv} not found (the dev data lives in ../shared/dev)", file=sys.stderr)
        return 0
    from tidings.clean import article_id
    from tidings.extract.coder import Coder
    from tidings.nlp import Gazetteer

    stories = read_training_stories(args.csv, args.cap)
    docs = parsed_docs(stories, args.parsed)
    coder = Coder.load(Gazetteer.load())
    for story, doc, events in zip(stories, docs, code_all(coder, stories, docs)):
        starts = [s.start_char for s in doc.sents]
        story.ruled = {sum(1 for b in starts if b <= e.evidence.start) - 1 for e in events}
    held = [i % 5 == 0 for i in range(len(stories))]
    train = [(s, d) for (s, d), h in zip(zip(stories, docs), held) if not h]
    valid = [(s, d) for (s, d), h in zip(zip(stories, docs), held) if h]
    rows, targets, modes = examples(*zip(*train))
    frequency = Counter(f for row in rows for f in row)
    vocabulary = sorted(f for f, k in frequency.items() if k >= 2)
    model = fit(rows, targets, vocabulary, args.c, args.balance)
    moded = [(r, m) for r, m in zip(rows, modes) if m]
    mode_model = fit([r for r, _ in moded], [m for _, m in moded], vocabulary, args.c, 0.0)
    typer = _typer(model, mode_model, vocabulary, threshold=min(THRESHOLDS), meta={})

    # Choose the threshold on the held-back stories, with the coder building the proposals as it will.
    v_stories, v_docs = [s for s, _ in valid], [d for _, d in valid]
    v_rows, v_targets, _ = examples(v_stories, v_docs)
    ledes = [(r, t) for r, t in zip(v_rows, v_targets) if t != NONE]
    accuracy = _accuracy(typer, ledes)
    coded = code_all(coder, v_stories, v_docs, typer)
    probability: dict[tuple[str, int], float] = {}
    for story, doc in zip(v_stories, v_docs):
        for sentence in doc.sents:
            p = typer.probabilities(sentence)
            probability[(article_id(story.text), sentence.start_char)] = max(v for k, v in p.items() if k != NONE)
    learned = lambda e: e.rule.startswith(typer.producer)  # noqa: E731
    base = score(v_stories, coded, lambda e: not learned(e))
    table = {"rules": {"mean_found": base[0], "share": base[1]}}
    print(f"held-back stories {len(v_stories)}; lede accuracy {accuracy:.2f}")
    print(f"rules only        mean found {base[0]:.3f} share {base[1]:.3f}")
    best = None
    for t in THRESHOLDS:
        keep = lambda e, t=t: not learned(e) or probability.get((e.article_id, e.evidence.start), 0) >= t  # noqa: E731
        mean, share, _ = score(v_stories, coded, keep)
        proposed = [(e, s.label) for s, evs in zip(v_stories, coded) for e in evs
                    if learned(e) and e.counted and keep(e)]
        right = sum(e.type == label for e, label in proposed) / max(len(proposed), 1)
        table[str(t)] = {"mean_found": mean, "share": share, "learned_events": len(proposed), "learned_right": right}
        print(f"threshold {t:.2f}    mean found {mean:.3f} share {share:.3f} learned events {len(proposed)} "
              f"of the story's type {right:.2f}")
        # The lowest threshold at which the share (precision proxy) stays at least where the rules alone have
        # it and the model's own events are clearly more often of the story's type than events overall are.
        if best is None and share >= base[1] and right >= RIGHT_OVER_SHARE * base[1]:
            best = t
    threshold = best if best is not None else 1.0
    meta = {
        "format": MODEL_FORMAT, "version": MODEL_VERSION, "trained": dt.date.today().isoformat(),
        "data": f"{args.csv.name}: rows {FIRST_ROW}..{FIRST_ROW + args.cap - 1} of each label",
        "stories": {"train": len(train), "held_back": len(valid)},
        "sentences": dict(Counter(targets)), "features": len(vocabulary), "c": args.c, "balance": args.balance,
        "threshold": threshold, "lede_accuracy_held_back": round(accuracy, 3), "held_back_scores": table,
        "confidence": 0.6,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    _save(args.out, model, mode_model, vocabulary, meta)
    print(f"threshold {threshold}; wrote {args.out} ({args.out.stat().st_size // 1024} KB, {len(vocabulary)} features)")
    return 0


def _accuracy(typer: SentenceTyper, ledes) -> float:
    right = 0
    for row, target in ledes:
        columns = [typer.index[f] for f in row if f in typer.index]
        scores = typer.weights[:, columns].sum(axis=1) + typer.bias
        right += typer.classes[int(np.argmax(scores))] == target
    return right / max(len(ledes), 1)


def _typer(model, mode_model, vocabulary, threshold: float, meta: dict) -> SentenceTyper:
    return SentenceTyper(vocabulary, [str(c) for c in model.classes_], model.coef_.astype(np.float32),
                         model.intercept_.astype(np.float32), [str(c) for c in mode_model.classes_],
                         _rows(mode_model), mode_model.intercept_.astype(np.float32) if len(mode_model.classes_) > 2
                         else np.array([-mode_model.intercept_[0] / 2, mode_model.intercept_[0] / 2], np.float32),
                         threshold, {"version": MODEL_VERSION, **meta})


def _rows(model) -> np.ndarray:
    # A two-class model keeps one row of weights; the softmax over (-w/2, w/2) gives the same probabilities.
    if len(model.classes_) == 2:
        return np.vstack([-model.coef_[0] / 2, model.coef_[0] / 2]).astype(np.float32)
    return model.coef_.astype(np.float32)


def _save(path: Path, model, mode_model, vocabulary: list[str], meta: dict) -> None:
    typer = _typer(model, mode_model, vocabulary, meta["threshold"], meta)
    np.savez_compressed(path, vocabulary=np.array(vocabulary), classes=np.array(typer.classes),
                        weights=typer.weights.astype(np.float16), bias=typer.bias,
                        modes=np.array(typer.modes), mode_weights=typer.mode_weights.astype(np.float16),
                        mode_bias=typer.mode_bias, meta=np.array(json.dumps(meta)))


if __name__ == "__main__":
    sys.exit(main())
