-- 0002: what the live reader keeps (tidings watch) and the alerts its rules raise.

-- Fetch state of the live reader (tidings watch): one row per feed URL or entry URL.
-- status: feed rows 'ok' | 'error'; entry rows 'done' (analysed or skipped for good), 'error' (retried at a
-- later poll), 'gave_up' (failed max_failures polls in a row). Feed rows keep the validators (ETag,
-- Last-Modified) of the last version whose entries were all handled.
CREATE TABLE fetch_state (
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

-- Alerts raised by `tidings watch` (one row per match of a rule; `posted` once a webhook took it).
CREATE TABLE alerts (
    id VARCHAR PRIMARY KEY,
    rule VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    subject VARCHAR NOT NULL,
    day DATE,
    message VARCHAR NOT NULL,
    events VARCHAR[] NOT NULL,
    created TIMESTAMPTZ NOT NULL,
    detail MAP(VARCHAR, VARCHAR),
    posted BOOLEAN NOT NULL DEFAULT false
);
