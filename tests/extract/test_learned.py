"""The learned sentence classifier: its shipped model file, its predictions, and the events it proposes."""

from __future__ import annotations

import numpy as np
import pytest

from tidings.config import Settings
from tidings.errors import TidingsError
from tidings.extract.learned import (MODEL_FORMAT, MODEL_VERSION, NONE, SentenceTyper, learned_from_settings,
                                     sentence_features)
from tidings.records import Article


def hand_typer(threshold: float = 0.5) -> SentenceTyper:
    """A two-class model written by hand: the lemma "picket" means PROTEST, anything else NONE."""
    vocabulary = ["L=picket", "L=meeting"]
    weights = np.array([[0.0, 1.0], [3.0, -1.0]], dtype=np.float32)  # rows: NONE, PROTEST
    return SentenceTyper(vocabulary, [NONE, "PROTEST"], weights, np.array([1.0, 0.0], np.float32),
                         ["PROTEST/strike", "PROTEST/demo"], np.array([[2.0, 0.0], [0.0, 0.0]], np.float32),
                         np.zeros(2, np.float32), threshold, {"version": 1, "confidence": 0.6})


@pytest.fixture(scope="module")
def empty_coder(gazetteer):
    """A coder with no patterns, so that whatever it codes came from the learned component."""
    from tidings.codebook.actors import ActorLexicon
    from tidings.codebook.ontology import Ontology
    from tidings.extract import Coder

    return Coder(Ontology.load(), ActorLexicon.load(), [], gazetteer, learned=hand_typer())


def test_learned_shipped_model_loads_and_validates():
    typer = SentenceTyper.load()
    assert typer.meta["format"] == MODEL_FORMAT and typer.version == MODEL_VERSION
    assert typer.weights.shape == (len(typer.classes), len(typer.vocabulary))
    assert typer.mode_weights.shape == (len(typer.modes), len(typer.vocabulary))
    assert NONE in typer.classes and len(typer.classes) > 10
    # Provenance: what it was trained on, when, and how it scored.
    assert {"trained", "data", "stories", "held_back_scores"} <= set(typer.meta)
    assert 0.0 < typer.threshold <= 1.0


def test_learned_modes_belong_to_their_type():
    from tidings.codebook.ontology import Ontology

    ontology = Ontology.load()
    typer = SentenceTyper.load()
    for name in typer.modes:
        type, mode = name.split("/", 1)
        assert ontology.check(type, mode, ()) == [], name


def test_learned_refuses_weights_that_do_not_fit_the_vocabulary():
    good = hand_typer()
    with pytest.raises(TidingsError, match="do not fit"):
        SentenceTyper(good.vocabulary + ["L=extra"], good.classes, good.weights, good.bias, good.modes,
                      good.mode_weights, good.mode_bias, 0.5, {"version": 1})


def test_learned_unreadable_model_file_is_one_clear_error(tmp_path):
    path = tmp_path / "model.npz"
    path.write_text("not a model")
    with pytest.raises(TidingsError) as raised:
        SentenceTyper.load(path)
    assert raised.value.code == "E106" and "model.npz" in str(raised.value) and "\n" not in str(raised.value)


def test_learned_features_mask_names_and_read_the_main_verb(nlp):
    doc = nlp("Zorvian rebels did not attack the garrison in Kallista.")
    features = {f for f, _ in sentence_features(next(iter(doc.sents)))}
    assert "ROOT=attack" in features and "NEG" in features and "Vdobj=attack_garrison" in features
    assert not any("zorvian" in f.lower() or "kallista" in f.lower() for f in features)


@pytest.mark.parametrize("text, expected", [
    ("Thousands of nurses marched through the capital on Monday, chanting slogans against the pay freeze.",
     "PROTEST"),
    ("Gunmen opened fire on a bus carrying pilgrims near the border, killing eleven people.", "ASSAULT"),
    ("The health minister resigned on Friday after weeks of pressure over the hospital scandal.", "RETREAT"),
    ("The opposition leader accused the interior ministry of rigging the local elections.", "ACCUSE"),
])
def test_learned_shipped_model_types_plain_sentences(nlp, text, expected):
    probs = SentenceTyper.load().probabilities(next(iter(nlp(text).sents)))
    assert max(probs, key=probs.__getitem__) == expected, probs


def test_learned_background_sentence_is_none_or_unsure(nlp):
    typer = SentenceTyper.load()
    doc = nlp("The city has a population of about two million and is known for its old markets.")
    assert typer.predict(next(iter(doc.sents))) is None


def test_learned_events_carry_their_producer(empty_coder, nlp):
    text = "Kenyan teachers picketed the education ministry in Nairobi on Monday."
    events = empty_coder.code(Article(id="t", text=text), nlp(text)).events
    assert [e.type for e in events] == ["PROTEST"]
    event = events[0]
    assert event.rule == "learned.sentence_type.v1:PROTEST" and event.mode == "strike"
    assert event.actor[0].country == "KEN" and event.cameo and event.quad_class
    assert event.evidence.sentence == text and 0 < event.confidence <= 0.6
    assert any("FIRED learned.sentence_type.v1:PROTEST" in line for line in empty_coder.explain(nlp(text)))


def test_learned_below_threshold_proposes_nothing(nlp):
    doc = nlp("Kenyan teachers picketed the education ministry in Nairobi on Monday.")
    assert hand_typer(threshold=0.5).predict(next(iter(doc.sents))) is not None
    assert hand_typer(threshold=0.99).predict(next(iter(doc.sents))) is None


def test_learned_sentence_without_actor_yields_nothing(empty_coder, nlp):
    text = "The picket continued at the gates for a third day."
    assert empty_coder.code(Article(id="t", text=text), nlp(text)).events == []
    assert any("near miss learned" in line and "no actor" in line for line in empty_coder.explain(nlp(text)))


def test_learned_only_asked_where_rules_coded_nothing(gazetteer, nlp):
    from tidings.extract import Coder

    text = "Kenyan teachers picketed the education ministry in Nairobi on Monday."
    ruled = Coder.load(gazetteer, learned=hand_typer())
    events = ruled.code(Article(id="t", text=text), nlp(text)).events
    rules_only = Coder.load(gazetteer).code(Article(id="t", text=text), nlp(text)).events
    if rules_only:  # the patterns code the sentence: the model must not add to it
        assert [e.rule for e in events] == [e.rule for e in rules_only]


def test_learned_switch_follows_the_settings():
    assert learned_from_settings(Settings.load(environ={"TIDINGS_CODER_LEARNED": "false"})) is None
    on = learned_from_settings(Settings.load(environ={"TIDINGS_CODER_LEARNED": "true"}))
    assert isinstance(on, SentenceTyper)
    assert learned_from_settings(Settings.load(environ={}, coder_learned=False)) is None
    with pytest.raises(TidingsError, match="coder_learned"):
        Settings.load(environ={"TIDINGS_CODER_LEARNED": "maybe"})
