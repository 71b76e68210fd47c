import datetime as dt

import pytest

from tidings.errors import TidingsError
from tidings.sources.manifest import Manifest


def test_manifest_csv_rows_by_relative_path_and_name(tmp_path):
    (tmp_path / "sub").mkdir()
    path = tmp_path / "manifest.csv"
    path.write_text("path,outlet,published,url,title\nsub/a.txt,Example Times,2022-10-04,http://x/a,A title\n"
                    "b.txt,Other Post,,,\n", encoding="utf-8")
    manifest = Manifest.load(path)
    by_relative = manifest.meta_for(tmp_path / "sub" / "a.txt")
    assert by_relative.outlet == "Example Times"
    assert by_relative.published == dt.date(2022, 10, 4)
    assert by_relative.published_basis == "manifest"
    assert by_relative.title == "A title"
    # Elsewhere on disk, the file name alone still finds its row.
    assert manifest.meta_for("/somewhere/else/b.txt").outlet == "Other Post"
    assert manifest.meta_for("/somewhere/else/b.txt").published is None
    assert manifest.meta_for("c.txt") is None


def test_manifest_jsonl(tmp_path):
    path = tmp_path / "manifest.jsonl"
    path.write_text('{"path": "./a.txt", "published": "2021-01-02", "language": "fr"}\n\n'
                    '{"path": "b.txt", "outlet": "Le Monde"}\n', encoding="utf-8")
    manifest = Manifest.load(path)
    assert manifest.meta_for("a.txt").published == dt.date(2021, 1, 2)
    assert manifest.meta_for("a.txt").language == "fr"
    assert manifest.meta_for("b.txt").outlet == "Le Monde"


def test_manifest_same_file_name_twice_is_not_matched_by_name(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("path,outlet\nx/a.txt,One\ny/a.txt,Two\n", encoding="utf-8")
    manifest = Manifest.load(path)
    assert manifest.meta_for(tmp_path / "y" / "a.txt").outlet == "Two"
    assert manifest.meta_for("/elsewhere/a.txt") is None


@pytest.mark.parametrize("name, content", [
    ("m.csv", "file,outlet\na.txt,X\n"),                 # no path column
    ("m.csv", "path,published\na.txt,next tuesday-ish\n"),  # not a date
    ("m.jsonl", '{"path": "a.txt"}\n{"path": \n'),       # cut-off JSON line
])
def test_manifest_bad_file_is_e103(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TidingsError) as caught:
        Manifest.load(path)
    assert caught.value.code == "E103"
    assert name in str(caught.value)


def test_manifest_missing_file_is_e103(tmp_path):
    with pytest.raises(TidingsError, match="E103"):
        Manifest.load(tmp_path / "nope.csv")
