"""Who each noun phrase of an article refers to: names, people bound to their titles, and back-references.

No coreference model runs offline, so this is a small rule resolver. One pass over the article in reading
order resolves every noun phrase head: named actors through the ActorLexicon; people through the title or
apposition that introduces them ("Japan's foreign minister, Yoshimasa Hayashi"), remembered by full and
last name ("Mr. Hayashi"); pronouns and bare descriptions ("he", "the diplomat", "the government") to the
last compatible earlier referent, subjects first, sentence by sentence backwards.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tidings.extract.grammar import Grammar
from tidings.nlp.views import entities, entity_at, sentences
from tidings.records import Actor

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
THING_PRONOUNS = {"it", "its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "themselves"}
RELATIVE_PRONOUNS = {"who", "whom", "which", "that", "whose"}
FIRST_PERSON = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"}
TITLES = {"mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr"}
# Right-hand modifiers that still belong to a name's country ("officials from the Russian Embassy").
LINKING_PREPS = {"from", "at", "of", "with"}
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside"}
DEFINITE = {"the", "this", "that", "these", "those", "his", "her", "its", "their"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
# Sectors of state offices: a titled person with one of these and no country holds it in the article's country.
STATE_ROLE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "DIP"})
# Sectors of people away from their own country (refugees, migrants): the article's country is not theirs.
UPROOTED_SECTORS = frozenset({"REF"})
# Entity kinds that name a party (a country, a body, a people) rather than a person.
NAMED_PARTIES = ("GPE", "ORG", "NORP")
# How far back (in sentences) a pronoun or description may reach.
REACH = 6
# How many opening sentences name the country an article is about (see `main_country`).
LEAD_SENTENCES = 2
# A city this large names its country when a body is called after it ("Karachi police"); smaller namesakes are
# too often a person's or a firm's name.
CITY_POPULATION = 100_000


@dataclass(slots=True, frozen=True)
class Referent:
    """An earlier noun phrase that names an actor: the candidates for back-references."""

    token: int        # head token index
    sentence: int
    actor: Actor
    person: bool
    subject: bool
    lemma: str
    plural: bool = False


class ArticleReferences:
    """Resolves noun phrase heads of one parsed article to Actors (see module docstring)."""

    def __init__(self, doc: Doc, lexicon, grammar: Grammar, gazetteer=None) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.grammar = grammar
        self.gazetteer = gazetteer
        self.people: dict[str, Actor] = {}
        # Each word of a bound person's name, for a short name the model tags as a body ("Wang" after "Wang Yi").
        self.name_words: dict[str, Actor] = {}
        self.referents: list[Referent] = []
        self._by_token: dict[int, Actor | None] = {}
        # Lexicon readings of phrases: a phrase is looked up again for each mention, title and pronoun that
        # reaches it.
        self._by_span: dict[tuple[int, int], Actor | None] = {}
        self._sentence_of = {t.i: n for n, s in enumerate(sentences(doc)) for t in s}
        # Actors whose country was not in their phrase but taken from the article ("the teachers" -> Haiti).
        self.contextual: set[Actor] = set()
        self.named_group = False  # whether the article names any group (set by _main_country)
        self.main_country = self._main_country()
        self._resolve_all()

    # -- public -----------------------------------------------------------------------------------

    def actor(self, token: Token) -> Actor | None:
        """The actor a noun phrase head refers to (resolved in the reading pass, or now for late heads)."""
        if token.i not in self._by_token:
            self._by_token[token.i] = self._resolve(token)
        return self._by_token[token.i]

    def actors(self, token: Token) -> list[Actor]:
        """The actors of a head and its conjuncts ("the United States and Europe"); a sector or role without
        a country ("the unions", "police") is of the country the article is about (see `in_context`)."""
        pair = self._pair(token)
        if pair:
            return pair
        heads = [token, *token.conjuncts]
        if any(misparsed_main(c) for c in token.children):
            # "outside the Capitol, workers, doctors and drivers called": the parse joined the place before the
            # comma to the subject; the subject is the head and the conjuncts after it.
            heads = [h for h in heads if h.i >= token.i]
        found: list[Actor] = []
        for head in heads:
            actor = self.actor(head)
            if actor is not None and (actor.country or actor.group) and actor not in found:
                found.append(actor)
        # A conjunct without a country of its own shares the coordination's ("eight diplomats and officials
        # from the Russian Embassy"); with none in the coordination, it takes the article's.
        shared = next((a.country for a in found if a.country), None)
        for head in heads:
            actor = self.actor(head)
            if actor is None or actor.country or actor.group:
                continue
            placed = actor.replace(country=shared) if shared else self.in_context(actor)
            if not shared and (self._placeless(head, placed) or actor.sector in UPROOTED_SECTORS):
                # An article that names no country at all ("the workers are going on strike"): the sector is all
                # there is to say who acts; the actor stays of no country, trusted less.
                self.contextual.add(placed)
            elif not (placed.country or placed.group):
                continue
            if placed not in found:
                found.append(placed)
        return self._shared_head(token, found)

    def _placeless(self, head: Token, actor: Actor) -> bool:
        """Whether a group of people may act with no country in an article that names no country or group (see
        `placeless_sectors`): a plural or a body."""
        if self.main_country is not None or self.named_group or not actor.sector or (
                actor.sector.lower() not in self.grammar.placeless_sectors):
            return False
        return head.pos_ == "PRON" or _plural(head) or head.lemma_.lower() in self.grammar.body_nouns

    def _pair(self, token: Token) -> list[Actor]:
        """ "The two countries", "both sides", "the two leaders": the last two parties named before the phrase
        (people for a person noun, countries otherwise, groups too for "sides"); [] when fewer were named."""
        lemma = token.lemma_.lower()
        if lemma not in self.grammar.pair_nouns or token.tag_ not in ("NNS", "NNPS"):
            return []
        marks = {c.lower_ for c in token.children if c.dep_ in ("det", "predet", "nummod")}
        if not ("both" in marks or {"the", "two"} <= marks):
            return []
        person = lemma in self.grammar.person_nouns
        picked: list[Actor] = []
        for referent in reversed(self.referents):
            actor = referent.actor
            # "the two leaders" are two people, each named on their own; "both sides" may be "the troops".
            if referent.token >= token.i or (person and (not referent.person or referent.plural)):
                continue
            named = self.doc[referent.token]
            if named.dep_ == "pobj" and named.head.lower_ in LOCATIVE_PREPS:
                continue  # "met in Nairobi": a place of the meeting, not a party to it
            if not actor.country and not (lemma == "side" and actor.group) or (
                    lemma != "side" and any(p.country == actor.country for p in picked)):
                continue
            # Two sides of one country differ by sector ("troops clashed with rebels ... both sides").
            if all(actor.key != p.key or (lemma == "side" and actor.sector != p.sector) for p in picked):
                picked.append(actor)
            if len(picked) == 2:
                break
        if len(picked) < 2:
            return []
        if person or lemma == "side":
            return picked[::-1]
        # "the two governments" are the states' governments; "the two countries" the states themselves.
        own = self._lexicon(np_span(token))
        sector = own.sector if own is not None else None
        return [Actor(text=a.country, country=a.country, sector=sector) for a in reversed(picked) if a.country]

    def _shared_head(self, token: Token, found: list[Actor]) -> list[Actor]:
        """ "Ethiopian and Eritrean diplomats", "the presidents of Kenya and Uganda", "troops from Ghana, Togo and
        Benin": one head, several countries; each country gets the head's actor. A conjunct that is a phrase of its
        own ("the navy of Chile and the Peruvian navy") is its own actor."""
        if len(found) != 1 or not found[0].country:
            return found
        named: list[Token] = []
        for child in token.children:
            if child.dep_ in ("amod", "compound", "nmod"):
                named.extend(child.conjuncts)
            elif child.dep_ == "prep" and child.lower_ in ("of", "from"):
                named.extend(c for g in child.children if g.dep_ == "pobj" for c in g.conjuncts)
        for other in named:
            # A name of several words is read whole ("American Samoa", "the Federated States of Micronesia").
            own = [t for c in other.children if c.dep_ not in ("conj", "cc", "punct") for t in c.subtree]
            whole = self.doc[min([other.i, *(t.i for t in own)]) : max([other.i, *(t.i for t in own)]) + 1].text
            text = whole if self.lexicon.country(whole) else other.text
            country = self.lexicon.country(text)
            extra = found[0].replace(country=country, text=text) if country else None
            if extra is None and other.pos_ == "NOUN":
                own = self.actor(other)
                extra = own if own is not None and own.country else None
            if extra is not None and extra.country != found[0].country and extra not in found:
                found.append(extra)
        return found

    def in_context(self, actor: Actor) -> Actor:
        """A sector or role actor with no country of its own, placed in the article's main country; the
        coder trusts such events less (`contextual`). Without a main country the actor stays as it is."""
        if actor.country or actor.group or not (actor.sector or actor.role) or self.main_country is None:
            return actor
        if actor.sector in UPROOTED_SECTORS:
            # "Liberia has taken in 100,000 refugees": refugees are from elsewhere, not of the country they are in.
            return actor
        placed = actor.replace(country=self.main_country)
        self.contextual.add(placed)
        return placed

    def sentence_of(self, token: Token) -> int:
        return self._sentence_of[token.i]

    def country_counts(self) -> Counter[str]:
        return Counter(r.actor.country for r in self.referents if r.actor.country)

    def is_person(self, token: Token) -> bool:
        actor = self.actor(token)
        return bool(token.ent_type_ == "PERSON" or (actor is not None and (actor.role or actor.name))
                    or token.lemma_.lower() in self.grammar.person_nouns)

    # -- the reading pass -------------------------------------------------------------------------

    def _main_country(self) -> str | None:
        """The country the article is about: of the countries its opening sentences name, the one the whole
        article names most (first named on a tie); else the most named one anywhere."""
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        lead: set[str] = set()
        for start, _end, entry in self.lexicon.find(self.doc):
            self.named_group = self.named_group or bool(entry.group)
            if entry.country is None or entry.kind == "role":
                continue
            counts[entry.country] += 1
            first.setdefault(entry.country, start)
            if self._sentence_of.get(start, REACH) < LEAD_SENTENCES:
                lead.add(entry.country)
        pool = lead or set(counts)
        if not pool:
            return self._place_country()
        return max(pool, key=lambda c: (counts[c], -first[c]))

    def _place_country(self) -> str | None:
        """With no country named, the one most of the article's places lie in ("rallied in Manhattan")."""
        if self.gazetteer is None:
            return None
        counts: Counter[str] = Counter()
        for ent in entities(self.doc):
            if ent.label_ in ("GPE", "LOC", "FAC"):
                entry = self.gazetteer.best(ent.text)
                if entry is not None and entry.place.country:
                    counts[entry.place.country] += 1
        return counts.most_common(1)[0][0] if counts else None

    def _resolve_all(self) -> None:
        for token in self.doc:
            if not _is_np_head(token):
                continue
            actor = self._resolve(token)
            self._by_token[token.i] = actor
            if actor is not None and not (actor.country or actor.group) and token.pos_ != "PRON":
                # Registered so that "they" and "the unions" can refer back to it; its own phrase stays
                # country-less in `actor` (quotes and mentions see what the text says).
                actor = self.in_context(actor)
            # In an article naming no country, a sector ("the workers") is all "they" can refer back to.
            if actor is not None and (actor.country or actor.group or self._placeless(token, actor)
                                      or actor.sector in UPROOTED_SECTORS):
                # A body named by its role ("the Austrian government") is an "it", not a "he" or "she".
                body = token.lemma_.lower() in self.grammar.body_nouns and not actor.name
                person = bool(actor.name or (actor.role and not body) or token.ent_type_ == "PERSON"
                              or token.lemma_.lower() in self.grammar.person_nouns)
                subject = (token.dep_ in SUBJECT_DEPS or (token.dep_ == "appos" and token.head.dep_ in SUBJECT_DEPS)
                           or any(misparsed_main(c) for c in token.children))
                self.referents.append(Referent(token.i, self._sentence_of[token.i], actor, person, subject,
                                               token.lemma_.lower(), _plural(token)))

    def _resolve(self, token: Token) -> Actor | None:
        lower = token.text.lower()
        # "all of the opposition groups", "some of the protesters": a pronoun that counts people.
        counts = token.lemma_.lower() in self.grammar.partitive_nouns and any(
            c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
        if (token.pos_ == "PRON" or lower in RELATIVE_PRONOUNS) and not counts:
            return self._pronoun(token)
        if token.ent_type_ == "PERSON":
            return self._person(token)
        if token.lemma_.lower() in self.grammar.partitive_nouns:
            # "hundreds of students", "members of the union": the people counted are the actor.
            inner = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"]
            counted = self.actor(inner[0]) if inner else None
            if counted is not None and counted.sector is None and not counted.group and inner[0].ent_type_ == "NORP":
                # "dozens of Micronesians", "thousands of Syrians": people counted by nationality, not the state.
                counted = counted.replace(sector="CVL")
            if counted is not None and not (counted.country or counted.group):
                # "hundreds of refugees from Sudan": the parser hangs the origin from the count.
                wider = self._lexicon(np_span(token, wide=True))
                if wider is not None and wider.country and not wider.name:
                    counted = counted.replace(country=wider.country)
            if counted is not None:
                return counted
        named = self._named_over_owner(token)
        if named is not None:
            return named
        states = self._other_states(token)
        if states is not None:
            return states or None
        if token.pos_ == "PROPN" and token.ent_type_ in ("ORG", "") and token.lower_ in self.name_words and (
                self._lexicon(np_span(token)) is None):
            # "Wang added" after "Wang Yi, China's foreign minister": the model tags the short name as a body.
            return self.name_words[token.lower_].replace(text=token.text)
        actor = self._lexicon(self._name_span(token))
        if token.dep_ == "nsubj" and not (actor and (actor.country or actor.group)) and (
                token.lemma_.lower() in self.grammar.thing_nouns or made_by(token)):
            # "A report by Amnesty International accused ...", "the complaint lodged by Canada claims": a document
            # speaks for its author.
            author = next((a for a in (self.actor(g) for g in authors(token)) if a is not None), None)
            if author is not None:
                return author
        if (actor is not None and token.dep_ == "nsubj" and token.lemma_.lower() in self.grammar.thing_nouns
                and not (actor.group or actor.sector or actor.role)):
            # "The Kenyan plan calls for talks": a thing does not act, its country adjective names no doer;
            # "Kenya's plan" speaks for its possessor.
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            return self.actor(owner) if owner is not None else None
        if actor is None or not (actor.country or actor.group):
            wide = np_span(token, wide=True)
            wider = self._lexicon(wide)
            if wider is not None and wider.country and not wider.name:
                actor = (actor or wider).replace(country=wider.country, group=actor.group if actor else wider.group)
            elif actor is None and wider is not None and wider.role and self._named_through(token, wide):
                # "the Zaghreb Chamber of Commerce": the role phrase runs through the head into its "of" phrase.
                actor = wider
        # "Japan's foreign minister, Yoshimasa Hayashi": the role phrase names the person in apposition.
        for child in token.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                person = self._person(child)
                if person is not None:
                    return person.replace(text=np_span(token).text)
        if (actor is None and token.ent_type_ in ("ORG", "GPE")) or (actor is not None and not (
                actor.country or actor.group)):
            city = self._city_country(token)
            if city is not None:
                # "Karachi police", "the Lagos State Government", "the Dubai Municipality": a body named after its
                # city is of the city's country.
                actor = (actor or Actor(np_span(token).text)).replace(country=city)
        if actor is not None and (actor.country or actor.group):
            return actor
        if self._is_description(token):
            back = self._antecedent(token, person=token.lemma_.lower() in self.grammar.person_nouns,
                                    lemma=token.lemma_.lower())
            if back is not None:
                # "the army" of the Kenya named before is Kenya's military: the description keeps its own sector.
                return back.replace(text=np_span(token).text, role=(actor.role if actor and actor.role else back.role),
                                    sector=(actor.sector if actor and actor.sector else back.sector))
        return actor

    def _other_states(self, token: Token) -> Actor | None | bool:
        """ "the neighbouring Arab nations", "Gulf states": other states, a group when a region word qualifies them
        ("Arab states"), else False (no party, and no reference back to a state named before); None when the
        head is no qualified plural state noun."""
        if token.tag_ not in ("NNS", "NNPS") or token.lemma_.lower() not in self.grammar.state_nouns:
            return None
        qualifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod")]
        if not qualifiers or any(self.lexicon.country(c.text) for c in qualifiers):
            return None  # "the Baltic states" may be in the lexicon; "Kenyan and Ugandan states" name countries
        region = next((c.text for c in qualifiers if c.lower_ in self.grammar.state_group_words), None)
        if region is None:
            return False
        return Actor(text=np_span(token).text, group=f"{region.title()} states")

    def _named_over_owner(self, token: Token) -> Actor | None:
        """The name a possessed phrase gives ("Canada's neighbour Belize", "its neighbour, Uganda"): the party
        is the one named, not the owner, who only relates it to another."""
        # The owner may hang from a modifier of the name ("Canada's neighbour Belize": neighbour is a compound).
        possessed = [token, *(c for c in token.children if c.dep_ == "compound")]
        owners = {t.i for p in possessed for c in p.children if c.dep_ == "poss" for t in c.subtree}
        if not owners:
            return None
        names = [c for c in token.children if c.dep_ == "appos" and c.ent_type_ in NAMED_PARTIES]
        if token.ent_type_ in NAMED_PARTIES:
            ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
            if ent is not None and owners.isdisjoint(range(ent.start, ent.end)):
                actor = self._lexicon(ent)
                if actor is not None and (actor.country or actor.group):
                    return actor.replace(text=ent.text)
        for name in names:
            actor = self.actor(name)
            if actor is not None and (actor.country or actor.group):
                return actor
        return None

    def _city_country(self, token: Token) -> str | None:
        """The country of a sizeable city named in the proper-name modifiers before a body's head noun."""
        if self.gazetteer is None:
            return None
        names = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < token.i]
        for name in names:
            entry = self.gazetteer.best(name.text)
            if entry is not None and entry.kind == "city" and entry.population >= CITY_POPULATION:
                return entry.place.country
        return None

    def _named_through(self, token: Token, span: Span) -> bool:
        """Whether a lexicon phrase in `span` covers the head token itself (not only a modifier of it)."""
        try:
            return any(start <= token.i < end for start, end, _ in self.lexicon.find(span))
        except (ValueError, IndexError):
            return False

    def _name_span(self, token: Token) -> Span:
        """The noun phrase a head names, through its "of" phrase when a listed name runs on into it ("the
        Commonwealth of Dominica" is Dominica, not the Commonwealth)."""
        narrow, wide = np_span(token), np_span(token, wide=True)
        if wide.end > narrow.end and any(s <= token.i < e and e > narrow.end for s, e, _ in self.lexicon.find(wide)):
            return wide
        return narrow

    def _lexicon(self, span: Span) -> Actor | None:
        key = (span.start, span.end)
        if key not in self._by_span:
            try:
                self._by_span[key] = self.lexicon.resolve_span(span)
            except (ValueError, IndexError):  # a degenerate span: nothing to resolve
                self._by_span[key] = None
        return self._by_span[key]

    def _is_description(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        if lemma not in self.grammar.person_nouns and lemma not in self.grammar.body_nouns:
            return False
        dets = [c.lower_ for c in token.children if c.dep_ in ("det", "poss")]
        # "the diplomat", "the government", "his ministry" refer back; "a diplomat", "eight diplomats" are new.
        return any(d in DEFINITE for d in dets)

    # -- people -----------------------------------------------------------------------------------

    def _person(self, token: Token) -> Actor | None:
        ent = entity_at(self.doc, token.i)
        if ent is None or ent.label_ != "PERSON" or token.i != ent.root.i:
            return None
        if token.lemma_.lower() in self.grammar.body_nouns:
            # "The Niue Cabinet", "the Tonga Ministry": the model tags a body as a person; a body has no name to
            # bind, and its own phrase (not a title's guess) says whose it is.
            named = self._lexicon(ent)
            if named is not None and (named.country or named.group):
                return named
            # The lexicon keeps no place inside a person's name ("George Washington"): read the words anew.
            country = next((c for c in map(self.lexicon.country, (t.text for t in ent)) if c), None)
            own = self._lexicon(self.doc[token.i : token.i + 1])
            return Actor(ent.text, country, sector=own.sector if own else None,
                         role=own.role if own else None) if country else None
        name = " ".join(t.text for t in ent if t.lower_ not in TITLES)
        known = self.people.get(name.lower()) or self.people.get(ent[-1].lower_) or (
            self.name_words.get(name.lower()) if len(ent) == 1 else None)
        if known is not None:
            again = known.replace(text=ent.text)
            if known in self.contextual:
                self.contextual.add(again)
            return again
        bound = self._introduction(ent)
        title = self._state_title(ent) if bound is None else None
        if title is None and bound is None:
            # "Opposition leader John Mbeki", "activist Jane Oduya": a title of a sector with no country names
            # a person of that sector in the country the article is about.
            title = next((a for a in map(self._lexicon, self._title_spans(ent))
                          if a is not None and a.sector and not a.group), None)
        if title is not None:
            # "President Barack Obama" with no country in the text: a state office is held in the country the
            # article is about (trusted less, as other actors placed by context).
            bound = self.in_context(title)
        if bound is None or not (bound.country or bound.group):
            # The small model tags some country names as people ("Belarus"): the lexicon knows better.
            named = self._lexicon(ent)
            return named if named is not None and named.country and not named.role else None
        actor = Actor(ent.text, bound.country, bound.group, bound.sector, name, bound.role)
        if title is not None:
            self.contextual.add(actor)
        self.people[name.lower()] = actor
        self.people.setdefault(ent[-1].lower_, actor)
        for word in ent:
            if word.lower_ not in TITLES and word.is_alpha and len(word) > 1:
                self.name_words.setdefault(word.lower_, actor)
        return actor

    def _state_title(self, ent: Span) -> Actor | None:
        """The state office in the title before a name ("President Barack Obama"), when it names no country."""
        left = [c for c in ent.root.lefts if c.i < ent.start and c.dep_ in ("compound", "amod", "nmod")]
        titles = [self.doc[min(t.i for c in left for t in c.subtree) : ent.end]] if left else []
        titles.append(ent)  # the model sometimes keeps the title inside the name
        for span in titles:
            actor = self._lexicon(span)
            if actor is not None and actor.role and actor.sector in STATE_ROLE_SECTORS and not actor.group:
                return actor
        return None

    def _introduction(self, ent: Span) -> Actor | None:
        """The title or apposition that says who a newly named person is."""
        root = ent.root
        for span in self._title_spans(ent):
            actor = self._lexicon(span)
            if actor is not None and (actor.country or actor.group):
                return actor
        # "the diplomat, whom reports identified as Tatsunori Motoki": the phrase the relative clause hangs on.
        if root.dep_ == "pobj" and root.head.lower_ == "as":
            verb = root.head.head
            target = verb.head if verb.dep_ in ("acl", "relcl") else next(
                (c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if target is not None and target.i < root.i:
                return self.actor(target)
        return None

    def _title_spans(self, ent: Span) -> list[Span]:
        """The phrases that may say who a named person is: title words before the name, appositions."""
        root = ent.root
        candidates: list[Span] = []
        # "Japanese Foreign Minister Yoshimasa Hayashi": title words before the name in the same phrase.
        left = [c for c in root.lefts if c.i < ent.start and c.dep_ in ("compound", "amod", "nmod", "poss")]
        if left:
            start = min(t.i for c in left for t in c.subtree)
            candidates.append(self.doc[start : ent.end])
        # "Japan's foreign minister, Yoshimasa Hayashi," and "Takeo Mori, Japan's vice foreign minister,".
        if root.dep_ == "appos":
            candidates.append(np_span(root.head))
            candidates.append(np_span(root.head, wide=True))
        for child in root.children:
            if child.dep_ == "appos":
                candidates.append(np_span(child))
                candidates.append(np_span(child, wide=True))
        title = _title_before_comma(root)
        if title is not None:
            candidates.append(np_span(title, wide=True))
        return candidates

    # -- pronouns and descriptions ------------------------------------------------------------------

    def _pronoun(self, token: Token) -> Actor | None:
        lower = token.lower_
        if lower in RELATIVE_PRONOUNS and token.head.dep_ in ("relcl", "acl"):
            return self.actor(token.head.head)
        if lower in PERSON_PRONOUNS:
            return self._antecedent(token, person=True)
        if lower in THING_PRONOUNS:
            return self._antecedent(token, person=False)
        if lower in PLURAL_PRONOUNS:
            return self._antecedent(token, person=None)
        if lower in FIRST_PERSON:
            speaker = self._speaker(token)
            return self.actor(speaker) if speaker is not None else None
        return None

    def _speaker(self, token: Token) -> Token | None:
        """Who says the words "I" or "we" stand in: the subject of the speech verb their clause is reported by
        ('"We will not retreat," the minister said')."""
        node = token
        for _ in range(10):
            if node.head.i == node.i:
                return None
            link, node = node.dep_, node.head
            if link in ("ccomp", "parataxis") and node.lemma_.lower() in self.grammar.speech:
                return next((c for c in node.children if c.dep_ == "nsubj" and c.lower_ not in FIRST_PERSON), None)
        return None

    def _antecedent(self, token: Token, person: bool | None, lemma: str | None = None) -> Actor | None:
        here = self._sentence_of[token.i]
        earlier = [r for r in self.referents if r.token < token.i and here - r.sentence <= REACH]
        if lemma is not None:
            # "the diplomat" names the last diplomat first; "the government" the last country acting.
            same = [r for r in earlier if r.lemma == lemma or (r.actor.role and lemma in r.actor.role.split())]
            if same:
                return same[-1].actor
        for sentence in range(here, here - REACH - 1, -1):
            pool = [r for r in earlier if r.sentence == sentence and (person is None or r.person == person)]
            # In the pronoun's own sentence a possessive ("in response to its invasion") takes the nearest
            # phrase; elsewhere subjects, the likelier topics, go first.
            nearest = sentence == here and token.dep_ == "poss"
            # "they" and "it" agree in number with what they stand for ("Russia will bomb the rebels if they
            # attack"), when the sentence offers a phrase of that number.
            plural = token.lower_ in PLURAL_PRONOUNS if token.lower_ in PLURAL_PRONOUNS | THING_PRONOUNS else None
            agreeing = [r for r in pool if r.plural == plural]
            for r in sorted(agreeing or pool, key=lambda r: (r.token,) if nearest else (r.subject, r.token),
                            reverse=True):
                return r.actor
        return None


def authors(thing: Token) -> list[Token]:
    """Who wrote or made a thing: its owner ("Kenya's plan"), its "by" phrase ("a report by Amnesty"), or the agent
    of the participle that made it (see `made_by`)."""
    return [c for c in thing.children if c.dep_ == "poss"] + [
        g for c in thing.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"] + (
        made_by(thing))


def made_by(thing: Token) -> list[Token]:
    """The agent of the participle a noun is made by: "the complaint lodged by Canada", "a statement issued by the
    army"."""
    return [g for c in thing.children if c.dep_ == "acl" and c.tag_ == "VBN" for a in c.children
            if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]


def _title_before_comma(name: Token) -> Token | None:
    """ "Foreign Minister of Bahamas, Mr. Willem Kooi, said": the parser hangs the title beside the name, from the
    same verb, instead of making one the other's apposition; the title phrase ends at the comma before the name."""
    start = name.left_edge.i
    if start < 2 or name.doc[start - 1].text != ",":
        return None
    title = next((c for c in name.head.children if c.i < start and c.right_edge.i == start - 2
                  and c.dep_ in ("npadvmod", "nsubj", "dep", "appos") and c.pos_ in ("NOUN", "PROPN")), None)
    return title if title is not None and name.head.i != name.i else None


def misparsed_main(verb: Token) -> bool:
    """Whether a verb the parser hung as a modifier of a noun (acl) is the sentence's main verb: its sentence has
    no verbal root ("In a rally outside the Capitol, workers called on lawmakers to ...": the small model makes
    "called" an acl of "workers"), and it is a finite form, with no subject and no "by" agent."""
    # Not a participle (VBN): "Former head of state sentenced to prison" is a headline's passive.
    if verb.dep_ != "acl" or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "agent", "auxpass") for c in verb.children):
        return False
    return verb.sent.root.pos_ not in ("VERB", "AUX")


def _plural(token: Token) -> bool:
    """Whether a noun phrase head stands for more than one: a plural noun or a coordination ("Kenya and Uganda")."""
    # "the United States", "the Philippines" are one country, an "it".
    return (token.tag_ in ("NNS", "NNPS") and token.ent_type_ != "GPE") or any(c.dep_ == "conj" for c in token.children)


def _is_np_head(token: Token) -> bool:
    if token.pos_ not in ("NOUN", "PROPN", "PRON"):
        return False
    if token.dep_ in ("compound", "flat", "nmod") and token.head.pos_ in ("NOUN", "PROPN"):
        return False
    return not (token.ent_iob_ == "I" and token.ent_type_ and token.head.i != token.i
                and token.head.ent_iob_ in ("B", "I") and token.head.ent_type_ == token.ent_type_)


def np_span(token: Token, wide: bool = False) -> Span:
    """The noun phrase a head token stands for: its left modifiers, and with `wide` its linking phrases."""
    doc = token.doc
    lefts = [t for c in token.lefts if c.dep_ not in ("punct", "cc") for t in c.subtree]
    start = min([token.i] + [t.i for t in lefts])
    end = token.i + 1
    if wide:
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ in LINKING_PREPS or child.dep_ in ("amod", "compound"):
                end = max(end, max(t.i for t in child.subtree) + 1)
        end = min(end, token.i + 12)
    return doc[start:end]
