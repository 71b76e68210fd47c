"""Turning the PATH arguments (files, directories, globs) into a sorted list of files."""

from __future__ import annotations

import glob
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

from tidings.errors import Skipped

_GLOB_CHARS = set("*?[")


def _hidden(path: Path, base: Path) -> bool:
    try:
        parts = path.relative_to(base).parts
    except ValueError:
        parts = path.parts
    return any(p.startswith(".") and p not in (".", "..") for p in parts)


# Files that sit beside articles in a corpus folder but are about the folder, not news.
_FOLDER_NOTES = ("readme", "license", "licence", "changelog")


def _folder_note(path: Path) -> bool:
    return path.stem.lower() in _FOLDER_NOTES


def expand_paths(paths: Sequence[str], exclude: Collection[Path] = ()) -> Iterator[str | Skipped]:
    """Each file as a path string in the form the user gave (relative stays relative), or E010 for a
    path or glob that matches nothing. Directories recurse in sorted order and skip hidden entries, README
    and LICENSE notes, and `exclude` (resolved paths: the manifest, the store and its write-ahead log); a file
    named explicitly is always read."""

    def wanted(p: Path, base: Path) -> bool:
        return p.is_file() and not _hidden(p, base) and not _folder_note(p) and p.resolve() not in exclude

    for given in paths:
        path = Path(given)
        if path.is_file():
            yield given
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if wanted(p, path))
            if not files:
                yield Skipped(given, "E010", "the directory holds no (non-hidden) files")
            yield from (str(p) for p in files)
        elif _GLOB_CHARS & set(given):
            matches = sorted(m for m in glob.glob(given, recursive=True) if Path(m).is_file())
            if not matches:
                yield Skipped(given, "E010", "the pattern matches no file")
            yield from matches
        elif path.exists():
            yield Skipped(given, "E008", "not a regular file")
        else:
            yield Skipped(given, "E010", "no such file or directory")
