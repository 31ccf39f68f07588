-- 008: what budgets, total cost of ownership and the forecast need.
--
-- Money is exact, as everywhere: an integer amount of minor units plus an
-- ISO 4217 currency code. Inference prices are finer than a cent (0.075 USD
-- per 1M tokens), so they are integer millionths of the currency's major
-- unit per 1M tokens (TrackerCore's TokenRate: 2.50 USD = 2500000).

-- The inference prices set on a base (`tracker base set --price-in ...`),
-- one row per kind, with where each came from and the day it was read.
-- The catalog's prices stay in catalog_model; these are the user's.
CREATE TABLE base_price (
    base_id   INTEGER NOT NULL REFERENCES base_version(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('price_in', 'price_out', 'ft_price_in', 'ft_price_out')),
    micros    INTEGER NOT NULL CHECK (micros >= 0),   -- millionths of the major unit per 1M tokens
    currency  TEXT NOT NULL CHECK (length(currency) = 3),
    source    TEXT NOT NULL,                          -- 'manual', or the importer that read it
    read_on   TEXT,
    PRIMARY KEY (base_id, kind)
);

-- A fine-tune's expected use (NULL = unknown) and the explicit estimated
-- cost of one retrain (`--retrain-cost`; NULL = estimate it from the last
-- generation). The cost's amount and currency are set or cleared together.
ALTER TABLE fine_tune ADD COLUMN calls_per_month INTEGER CHECK (calls_per_month IS NULL OR calls_per_month >= 0);
ALTER TABLE fine_tune ADD COLUMN tokens_in INTEGER CHECK (tokens_in IS NULL OR tokens_in >= 0);    -- per call
ALTER TABLE fine_tune ADD COLUMN tokens_out INTEGER CHECK (tokens_out IS NULL OR tokens_out >= 0);  -- per call
ALTER TABLE fine_tune ADD COLUMN retrain_cost_minor INTEGER CHECK (retrain_cost_minor IS NULL OR retrain_cost_minor >= 0);
ALTER TABLE fine_tune ADD COLUMN retrain_cost_currency TEXT
    CHECK ((retrain_cost_currency IS NULL) = (retrain_cost_minor IS NULL)
           AND (retrain_cost_currency IS NULL OR length(retrain_cost_currency) = 3));

-- Every change of a fine-tune's settings (`tracker set`), so `tracker show`
-- can say who changed the budget-relevant numbers and when. Values are
-- their text forms (a name, '6m' or 'never', digits, '1,500.00 USD');
-- NULL = unset. 'name' is reserved for a rename command.
CREATE TABLE fine_tune_change (
    id            INTEGER PRIMARY KEY,
    fine_tune_id  INTEGER NOT NULL REFERENCES fine_tune(id) ON DELETE CASCADE,
    field         TEXT NOT NULL CHECK (field IN ('owner', 'task', 'retrain_every', 'calls_per_month', 'tokens_in',
                                                 'tokens_out', 'retrain_cost', 'name')),
    old_value     TEXT,
    new_value     TEXT,
    recorded_on   TEXT NOT NULL
);
CREATE INDEX fine_tune_change_fine_tune ON fine_tune_change(fine_tune_id, id);

-- An amount for a scope (everything, an owner's or a task's fine-tunes)
-- and a calendar period ('2027', '2027-Q1', '2027-03'). scope_key is the
-- name's comparison key (NameKey, as in migration 005), computed by tracker
-- when it inserts, so one owner has one budget per period however its
-- name is spelled; '' for 'all'.
CREATE TABLE budget (
    id            INTEGER PRIMARY KEY,
    scope_kind    TEXT NOT NULL CHECK (scope_kind IN ('all', 'owner', 'task')),
    scope_name    TEXT CHECK ((scope_name IS NULL) = (scope_kind = 'all')),
    scope_key     TEXT NOT NULL CHECK ((scope_key = '') = (scope_kind = 'all')),
    period        TEXT NOT NULL CHECK (length(period) > 0),
    amount_minor  INTEGER NOT NULL CHECK (amount_minor >= 0),
    currency      TEXT NOT NULL CHECK (length(currency) = 3),
    created_on    TEXT NOT NULL,
    UNIQUE (scope_kind, scope_key, period)
);

-- Budget alerts (budget-at-risk, budget-over) name their budget as
-- 'SCOPE PERIOD' ('owner:team-a 2027-Q1'); NULL for a fine-tune's alert.
ALTER TABLE alert ADD COLUMN budget TEXT;
