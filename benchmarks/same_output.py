"""Check that a speed change leaves tidings' output as it was: snapshot, change, snapshot, compare.

    .venv/bin/python benchmarks/same_output.py snapshot DIR [--guardian 60] [--workers 1]
    .venv/bin/python benchmarks/same_output.py compare DIR_BEFORE DIR_AFTER

`snapshot` runs `tidings run` on the seeds, the example corpus and the first N Guardian articles of
../shared/dev/guardian_sdf_sample.csv, each into a fresh store, and exports events, records, mentions, quotes and
claims as JSONL with sorted lines (row order is not part of the output). `compare` names every file that differs,
with the first differing lines, and exits 1 when any does.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
KINDS = ("events", "records", "mentions", "quotes", "claims")
CLI = "import sys; from tidings.cli import main; sys.argv[0] = 'tidings'; main()"


def corpora(guardian: int, tmp: Path) -> dict[str, list[str]]:
    """Name -> `tidings run` arguments of each corpus that is present."""
    out: dict[str, list[str]] = {}
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        out["seeds"] = [*map(str, sorted(seeds.glob("*.txt"))), "--manifest", str(seeds / "manifest.csv")]
    examples = REPO / "examples" / "corpus"
    out["examples"] = [str(examples), "--manifest", str(examples / "manifest.csv")]
    sample = SHARED / "dev" / "guardian_sdf_sample.csv"
    if guardian and sample.is_file():
        csv.field_size_limit(1 << 30)
        with open(sample, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))[:guardian]
        part = tmp / "guardian.csv"
        with open(part, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        out["guardian"] = [str(part)]
    return out


def cli(*args: str) -> str:
    done = subprocess.run([sys.executable, "-c", CLI, *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"tidings {' '.join(args[:2])} failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
    return done.stdout


def snapshot(out: Path, guardian: int, workers: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tidings-same-") as name:
        tmp = Path(name)
        for corpus, args in corpora(guardian, tmp).items():
            db = str(tmp / f"{corpus}.duckdb")
            cli("run", *args, "--db", db, "--workers", str(workers), "--progress", "none")
            for kind in KINDS:
                lines = sorted(cli("export", kind, "--db", db).splitlines())
                (out / f"{corpus}-{kind}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
            print(f"{corpus}: " + ", ".join(f"{kind} {len((out / f'{corpus}-{kind}.jsonl').read_text().splitlines())}"
                                           for kind in KINDS), flush=True)


def compare(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.glob("*.jsonl")} | {p.name for p in after.glob("*.jsonl")})
    differing = 0
    for name in names:
        a = (before / name).read_text(encoding="utf-8").splitlines() if (before / name).exists() else []
        b = (after / name).read_text(encoding="utf-8").splitlines() if (after / name).exists() else []
        if a != b:
            differing += 1
            gone, new = sorted(set(a) - set(b)), sorted(set(b) - set(a))
            print(f"{name}: {len(gone)} lines only before, {len(new)} only after")
            for line in gone[:2]:
                print(f"  - {line[:300]}")
            for line in new[:2]:
                print(f"  + {line[:300]}")
    print(f"{len(names) - differing} of {len(names)} files identical")
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    snap = commands.add_parser("snapshot")
    snap.add_argument("out", type=Path)
    snap.add_argument("--guardian", type=int, default=60, help="Guardian articles to include (0: none)")
    snap.add_argument("--workers", type=int, default=1)
    comp = commands.add_parser("compare")
    comp.add_argument("before", type=Path)
    comp.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "snapshot":
        snapshot(args.out, args.guardian, args.workers)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
