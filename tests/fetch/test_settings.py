from __future__ import annotations

import pytest

from tidings.config import Settings
from tidings.errors import TidingsError
from tidings.fetch import FetchSettings


def test_settings_environment_then_overrides():
    made = FetchSettings.load(environ={"TIDINGS_FETCH_USER_AGENT": "desk-bot/2", "TIDINGS_FETCH_HOST_DELAY": "4.5",
                                       "TIDINGS_FETCH_OBEY_ROBOTS": "yes"}, host_delay=1)
    assert made.user_agent == "desk-bot/2" and made.host_delay == 1.0 and made.obey_robots is True


def test_settings_size_cap_bounded_by_max_file_bytes():
    made = FetchSettings.load(Settings(max_file_bytes=1000), environ={})
    assert made.max_bytes == 1000


@pytest.mark.parametrize("env, code", [({"TIDINGS_FETCH_TIMEOUT": "0"}, "E102"),
                                       ({"TIDINGS_FETCH_RETRIES": "many"}, "E102"),
                                       ({"TIDINGS_FETCH_OBEY_ROBOTS": "maybe"}, "E102")])
def test_settings_bad_values_rejected(env, code):
    with pytest.raises(TidingsError) as caught:
        FetchSettings.load(environ=env)
    assert caught.value.code == code and next(iter(env)).removeprefix("TIDINGS_FETCH_").lower() in str(caught.value)


def test_settings_unknown_override_rejected():
    with pytest.raises(TidingsError) as caught:
        FetchSettings.load(environ={}, speed=3)
    assert caught.value.code == "E101"
