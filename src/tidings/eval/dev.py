"""`make eval`: event-type coverage on the labelled synthetic stories in ../shared/dev.

Each story was written to report one PLOVER type. Per type we report
- found: the share of stories in which tidings codes at least one counted event of the labelled type;
- share: the share of all counted events found in those stories that carry the labelled type;
and the time the coder adds on top of spaCy's own parse of the same texts.

The stories come in blocks of twelve written from one prompt (one topic, one mode), ordered by label. The first
DEV_ROWS stories of each label are the ones rule writers read; the report gives found shares for the other
stories apart ("unseen"), since only those say how the rules carry over to stories no one tuned them on.

    python -m tidings.eval.dev [--csv PATH] [--start N] [--per-type N] [--json OUT]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tidings.config import Settings

DEFAULT_CSV = Path(__file__).resolve().parents[3].parent / "shared" / "dev" / "plover_synthetic_stories.csv"
# Stories below this index within their label are the coder's development window: read while writing rules, never
# used to train the learned model (eval/train.py).
DEV_ROWS = 80


@dataclass(slots=True, frozen=True)
class DevStory:
    label: str
    index: int  # the story's position among its label's stories
    text: str


@dataclass(slots=True)
class TypeScore:
    stories: int = 0
    found: int = 0
    events: int = 0
    events_of_type: int = 0

    @property
    def found_share(self) -> float:
        return self.found / self.stories if self.stories else 0.0

    @property
    def type_share(self) -> float:
        return self.events_of_type / self.events if self.events else 0.0


@dataclass(slots=True)
class DevReport:
    per_type: dict[str, TypeScore] = field(default_factory=dict)
    parse_seconds: float = 0.0
    code_seconds: float = 0.0
    words: int = 0
    unseen: dict[str, TypeScore] = field(default_factory=dict)  # the stories at or past DEV_ROWS of each label

    @property
    def mean_found(self) -> float:
        return _mean_found(self.per_type)

    @property
    def mean_found_unseen(self) -> float:
        return _mean_found(self.unseen)

    @property
    def coder_overhead(self) -> float:
        return self.code_seconds / self.parse_seconds if self.parse_seconds else 0.0

    def as_dict(self) -> dict:
        return {
            "per_type": {t: asdict(s) | {"found_share": s.found_share, "type_share": s.type_share}
                         for t, s in sorted(self.per_type.items())},
            "mean_found": self.mean_found,
            "min_found": min((s.found_share for s in self.per_type.values()), default=0.0),
            "parse_seconds": self.parse_seconds,
            "code_seconds": self.code_seconds,
            "coder_overhead": self.coder_overhead,
            "words": self.words,
            "unseen": {t: asdict(s) | {"found_share": s.found_share, "type_share": s.type_share}
                       for t, s in sorted(self.unseen.items())},
            "mean_found_unseen": self.mean_found_unseen,
        }

    def table(self) -> str:
        lines = [f"{'type':<10} {'stories':>7} {'found':>6} {'share':>6}   {'unseen':>6} {'found':>6} {'share':>6}"]
        for name, s in sorted(self.per_type.items()):
            u = self.unseen.get(name, TypeScore())
            rest = (f"{u.stories:>6} {u.found_share:>6.2f} {u.type_share:>6.2f}" if u.stories
                    else f"{0:>6} {'-':>6} {'-':>6}")
            lines.append(f"{name:<10} {s.stories:>7} {s.found_share:>6.2f} {s.type_share:>6.2f}   {rest}")
        lines.append(f"mean found {self.mean_found:.2f}; min found "
                     f"{min((s.found_share for s in self.per_type.values()), default=0):.2f}")
        if self.unseen:
            lines.append(f"unseen stories (index {DEV_ROWS} and on within their label): mean found "
                         f"{self.mean_found_unseen:.2f} over {len(self.unseen)} types")
        lines.append(f"spaCy parse {self.parse_seconds:.1f}s for {self.words} words "
                     f"({self.words / max(self.parse_seconds, 1e-9):.0f} words/s); coder {self.code_seconds:.1f}s "
                     f"(+{100 * self.coder_overhead:.0f}% on top of spaCy)")
        return "\n".join(lines)


def labelled_rows(path: Path) -> Iterator[tuple[str, int, dict[str, str]]]:
    """(label, the story's index within its label, row) for every row with a label and a text."""
    csv.field_size_limit(10_000_000)
    seen: dict[str, int] = defaultdict(int)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            label = (row.get("label") or "").strip().upper()
            if not label or not (row.get("text") or "").strip():
                continue
            yield label, seen[label], row
            seen[label] += 1


def read_stories(path: Path, per_type: int | None, start: int = 0) -> list[DevStory]:
    """The stories of each label from index `start` on, at most `per_type` of them when a limit is given."""
    return [DevStory(label, index, row["text"].strip()) for label, index, row in labelled_rows(path)
            if index >= start and (per_type is None or index < start + per_type)]


def evaluate(stories: list[DevStory], settings: Settings) -> DevReport:
    from tidings.api import Tidings
    from tidings.clean import article_id
    from tidings.records import Article

    resources = Tidings(settings).resources
    report = DevReport()
    # The stories are plain story text with no title line or furniture: each is coded as it stands.
    articles = [Article(id=article_id(story.text), text=story.text) for story in stories]
    # Parsed and coded one story at a time, as `tidings run` does. Holding all 4,500 parses while coding made the
    # coder's measured share swing between runs (+22% to +28%), the collector walking a heap the real run never has.
    docs = resources.nlp.pipe(a.text for a in articles)
    parsing = coding = 0.0
    for story, article in zip(stories, articles):
        started = time.perf_counter()
        doc = next(docs)
        parsing += time.perf_counter() - started
        report.words += len(doc)
        started = time.perf_counter()
        analysis = resources.coder.code(article, doc)
        coding += time.perf_counter() - started
        events = [e for e in analysis.events if e.counted]
        tables = [report.per_type] + ([report.unseen] if story.index >= DEV_ROWS else [])
        for table in tables:
            score = table.setdefault(story.label, TypeScore())
            score.stories += 1
            score.found += any(e.type == story.label for e in events)
            score.events += len(events)
            score.events_of_type += sum(e.type == story.label for e in events)
    report.parse_seconds, report.code_seconds = parsing, coding
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="the labelled stories CSV")
    parser.add_argument("--start", type=int, default=0, help="skip the first N stories of each type")
    parser.add_argument("--per-type", type=int, default=None, help="at most N stories of each type")
    parser.add_argument("--json", type=Path, default=None, help="also write the report as JSON here")
    args = parser.parse_args(argv)
    if not args.csv.is_file():
        print(f"skipped: {args.csv} not found (the dev data lives in ../shared/dev)", file=sys.stderr)
        return 0
    report = evaluate(read_stories(args.csv, args.per_type, args.start), Settings.load())
    print(report.table())
    if args.json:
        args.json.write_text(json.dumps(report.as_dict(), indent=2))
    return 0


def _mean_found(scores: dict[str, TypeScore]) -> float:
    return sum(s.found_share for s in scores.values()) / len(scores) if scores else 0.0


if __name__ == "__main__":
    sys.exit(main())
