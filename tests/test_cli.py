"""The command line as a user calls it (typer's runner, same process)."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from tidings.cli import app

runner = CliRunner()
STORY = (
    "Harbor Wire\n\n"
    "TOKYO — Japan ordered a Russian diplomat to leave the country on Tuesday in retaliation for Russia's "
    "expulsion of a Japanese consul last week, the foreign ministry said.\n\n"
    "Russia accused the consul of illegal information-gathering activities, an accusation Japan has denied.\n"
)


def test_cli_help_lists_every_contract_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("run", "code", "export", "eval", "explain", "rules"):
        assert re.search(rf"\b{command}\b", result.output)
    for command in ("run", "code", "export", "eval", "explain"):
        assert runner.invoke(app, [command, "--help"]).exit_code == 0


def test_cli_readme_commands_exist(repo_root):
    readme = (repo_root / "README.md").read_text()
    used = set(re.findall(r"bin/tidings (\w+)", readme))
    registered = {c.name or c.callback.__name__ for c in app.registered_commands}
    registered |= {g.name for g in app.registered_groups}
    assert {"run", "export", "code"} <= used
    assert used <= registered, f"README shows commands that do not exist: {used - registered}"


@pytest.mark.slow
def test_cli_run_skips_bad_inputs_and_exports(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "story.txt").write_text(STORY)
    (corpus / "empty.txt").write_text("")
    (corpus / "blob.txt").write_bytes(bytes(range(256)) * 40)
    db = tmp_path / "t.duckdb"
    result = runner.invoke(app, ["run", str(corpus), "--db", str(db), "--published", "2022-10-04",
                                 "--progress", "plain"])
    assert result.exit_code == 0, result.output
    # One line per bad input on standard error, as it happens; counts by reason in the summary.
    assert "empty.txt: [E001]" in result.stderr
    assert "blob.txt: [E002]" in result.stderr
    assert "newly stored: 1" in result.stdout and "[E001]" in result.stdout

    exported = runner.invoke(app, ["export", "events", "--db", str(db)])
    assert exported.exit_code == 0, exported.output
    events = [json.loads(line) for line in exported.stdout.splitlines() if line.startswith("{")]
    expel = [e for e in events if e["type"] == "SANCTION" and e["mode"] == "expel"]
    assert expel and expel[0]["actor"][0]["country"] == "JPN"
    assert {"id", "article_id", "cameo", "evidence", "rule", "date_window", "modality"} <= set(expel[0])

    again = runner.invoke(app, ["run", str(corpus / "story.txt"), "--db", str(db), "--json"])
    assert again.exit_code == 0
    assert json.loads(again.stdout)["already_stored"] == 1


@pytest.mark.slow
def test_cli_run_fails_only_when_nothing_could_be_processed(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["run", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "t.duckdb")])
    assert result.exit_code == 1
    assert "nothing could be processed" in result.output


def test_cli_bad_date_is_one_line_error(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path), "--db", str(tmp_path / "t.duckdb"), "--published", "soon"])
    assert result.exit_code == 2
    assert "[E104]" in result.output and "Traceback" not in result.output


def test_cli_export_without_store_says_what_to_do(tmp_path):
    result = runner.invoke(app, ["export", "events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "[E202]" in result.output


@pytest.mark.slow
def test_cli_code_prints_contract_event_json():
    result = runner.invoke(app, ["code", "Japan expelled a Russian diplomat on Tuesday.", "--published", "2022-10-04"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert any(e["type"] == "SANCTION" and e["recipient"][0]["country"] == "RUS" for e in events)
