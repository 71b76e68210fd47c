"""Where a pattern's actor and recipient sit around its trigger: the role specs of `patterns.py`.

Read roles come from the parse ("subj", "obj", "agent", "poss", "prep:against", ...). Inferred roles
("counterpart", "place_owner", "source") are guesses from the article and are tried only when no read
role gives an actor; the coder lowers the confidence of events that use them.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from tidings.extract.grammar import Grammar
from tidings.extract.references import ArticleReferences, misparsed_main, np_span
from tidings.records import Actor

# Links along which a verb takes its subject from the verb above it.
SUBJECT_LINKS = {"xcomp", "advcl", "conj", "pcomp", "prep", "acomp"}
OBJECT_DEPS = ("dobj",)
# Entity kinds of an object that is an amount (see `RoleReader.amount`).
AMOUNT_ENTITIES = frozenset({"MONEY", "QUANTITY", "CARDINAL"})


def governor(noun: Token) -> Token | None:
    """The verb a nominal trigger is the object of, through prepositions and partitives ("joined the talks",
    "took part in a round of talks"); None when it hangs from no verb."""
    node = noun
    for _ in range(4):
        if node.dep_ in ("dobj", "attr", "oprd", "nsubjpass") and node.head.pos_ in ("VERB", "AUX"):
            return node.head
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            node = node.head.head
            if node.pos_ in ("VERB", "AUX"):
                return node
            continue
        return None
    return None


def acts_for_head(verb: Token) -> bool:
    """Whether the noun a modifier clause hangs from does what the clause says: a reduced relative in -ing
    ("protesters calling for action") or a misparsed main verb (see `misparsed_main`)."""
    if verb.dep_ != "acl" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    return verb.tag_ == "VBG" or misparsed_main(verb)


class RoleReader:
    """Reads role specs off one parsed article."""

    def __init__(self, refs: ArticleReferences, grammar: Grammar) -> None:
        self.refs = refs
        self.grammar = grammar

    def read(self, spec: str, trigger: Token, anchor: Token) -> list[Actor]:
        return self._collect(self.tokens(spec, trigger, anchor))

    def _collect(self, tokens: Sequence[Token]) -> list[Actor]:
        found: list[Actor] = []
        for token in tokens:
            for actor in self.refs.actors(token):
                if actor not in found:
                    found.append(actor)
        return found

    def civilians(self, spec: str, trigger: Token, anchor: Token) -> list[Actor]:
        """The people a spec points at that name no actor ("detained Ms. Sobchak", "killed 12", "arrested those
        responsible"), as civilians of the article's country; they join `refs.contextual`, trusted less."""
        country = self.refs.main_country
        found: list[Actor] = []
        for token in self.tokens(spec, trigger, anchor) if country else []:
            if self.refs.actors(token) or not self.unplaced_person(token):
                continue
            person = token.ent_type_ == "PERSON"
            text = np_span(token).text
            actor = Actor(text=text, country=country, sector="CVL", name=text if person else None)
            self.refs.contextual.add(actor)
            if actor not in found:
                found.append(actor)
        return found

    def unplaced_person(self, token: Token) -> bool:
        """Whether a head stands for people the lexicon does not place: a named person, a bare count, "those"."""
        lemma = token.lemma_.lower()
        if token.ent_type_ == "PERSON":
            return True
        if token.pos_ == "PROPN" and self._described_as_person(token):
            # "Ksenia Ivanova, 30, a journalist": the model may tag the name as a place; its age or calling says
            # it is a person.
            return True
        if token.pos_ == "NUM" or token.ent_type_ == "CARDINAL":
            # "killed 12", "arrested two": a bare count is of people; "two of the ships" is not bare.
            return not any(c.dep_ == "prep" for c in token.children)
        return lemma in self.grammar.people_pronouns or (token.pos_ == "NOUN" and lemma in self.grammar.person_nouns)

    def _described_as_person(self, name: Token) -> bool:
        """Whether a name has an apposition that only a person has: an age ("30") or a calling ("an actress")."""
        for appos in (c for c in name.children if c.dep_ == "appos"):
            if (appos.pos_ == "NUM" or appos.like_num) and appos.i == name.i + 2:
                return True
            if appos.pos_ == "NOUN" and any(w.lemma_.lower() in self.grammar.person_nouns
                                            for w in (appos, *appos.conjuncts)):
                return True
        return False

    def tokens(self, spec: str, trigger: Token, anchor: Token) -> list[Token]:
        """The noun phrase heads a spec points at."""
        name, _, arg = spec.partition(":")
        if name == "subj":
            return self.subject(anchor, passive=False)
        if name == "subjpass":
            return self.subject(anchor, passive=True)
        if name == "agent":
            agents = [g for a in (anchor, trigger) for c in a.children if c.dep_ == "agent"
                      for g in c.children if g.dep_ == "pobj"]
            if not agents and any(c.dep_ == "auxpass" for c in anchor.children):
                # "was arrested on suspicion of treason by the British government": the parser may hang the
                # passive's "by" phrase from the noun of a phrase on the verb.
                agents = [b for p in anchor.children if p.dep_ == "prep" for n in p.children if n.dep_ == "pobj"
                          for by in n.children if by.dep_ == "prep" and by.lower_ == "by"
                          for b in by.children if b.dep_ == "pobj"]
            return agents
        if name == "obj":
            return [c for c in anchor.children if c.dep_ in OBJECT_DEPS and c.i != trigger.i]
        if name == "dative":
            # "sent Ukraine tanks" (a noun) and "sent tanks to Ukraine" (spaCy tags "to" dative too).
            datives = [c for c in anchor.children if c.dep_ == "dative"]
            return [g for c in datives for g in ([c] if c.pos_ != "ADP" else c.children) if g.dep_ != "punct"]
        if name == "modified":
            return [anchor.head] if anchor.dep_ == "acl" else []
        if name == "poss":
            return [c for c in trigger.children if c.dep_ == "poss"]
        if name == "amod":
            return [c for c in trigger.children if c.dep_ in ("amod", "compound", "nmod")
                    and self.refs.lexicon.country(c.text)]
        if name == "prep":
            words = set(arg.split("|"))
            heads = {anchor, trigger, *(c for c in anchor.children if c.dep_ == "dobj" and self.amount(c))}
            preps = [c for a in heads for c in a.children if c.dep_ in ("prep", "dative") and c.lower_ in words]
            return [g for p in preps for g in p.children if g.dep_ == "pobj"]
        if name == "gov_subj":
            return self.subject(governor(trigger), passive=False) if governor(trigger) is not None else []
        if name == "ccomp_subj":
            clauses = [c for c in trigger.children if c.dep_ in ("ccomp", "acl", "relcl")]
            return [s for c in clauses for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
        return []  # inferred specs are the coder's

    def amount(self, token: Token) -> bool:
        """Whether an object counts or measures what is given ("40 million kroner", "$3 billion", "hundreds of
        refugees"): the parser hangs the act's own phrases from it ("contributed 40 million kroner to Malawi")."""
        return (token.ent_type_ in AMOUNT_ENTITIES or token.pos_ == "NUM"
                or token.lemma_.lower() in self.grammar.partitive_nouns)

    def accused(self, trigger: Token) -> list[Actor]:
        """Who an accusation says did the act a noun names: "accused Togo of the killing", "Mali was charged with
        torture" (the accuser only claims it; a verb's doer is found by `subject` through object control)."""
        prep = trigger.head
        if trigger.dep_ != "pobj" or prep.lower_ not in ("of", "for", "with") or prep.dep_ != "prep":
            return []
        verb = prep.head
        if verb.dep_ == "dobj" and verb.head.lemma_.lower() in self.grammar.accusing_heads:
            return self._collect([verb])  # "of torture" hung from the accused ("accused Zambia of torture")
        if verb.lemma_.lower() not in self.grammar.accusing_heads:
            return []
        return self._collect([c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")])

    def subject(self, verb: Token, passive: bool) -> list[Token]:
        """The subject of a verb, taken from the verbs above it when it has none of its own.

        "Japan was quick to join X in imposing sanctions": imposing -> join -> quick -> was -> Japan.
        "condemned Russian officials for detaining": the object of an object-control verb acts.
        """
        node = verb
        joined: list[Token] = []
        link, below = "", verb
        for _ in range(10):
            subjects = _one_phrase([c for c in node.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")] or [
                # "said the administration had frozen aid": the parser may hang the subject from the auxiliary.
                g for c in node.children if c.dep_ in ("aux", "auxpass") for g in c.children
                if g.dep_ in ("nsubj", "nsubjpass")])
            if subjects:
                first = subjects[0]
                if first.dep_ == "nsubjpass" and not passive and link == "xcomp" and not any(
                        c.dep_ == "auxpass" for c in below.children):
                    # "the IMF is poised to grant", "Iran was forced to withdraw": the subject of the passive
                    # verb above does the infinitive's act.
                    return [first, *joined]
                if (first.dep_ == "nsubjpass") != passive:
                    return []
                return [first, *joined] if not passive else [first]
            if node.dep_ == "acl" and node.head.lemma_.lower() in self.grammar.control_nouns and not passive:
                # "Russia's move to suspend the talks", "the decision by Platino to suspend": the noun's owner acts.
                noun = node.head
                owners = ([c for c in noun.children if c.dep_ == "poss"]
                          or [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"
                              for g in c.children if g.dep_ == "pobj"])
                owning = governor(noun)
                if not owners and owning is not None and owning.lemma_.lower() in self.grammar.owning_verbs:
                    # "New Zealand announced a plan to suspend talks": who announces the plan carries it out.
                    return self.subject(owning, passive=False)
                return owners
            if node.dep_ == "acl" and not passive and acts_for_head(node) and (
                    node.head.lemma_.lower() not in self.grammar.thing_nouns):
                return [node.head, *joined]
            if node.dep_ not in SUBJECT_LINKS or node.head.i == node.i:
                return []
            link, below, node = node.dep_, node, _conjoined_with(node)
            if link == "prep" or link == "xcomp":
                lemma = node.lemma_.lower()
                objects = [c for c in node.children if c.dep_ == "dobj"]
                if objects and lemma in self.grammar.comitative:
                    joined.extend(objects)
                elif objects and lemma in self.grammar.object_control and not passive:
                    return objects
        return []


def _one_phrase(subjects: list[Token]) -> list[Token]:
    """Subjects with a misparsed apposition joined: "Russia's ally Belarus condemned" comes as two subjects,
    "ally" (owned by Russia) and "Belarus"; the name right after the common noun is the party that acts."""
    if len(subjects) < 2:
        return subjects
    first, second = subjects[0], subjects[1]
    # The name must follow the noun with nothing between ("ally Belarus") and begin its own entity.
    start = second.left_edge
    if (first.pos_ == "NOUN" and second.pos_ == "PROPN" and first.right_edge.i == first.i
            and start.i == first.i + 1 and start.ent_iob_ == "B"
            and second.ent_type_ in ("GPE", "ORG", "NORP", "PERSON")):
        return [second, *subjects[2:]]
    return subjects


def _conjoined_with(verb: Token) -> Token:
    """The verb a verb hangs from, or for a gerund conjoined to a verb of another form the gerund above it: in
    "allowing refugees to cross and granting them asylum" the parser joins "granting" to "cross"; who grants is
    who allows."""
    head = verb.head
    if verb.dep_ != "conj" or verb.tag_ != "VBG" or head.tag_ == "VBG":
        return head
    node = head
    for _ in range(3):
        if node.head.i == node.i:
            break
        node = node.head
        if node.tag_ == "VBG" and node.pos_ == "VERB":
            return node
    return head
