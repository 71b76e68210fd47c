"""Dates: time expressions normalised against the publication date and attached to events."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tidings.errors import TidingsError
from tidings.extract.dates import EventDate, TimeLexicon, date_event, find_time_expressions

CASES_FILE = Path(__file__).with_name("date_cases.tsv")


def _cases() -> list[pytest.param]:
    params = []
    for n, line in enumerate(CASES_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        published, trigger, sentence, lo, hi, precision = line.split("\t")
        params.append(pytest.param(published, trigger, sentence, lo, hi, precision,
                                   id=f"line{n}-{trigger}-{sentence[:40]}"))
    return params


@pytest.mark.parametrize("published,trigger,sentence,lo,hi,precision", _cases())
def test_dates_cases(nlp, published, trigger, sentence, lo, hi, precision):
    pub = None if published == "-" else dt.date.fromisoformat(published)
    doc = nlp(sentence)
    if trigger == "-":
        exprs = [e for e in find_time_expressions(doc, pub) if e.dates_event]
        got = (exprs[0].window, exprs[0].precision) if exprs else (None, None)
    else:
        token = next(t for t in doc if t.text == trigger)
        found = date_event(token, pub)
        got = (found.window, found.precision if found.window else None)
    expected = (None, None) if lo == "-" else ((lo, hi), precision)
    assert got == expected


def test_dates_seed_events_overlap_gold(nlp, shared_dir):
    """Each seed event sentence dated by its trigger overlaps the gold date window of that event."""
    import json

    gold = {e["id"]: e for e in json.loads((shared_dir / "gold" / "seeds.json").read_text())["events"]}
    text = (shared_dir / "seeds" / "002_b310ecd79e962dce.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    published = dt.date(2022, 9, 26)
    checks = {"E3": "detained", "E2": "declared", "E8a": "called", "E9": "released", "E10": "imposed"}
    for event_id, word in checks.items():
        token = next(t for t in doc if t.text == word)
        window = date_event(token, published).window
        lo, hi = gold[event_id]["date_window"]
        assert window is not None and window[0] <= hi and lo <= window[1], (event_id, word, window)


def test_dates_fallback_is_never_publication_day(nlp):
    doc = nlp("Soldiers burned the village.")
    found = date_event(doc[1], dt.date(2022, 5, 10))
    assert found == EventDate(None, "unknown", ("2022-05-03", "2022-05-10"), "publication")


def test_dates_basis_names_the_expression(nlp):
    doc = nlp("Japanese officials said Tuesday that talks had failed.")
    found = date_event(doc[2], dt.date(2022, 9, 26))
    assert found.basis == "text: Tuesday" and found.date == "2022-09-27"


def test_dates_deadline_is_not_an_event_date(nlp):
    exprs = find_time_expressions(nlp("He will leave by Wednesday."), dt.date(2022, 9, 26))
    assert [e.kind for e in exprs] == ["deadline"]
    assert not exprs[0].dates_event


def test_dates_datetime_publication_is_accepted(nlp):
    doc = nlp("The minister resigned yesterday.")
    exprs = find_time_expressions(doc, dt.datetime(2022, 10, 4, 23, 30))
    assert exprs[0].date == "2022-10-03"


def test_dates_bad_lexicon_is_one_clear_error(tmp_path):
    bad = tmp_path / "time.toml"
    bad.write_text("[weekdays]\nmonday = 9\n", encoding="utf-8")
    with pytest.raises(TidingsError) as err:
        TimeLexicon.load(bad)
    assert err.value.code == "E106" and str(bad) in str(err.value)


def test_dates_context_does_not_cross_a_paragraph_break(nlp):
    text = "Last week, Russia accused a Japanese diplomat of spying.\n\nThe diplomat was detained and interrogated."
    doc = nlp(text)
    found = date_event(next(t for t in doc if t.text == "detained"), dt.date(2022, 10, 4))
    assert found.basis == "publication" and found.window == ("2022-09-27", "2022-10-04")


def test_dates_context_names_its_basis(nlp):
    doc = nlp("Last week, Russia accused a Japanese diplomat of spying. The diplomat was detained.")
    found = date_event(next(t for t in doc if t.text == "detained"), dt.date(2022, 10, 4))
    assert found.basis == "context: Last week" and found.precision == "unknown"
