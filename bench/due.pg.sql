-- The `tracker due` question in PostgreSQL's SQL, for psql:
--
--     psql -X -A -t -q -f bench/due.pg.sql -d postgresql://...
--
-- bench/due.sql translated: the same steps, the same answer as
-- `tracker due --now 2026-11-29 --within 90d --format json` (its `due`
-- array), printed as one JSON array (json_agg of one object per due
-- fine-tune, in tracker's order). Reads tracker's own PostgreSQL schema
-- (migrations/postgres: days are TEXT COLLATE "C" 'YYYY-MM-DD', integers
-- BIGINT) in the search_path of the connection.
--
-- Translation notes (SQLite -> PostgreSQL):
--   date(x, '+90 days')                 (x::date + 90)::text
--   julianday(a) - julianday(b)         a::date - b::date (an integer)
--   date(x, 'start of month', '+M months', '+(d-1) days') clamped to the
--   month's last day                    (x::date + make_interval(months => M))::date
--                                       (PostgreSQL clamps: 2024-02-29 + 1 year = 2025-02-28)
--   max(a, b) / min(a, b) (scalar)      greatest(a, b) / least(a, b) (no NULL reaches them)
--   CAST('6m' AS INTEGER) lenient       a regex check before the cast
--   ORDER BY ... name COLLATE BINARY    COLLATE "C" (byte order)
--   json_object(...) text               json_build_object(...)::text, joined as
--                                       in due.sql and cast to json at the end
-- A day that does not parse would make the ::date casts fail (SQLite's
-- julianday gives NULL); tracker only ever stores valid days.

SET datestyle TO ISO;  -- date::text is 'YYYY-MM-DD' whatever the client's PGDATESTYLE
-- The plan's cost is above jit_above_cost at 100k, and compiling it costs
-- about 150 ms that the query never wins back (EXPLAIN ANALYZE: JIT 147 ms
-- of 1237 ms); off, so the baseline is psql at its best.
SET jit = off;

WITH params(now, horizon_end) AS MATERIALIZED (
    SELECT '2026-11-29'::text COLLATE "C", (('2026-11-29'::date + 90)::text) COLLATE "C"
),
-- Newest snapshot of each provider/family released on or before now
-- (ties: the higher id).
newest AS MATERIALIZED (
    SELECT provider, family, id AS top_id, released AS top_released
    FROM (SELECT b.provider, b.family, b.id, b.released,
                 row_number() OVER (PARTITION BY b.provider, b.family
                                    ORDER BY b.released DESC, b.id DESC) AS rn
          FROM base_version b, params p
          WHERE b.released IS NOT NULL AND b.released <= p.now) x
    WHERE rn = 1
),
-- DueRules.standings: what each base means for every fine-tune on it.
standing0 AS MATERIALIZED (
    SELECT b.id, b.provider || '/' || b.family || '@' || b.version AS ref, b.model_id,
           CASE WHEN b.shutdown <= p.horizon_end THEN b.shutdown END AS shutdown,
           CASE WHEN b.gone_on <= p.now THEN b.gone_on END AS gone_on,
           CASE WHEN b.deprecated <= p.horizon_end THEN b.deprecated END AS deprecated_on,
           (b.deprecated IS NULL AND b.deprecated_undated <> 0) AS deprecated_undated,
           CASE WHEN b.released IS NOT NULL AND n.top_id <> b.id AND n.top_released > b.released THEN n.top_id
                WHEN b.successor_id IS NOT NULL AND b.successor_id <> b.id
                     AND (sb.released IS NULL OR sb.released <= p.now) THEN b.successor_id
           END AS superseded_by,
           p.now
    FROM base_version b
    CROSS JOIN params p
    LEFT JOIN newest n ON n.provider = b.provider AND n.family = b.family
    LEFT JOIN base_version sb ON sb.id = b.successor_id
),
standing1 AS MATERIALIZED (
    SELECT s.*, succ.ref AS successor_ref,
           s.shutdown::date - s.now::date AS shutdown_left,
           s.gone_on::date - s.now::date AS gone_left,
           s.deprecated_on::date - s.now::date AS deprecated_left
    FROM standing0 s
    LEFT JOIN standing0 succ ON succ.id = s.superseded_by
),
standing AS MATERIALIZED (
    SELECT id, ref, model_id, superseded_by,
           (shutdown IS NOT NULL OR gone_on IS NOT NULL OR deprecated_on IS NOT NULL OR deprecated_undated
            OR superseded_by IS NOT NULL) AS base_due,
           greatest(CASE WHEN shutdown_left IS NULL THEN 0 WHEN shutdown_left <= 0 THEN 3
                         WHEN shutdown_left <= 30 THEN 2 WHEN shutdown_left <= 90 THEN 1 ELSE 0 END,
                    CASE WHEN deprecated_left <= 90 THEN 1 ELSE 0 END,
                    CASE WHEN gone_on IS NOT NULL THEN 3 ELSE 0 END) AS base_rank,
           CASE WHEN gone_on IS NULL THEN shutdown WHEN shutdown IS NULL THEN gone_on
                ELSE least(shutdown, gone_on) END AS base_hard_deadline,
           deprecated_on AS base_soft_deadline,
           -- DueVerdict.reasons order: shut down, gone, shutdown soon, [age],
           -- deprecation, supersession.
           coalesce(CASE WHEN gone_on IS NULL THEN NULL
                ELSE json_build_object('code', 'base-gone', 'date', gone_on, 'days_left', gone_left,
                    'text', 'base gone from the provider''s list ' || gone_on || CASE WHEN gone_left = 0 THEN ' (today)'
                        WHEN gone_left = -1 THEN ' (1 day ago)' ELSE ' (' || (-gone_left) || ' days ago)' END)::text
           END, '') AS gone_json,
           coalesce(shutdown_left <= 0, false) AS shut_down,
           coalesce(CASE WHEN shutdown IS NULL THEN NULL
                WHEN shutdown_left <= 0 THEN json_build_object('code', 'base-shut-down', 'date', shutdown,
                    'days_left', shutdown_left,
                    'text', 'base shut down ' || shutdown || CASE WHEN shutdown_left = 0 THEN ' (today)'
                        WHEN shutdown_left = -1 THEN ' (1 day ago)' ELSE ' (' || (-shutdown_left) || ' days ago)' END)::text
                ELSE json_build_object('code', 'base-shutdown-soon', 'date', shutdown, 'days_left', shutdown_left,
                    'text', 'base shuts down ' || shutdown || ' (in '
                        || CASE WHEN shutdown_left = 1 THEN '1 day' ELSE shutdown_left || ' days' END || ')')::text
           END, '') AS shutdown_json,
           substr(
               coalesce(',' || CASE
                   WHEN deprecated_on IS NOT NULL
                        THEN json_build_object('code', 'base-deprecated', 'date', deprecated_on, 'days_left', deprecated_left,
                            'text', CASE WHEN deprecated_left > 0
                                THEN 'base deprecated from ' || deprecated_on || ' (in '
                                     || CASE WHEN deprecated_left = 1 THEN '1 day' ELSE deprecated_left || ' days' END || ')'
                                ELSE 'base deprecated ' || deprecated_on END)::text
                   WHEN deprecated_undated
                        THEN json_build_object('code', 'base-deprecated', 'date', NULL, 'days_left', NULL,
                            'text', 'base deprecated (date not announced)')::text
               END, '') ||
               coalesce(',' || CASE WHEN superseded_by IS NULL THEN NULL
                   ELSE json_build_object('code', 'base-superseded', 'date', NULL, 'days_left', NULL, 'successor', successor_ref,
                       'text', 'superseded by ' || coalesce(successor_ref, 'a newer snapshot'))::text
               END, ''),
           2) AS rest_json
    FROM standing1
),
-- Each retrain policy text, parsed once (RetrainPolicy.init; text that is not
-- a policy counts as the default, 1y). SQLite's CAST is lenient; here the
-- digits are checked before the cast.
policy0 AS MATERIALIZED (
    SELECT text, unit,
           CASE WHEN digits_ok THEN CAST(substr(text, 1, length(text) - 1) AS bigint) END AS n,
           (length(text) BETWEEN 2 AND 6 AND unit IN ('d', 'w', 'm', 'y') AND digits_ok
            AND CAST(substr(text, 1, length(text) - 1) AS bigint) BETWEEN 1 AND 10000) AS valid,
           lower(text) = 'never' AS never
    FROM (SELECT retrain_every AS text, lower(right(retrain_every, 1)) AS unit,
                 (length(retrain_every) BETWEEN 2 AND 6 AND substr(retrain_every, 1, length(retrain_every) - 1) ~ '^[0-9]+$') AS digits_ok
          FROM (SELECT DISTINCT retrain_every FROM fine_tune) d) t
),
policy AS MATERIALIZED (
    SELECT text,
           CASE WHEN never THEN NULL WHEN NOT valid THEN 12
                WHEN unit = 'y' THEN 12 * n WHEN unit = 'm' THEN n ELSE 0 END AS add_months,
           CASE WHEN never THEN NULL WHEN NOT valid THEN 0
                WHEN unit = 'w' THEN 7 * n WHEN unit = 'd' THEN n ELSE 0 END AS add_days,
           CASE WHEN never THEN 'never' WHEN valid THEN n || unit ELSE '1y' END AS normalized
    FROM policy0
),
-- The current generation of every active fine-tune, with the day its retrain
-- policy falls due (calendar months, clamped to the month's last day).
candidate AS (
    SELECT f.name, f.task, f.owner, g.number, g.model_id, g.base_id, g.trained_on,
           p.normalized AS retrain_every,
           (CASE WHEN p.add_months IS NULL THEN NULL
                 WHEN p.add_months = 0 THEN (g.trained_on::date + p.add_days::int)::text
                 ELSE (g.trained_on::date + make_interval(months => p.add_months::int))::date::text
            END) COLLATE "C" AS retrain_by
    FROM fine_tune f
    JOIN current_generation g ON g.fine_tune_id = f.id
    JOIN policy p ON p.text = f.retrain_every
    WHERE f.retired_on IS NULL
),
judged AS (
    SELECT c.name, c.owner, c.task, c.number, c.model_id, s.ref, s.model_id AS base_model_id,
           c.trained_on, c.retrain_every, s.base_rank, s.base_hard_deadline, s.base_soft_deadline,
           s.shutdown_json, s.gone_json, s.shut_down, s.rest_json,
           c.age_due, c.age_due::date - prm.now::date AS age_left, prm.now
    FROM (SELECT c.*, CASE WHEN c.retrain_by <= prm.horizon_end THEN c.retrain_by END AS age_due
          FROM candidate c, params prm) c
    JOIN standing s ON s.id = c.base_id
    CROSS JOIN params prm
    WHERE s.base_due OR c.age_due IS NOT NULL
),
ranked AS (
    SELECT j.*,
           greatest(base_rank, CASE WHEN age_left IS NULL THEN 0 WHEN age_left <= 0 THEN 3
                                    WHEN age_left <= 30 THEN 2 WHEN age_left <= 90 THEN 1 ELSE 0 END) AS urgency_rank,
           CASE WHEN age_due IS NULL THEN coalesce(base_hard_deadline, base_soft_deadline)
                WHEN base_hard_deadline IS NULL THEN age_due
                ELSE least(age_due, base_hard_deadline) END AS deadline,
           CASE WHEN age_due IS NULL THEN '' ELSE json_build_object('code', 'age', 'date', age_due, 'days_left', age_left,
               'text', 'retrain due ' || age_due || CASE
                   WHEN age_left < 0 THEN ' (' || CASE WHEN age_left = -1 THEN '1 day' ELSE (-age_left) || ' days' END || ' overdue)'
                   WHEN age_left = 0 THEN ' (today)'
                   ELSE ' (in ' || CASE WHEN age_left = 1 THEN '1 day' ELSE age_left || ' days' END || ')' END)::text END AS age_json
    FROM judged j
)
SELECT coalesce(json_agg(json_build_object(
           'name', name,
           'owner', owner,
           'task', task,
           'generation', number,
           'model_id', model_id,
           'base', ref,
           'base_model_id', base_model_id,
           'trained', trained_on,
           'retrain_every', retrain_every,
           'urgency', CASE urgency_rank WHEN 3 THEN 'overdue' WHEN 2 THEN 'critical' WHEN 1 THEN 'soon' ELSE 'planned' END,
           'deadline', deadline,
           'days_left', deadline::date - now::date,
           'reasons', ('[' || substr(CASE WHEN shut_down
                                          THEN coalesce(',' || nullif(shutdown_json, ''), '') || coalesce(',' || nullif(gone_json, ''), '')
                                          ELSE coalesce(',' || nullif(gone_json, ''), '') || coalesce(',' || nullif(shutdown_json, ''), '') END
                                     || coalesce(',' || nullif(age_json, ''), '')
                                     || coalesce(',' || nullif(rest_json, ''), ''), 2) || ']')::json)
         ORDER BY urgency_rank DESC, deadline IS NULL, deadline COLLATE "C", name COLLATE "C"), '[]')
FROM ranked;
