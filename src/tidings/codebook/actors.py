"""The actor lexicon: countries, metonyms, organizations and role nouns, and how a noun phrase resolves to an Actor.

The data lives in `data/actors/*.tsv` (each file says its columns in its header comment); this module reads
and validates it, builds one phrase matcher, and combines what a span contains into one `Actor`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pycountry
import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from tidings.errors import TidingsError
from tidings.nlp.gazetteer import load_regions
from tidings.nlp.views import entities_in, entity_at
from tidings.records import Actor

# A region ("South America") names no actor: it is matched only so that the country inside it is not.
KINDS = ("country", "org", "metonym", "role", "region")
# When one phrase is listed under two kinds for the same country, the more specific reading wins.
PRECEDENCE = {kind: rank for rank, kind in enumerate(KINDS)}
NONE = "-"
LIST_SEP = "|"
# Retired ISO 3166-3 codes that news still names, plus Kosovo's user-assigned code (no ISO code exists).
# The Soviet Union is coded SUN, not RUS: its acts ("seized by the Soviet Union") belong to a different state
# than today's Russia, and folding them into RUS would put history into current Russian dyads.
HISTORICAL_CODES = {"SUN", "YUG", "CSK", "DDR", "SCG", "ZAR", "XKX"}
# Dependency labels whose subtree modifies a head rather than naming it: "the consulate [in Sapporo]".
MODIFIER_DEPS = {"prep", "acl", "relcl", "advcl"}
# Entity labels under which a country or capital inside a longer name still names that place.
PLACE_LABELS = {"GPE", "NORP"}
ISO3 = re.compile(r"^[A-Z]{3}$")

FILES = {
    "sectors": ("sectors.tsv", ("code", "description")),
    "countries": ("countries.tsv", ("iso3", "name", "aliases", "adjectives", "demonyms")),
    "metonyms": ("metonyms.tsv", ("alias", "country", "sector")),
    "orgs": ("orgs.tsv", ("name", "country", "sector", "aliases")),
    "roles": ("roles.tsv", ("phrase", "role", "sector", "plural")),
}


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One lexicon entry; many phrases may point to it."""

    id: str
    kind: str  # country | metonym | org | role | region
    country: str | None
    group: str | None
    sector: str | None
    role: str | None


@dataclass(frozen=True, slots=True)
class _Alias:
    """A phrase as written in the data, with where it came from (for error messages)."""

    text: str
    entry: ActorEntry
    where: str

    @property
    def acronym(self) -> bool:
        return is_acronym(self.text)


def default_data_dir() -> Path:
    return Path(str(resources.files("tidings").joinpath("codebook", "data")))


def _actors_dir(data_dir: Path | None) -> Path:
    """Accept the codebook data root (as `validate_codebook` passes it) or the actors directory itself."""
    base = default_data_dir() if data_dir is None else Path(data_dir)
    return base / "actors" if (base / "actors").is_dir() else base


def fold_accents(text: str) -> str:
    """The text without combining accents ("São Tomé" -> "Sao Tome")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """The lookup key: lower case, no accents, straight apostrophes, no leading "the", no trailing "'s"."""
    text = fold_accents(text.replace("\u2019", "'").replace("\u2018", "'"))
    text = " ".join(text.split()).lower()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"'s?$", "", text).strip()


def is_acronym(text: str) -> bool:
    """"US", "U.S.", "WHO": such aliases match only in capitals, so "us" and "who" stay pronouns."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in text.strip()


def plural(phrase: str) -> str:
    """Regular English plural of the last word ("embassy" -> "embassies", "coach" -> "coaches")."""
    head, _, last = phrase.rpartition(" ")
    if re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", last):
        last = last + "es"
    else:
        last = last + "s"
    return f"{head} {last}" if head else last


# ---------------------------------------------------------------------------------------------------------
# reading and validating the files


