-- 0006: a compact listing table for merged records, read by the REST API's record pages.
-- Fetching a page of `records` by id decodes its LIST and STRUCT columns a row at a time, and a list of
-- strings that repeat (records.articles) costs about a millisecond a row that way. `record_list` keeps the
-- same content with every nested column as JSON text (a flat VARCHAR is fetched cheaply) and the scalar
-- columns as they are, so listings pick, filter and sort on it and decode only the page's rows.
-- `window_first`/`window_last` are date_window's ends as plain columns for the date filters.
-- The view is the one definition of its rows: the backfill below and Store.replace_corpus both read it.
-- Rows are stored in the default listing order (newest date first), which keeps that page in one block.

CREATE VIEW record_list_rows AS
SELECT t.id, t.seq, t.type, t.mode, to_json(t.context)::VARCHAR AS context, t.cameo, t.plover_score,
       t.goldstein, t.quad_class, to_json(t.actor)::VARCHAR AS actor, to_json(t.recipient)::VARCHAR AS recipient,
       t.date, t.date_precision, to_json(t.date_window)::VARCHAR AS date_window,
       t.date_window[1] AS window_first, t.date_window[2] AS window_last,
       to_json(t.place)::VARCHAR AS place, t.modality, to_json(t.mentions)::VARCHAR AS mentions,
       to_json(t.articles)::VARCHAR AS articles, t.num_articles, t.num_sources, t.first_seen, t.last_seen,
       t.story_id, to_json(t.links)::VARCHAR AS links, t.confidence
FROM records AS t;

CREATE TABLE record_list AS SELECT * FROM record_list_rows ORDER BY coalesce(date, '') DESC, id DESC;
CREATE INDEX record_list_id ON record_list (id);
