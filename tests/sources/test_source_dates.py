import datetime as dt

import pytest

from tidings.sources.dates import find_day, parse_day


@pytest.mark.parametrize("value, expected", [
    ("2022-09-26", dt.date(2022, 9, 26)),
    ("2022-09-26T23:10:00+09:00", dt.date(2022, 9, 26)),
    ("Tue, 04 Oct 2022 09:00:00 GMT", dt.date(2022, 10, 4)),
    ("Sept. 26, 2022", dt.date(2022, 9, 26)),
    ("26 September 2022", dt.date(2022, 9, 26)),
    (dt.datetime(2022, 1, 2, 3, 4), dt.date(2022, 1, 2)),
    ("2022-02-30", None),
    ("next week", None),
    ("", None),
    ("nan", None),
])
def test_dates_parse_day(value, expected):
    assert parse_day(value) == expected


def test_dates_find_day_needs_a_year():
    assert find_day("Updated 3:41 PM ET, Sept. 26") is None
    assert find_day("Listen 2 min date 2022-09-26 Share") == dt.date(2022, 9, 26)
