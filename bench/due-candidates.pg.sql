-- What `tracker due` fetches from PostgreSQL (SQLStore.dueCandidatesSQL,
-- without the owner filter): the current generation of every active
-- fine-tune. Timed by bench/run.sh with psql, output to /dev/null, as the
-- floor of tracker's PostgreSQL path: running the query and moving its rows
-- to a client, with no due rules, sorting or JSON.
SELECT f.name, f.task, f.owner, g.number, g.model_id, g.base_id, g.trained_on, f.retrain_every, le.passed, le.total
FROM fine_tune f
JOIN current_generation g ON g.fine_tune_id = f.id
LEFT JOIN latest_eval le ON le.generation_id = g.id
WHERE f.retired_on IS NULL;
