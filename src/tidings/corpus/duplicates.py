"""Duplicate articles: exact copies, syndicated wire copies and updated versions of one report.

Texts (titles left out: syndicators rewrite headlines) are compared as sets of word n-grams (shingles). Each
article gets a MinHash signature (datasketch's "affine32" scheme over `shingle_hash`, computed for many
articles at once with numpy), and the bands of datasketch's `MinHashLSH` (bucketed in numpy) find the
pairs whose estimated Jaccard similarity may reach the threshold; a pair joins when its estimate does. Same
normalized text and same URL join without a look at the signatures. Each group keeps one canonical article (the first published, then the
longest); the others stay as further reports from their outlets, and the corpus stages count the group once.

Signatures are kept with the parameters that made them (`MinHashParams`); signatures made with other
parameters are never compared, they are recomputed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

from tidings.corpus.dates import published
from tidings.corpus.params import CorpusParams, DuplicateParams
from tidings.records import Article, Record

SCHEME = "affine32"
_CHUNK = 2000  # articles hashed per numpy batch: bounds the (shingles x num_perm) matrix
# LSH bands weigh a missed pair above a false candidate: every candidate is checked against the threshold
# afterwards (one vector comparison), while a missed pair is a copy counted twice.
LSH_WEIGHTS = (0.1, 0.9)
_LSH_WEIGHTS = LSH_WEIGHTS  # the former private name


@dataclass(slots=True, frozen=True)
class MinHashParams:
    """What must be equal for two signatures to be comparable."""

    num_perm: int
    seed: int
    shingle_words: int
    scheme: str = SCHEME

    @classmethod
    def of(cls, params: DuplicateParams) -> "MinHashParams":
        return cls(params.num_perm, params.seed, params.shingle_words)


@dataclass(slots=True, frozen=True)
class Duplicate(Record):
    """An article that repeats another: kept, told as a further report, never counted again."""

    article_id: str
    canonical_id: str
    similarity: float  # estimated Jaccard similarity of the two texts' shingles (1.0: same text)
    kind: str  # exact | update (same outlet or URL) | syndicated (another outlet) | near (outlet unknown)


@dataclass(slots=True)
class Signatures:
    """MinHash signatures of articles, one row per article id, with the parameters that made them."""

    params: MinHashParams
    ids: list[str] = field(default_factory=list)
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.uint32))

    def __post_init__(self) -> None:
        if self.matrix.size == 0:
            self.matrix = np.zeros((0, self.params.num_perm), dtype=np.uint32)
        if self.matrix.shape != (len(self.ids), self.params.num_perm):
            raise ValueError(f"{len(self.ids)} ids but a signature matrix of shape {self.matrix.shape}")

    def rows(self) -> dict[str, int]:
        return {article_id: i for i, article_id in enumerate(self.ids)}


@dataclass(slots=True)
class DuplicateGroups:
    canonical: dict[str, str]  # every article id -> its group's canonical article id (itself when alone)
    duplicates: list[Duplicate]  # the non-canonical members, sorted by id
    signatures: Signatures  # of every article given (reused and new)
    computed: int = 0  # signatures computed in this call (the others were reused)

    def canonical_of(self, article_id: str) -> str:
        return self.canonical.get(article_id, article_id)

    def is_duplicate(self, article_id: str) -> bool:
        return self.canonical.get(article_id, article_id) != article_id


def shingle_hash(words: Sequence[str]) -> int:
    """The 32-bit hash of one word n-gram: a weighted sum of its words' CRC-32 (weights odd, so word order
    counts). Hashing words once and combining them is what makes signatures cheap at corpus scale."""
    total = 0
    for position, word in enumerate(words):
        total += zlib.crc32(word.encode("utf-8")) * _weight(position)
    return total & 0xFFFFFFFF


def _weight(position: int) -> int:
    return (0x9E3779B1 * (2 * position + 1)) & 0xFFFFFFFF


def words_of(text: str) -> list[str]:
    # Whitespace words, lower-cased: copies of one report keep its punctuation, and this is fast.
    return text.lower().split()


def signatures(articles: Sequence[Article], params: MinHashParams) -> Signatures:
    """The MinHash signature of each article's text: equal to datasketch's MinHash(scheme="affine32",
    hashfunc=shingle_hash) updated with the text's word n-grams (a text shorter than n words is one n-gram),
    computed for many articles at once in numpy."""
    template = MinHash(num_perm=params.num_perm, seed=params.seed, scheme=params.scheme)
    a, b = (np.asarray(p, dtype=np.uint32)[:, None] for p in template.permutations)
    size = params.shingle_words
    weights = [np.uint32(_weight(j)) for j in range(size)]
    matrix = np.full((len(articles), params.num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    word_hash = _WordHashes()
    for start in range(0, len(articles), _CHUNK):
        hashes: list[int] = []
        owners: list[int] = []
        short_at: list[int] = []
        for offset, article in enumerate(articles[start:start + _CHUNK]):
            words = words_of(article.text)
            if 0 < len(words) < size:  # too short for one full n-gram: the whole text is one
                hashes.extend([0] * (size - 1))
                owners.extend([-1] * (size - 1))
                short_at.append(len(hashes))
                hashes.append(shingle_hash(words))
                owners.append(offset)
                continue
            hashes.extend(map(word_hash.__getitem__, words))
            owners.extend([offset] * len(words))
        if not hashes:
            continue
        word_hashes, owner = np.asarray(hashes, dtype=np.uint32), np.asarray(owners)
        n = len(word_hashes) - size + 1
        if n <= 0:
            continue
        combined = np.zeros(n, dtype=np.uint32)
        for j in range(size):
            combined += word_hashes[j:j + n] * weights[j]
        # An n-gram must lie inside one article; a short text's hash is the one window ending on it.
        keep = (owner[: n] >= 0) & (owner[: n] == owner[size - 1:])
        short = np.zeros(len(word_hashes), dtype=bool)
        short[short_at] = True
        short = short[size - 1:]
        combined = np.where(short, word_hashes[size - 1:], combined)
        keep |= short
        combined, rows = combined[keep], owner[size - 1:][keep]
        if not len(rows):
            continue
        values = a * _fmix32(combined)[None, :]  # wraps mod 2**32, as datasketch's affine32 does
        values += b
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        matrix[start + rows[starts]] = np.minimum.reduceat(values, starts, axis=1).T
    return Signatures(params, [a.id for a in articles], matrix)


class _WordHashes(dict[str, int]):
    """CRC-32 of words, each computed once per call (news reuses its vocabulary)."""

    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode("utf-8"))
        return value


def _fmix32(h: np.ndarray) -> np.ndarray:
    # MurmurHash3's finalizer, datasketch's pre-mix of input hashes.
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def stored_signatures(params: tuple[int, int, int, str] | None, ids: list[str],
                      matrix: np.ndarray) -> Signatures | None:
    """Signatures as a store keeps them (see Store.signatures), or None when it keeps none."""
    if params is None or not ids:
        return None
    return Signatures(MinHashParams(*params), list(ids), matrix)


def find_duplicates(articles: Sequence[Article], params: DuplicateParams | CorpusParams | None = None,
                    stored: Signatures | None = None) -> DuplicateGroups:
    """Group the articles that repeat one another. `stored` signatures are reused for the articles they
    cover when they were made with the same parameters; otherwise every signature is computed."""
    if params is None or isinstance(params, CorpusParams):
        params = (params or CorpusParams.load()).duplicates
    wanted = MinHashParams.of(params)
    known = stored.rows() if stored is not None and stored.params == wanted else {}
    ordered = sorted(articles, key=lambda a: a.id)
    fresh = [a for a in ordered if a.id not in known]
    computed = signatures(fresh, wanted)
    fresh_rows = computed.rows()
    matrix = np.empty((len(ordered), wanted.num_perm), dtype=np.uint32)
    for i, article in enumerate(ordered):
        if article.id in fresh_rows:
            matrix[i] = computed.matrix[fresh_rows[article.id]]
        else:
            matrix[i] = stored.matrix[known[article.id]]  # type: ignore[union-attr]
    sigs = Signatures(wanted, [a.id for a in ordered], matrix)
    groups = UnionFind(len(ordered))
    _join_equal(groups, [text_key(a.text) for a in ordered])
    _join_equal(groups, [url_key(a.url) for a in ordered])
    _join_similar(groups, matrix, params.threshold, wanted)
    return _result(ordered, groups, sigs, len(fresh))


class UnionFind:
    """Union-find over positions 0..n-1; a group's root is its smallest position."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _join_equal(groups: UnionFind, keys: Iterable[str | None]) -> None:
    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key is not None:
            groups.join(first.setdefault(key, i), i)


