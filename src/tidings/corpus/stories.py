"""Stories: articles that report the same real-world happening or chain of happenings.

One pass over the articles in publication order (online clustering, as in topic detection and tracking):
each new article joins the most similar open story or starts one. Similarity is TF-IDF cosine to the story's
centroid plus the share of the article's dyads the story already has; stories are found through an index of
(distinctive term or dyad, week) keys, so the cost grows with the corpus, not with its square.

A copy of an article (see corpus.duplicates) goes where its original goes. After the pass, a review moves an
article whose story no longer fits it best: one read early may have started a story of its own, or joined one
narrowly, before later articles built the story it belongs to. The review is one pass in publication order
(deterministic) over the stories new articles joined, and an article moves only when another story fits it by
`reassign_margin` more than its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from tidings.corpus.dates import PRECISION_RANK, day, published, window_of
from tidings.corpus.params import CorpusParams, StoryParams
from tidings.records import Article, Event, Story

Vector = dict[int, float]
Dyad = tuple[str, str]


@dataclass(slots=True)
class StoryAssignment:
    stories: list[Story]
    membership: dict[str, str]  # article id -> story id
    moved: dict[str, tuple[str, str]] = field(default_factory=dict)  # article id -> (from story, to story)


def story_id(first_article_id: str) -> str:
    return "story-" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:16]


def group_stories(articles: Sequence[Article], events: Sequence[Event], existing: Sequence[Story] = (),
                  existing_membership: Mapping[str, str] = {}, params: CorpusParams | None = None,
                  canonical: Mapping[str, str] = {}, vectors: Mapping[str, Vector] | None = None) -> StoryAssignment:
    """Assign every article to a story. New articles join the best existing or new story above the
    threshold, or start their own; copies (`canonical`: article -> its original) join their original's;
    then the review moves the articles that later ones showed to belong elsewhere. `vectors` (article id ->
    its row as `top_terms` makes it) replaces the TF-IDF fit over `articles`: an engine that groups a corpus
    block by block passes vectors weighted by the whole corpus's document frequencies."""
    settings = (params or CorpusParams.load()).stories
    return _Grouper(settings, articles, events, existing, existing_membership, canonical, vectors).run()


def story_vectorizer(**options) -> TfidfVectorizer:
    """The TF-IDF weighting of story grouping (`options` fix a vocabulary, for engines that weight by
    document frequencies counted elsewhere)."""
    return TfidfVectorizer(stop_words="english", sublinear_tf=True, strip_accents="unicode", dtype=np.float32,
                           **options)


def top_terms(matrix, i: int, max_terms: int) -> Vector:
    """Row `i` of a TF-IDF matrix as a story vector: its `max_terms` heaviest terms, renormalised, heaviest
    first."""
    lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
    terms, weights = matrix.indices[lo:hi], matrix.data[lo:hi]
    if len(weights) > max_terms:  # keep the most distinctive terms: faster, barely less exact
        top = np.argpartition(-weights, max_terms)[: max_terms]
        terms, weights = terms[top], weights[top]
    norm = float(np.sqrt(np.dot(weights, weights))) or 1.0
    order = np.argsort(-weights, kind="stable")
    return {int(terms[j]): float(weights[j]) / norm for j in order}


def article_dyads(events: Iterable[Event]) -> set[Dyad]:
    """Unordered actor pairs of an article's counted events: a story holds both sides of a tit-for-tat."""
    pairs: set[Dyad] = set()
    for event in events:
        if not event.counted:
            continue
        for a in {x.key for x in event.actor} - {"?"}:
            for r in {x.key for x in event.recipient} - {"?"}:
                if a != r:
                    pairs.add((a, r) if a < r else (r, a))
    return pairs


