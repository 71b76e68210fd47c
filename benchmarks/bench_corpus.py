"""The corpus stages (duplicates, stories, records, links, relations) on generated corpora: time, peak memory
and how the cost grows with the corpus.

    .venv/bin/python benchmarks/bench_corpus.py [--sizes 1000 10000 100000] [--events-per-article 3] [--seed 1]

Articles are drawn from hidden "happenings" (a dyad, distinctive words, a date); a share of them are copies of
earlier articles (wire copies with a new headline and a trailing paragraph, updated versions at the same URL,
exact reprints), so the numbers also say how well duplicates, stories and records recover what was generated.
Each size is generated here and handed (pickled) to its own process, so that process's peak memory is the
input corpus plus what the stages use, not the generator's scratch. Prints a table and
writes JSON to bench-results/ (corpus-<time>.json and corpus-latest.json). Targets on the reference machine:
100k articles under 2 minutes and 2 GB, growth no worse than n log n.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import pickle
import random
import resource
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from results import machine, write_results  # benchmarks/results.py: scripts run from this folder

from tidings.records import Actor, Article, Event, Evidence

HERE = Path(__file__).resolve().parent
TYPES = [("SANCTION", "expel", -5.5, 4), ("ACCUSE", "disapprove", -2.0, 3), ("CONSULT", None, 2.5, 1),
         ("COERCE", "arrest", -7.0, 4), ("AID", None, 10.0, 2), ("THREATEN", None, -3.5, 3)]
VOCABULARY = 4000  # common words, drawn with Zipf weights like news prose
COPY_SHARE = 0.1  # articles that copy an earlier one


@dataclass
class Truth:
    happening: dict[str, int] = field(default_factory=dict)  # article id -> happening
    copy_of: dict[str, str] = field(default_factory=dict)  # copy -> the article it copies


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 10)))


def generate(n_articles: int, per_article: int = 3, seed: int = 1, copy_share: float = COPY_SHARE):
    """(articles, events, truth) for a corpus of `n_articles`; deterministic for a seed."""
    rng = random.Random(seed)
    countries = [f"C{i:02d}" for i in range(80)]
    outlets = [f"outlet{i}.com" for i in range(40)]
    common = [_word(rng) for _ in range(VOCABULARY)]
    weights = [1 / (rank + 1) for rank in range(VOCABULARY)]
    cumulative = _cumulate(weights)
    start = dt.date(2021, 1, 1)
    happenings = []
    for _ in range(max(1, n_articles // 10)):
        a, b = rng.sample(countries, 2)
        happenings.append((a, b, start + dt.timedelta(rng.randrange(730)), [_word(rng) for _ in range(30)],
                           rng.sample(range(len(TYPES)), 3)))
    articles: list[Article] = []
    events: list[Event] = []
    truth = Truth()
    for i in range(n_articles):
        aid = f"a{i:06d}"
        if articles and rng.random() < copy_share:
            article, copied = _copy(rng, articles[rng.randrange(len(articles))], aid, outlets, common, cumulative)
            articles.append(article)
            truth.copy_of[aid] = copied.id
            truth.happening[aid] = truth.happening[copied.id]
            # Every article has `per_article` events, in article order: the original's are at its position.
            number = int(copied.id[1:])
            events.extend(e.replace(id=f"{aid}-{e.id.rsplit('-', 1)[-1]}", article_id=aid)
                          for e in events[number * per_article:(number + 1) * per_article])
            continue
        h = rng.randrange(len(happenings))
        a, b, day, words, kinds = happenings[h]
        published = day + dt.timedelta(rng.randrange(14))
        drawn = rng.choices(common, cum_weights=cumulative, k=rng.randint(150, 250))
        text = " ".join(rng.choice(words) if rng.random() < 0.3 else w for w in drawn)
        outlet = rng.choice(outlets)
        truth.happening[aid] = h
        articles.append(Article(aid, text + ".", title=" ".join(rng.sample(words, 6)), outlet=outlet,
                                url=f"https://{outlet}/{aid}", published=published))
        for k in range(per_article):
            kind = TYPES[kinds[k % 3]]
            actor, recipient = (a, b) if k % 2 == 0 else (b, a)
            when = day + dt.timedelta(kinds[k % 3])  # each happening's events fall on fixed days
            window = (when.isoformat(), when.isoformat())
            sentence = f"{actor} acted on {recipient}" + (" in retaliation for its move." if k == 2 else ".")
            events.append(Event(f"{aid}-e{k}", aid, kind[0], kind[1], plover_score=kind[2], quad_class=kind[3],
                                goldstein=kind[2], actor=(Actor(actor, actor),),
                                recipient=(Actor(recipient, recipient),), date=window[0], date_precision="day",
                                date_window=window, evidence=Evidence(sentence, 0, len(sentence)),
                                confidence=0.5 + 0.1 * k))
    return articles, events, truth


def _cumulate(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _copy(rng: random.Random, original: Article, aid: str, outlets: list[str], common: list[str],
          cumulative: list[float]) -> tuple[Article, Article]:
    """A wire copy (new outlet and headline, a trailing paragraph), an updated version (same outlet and URL,
    a paragraph added a day later) or an exact reprint."""
    tail = " ".join(rng.choices(common, cum_weights=cumulative, k=25)) + "."
    roll = rng.random()
    if roll < 0.6:
        outlet = rng.choice(outlets)
        copy = Article(aid, original.text + "\n\n" + tail, title="Wire: " + (original.title or ""), outlet=outlet,
                       url=f"https://{outlet}/{aid}", published=original.published)
    elif roll < 0.9:
        copy = Article(aid, original.text + "\n\nUpdate: " + tail, title=original.title, outlet=original.outlet,
                       url=original.url, published=original.published + dt.timedelta(1))
    else:
        outlet = rng.choice(outlets)
        copy = Article(aid, original.text, title=original.title, outlet=outlet, url=f"https://{outlet}/{aid}",
                       published=original.published)
    return copy, original


# -- one size, in this process ----------------------------------------------------------------------------

def measure(corpus: Path) -> dict:
    from tidings.corpus import CorpusParams, find_duplicates, group_stories, link_records, merge_events
    from tidings.corpus.relations import relation_turns

    with corpus.open("rb") as handle:
        articles, events, truth, generated = pickle.load(handle)
    n = len(articles)
    rss_before = _peak_mb()
    params = CorpusParams.load()
    stages: dict[str, float] = {}

    cpu: dict[str, float] = {}

    def timed(name, fn, *args):
        started, started_cpu = time.perf_counter(), time.process_time()
        value = fn(*args)
        stages[name] = round(time.perf_counter() - started, 3)
        cpu[name] = round(time.process_time() - started_cpu, 3)
        return value

    duplicates = timed("duplicates", find_duplicates, articles, params.duplicates)
    canonical = {a: c for a, c in duplicates.canonical.items() if a != c}
    assignment = timed("stories", group_stories, articles, events, (), {}, params, canonical)
    records = timed("records", merge_events, events, {a.id: a for a in articles}, assignment.membership, canonical)
    links = timed("links", link_records, records, {e.id: e for e in events}, params)
    turns = timed("relations", relation_turns, records, "week", params)
    total = sum(stages.values())
    return {
        # Wall time, and CPU time (what the stages cost when the machine is shared with other work).
        "articles": n, "events": len(events), "seconds": round(total, 3), "stages": stages,
        "cpu_seconds": round(sum(cpu.values()), 3), "cpu_stages": cpu,
        "generation_seconds": round(generated, 2), "rss_before_mb": rss_before, "peak_mb": _peak_mb(),
        "duplicates": len(duplicates.duplicates), "stories": len(assignment.stories),
        "moved": len(assignment.moved), "records": len(records), "links": len(links), "turns": len(turns),
        "quality": _quality(truth, duplicates.canonical, assignment.membership, records),
    }


def _quality(truth: Truth, canonical: dict[str, str], membership: dict[str, str], records) -> dict:
    # Duplicates: a generated copy is found when it shares a group with what it copies.
    found = sum(1 for c, o in truth.copy_of.items() if canonical.get(c, c) == canonical.get(o, o))
    groups = Counter(canonical.values())
    flagged = sum(n - 1 for n in groups.values())
    by_story: dict[str, Counter[int]] = {}
    for article_id, story in membership.items():
        by_story.setdefault(story, Counter())[truth.happening[article_id]] += 1
    purity = sum(c.most_common(1)[0][1] for c in by_story.values()) / max(1, len(membership))
    happenings = len(set(truth.happening.values()))
    copies = set(truth.copy_of)
    counted_twice = sum(1 for r in records if r.num_articles != len({a for a in r.articles if a not in copies}))
    return {"copy_recall": round(found / max(1, len(truth.copy_of)), 4),
            "copies_generated": len(truth.copy_of), "articles_flagged": flagged,
            "story_purity": round(purity, 4), "stories_per_happening": round(len(by_story) / happenings, 3),
            "records_counting_copies": counted_twice}


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux reports KiB


# -- all sizes, each in a child process ---------------------------------------------------------------------

def growth(results: list[dict]) -> list[dict]:
    """Between consecutive sizes: the exponent k of CPU time ~ n^k, and the ratio to what n log n predicts."""
    out = []
    for small, large in zip(results, results[1:]):
        n1, n2, t1, t2 = small["articles"], large["articles"], small["cpu_seconds"], large["cpu_seconds"]
        if t1 <= 0 or t2 <= 0:
            continue
        nlogn = (n2 * math.log(n2)) / (n1 * math.log(n1))
        out.append({"from": n1, "to": n2, "exponent": round(math.log(t2 / t1) / math.log(n2 / n1), 3),
                    "time_ratio": round(t2 / t1, 2), "n_log_n_ratio": round(nlogn, 2),
                    "within_n_log_n": t2 / t1 <= nlogn * 1.15})  # 15%: timing noise between runs
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--events-per-article", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # the child: one pickled corpus, JSON out
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    results = []
    for size in args.sizes:
        print(f"corpus stages on {size:,} generated articles ...", flush=True)
        with tempfile.TemporaryDirectory() as scratch:
            corpus = Path(scratch) / "corpus.pickle"
            started = time.perf_counter()
            generated = generate(size, args.events_per_article, args.seed)
            seconds = round(time.perf_counter() - started, 2)
            with corpus.open("wb") as handle:
                pickle.dump((*generated, seconds), handle, protocol=pickle.HIGHEST_PROTOCOL)
            del generated
            child = subprocess.run([sys.executable, __file__, "--one", str(corpus)], capture_output=True, text=True)
        if child.returncode != 0:
            print(f"  failed: {child.stderr.strip().splitlines()[-1] if child.stderr.strip() else child.returncode}")
            continue
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    report = {"when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
              "machine": machine(),
              "sizes": results, "growth": growth(results)}
    path = write_results("corpus", report)
    _print(report)
    print(f"results written to {path}")


def _print(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Corpus stages on generated corpora (stage columns: CPU seconds)", title_justify="left")
    columns = ("articles", "events", "wall s", "CPU s", "dups", "stories", "records", "links", "relations",
               "peak MB", "copies found", "story purity")
    for column in columns:
        table.add_column(column, justify="right")
    for r in report["sizes"]:
        s, q = r["cpu_stages"], r["quality"]
        table.add_row(f"{r['articles']:,}", f"{r['events']:,}", f"{r['seconds']:.1f}", f"{r['cpu_seconds']:.1f}",
                      f"{s['duplicates']:.1f}",
                      f"{s['stories']:.1f}", f"{s['records']:.1f}", f"{s['links']:.1f}", f"{s['relations']:.1f}",
                      f"{r['peak_mb']:.0f}", f"{q['copy_recall']:.3f}", f"{q['story_purity']:.3f}")
    console = Console(width=150)
    console.print(table)
    for g in report["growth"]:
        verdict = "within" if g["within_n_log_n"] else "ABOVE"
        console.print(f"{g['from']:,} -> {g['to']:,}: CPU time x{g['time_ratio']} (n log n predicts x{g['n_log_n_ratio']}; "
                      f"exponent {g['exponent']}) {verdict} n log n", markup=False, highlight=False)


if __name__ == "__main__":
    main()
