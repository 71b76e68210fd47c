"""The repository's own layout rules."""


def test_layout_test_modules_have_unique_names(repo_root):
    """Test folders are not packages, so two test files of one name would stop pytest from collecting."""
    names = [p.name for p in (repo_root / "tests").rglob("test_*.py")]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
