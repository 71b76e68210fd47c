"""Fixtures for the event coder tests: one loaded Coder per session, and a helper that codes a text."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.records import Article


@pytest.fixture(scope="session")
def coder(gazetteer):
    from tidings.extract import Coder

    return Coder.load(gazetteer)


@pytest.fixture(scope="session")
def code(coder, nlp):
    """code(text) -> the events of a one-text article, published 2022-10-04."""

    def run(text: str, published: str = "2022-10-04"):
        article = Article(id="t", text=text, published=dt.date.fromisoformat(published))
        return coder.code(article, nlp(text)).events

    return run
