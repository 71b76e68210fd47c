import pytest

from tidings.errors import InputError
from tidings.sources.detect import detect_format


@pytest.mark.parametrize("path, data, expected", [
    ("a.txt", b"Just words here.", "text"),
    ("a.txt", b"<!DOCTYPE html><html><body><p>Hi</p></body></html>", "html"),
    ("a.html", b"<html><p>x</p></html>", "html"),
    ("noext", b"<html><body><p>x</p></body></html>", "html"),
    ("noext", b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "feed"),
    ("noext", b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
    ("noext", b'[{"text": "a"}]', "json"),
    ("noext", b"plain words", "text"),
    ("a.warc.gz", b"\x1f\x8b\x08\x00", "warc"),
    ("a.bin", b"PAR1....", "parquet"),
    ("a.csv", b"text,url\nx,y\n", "csv"),
])
def test_detect_by_extension_and_content(path, data, expected):
    assert detect_format(path, data) == expected


@pytest.mark.parametrize("path, data", [("a.pdf", b"%PDF-1.4 ..."), ("a.txt", b"%PDF-1.4"), ("a.docx", b"PK\x03\x04"),
                                        ("a.txt.gz", b"\x1f\x8b\x08")])
def test_detect_unsupported_is_e007(path, data):
    with pytest.raises(InputError) as caught:
        detect_format(path, data)
    assert caught.value.code == "E007"
