from __future__ import annotations

import pytest
from newsserver import NewsServer


@pytest.fixture
def server():
    site = NewsServer()
    yield site
    site.close()
