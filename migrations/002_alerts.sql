-- 002: notification channels, alerts, and the delivery log.
--
-- Secrets are never stored: a channel keeps only the NAME of the environment
-- variable or the PATH of the file that holds its webhook URL, SMTP password
-- or signing secret, and reads the value at send time.

CREATE TABLE channel (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) > 0),
    kind               TEXT NOT NULL CHECK (kind IN ('slack', 'email', 'webhook')),
    url_env            TEXT,              -- slack, webhook: variable holding the URL
    url_file           TEXT,              -- slack, webhook: file holding the URL
    secret_env         TEXT,              -- webhook: variable holding the signing secret
    secret_file        TEXT,              -- webhook: file holding the signing secret
    smtp_url           TEXT,              -- email: smtp://host:587 or smtps://host:465, no credentials
    mail_from          TEXT,
    mail_to            TEXT,              -- email: recipients, one per line
    smtp_user          TEXT,
    password_env       TEXT,
    password_file      TEXT,
    insecure_plaintext INTEGER NOT NULL DEFAULT 0 CHECK (insecure_plaintext IN (0, 1)),
    ca_file            TEXT,              -- email: CA bundle for a private relay
    route_owner        TEXT,
    route_task         TEXT,
    min_urgency        TEXT NOT NULL DEFAULT 'planned' CHECK (min_urgency IN ('planned', 'soon', 'critical', 'overdue')),
    repeat_every       TEXT NOT NULL DEFAULT '7d',
    created_on         TEXT NOT NULL,
    last_ok_at         TEXT,              -- UTC timestamp of the last accepted delivery
    last_error         TEXT,              -- why the last attempt failed (no secrets)
    last_error_at      TEXT,
    failing            INTEGER NOT NULL DEFAULT 0 CHECK (failing IN (0, 1))
);

-- A fact someone must act on. `key` is stable (fine-tune#generation:reason:base);
-- an alert that goes away and comes back starts a new episode.
CREATE TABLE alert (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    short_id      TEXT NOT NULL,
    fine_tune     TEXT NOT NULL,
    owner         TEXT,
    task          TEXT,
    generation    INTEGER NOT NULL,
    reason        TEXT NOT NULL,
    base          TEXT NOT NULL,
    urgency       TEXT NOT NULL,
    date          TEXT,
    threshold     INTEGER,
    text          TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('open', 'inhibited', 'resolved')),
    episode       INTEGER NOT NULL DEFAULT 1,
    first_seen    TEXT NOT NULL,          -- day the current episode opened
    last_seen     TEXT NOT NULL,
    resolved_on   TEXT,
    acked         INTEGER NOT NULL DEFAULT 0 CHECK (acked IN (0, 1)),
    ack_until     TEXT,                   -- NULL with acked = 1: until resolved
    snoozed_until TEXT
);
CREATE INDEX alert_state ON alert(state);
CREATE INDEX alert_short_id ON alert(short_id);

-- Every digest entry a receiver accepted, per channel. Recorded only after
-- the receiver answered success; kept for good (it is small).
CREATE TABLE delivery (
    id           INTEGER PRIMARY KEY,
    alert_id     INTEGER NOT NULL REFERENCES alert(id) ON DELETE CASCADE,
    episode      INTEGER NOT NULL,
    channel_id   INTEGER NOT NULL REFERENCES channel(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('new', 'repeat', 'threshold', 'resolved')),
    threshold    INTEGER,
    day          TEXT NOT NULL,           -- the run's day (--now)
    delivered_at TEXT NOT NULL,           -- UTC timestamp of acceptance
    message_id   TEXT NOT NULL            -- shared by the entries of one digest
);
CREATE INDEX delivery_channel_alert ON delivery(channel_id, alert_id, episode);
