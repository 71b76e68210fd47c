"""Claims: speaker, cue, content span, stance, and disputes between the sides within one article."""

from __future__ import annotations

import pytest

from tidings.errors import TidingsError
from tidings.extract.claims import ClaimLexicon, find_claims
from tidings.records import Actor

KNOWN = {"Tass": "RUS", "Russia": "RUS", "Russians": "RUS", "Japan": "JPN", "Japanese": "JPN", "Hayashi": "JPN"}


def fake_resolve(span):
    for name, country in KNOWN.items():
        if name in span.text.split() or name in span.text:
            return Actor(span.text, country)
    return None


def _claims(nlp, text):
    return find_claims(nlp(text), "a", fake_resolve)


def test_claims_said_that_content_and_speaker(nlp):
    text = "Tass said that the consul had paid for classified information."
    [claim] = _claims(nlp, text)
    assert claim.content == "the consul had paid for classified information"
    assert text[claim.start:claim.end] == claim.content
    assert (claim.speaker.country, claim.cue, claim.stance) == ("RUS", "say", "assert")


def test_claims_denied_is_deny(nlp):
    [claim] = _claims(nlp, "Japan denied that the diplomat broke any laws.")
    assert claim.stance == "deny" and claim.content == "the diplomat broke any laws"


def test_claims_according_to(nlp):
    [claim] = _claims(nlp, "The diplomat was released on Monday, according to Japanese officials.")
    assert claim.cue == "according to" and claim.speaker.country == "JPN"
    assert claim.content == "The diplomat was released on Monday"


def test_claims_no_evidence_is_a_denial(nlp):
    claims = _claims(nlp, "“There is no evidence that he spied,” Hayashi said.")
    assert [(c.stance, c.content) for c in claims] == [("deny", "he spied")]


def test_claims_accusation_disputed_by_other_side(nlp):
    text = ("Tass said the consul had attempted to pay for classified information. "
            "Japanese officials said that the diplomat did not engage in illegal activity.")
    first, second = _claims(nlp, text)
    assert first.disputed_by == (second.id,) and second.disputed_by == ()


def test_claims_same_side_does_not_dispute(nlp):
    text = ("Tass said the consul had paid for classified information. "
            "Russia denied that the consul broke any laws.")
    assert all(c.disputed_by == () for c in _claims(nlp, text))


def test_claims_refusal_is_not_a_denial(nlp):
    text = ("Tass said the consul had paid for classified information. "
            "Hayashi said Japan would not recognize the illegal seizure of territory.")
    assert all(c.disputed_by == () for c in _claims(nlp, text))


def test_claims_pointing_back_takes_the_earlier_content(nlp):
    text = "Tass said the consul had attempted to pay for classified information, an accusation Japan has denied."
    claims = _claims(nlp, text)
    tass = next(c for c in claims if c.speaker.country == "RUS")
    denial = next(c for c in claims if c.stance == "deny")
    assert denial.content == tass.content and tass.disputed_by == (denial.id,)


def test_claims_seed_consul_claim_disputed_by_japan(nlp, shared_dir):
    for name in ("000_f0095009c7e169ce.txt", "002_b310ecd79e962dce.txt"):
        claims = find_claims(nlp((shared_dir / "seeds" / name).read_text(encoding="utf-8")), name[:3], fake_resolve)
        by_id = {c.id: c for c in claims}
        paid = [c for c in claims if "classified information" in c.content and c.speaker
                and c.speaker.country == "RUS"]
        assert paid, name
        assert all(by_id[d].speaker.country == "JPN" for c in paid for d in c.disputed_by)
        assert any(c.disputed_by for c in paid), name


def test_claims_bad_accusation_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "accusation.tsv"
    bad.write_text("word\nspy\n", encoding="utf-8")
    with pytest.raises(TidingsError) as err:
        ClaimLexicon.load(accusation_path=bad)
    assert err.value.code == "E106" and str(bad) in str(err.value)
