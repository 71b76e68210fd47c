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
