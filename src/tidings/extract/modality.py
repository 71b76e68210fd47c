"""Whether an event is reported as done, denied, planned, imagined, or claimed by someone.

Read from the trigger's own clause and the clauses above it: a negation on the trigger, a modal or
"if" on its clause, a "plans to" or "refused to" above it, and a reporting verb ("Tass said ...",
"according to X") whose complement holds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from tidings.extract.grammar import Grammar

# Dependencies that keep us inside the same reported content while walking up.
CLAUSE_LINKS = {"xcomp", "conj", "advcl", "pcomp", "prep", "acomp", "pobj", "dobj", "nsubj", "nsubjpass",
                "acl", "relcl", "appos", "attr", "oprd", "ccomp", "parataxis", "npadvmod", "compound", "amod"}


@dataclass(slots=True, frozen=True)
class Reading:
    modality: str  # asserted | negated | future | hypothetical | claimed
    source: Token | None = None  # the head of the phrase that claims it ("Tass", "officials")
    cue: str | None = None  # the word that decided, for `explain`


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det", "neg")
               for c in token.children)


def _aux(token: Token) -> set[str]:
    own = {c.lower_ for c in token.children if c.dep_ == "aux"}
    if not own and token.dep_ == "conj":
        # "was detained and will be freed" keeps its own aux; a bare conjunct shares its head's.
        own = {c.lower_ for c in token.head.children if c.dep_ == "aux"}
    return own


def read_modality(trigger: Token, anchor: Token, grammar: Grammar, negated_trigger: bool = False) -> Reading:
    sentence = trigger.sent
    conditional = any(t.lower_ in grammar.conditional_marks and t.dep_ == "mark" for t in sentence)
    # A noun trigger takes the negation and tense of the verb it is the object of ("will not send aid").
    governor = anchor.head if anchor.pos_ in ("NOUN", "PROPN") and anchor.dep_ in ("dobj", "nsubjpass") else anchor
    if governor is anchor and anchor.pos_ in ("NOUN", "PROPN"):
        # Also through a preposition: "could be included in talks" is no talk held.
        # Only a preposition on the verb itself ("should investigate the use of X" leaves X as it is), and not one
        # of time or circumstance ("may get serious after several visits").
        prep = anchor.head
        if (anchor.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.pos_ in ("VERB", "AUX")
                and prep.lower_ not in grammar.background_prepositions):
            governor = prep.head
    through_prep = governor is not anchor and anchor.dep_ == "pobj"
    # An adjective takes the negation of its copula ("Turkey was not critical of").
    copula = anchor.head if anchor.pos_ == "ADJ" and anchor.dep_ == "acomp" else anchor
    if not negated_trigger and (_negated(trigger) or _negated(anchor) or _negated(governor) or _negated(copula)):
        # "will not send aid", "won't meet": a refusal; "did not send aid": a denial.
        refused = sorted((_aux(anchor) | _aux(trigger) | _aux(governor)) & (grammar.future_aux | {"would"}))
        return Reading("negated", cue=refused[0] + " not" if refused else "not")
    marks = {c.lower_ for c in anchor.children if c.dep_ == "mark"}
    # "is weighing whether to strike" considers the act as "is considering a strike" does: an announced intent.
    weighed = marks == {"whether"} and anchor.dep_ in ("xcomp", "ccomp") and (
        anchor.head.lemma_.lower() in grammar.intent_cues)
    marks |= {c.lower_ for c in governor.children if c.dep_ == "mark"}
    if marks & grammar.conditional_marks and not weighed:
        # The act's own clause is the condition or the question ("asked whether Uganda would expel"): its
        # "would" announces nothing. A "would" whose condition hangs elsewhere ("would strike if") is read below.
        return Reading("hypothetical", cue="if")
    for verb in (anchor, trigger, governor):
        aux = _aux(verb)
        if aux & grammar.hypothetical_aux - {"would"} or ("would" in aux and conditional):
            if through_prep and verb is governor and any(c.dep_ == "auxpass" for c in verb.children):
                # "X could be included in talks": a possibility for the talks, no one's offer to hold them.
                return Reading("hypothetical", cue="possible")
            return Reading("hypothetical", cue=sorted(aux & grammar.hypothetical_aux)[0])
    future_aux = sorted((_aux(anchor) | _aux(governor)) & (grammar.future_aux | {"would"}))
    future = future_aux[0] if future_aux else None
    if future is None and any(_scheduled(v, grammar) for v in {anchor, governor}):
        # "are meeting next week", "travels to Togo on Monday": the present with a time ahead is a future act.
        future = "scheduled"
    source: Token | None = None
    cue = None
    # Walk up the heads: "plans to", "refused to", "denied that", "Tass said that".
    node = anchor
    # Past the description of a known act, only a reporting verb still applies: "demanded the release of activists
    # arrested last week" (the arrests were made), "refused to give details about the killings" (they happened).
    settled = _described(anchor, trigger, grammar)
    for _ in range(12):
        if node.head.i == node.i or node.dep_ not in CLAUSE_LINKS:
            break
        below, link, node = node, node.dep_, node.head
        lemma = node.lemma_.lower()
        if settled:
            if link in ("ccomp", "parataxis") and lemma in grammar.speech and source is None:
                source = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                cue = lemma
            continue
        if link == "acl" and lemma in grammar.unrealised_nouns:
            # "Russia's threat to expel", "a plan to close the border": the act is only proposed.
            return Reading("hypothetical", cue=lemma)
        if link in ("xcomp", "ccomp", "pcomp", "dobj") and _refusing(node, grammar):
            return Reading("negated", cue=_phrasal(node))
        # "urged X to lift", "demanded the release", "called for the resignation" (not "at a rally ... called")
        # "pressed the government to free them" may hang the infinitive as an adverbial clause.
        infinitive = link == "xcomp" or (link == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                               for c in below.children))
        asked = infinitive or link == "dobj" or (link == "prep" and below.lower_ == "for")
        # "ordered Poland to suspend the law" asks; "ordered the return of the observers" decides it.
        if asked and lemma in grammar.requesting_heads:
            return Reading("hypothetical", cue="asked")
        if infinitive and lemma in grammar.deadline_heads and _sets_a_deadline(node):
            # "gave Britain 48 hours to release the tanker": an ultimatum's demand, not a done act.
            return Reading("hypothetical", cue="asked")
        if infinitive and lemma in grammar.commanding_heads:
            # Asked of another party, decided for one's own (the coder tells which from the orderer's country).
            return Reading("hypothetical", next((c for c in node.children if c.dep_ == "nsubj"), None), "ordered")
        if link == "prep" and below.lower_ in ("of", "for", "with") and lemma in grammar.accusing_heads:
            # "accused Russia of shelling", "was charged with spying": the accuser's claim, not a reported act.
            return Reading("claimed", _accuser(node), lemma)
        if (link == "prep" and below.lower_ in ("of", "for", "with") and node.dep_ == "dobj"
                and node.head.lemma_.lower() in grammar.accusing_heads):
            # The parser may hang "of torture" from the accused ("accused Zambia of torture").
            return Reading("claimed", _accuser(node.head), node.head.lemma_.lower())
        if link == "prep" and below.lower_ == "of" and node.dep_ == "pobj" and node.head.i < node.i:
            phrase = node.doc[node.head.i : below.i + 1].text.lower()
            if phrase in grammar.conditional_phrases:
                return Reading("hypothetical", cue=phrase)
        if link in ("xcomp", "ccomp") and lemma in grammar.negating_heads:
            return Reading("negated", cue=lemma)
        # "committed to working together": a gerund under "to" is the head's infinitive.
        gerund = link == "prep" and below.lower_ == "to" and any(c.dep_ == "pcomp" and c.tag_ == "VBG"
                                                                  for c in below.children)
        if (link in ("xcomp", "ccomp") or gerund) and lemma in grammar.future_heads:
            future = future or lemma
        if link in ("xcomp", "ccomp") and _negated(node):
            return Reading("negated", cue="not " + lemma)
        if link in ("xcomp", "ccomp", "advcl") and (_aux(node) & grammar.hypothetical_aux - {"would"}):
            return Reading("hypothetical", cue=sorted(_aux(node) & grammar.hypothetical_aux)[0])
        if link in ("ccomp", "parataxis") and lemma in grammar.speech and source is None:
            source = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            cue = lemma
    if future:
        # The speaker of an announced act is kept: "Venezuela said Guyana would pay a price" is its threat.
        return Reading("future", source=source, cue=future)
    if source is None:
        source = _according_to(trigger)
        cue = "according to" if source is not None else None
    if source is not None:
        return Reading("claimed", source, cue)
    return Reading("asserted")


def refused(reading: Reading, grammar: Grammar) -> bool:
    """Whether a negated reading refuses the act ("will not send", "refused to meet") rather than deny it."""
    if reading.modality != "negated" or reading.cue is None:
        return False
    words = reading.cue.split()
    return reading.cue in grammar.refusing_heads or (len(words) == 2 and words[1] == "not") or (
        words[0] == "not" and words[-1] in grammar.intent_cues | grammar.future_heads)


def intended(reading: Reading, grammar: Grammar) -> bool:
    """Whether a future or hypothetical reading announces the act ("will expel", "threatened to", "could cut")
    rather than plan, forecast or suppose it ("expected to", "if they attack")."""
    return reading.modality in ("future", "hypothetical") and reading.cue in grammar.intent_cues


PRESENT_TAGS = {"VBZ", "VBP"}
PROGRESSIVE_AUX = {"is", "are", "am", "'s", "'re", "'m"}


def _scheduled(verb: Token, grammar: Grammar) -> bool:
    """Whether a present or present-progressive verb is set ahead by a time in its own clause ("meets Uganda
    tomorrow", "are holding talks in the coming days", "travels to Togo on Monday")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    progressive = verb.tag_ == "VBG" and bool(aux) and aux <= PROGRESSIVE_AUX
    if not (verb.tag_ in PRESENT_TAGS and not aux or progressive):
        return False
    # The verb's own time phrases and those of its object ("holding talks in the coming days").
    near = [c for c in verb.children]
    near += [g for c in verb.children if c.dep_ == "dobj" for g in c.children if g.dep_ == "prep"]
    for c in near:
        if c.dep_ in ("npadvmod", "tmod", "advmod") and (c.lower_ in grammar.scheduled_times or any(
                g.lower_ in grammar.scheduled_times for g in c.children)):
            return True
        if c.dep_ == "prep" and c.lower_ in ("on", "in", "during", "over"):
            for p in c.children:
                # A bare weekday only with an act in progress: headlines tell done acts in the simple present
                # ("Kenya expels envoys on Monday").
                if p.dep_ == "pobj" and (p.lower_ in grammar.weekdays and c.lower_ == "on" and progressive or any(
                        g.lower_ in grammar.scheduled_times for g in p.children)):
                    return True
    return False


def _described(anchor: Token, trigger: Token, grammar: Grammar) -> bool:
    """Whether the act is told as a known one inside another phrase: a participle describing a noun ("activists
    arrested last week", "people killed in the collapse"), or a definite noun that is the topic of another
    ("information regarding the killings", "an inquiry into the shelling", "to speak about the deployment")."""
    if anchor.dep_ == "acl" and anchor.tag_ == "VBN" and anchor.pos_ == "VERB" and not any(
            c.dep_ in ("aux", "auxpass") for c in anchor.children):
        return anchor.head.lemma_.lower() not in grammar.unrealised_nouns
    if trigger.pos_ != "NOUN" or trigger.dep_ != "pobj" or trigger.head.lower_ not in grammar.topic_prepositions:
        return False
    return any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
               for c in trigger.children)


