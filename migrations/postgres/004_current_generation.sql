-- PostgreSQL variant of migrations/004_current_generation.sql.
--
-- Identical to the SQLite file. (PostgreSQL expands g.* when the view is
-- created, SQLite when it is read; no later migration adds a column to
-- generation, so both views have the same columns.)
CREATE VIEW current_generation AS
SELECT g.*
FROM generation g
WHERE NOT EXISTS (SELECT 1 FROM generation n WHERE n.fine_tune_id = g.fine_tune_id AND n.number > g.number);
