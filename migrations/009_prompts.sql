-- 009: tasks, prompt revisions and evals.
--
-- A task has a target success rate (default 80%). fine_tune.task stays the
-- task's name as text (budgets and filters compare it by its key); the
-- commands make sure a fine-tune's task exists. Task names are compared by
-- their key (NameKey, as in migration 005), computed by tracker.
CREATE TABLE task (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(name) > 0),
    name_key        TEXT NOT NULL UNIQUE,
    target_percent  INTEGER NOT NULL DEFAULT 80 CHECK (target_percent BETWEEN 1 AND 100),
    description     TEXT,
    created_on      TEXT NOT NULL
);

-- Every free-text task of the fine-tunes becomes a task with the default
-- target; spellings that fold to one key become one task, named as the
-- oldest fine-tune spelled it.
INSERT INTO task (name, name_key, target_percent, created_on)
SELECT f.task, tracker_name_key(f.task), 80, f.created_on
FROM fine_tune f
WHERE f.task IS NOT NULL AND length(f.task) > 0
  AND f.id = (SELECT min(o.id) FROM fine_tune o WHERE tracker_name_key(o.task) = tracker_name_key(f.task))
ORDER BY f.id;

-- One revision of a task's prompt, numbered per task, never rewritten:
-- the full text, its SHA-256 (hex of the UTF-8 bytes), a note, and the
-- base model it was tested on.
CREATE TABLE prompt_revision (
    id          INTEGER PRIMARY KEY,
    task_id     INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL CHECK (number >= 1),
    text        TEXT NOT NULL CHECK (length(text) > 0),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    note        TEXT,
    base_id     INTEGER REFERENCES base_version(id),
    created_on  TEXT NOT NULL,
    UNIQUE (task_id, number)
);
CREATE TRIGGER prompt_revision_never_rewritten BEFORE UPDATE ON prompt_revision
BEGIN
    SELECT RAISE(ABORT, 'prompt revisions are never rewritten');
END;

-- An eval of exactly one subject: a prompt revision or a fine-tune
-- generation. A subject has many; its latest (by day, then id) counts.
CREATE TABLE eval (
    id                  INTEGER PRIMARY KEY,
    prompt_revision_id  INTEGER REFERENCES prompt_revision(id) ON DELETE CASCADE,
    generation_id       INTEGER REFERENCES generation(id) ON DELETE CASCADE,
    passed              INTEGER NOT NULL CHECK (passed >= 0),
    total               INTEGER NOT NULL CHECK (total > 0 AND passed <= total),
    dataset_ref         TEXT,
    day                 TEXT NOT NULL,
    recorded_on         TEXT NOT NULL,
    CHECK ((prompt_revision_id IS NULL) <> (generation_id IS NULL))
);
CREATE INDEX eval_prompt_revision ON eval(prompt_revision_id, day, id);
CREATE INDEX eval_generation ON eval(generation_id, day, id);

-- Each generation's eval becomes its first eval, dated the day it was
-- trained. generation.eval_passed/eval_total keep their old values but are
-- no longer read or written.
INSERT INTO eval (generation_id, passed, total, day, recorded_on)
SELECT id, eval_passed, eval_total, trained_on, recorded_on
FROM generation
WHERE eval_passed IS NOT NULL AND eval_total IS NOT NULL
ORDER BY id;

-- The latest eval of each subject, defined once.
CREATE VIEW latest_eval AS
SELECT e.*
FROM eval e
WHERE NOT EXISTS (SELECT 1 FROM eval n WHERE n.generation_id = e.generation_id
                                         AND (n.day > e.day OR (n.day = e.day AND n.id > e.id)))
  AND NOT EXISTS (SELECT 1 FROM eval n WHERE n.prompt_revision_id = e.prompt_revision_id
                                         AND (n.day > e.day OR (n.day = e.day AND n.id > e.id)));
