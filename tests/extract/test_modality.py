"""How the coder reads an act's modality: conditions, forecasts, accusations, plans (sentences written for the project)."""

from __future__ import annotations


def _threats(events):
    return [e for e in events if e.type == "THREATEN" and e.counted]


def test_modality_conditional_own_act_threatens_the_party_of_the_condition(code):
    threats = _threats(code("Moscow said it would station more bombers in the region if NATO moved its forces east."))
    assert threats and {a.country for a in threats[0].actor} == {"RUS"}
    assert {r.key for r in threats[0].recipient} == {"NATO"}


def test_modality_could_unless_is_a_threat_not_a_possibility(code):
    text = "Dock workers in Peru could shut the port of Callao unless the operator restores their bonuses, a union said."
    threats = _threats(code(text))
    assert threats and threats[0].mode == "restrict"


def test_modality_consenting_condition_makes_no_threat(code):
    events = code("Senegal said it would send troops to Gambia if the African Union requested them.")
    assert not _threats(events)
    assert any(e.type == "MOBILIZE" and not e.counted for e in events)


def test_modality_onlookers_conditional_forecast_is_no_threat(code):
    assert not _threats(code("Analysts said Turkey would send more troops into Iraq if Baghdad objected."))


def test_modality_act_inside_the_condition_stays_supposed(code):
    events = code("If Uganda expels the Kenyan envoy, relations will suffer, a commentator wrote.")
    assert not _threats(events)
    assert all(not e.counted for e in events if e.type == "SANCTION")


def test_modality_known_act_described_under_a_demand_is_done(code):
    events = code("Rights groups in Chad demanded the release of two reporters detained by police in Abeche.")
    assert [e for e in events if e.type == "COERCE" and e.mode == "arrest" and e.counted]


def test_modality_definite_topic_of_a_refusal_is_done(code):
    events = code("Zimbabwean police refused to give details about the killing of three miners.")
    assert [e for e in events if e.type == "ASSAULT" and e.counted]
    # An act the refusal is about, told as no known one, stays refused.
    assert not [e for e in code("Bolivia refused to hold talks with Chile.") if e.type == "CONSULT" and e.counted]


def test_modality_alert_against_a_disease_or_disaster_is_no_mobilization(code):
    assert not [e for e in code("Nurses in Zambia were placed on high alert for Ebola.") if e.type == "MOBILIZE"]
    assert not [e for e in code("Soldiers were deployed to fight bushfires in Victoria.") if e.type == "MOBILIZE"]
    assert [e for e in code("Ghana placed its troops on high alert along the border with Togo.")
            if e.type == "MOBILIZE" and e.counted]


def test_modality_accused_act_is_the_accusers_claim(code):
    events = code("Algeria accused Morocco of sharing intelligence with separatist rebels.")
    (cooperation,) = [e for e in events if e.type == "COOPERATE"]
    assert cooperation.modality == "claimed" and {a.country for a in cooperation.actor} == {"MAR"}
    assert cooperation.attributed_to is not None and cooperation.attributed_to.country == "DZA"


def test_modality_forecast_signing_is_no_agreement(code):
    events = code("Analysts said Eritrea and Djibouti may sign a border deal next month.")
    assert not [e for e in events if e.type in ("AGREE", "SUPPORT", "COOPERATE") and e.counted]
