import pytest

from tidings.clean.dateline import read_dateline


@pytest.mark.parametrize("paragraph, place", [
    ("TOKYO — A Japanese diplomat was released.", "TOKYO"),
    ("KYIV, Ukraine (AP) — Russian forces shelled the city.", "KYIV"),
    ("WASHINGTON: The State Department said on Monday.", "WASHINGTON"),
    ("NEW YORK (Reuters) - Stocks fell on Tuesday.", "NEW YORK"),
    ("ST. PETERSBURG, Russia, Sept. 27 (Reuters) - Officials said.", "ST. PETERSBURG"),
])
def test_dateline_read(paragraph, place):
    assert read_dateline(paragraph) == place


@pytest.mark.parametrize("paragraph", [
    "Japan: a country that has long sought the islands.",
    "Officials - speaking anonymously - said the talks failed.",
    "A Japanese diplomat was released on Tuesday.",
    "US-Japan ties are strong.",
])
def test_dateline_absent(paragraph):
    assert read_dateline(paragraph) is None