@dataclass(slots=True)
class _Parsed:
    """Everything read from the data directory, plus the problems found."""

    sectors: set[str]
    aliases: list[_Alias]
    problems: list[str]


def _rows(path: Path, columns: tuple[str, ...], problems: list[str]) -> Iterator[tuple[str, list[str]]]:
    """Yield ("file:line", fields) for each data row; header, blank and '#' lines are skipped."""
    name = path.name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        problems.append(f"{name}:0: cannot read ({exc.strerror})")
        return
    except UnicodeDecodeError:
        problems.append(f"{name}:0: not UTF-8 text")
        return
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            header_seen = True
            if tuple(f.strip() for f in fields) != columns:
                problems.append(f"{name}:{number}: header must be {' '.join(columns)} (tab-separated)")
            continue
        where = f"{name}:{number}"
        if len(fields) != len(columns):
            problems.append(f"{where}: malformed line: {len(fields)} tab-separated fields, expected {len(columns)}")
            continue
        fields = [f.strip() for f in fields]
        empty = [c for c, f in zip(columns, fields) if not f]
        if empty:
            problems.append(f"{where}: empty field {', '.join(empty)} (write '-' for none)")
            continue
        yield where, fields


def _split(value: str) -> list[str]:
    return [] if value == NONE else [v.strip() for v in value.split(LIST_SEP)]


def _known_country(code: str) -> bool:
    return code in HISTORICAL_CODES or pycountry.countries.get(alpha_3=code) is not None


def _parse(data_dir: Path | None) -> _Parsed:
    folder = _actors_dir(data_dir)
    problems: list[str] = []
    aliases: list[_Alias] = []

    def path(key: str) -> Path:
        return folder / FILES[key][0]

    sectors: set[str] = set()
    for where, (code, _desc) in _rows(path("sectors"), FILES["sectors"][1], problems):
        if not ISO3.match(code):
            problems.append(f"{where}: sector code {code!r} is not three capital letters")
        sectors.add(code)

    def check_country(where: str, code: str) -> str | None:
        if code == NONE:
            return None
        if not _known_country(code):
            problems.append(f"{where}: unknown ISO3 country code {code!r}")
        return code

    def check_sector(where: str, code: str) -> str | None:
        if code == NONE:
            return None
        if code not in sectors:
            problems.append(f"{where}: unknown sector code {code!r} (not in sectors.tsv)")
        return code

    for where, (iso3, name, more, adjectives, demonyms) in _rows(path("countries"), FILES["countries"][1], problems):
        if iso3 == NONE:
            problems.append(f"{where}: a country row needs an ISO3 code")
            continue
        check_country(where, iso3)
        entry = ActorEntry(f"country:{iso3}", "country", iso3, None, None, None)
        for text in [name, *_split(more), *_split(adjectives), *_split(demonyms)]:
            aliases.append(_Alias(text, entry, where))

    for where, (alias, country, sector) in _rows(path("metonyms"), FILES["metonyms"][1], problems):
        code = check_country(where, country)
        if code is None:
            problems.append(f"{where}: a metonym must name its country")
        entry = ActorEntry(f"metonym:{normalize(alias)}", "metonym", code, None, check_sector(where, sector), None)
        aliases.append(_Alias(alias, entry, where))

    for where, (name, country, sector, more) in _rows(path("orgs"), FILES["orgs"][1], problems):
        entry = ActorEntry(f"org:{name}", "org", check_country(where, country), name, check_sector(where, sector), None)
        for text in [name, *_split(more)]:
            aliases.append(_Alias(text, entry, where))

    for where, (phrase, role, sector, plural_form) in _rows(path("roles"), FILES["roles"][1], problems):
        if sector == NONE:
            problems.append(f"{where}: a role needs a sector code")
        entry = ActorEntry(f"role:{role}", "role", None, None, check_sector(where, sector), role)
        forms = [phrase]
        # "auto" derives the regular plural; "-" means none ("police", "troops"); anything else is written out.
        if plural_form == "auto":
            forms.append(plural(phrase))
        elif plural_form != NONE:
            forms.append(plural_form)
        for text in forms:
            aliases.append(_Alias(text, entry, where))

    _check_duplicates(aliases, problems)
    return _Parsed(sectors, aliases, problems)


