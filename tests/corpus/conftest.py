"""Hand-built articles and events for the corpus stages: the Japan-Russia expulsions of autumn 2022 (a chain
told by several outlets) and the ECOWAS-Niger standoff of summer 2023 (an unrelated story)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from tidings.records import Actor, Article, Event, Evidence

JAPAN = Actor("Japan", "JPN", sector="GOV")
RUSSIA = Actor("Russia", "RUS", sector="GOV")
RUSSIAN_DIPLOMAT = Actor("a Russian diplomat", "RUS", sector="GOV", role="diplomat")
JAPANESE_CONSUL = Actor("a Japanese consul general", "JPN", sector="GOV", role="consul")
ECOWAS = Actor("ECOWAS", group="ECOWAS", sector="IGO")
NIGER_JUNTA = Actor("Niger's junta", "NER", sector="MIL")

SCORES = {  # type -> (PLOVER score, Goldstein, quad class), enough for these tests
    "SANCTION": (-5.5, -5.0, 4), "ACCUSE": (-2.0, -2.0, 3), "COERCE": (-7.0, -7.0, 4),
    "THREATEN": (-3.5, -4.0, 3), "CONSULT": (2.5, 1.0, 1), "AID": (10.0, 7.0, 2),
}


def article(ident: str, text: str, published: str | None, outlet: str | None = None,
            title: str | None = None) -> Article:
    day = dt.date.fromisoformat(published) if published else None
    return Article(id=ident, text=text, title=title, outlet=outlet, published=day,
                   published_basis="manifest" if day else "none")


def event(ident: str, article_id: str, type_: str, actor: Actor, recipient: Actor | None,
          window: tuple[str, str] | None, mode: str | None = None, precision: str = "day",
          sentence: str = "", modality: str = "asserted", confidence: float = 0.8, start: int = 0) -> Event:
    plover, goldstein, quad = SCORES.get(type_, (None, None, None))
    date = window[0] if window and precision == "day" else (window[0][:7] if window else None)
    return Event(id=ident, article_id=article_id, type=type_, mode=mode, plover_score=plover, goldstein=goldstein,
                 quad_class=quad, actor=(actor,), recipient=(recipient,) if recipient else (), date=date,
                 date_precision=precision if window else "unknown", date_window=window, modality=modality,
                 evidence=Evidence(sentence, start, start + len(sentence)) if sentence else None,
                 confidence=confidence)


RETALIATION = ("Japan has ordered a Russian diplomat to leave the country in retaliation for Russia’s expulsion "
               "last week of a Japanese consul general, as relations between the two countries deteriorate.")
PNG = ("The consul, identified by Tass as Tatsunori Motoki, was declared persona non grata by Russia and given "
       "48 hours to leave Vladivostok, Tass reported Monday.")

JP_POST = (
    "TOKYO — A Japanese diplomat detained in Vladivostok on allegations that he obtained classified information "
    "has been released and will leave Russia, Japanese officials said Tuesday. " + PNG + " The Federal Security "
    "Service said the consul paid for classified information about cooperation with an Asia Pacific country. "
    "Japan's vice foreign minister summoned the Russian ambassador to condemn the detention of the consul and "
    "demand an apology, calling the interrogation a violation of the Vienna Convention on Consular Relations.")
JP_WIRE = (
    "Russia has ordered a Japanese consul in Vladivostok to leave the country within 48 hours after the Federal "
    "Security Service detained him on suspicion of espionage. Tokyo protested the detention of the consul, "
    "saying he was blindfolded and interrogated, and denied that the diplomat broke any Russian law. The "
    "expulsion of the consul deepens a rift between Japan and Russia over sanctions and the war in Ukraine.")
JP_TIMES = (
    RETALIATION + " Foreign Minister Yoshimasa Hayashi said a diplomat at the Russian consulate in Sapporo had "
    "been declared persona non grata in an equivalent response to the expulsion of the consul from Vladivostok. "
    "Russia had accused the Japanese consul of illegal information gathering, an accusation Japan denied. "
    "In April, Japan expelled eight Russian diplomats from the embassy in Tokyo.")
NIGER_1 = (
    "ABUJA — West African leaders gave Niger's military junta one week to reinstate the ousted president Mohamed "
    "Bazoum, threatening the use of force, and imposed sanctions including a freeze on the junta's assets and "
    "a closure of borders. ECOWAS said the coup leaders in Niamey must step aside.")
NIGER_2 = (
    "NIAMEY — Niger's junta defied the ECOWAS ultimatum as West African defence chiefs met in Abuja to plan a "
    "possible intervention. Sanctions imposed by ECOWAS have cut electricity supplies from Nigeria and stranded "
    "trucks at the border, while supporters of the coup rallied in Niamey against the bloc.")


@pytest.fixture
def chain() -> SimpleNamespace:
    """Five articles, two stories; events named for what they are."""
    articles = [
        article("jp-post", JP_POST, "2022-09-26", "washingtonpost.com"),
        article("jp-wire", JP_WIRE, "2022-09-27", "reuters.com"),
        article("jp-times", JP_TIMES, "2022-10-04", "nytimes.com",
                title="Japan expels a Russian diplomat, a retaliatory move as relations deteriorate."),
        article("ng-1", NIGER_1, "2023-07-30", "aljazeera.com"),
        article("ng-2", NIGER_2, "2023-08-03", "bbc.co.uk"),
    ]
    events = [
        event("post-expel", "jp-post", "SANCTION", RUSSIA, JAPANESE_CONSUL, ("2022-09-26", "2022-09-26"),
              "expel", sentence=PNG, confidence=0.9),
        event("post-condemn", "jp-post", "ACCUSE", JAPAN, RUSSIA, ("2022-09-27", "2022-09-27"), "disapprove"),
        event("wire-expel", "jp-wire", "SANCTION", RUSSIA, JAPANESE_CONSUL, ("2022-09-26", "2022-09-27"), "expel",
              confidence=0.7),
        event("wire-arrest", "jp-wire", "COERCE", RUSSIA, JAPANESE_CONSUL, ("2022-09-19", "2022-09-26"), "arrest"),
        event("times-expel", "jp-times", "SANCTION", JAPAN, RUSSIAN_DIPLOMAT, ("2022-10-04", "2022-10-04"),
              "expel", sentence=RETALIATION, confidence=0.9),
        event("times-their-expel", "jp-times", "SANCTION", RUSSIA, JAPANESE_CONSUL, ("2022-09-26", "2022-10-02"),
              "expel", precision="week", sentence=RETALIATION, confidence=0.7),
        event("times-april", "jp-times", "SANCTION", JAPAN, RUSSIAN_DIPLOMAT, ("2022-04-01", "2022-04-30"),
              "expel", precision="month", sentence="In April, Japan expelled eight Russian diplomats."),
        event("ng1-sanction", "ng-1", "SANCTION", ECOWAS, NIGER_JUNTA, ("2023-07-30", "2023-07-30")),
        event("ng1-threat", "ng-1", "THREATEN", ECOWAS, NIGER_JUNTA, ("2023-07-30", "2023-07-30")),
        event("ng2-sanction", "ng-2", "SANCTION", ECOWAS, NIGER_JUNTA, ("2023-07-30", "2023-08-03")),
    ]
    return SimpleNamespace(articles=articles, events=events, by_id={a.id: a for a in articles})


@pytest.fixture
def build() -> SimpleNamespace:
    return SimpleNamespace(article=article, event=event, japan=JAPAN, russia=RUSSIA, ecowas=ECOWAS,
                           niger=NIGER_JUNTA, diplomat=RUSSIAN_DIPLOMAT, consul=JAPANESE_CONSUL)
