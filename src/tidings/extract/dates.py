"""When an event happened: time expressions found, normalised against the publication date, attached to events.

News dates are relative ("said Tuesday", "last week", "in April"); they resolve against the publication date
and the tense of the clause that carries them. A date is attached to an event only when the dependency tree
ties it to the event's clause; otherwise the event gets an honest window before publication with precision
"unknown", never the publication day dressed up as the event day.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from spacy.tokens import Doc, Span, Token

from tidings.codebook.schema import read_data_file
from tidings.errors import TidingsError

DEFAULT_LEXICON = ("codebook", "data", "cues", "time.toml")
# Dependency relations that open a clause with its own time: a date inside one does not date its head.
EMBEDDED_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis", "csubj", "pcomp"})
# Relations through which a clause inherits the time of its head when it has none of its own.
INHERITING_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep", "pobj", "dobj", "nsubj", "nsubjpass",
                             "attr", "oprd", "appos", "compound", "poss", "npadvmod", "dative", "agent", "amod"})


@dataclass(frozen=True, slots=True)
class EventDate:
    date: str | None  # "2022-09-27", "2022-09" or "2022" by precision; None when unknown
    precision: str  # day | week | month | year | unknown
    window: tuple[str, str] | None  # ISO days, inclusive
    basis: str | None  # "text: Tuesday", "text: last week", "publication", "none"


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression in a text: where it is, what it means, and whether it can date an event."""

    text: str
    start: int  # character offsets in the Doc
    end: int
    kind: str  # point | since | deadline | duration
    date: str | None
    precision: str
    window: tuple[str, str] | None
    tense: str  # past | future (present counts as past: news reports what has happened)
    core_window: tuple[str, str] | None = None  # for "since X": the window of X itself

    @property
    def dates_event(self) -> bool:
        return self.kind in ("point", "since") and self.window is not None