def _check_duplicates(aliases: list[_Alias], problems: list[str]) -> None:
    """A phrase may not name two countries, nor two entries of the same kind."""
    seen: dict[tuple[str, bool], _Alias] = {}
    for alias in aliases:
        key = (normalize(alias.text), alias.acronym)
        if not key[0]:
            problems.append(f"{alias.where}: empty alias")
            continue
        first = seen.setdefault(key, alias)
        if first is alias or first.entry == alias.entry:
            continue
        a, b = first.entry, alias.entry
        if a.country and b.country and a.country != b.country:
            problems.append(
                f"{alias.where}: {alias.text!r} maps to {b.country} here and to {a.country} at {first.where}"
            )
        elif a.kind == b.kind and a.id != b.id:
            problems.append(f"{alias.where}: {alias.text!r} is already an alias of {a.id} at {first.where}")


def validate_actors(data_dir: Path | None = None) -> list[str]:
    """Every problem in the actor files and the region list they read, each as "file:line: message"."""
    problems = _parse(data_dir).problems
    try:
        load_regions()
    except TidingsError as exc:
        problems.append(exc.message)
    return problems


# ---------------------------------------------------------------------------------------------------------
# the lexicon


# Key of the per-Doc match cache in Doc.user_data.
_MATCH_CACHE = "tidings.actor_matches"


