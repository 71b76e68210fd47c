from pathlib import Path

import pytest

from tidings.config import Settings
from tidings.errors import TidingsError


def test_config_defaults_come_from_the_defaults_file():
    settings = Settings.load(environ={})
    assert settings.db == Path("tidings.duckdb")
    assert settings.max_file_bytes == 20_000_000
    assert settings.workers == 0  # every core


def test_config_environment_overrides_defaults_and_flags_override_environment():
    env = {"TIDINGS_DB": "env.duckdb", "TIDINGS_WORKERS": "2"}
    assert Settings.load(environ=env).db == Path("env.duckdb")
    assert Settings.load(environ=env).workers == 2
    settings = Settings.load(environ=env, db="flag.duckdb", workers=None)
    assert settings.db == Path("flag.duckdb") and settings.workers == 2


def test_config_rejects_bad_values_with_a_code():
    with pytest.raises(TidingsError) as info:
        Settings.load(environ={"TIDINGS_WORKERS": "many"})
    assert info.value.code == "E102" and "workers" in str(info.value)
    with pytest.raises(TidingsError) as info:
        Settings.load(environ={}, workers=-1)
    assert info.value.code == "E102"
    with pytest.raises(TidingsError) as info:
        Settings.load(environ={}, batch_size=0)
    assert info.value.code == "E102"


def test_config_rejects_unknown_settings():
    with pytest.raises(TidingsError) as info:
        Settings.load(environ={}, colour="blue")
    assert info.value.code == "E101"
