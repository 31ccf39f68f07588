-- 001: base-model versions, their dated history, fine-tunes and generations.
--
-- Dates are ISO 8601 days (TEXT, 'YYYY-MM-DD', UTC). Money is an integer
-- amount of minor units plus an ISO 4217 currency code. Later migrations add
-- tasks, prompt revisions, budgets, channels and alerts as commands use them.

-- One snapshot of a provider's base model, e.g. openai/gpt-4o@2024-08-06.
CREATE TABLE base_version (
    id                 INTEGER PRIMARY KEY,
    provider           TEXT NOT NULL CHECK (provider = lower(provider) AND length(provider) > 0),
    family             TEXT NOT NULL CHECK (length(family) > 0),
    version            TEXT NOT NULL CHECK (length(version) > 0),
    model_id           TEXT NOT NULL CHECK (length(model_id) > 0),
    released           TEXT,              -- release day, or first-seen day; NULL = unknown
    deprecated         TEXT,              -- deprecation day; NULL = not deprecated or undated
    deprecated_undated INTEGER NOT NULL DEFAULT 0 CHECK (deprecated_undated IN (0, 1)),
    shutdown           TEXT,              -- shutdown/retirement day; NULL = unknown
    successor_id       INTEGER REFERENCES base_version(id) ON DELETE SET NULL,
    created_on         TEXT NOT NULL,
    UNIQUE (provider, family, version),
    CHECK (NOT (deprecated IS NOT NULL AND deprecated_undated = 1))
);
CREATE INDEX base_version_model_id ON base_version(model_id);

-- Every change of a lifecycle fact, with where it came from and the day it
-- was recorded, so the history of a shutdown date can be shown.
CREATE TABLE base_date_change (
    id           INTEGER PRIMARY KEY,
    base_id      INTEGER NOT NULL REFERENCES base_version(id) ON DELETE CASCADE,
    field        TEXT NOT NULL CHECK (field IN ('released', 'deprecated', 'shutdown', 'successor')),
    value        TEXT,                    -- new value; NULL = cleared/unknown
    undated      INTEGER NOT NULL DEFAULT 0 CHECK (undated IN (0, 1)),
    source       TEXT NOT NULL,           -- 'manual', or the importer that read it
    recorded_on  TEXT NOT NULL
);
CREATE INDEX base_date_change_base ON base_date_change(base_id, id);

-- A fine-tune as people call it; its lineage is its generations.
CREATE TABLE fine_tune (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) > 0),
    task           TEXT,
    owner          TEXT,
    retrain_every  TEXT NOT NULL DEFAULT '1y',   -- a duration (90d, 12w, 6m, 1y) or 'never'
    created_on     TEXT NOT NULL,
    retired_on     TEXT,
    retire_reason  TEXT
);
CREATE INDEX fine_tune_owner ON fine_tune(owner) WHERE retired_on IS NULL;

-- One training run of a fine-tune. The highest number is the current one.
CREATE TABLE generation (
    id              INTEGER PRIMARY KEY,
    fine_tune_id    INTEGER NOT NULL REFERENCES fine_tune(id) ON DELETE CASCADE,
    number          INTEGER NOT NULL CHECK (number >= 1),
    model_id        TEXT,                 -- the provider's fine-tuned model id
    base_id         INTEGER NOT NULL REFERENCES base_version(id),
    trained_on      TEXT NOT NULL,
    cost_minor      INTEGER NOT NULL CHECK (cost_minor >= 0),
    currency        TEXT NOT NULL CHECK (length(currency) = 3),
    trained_tokens  INTEGER CHECK (trained_tokens >= 0),
    examples        INTEGER CHECK (examples >= 0),
    dataset_ref     TEXT,
    dataset_sha256  TEXT CHECK (dataset_sha256 IS NULL OR length(dataset_sha256) = 64),
    eval_passed     INTEGER,
    eval_total      INTEGER,
    recorded_on     TEXT NOT NULL,
    UNIQUE (fine_tune_id, number),
    CHECK ((eval_passed IS NULL) = (eval_total IS NULL)),
    CHECK (eval_total IS NULL OR (eval_total > 0 AND eval_passed BETWEEN 0 AND eval_total))
);
CREATE INDEX generation_base ON generation(base_id);
