from tidings.errors import Skipped
from tidings.sources.paths import expand_paths


def _tree(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("x")
    (tmp_path / "c.html").write_text("x")


def test_paths_directory_recurses_sorted_without_hidden(tmp_path):
    _tree(tmp_path)
    found = list(expand_paths([str(tmp_path)]))
    assert found == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "two.txt"), str(tmp_path / "c.html")]


def test_paths_glob_matches_files(tmp_path):
    _tree(tmp_path)
    assert list(expand_paths([str(tmp_path / "**" / "*.txt")])) == [str(tmp_path / "a.txt"),
                                                                      str(tmp_path / "b" / "two.txt")]


def test_paths_nothing_matching_is_e010(tmp_path):
    found = list(expand_paths([str(tmp_path / "missing.txt"), str(tmp_path / "*.xyz")]))
    assert [type(f) for f in found] == [Skipped, Skipped]
    assert {f.code for f in found} == {"E010"}


def test_paths_relative_path_stays_relative(tmp_path, monkeypatch):
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert list(expand_paths(["a.txt", "b"])) == ["a.txt", "b/two.txt"]


def test_paths_directory_walk_skips_folder_notes_and_the_manifest(tmp_path):
    from tidings.sources.paths import expand_paths

    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "README.md").write_text("about this folder")
    (tmp_path / "manifest.csv").write_text("path\n")
    found = list(expand_paths([str(tmp_path)], exclude={(tmp_path / "manifest.csv").resolve()}))
    assert found == [str(tmp_path / "a.txt")]
    # Named explicitly, a README is read like any file.
    assert list(expand_paths([str(tmp_path / "README.md")])) == [str(tmp_path / "README.md")]
