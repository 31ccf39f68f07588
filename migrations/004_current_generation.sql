-- 004: "the current generation of each fine-tune", defined once.
--
-- The generation with the highest number is the one in service. Every
-- listing, the due rules and the alert rules read it through this view.
CREATE VIEW current_generation AS
SELECT g.*
FROM generation g
WHERE g.number = (SELECT max(m.number) FROM generation m WHERE m.fine_tune_id = g.fine_tune_id);
