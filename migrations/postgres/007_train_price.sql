-- PostgreSQL variant of migrations/007_train_price.sql (same schema in
-- meaning). Differences: INTEGER -> BIGINT, TEXT -> TEXT COLLATE "C".
ALTER TABLE base_version ADD COLUMN train_price_minor BIGINT CHECK (train_price_minor IS NULL OR train_price_minor >= 0);
ALTER TABLE base_version ADD COLUMN train_price_currency TEXT COLLATE "C";
ALTER TABLE base_version ADD COLUMN train_price_source TEXT COLLATE "C";
ALTER TABLE base_version ADD COLUMN train_price_read_on TEXT COLLATE "C";
