"""The event coder: match pattern triggers in a parsed article, then build events from them.

Matching (which pattern's trigger conditions hold at which token) is kept apart from building (finding
actor and recipient, modality, date, place, scores), as spaCy's EntityRuler keeps match() apart from
set_annotations(); `explain` shows both steps, including matches that did not become events and why.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from tidings.extract.claims import ClaimLexicon, find_claims
from tidings.extract.dates import SentenceTimes, TimeLexicon, date_event
from tidings.extract.grammar import Grammar
from tidings.extract.places import PlaceLexicon, locate_event
from tidings.extract.quotes import SpeechCues, find_quotes
from tidings.extract.modality import Reading, consents, demands, intended, own_condition, read_modality, refused
from tidings.extract.patterns import INFERRED_SPECS, Pattern, load_patterns
from tidings.extract.references import ArticleReferences, authors, np_span
from tidings.extract.roles import RoleReader
from tidings.nlp.views import entities, sentences
from tidings.records import Actor, Article, ArticleAnalysis, Event, Evidence, Mention, Place

# Confidence taken off for each role that was inferred rather than read, and for a claimed event.
INFERRED_PENALTY = {"source": 0.1, "place_owner": 0.15, "counterpart": 0.2, "context": 0.2}
# Confidence taken off when a sector or role actor ("the unions", "police") got its country from the article.
CONTEXT_COUNTRY_PENALTY = 0.15
CLAIMED_PENALTY = 0.05
# A dateline says where the reporter was; it is the event's place only as a weak guess (see _place).
DATELINE_PENALTY = 0.1
# How many sentences on an event's place still holds for later events of the same actors (see _carry_place).
PLACE_CARRY_SENTENCES = 3
# Types whose violent or coercive words have sporting senses ("attack", "strike", "shot").
SPORTING_TYPES = {"ASSAULT", "COERCE", "MOBILIZE", "THREATEN"}
# Types that are statements about one's own acts: announcing one (an intention, a plan, a readiness) makes it.
STATEMENT_TYPES = {"THREATEN", "CONCEDE", "AGREE"}
MENTION_KINDS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}


@dataclass(slots=True, frozen=True)
class Match:
    """A pattern whose trigger conditions hold at a token; `anchor` is the verb whose roles it reads."""

    pattern: Pattern
    trigger: Token
    anchor: Token


@dataclass(slots=True)
class Built:
    """The outcome of building one match: an event, or the reason there is none."""

    match: Match
    event: Event | None = None
    reason: str = ""
    place_basis: str | None = None  # "text" or "dateline" when the event has a place
    also: Event | None = None  # a second reading of the same words ("will expel": the expulsion and the threat)


@dataclass(slots=True)
class Dyads:
    """The pairs of countries the article's events have joined so far, for "the other side" inferences."""

    pairs: list[tuple[str, str]] = field(default_factory=list)
    mentioned: Counter[str] = field(default_factory=Counter)

    def counterpart(self, country: str | None) -> str | None:
        if country is None:
            return None
        for a, b in reversed(self.pairs):
            if country in (a, b) and a != b:
                return b if a == country else a
        others = [c for c, _ in self.mentioned.most_common() if c != country]
        return others[0] if others else None


# Sectors of the state: an event from one of these to another of the same country is the state acting on itself,
# which in news text is nearly always a misread reference ("France ... withdraw its troops from the country").
STATE_SECTORS = frozenset({None, "GOV", "MIL", "COP", "SPY", "JUD", "LEG", "DIP"})


# Sectors of a state's own politics besides the state itself: their country, when guessed as the other side, is
# their own state.
PARTY_SECTORS = frozenset({"PTY"})


def same_side(one: Actor, other: Actor) -> bool:
    """Whether two actors are the same party: same country/group and both of the state (or the same sector).
    A government and rebels, protesters or opposition of its own country are different sides."""
    if one.key != other.key or one.key == "?":
        return False
    if (one.sector == "JUD") != (other.sector == "JUD"):
        return False  # a court judging its own state's officials ("the former president was sentenced")
    if one.sector in STATE_SECTORS and other.sector in STATE_SECTORS:
        return True
    # Two differently named groups of people of one country ("two men" shot "members of a family") are two
    # sides; the same phrase reached twice ("the protesters ... they") is one.
    return one.sector == other.sector and one.text == other.text


