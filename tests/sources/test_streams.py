"""Bounded reading of container files: lines capped one at a time, the encoding told from the head."""

import io

import pytest

from tidings.errors import InputError
from tidings.sources.streams import BoundedLines, LineTooLong, stream_encoding


def test_streams_bounded_lines_skips_a_long_line_and_goes_on():
    data = b"short\n" + b"x" * 50 + b"\nafter\nlast"
    lines = BoundedLines(io.BytesIO(data), limit=10)
    assert next(lines) == b"short\n"
    with pytest.raises(LineTooLong) as caught:
        next(lines)
    assert caught.value.code == "E005" and caught.value.line == 2 and "line 2" in caught.value.message
    assert list(lines) == [b"after\n", b"last"]
    assert lines.number == 4


def test_streams_bounded_lines_allows_a_line_exactly_at_the_limit():
    lines = BoundedLines(io.StringIO("abcde\nabcdef\n", newline=""), limit=5)
    assert next(lines) == "abcde\n"
    with pytest.raises(LineTooLong):
        next(lines)


def test_streams_bounded_lines_drains_a_long_line_in_pieces(monkeypatch):
    from tidings.sources import streams

    monkeypatch.setattr(streams, "DRAIN_CHUNK", 3)  # the long line is read past in many small pieces
    lines = BoundedLines(io.BytesIO(b"y" * 40 + b"\nnext\n"), limit=4)
    with pytest.raises(LineTooLong):
        next(lines)
    assert list(lines) == [b"next\n"]


@pytest.mark.parametrize("head, expected", [
    ('{"text": "café"}\n'.encode("utf-8"), "utf-8-sig"),
    ("\ufeff{}".encode("utf-8"), "utf-8-sig"),
    ('{"text": "caf'.encode("utf-8") + "é".encode("utf-8")[:1], "utf-8-sig"),  # head ends mid-character
    ("The minister’s “firm” reply".encode("cp1252"), "cp1252"),
    ("{}\n".encode("utf-16"), "utf-16"),
])
def test_streams_encoding_from_the_head(head, expected):
    assert stream_encoding(head, "a.jsonl") == expected


@pytest.mark.parametrize("head, code", [(b"\x00\x01\x02\x03" * 10, "E002"), (bytes(range(0xC0, 0x100)) * 3, "E003")])
def test_streams_encoding_refuses_binary_and_gibberish(head, code):
    with pytest.raises(InputError) as caught:
        stream_encoding(head, "a.jsonl")
    assert caught.value.code == code and caught.value.message.startswith("a.jsonl: ")
