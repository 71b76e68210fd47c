-- Fetch state of the live reader (tidings watch): one row per feed URL or entry URL.
-- status: feed rows 'ok' | 'error'; entry rows 'done' (analysed or skipped for good), 'error' (retried at a
-- later poll), 'gave_up' (failed max_failures polls in a row). Feed rows keep the validators (ETag,
-- Last-Modified) of the last version whose entries were all handled.
CREATE TABLE IF NOT EXISTS fetch_state (
    url VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    etag VARCHAR,
    last_modified VARCHAR,
    last_fetched TIMESTAMPTZ,
    http_status INTEGER,
    failures INTEGER NOT NULL DEFAULT 0,
    detail VARCHAR,
    article_id VARCHAR
);
