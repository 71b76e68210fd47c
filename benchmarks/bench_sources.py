"""Reading big record dumps: time and peak memory of `read_inputs` over a generated JSONL (and its gzip).

    .venv/bin/python benchmarks/bench_sources.py [--megabytes 200] [--gzip] [--max-file-bytes 1000000]

Each dump is generated in a temporary folder and read in a fresh process, which reports its peak resident
memory (ru_maxrss) and the Python heap's peak (tracemalloc, which slows the read about twice; the time given
is without it). Containers stream a record at a time, so both peaks should stay far below the dump's size.
Writes JSON to bench-results/ (sources-<time>.json and sources-latest.json).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results import machine, write_results  # benchmarks/results.py: scripts run from this folder

HERE = Path(__file__).resolve().parent
WORDS = ("the minister said on Tuesday that talks with the neighbouring government would resume next week "
         "after officials met in the capital to discuss border trade and the release of detained workers").split()


def generate(path: Path, megabytes: int, compressed: bool) -> int:
    target = megabytes * 1_000_000
    written = records = 0
    opener = (lambda: gzip.open(path, "wt", encoding="utf-8", compresslevel=1)) if compressed else \
        (lambda: open(path, "w", encoding="utf-8"))
    with opener() as out:
        while written < target:
            words = [WORDS[(records * 7 + k * 13) % len(WORDS)] for k in range(300)]
            line = json.dumps({"id": f"a{records}", "url": f"http://news.example/{records}",
                               "text": " ".join(words).capitalize() + "."}) + "\n"
            out.write(line)
            written += len(line)
            records += 1
    return records


def measure(path: str, max_file_bytes: int, traced: bool) -> dict[str, float]:
    """Runs in its own process: read every document of `path` and report time and peaks."""
    import tracemalloc

    from tidings.config import Settings
    from tidings.records import RawDocument
    from tidings.sources import read_inputs

    settings = Settings.load(environ={}).replace(max_file_bytes=max_file_bytes)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    documents = skipped = 0
    for item in read_inputs([path], settings):
        if isinstance(item, RawDocument):
            documents += 1
        else:
            skipped += 1
    seconds = time.perf_counter() - start
    heap = tracemalloc.get_traced_memory()[1] if traced else 0
    return {"documents": documents, "skipped": skipped, "seconds": round(seconds, 2), "heap_peak_bytes": heap,
            "rss_before_bytes": before, "rss_peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}


def run_child(path: str, max_file_bytes: int, traced: bool) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", path, "--max-file-bytes", str(max_file_bytes)]
                         + (["--traced"] if traced else []), check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--gzip", action="store_true", help="also read the dump gzip-compressed")
    parser.add_argument("--max-file-bytes", type=int, default=1_000_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.max_file_bytes, args.traced)))
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="tidings-bench-") as folder:
        for compressed in ([False, True] if args.gzip else [False]):
            path = Path(folder) / ("dump.jsonl.gz" if compressed else "dump.jsonl")
            records = generate(path, args.megabytes, compressed)
            timed = run_child(str(path), args.max_file_bytes, traced=False)
            traced = run_child(str(path), args.max_file_bytes, traced=True)
            row = {"file": path.name, "file_bytes": os.path.getsize(path), "content_bytes": args.megabytes * 1_000_000,
                   "records": records, "documents": timed["documents"], "seconds": timed["seconds"],
                   "rss_growth_bytes": timed["rss_peak_bytes"] - timed["rss_before_bytes"],
                   "rss_peak_bytes": timed["rss_peak_bytes"], "heap_peak_bytes": traced["heap_peak_bytes"]}
            rows.append(row)
            print(f"{row['file']:16} {row['file_bytes'] / 1e6:8.1f} MB on disk  {records:,} records  "
                  f"{row['seconds']:.1f} s  RSS +{row['rss_growth_bytes'] / 1e6:.1f} MB "
                  f"(peak {row['rss_peak_bytes'] / 1e6:.0f} MB)  heap peak {row['heap_peak_bytes'] / 1e6:.2f} MB")
    write_results("sources", {"when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                              "machine": machine(), "max_file_bytes": args.max_file_bytes, "rows": rows})


if __name__ == "__main__":
    main()