@dataclass(slots=True)
class _Profile:
    """A story while grouping runs: its members and what they add up to."""

    id: str
    members: list[str] = field(default_factory=list)
    centroid: dict[int, float] = field(default_factory=dict)
    norm2: float = 0.0
    dyads: Counter[Dyad] = field(default_factory=Counter)
    first: dt.date | None = None
    last: dt.date | None = None
    prior: Story | None = None  # the stored story, when it existed before this run

    def add(self, vector: Vector, dot: float, dyads: set[Dyad], when: dt.date | None) -> None:
        self.norm2 += 2 * dot + sum(v * v for v in vector.values())
        for term, weight in vector.items():
            self.centroid[term] = self.centroid.get(term, 0.0) + weight
        self.dyads.update(dyads)
        if when is not None:
            self.first = when if self.first is None else min(self.first, when)
            self.last = when if self.last is None else max(self.last, when)

    def dot(self, vector: Vector) -> float:
        get = self.centroid.get
        return sum(w * get(t, 0.0) for t, w in vector.items())

    def remove(self, vector: Vector, dot: float, dyads: set[Dyad], article_id: str,
               dates: Mapping[str, dt.date | None]) -> None:
        """Take a member out again (`dot`: its vector with the centroid before removal)."""
        self.norm2 = max(0.0, self.norm2 - 2 * dot + sum(v * v for v in vector.values()))
        for term, weight in vector.items():
            self.centroid[term] = self.centroid.get(term, 0.0) - weight
        self.dyads.subtract(dyads)
        self.dyads = +self.dyads  # drop the pairs no member has any more
        self.members.remove(article_id)
        days = [d for d in (dates.get(m) for m in self.members) if d is not None]
        self.first, self.last = (min(days), max(days)) if days else (None, None)

    def within(self, when: dt.date | None, days: int) -> bool:
        if when is None or self.first is None or self.last is None:
            return True  # an unknown date does not veto
        return self.first - dt.timedelta(days) <= when <= self.last + dt.timedelta(days)


