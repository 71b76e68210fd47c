"""Time the corpus stages on a generated corpus (default 20,000 articles, 60,000 events).

    .venv/bin/python benchmarks/bench_corpus.py [--articles N] [--events-per-article K] [--seed S]

Articles are drawn from hidden "happenings" (a dyad, a few distinctive words, a date), so the numbers also say
how well the stories and records recover them. Run it at two sizes to see that time grows about linearly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import string
import time
from collections import Counter

from tidings.corpus import dyad_series, relation_index
from tidings.corpus.links import link_records
from tidings.corpus.merge import merge_events
from tidings.corpus.stories import group_stories
from tidings.records import Actor, Article, Event, Evidence

TYPES = [("SANCTION", "expel", -5.5, 4), ("ACCUSE", "disapprove", -2.0, 3), ("CONSULT", None, 2.5, 1),
         ("COERCE", "arrest", -7.0, 4), ("AID", None, 10.0, 2), ("THREATEN", None, -3.5, 3)]
COMMON = ("government officials said minister country talks week statement reported according president "
          "security forces foreign relations agency capital news told tuesday monday people").split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 9)))


def generate(n_articles: int, per_article: int, seed: int):
    rng = random.Random(seed)
    countries = [f"C{i:02d}" for i in range(80)]
    outlets = [f"outlet{i}.com" for i in range(40)]
    start = dt.date(2021, 1, 1)
    happenings = []
    for _ in range(max(1, n_articles // 10)):
        a, b = rng.sample(countries, 2)
        happenings.append((a, b, start + dt.timedelta(rng.randrange(730)), [_word(rng) for _ in range(15)],
                           rng.sample(range(len(TYPES)), 3)))
    articles, events, truth = [], [], {}
    for i in range(n_articles):
        h = rng.randrange(len(happenings))
        a, b, day, words, kinds = happenings[h]
        published = day + dt.timedelta(rng.randrange(14))
        text = " ".join(rng.choice(words) if rng.random() < 0.35 else rng.choice(COMMON) for _ in range(150))
        aid = f"a{i:06d}"
        truth[aid] = h
        articles.append(Article(aid, text + ".", outlet=rng.choice(outlets), published=published))
        for k in range(per_article):
            kind = TYPES[kinds[k % 3]]
            actor, recipient = (a, b) if k % 2 == 0 else (b, a)
            when = day + dt.timedelta(kinds[k % 3])  # each happening's events fall on fixed days
            window = (when.isoformat(), when.isoformat())
            sentence = f"{actor} acted on {recipient}" + (" in retaliation for its move." if k == 2 else ".")
            events.append(Event(f"{aid}-e{k}", aid, kind[0], kind[1], plover_score=kind[2], quad_class=kind[3],
                                goldstein=kind[2], actor=(Actor(actor, actor),), recipient=(Actor(recipient, recipient),),
                                date=window[0], date_precision="day", date_window=window,
                                evidence=Evidence(sentence, 0, len(sentence)), confidence=0.5 + 0.1 * k))
    return articles, events, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--events-per-article", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    t0 = time.perf_counter()
    articles, events, truth = generate(args.articles, args.events_per_article, args.seed)
    print(f"generated {len(articles):,} articles, {len(events):,} events in {time.perf_counter() - t0:.1f}s")

    t = time.perf_counter()
    assignment = group_stories(articles, events)
    print(f"stories: {len(assignment.stories):,} in {time.perf_counter() - t:.1f}s")
    t = time.perf_counter()
    records = merge_events(events, {a.id: a for a in articles}, assignment.membership)
    print(f"records: {len(records):,} in {time.perf_counter() - t:.1f}s")
    t = time.perf_counter()
    links = link_records(records, {e.id: e for e in events})
    print(f"links:   {len(links):,} in {time.perf_counter() - t:.1f}s")
    t = time.perf_counter()
    points = dyad_series(records)
    index = relation_index(points)
    print(f"dyads:   {len(points):,} points, {len(index):,} index points in {time.perf_counter() - t:.1f}s")
    print(f"total corpus stages: {time.perf_counter() - t0:.1f}s (including generation)")

    # Purity: the share of each story's articles that come from its most common happening.
    by_story: dict[str, Counter[int]] = {}
    for article_id, story in assignment.membership.items():
        by_story.setdefault(story, Counter())[truth[article_id]] += 1
    pure = sum(c.most_common(1)[0][1] for c in by_story.values()) / len(assignment.membership)
    happenings = len(set(truth.values()))
    print(f"story purity {pure:.3f}; {len(by_story):,} stories for {happenings:,} happenings")


if __name__ == "__main__":
    main()
