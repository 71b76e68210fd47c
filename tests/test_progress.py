import io

from tidings.progress import NullProgress, PlainProgress, make_progress


def test_progress_plain_lines_for_logs():
    stream = io.StringIO()
    progress = PlainProgress(stream, every=2)
    progress.phase("reading")
    progress.note("skipped x.txt: [E001] empty file")
    progress.advance(1)
    progress.advance(2)
    progress.close()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "reading..."
    assert lines[1] == "skipped x.txt: [E001] empty file"
    assert lines[2].startswith("  3 articles analysed (") and lines[2].endswith("/s)")
    assert lines[3].startswith("  3 articles analysed in ")


def test_progress_auto_is_plain_off_a_terminal_and_none_is_silent():
    stream = io.StringIO()
    assert isinstance(make_progress("auto", stream), PlainProgress)
    assert isinstance(make_progress("none", stream), NullProgress)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_plain_lines_show_total_rate_and_time_left():
    from tidings.sources.count import Workload

    stream, clock = io.StringIO(), Clock()
    progress = PlainProgress(stream, every=10, clock=clock)
    progress.expect(Workload(documents=40))
    clock.now = 20.0
    progress.advance(10)
    line = stream.getvalue().splitlines()[-1]
    assert line == "  10/40 articles (25%), 0.5/s, 1:00 left"


def test_progress_plain_line_every_interval_even_between_counts():
    from tidings.sources.count import Workload

    stream, clock = io.StringIO(), Clock()
    progress = PlainProgress(stream, every=1000, seconds=30, clock=clock)
    progress.expect(Workload(documents=100, exact=False))
    clock.now = 10.0
    progress.advance(1)
    assert stream.getvalue() == ""
    clock.now = 40.0
    progress.advance(1)
    assert stream.getvalue().splitlines() == ["  2/~100 articles (2%), 0.1/s, 32:40 left"]


def test_progress_eta_text_hours():
    from tidings.progress import eta_text

    assert eta_text(59.6) == "1:00" and eta_text(3725) == "1:02:05"
