-- Alerts raised by `tidings watch` (one row per match of a rule; `posted` once a webhook took it).
CREATE TABLE IF NOT EXISTS alerts (
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