class Coder:
    def __init__(self, ontology, lexicon, patterns: Sequence[Pattern], gazetteer, grammar: Grammar | None = None,
                 learned=None) -> None:
        self.ontology = ontology
        # The optional learned sentence classifier (extract/learned.py), asked where no rule built an event.
        self.learned = learned
        self.lexicon = lexicon
        self.patterns = list(patterns)
        self.gazetteer = gazetteer
        self.grammar = grammar or Grammar.load()
        self._by_lemma: dict[str, list[Pattern]] = {}
        for pattern in self.patterns:
            for lemma in pattern.lemmas:
                self._by_lemma.setdefault(lemma.lower(), []).append(pattern)
        # The cue lexicons of the date, place, quote and claim readers, loaded once with the coder.
        self.time_lexicon = TimeLexicon.load()
        self.place_lexicon = PlaceLexicon.load()
        self.speech_cues = SpeechCues.load()
        self.claim_lexicon = ClaimLexicon.load()

    @classmethod
    def load(cls, gazetteer, learned=None) -> "Coder":
        from tidings.codebook.actors import ActorLexicon
        from tidings.codebook.ontology import Ontology

        ontology = Ontology.load()
        return cls(ontology, ActorLexicon.load(), load_patterns(ontology=ontology), gazetteer, learned=learned)

    # -- matching ---------------------------------------------------------------------------------

    def match(self, doc: Doc | Span) -> list[Match]:
        found: list[Match] = []
        # Children and subtrees are read by many patterns at the same token; spaCy builds them anew on each
        # access, so they are kept for this text.
        near: dict[int, tuple[Token, ...]] = {}
        inside: dict[int, frozenset[str]] = {}
        for token in doc:
            for pattern in self._patterns_at(token):
                anchor = self._anchor(pattern, token, near, inside)
                if anchor is not None:
                    found.append(Match(pattern, token, anchor))
        return found

    def _patterns_at(self, token: Token) -> list[Pattern]:
        """The patterns whose trigger lemma is this token's, or the hyphenated word it ends: the parser splits
        "cease-fire", "pull-out", "sit-in" into three tokens, the last one the head."""
        found = list(self._by_lemma.get(token.lemma_.lower(), ()))
        doc = token.doc
        if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_ and (
                not doc[token.i - 2].whitespace_):
            joined = f"{doc[token.i - 2].lower_}-{token.lemma_.lower()}"
            found.extend(p for p in self._by_lemma.get(joined, ()) if p not in found)
        return found

    def _anchor(self, pattern: Pattern, token: Token, near: dict[int, tuple[Token, ...]] | None = None,
                inside: dict[int, frozenset[str]] | None = None) -> Token | None:
        pos = "NOUN" if token.pos_ == "PROPN" else token.pos_
        if pos not in pattern.pos:
            return None
        anchor = token
        if pattern.head:
            anchor = _head_anchor(pattern, token)
            if anchor is None:
                return None
        if pattern.not_head and (token.head.lemma_.lower() in pattern.not_head):
            return None
        near = {} if near is None else near
        own = _children(token, near)
        both = own if anchor is token else own + _children(anchor, near)
        for deps, lemmas in pattern.child_conditions():
            if not any(_child_holds(c, deps, lemmas) for c in both):
                return None
        for deps, lemmas in pattern.child_conditions(negative=True):
            # The same reading as `child`, "dep~" and "dep>dep2" included.
            if any(_child_holds(c, deps, lemmas) for c in own):
                return None
        if pattern.subtree or pattern.not_subtree:
            words = _words_below(anchor, {} if inside is None else inside)
            if pattern.subtree and words.isdisjoint(pattern.subtree):
                return None
            if not words.isdisjoint(pattern.not_subtree):
                return None
        # An adjective is negated through its copula ("Chile is not happy with").
        copula = token.head.children if token.pos_ == "ADJ" and token.dep_ == "acomp" else ()
        if pattern.negated_trigger and not any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no")
                                               for c in (*token.children, *anchor.children, *copula)):
            return None
        return anchor

    # -- building ---------------------------------------------------------------------------------

    def code(self, article: Article, doc: Doc) -> ArticleAnalysis:
        refs = ArticleReferences(doc, self.lexicon, self.grammar, self.gazetteer)
        analysis = ArticleAnalysis(article=article, mentions=self._mentions(article, doc, refs))
        analysis.events = [b.event for b in self._build_all(article, doc, refs) if b.event is not None]
        resolve = self._resolver(refs)
        analysis.quotes = find_quotes(doc, article.id, resolve, self.speech_cues)
        analysis.claims = find_claims(doc, article.id, resolve, self.claim_lexicon)
        return analysis

    def _resolver(self, refs: ArticleReferences) -> Callable[[Span], Actor | None]:
        def resolve(span: Span) -> Actor | None:
            actor = refs.actor(span.root)
            return actor if actor is not None else self.lexicon.resolve_span(span)

        return resolve

    def _build_all(self, article: Article, doc: Doc, refs: ArticleReferences) -> list[Built]:
        dyads = Dyads(mentioned=refs.country_counts())
        countries = tuple(c for c, _ in dyads.mentioned.most_common())
        times = SentenceTimes(article.published, self.time_lexicon)
        built: list[Built] = []
        seen: set[tuple] = set()
        placed: dict[tuple, tuple[int, Place]] = {}  # dyad -> (sentence, place) of its last event placed by text
        for sentence_index, sentence in enumerate(sentences(doc)):
            taken = len(built)
            for match in self.match(sentence):
                first = self._build(match, article, refs, dyads, countries, sentence_index, times)
                # Later triggers see the pairs joined by earlier ones (dyads), so each result is taken in turn.
                also = [Built(match, first.also, place_basis=first.place_basis)] if first.also else []
                for result in (first, *also):
                    self._take(result, sentence_index, placed, seen, dyads, built)
            if self.learned is not None and not any(b.event is not None for b in built[taken:]):
                def build(match: Match, sentence_index: int = sentence_index) -> Built:
                    return self._build(match, article, refs, dyads, countries, sentence_index, times)
                for result in self.learned.propose(sentence, build):
                    self._take(result, sentence_index, placed, seen, dyads, built)
        return built

    def _take(self, result: Built, sentence_index: int, placed: dict[tuple, tuple[int, Place]], seen: set[tuple],
              dyads: Dyads, built: list[Built]) -> None:
        """Keeps a built event unless the sentence already has the same one; records the pair it joins."""
        match = result.match
        if result.event is not None:
            result = self._carry_place(result, sentence_index, placed)
            e = result.event
            key = (e.type, sentence_index, tuple(sorted(a.key for a in e.actor)),
                   tuple(sorted(r.key for r in e.recipient)))
            # A threat or refusal read off the act repeats one its own verb coded ("threatened to arrest").
            told = (e.type, sentence_index, key[2])
            if key in seen or (":" in e.rule and told in seen):
                earlier = next((i for i, b in enumerate(built) if b.event is not None and b.event.mode is None
                                and (b.event.type, sentence_index, tuple(sorted(a.key for a in b.event.actor)))
                                == told), None)
                if e.mode is not None and earlier is not None:
                    # The same event told more precisely ("ruled out meeting": REJECT, mode meet) replaces it.
                    built[earlier], result = result, Built(built[earlier].match, None,
                                                           "same event as a more precise trigger in this sentence")
                    seen.add(key)
                else:
                    result = Built(match, None, "same event as another trigger in this sentence")
            else:
                seen.update((key, told))
                for a in e.actor:
                    for r in e.recipient:
                        if a.country and r.country and a.country != r.country:
                            dyads.pairs.append((a.country, r.country))
        built.append(result)

    def _carry_place(self, result: Built, sentence_index: int, placed: dict[tuple, tuple[int, Place]]) -> Built:
        """A story keeps its scene: an event with no place of its own, told within a few sentences of an event
        of the same actors and recipients placed by the text ("detained in Vladivostok... declared persona non
        grata"), happened there too, less surely. Dateline places do not carry."""
        event = result.event
        assert event is not None
        dyad = (tuple(sorted(a.key for a in event.actor)), tuple(sorted(r.key for r in event.recipient)))
        if event.place is not None:
            if result.place_basis == "text":
                placed[dyad] = (sentence_index, event.place)
            return result
        last = placed.get(dyad)
        if last is None or sentence_index - last[0] > PLACE_CARRY_SENTENCES:
            return result
        moved = event.replace(place=last[1], confidence=round(event.confidence - DATELINE_PENALTY, 3))
        return Built(result.match, moved, result.reason, "carried")

    def _build(self, match: Match, article: Article, refs: ArticleReferences, dyads: Dyads,
               countries: Sequence[str], sentence_index: int, times: SentenceTimes | None = None) -> Built:
        pattern, trigger, anchor = match.pattern, match.trigger, match.anchor
        sentence = trigger.sent
        why = self._figurative(pattern, trigger, sentence) or self._against_hazard(pattern, anchor)
        if why:
            return Built(match, None, why)
        reading = read_modality(trigger, anchor, self.grammar, pattern.negated_trigger)
        # An act announced with a condition of its own ("would deploy missiles if NATO expanded", "could paralyse
        # the mine unless the owners raise wages") is a threat made now, against the party the condition names;
        # a consenting condition ("would send troops if the UN asked") makes none.
        condition = own_condition(anchor, self.grammar) if reading.modality in ("future", "hypothetical") else None
        # It threatens when it demands something ("unless", "if ... not") or names the party it is held over; an
        # "if the storm worsens" is a contingency plan.
        defied = condition is not None and not consents(condition, self.grammar) and (
            demands(condition, self.grammar) or bool(self._condition_party(condition, refs)))
        if pattern.type == "THREATEN" and reading.modality == "hypothetical" and (
                reading.cue == "would" or defied and reading.cue in self.grammar.hypothetical_aux):
            # "said it would strike if the board refuses": a threat's condition is part of the threat, which is
            # made now; only a threat under its own "if" ("if they threaten to strike") is supposed.
            reading = Reading("future", reading.source, reading.cue)
        elif (pattern.type in STATEMENT_TYPES and reading.modality == "hypothetical"
              and reading.cue in self.grammar.intent_cues - self.grammar.hypothetical_aux):
            # "notified Y of its intention to make concessions": an announced concession, promise or threat is
            # itself the statement PLOVER codes, not a supposed one.
            reading = Reading("future", reading.source, reading.cue)
        retyped = self._retype(pattern, reading)
        if retyped is not None and reading.modality in ("future", "hypothetical") and self._forecast(reading, anchor):
            # "Experts say Russia could deploy more troops": an onlooker's forecast is no one's threat or promise.
            retyped, reading = None, Reading("hypothetical", reading.source, "forecast")
        elif reading.modality == "future" and self._forecast(reading, anchor):
            # "Analysts expect Russia to mass troops": expected by onlookers, not announced by its doer.
            reading = Reading("hypothetical", reading.source, "forecast")
        if retyped is not None and retyped[0] == "THREATEN" and condition is not None and consents(condition,
                                                                                                self.grammar):
            retyped = None  # "would send troops to Mali if the UN asked": an offer, no threat
        # Keep the act beside the threat, promise or refusal, except under "threatened to"/"vowed to", where
        # the act is only the threat's content: a bare "will" announces a decision as much as a threat, a
        # promised act may well follow, and a supposed or refused act is stored (uncounted) as such.
        both = retyped is not None and (retyped[0] != "THREATEN" or reading.modality in ("hypothetical", "negated")
                                        or reading.cue in self.grammar.future_aux | self.grammar.plan_cues | {"would"})
        if both and retyped is not None and retyped[0] == "AGREE" and reading.modality == "future" and (
                pattern.type not in self.grammar.kept_promises):
            # "Peru and Bolivia plan to launch a joint patrol": the planned cooperation is the AGREE, not also a
            # cooperation under way; an announced meeting is kept beside its AGREE (grammar.toml, kept_promises).
            both = False
        announced = reading
        if retyped is not None:
            announced = Reading("asserted", cue=reading.cue)
            if not both:
                reading = announced
        roles = RoleReader(refs, self.grammar)
        actor, actor_spec = self._read_roles(pattern.actor, roles, trigger, anchor)
        if not actor and trigger.pos_ in ("NOUN", "PROPN"):
            # "Kenya was accused of torture": the accused did the act the noun names, not the accuser.
            actor = roles.accused(trigger)
            actor_spec = "accused" if actor else None
        recipient, recipient_spec = self._read_roles(pattern.recipient, roles, trigger, anchor, actor)
        if self._home_place(recipient, recipient_spec, actor, roles, trigger, anchor):
            # "Soldiers were deployed to the centre of Tokyo" (article on Japan): the act's place, not its target.
            recipient, recipient_spec = [], None
        threat = pattern.type == "THREATEN" or (retyped is not None and retyped[0] == "THREATEN")
        if defied and threat and not recipient and not pattern.object_person:
            # "would deploy missiles if NATO expanded": the threat is against the party that must meet the condition.
            assert condition is not None
            recipient = [a for a in self._condition_party(condition, refs) if not any(same_side(a, o) for o in actor)]
            recipient_spec = "condition" if recipient else None
        if actor and all(a in refs.contextual and any(same_side(a, r) for r in recipient) for a in actor):
            actor, actor_spec = self._read_roles(pattern.actor, roles, trigger, anchor, recipient)
        if reading.cue == "ordered" and reading.source is not None and actor:
            # "the president ordered the army to withdraw": an order to one's own state is its decision, done;
            # "the court ordered Poland to suspend the law" only asks.
            # A commander whose country is only the article's guess ("the court") may be foreign to a state it
            # orders ("Poland"); one ordering a body of the state ("troops", "the police") commands its own.
            orderers = [a for a in refs.actors(reading.source) if a.country]
            named = any(a not in refs.contextual for a in orderers)
            subordinate = all(a.sector for a in actor)
            own = all(a.country in {o.country for o in orderers} for a in actor) and (named or subordinate)
            # An orderer of no known country ("the president") is taken as the ordered party's own, as before.
            if not orderers or own:
                reading = Reading("asserted", cue="ordered")
        targets = self.grammar.civilian_targets
        if not recipient and (pattern.type.lower() in targets or f"{pattern.type}/{pattern.mode}".lower() in targets):
            recipient, recipient_spec = self._civilians(pattern.recipient, roles, trigger, anchor)
        if (retyped is not None and retyped[0] == "THREATEN"
                and reading.cue in self.grammar.modal_cues | self.grammar.plan_cues
                and not defied
                and not (recipient and recipient_spec and recipient_spec not in INFERRED_SPECS)
                and not any(refs.is_person(t) for t in roles.tokens("obj", trigger, anchor))
                and not _named_below(anchor, actor, refs)):
            # A bare "will"/"would" announces a decision ("the government will demolish two homes", "troops would
            # be stationed"); it threatens only a target the text names, a party or a person.
            retyped, both = None, False
        if pattern.object_person and recipient_spec and recipient_spec not in INFERRED_SPECS:
            heads = roles.tokens(recipient_spec, trigger, anchor)
            # People, bodies and countries qualify, also through a pronoun ("Liberia, which Athens accused of");
            # places and things ("seized the islands") do not.
            if not any(h.ent_type_ not in ("LOC", "FAC") and (refs.is_person(h) or h.ent_type_ in ("GPE", "ORG", "NORP")
                       or (h.pos_ in ("NOUN", "PRON") and refs.actors(h)) or roles.unplaced_person(h)) for h in heads):
                return Built(match, None, f"recipient of {recipient_spec} is not a person or body")
        if not recipient and pattern.type in self.grammar.reciprocal_types and len({a.key for a in actor}) > 1:
            # "Kenya and Uganda signed a trade agreement": each is the other's recipient; coded from the first.
            actor, recipient, recipient_spec = actor[:1], actor[1:], "reciprocal"
        inferred = 0.0
        no_doer = self._no_doer(roles, trigger, anchor) if not actor else ""
        if no_doer:
            return Built(match, None, no_doer)
        if not actor:
            court = f"{pattern.type}/{pattern.mode}".lower() in self.grammar.court_acts
            actor, actor_spec = self._infer(pattern.actor, trigger, anchor, reading, refs, dyads, recipient, court)
            # Where it happened ("in", "at"), not where it went: "returning the islands to Japan" names a party.
            where = self.grammar.place_prepositions - {"to", "into", "toward", "towards"}
            if not actor and recipient and self._places_only(recipient_spec, roles, trigger, anchor, where):
                # "Security forces were deployed in Conakry": a place of the country the doer is guessed from is
                # where the act happened, not a party that rules the guess out.
                guess, spec = self._infer(pattern.actor, trigger, anchor, reading, refs, dyads, (), court)
                if guess and {r.country for r in recipient} <= {g.country for g in guess}:
                    actor, actor_spec, recipient, recipient_spec = guess, spec, [], None
            inferred += INFERRED_PENALTY.get(actor_spec or "", 0.0)
        if not recipient:
            recipient, recipient_spec = self._infer(pattern.recipient, trigger, anchor, reading, refs, dyads, actor)
            inferred += INFERRED_PENALTY.get(recipient_spec or "", 0.0)
        if not actor and pattern.requires_actor:
            return Built(match, None, f"no actor ({', '.join(pattern.actor)})")
        if pattern.single_actor and len({a.country for a in actor if a.country}) > 1:
            return Built(match, None, "actors of more than one country (a joint act)")
        if any(a in refs.contextual for a in (*actor, *recipient)):
            inferred += CONTEXT_COUNTRY_PENALTY
        # A refusal needs no one to refuse to ("said it would not send any aid"): the act's recipient is optional.
        needs_recipient = pattern.requires_recipient and not (retyped is not None and retyped[0] == "REJECT")
        if not recipient and needs_recipient:
            return Built(match, None, f"no recipient ({', '.join(pattern.recipient)})")
        # A guessed other side equal to the one read is a misreading; a context country may well act at home
        # ("gunmen killed six people in Egypt"), where same_side below keeps state and people apart.
        guessed = {actor_spec, recipient_spec} & (INFERRED_SPECS - {"context"})
        if guessed and actor and recipient and {a.key for a in actor} == {r.key for r in recipient}:
            return Built(match, None, "inferred actor and recipient are the same")
        recipient = [r for r in recipient if not any(same_side(r, a) for a in actor)]
        if recipient_spec in INFERRED_SPECS:
            # A guessed bare country the same as a party's own ("Senate Democrats threatened to block the bill"
            # -> USA) is the party's own state: no other side was found.
            recipient = [r for r in recipient if r.sector or not any(
                a.sector in PARTY_SECTORS and a.key == r.key for a in actor)]
        if pattern.foreign_recipient and any(r.country in {a.country for a in actor} for r in recipient):
            return Built(match, None, "recipient is of the actor's own country")
        if not recipient and needs_recipient:
            return Built(match, None, "recipient is the actor itself")
        place, place_basis = self._place(match.trigger, article, countries, actor)
        if place_basis == "dateline":
            inferred += DATELINE_PENALTY
        if both:
            event = self._event(match, article, refs, reading, actor, recipient, inferred, place, times=times)
            also = self._event(match, article, refs, announced, actor, recipient, inferred, place, retyped, times)
            return Built(match, event, place_basis=place_basis, also=also)
        event = self._event(match, article, refs, reading, actor, recipient, inferred, place, retyped, times)
        return Built(match, event, place_basis=place_basis)

    def _against_hazard(self, pattern: Pattern, anchor: Token) -> str:
        """Why an alert or deployment is no show of force: its clause names a disease or disaster ("placed on high
        alert for cholera", "troops deployed to fight the floods")."""
        if pattern.type not in self.grammar.hazard_types:
            return ""
        # "placed on high alert for cholera": a noun trigger under a preposition shares its verb's phrases.
        nodes = [anchor, anchor.head.head] if anchor.dep_ == "pobj" and anchor.head.dep_ == "prep" else [anchor]
        hazard = sorted({w for node in nodes for w in _words_below(node, {})} & self.grammar.hazard_words)
        return f"aimed at a hazard: '{hazard[0]}'" if hazard else ""

    def _condition_party(self, condition: Token, refs: ArticleReferences) -> list[Actor]:
        """The party a condition names as its subject ("if NATO expanded", "unless Kenya pays"); a thing that only
        carries a party's name ("if an EU-brokered summit fails") names none."""
        kinds = self.grammar.person_nouns | self.grammar.body_nouns | self.grammar.state_nouns
        return [a for s in condition.children if s.dep_ == "nsubj"
                and (s.pos_ in ("PROPN", "PRON") or s.lemma_.lower() in kinds or refs.is_person(s))
                for a in refs.actors(s)]

    def _forecast(self, reading: Reading, anchor: Token) -> bool:
        """Whether the act is an onlooker's forecast: said ("experts say X could") or expected ("analysts expect X
        to") by someone of the grammar's forecasters rather than by a party."""
        speaker = reading.source
        node = anchor
        for _ in range(6):
            if speaker is not None or node.dep_ not in ("xcomp", "ccomp") or node.head.i == node.i:
                break
            node = node.head
            if node.lemma_.lower() in self.grammar.future_heads | self.grammar.speech:
                speaker = next((c for c in node.children if c.dep_ == "nsubj"), None)
        return speaker is not None and speaker.lemma_.lower() in self.grammar.forecasters

    def _retype(self, pattern: Pattern, reading: Reading) -> tuple[str, str | None, str] | None:
        """(type, mode, rule) when the act is only announced or refused: "will expel the diplomats" is a
        THREATEN, "will send aid" an AGREE, "will withdraw" a CONCEDE, "refused to meet" a REJECT (PLOVER codes
        the statement, not the act that did not happen)."""
        if pattern.negated_trigger:
            return None
        if intended(reading, self.grammar):
            mode = self.grammar.mode_for(self.grammar.threat_modes, pattern.type, pattern.mode)
            if mode is not None and reading.cue not in self.grammar.promise_cues:
                return "THREATEN", mode, f"{pattern.id}:threat"
            mode = self.grammar.mode_for(self.grammar.concession_modes, pattern.type, pattern.mode)
            if mode is not None:
                return "CONCEDE", mode or None, f"{pattern.id}:concession"
            mode = self.grammar.mode_for(self.grammar.promise_modes, pattern.type, pattern.mode)
            if mode is not None and pattern.promise_retype:
                return "AGREE", mode or None, f"{pattern.id}:promise"
        if refused(reading, self.grammar):
            mode = self.grammar.mode_for(self.grammar.refusal_modes, pattern.type, pattern.mode)
            if mode is not None:
                return "REJECT", mode, f"{pattern.id}:refusal"
        return None

    def _figurative(self, pattern: Pattern, trigger: Token, sentence: Span) -> str:
        text = sentence.text.lower()
        for phrase in self.grammar.metaphors:
            at = text.find(phrase)
            offset = trigger.idx - sentence.start_char
            if at >= 0 and at <= offset < at + len(phrase):
                return f"figurative: '{phrase}'"
        if pattern.type in SPORTING_TYPES:
            sporting = [t for t in sentence if t.lemma_.lower() in self.grammar.sports or t.lower_ in self.grammar.sports]
            # One passing sports word ("a football hooligan group") does not make a threat or an arrest a game:
            # it takes two, or one close to the trigger in the parse ("attacked in the match").
            if len({t.lemma_.lower() for t in sporting}) > 1 or any(_near(t, trigger) for t in sporting):
                return f"sports context: '{sporting[0].lower_}'"
        return ""

    def _read_roles(self, specs: Sequence[str], roles: RoleReader, trigger: Token, anchor: Token,
                    other: Sequence[Actor] = ()) -> tuple[list[Actor], str | None]:
        for spec in specs:
            if spec in INFERRED_SPECS:
                continue
            found = roles.read(spec, trigger, anchor)
            # A country taken from the article that would make the state act on itself was the wrong guess
            # ("Japan expelled eight diplomats" in an article about Japan): try the next spec.
            found = [a for a in found if not (a in roles.refs.contextual and any(same_side(a, o) for o in other))]
            if found:
                return found, spec
        return [], None

    def _home_place(self, recipient: Sequence[Actor], spec: str | None, actor: Sequence[Actor], roles: RoleReader,
                    trigger: Token, anchor: Token) -> bool:
        """Whether the recipient read is only a place of the state actor's own country, reached through a place
        preposition ("deployed to the centre of Tokyo", "fired in Cairo"); a named country as an object, or
        people of the place ("protesters in Tokyo") are not."""
        if not recipient or not actor:
            return False
        home = {a.country for a in actor if a.country and a.sector in STATE_SECTORS and not a.group}
        if not home or any(r.sector or r.group or r.country not in home for r in recipient):
            return False
        return self._places_only(spec, roles, trigger, anchor, self.grammar.place_prepositions)

    def _places_only(self, spec: str | None, roles: RoleReader, trigger: Token, anchor: Token,
                     prepositions: frozenset[str]) -> bool:
        """Whether a recipient was read only from places behind these prepositions ("deployed in Conakry")."""
        if spec is None or not spec.startswith("prep:"):
            return False
        heads = [h for h in roles.tokens(spec, trigger, anchor) if roles.refs.actors(h)]
        return bool(heads) and all(h.head.lower_ in prepositions and _is_place(h) for h in heads)

    def _civilians(self, specs: Sequence[str], roles: RoleReader, trigger: Token, anchor: Token
                   ) -> tuple[list[Actor], str | None]:
        """The unplaced people the first read spec that points at any names (see RoleReader.civilians)."""
        for spec in specs:
            if spec not in INFERRED_SPECS:
                found = roles.civilians(spec, trigger, anchor)
                if found:
                    return found, spec
        return [], None

    def _no_doer(self, roles: RoleReader, trigger: Token, anchor: Token) -> str:
        """Why no actor may be guessed from the article when the clause names a doer that is none: a natural
        force or mishap ("a typhoon struck China, killing 400", "killed by the earthquake", "Typhoon Haiyan
        hit") or a thing ("the Kenyan plan calls for a ceasefire"); "" when the doer is simply unnamed."""
        heads = [*roles.subject(anchor, passive=False), *roles.tokens("agent", trigger, anchor)]
        hazards = self.grammar.natural_hazards
        for head in heads:
            if head.i == trigger.i:
                continue  # "a cease-fire took effect": the trigger is the act, not its doer
            if head.lemma_.lower() in hazards or any(c.dep_ == "compound" and c.lemma_.lower() in hazards
                                                     for c in head.children):
                return f"the doer '{head.text}' is a natural force or mishap, no actor"
            if (head.dep_ == "nsubj" and head.lemma_.lower() in self.grammar.thing_nouns
                    and not authors(head)):
                return f"the subject '{head.text}' is a thing, no actor"
        return ""

    def _infer(self, specs: Sequence[str], trigger: Token, anchor: Token, reading: Reading,
               refs: ArticleReferences, dyads: Dyads, other: Sequence[Actor], court: bool = False
               ) -> tuple[list[Actor], str | None]:
        other_countries = {a.country for a in other if a.country}
        for spec in specs:
            actor: Actor | None = None
            if spec == "source" and reading.source is not None:
                found = refs.actors(reading.source)
                actor = found[0] if found else None
                if actor is not None and actor.sector == "MED":
                    # A news agency reports what was done; the doer it implies is its state ("the consul was
                    # expelled, Tass reported" -> Russia), never the agency itself.
                    actor = Actor(text=actor.country, country=actor.country) if actor.country else None
            elif spec == "place_owner":
                actor = self._place_owner(anchor)
            elif spec == "context" and refs.main_country is not None:
                # The doer is not in the clause ("protests erupted in the capital"): the country the article
                # is about.
                # A verdict with no court named is the country's judiciary's, which may judge its own officials.
                actor = Actor(text=refs.main_country, country=refs.main_country, sector="JUD" if court else None)
            elif spec == "counterpart" and other_countries:
                country = dyads.counterpart(next(iter(sorted(other_countries))))
                actor = Actor(text=country, country=country) if country else None
            if actor is None:
                continue
            if spec == "context" and not any(same_side(actor, o) for o in other):
                return [actor], spec
            if spec != "context" and actor.country not in other_countries:
                return [actor], spec
        return [], None

    def _place_owner(self, anchor: Token) -> Actor | None:
        """The country whose place the event happened in ("detained in Vladivostok" -> Russia)."""
        # The place phrase may hang from the verb above a nominal trigger ("detained in X on allegations").
        chain = [anchor, anchor.head, anchor.head.head]
        for child in (c for node in chain for c in node.children):
            if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                for place in child.children:
                    if place.dep_ == "pobj" and place.ent_type_ in ("GPE", "LOC", "FAC"):
                        name = np_span(place).text
                        entry = self.gazetteer.best(name)
                        country = entry.place.country if entry else self.lexicon.country(name)
                        if country:
                            return Actor(text=f"authorities in {name}", country=country)
        return None

    def _place(self, trigger: Token, article: Article, countries: Sequence[str], actor: Sequence[Actor]
               ) -> tuple[Place | None, str | None]:
        """The place named in the event's clause; else the dateline city, but only when the actor is of that
        country (a Tokyo dateline does not put Russia's acts in Tokyo), and with lower confidence."""
        finding = locate_event(trigger, self.gazetteer, article.dateline, countries, self.place_lexicon)
        if finding is None:
            return None, None
        if finding.basis != "dateline":
            return finding.place, "text"
        if finding.place.country and finding.place.country in {a.country for a in actor}:
            return finding.place, "dateline"
        return None, None

    def _event(self, match: Match, article: Article, refs: ArticleReferences, reading: Reading,
               actor: list[Actor], recipient: list[Actor], inferred: float, place: Place | None,
               retyped: tuple[str, str | None, str] | None = None, times: SentenceTimes | None = None) -> Event:
        pattern, trigger = match.pattern, match.trigger
        sentence = trigger.sent
        type, mode, rule = retyped or (pattern.type, pattern.mode, pattern.id)
        contexts = pattern.contexts if retyped is None else ()
        cameo = self.ontology.cameo_for(type, mode, contexts)
        attributed: Actor | None = None
        if reading.modality == "claimed" and reading.source is not None:
            found = refs.actors(reading.source)
            attributed = found[0] if found else Actor(text=np_span(reading.source).text)
        confidence = pattern.confidence - inferred
        confidence -= CLAIMED_PENALTY if reading.modality == "claimed" else 0.0
        date = date_event(trigger, article.published, self.time_lexicon, times)
        digest = hashlib.sha1(f"{article.id}|{rule}|{trigger.idx}".encode()).hexdigest()[:16]
        return Event(
            id=digest, article_id=article.id, type=type, mode=mode, context=contexts,
            cameo=cameo, plover_score=self.ontology.plover_score(type, mode),
            goldstein=self.ontology.goldstein(cameo), quad_class=self.ontology.quad_class(type),
            actor=tuple(actor), recipient=tuple(recipient),
            date=date.date, date_precision=date.precision, date_window=date.window, date_basis=date.basis,
            place=place,
            modality=reading.modality, attributed_to=attributed,  # type: ignore[arg-type]
            evidence=Evidence(sentence.text, sentence.start_char, sentence.end_char),
            rule=rule, confidence=round(max(0.05, min(1.0, confidence)), 2),
        )

    # -- mentions ---------------------------------------------------------------------------------

    def _mentions(self, article: Article, doc: Doc, refs: ArticleReferences) -> list[Mention]:
        mentions: list[Mention] = []
        for ent in entities(doc):
            if ent.label_ not in MENTION_KINDS:
                continue
            actor = refs.actor(ent.root) if ent.label_ != "NORP" else None
            if actor is None:
                actor = self.lexicon.resolve_span(ent)
            place = None
            if ent.label_ in ("GPE", "LOC", "FAC"):
                entry = self.gazetteer.best(ent.text)
                place = entry.place if entry else None
            mentions.append(Mention(article.id, ent.text, ent.start_char, ent.end_char, refs.sentence_of(ent.root),
                                    ent.label_, actor, place))
        return mentions

    # -- explain ----------------------------------------------------------------------------------

    def explain(self, doc: Doc) -> list[str]:
        """Mentions, then every pattern match and what became of it, in words."""
        article = Article(id="explain", text=doc.text)
        refs = ArticleReferences(doc, self.lexicon, self.grammar, self.gazetteer)
        lines = ["mentions:"]
        for m in self._mentions(article, doc, refs):
            who = _actor_text(m.actor) if m.actor else (f"place {m.place.name} ({m.place.country})" if m.place else "?")
            lines.append(f"  {m.text!r} [{m.kind}] -> {who}")
        lines.append("rules:")
        built = self._build_all(article, doc, refs)
        if not built:
            lines.append("  no trigger matched")
        for b in built:
            where = f"'{b.match.trigger.text}' (token {b.match.trigger.i})"
            if b.event is not None:
                e = b.event
                lines.append(f"  FIRED {b.match.pattern.id} at {where}: {e.type}/{e.mode} "
                             f"{', '.join(_actor_text(a) for a in e.actor)} -> "
                             f"{', '.join(_actor_text(r) for r in e.recipient) or '-'} "
                             f"[{e.modality}] confidence {e.confidence}"
                             + ("; country from the article's context" if any(
                                 a in refs.contextual for a in (*e.actor, *e.recipient)) else ""))
            else:
                lines.append(f"  near miss {b.match.pattern.id} at {where}: {b.reason}")
        near = self._near_misses(doc)
        lines.extend(f"  no match {line}" for line in near)
        return lines

    def _near_misses(self, doc: Doc) -> list[str]:
        """Trigger words whose other conditions (part of speech, head verb, words below) did not hold."""
        out = []
        for token in doc:
            for pattern in self._patterns_at(token):
                if self._anchor(pattern, token) is None:
                    out.append(f"{pattern.id} at '{token.text}': {self._unmet(pattern, token)}")
        return out

    def _unmet(self, pattern: Pattern, token: Token) -> str:
        """The first of `_anchor`'s conditions that fails, in its order: a missing part, or what blocked."""
        pos = "NOUN" if token.pos_ == "PROPN" else token.pos_
        if pos not in pattern.pos:
            return f"part of speech {token.pos_}, pattern wants {'/'.join(pattern.pos)}"
        anchor = token
        if pattern.head:
            anchor = _head_anchor(pattern, token)
            if anchor is None:
                return f"needs to be the object of {'/'.join(pattern.head)} (hangs from '{token.head.text}')"
        if pattern.not_head and token.head.lemma_.lower() in pattern.not_head:
            return f"blocked: hangs from '{token.head.text}' (not_head)"
        own = tuple(token.children)
        both = own if anchor is token else own + tuple(anchor.children)
        missing = [text for text, (deps, lemmas) in zip(pattern.child, pattern.child_conditions())
                   if not any(_child_holds(c, deps, lemmas) for c in both)]
        if missing:
            return f"needs {' and '.join(missing)}"
        for text, (deps, lemmas) in zip(pattern.not_child, pattern.child_conditions(negative=True)):
            blocker = next((c for c in own if _child_holds(c, deps, lemmas)), None)
            if blocker is not None:
                return f"blocked by '{blocker.text}' ({blocker.dep_}), which not_child {text} excludes"
        words = _words_below(anchor, {})
        if pattern.subtree and words.isdisjoint(pattern.subtree):
            return f"needs one of {'/'.join(pattern.subtree)} below it"
        if not words.isdisjoint(pattern.not_subtree):
            return f"blocked by '{'/'.join(sorted(words & set(pattern.not_subtree)))}' below it (not_subtree)"
        if pattern.negated_trigger:
            return "needs a negation"
        return "conditions unmet"


