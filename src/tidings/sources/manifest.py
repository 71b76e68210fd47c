"""A manifest: per-file metadata (id, url, outlet, published, title, language) keyed by `path`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path, PurePosixPath

from tidings.errors import TidingsError
from tidings.records import SourceMeta
from tidings.sources.dates import parse_day

FIELDS = ("id", "url", "outlet", "published", "title", "language")


def _key(path: str | Path) -> str:
    """Paths compare with forward slashes and without a leading './'."""
    text = str(path).replace("\\", "/").strip()
    while text.startswith("./"):
        text = text[2:]
    return text


class Manifest:
    def __init__(self, rows: dict[str, SourceMeta], base: Path | None = None, path: Path | None = None) -> None:
        self.rows = rows
        self.base = base  # the manifest's directory: its relative paths are read from there
        self.path = path  # the manifest file itself, which is never an input
        self._by_name: dict[str, SourceMeta | None] = {}
        for key, meta in rows.items():
            name = PurePosixPath(key).name
            # A file name shared by two rows is ambiguous: matching by name alone must not pick one.
            self._by_name[name] = None if name in self._by_name else meta

    @classmethod
    def load(cls, path: str | Path) -> "Manifest":
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise TidingsError("E103", f"{path}: {exc}") from None
        if path.suffix.lower() in (".jsonl", ".ndjson") or text.lstrip().startswith("{"):
            entries = _jsonl_rows(text, path)
        else:
            entries = _csv_rows(text, path)
        rows: dict[str, SourceMeta] = {}
        for line, entry in entries:
            rows[_key(entry["path"])] = _meta(entry, f"{path} line {line}")
        return cls(rows, path.resolve().parent, path.resolve())

    def meta_for(self, path: str | Path) -> SourceMeta | None:
        """The row for an input file: by the path as given, by its path relative to the manifest, then by
        its file name."""
        key = _key(path)
        if key in self.rows:
            return self.rows[key]
        if self.base is not None:
            try:
                relative = _key(Path(path).resolve().relative_to(self.base).as_posix())
            except ValueError:
                relative = None
            if relative in self.rows:
                return self.rows[relative]
        return self._by_name.get(PurePosixPath(key).name)


def _csv_rows(text: str, path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in reader.fieldnames or []]
        if "path" not in header:
            raise TidingsError("E103", f"{path}: a CSV manifest needs a 'path' column (found: "
                                       f"{', '.join(header) or 'no header'})")
        reader.fieldnames = header
        rows = []
        for row in reader:
            if None in row:
                raise TidingsError("E103", f"{path} line {reader.line_num}: more fields than the header has")
            if any((v or "").strip() for v in row.values()):
                rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    except csv.Error as exc:
        raise TidingsError("E103", f"{path}: malformed CSV ({exc})") from None
    for line, row in rows:
        if not row.get("path"):
            raise TidingsError("E103", f"{path} line {line}: empty 'path'")
    return rows


def _jsonl_rows(text: str, path: Path) -> list[tuple[int, dict[str, str]]]:
    rows = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            entry = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise TidingsError("E103", f"{path} line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(entry, dict) or not entry.get("path"):
            raise TidingsError("E103", f"{path} line {number}: each line must be an object with a 'path'")
        rows.append((number, {k: "" if v is None else str(v) for k, v in entry.items()}))
    return rows


def _meta(entry: dict[str, str], where: str) -> SourceMeta:
    values = {f: (entry.get(f) or "").strip() or None for f in FIELDS}
    published = None
    if values["published"]:
        published = parse_day(values["published"])
        if published is None:
            raise TidingsError("E103", f"{where}: published {values['published']!r} is not a date "
                                       "(write YYYY-MM-DD)")
    return SourceMeta(id=values["id"], url=values["url"], outlet=values["outlet"], published=published,
                      published_basis="manifest" if published else "none", title=values["title"],
                      language=values["language"])