def own_condition(anchor: Token, grammar: Grammar) -> Token | None:
    """The verb of an "if"/"unless" clause on the act's own verb ("would deploy missiles if NATO expanded", "could
    paralyse the mine unless the owners raise wages"), or on the verb a noun trigger is the object of."""
    verbs = [anchor]
    if anchor.pos_ in ("NOUN", "PROPN") and anchor.dep_ in ("dobj", "nsubjpass"):
        verbs.append(anchor.head)
    for verb in verbs:
        for clause in verb.children:
            if clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in grammar.threat_conditions
                                              for m in clause.children):
                return clause
    return None


def consents(condition: Token, grammar: Grammar) -> bool:
    """Whether a condition consents or asks rather than defies ("if asked", "if the UN approves", "if needed"):
    the act it allows is help or a plan, no threat."""
    heads = {condition.lemma_.lower(), *(c.lemma_.lower() for c in condition.children if c.dep_ in ("xcomp", "acomp"))}
    return not heads.isdisjoint(grammar.consenting_conditions)


def demands(condition: Token, grammar: Grammar) -> bool:
    """Whether a condition is another's failure to act ("unless the owners raise wages", "if Bamako does not
    release them", "if talks fail"): the act announced is pressure, whoever the condition names."""
    marks = {c.lower_ for c in condition.children if c.dep_ == "mark"}
    return "unless" in marks or _negated(condition) or condition.lemma_.lower() in grammar.negating_heads


def _sets_a_deadline(verb: Token) -> bool:
    """Whether a verb's object or phrase is a span of time ("48 hours", "until Friday", "a week")."""
    for child in verb.children:
        if child.dep_ in ("dobj", "npadvmod") and child.ent_type_ in ("TIME", "DATE"):
            return True
        if child.dep_ == "prep" and child.lower_ in ("until", "till") and any(g.dep_ == "pobj" for g in child.children):
            return True
    return False


def _accuser(verb: Token) -> Token | None:
    """Who accuses: the subject of an active accusing verb, the "by" agent of a passive one."""
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    if not passive:
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)


def _phrasal(verb: Token) -> str:
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    return f"{verb.lemma_.lower()} {particle}".strip()


def _refusing(verb: Token, grammar: Grammar) -> bool:
    return verb.lemma_.lower() in grammar.refusing_heads or _phrasal(verb) in grammar.refusing_heads


def _according_to(trigger: Token) -> Token | None:
    for token in trigger.sent:
        if token.lower_ == "according":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            if to is not None:
                return next((c for c in to.children if c.dep_ == "pobj"), None)
    return None
