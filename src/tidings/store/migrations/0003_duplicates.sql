-- 0003: duplicate articles found by the corpus stages, and the MinHash signatures they were found with.

-- One row per article that repeats another (a wire copy, an updated version, a reprint); the canonical
-- article is the one counted. Rewritten as a whole by each corpus update, like the other corpus tables.
CREATE TABLE duplicates (
    article_id VARCHAR PRIMARY KEY,
    canonical_id VARCHAR NOT NULL,
    similarity DOUBLE NOT NULL,
    kind VARCHAR NOT NULL
);

-- The parameters every stored signature was made with (one row). Signatures made with other parameters
-- are not comparable: the corpus update recomputes them all when the settings change.
CREATE TABLE minhash_params (
    num_perm INTEGER NOT NULL,
    seed BIGINT NOT NULL,
    shingle_words INTEGER NOT NULL,
    scheme VARCHAR NOT NULL
);

CREATE TABLE minhashes (
    article_id VARCHAR PRIMARY KEY,
    signature UINTEGER[] NOT NULL
);