def _join_similar(groups: UnionFind, matrix: np.ndarray, threshold: float, params: MinHashParams) -> None:
    """Join the pairs datasketch's `MinHashLSH` would offer (equal in at least one band) whose estimated
    similarity reaches the threshold. The bands are bucketed in numpy, all articles at once: the same pairs as
    datasketch's insert/query loop, without a Python call per article and band."""
    if len(matrix) < 2:
        return
    # datasketch derives the bands from the threshold; asking it keeps the two in step.
    lsh = MinHashLSH(threshold=threshold, num_perm=params.num_perm, weights=LSH_WEIGHTS)
    empty = np.iinfo(np.uint32).max
    # A text with no words at all has an empty signature: only an exact match can join it.
    present = np.flatnonzero(~(matrix == empty).all(axis=1))
    if len(present) < 2:
        return
    pairs = np.unique(np.concatenate([_band_pairs(matrix[present, s:e]) for s, e in lsh.hashranges]))
    if not len(pairs):
        return
    first, second = present[pairs // len(present)], present[pairs % len(present)]
    for lo in range(0, len(pairs), _CHUNK * 10):  # bounds the (pairs x num_perm) comparison
        a, b = first[lo:lo + _CHUNK * 10], second[lo:lo + _CHUNK * 10]
        similar = (matrix[a] == matrix[b]).mean(axis=1) >= threshold
        for i, j in zip(a[similar].tolist(), b[similar].tolist()):
            groups.join(i, j)


def _band_pairs(band: np.ndarray) -> np.ndarray:
    """Pairs of rows (encoded i * n + j, i < j) whose values in this band are all equal."""
    n = len(band)
    keys = np.ascontiguousarray(band).view(np.dtype((np.void, band.dtype.itemsize * band.shape[1]))).ravel()
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, n])
    out: list[np.ndarray] = []
    for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist()):
        members = np.sort(order[start:start + size])
        i, j = np.triu_indices(size, 1)
        out.append(members[i].astype(np.int64) * n + members[j])
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def _result(ordered: list[Article], groups: UnionFind, sigs: Signatures, computed: int) -> DuplicateGroups:
    members: dict[int, list[int]] = {}
    for i in range(len(ordered)):
        members.setdefault(groups.find(i), []).append(i)
    canonical: dict[str, str] = {}
    duplicates: list[Duplicate] = []
    for group in members.values():
        head = min(group, key=lambda i: _canonical_rank(ordered[i]))
        for i in group:
            canonical[ordered[i].id] = ordered[head].id
            if i != head:
                duplicates.append(_duplicate(ordered[i], ordered[head], sigs.matrix[i], sigs.matrix[head]))
    duplicates.sort(key=lambda d: d.article_id)
    return DuplicateGroups(canonical, duplicates, sigs, computed)


