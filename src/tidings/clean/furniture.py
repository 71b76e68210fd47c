"""Recognising page furniture lines, from the vocabulary in `furniture.toml`."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Self

from tidings.errors import TidingsError
from tidings.sources.dates import find_day

_TOKEN = re.compile(r"\d{1,4}(?::\d{2})*|[^\W\d_]+", re.UNICODE)
_MERIDIEM = re.compile(r"\b([ap])\.\s?m\.", re.I)


@dataclass(slots=True, frozen=True)
class Verdict:
    """What a line is: `kind` None for story text; `day` a date the furniture states about the page."""

    kind: str | None = None
    day: dt.date | None = None
    publication: bool = False

    @property
    def furniture(self) -> bool:
        return self.kind is not None


@dataclass(slots=True, frozen=True)
class Prose:
    min_words: int
    min_alpha_share: float
    min_lowercase: int
    title_max_chars: int


class Furniture:
    def __init__(self, max_words: int, phrases: list[tuple[str, ...]], filler: set[str],
                 stamps: list[tuple[re.Pattern[str], bool]], lines: list[tuple[str, re.Pattern[str]]],
                 prose: Prose) -> None:
        self.max_words = max_words
        self.phrases = sorted(set(phrases), key=len, reverse=True)  # longest first: "share this story"
        self.filler = filler
        self.stamps = stamps
        self.lines = lines
        self.prose = prose

    @classmethod
    def load(cls, path: str | Path | None = None) -> Self:
        """The packaged vocabulary, or another file of the same shape; raises E106 when it is invalid."""
        source = str(path) if path else "tidings/clean/furniture.toml"
        try:
            text = (Path(path).read_text(encoding="utf-8") if path else
                    resources.files("tidings.clean").joinpath("furniture.toml").read_text(encoding="utf-8"))
            return cls.from_data(tomllib.loads(text))
        except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, re.error) as exc:
            raise TidingsError("E106", f"{source}: {type(exc).__name__}: {exc}") from None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Self:
        unknown = set(data) - {"max_words", "phrases", "filler", "stamps", "lines", "prose"}
        if unknown:
            raise ValueError(f"unknown keys {sorted(unknown)}")
        phrases = [tuple(_tokens(p)) for p in data["phrases"]]
        if not all(phrases):
            raise ValueError("every phrase needs at least one word")
        stamps = [(re.compile(s["pattern"], re.I), bool(s["publication"])) for s in data["stamps"]]
        lines = [(str(entry["kind"]), re.compile(entry["pattern"], re.I)) for entry in data["lines"]]
        prose = Prose(**data["prose"])
        return cls(int(data["max_words"]), phrases, {str(f).lower() for f in data["filler"]}, stamps, lines, prose)

    def classify(self, line: str) -> Verdict:
        """Furniture or story, for one whitespace-normalised line."""
        tokens = _tokens(line)
        if not tokens or len(tokens) > self.max_words:
            return Verdict()
        kind = "furniture words" if self._only_furniture(tokens) else None
        if kind is None:
            kind = next((k for k, pattern in self.lines if pattern.search(line)), None)
        if kind is None:
            return Verdict()
        if kind != "furniture words":
            # Captions and credits mention the day a photo was taken, not the day of publication.
            return Verdict(kind)
        publication = next((p for pattern, p in self.stamps if pattern.search(line)), True)
        return Verdict(kind, find_day(line), publication)

    def _only_furniture(self, tokens: list[str]) -> bool:
        i = 0
        saw_phrase = False
        while i < len(tokens):
            token = tokens[i]
            if token[0].isdigit() or token in self.filler:
                i += 1
                continue
            for phrase in self.phrases:
                if tuple(tokens[i:i + len(phrase)]) == phrase:
                    i += len(phrase)
                    saw_phrase = True
                    break
            else:
                return False
        return saw_phrase  # a line of dates and numbers alone is left to the prose test

    def is_prose(self, paragraph: str) -> bool:
        words = paragraph.split()
        alpha = [w for w in words if any(c.isalpha() for c in w)]
        lower = [w for w in alpha if w[:1].islower()]
        return (len(words) >= self.prose.min_words and len(alpha) >= self.prose.min_alpha_share * len(words)
                and len(lower) >= self.prose.min_lowercase)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_MERIDIEM.sub(r"\1m", text.lower()))
