-- 006: what a provider's own model list shows about a base (issue 8).
--
-- listed_by: the provider list (source name: openai, anthropic, gemini,
-- ollama) that listed the base on a complete read. A base whose release
-- date came from a provider list was listed by it.
-- gone_on: the day a complete read of that list no longer had it (NULL
-- while listed). Fine-tunes on it are due with reason base-gone.
-- shutdown_disputed*: a catalog shutdown date that the provider's list
-- contradicted by still serving the model after it. The date is taken out
-- of `shutdown` (so no rule uses it) and kept here and in the history.
ALTER TABLE base_version ADD COLUMN listed_by TEXT;
ALTER TABLE base_version ADD COLUMN gone_on TEXT;
ALTER TABLE base_version ADD COLUMN shutdown_disputed TEXT;
ALTER TABLE base_version ADD COLUMN shutdown_disputed_source TEXT;
ALTER TABLE base_version ADD COLUMN shutdown_disputed_by TEXT;
ALTER TABLE base_version ADD COLUMN shutdown_disputed_on TEXT;
UPDATE base_version SET listed_by = released_source
WHERE released_source IN ('openai', 'anthropic', 'gemini', 'ollama');

-- The history gains two kinds of event: 'listing' (value 'gone' or 'back',
-- source = the provider list) and 'dispute' (value = the disputed date,
-- source = the provider list that still served the model, or 'ended').
CREATE TABLE base_date_change_006 (
    id           INTEGER PRIMARY KEY,
    base_id      INTEGER NOT NULL REFERENCES base_version(id) ON DELETE CASCADE,
    field        TEXT NOT NULL CHECK (field IN ('released', 'deprecated', 'shutdown', 'successor', 'listing', 'dispute')),
    value        TEXT,
    undated      INTEGER NOT NULL DEFAULT 0 CHECK (undated IN (0, 1)),
    source       TEXT NOT NULL,
    recorded_on  TEXT NOT NULL,
    applied      INTEGER NOT NULL DEFAULT 1 CHECK (applied IN (0, 1))
);
INSERT INTO base_date_change_006 (id, base_id, field, value, undated, source, recorded_on, applied)
SELECT id, base_id, field, value, undated, source, recorded_on, applied FROM base_date_change;
DROP TABLE base_date_change;
ALTER TABLE base_date_change_006 RENAME TO base_date_change;
CREATE INDEX base_date_change_base ON base_date_change(base_id, id);
