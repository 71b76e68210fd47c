-- 0004: narrow key tables for the REST API on large stores.
-- Filtering by actor or date on `events`/`records` means unnesting their actor lists and reading their date
-- windows row by row; these tables keep one plain row per (item, actor key, recipient key) with the dates
-- already parsed, so the API filters with semi-joins on plain columns and aggregates dyads without unnesting.
-- A side with no actor gets a NULL key (the item still has a row). Keys are Actor.key ('?' when an actor has
-- neither country nor group). The *_key_rows views are the one definition of their rows: the migration
-- backfills from them and Store.write_analyses / Store.replace_corpus keep the tables in step through them.

-- First and last day of an ISO date that may be a year (2022), a month (2022-10) or a day (2022-10-04).
CREATE MACRO tidings_day_first(s) AS CASE length(s)
    WHEN 4 THEN try_cast(s || '-01-01' AS DATE)
    WHEN 7 THEN try_cast(s || '-01' AS DATE)
    ELSE try_cast(left(s, 10) AS DATE) END;
CREATE MACRO tidings_day_last(s) AS CASE length(s)
    WHEN 4 THEN try_cast(s || '-12-31' AS DATE)
    WHEN 7 THEN last_day(try_cast(s || '-01' AS DATE))
    ELSE try_cast(left(s, 10) AS DATE) END;
-- The distinct keys of an actor list; [NULL] for an empty list so the item keeps a row.
CREATE MACRO tidings_keys(actors) AS coalesce(nullif(list_distinct(list_transform(actors, lambda x:
    coalesce(nullif(concat_ws('|', nullif(x.country, ''), nullif(x."group", '')), ''), '?'))), []),
    [NULL::VARCHAR]);

CREATE VIEW event_key_rows AS
SELECT e.id AS event_id, e.article_id, a AS actor_key, r AS recipient_key, e.date,
       tidings_day_first(coalesce(e.date_window[1], e.date)) AS date_start,
       tidings_day_last(coalesce(e.date_window[2], e.date)) AS date_end,
       e.type, e.quad_class, e.modality NOT IN ('negated', 'hypothetical') AS counted
FROM events AS e, unnest(tidings_keys(e.actor)) AS ua(a), unnest(tidings_keys(e.recipient)) AS ur(r);

-- Records also carry what a dyad series needs (the window as days, first seen, scores), so a series is an
-- aggregate over this table alone.
CREATE VIEW record_key_rows AS
SELECT t.id AS record_id, a AS actor_key, r AS recipient_key,
       tidings_day_first(coalesce(t.date_window[1], t.date)) AS date_start,
       tidings_day_last(coalesce(t.date_window[2], t.date)) AS date_end,
       try_cast(t.date_window[1] AS DATE) AS window_start, try_cast(t.date_window[2] AS DATE) AS window_end,
       t.first_seen, t.date, t.type, t.quad_class, t.plover_score, t.goldstein,
       t.modality NOT IN ('negated', 'hypothetical') AS counted
FROM records AS t, unnest(tidings_keys(t.actor)) AS ua(a), unnest(tidings_keys(t.recipient)) AS ur(r);

-- Point lookups of the rows of one listed page (WHERE id IN (...)) use these instead of a full scan.
CREATE INDEX events_id ON events (id);
CREATE INDEX records_id ON records (id);

CREATE TABLE event_keys AS SELECT * FROM event_key_rows ORDER BY actor_key, recipient_key, event_id;
CREATE TABLE record_keys AS SELECT * FROM record_key_rows ORDER BY actor_key, recipient_key, record_id;
