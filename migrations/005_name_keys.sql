-- 005: names compared with full Unicode case folding, not ASCII NOCASE.
--
-- fine_tune.name_key and channel.name_key hold each name's comparison key
-- (TrackerCore's NameKey: NFC, invisible characters dropped, whitespace
-- runs as one space, case-folded). Lookups and the uniqueness of names go
-- through it. SQLite's lower() and NOCASE fold ASCII only, so the key is
-- computed by tracker_name_key(), a function tracker registers on each of
-- its connections; nothing in the schema calls it, so other SQLite tools
-- can still read and write the file.
--
-- Rows named before this migration may fold to the same key ('Émile' and
-- 'émile' were two fine-tunes). None is renamed or lost: the oldest row of
-- each key keeps it, the others keep a NULL key and stay reachable by their
-- exact name. New names that fold to a taken key are refused.

ALTER TABLE fine_tune ADD COLUMN name_key TEXT;
UPDATE fine_tune SET name_key = tracker_name_key(name);
UPDATE fine_tune SET name_key = NULL WHERE id NOT IN (SELECT min(id) FROM fine_tune GROUP BY name_key);
CREATE UNIQUE INDEX fine_tune_name_key ON fine_tune(name_key);

ALTER TABLE channel ADD COLUMN name_key TEXT;
UPDATE channel SET name_key = tracker_name_key(name);
UPDATE channel SET name_key = NULL WHERE id NOT IN (SELECT min(id) FROM channel GROUP BY name_key);
CREATE UNIQUE INDEX channel_name_key ON channel(name_key);