class _Grouper:
    def __init__(self, params: StoryParams, articles: Sequence[Article], events: Sequence[Event],
                 existing: Sequence[Story], membership: Mapping[str, str], canonical: Mapping[str, str],
                 vectors: Mapping[str, Vector] | None = None) -> None:
        self.p = params
        self.articles = {a.id: a for a in articles}
        self.canonical = {a: c for a, c in canonical.items() if a != c and a in self.articles
                          and c in self.articles}
        self.dates = {a.id: published(a) for a in articles}
        self.moved: dict[str, tuple[str, str]] = {}
        self.dyads: dict[str, set[Dyad]] = {}
        self.events: dict[str, list[Event]] = {}
        for event in events:
            self.events.setdefault(event.article_id, []).append(event)
        self.existing = {s.id: s for s in existing}
        # Stored stories list their articles too; the membership mapping wins where they disagree.
        self.membership: dict[str, str] = {a: s.id for s in existing for a in s.articles}
        self.membership.update(membership)
        self.profiles: list[_Profile] = []
        self.by_id: dict[str, int] = {}
        self.index: dict[tuple[str, object], dict[int | None, set[int]]] = {}
        ordered = sorted(self.articles.values(), key=_chronological)
        if vectors is None:
            self.vectors = self._vectorize(ordered)
        else:
            self.title_vectors = {s: {} for s in self.existing}
            self.vectors = {a.id: dict(vectors.get(a.id, {})) for a in ordered}

    def run(self) -> StoryAssignment:
        ordered = sorted(self.articles.values(), key=_chronological)
        for story in self.existing.values():
            self._profile(story.id, story)
        for story_ref in sorted(set(self.membership.values())):
            self._profile(story_ref, self.existing.get(story_ref))
        for article in ordered:  # members of stored stories first: new articles compare with whole stories
            if article.id in self.membership:
                self._join(self.by_id[self.membership[article.id]], article)
        for profile in self.profiles:
            if not profile.members and profile.prior is not None:
                self._seed_from_prior(profile)
        new = [a for a in ordered if a.id not in self.membership]
        for article in new:
            if article.id not in self.membership:  # a copy may have pulled in its original already
                self._assign(article)
        self._review(ordered, self._touched(new) if len(new) < len(ordered) else None)
        return self._result()

    # -- vectors and keys ------------------------------------------------------------------------------
    def _vectorize(self, ordered: list[Article]) -> dict[str, Vector]:
        texts = [f"{a.title or ''}\n{a.text}" for a in ordered]
        titles = [s.title or "" for s in self.existing.values()]
        vectorizer = story_vectorizer()
        try:
            matrix = vectorizer.fit_transform(texts + titles).tocsr()
        except ValueError:  # no usable words at all (empty or stop-word-only texts)
            self.title_vectors = {s: {} for s in self.existing}
            return {a.id: {} for a in ordered}
        rows = [self._row(matrix, i) for i in range(matrix.shape[0])]
        self.title_vectors = dict(zip(self.existing, rows[len(ordered):]))
        return {a.id: rows[i] for i, a in enumerate(ordered)}

    def _row(self, matrix, i: int) -> Vector:
        return top_terms(matrix, i, self.p.max_terms)

    def _dyads(self, article_id: str) -> set[Dyad]:
        found = self.dyads.get(article_id)
        if found is None:  # computed once: joining, scoring and the review each ask again
            found = self.dyads[article_id] = article_dyads(self.events.get(article_id, ()))
        return found

    def _keys(self, vector: Vector, dyads: set[Dyad]) -> list[tuple[str, object]]:
        terms = [("t", t) for t in list(vector)[: self.p.index_terms]]
        return terms + [("d", d) for d in sorted(dyads)]

    def _buckets(self, when: dt.date | None) -> list[int | None] | None:
        if when is None:
            return None  # every bucket
        reach = self.p.window_days
        first = (when - dt.timedelta(reach)).toordinal() // 7
        return [*range(first, (when + dt.timedelta(reach)).toordinal() // 7 + 1), None]

    # -- grouping --------------------------------------------------------------------------------------
    def _profile(self, ref: str, prior: Story | None) -> int:
        if ref not in self.by_id:
            self.by_id[ref] = len(self.profiles)
            self.profiles.append(_Profile(ref, prior=prior))
        return self.by_id[ref]

    def _seed_from_prior(self, profile: _Profile) -> None:
        """A stored story none of whose articles were passed in: compare with its title and key actors."""
        prior = profile.prior
        assert prior is not None
        actors = sorted(set(prior.key_actors))
        dyads = {(a, b) for i, a in enumerate(actors) for b in actors[i + 1:]}
        profile.add(self.title_vectors.get(prior.id, {}), 0.0, dyads, None)
        profile.first, profile.last = day(prior.start), day(prior.end)
        index = self.by_id[profile.id]
        for key in self._keys(self.title_vectors.get(prior.id, {}), dyads):
            for bucket in self._span_buckets(profile.first, profile.last):
                self.index.setdefault(key, {}).setdefault(bucket, set()).add(index)

    @staticmethod
    def _span_buckets(first: dt.date | None, last: dt.date | None) -> list[int | None]:
        if first is None or last is None:
            return [None]
        return list(range(first.toordinal() // 7, last.toordinal() // 7 + 1))

    def _join(self, index: int, article: Article) -> None:
        profile = self.profiles[index]
        vector = self.vectors[article.id]
        dyads = self._dyads(article.id)
        when = published(article)
        profile.add(vector, profile.dot(vector), dyads, when)
        profile.members.append(article.id)
        self.membership[article.id] = profile.id
        bucket = when.toordinal() // 7 if when else None
        for key in self._keys(vector, dyads):
            self.index.setdefault(key, {}).setdefault(bucket, set()).add(index)

    def _assign(self, article: Article) -> None:
        original = self.canonical.get(article.id)
        if original is not None:  # a copy goes where its original goes
            if original not in self.membership:
                self._assign(self.articles[original])
            self._join(self.by_id[self.membership[original]], article)
            return
        vector = self.vectors[article.id]
        dyads = self._dyads(article.id)
        when = published(article)
        best, best_score = None, -1.0
        for index in self._candidates(vector, dyads, when):
            profile = self.profiles[index]
            if not profile.within(when, self.p.window_days):
                continue
            score = self._score(profile, vector, dyads)
            if score is not None and score > best_score:
                best, best_score = index, score
        if best is None:
            ref = story_id(article.id)
            while ref in self.by_id:  # only if a stored story already took this id
                ref = story_id(ref)
            best = self._profile(ref, None)
        self._join(best, article)

    def _candidates(self, vector: Vector, dyads: set[Dyad], when: dt.date | None) -> list[int]:
        buckets = self._buckets(when)
        found: list[int] = []
        for key in self._keys(vector, dyads):
            postings = self.index.get(key)
            if not postings:
                continue
            chosen = postings.values() if buckets is None else (postings.get(b, ()) for b in buckets)
            for stories in chosen:
                found.extend(stories)
        hits = Counter(found)  # one count in C, not an update per posting list
        return sorted(hits, key=lambda i: (-hits[i], i))[: self.p.max_candidates]

    def _score(self, profile: _Profile, vector: Vector, dyads: set[Dyad], member: bool = False) -> float | None:
        """The article's fit to the story, or None when it does not reach the joining threshold. With
        `member`, the article is in the story and is left out of it for the comparison."""
        dot, norm2, have = profile.dot(vector), profile.norm2, profile.dyads
        if member:
            own = sum(v * v for v in vector.values())
            dot, norm2 = dot - own, norm2 - 2 * dot + own
            have = Counter({d: n - (d in dyads) for d, n in profile.dyads.items()})
            have = +have
        cosine = dot / math.sqrt(norm2) if norm2 > 1e-12 else 0.0
        if dyads and have:
            if cosine < self.p.min_text_similarity:
                return None
            share = sum(1 for d in dyads if d in have) / len(dyads)
            score = self.p.text_weight * cosine + (1 - self.p.text_weight) * share
            return score if score >= self.p.join_threshold else None
        return cosine if cosine >= self.p.text_only_threshold else None

    # -- review ----------------------------------------------------------------------------------------
    def _touched(self, new: list[Article]) -> set[int]:
        """The stories new articles joined, and those sharing an index key with a new article: only their
        members can fit another story better than at the last review."""
        touched: set[int] = set()
        for article in new:
            touched.add(self.by_id[self.membership[article.id]])
            buckets = self._buckets(published(article))
            for key in self._keys(self.vectors[article.id], self._dyads(article.id)):
                postings = self.index.get(key, {})
                for bucket in (postings if buckets is None else buckets):
                    touched.update(postings.get(bucket, ()))
        return touched

    def _review(self, ordered: list[Article], touched: set[int] | None) -> None:
        """Move each article (copies follow their originals) to the story that now fits it clearly best.
        Only the members of `touched` stories (None: all) are reviewed, so an update costs what it adds."""
        for article in ordered:
            if article.id in self.canonical:
                continue
            here = self.by_id[self.membership[article.id]]
            if touched is not None and here not in touched:
                continue
            profile = self.profiles[here]
            vector = self.vectors[article.id]
            dyads = self._dyads(article.id)
            alone = all(m == article.id or self.canonical.get(m) == article.id for m in profile.members)
            own = None if alone else self._score(profile, vector, dyads, member=True)
            if own is not None and own >= self.p.join_threshold + self.p.reassign_margin:
                continue  # fits where it is: no other story can beat it by enough to matter often
            when = published(article)
            best, best_score = None, -1.0
            for index in self._candidates(vector, dyads, when):
                other = self.profiles[index]
                if index == here or not other.members or not other.within(when, self.p.window_days):
                    continue
                score = self._score(other, vector, dyads)
                if score is not None and score > best_score:
                    best, best_score = index, score
            if best is None or (own is not None and best_score < own + self.p.reassign_margin):
                continue
            for member in [article.id, *(m for m in profile.members if self.canonical.get(m) == article.id)]:
                self._move(member, here, best)
            if touched is not None:
                touched.add(best)

    def _move(self, article_id: str, source: int, target: int) -> None:
        vector = self.vectors[article_id]
        dyads = self._dyads(article_id)
        old = self.profiles[source]
        old.remove(vector, old.dot(vector), dyads, article_id, self.dates)
        first = self.moved.get(article_id, (old.id, ""))[0]
        self._join(target, self.articles[article_id])
        self.moved[article_id] = (first, self.profiles[target].id)

    # -- output ----------------------------------------------------------------------------------------
    def _result(self) -> StoryAssignment:
        grouped: dict[str, list[str]] = {}
        for article, ref in self.membership.items():
            grouped.setdefault(ref, []).append(article)
        emptied = {source for source, _ in self.moved.values()}
        stories = [self._story(p, grouped.get(p.id, [])) for p in self.profiles
                   if p.id in grouped or (p.prior is not None and p.id not in emptied)]
        stories.sort(key=lambda s: (s.start is None, s.start or dt.date.min, s.id))
        return StoryAssignment(stories, dict(sorted(self.membership.items())), dict(sorted(self.moved.items())))

    def _story(self, profile: _Profile, listed: list[str]) -> Story:
        known = [self.articles[a] for a in profile.members]
        members = sorted(set(listed) | set(profile.members), key=self._member_order)
        if not known and profile.prior is not None:
            return profile.prior.replace(articles=tuple(members))
        title = self._central_title(profile, known)
        if title is None and profile.prior is not None:
            title = profile.prior.title
        start, end = self._span(known)
        return Story(profile.id, title, start, end, tuple(members), self._key_actors(known))

    def _member_order(self, article_id: str) -> tuple[bool, dt.date, str]:
        article = self.articles.get(article_id)
        return _chronological(article) if article else (True, dt.date.max, article_id)

    def _central_title(self, profile: _Profile, known: list[Article]) -> str | None:
        norm = math.sqrt(profile.norm2) or 1.0
        ranked = sorted(known, key=lambda a: (-profile.dot(self.vectors[a.id]) / norm, _chronological(a)))
        for article in ranked:
            if article.title:
                return article.title
        return _snippet(ranked[0].text) if ranked else None

    def _span(self, known: list[Article]) -> tuple[dt.date | None, dt.date | None]:
        dates = [d for d in (published(a) for a in known) if d is not None]
        days: list[dt.date] = []
        for article in known:
            for event in self.events.get(article.id, ()):
                window = window_of(event)
                if event.counted and window and PRECISION_RANK.get(event.date_precision, 4) == 0:
                    days.append(window[0])
        if dates:
            # Event days extend the span back to what the first reports tell, but not to old background.
            floor = min(dates) - dt.timedelta(self.p.window_days)
            days = [d for d in days if floor <= d <= max(dates)]
            return min(dates + days), max(dates)
        return (min(days), max(days)) if days else (None, None)

    def _key_actors(self, known: list[Article]) -> tuple[str, ...]:
        counts: Counter[str] = Counter()
        for article in known:
            for event in self.events.get(article.id, ()):
                counts.update(a.key for a in (*event.actor, *event.recipient) if a.key != "?")
        ranked = sorted(counts, key=lambda k: (-counts[k], k))
        return tuple(ranked[: self.p.key_actors])


def _chronological(article: Article) -> tuple[bool, dt.date, str]:
    when = published(article)
    return (when is None, when or dt.date.max, article.id)


def _snippet(text: str, limit: int = 120) -> str | None:
    paragraph = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0].strip()
    if not first:
        return None
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"
