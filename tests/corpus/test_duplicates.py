"""Duplicates: hand-made wire copies, updated versions and reprints, and how the other stages count them."""

from __future__ import annotations

import datetime as dt
import zlib

import numpy as np
from datasketch import MinHash

from tidings.corpus import update_corpus
from tidings.corpus.duplicates import (
    MinHashParams, Signatures, find_duplicates, shingle_hash, signatures, words_of,
)
from tidings.corpus.merge import merge_events
from tidings.corpus.params import DuplicateParams
from tidings.records import Article

WIRE = (
    "Russia has ordered a Japanese consul in Vladivostok to leave the country within 48 hours after the Federal "
    "Security Service detained him on suspicion of espionage. Tokyo protested the detention of the consul, "
    "saying he was blindfolded and interrogated, and denied that the diplomat broke any Russian law. The "
    "expulsion of the consul deepens a rift between Japan and Russia over sanctions and the war in Ukraine. "
    "Japan's chief cabinet secretary told reporters that the government would respond firmly and demanded an "
    "apology from Moscow for the way the consul had been treated during his questioning by the security service.")
TAIL = "Reuters contributed reporting from Moscow, and this story has been updated with comment from Tokyo."
OTHER = (
    "West African leaders gave Niger's military junta one week to reinstate the ousted president, threatening "
    "the use of force, and imposed sanctions including a freeze on the junta's assets and a closure of borders. "
    "ECOWAS said the coup leaders in Niamey must step aside, while supporters of the coup rallied in the capital.")


def _article(ident, text, outlet, day, title=None, url=None):
    return Article(ident, text, title=title, outlet=outlet, url=url, published=dt.date.fromisoformat(day))


def _corpus():
    return [
        _article("wire", WIRE, "reuters.com", "2022-09-27", "Russia expels Japanese consul"),
        # a syndicated copy: new headline, a trailing paragraph, another outlet, a day later
        _article("copy", WIRE + "\n\n" + TAIL, "japantimes.co.jp", "2022-09-28", "Moscow orders Japan's consul out"),
        # a reprint of the same text word for word, a different case and spacing
        _article("reprint", "  " + WIRE.upper().replace(". ", ".\n\n"), "straitstimes.com", "2022-09-28"),
        _article("niger", OTHER, "bbc.co.uk", "2023-07-30", "ECOWAS ultimatum"),
    ]


def test_duplicates_wire_copy_with_new_headline_and_tail_joins_its_original():
    groups = find_duplicates(_corpus(), DuplicateParams())
    assert groups.canonical_of("copy") == "wire" == groups.canonical_of("reprint")
    assert groups.canonical_of("niger") == "niger" and not groups.is_duplicate("wire")
    kinds = {d.article_id: (d.kind, d.similarity) for d in groups.duplicates}
    assert kinds["reprint"] == ("exact", 1.0)
    assert kinds["copy"][0] == "syndicated" and 0.8 <= kinds["copy"][1] < 1.0
    assert "niger" not in kinds and "wire" not in kinds


def test_duplicates_threshold_is_a_setting():
    strict = find_duplicates(_corpus(), DuplicateParams(threshold=0.99))
    assert not strict.is_duplicate("copy")  # the trailing paragraph makes it less than 99% alike
    assert strict.is_duplicate("reprint")  # same normalised text needs no estimate


def test_duplicates_updated_version_at_the_same_url_is_an_update():
    first = _article("v1", WIRE, "reuters.com", "2022-09-27", url="https://www.reuters.com/world/consul/")
    second = _article("v2", WIRE.replace("within 48 hours", "within two days") + " " + TAIL, "reuters.com",
                      "2022-09-27", url="http://reuters.com/world/consul#top")
    (dup,) = find_duplicates([second, first], DuplicateParams()).duplicates
    # the same day: the longer (fuller) version is canonical
    assert (dup.article_id, dup.canonical_id, dup.kind) == ("v1", "v2", "update")


def test_duplicates_signatures_equal_datasketch_minhash():
    params = MinHashParams(64, 7, 3)
    texts = [WIRE, "two words", "", OTHER]
    computed = signatures([Article(str(i), t) for i, t in enumerate(texts)], params)
    for row, text in enumerate(texts):
        words = words_of(text)
        grams = [tuple(words[i:i + 3]) for i in range(len(words) - 2)] or ([tuple(words)] if words else [])
        expected = MinHash(num_perm=64, seed=7, scheme="affine32", hashfunc=shingle_hash)
        expected.update_batch(grams)
        assert np.array_equal(computed.matrix[row], expected.hashvalues), text[:20]
    assert shingle_hash(["a", "b"]) != shingle_hash(["b", "a"])
    assert shingle_hash(["a"]) == zlib.crc32(b"a") * 0x9E3779B1 & 0xFFFFFFFF


