"""Progress display for long work: a live bar on a terminal, plain lines in CI and logs."""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO


class Progress(Protocol):
    def advance(self, n: int = 1) -> None: ...
    def note(self, line: str) -> None: ...
    def phase(self, name: str) -> None: ...
    def close(self) -> None: ...


class NullProgress:
    def advance(self, n: int = 1) -> None:
        pass

    def note(self, line: str) -> None:
        pass

    def phase(self, name: str) -> None:
        pass

    def close(self) -> None:
        pass


class PlainProgress:
    """One line per phase, per skipped input, and a count every `every` articles (readable in CI logs)."""

    def __init__(self, stream: TextIO | None = None, every: int = 100) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self.count = 0
        self.started = time.monotonic()

    def advance(self, n: int = 1) -> None:
        before = self.count // self.every
        self.count += n
        if self.count // self.every > before:
            rate = self.count / max(time.monotonic() - self.started, 1e-9)
            print(f"  {self.count} articles analysed ({rate:.1f}/s)", file=self.stream, flush=True)

    def note(self, line: str) -> None:
        print(line, file=self.stream, flush=True)

    def phase(self, name: str) -> None:
        print(f"{name}...", file=self.stream, flush=True)

    def close(self) -> None:
        if self.count:
            seconds = time.monotonic() - self.started
            print(f"  {self.count} articles analysed in {seconds:.1f}s", file=self.stream, flush=True)


class RichProgress:
    """A live bar (count, rate, elapsed); notes print above it."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, SpinnerColumn, TextColumn
        from rich.progress import TimeElapsedColumn

        self.console = Console(stderr=True)
        self.bar = Bar(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=self.console, transient=True)
        self.task = self.bar.add_task("analysing", total=None, rate="")
        self.count = 0
        self.started = time.monotonic()
        self.bar.start()

    def advance(self, n: int = 1) -> None:
        self.count += n
        rate = self.count / max(time.monotonic() - self.started, 1e-9)
        self.bar.update(self.task, advance=n, rate=f"{rate:.1f} articles/s")

    def note(self, line: str) -> None:
        self.console.print(line, markup=False, highlight=False)

    def phase(self, name: str) -> None:
        self.bar.update(self.task, description=name)

    def close(self) -> None:
        self.bar.stop()


def make_progress(mode: str, stream: TextIO | None = None) -> Progress:
    """`auto` shows a bar only when the stream (standard error by default) is a terminal."""
    stream = stream or sys.stderr
    if mode == "none":
        return NullProgress()
    if mode == "bar" or (mode == "auto" and stream.isatty()):
        return RichProgress()
    return PlainProgress(stream)
