-- 003: where base-model facts come from, catalog prices, imported jobs.
--
-- Each lifecycle date of a base remembers its source ('manual', 'openai',
-- 'anthropic', 'gemini', 'ollama', 'litellm', 'import'). A provider date that
-- differs from a manual one is recorded in the history with applied = 0 and
-- reported, never applied silently.

ALTER TABLE base_version ADD COLUMN released_source TEXT;
ALTER TABLE base_version ADD COLUMN deprecated_source TEXT;
ALTER TABLE base_version ADD COLUMN shutdown_source TEXT;
UPDATE base_version SET released_source = 'manual' WHERE released IS NOT NULL;
UPDATE base_version SET deprecated_source = 'manual' WHERE deprecated IS NOT NULL OR deprecated_undated = 1;
UPDATE base_version SET shutdown_source = 'manual' WHERE shutdown IS NOT NULL;

ALTER TABLE base_date_change ADD COLUMN applied INTEGER NOT NULL DEFAULT 1 CHECK (applied IN (0, 1));

-- Prices and shutdown dates read from a model catalog (LiteLLM's
-- model_prices_and_context_window.json). Prices are exact: micro-USD per
-- million tokens (the per-token price times 10^12).
CREATE TABLE catalog_model (
    id                     INTEGER PRIMARY KEY,
    provider               TEXT NOT NULL,
    model_id               TEXT NOT NULL,
    catalog_key            TEXT NOT NULL,
    mode                   TEXT NOT NULL,
    fine_tuned             INTEGER NOT NULL DEFAULT 0 CHECK (fine_tuned IN (0, 1)),
    input_micro_per_mtok   INTEGER,
    output_micro_per_mtok  INTEGER,
    shutdown               TEXT,
    source                 TEXT NOT NULL,
    read_on                TEXT NOT NULL,
    UNIQUE (catalog_key)
);
CREATE INDEX catalog_model_lookup ON catalog_model(provider, model_id);

-- The provider job a generation was imported from (idempotent imports).
ALTER TABLE generation ADD COLUMN job_id TEXT;
CREATE UNIQUE INDEX generation_job_id ON generation(job_id) WHERE job_id IS NOT NULL;