@dataclass(frozen=True, slots=True, eq=False)
class TimeLexicon:
    """The words the date finder reads, from codebook/data/cues/time.toml."""

    weekdays: Mapping[str, int]
    months: Mapping[str, int]
    numbers: Mapping[str, int]
    deadline_before: frozenset[str]
    future_aux: frozenset[str]
    future_phrases: tuple[str, ...]
    reporting_verbs: frozenset[str]
    month_parts: Mapping[str, tuple[int, int]]
    year_parts: Mapping[str, tuple[int, int]]
    weekday_back: int
    weekday_ahead: int
    undated_back: int
    reported_back: int
    patterns: tuple[tuple[str, re.Pattern[str]], ...] = ()

    @classmethod
    def load(cls, path: Path | None = None) -> "TimeLexicon":
        text, source = read_data_file(path, DEFAULT_LEXICON)
        try:
            data = tomllib.loads(text)
            words, windows = data["words"], data["windows"]
            lexicon = cls(
                weekdays=MappingProxyType({k: int(v) for k, v in data["weekdays"].items()}),
                months=MappingProxyType({k: int(v) for k, v in data["months"].items()}),
                numbers=MappingProxyType({k.replace("_", " "): int(v) for k, v in data["numbers"].items()}),
                deadline_before=frozenset(words["deadline_before"]),
                future_aux=frozenset(words["future_aux"]),
                future_phrases=tuple(words["future_phrases"]),
                reporting_verbs=frozenset(words["reporting_verbs"]),
                month_parts=MappingProxyType({k: (int(a), int(b)) for k, (a, b) in words["month_parts"].items()}),
                year_parts=MappingProxyType({k: (int(a), int(b)) for k, (a, b) in words["year_parts"].items()}),
                weekday_back=int(windows["weekday_back"]), weekday_ahead=int(windows["weekday_ahead"]),
                undated_back=int(windows["undated_back"]), reported_back=int(windows["reported_back"]),
            )
        except (OSError, KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
            raise TidingsError("E106", f"{source}: {type(exc).__name__}: {exc}; fix the file") from None
        bad = [k for k, v in lexicon.weekdays.items() if not 0 <= v <= 6] + \
              [k for k, v in lexicon.months.items() if not 1 <= v <= 12]
        if bad:
            raise TidingsError("E106", f"{source}: out-of-range weekday or month number for {', '.join(bad)}")
        return dataclasses.replace(lexicon, patterns=tuple(_patterns(lexicon)))

    @staticmethod
    @functools.cache
    def default() -> "TimeLexicon":
        """The packaged lexicon, read once (it is immutable, so sharing it is safe)."""
        return TimeLexicon.load()



def _alt(words: Mapping[str, int] | frozenset[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _patterns(lexicon: TimeLexicon) -> list[tuple[str, re.Pattern[str]]]:
    """Regular expressions built from the lexicon, most specific first (longest match wins anyway)."""
    month = rf"(?P<month>{_alt(lexicon.months)})\.?"
    wday = rf"(?P<wday>{_alt(lexicon.weekdays)})\.?"
    num = rf"(?P<num>\d+|{_alt(lexicon.numbers)})"
    part = rf"(?P<part>{_alt(lexicon.month_parts)})"
    ypart = rf"(?P<ypart>{_alt(lexicon.year_parts)})"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:19|20)\d\d)"
    unit = r"(?P<unit>day|week|month|year|hour|minute)s?"
    specs = [
        ("iso", rf"\b{year}-(?P<mnum>\d\d)-(?P<dnum>\d\d)\b"),
        ("mdy", rf"\b{month}\s+{day},?\s+{year}\b"),
        ("dmy", rf"\b{day}\s+(?:of\s+)?{month}\s+{year}\b"),
        ("md", rf"\b{month}\s+{day}\b(?!\s*,?\s*(?:19|20)\d\d)(?!:)"),
        ("dm", rf"\b{day}\s+(?:of\s+)?{month}\b(?!\s+(?:19|20)\d\d)"),
        ("my", rf"\b(?:(?:{part})[\s-]+)?{month}\s*,?\s+{year}\b"),
        ("month", rf"\b(?:(?:in|during|of|since|from)\s+)?(?:{part}[\s-]+)?{month}\b(?!\s+\d)"),
        ("ypart", rf"\b(?:since\s+)?(?:at\s+|in\s+)?the\s+{ypart}\s+(?:the\s+|this\s+)?(?P<rel>last\s+)?year\b"),
        ("year", rf"\b(?P<prep>in|since|during|of|from|early|late|mid-?)\s+{year}\b"),
        ("weekday", rf"\b(?:(?P<rel>last|this|next|on|since)\s+)?{wday}(?:\s+(?:morning|afternoon|evening|night))?\b"),
        ("yday", r"\b(?:the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|this\s+(?:morning|afternoon|evening))\b"),
        ("rel", r"\b(?P<rel>earlier|later)\s+this\s+(?P<unit>week|month|year)\b"),
        ("rel", r"\b(?:over\s+|during\s+)?(?P<rel>last|this|next|past)\s+(?P<unit>weekend|week|month|year)\b"),
        ("rel", r"\b(?:over|during)\s+the\s+(?P<unit>weekend)\b"),
        ("ago", rf"\b{num}\s+{unit}\s+ago\b"),
        ("duration", rf"\b{num}\s+{unit}\b"),
    ]
    return [(kind, re.compile(rx, re.IGNORECASE)) for kind, rx in specs]


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _month_window(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _as_date(published: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(published, dt.datetime):
        return published.date()
    return published


def clause_tense(token: Token, lexicon: TimeLexicon) -> str:
    """"future" when the clause's verb (or the verb it is coordinated with) carries will/shall/going to."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for v in (verb, verb.head if verb.dep_ in ("xcomp", "conj") else None):
        if v is None:
            continue
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in lexicon.future_aux for c in v.children):
            return "future"
        left = " ".join(t.lower_ for t in v.doc[max(v.i - 3, 0):v.i])
        if any(left.endswith(p) or f"{p} " in left + " " for p in lexicon.future_phrases):
            return "future"
        if v.i == verb.i and v.dep_ != "xcomp":
            break
    if _scheduled_present(verb, lexicon):
        return "future"
    return "past"


def _scheduled_present(verb: Token, lexicon: TimeLexicon) -> bool:
    """A present progressive act, not a report nor a state ("are meeting on Friday"): news states done acts in
    the past, so an act in progress with a time is one scheduled ahead. The simple present is left out: headlines
    tell done acts in it ("Kenya expels envoys on Monday")."""
    if verb.pos_ != "VERB" or verb.lemma_ in lexicon.reporting_verbs or verb.lemma_ == "be":
        return False
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return verb.tag_ == "VBG" and bool(aux) and aux <= {"is", "are", "am", "'s", "'re", "'m"}


def find_time_expressions(doc_or_span: Doc | Span, published: dt.date | None,
                          lexicon: TimeLexicon | None = None) -> list[TimeExpression]:
    """Every time expression in a Doc or Span, resolved against the publication date (longest match wins)."""
    lexicon = lexicon or TimeLexicon.default()
    published = _as_date(published)
    doc = doc_or_span if isinstance(doc_or_span, Doc) else doc_or_span.doc
    text = doc_or_span.text
    base = 0 if isinstance(doc_or_span, Doc) else doc_or_span.start_char
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, rx in lexicon.patterns:
        for m in rx.finditer(text):
            if not _plausible(kind, m, lexicon):
                continue
            found.append((m.start(), m.end(), kind, m))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    chosen: list[tuple[int, int, str, re.Match[str]]] = []
    for f in found:
        if chosen and f[0] < chosen[-1][1]:
            continue
        chosen.append(f)
    out = []
    for start, end, kind, m in chosen:
        span = doc.char_span(base + start, base + end, alignment_mode="expand")
        if span is None:
            continue
        tense = clause_tense(span.root, lexicon)
        expr = _resolve(kind, m, published, tense, lexicon)
        if expr is None:
            continue
        kind_out, date, precision, window, core = expr
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        if kind_out == "point" and (before in lexicon.deadline_before or m.group(0).lower().startswith("by ")):
            kind_out = "deadline"
        out.append(TimeExpression(m.group(0), base + start, base + end, kind_out, date, precision,
                                  window, tense, core))
    return out


def _plausible(kind: str, m: re.Match[str], lexicon: TimeLexicon) -> bool:
    """Month and weekday names must be capitalised; bare abbreviations need a dot or a number ("Sun", "Mar")."""
    for group, table in (("month", lexicon.months), ("wday", lexicon.weekdays)):
        if group in m.re.groupindex and m.group(group):
            word = m.group(group)
            if not word[0].isupper():
                return False
            full = max((k for k, v in table.items() if v == table[word.lower()]), key=len)
            after = m.string[m.end(group):m.end(group) + 1]
            if word.lower() != full and after != "." and kind not in ("md", "mdy", "dmy", "dm", "my"):
                return False
            if word.lower() == "may" and kind == "month":
                # "may" the modal: only "in May", "of May", "early May" are the month
                prefix = m.string[max(0, m.start(group) - 8):m.start(group)].lower().split()
                if not prefix or prefix[-1] not in ("in", "of", "since", "during", "from", "early", "late", "mid"):
                    return False
    return True


def _number(word: str, lexicon: TimeLexicon) -> int:
    return int(word) if word.isdigit() else lexicon.numbers[word.lower()]


Resolved = tuple[str, str | None, str, tuple[str, str] | None, tuple[str, str] | None]


def _resolve(kind: str, m: re.Match[str], p: dt.date | None, tense: str, lex: TimeLexicon) -> Resolved | None:
    g = m.groupdict()
    future = tense == "future"
    lead = m.group(0).lower().split()[0]
    since = lead == "since"

    def point(date: str | None, precision: str, lo: dt.date, hi: dt.date) -> Resolved:
        window = (_iso(lo), _iso(hi))
        if since and p is not None:
            return ("since", None, "unknown", (_iso(lo), _iso(max(p, lo))), window)
        return ("point", date, precision, window, None)

    def unresolved() -> Resolved:
        return ("point", None, "unknown", None, None)

    if kind == "duration":
        return ("duration", None, "unknown", None, None)
    if kind in ("iso", "mdy", "dmy"):
        month = int(g["mnum"]) if kind == "iso" else lex.months[g["month"].lower()]
        try:
            d = dt.date(int(g["year"]), month, int(g.get("dnum") or g["day"]))
        except ValueError:
            return None
        return point(_iso(d), "day", d, d)
    if kind in ("md", "dm"):
        if p is None:
            return unresolved()
        month, day = lex.months[g["month"].lower()], int(g["day"])
        years = [p.year - 1, p.year, p.year + 1]
        candidates = []
        for y in years:
            try:
                candidates.append(dt.date(y, month, day))
            except ValueError:
                continue
        if not candidates:
            return None
        if future:
            d = min((c for c in candidates if c >= p), default=candidates[-1])
        else:
            d = max((c for c in candidates if c <= p + dt.timedelta(days=lex.weekday_ahead)), default=candidates[0])
        return point(_iso(d), "day", d, d)
    if kind in ("my", "month"):
        month = lex.months[g["month"].lower()]
        if g.get("year"):
            y = int(g["year"])
        elif p is None:
            return unresolved()
        elif future:
            y = p.year if _month_window(p.year, month)[1] >= p else p.year + 1
        else:
            y = p.year if month <= p.month else p.year - 1
        lo, hi = _month_window(y, month)
        if g.get("part"):
            a, b = lex.month_parts[g["part"].lower()]
            lo, hi = lo.replace(day=min(a, hi.day)), lo.replace(day=min(b, hi.day))
        if not future and p is not None and lo <= p < hi and not g.get("year"):
            hi = p  # the month is not over yet: a past event in it happened by publication
        return point(f"{y:04d}-{month:02d}", "month", lo, hi)
    if kind == "year":
        y = int(g["year"])
        lo, hi = dt.date(y, 1, 1), dt.date(y, 12, 31)
        prep = g["prep"].lower()
        if prep == "early":
            hi = dt.date(y, 4, 30)
        elif prep == "late":
            lo = dt.date(y, 9, 1)
        elif prep.startswith("mid"):
            lo, hi = dt.date(y, 5, 1), dt.date(y, 8, 31)
        return point(str(y), "year", lo, hi)
    if p is None:
        return unresolved()
    if kind == "ypart":
        y = p.year - 1 if g.get("rel") else p.year
        a, b = lex.year_parts[g["ypart"].lower()]
        lo, hi = _month_window(y, a)[0], _month_window(y, b)[1]
        return point(str(y), "year", lo, min(hi, p) if y == p.year else hi)
    if kind == "weekday":
        target = lex.weekdays[g["wday"].lower()]
        rel = (g.get("rel") or "").lower()
        if rel == "last":
            days = range(-7, 0)
        elif rel == "next":
            days = range(1, 8)
        elif rel == "this":
            monday = -p.weekday()
            days = range(monday, monday + 7)
        elif future:
            days = range(0, 7)
        else:
            days = range(-lex.weekday_back, lex.weekday_ahead + 1)
        hits = [p + dt.timedelta(days=k) for k in days if (p + dt.timedelta(days=k)).weekday() == target]
        if not hits:
            return unresolved()
        d = hits[0] if (future or rel == "next") else hits[-1]
        return point(_iso(d), "day", d, d)
    if kind == "yday":
        word = m.group(0).lower()
        offset = -2 if "before" in word else -1 if "yesterday" in word else 1 if "tomorrow" in word else 0
        d = p + dt.timedelta(days=offset)
        return point(_iso(d), "day", d, d)
    if kind == "rel":
        rel, unit = (g.get("rel") or "this").lower(), g["unit"].lower()
        if unit == "weekend":
            back = (p.weekday() - 6) % 7 if rel != "next" else None  # days since the last Sunday
            if rel == "next" or (rel == "this" and future):
                sat = p + dt.timedelta(days=(5 - p.weekday()) % 7)
            else:
                sat = p - dt.timedelta(days=(back or 0) + 1)
                if rel == "last" and back == 0:
                    sat -= dt.timedelta(days=7)
            return point(None, "week", sat, sat + dt.timedelta(days=1))
        if unit == "week":
            monday = p - dt.timedelta(days=p.weekday())
            if rel in ("last", "past"):
                lo = monday - dt.timedelta(days=7)
                return point(None, "week", lo, lo + dt.timedelta(days=6))
            if rel == "next":
                lo = monday + dt.timedelta(days=7)
                return point(None, "week", lo, lo + dt.timedelta(days=6))
            if rel == "later" or (rel == "this" and future):
                return point(None, "week", p, monday + dt.timedelta(days=6))
            return point(None, "week", monday, p)
        if unit == "month":
            y, mo = p.year, p.month
            if rel in ("last", "past"):
                y, mo = (y - 1, 12) if mo == 1 else (y, mo - 1)
            elif rel == "next":
                y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
            lo, hi = _month_window(y, mo)
            if rel in ("earlier", "this") and not future:
                hi = p
            elif rel == "later" or (rel == "this" and future):
                lo = p
            return point(f"{y:04d}-{mo:02d}", "month", lo, hi)
        y = p.year - 1 if rel in ("last", "past") else p.year + 1 if rel == "next" else p.year
        lo, hi = dt.date(y, 1, 1), dt.date(y, 12, 31)
        if rel in ("earlier", "this") and not future:
            hi = p
        elif rel == "later" or (rel == "this" and future):
            lo = p
        return point(str(y), "year", lo, hi)
    if kind == "ago":
        n, unit = _number(g["num"], lex), g["unit"].lower()
        if unit in ("hour", "minute"):
            return point(_iso(p), "day", p - dt.timedelta(days=1), p)
        if unit == "day":
            d = p - dt.timedelta(days=n)
            return point(_iso(d), "day", d, d)
        if unit == "week":
            d = p - dt.timedelta(days=7 * n)
            lo = d - dt.timedelta(days=d.weekday())
            return point(None, "week", lo, lo + dt.timedelta(days=6))
        if unit == "month":
            total = p.year * 12 + p.month - 1 - n
            y, mo = divmod(total, 12)
            lo, hi = _month_window(y, mo + 1)
            return point(f"{y:04d}-{mo + 1:02d}", "month", lo, hi)
        y = p.year - n
        return point(str(y), "year", dt.date(y, 1, 1), dt.date(y, 12, 31))
    return None


def _own_clause(token: Token) -> set[int]:
    """The token's subtree without the clauses embedded in it (they carry their own time)."""
    keep: set[int] = set()
    stack = [token]
    while stack:
        t = stack.pop()
        keep.add(t.i)
        stack.extend(c for c in t.children if c.dep_ not in EMBEDDED_DEPS)
    return keep


def _expressions_in(clause: set[int], exprs: list[tuple[TimeExpression, Span]]) -> list[tuple[TimeExpression, Span]]:
    return [(e, s) for e, s in exprs if s.root.i in clause or any(t.i in clause for t in s)]


def _closest(anchor: Token, hits: list[tuple[TimeExpression, Span]]) -> tuple[TimeExpression, Span]:
    return min(hits, key=lambda h: min(abs(t.i - anchor.i) for t in h[1]))


def _from_expression(expr: TimeExpression, core: bool = False) -> EventDate:
    if core and expr.core_window:
        precision = "year" if expr.core_window[0][:4] == expr.core_window[1][:4] else "unknown"
        return EventDate(expr.core_window[0][:4] if precision == "year" else None, precision, expr.core_window,
                         f"text: {expr.text}")
    return EventDate(expr.date, expr.precision, expr.window, f"text: {expr.text}")


class SentenceTimes:
    """The dating time expressions of each sentence of one text, found once: the events of a sentence, and of
    the sentence after it, are dated from the same expressions."""

    def __init__(self, published: dt.date | None, lexicon: TimeLexicon) -> None:
        self.published = _as_date(published)
        self.lexicon = lexicon
        self._found: dict[tuple[int, int], list[tuple[TimeExpression, Span]]] = {}

    def of(self, sent: Span) -> list[tuple[TimeExpression, Span]]:
        key = (sent.start, sent.end)
        if key not in self._found:
            doc = sent.doc
            spans = [(e, doc.char_span(e.start, e.end, alignment_mode="expand"))
                     for e in find_time_expressions(sent, self.published, self.lexicon) if e.dates_event]
            self._found[key] = [(e, s) for e, s in spans if s is not None]
        return self._found[key]


def date_event(trigger: Token, published: dt.date | None, lexicon: TimeLexicon | None = None,
               times: SentenceTimes | None = None) -> EventDate:
    """The date of the event whose trigger word is `trigger`, from the time expressions its clause governs.
    `times` (for the same publication date and lexicon) keeps each sentence's expressions between events."""
    lexicon = lexicon or TimeLexicon.default()
    published = _as_date(published)
    times = times or SentenceTimes(published, lexicon)
    sent = trigger.sent
    exprs = times.of(sent)
    tense = clause_tense(trigger, lexicon)

    current = trigger
    while True:
        hits = _expressions_in(_own_clause(current), exprs)
        if hits:
            return _from_expression(_closest(trigger, hits)[0])
        when = _when_clause_time(current, exprs)
        if when is not None:
            return when
        reported = _reporting_child(current, exprs, lexicon)
        if reported is not None:
            return _reported(reported, tense, lexicon)
        head = current.head
        if head.i == current.i:
            break
        if current.dep_ in ("ccomp", "parataxis"):
            hits = _expressions_in(_own_clause(head), exprs)
            if head.lemma_ in lexicon.reporting_verbs and hits:
                return _reported(_closest(head, hits)[0], tense, lexicon)
            if head.lemma_ in lexicon.reporting_verbs:
                current = head
                continue
            break
        if current.dep_ in ("relcl", "acl", "csubj") and current.pos_ in ("VERB", "AUX"):
            # A participle or relative clause has its own time; only a statement date bounds it.
            root = sent.root
            hits = _expressions_in(_own_clause(root), exprs)
            if root.lemma_ in lexicon.reporting_verbs and hits:
                return _reported(_closest(root, hits)[0], "past", lexicon)
            break
        current = head
    context = _narrative_context(trigger, tense, lexicon, times)
    return context if context is not None else _fallback(published, tense, lexicon)


def _narrative_context(trigger: Token, tense: str, lexicon: TimeLexicon, times: SentenceTimes) -> EventDate | None:
    """An undated past event told right after a dated sentence of the same paragraph continues its time frame
    ("Last week, Russia accused a diplomat... The diplomat was detained..."): that window, reaching back as
    far as a reported event may, since the story may step back to what led up to it."""
    if tense == "future":
        return None
    sent = trigger.sent
    if sent.start == 0:
        return None
    before = trigger.doc[sent.start - 1]
    previous = before.sent
    if "\n" in previous.text or (before.is_space and "\n" in before.text):
        return None  # a paragraph break: a new frame
    hits = _expressions_in(_own_clause(previous.root), times.of(previous))
    if not hits:
        return None
    expr = _closest(previous.root, hits)[0]
    if expr.window is None or expr.tense == "future":
        return None  # a plan ahead does not date what has already happened
    lo = dt.date.fromisoformat(expr.window[0]) - dt.timedelta(days=lexicon.reported_back)
    return EventDate(None, "unknown", (_iso(lo), expr.window[1]), f"context: {expr.text}")


def _when_clause_time(verb: Token, exprs: list[tuple[TimeExpression, Span]]) -> EventDate | None:
    """"since the beginning of the year, when Japan imposed...": the when-clause happened at that time."""
    whens = [c for c in verb.children if c.dep_ == "advmod" and c.lower_ == "when" and c.i < verb.i]
    if not whens:
        return None
    before = [(e, s) for e, s in exprs if s.end <= whens[0].i and whens[0].i - s.end <= 2]
    if not before:
        return None
    return _from_expression(before[-1][0], core=True)


def _reporting_child(verb: Token, exprs: list[tuple[TimeExpression, Span]], lexicon: TimeLexicon) -> TimeExpression | None:
    """"X happened, Tass reported Monday": the reporting verb hangs below the event's verb."""
    for child in verb.children:
        if child.dep_ in ("parataxis", "ccomp") and child.i > verb.i and child.lemma_ in lexicon.reporting_verbs:
            hits = _expressions_in(_own_clause(child), exprs)
            if hits:
                return _closest(child, hits)[0]
    return None


def _reported(expr: TimeExpression, tense: str, lexicon: TimeLexicon) -> EventDate:
    """A statement's date bounds the reported event from above: it happened on or before that day."""
    if tense == "future" or expr.window is None:
        return EventDate(None, "unknown", None, f"none (future; statement {expr.text})")
    hi = dt.date.fromisoformat(expr.window[1])
    lo = dt.date.fromisoformat(expr.window[0]) - dt.timedelta(days=lexicon.reported_back)
    return EventDate(None, "unknown", (_iso(lo), _iso(hi)), f"text: reported {expr.text}")


def _fallback(published: dt.date | None, tense: str, lexicon: TimeLexicon) -> EventDate:
    if published is None or tense == "future":
        return EventDate(None, "unknown", None, "none")
    lo = published - dt.timedelta(days=lexicon.undated_back)
    return EventDate(None, "unknown", (_iso(lo), _iso(published)), "publication")
