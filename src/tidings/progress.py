"""Progress display for long work: a live bar on a terminal, plain lines in CI and logs."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from tidings.sources.count import Workload


class Progress(Protocol):
    def expect(self, work: Workload) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def note(self, line: str) -> None: ...
    def phase(self, name: str) -> None: ...
    def close(self) -> None: ...


class NullProgress:
    def expect(self, work: Workload) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def note(self, line: str) -> None:
        pass

    def phase(self, name: str) -> None:
        pass

    def close(self) -> None:
        pass


def eta_text(seconds: float) -> str:
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def total_text(work: Workload | None) -> str | None:
    """The expected total as shown ("~" when it is an estimate), or None when nothing is known yet."""
    total = work.total if work is not None else None
    if total is None:
        return None
    return f"~{total}" if work.estimated else str(total)


class PlainProgress:
    """One line per phase, per skipped input, and a count every `every` inputs or `seconds` (readable in CI
    logs); with an expected total the count line gives the share done, the rate and the time left."""

    def __init__(self, stream: TextIO | None = None, every: int = 100, seconds: float = 30.0,
                 clock=time.monotonic) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self.seconds = seconds
        self.clock = clock
        self.count = 0
        self.started = self.last_line = clock()
        self.work: Workload | None = None

    def expect(self, work: Workload) -> None:
        self.work = work

    def advance(self, n: int = 1) -> None:
        before = self.count // self.every
        self.count += n
        now = self.clock()
        if self.count // self.every > before or now - self.last_line >= self.seconds:
            self.last_line = now
            print(self.line(now), file=self.stream, flush=True)

    def line(self, now: float) -> str:
        rate = self.count / max(now - self.started, 1e-9)
        shown = total_text(self.work)
        if shown is None:
            return f"  {self.count} articles analysed ({rate:.1f}/s)"
        total = max(self.work.total or 0, self.count)
        share = 100 * self.count / max(total, 1)
        return (f"  {self.count}/{shown} articles ({share:.0f}%), {rate:.1f}/s, "
                f"{eta_text((total - self.count) / max(rate, 1e-9))} left")

    def note(self, line: str) -> None:
        print(line, file=self.stream, flush=True)

    def phase(self, name: str) -> None:
        print(f"{name}...", file=self.stream, flush=True)

    def close(self) -> None:
        if self.count:
            seconds = self.clock() - self.started
            print(f"  {self.count} articles analysed in {seconds:.1f}s", file=self.stream, flush=True)


class RichProgress:
    """A live bar (done/total, rate, elapsed, time left); notes print above it."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, SpinnerColumn, TextColumn
        from rich.progress import TimeElapsedColumn, TimeRemainingColumn

        self.console = Console(stderr=True)
        self.bar = Bar(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("left"),
                       TimeRemainingColumn(), console=self.console, transient=True)
        self.task = self.bar.add_task("analysing", total=None, rate="")
        self.count = 0
        self.started = time.monotonic()
        self.work: Workload | None = None
        self.bar.start()

    def expect(self, work: Workload) -> None:
        self.work = work
        self.bar.update(self.task, total=work.total)

    def advance(self, n: int = 1) -> None:
        self.count += n
        rate = self.count / max(time.monotonic() - self.started, 1e-9)
        # An archive's page count is re-estimated as it is read; never show fewer than done.
        total = max(self.work.total or 0, self.count) if self.work is not None and self.work.total else None
        self.bar.update(self.task, advance=n, total=total, rate=f"{rate:.1f} articles/s")

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
