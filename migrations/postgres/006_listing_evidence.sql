-- PostgreSQL variant of migrations/006_listing_evidence.sql (same schema in
-- meaning).
--
-- Differences from the SQLite file:
--   * TEXT -> TEXT COLLATE "C".
--   * SQLite cannot alter a CHECK, so it rebuilds base_date_change (create
--     base_date_change_006, copy, drop, rename, re-index). Here the CHECK on
--     field is replaced with ALTER TABLE: same columns in the same order,
--     same rows and ids, same index base_date_change_base, and the identity
--     sequence of id keeps counting.

ALTER TABLE base_version ADD COLUMN listed_by TEXT COLLATE "C";
ALTER TABLE base_version ADD COLUMN gone_on TEXT COLLATE "C";
ALTER TABLE base_version ADD COLUMN shutdown_disputed TEXT COLLATE "C";
ALTER TABLE base_version ADD COLUMN shutdown_disputed_source TEXT COLLATE "C";
ALTER TABLE base_version ADD COLUMN shutdown_disputed_by TEXT COLLATE "C";
ALTER TABLE base_version ADD COLUMN shutdown_disputed_on TEXT COLLATE "C";
UPDATE base_version SET listed_by = released_source
WHERE released_source IN ('openai', 'anthropic', 'gemini', 'ollama');

-- The history gains two kinds of event: 'listing' (value 'gone' or 'back',
-- source = the provider list) and 'dispute' (value = the disputed date,
-- source = the provider list that still served the model, or 'ended').
ALTER TABLE base_date_change
    DROP CONSTRAINT base_date_change_field_check,
    ADD CONSTRAINT base_date_change_field_check
        CHECK (field IN ('released', 'deprecated', 'shutdown', 'successor', 'listing', 'dispute'));