class ActorLexicon:
    """Actor phrases loaded from the data files, with one phrase matcher over all of them."""

    def __init__(self, aliases: Iterable[_Alias], sectors: set[str]) -> None:
        self.sectors = frozenset(sectors)
        # (key, acronym?) -> the winning alias; acronyms are kept apart so "US" never shadows "us".
        self._by_key: dict[tuple[str, bool], _Alias] = {}
        for alias in aliases:
            key = (normalize(alias.text), alias.acronym)
            current = self._by_key.get(key)
            if current is None or PRECEDENCE[alias.entry.kind] < PRECEDENCE[current.entry.kind]:
                self._by_key[key] = alias
        self._tokenizer = spacy.blank("en")
        self._matcher = PhraseMatcher(self._tokenizer.vocab, attr="LOWER")
        self._match_ids: dict[int, tuple[str, bool]] = {}
        for key, alias in self._by_key.items():
            label = f"{key[1]}:{key[0]}"
            match_id = self._tokenizer.vocab.strings.add(label)
            self._match_ids[match_id] = key
            self._matcher.add(label, list(self._tokenizer.tokenizer.pipe(_surface_variants(alias.text))))

    @classmethod
    def load(cls, data_dir: Path | None = None) -> "ActorLexicon":
        parsed = _parse(data_dir)
        if parsed.problems:
            extra = len(parsed.problems) - 1
            more = f" (and {extra} more; run `tidings rules validate`)" if extra else ""
            raise TidingsError("E106", parsed.problems[0] + more)
        return cls(parsed.aliases + _region_aliases(), parsed.sectors)

    # -- phrase look-ups ---------------------------------------------------------------------------------

    def lookup(self, phrase: str) -> ActorEntry | None:
        """The entry an exact phrase names ("the Kremlin", "FSB", "foreign ministers"), or None."""
        key = normalize(phrase)
        if not key:
            return None
        if is_acronym(phrase.strip()):
            hit = self._by_key.get((key, True))
            if hit is not None:
                return hit.entry
        hit = self._by_key.get((key, False))
        return hit.entry if hit is not None else None

    def country(self, text: str) -> str | None:
        """ISO3 for a country name, adjective, demonym, capital or seat of government; None otherwise."""
        entry = self.lookup(text)
        if entry is None or entry.kind not in ("country", "metonym"):
            return None
        return entry.country

    # -- matching in parsed text -------------------------------------------------------------------------

    def find(self, doc_or_span: Doc | Span) -> list[tuple[int, int, ActorEntry]]:
        """Longest non-overlapping lexicon matches, as (start, end) token indices in the Doc."""
        doc = doc_or_span if isinstance(doc_or_span, Doc) else doc_or_span.doc
        lo, hi = (0, len(doc)) if isinstance(doc_or_span, Doc) else (doc_or_span.start, doc_or_span.end)
        found = [m for m in self._accepted_matches(doc) if lo <= m[0] and m[1] <= hi]
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: set[int] = set()
        chosen: list[tuple[int, int, ActorEntry]] = []
        for start, end, alias in found:
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                chosen.append((start, end, alias.entry))
        return sorted((m for m in chosen if not _inside_other_name(doc, m, taken)), key=lambda m: m[0])

    def _accepted_matches(self, doc: Doc) -> list[tuple[int, int, _Alias]]:
        """Every acceptable phrase match in the Doc, found once per Doc (kept in its user_data): the coder
        resolves thousands of noun phrases per article, each a slice of the same matches."""
        cached = doc.user_data.get(_MATCH_CACHE)
        if cached is None:
            cached = []
            for match_id, start, end in self._raw_matches(doc):
                alias = self._by_key[self._match_ids[match_id]]
                if self._accept(doc[start:end], alias):
                    cached.append((start, end, alias))
            doc.user_data[_MATCH_CACHE] = cached
        return cached

    def _raw_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Phrase matches on the text as written and, where it has accents, on the text without them
        ("São Tomé and Príncipe" is listed as "Sao Tome and Principe"): token for token the same Doc."""
        matches = set(self._matcher(doc))
        if not doc.text.isascii():
            words = [fold_accents(t.text) for t in doc]
            if words != [t.text for t in doc]:
                plain = Doc(self._tokenizer.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])
                matches.update(self._matcher(plain))
        return sorted(matches, key=lambda m: (m[1], m[2]))

    @staticmethod
    def _accept(span: Span, alias: _Alias) -> bool:
        """Keep a raw phrase match only where it can name an actor in running text."""
        if alias.acronym:
            return all(c.isupper() for c in span.text if c.isalpha())
        if alias.entry.kind == "role":
            # "official visit", "in general", "it forces": only nouns are roles.
            last = span[-1]
            return not span.doc.has_annotation("POS") or last.pos_ in ("NOUN", "PROPN")
        if not span.text[:1].isupper():
            return False  # "turkey", "chad": proper names only
        # "George Washington", "Michael Jordan": a place name inside a person's name is not a place.
        ent = entity_at(span.doc, span.start)
        if ent is not None and ent.label_ == "PERSON" and ent.start < span.start and span.end <= ent.end:
            return False
        return True

    # -- resolving a noun phrase -------------------------------------------------------------------------

    def resolve_span(self, span: Span) -> Actor | None:
        """The Actor a noun phrase names, combining country, organization, seat of government and role."""
        matches = self.find(span)
        if not matches:
            return None
        modifier = _modifier_tokens(span)
        head = [m for m in matches if m[0] not in modifier]
        tail = [m for m in matches if m[0] in modifier]
        entries = [m[2] for m in head]
        orgs = [e for e in entries if e.kind == "org"]
        roles = _roles_nearest_root(head, span)
        if not entries:
            # "nationalists in Russia": only the modifier names anyone, so it gives the country.
            country = next((m[2].country for m in tail if m[2].country), None)
            return Actor(span.text, country) if country else None
        country = next((e.country for e in orgs if e.country), None)
        if country is None:
            country = next((e.country for e in entries if e.country and e.kind != "role"), None)
        if country is None:
            country = next((m[2].country for m in tail if m[2].country and m[2].kind != "role"), None)
        group = orgs[0].group if orgs else None
        # "a Moscow-based actress" is based in the capital's country; she is not its government.
        doc = span.doc
        metonyms = [m[2] for m in head if m[2].kind == "metonym" and doc[m[1] - 1].head.lemma_.lower() != "base"]
        role = roles[0] if roles else None
        # The institution's own sector ("Hamas spokesman" is REB, not GOV) wins over the role noun's.
        sector = orgs[0].sector if orgs else None
        if sector is None and role is not None:
            sector = role.sector
        if sector is None and metonyms:
            sector = metonyms[0].sector
        name = _person_name(span, matches) if (role is not None or group or country) else None
        if country is None and group is None and role is None:
            return None
        return Actor(span.text, country, group, sector, name, role.role if role else None)


def _region_aliases() -> list[_Alias]:
    """Continents and world regions (the gazetteer's list), as entries that name no actor."""
    aliases = []
    for name in load_regions():
        entry = ActorEntry(f"region:{normalize(name)}", "region", None, None, None, None)
        aliases.append(_Alias(name, entry, "regions.tsv"))
    return aliases


def _surface_variants(text: str) -> list[str]:
    """The alias as written, without a leading "the", with curly or no accents where it has them, and, for
    several words, joined by hyphens ("South-America" is written as often as "South America")."""
    base = re.sub(r"^[Tt]he\s+", "", text.strip())
    variants = {base, base.replace("'", "\u2019")}
    variants.add(fold_accents(base))
    if " " in base:
        variants.add(base.replace(" ", "-"))
    return sorted(variants)


def _inside_other_name(doc: Doc, match: tuple[int, int, ActorEntry], taken: set[int]) -> bool:
    """A place name that is only part of another name: "the Vienna Convention", "The Washington Post".

    The entity must reach past the match with words the lexicon does not know; "the Japanese Foreign
    Ministry" keeps its country because "Foreign Ministry" is a lexicon phrase.
    """
    start, end, entry = match
    if entry.kind not in ("country", "metonym"):
        return False
    ent = entity_at(doc, start)
    if ent is not None and ent.start <= start and end <= ent.end and ent.label_ not in PLACE_LABELS:
        rest = [t for t in ent if not (start <= t.i < end) and t.is_alpha and t.lower_ != "the"]
        return bool(rest) and all(t.i not in taken for t in rest)
    return False


def _modifier_tokens(span: Span) -> set[int]:
    """Token indices inside prepositional or clausal modifiers of the span's head ("... in Sapporo")."""
    if not span.doc.has_annotation("DEP"):
        return set()
    inside: set[int] = set()
    for token in span:
        if token.dep_ in MODIFIER_DEPS and token.head.i != token.i:
            inside.update(t.i for t in token.subtree if span.start <= t.i < span.end)
    return inside


def _roles_nearest_root(matches: list[tuple[int, int, ActorEntry]], span: Span) -> list[ActorEntry]:
    """Role entries, the one holding or nearest the span's head first ("embassy official" -> official)."""
    root = span.root.i if span.doc.has_annotation("DEP") else span.end - 1
    roles = [m for m in matches if m[2].kind == "role"]
    roles.sort(key=lambda m: 0 if m[0] <= root < m[1] else 1 + min(abs(root - m[0]), abs(root - (m[1] - 1))))
    return [m[2] for m in roles]


def _person_name(span: Span, matches: list[tuple[int, int, ActorEntry]]) -> str | None:
    """The PERSON entity in the span, less any title the lexicon matched inside it."""
    covered = {i for start, end, _ in matches for i in range(start, end)}
    for ent in entities_in(span):
        if ent.label_ == "PERSON":
            tokens = [t for t in ent if t.i not in covered]
            if tokens:
                return span.doc[tokens[0].i : tokens[-1].i + 1].text
    return None
