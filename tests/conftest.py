"""Shared fixtures. Heavy resources (the spaCy pipeline, the gazetteer) load once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.config import Settings

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not beside this repository (it holds the seeds, gold and dev data)")
    return SHARED


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.load(environ={})


@pytest.fixture(scope="session")
def gazetteer():
    from tidings.nlp import Gazetteer

    return Gazetteer.load()


@pytest.fixture(scope="session")
def nlp(settings, gazetteer):
    from tidings.nlp import NLP

    return NLP.load(settings, gazetteer)


@pytest.fixture(scope="session")
def resources(settings, nlp):
    """The article-stage resources (spaCy, gazetteer, coder), shared by whole-pipeline tests."""
    from tidings.extract import Coder
    from tidings.pipeline import Resources

    return Resources(settings, nlp, Coder.load(nlp.gazetteer))
