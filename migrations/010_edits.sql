-- 010: editing and recovery (`tracker generation set`, `tracker reopen`).
--
-- Every correction of a generation, one row per changed field, so
-- `tracker show` can say what was recorded first and when it was fixed.
-- Values are their text forms (a day, '1,200.00 USD', digits, a model id);
-- NULL = unset. An eval added by `generation set --eval` is a row of eval.
CREATE TABLE generation_change (
    id             INTEGER PRIMARY KEY,
    generation_id  INTEGER NOT NULL REFERENCES generation(id) ON DELETE CASCADE,
    field          TEXT NOT NULL CHECK (field IN ('cost', 'trained', 'model_id', 'examples', 'tokens', 'dataset')),
    old_value      TEXT,
    new_value      TEXT,
    recorded_on    TEXT NOT NULL
);
CREATE INDEX generation_change_generation ON generation_change(generation_id, id);

-- fine_tune_change gains 'retired' (a `tracker reopen`: old_value is the
-- day it had been retired, new_value NULL). A CHECK cannot be altered in
-- SQLite, so the table is rebuilt with its rows and ids.
CREATE TABLE fine_tune_change_010 (
    id            INTEGER PRIMARY KEY,
    fine_tune_id  INTEGER NOT NULL REFERENCES fine_tune(id) ON DELETE CASCADE,
    field         TEXT NOT NULL CHECK (field IN ('owner', 'task', 'retrain_every', 'calls_per_month', 'tokens_in',
                                                 'tokens_out', 'retrain_cost', 'name', 'retired')),
    old_value     TEXT,
    new_value     TEXT,
    recorded_on   TEXT NOT NULL
);
INSERT INTO fine_tune_change_010 (id, fine_tune_id, field, old_value, new_value, recorded_on)
    SELECT id, fine_tune_id, field, old_value, new_value, recorded_on FROM fine_tune_change;
DROP TABLE fine_tune_change;
ALTER TABLE fine_tune_change_010 RENAME TO fine_tune_change;
CREATE INDEX fine_tune_change_fine_tune ON fine_tune_change(fine_tune_id, id);