def _canonical_rank(article: Article) -> tuple[bool, dt.date, int, str]:
    when = published(article)
    return (when is None, when or dt.date.max, -len(article.text.split()), article.id)


def _duplicate(article: Article, head: Article, row: np.ndarray, head_row: np.ndarray) -> Duplicate:
    same_text = text_key(article.text) == text_key(head.text)
    similarity = 1.0 if same_text else round(float(np.mean(row == head_row)), 4)
    outlets = (_outlet(article), _outlet(head))
    if same_text:
        kind = "exact"
    elif url_key(article.url) is not None and url_key(article.url) == url_key(head.url):
        kind = "update"
    elif None in outlets:
        kind = "near"
    else:
        kind = "update" if outlets[0] == outlets[1] else "syndicated"
    return Duplicate(article.id, head.id, similarity, kind)


def text_key(text: str) -> str | None:
    """Equal for two texts with the same words (case and punctuation aside); None for a text without words."""
    words = words_of(text)
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest() if words else None


def url_key(url: str | None) -> str | None:
    """Equal for two URLs of one page (scheme, case, fragment, trailing slash and www. aside)."""
    if not url or not url.strip():
        return None
    key = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("#", 1)[0].rstrip("/")
    return key.removeprefix("www.") or None


_text_key, _url_key = text_key, url_key  # the former private names


def _outlet(article: Article) -> str | None:
    if article.outlet and article.outlet.strip():
        return article.outlet.strip().lower().removeprefix("www.")
    return None
