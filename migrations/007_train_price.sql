-- 007: a base's training price per million trained tokens, with its source
-- ('manual' from 'tracker base set --train-price') and the day it was
-- recorded. 'tracker import openai-jobs' prices each job's trained tokens
-- with its base's training price. Exact: minor units of the currency.
ALTER TABLE base_version ADD COLUMN train_price_minor INTEGER CHECK (train_price_minor IS NULL OR train_price_minor >= 0);
ALTER TABLE base_version ADD COLUMN train_price_currency TEXT;
ALTER TABLE base_version ADD COLUMN train_price_source TEXT;
ALTER TABLE base_version ADD COLUMN train_price_read_on TEXT;
