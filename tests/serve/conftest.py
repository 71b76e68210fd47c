"""Stores and clients for the serve tests: built once per session from hand-made records."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import serve_samples


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    return serve_samples.build(tmp_path_factory.mktemp("serve") / "sample.duckdb")


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory):
    return serve_samples.build_empty(tmp_path_factory.mktemp("serve-empty") / "empty.duckdb")


@pytest.fixture(scope="session")
def client(sample_db, settings):
    from tidings.serve import create_app

    with TestClient(create_app(sample_db, settings)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def empty_client(empty_db, settings):
    from tidings.serve import create_app

    with TestClient(create_app(empty_db, settings)) as test_client:
        yield test_client
