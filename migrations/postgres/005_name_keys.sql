-- PostgreSQL variant of migrations/005_name_keys.sql (same schema in meaning).
--
-- Differences from the SQLite file:
--   * TEXT -> TEXT COLLATE "C".
--   * SQLite gets tracker_name_key() from tracker (registered from Swift on
--     each connection, TrackerCore's NameKey). Here it is defined once, as
--     an IMMUTABLE STRICT SQL function, the closest practical equivalent:
--     NFC; the always-invisible characters dropped (soft hyphen, zero-width
--     space/non-joiner, bidi controls, word joiner, BOM, tag characters ...;
--     unlike NameKey it keeps every zero-width joiner and variation selector
--     and does not drop unassigned code points); runs of Unicode White_Space
--     as one space; trimmed; then lower(upper(lower())) with ICU's root
--     locale (full Unicode case mapping: 'Straße' -> 'strasse'); NFC again.
--     Its result is COLLATE "C". Like SQLite's, the function is only called
--     by this migration, 009 and tracker's own queries; nothing in the
--     schema (no index, default or CHECK) depends on it.

-- ICU gives full Unicode case mapping; a server built without ICU falls
-- back to the database's own lower()/upper(). ICU lowers a final capital
-- sigma to 'ς' where Swift (NameKey) always gives 'σ': translated to match.
DO $do$
DECLARE
    icu text := CASE WHEN EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu')
                     THEN ' COLLATE "und-x-icu"' ELSE '' END;
BEGIN
EXECUTE format($create$
CREATE OR REPLACE FUNCTION tracker_name_key(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $fn$
SELECT normalize(
           translate(lower(upper(lower(
               btrim(
                   regexp_replace(
                       regexp_replace(
                           normalize($1, NFC),
                           '[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF0-\uFFFB\U0001D173-\U0001D17A\U000E0000-\U000E00FF\U000E01F0-\U000E0FFF]',
                           '', 'g'),
                       '[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+',
                       ' ', 'g'),
                   ' ')
               %1$s) %1$s) %1$s), 'ς', 'σ'),
           NFC) COLLATE "C"
$fn$
$create$, icu);
END
$do$;

ALTER TABLE fine_tune ADD COLUMN name_key TEXT COLLATE "C";
UPDATE fine_tune SET name_key = tracker_name_key(name);
UPDATE fine_tune SET name_key = NULL WHERE id NOT IN (SELECT min(id) FROM fine_tune GROUP BY name_key);
CREATE UNIQUE INDEX fine_tune_name_key ON fine_tune(name_key);

ALTER TABLE channel ADD COLUMN name_key TEXT COLLATE "C";
UPDATE channel SET name_key = tracker_name_key(name);
UPDATE channel SET name_key = NULL WHERE id NOT IN (SELECT min(id) FROM channel GROUP BY name_key);
CREATE UNIQUE INDEX channel_name_key ON channel(name_key);
