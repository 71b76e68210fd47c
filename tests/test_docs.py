"""The docs tell the truth: every command and setting the program has is documented, and nothing more."""

from __future__ import annotations

import dataclasses
import re

from tidings.cli import app
from tidings.config import Settings


def _commands() -> set[str]:
    names = {c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands}
    return names | {g.name for g in app.registered_groups}


def test_docs_usage_lists_every_command_and_no_other(repo_root):
    usage = (repo_root / "docs" / "USAGE.md").read_text()
    documented = set(re.findall(r"^\| `tidings (\w+)", usage, re.M))
    assert documented == _commands()


def test_docs_usage_lists_every_setting(repo_root):
    usage = (repo_root / "docs" / "USAGE.md").read_text()
    documented = set(re.findall(r"^\| `(\w+)` \|", usage, re.M))
    assert documented == {f.name for f in dataclasses.fields(Settings)}


def test_docs_defaults_file_matches_the_settings_object(repo_root):
    text = (repo_root / "src" / "tidings" / "defaults.toml").read_text()
    keys = set(re.findall(r"^(\w+) =", text, re.M))
    assert keys == {f.name for f in dataclasses.fields(Settings)}

