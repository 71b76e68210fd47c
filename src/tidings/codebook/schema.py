"""Reading codebook tables: tab-separated files with a header row, `#` comments and blank lines.

Readers never raise on bad content: each problem is appended as "file:line: message" (line 0 for the file as a
whole) so that one validation pass can list all of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    required: bool = True  # an empty cell in a required column is a problem


@dataclass(frozen=True, slots=True)
class Row:
    """One data line of a table, its cells stripped of surrounding spaces, keyed by column name."""

    file: str
    line: int
    cells: Mapping[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def _numbered_lines(path: Path, problems: list[str]) -> Iterator[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(f"{path}:0: file is missing")
        return
    except UnicodeDecodeError as err:
        problems.append(f"{path}:0: not UTF-8 text ({err.reason} at byte {err.start})")
        return
    except OSError as err:
        problems.append(f"{path}:0: cannot read the file ({err.strerror})")
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def read_tsv(path: Path, columns: Sequence[Column], problems: list[str]) -> list[Row]:
    """The rows of one table; malformed lines are reported and left out."""
    names = [c.name for c in columns]
    rows: list[Row] = []
    header_seen = False
    for number, line in _numbered_lines(path, problems):
        cells = [cell.strip() for cell in line.split("\t")]
        if not header_seen:
            header_seen = True
            if cells != names:
                problems.append(f"{path}:{number}: header should be {' | '.join(names)} (tab-separated)")
                return rows
            continue
        if len(cells) > len(columns):
            problems.append(f"{path}:{number}: {len(cells)} columns, expected {len(columns)} ({', '.join(names)})")
            continue
        # spreadsheets drop trailing empty cells; that is fine when those columns are optional
        cells += [""] * (len(columns) - len(cells))
        empty = [c.name for c, cell in zip(columns, cells) if c.required and not cell]
        if empty:
            problems.append(f"{path}:{number}: empty {', '.join(empty)}")
            continue
        rows.append(Row(str(path), number, dict(zip(names, cells))))
    if not header_seen and path.is_file():
        problems.append(f"{path}:0: no header row (expected {' | '.join(names)})")
    return rows


def parse_number(row: Row, column: str, problems: list[str], low: float, high: float) -> float | None:
    """The cell as a float within [low, high], or None after reporting why not."""
    raw = row[column]
    try:
        value = float(raw)
    except ValueError:
        problems.append(f"{row.where()}: {column} {raw!r} is not a number")
        return None
    if not low <= value <= high:
        problems.append(f"{row.where()}: {column} {raw} is outside {low:g}..{high:g}")
        return None
    return value


def parse_choice(row: Row, column: str, problems: list[str], choices: Mapping[str, object]) -> object | None:
    """The value a cell names among `choices` (e.g. yes/no), or None after reporting the allowed values."""
    raw = row[column]
    if raw.lower() in choices:
        return choices[raw.lower()]
    problems.append(f"{row.where()}: {column} {raw!r} should be one of {', '.join(choices)}")
    return None


def read_data_file(path: Path | None, default: Sequence[str]) -> tuple[str, str]:
    """The text of a codebook data file and the name to report it by: `path` when given, else the file shipped
    in the package at `default` (parts below src/tidings). An unreadable file is one E106 line."""
    from importlib import resources

    from tidings.errors import TidingsError

    source = str(path) if path else "/".join(default)
    try:
        if path:
            return path.read_text(encoding="utf-8"), source
        return resources.files("tidings").joinpath(*default).read_text(encoding="utf-8"), source
    except OSError as exc:
        raise TidingsError("E106", f"{source}: cannot read ({exc.strerror or exc}); fix the path") from None
