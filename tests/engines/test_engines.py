from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.engines import ENGINES, check_engine
from tidings.errors import TidingsError


def test_engines_check_names_the_choices():
    assert check_engine("spark") == "spark"
    with pytest.raises(TidingsError, match="local, spark"):
        check_engine("flink")
    assert ENGINES == ("local", "spark")


def test_engines_cli_rejects_an_unknown_engine_in_one_line(tmp_path):
    result = CliRunner().invoke(app, ["run", str(tmp_path), "--engine", "flink", "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2
    assert "[E107]" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "s.duckdb").exists()


def test_engines_cli_load_reports_a_missing_folder(tmp_path):
    result = CliRunner().invoke(app, ["load", str(tmp_path / "nothing"), "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2
    assert "[E107]" in result.output and "not a folder of Parquet tables" in " ".join(result.output.split())
