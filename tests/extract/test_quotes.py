"""Quotes: direct quotes, their text and their speaker wherever the attribution sits."""

from __future__ import annotations

import pytest

from tidings.errors import TidingsError
from tidings.extract.quotes import SpeechCues, find_quotes, quote_spans
from tidings.records import Actor

KNOWN = {"Hayashi": "JPN", "Tass": "RUS", "Lavrov": "RUS", "Russia": "RUS", "Japan": "JPN"}


def fake_resolve(span):
    for name, country in KNOWN.items():
        if name in span.text:
            return Actor(span.text, country, name=name)
    return None


def _speakers(nlp, text):
    return [(q.text, q.speaker.name if q.speaker else None) for q in find_quotes(nlp(text), "a", fake_resolve)]


def test_quotes_speaker_after_quote(nlp):
    assert _speakers(nlp, "“We will respond firmly,” Hayashi said.") == [("We will respond firmly", "Hayashi")]


def test_quotes_speaker_before_quote_with_straight_marks(nlp):
    assert _speakers(nlp, 'Lavrov said: "The West is to blame."') == [("The West is to blame", "Lavrov")]


def test_quotes_inverted_said_speaker(nlp):
    assert _speakers(nlp, "“This is unacceptable,” said Hayashi.") == [("This is unacceptable", "Hayashi")]


def test_quotes_partial_quote_in_participle_clause(nlp):
    text = "Calling Russia’s move “an indisputable and serious violation of international laws,” Japan’s foreign " \
           "minister, Yoshimasa Hayashi, said Tuesday that the consul must leave."
    assert _speakers(nlp, text) == [("an indisputable and serious violation of international laws", "Hayashi")]


def test_quotes_pronoun_speaker_from_previous_sentence(nlp):
    text = "Hayashi met reporters in Tokyo. “We will not accept this,” he said."
    assert _speakers(nlp, text) == [("We will not accept this", "Hayashi")]


def test_quotes_quote_alone_continues_previous_speaker(nlp):
    text = "“We protest,” Lavrov said on Monday. “The decision is wrong.”"
    assert _speakers(nlp, text) == [("We protest", "Lavrov"), ("The decision is wrong", "Lavrov")]


def test_quotes_mixed_and_unbalanced_marks():
    text = 'He spoke of “current aspects of cooperation" and then “an open quote\nNext paragraph.'
    spans = [text[s.start:s.end] for s in quote_spans(text)]
    assert spans == ["current aspects of cooperation", "an open quote"]


def test_quotes_apostrophes_are_not_quotes():
    assert quote_spans("Russia’s envoy and Japan's minister met.") == []


def test_quotes_offsets_point_at_the_text(nlp):
    text = "Officials called it “extremely regrettable,” Hayashi said."
    quote = find_quotes(nlp(text), "art", fake_resolve)[0]
    assert text[quote.start:quote.end] == quote.text and quote.id == "art:q1" and quote.direct


def test_quotes_seed_speakers_match_gold(nlp, shared_dir):
    import json

    gold = json.loads((shared_dir / "gold" / "seeds.json").read_text())["quotes"]
    found = {}
    for path in sorted((shared_dir / "seeds").glob("0*.txt")):
        for q in find_quotes(nlp(path.read_text(encoding="utf-8")), path.name[:3], fake_resolve):
            found[q.text.replace("’", "'")] = q.speaker.name if q.speaker else None
    for item in gold:
        assert found.get(item["text"]) == item["speaker"].split()[-1], item


def test_quotes_bad_cue_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "speech.tsv"
    bad.write_text("cue\tkind\tstance\tuse\nsay\tverb\tmaybe\tboth\n", encoding="utf-8")
    with pytest.raises(TidingsError) as err:
        SpeechCues.load(bad)
    assert err.value.code == "E106" and f"{bad}:2" in str(err.value)