def _head_anchor(pattern: Pattern, token: Token) -> Token | None:
    """Where a pattern with `head` verbs reads its roles: the trigger itself for a verb, which only checks what it
    hangs from ("an accusation Japan denied"), the verb a noun is the object of ("imposed sanctions"); None when
    the trigger hangs from none of them."""
    head = token.head
    if head.pos_ == "ADP":  # "sanctions on", "in imposing": the verb above the preposition
        head = head.head
    # nsubj: "talks began in Geneva", "the truce took effect".
    if head.lemma_.lower() not in pattern.head or token.dep_ not in ("dobj", "pobj", "nsubjpass", "nsubj", "attr",
                                                                       "relcl"):
        if token.pos_ == "VERB":
            return None
        # "sanctions imposed by the EU on Iran", "a truce declared by the army": the participle that qualifies the
        # noun is its verb, with the roles hanging from it. Only with its doer named: without one ("the agreement
        # reached in 2010", "a conference held in Vienna") it mostly recalls the past.
        head = next((c for c in token.children if c.dep_ == "acl" and c.tag_ == "VBN"
                     and c.lemma_.lower() in pattern.head and any(g.dep_ == "agent" for g in c.children)), None)
        if head is None:
            return None
    return token if token.pos_ == "VERB" else head


def _child_holds(child: Token, deps: AbstractSet[str], lemmas: AbstractSet[str]) -> bool:
    """Whether a dependent meets a `child` condition; a dep written "dep~" also takes the lemma from the
    dependent's own modifiers ("nsubjpass~:militia" holds for "militia members were deployed"), and one written
    "dep>dep2" looks one link further down ("ccomp>aux:should": the reported clause's own verb has "should")."""
    for path in (d for d in deps if ">" in d):
        first, _, rest = path.partition(">")
        # An auxiliary before its clause's subject inverts it: "should the deal be reached" is a condition, and
        # "should Uganda leave?" a question, neither the statement "Uganda should leave".
        subjects = [s.i for s in child.children if s.dep_ in ("nsubj", "nsubjpass", "expl")]
        below = [g for g in child.children if not (g.dep_ in ("aux", "auxpass") and any(i > g.i for i in subjects))]
        if (first == "*" or child.dep_ == first) and any(_child_holds(g, {rest}, lemmas) for g in below):
            return True
    deps = {d for d in deps if ">" not in d}
    if not deps:
        return False
    if "*" in lemmas:
        return "*" in deps or child.dep_ in deps or f"{child.dep_}~" in deps
    if ("*" in deps or child.dep_ in deps) and (child.lemma_.lower() in lemmas or child.lower_ in lemmas):
        return True
    if f"{child.dep_}~" in deps:
        return any(m.dep_ in ("compound", "amod") and (m.lemma_.lower() in lemmas or m.lower_ in lemmas)
                   or m.i == child.i for m in (child, *child.children)
                   if m.lemma_.lower() in lemmas or m.lower_ in lemmas)
    return False


