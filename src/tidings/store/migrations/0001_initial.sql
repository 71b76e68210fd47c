-- tidings store, schema version 1.
-- One table per record type of tidings.records; nested values keep DuckDB native types (LIST, STRUCT,
-- fixed-size ARRAY) so analytic SQL can unnest them. Column names are the record field names, so a row
-- read back is the record's own `from_dict` input. `seq` keeps each article's items in extraction order.

CREATE TABLE articles (
    id VARCHAR PRIMARY KEY,
    text VARCHAR NOT NULL,
    title VARCHAR,
    url VARCHAR,
    outlet VARCHAR,
    published DATE,
    published_basis VARCHAR NOT NULL,
    dateline VARCHAR,
    language VARCHAR,
    format VARCHAR NOT NULL,
    path VARCHAR,
    ingested TIMESTAMPTZ
);

CREATE TABLE mentions (
    article_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    actor STRUCT(text VARCHAR, country VARCHAR, "group" VARCHAR, sector VARCHAR, name VARCHAR, role VARCHAR),
    place STRUCT(name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE, geonameid BIGINT)
);

CREATE TABLE events (
    id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    type VARCHAR NOT NULL,
    mode VARCHAR,
    context VARCHAR[] NOT NULL,
    cameo VARCHAR,
    plover_score DOUBLE,
    goldstein DOUBLE,
    quad_class INTEGER,
    actor STRUCT(text VARCHAR, country VARCHAR, "group" VARCHAR, sector VARCHAR, name VARCHAR, role VARCHAR)[] NOT NULL,
    recipient STRUCT(text VARCHAR, country VARCHAR, "group" VARCHAR, sector VARCHAR, name VARCHAR, role VARCHAR)[] NOT NULL,
    date VARCHAR,
    date_precision VARCHAR NOT NULL,
    date_window VARCHAR[2],
    date_basis VARCHAR,
    place STRUCT(name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE, geonameid BIGINT),
    modality VARCHAR NOT NULL,
    attributed_to STRUCT(text VARCHAR, country VARCHAR, "group" VARCHAR, sector VARCHAR, name VARCHAR, role VARCHAR),
    evidence STRUCT(sentence VARCHAR, "start" INTEGER, "end" INTEGER),
    rule VARCHAR NOT NULL,
    confidence DOUBLE NOT NULL
);

CREATE TABLE quotes (
    id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    speaker STRUCT(text VARCHAR, country VARCHAR, "group" VARCHAR, sector VARCHAR, name VARCHAR, role VARCHAR),
    direct BOOLEAN NOT NULL
);

CREATE TABLE claims (
    id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    content VARCHAR NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    speaker STRUCT(text VARCHAR, country VARCHAR, "group" VARCHAR, sector VARCHAR, name VARCHAR, role VARCHAR),
    cue VARCHAR,
    stance VARCHAR NOT NULL,
    disputed_by VARCHAR[] NOT NULL
);

-- Corpus tables: rewritten as a whole by each corpus update (Store.replace_corpus).
CREATE TABLE stories (
    id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    title VARCHAR,
    "start" DATE,
    "end" DATE,
    articles VARCHAR[] NOT NULL,
    key_actors VARCHAR[] NOT NULL
);

CREATE TABLE story_articles (
    article_id VARCHAR NOT NULL,
    story_id VARCHAR NOT NULL
);

CREATE TABLE records (
    id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    type VARCHAR NOT NULL,
    mode VARCHAR,
    context VARCHAR[] NOT NULL,
    cameo VARCHAR,
    plover_score DOUBLE,
    goldstein DOUBLE,
    quad_class INTEGER,
    actor STRUCT(text VARCHAR, country VARCHAR, "group" VARCHAR, sector VARCHAR, name VARCHAR, role VARCHAR)[] NOT NULL,
    recipient STRUCT(text VARCHAR, country VARCHAR, "group" VARCHAR, sector VARCHAR, name VARCHAR, role VARCHAR)[] NOT NULL,
    date VARCHAR,
    date_precision VARCHAR NOT NULL,
    date_window VARCHAR[2],
    place STRUCT(name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE, geonameid BIGINT),
    modality VARCHAR NOT NULL,
    mentions VARCHAR[] NOT NULL,
    articles VARCHAR[] NOT NULL,
    num_articles INTEGER NOT NULL,
    num_sources INTEGER NOT NULL,
    first_seen DATE,
    last_seen DATE,
    story_id VARCHAR,
    -- free-form {"type": ..., "record": ...} maps, as EventRecord.links carries them
    links MAP(VARCHAR, VARCHAR)[] NOT NULL
);

CREATE TABLE links (
    seq INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    target VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    evidence VARCHAR
);

CREATE TABLE skipped (
    origin VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    detail VARCHAR NOT NULL,
    "when" TIMESTAMPTZ NOT NULL
);

CREATE SEQUENCE runs_id START 1;

CREATE TABLE runs (
    id INTEGER PRIMARY KEY DEFAULT nextval('runs_id'),
    started TIMESTAMPTZ NOT NULL,
    finished TIMESTAMPTZ,
    tidings_version VARCHAR,
    articles_written INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    corpus_updates INTEGER NOT NULL DEFAULT 0
);

-- One row per (actor, recipient) pair of every counted event; the key is Actor.key (country and/or
-- group joined by "|", "?" when neither is known).
CREATE VIEW dyad_events AS
SELECT DISTINCT
    e.id AS event_id,
    e.article_id,
    coalesce(nullif(concat_ws('|', nullif(act.country, ''), nullif(act."group", '')), ''), '?') AS actor_key,
    coalesce(nullif(concat_ws('|', nullif(rec.country, ''), nullif(rec."group", '')), ''), '?') AS recipient_key,
    e.date,
    CASE WHEN length(e.date) >= 7 THEN left(e.date, 7) END AS month,
    e.plover_score,
    e.goldstein
FROM events AS e,
     unnest(e.actor) AS ua(act),
     unnest(e.recipient) AS ur(rec)
WHERE e.modality NOT IN ('negated', 'hypothetical');