def test_duplicates_stored_signatures_are_reused_only_with_the_same_parameters():
    articles = _corpus()
    first = find_duplicates(articles, DuplicateParams())
    assert first.computed == 4
    again = find_duplicates(articles + [_article("new", OTHER + " More.", "x.com", "2023-07-31")],
                            DuplicateParams(), first.signatures)
    assert again.computed == 1 and again.canonical_of("new") == "niger"
    # Signatures made with another seed are not comparable: all are computed again, none is trusted.
    other = Signatures(MinHashParams(128, 2, 3), first.signatures.ids, first.signatures.matrix)
    recomputed = find_duplicates(articles, DuplicateParams(), other)
    assert recomputed.computed == 4 and recomputed.canonical == first.canonical


def test_duplicates_count_once_in_records_but_every_outlet_is_a_source(build):
    articles = {a.id: a for a in _corpus()}
    day = ("2022-09-26", "2022-09-27")
    sentence = "Russia has ordered a Japanese consul in Vladivostok to leave the country within 48 hours."
    events = [build.event(f"{a}-expel", a, "SANCTION", build.russia, build.consul, day, "expel", sentence=sentence)
              for a in ("wire", "copy", "reprint")]
    # the copy dated its event a week off (relative dates read from a later day): the same sentence still joins
    events.append(build.event("copy-late", "copy", "COERCE", build.russia, build.consul, ("2022-09-20", "2022-09-20"),
                              "arrest", sentence="detained him"))
    events.append(build.event("wire-late", "wire", "COERCE", build.russia, build.consul, ("2022-09-13", "2022-09-13"),
                              "arrest", sentence="detained him"))
    canonical = {"copy": "wire", "reprint": "wire"}
    records = merge_events(events, articles, {}, canonical)
    expel = next(r for r in records if "wire-expel" in r.mentions)
    assert set(expel.mentions) == {"wire-expel", "copy-expel", "reprint-expel"}
    assert expel.num_articles == 1 and expel.num_sources == 3
    arrest = next(r for r in records if "wire-late" in r.mentions)
    assert set(arrest.mentions) == {"wire-late", "copy-late"}
    # without the duplicate groups the three reports count as three articles
    plain = next(r for r in merge_events(events, articles, {}) if "wire-expel" in r.mentions)
    assert plain.num_articles == 3


def test_duplicates_copies_share_their_originals_story(build):
    result = update_corpus(_corpus(), [])
    story = result.membership["wire"]
    assert result.membership["copy"] == story == result.membership["reprint"]
    assert result.membership["niger"] != story
    assert {d.article_id for d in result.duplicates.duplicates} == {"copy", "reprint"}


def test_duplicates_numpy_bands_find_the_pairs_datasketch_lsh_finds():
    from datasketch import LeanMinHash, MinHashLSH

    from tidings.corpus.duplicates import UnionFind, _join_similar

    rng = np.random.default_rng(3)
    matrix = rng.integers(0, 2**32 - 1, size=(400, 64), dtype=np.uint32)
    for source, target in rng.integers(0, 400, size=(120, 2)):  # near copies, some above and some below 0.8
        matrix[target] = matrix[source]
        changed = rng.random(64) < rng.uniform(0.0, 0.4)
        matrix[target, changed] = rng.integers(0, 2**32 - 1, size=int(changed.sum()))
    matrix[7] = np.iinfo(np.uint32).max  # no words: joins nothing
    params = MinHashParams(64, 1, 3)
    ours = UnionFind(len(matrix))
    _join_similar(ours, matrix, 0.8, params)
    theirs, lsh = UnionFind(len(matrix)), MinHashLSH(threshold=0.8, num_perm=64, weights=(0.1, 0.9))
    for i, row in enumerate(matrix):
        if i == 7:
            continue
        sketch = LeanMinHash(seed=1, hashvalues=row, scheme="affine32")
        for j in lsh.query(sketch):
            if (matrix[j] == row).mean() >= 0.8:
                theirs.join(j, i)
        lsh.insert(i, sketch)
    found = [ours.find(i) for i in range(len(matrix))]
    assert found == [theirs.find(i) for i in range(len(matrix))]
    assert len(set(found)) < len(matrix) - 20 and found[7] == 7