def _named_below(anchor: Token, actor: Sequence[Actor], refs: ArticleReferences) -> bool:
    """Whether the act's own clause, its subject left out, names a party of another country than the actor's
    ("will suspend talks with Bhutan": a named target, though the pattern's roles did not read it)."""
    own = {a.country for a in actor}
    subject = {t.i for c in anchor.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    return any(a.country and a.country not in own for t in anchor.subtree
               if t.i not in subject and t.pos_ == "PROPN" and t.ent_type_ in ("GPE", "ORG", "NORP")
               for a in refs.actors(t))


def _children(token: Token, near: dict[int, tuple[Token, ...]]) -> tuple[Token, ...]:
    if token.i not in near:
        near[token.i] = tuple(token.children)
    return near[token.i]


def _words_below(anchor: Token, inside: dict[int, frozenset[str]]) -> frozenset[str]:
    """The lemmas and words under `anchor`, its subject left out ("the opposition protested": "protested")."""
    if anchor.i not in inside:
        subject_parts = {t.i for c in anchor.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        inside[anchor.i] = frozenset(w for t in anchor.subtree if t.i not in subject_parts
                                     for w in (t.lemma_.lower(), t.lower_))
    return inside[anchor.i]


def _is_place(token: Token) -> bool:
    """A place name, or a common noun of a place name ("the centre of Tokyo", "the outskirts of Kabul")."""
    if token.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    return token.pos_ == "NOUN" and any(g.ent_type_ in ("GPE", "LOC", "FAC") for c in token.children
                                        if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj")


def _near(token: Token, trigger: Token, hops: int = 3) -> bool:
    """Whether `token` hangs from `trigger` (or the trigger from it) within a few dependency links."""
    for one, other in ((token, trigger), (trigger, token)):
        node = one
        for _ in range(hops):
            if node.head.i == node.i:
                break
            node = node.head
            if node.i == other.i:
                return True
    return False


def _actor_text(actor: Actor) -> str:
    parts = [p for p in (actor.country, actor.group, actor.sector, actor.name, actor.role) if p]
    return f"{actor.text!r} ({' '.join(parts)})" if parts else repr(actor.text)




