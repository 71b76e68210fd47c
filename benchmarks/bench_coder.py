"""The event coder's own cost: coder time over spaCy time on the same parsed texts, each taken as the best of
several passes, so that the figure moves with the code and not with what else the machine is doing.

    .venv/bin/python benchmarks/bench_coder.py [--per-type 25] [--guardian 100] [--repeats 3]

The texts are the first N labelled synthetic stories of each type and the first M real articles of the Guardian
sample (both in ../shared/dev; either part is skipped with a message when its file is absent). spaCy parses them
`--repeats` times and the coder codes the parsed documents `--repeats` times; the minimum of each is reported, with
words per second, so that runs on different commits compare. The issue's limit is coder / spaCy <= 0.25.

`make eval` also reports the coder's share, but beside a single parse of 4,500 stories on whatever load the
machine has; this is the steadier number to compare commits by.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import sys
import time
from pathlib import Path

from results import machine, write_results  # benchmarks/results.py: scripts run from this folder

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "dev"
STORIES = DEV / "plover_synthetic_stories.csv"
GUARDIAN = DEV / "guardian_sdf_sample.csv"


def read_texts(per_type: int, guardian: int) -> tuple[list[str], dict[str, int]]:
    """The texts to time and how many came from each source."""
    from tidings.eval.dev import read_stories

    texts: list[str] = []
    counts = {"stories": 0, "guardian": 0}
    if per_type and STORIES.is_file():
        stories = [s.text for s in read_stories(STORIES, per_type)]
        texts += stories
        counts["stories"] = len(stories)
    elif per_type:
        print(f"skipping the synthetic stories: {STORIES.name} not found in ../shared/dev")
    if guardian and GUARDIAN.is_file():
        csv.field_size_limit(1 << 30)
        with GUARDIAN.open(newline="", encoding="utf-8") as handle:
            articles = [row["text"] for row in csv.DictReader(handle) if (row.get("text") or "").strip()][:guardian]
        texts += articles
        counts["guardian"] = len(articles)
    elif guardian:
        print(f"skipping the Guardian sample: {GUARDIAN.name} not found in ../shared/dev")
    return texts, counts


def bench(texts: list[str], repeats: int) -> dict:
    from tidings.api import Tidings
    from tidings.clean import article_id
    from tidings.config import Settings
    from tidings.records import Article

    resources = Tidings(Settings.load()).resources
    articles = [Article(id=article_id(text), text=text) for text in texts]
    parse_times, docs = [], []
    for _ in range(repeats):
        docs = []
        started = time.perf_counter()
        for doc in resources.nlp.pipe(texts):
            docs.append(doc)
        parse_times.append(time.perf_counter() - started)
    # The parses are held only so that the coder can be timed alone; `tidings run` never holds them all. Frozen,
    # the collector leaves them out of its scans, which it would otherwise charge to the coder.
    gc.collect()
    gc.freeze()
    code_times, events = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        events = sum(len(resources.coder.code(article, doc).events) for article, doc in zip(articles, docs))
        code_times.append(time.perf_counter() - started)
    gc.unfreeze()
    words = sum(len(doc) for doc in docs)
    parse, code = min(parse_times), min(code_times)
    return {"texts": len(texts), "words": words, "events": events, "repeats": repeats,
            "spacy_seconds": round(parse, 2), "coder_seconds": round(code, 2),
            "spacy_words_per_s": round(words / parse), "coder_words_per_s": round(words / code),
            "coder_over_spacy": round(code / parse, 3),
            "spacy_runs": [round(t, 2) for t in parse_times], "coder_runs": [round(t, 2) for t in code_times]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-type", type=int, default=25, help="synthetic stories of each type (0: none)")
    parser.add_argument("--guardian", type=int, default=100, help="real Guardian articles (0: none)")
    parser.add_argument("--repeats", type=int, default=3, help="passes of spaCy and of the coder; the best counts")
    args = parser.parse_args()
    texts, counts = read_texts(args.per_type, args.guardian)
    if not texts:
        print("skipped: no texts to time (the dev data lives in ../shared/dev)")
        return 0
    print(f"coder against spaCy on {counts['stories']} stories and {counts['guardian']} articles, "
          f"best of {args.repeats} ...", flush=True)
    result = bench(texts, max(1, args.repeats)) | {"sources": counts}
    report = {"when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
              "coder": result}
    path = write_results("coder", report)
    print(f"spaCy {result['spacy_seconds']:.1f}s ({result['spacy_words_per_s']:,} words/s); coder "
          f"{result['coder_seconds']:.1f}s ({result['coder_words_per_s']:,} words/s): "
          f"+{100 * result['coder_over_spacy']:.0f}% on top of spaCy over {result['words']:,} words")
    print(f"results written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
