-- 0005: a merged record's confidence, which rises with the independent sources that report it.
ALTER TABLE records ADD COLUMN confidence DOUBLE DEFAULT 0.5;
