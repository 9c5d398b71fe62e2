-- Safehold catalog, version 8: backup events from any tool (per-asset ingest keys, replay
-- detection) and the awareness loop (per-asset and per-scope settings, declared scopes, alert
-- acknowledgement, and an event log of every alert's life).

-- A key that may report backup events for one asset only. Like api_keys, only its SHA-256 is kept.
CREATE TABLE ingest_keys (
    id          UUID PRIMARY KEY,
    asset_id    UUID        NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    name        TEXT        NOT NULL,
    key_hash    TEXT        NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX ingest_keys_asset ON ingest_keys (asset_id);

-- Events already applied, by a hash of what identifies them (asset, scope, status, the tool's run
-- id, the time it gave), so a replayed event changes nothing and answers with the same run.
CREATE TABLE backup_events (
    event_key    TEXT PRIMARY KEY,
    run_id       UUID        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    received_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Awareness settings of an asset (scope '') and of each scope it declares (any other scope). A
-- declared scope must have its own successful backup (or one of the whole asset); null settings
-- inherit: scope, then asset, then assets.backup_window_s (window only), then the configuration.
CREATE TABLE awareness_settings (
    asset_id        UUID        NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    scope           TEXT        NOT NULL,
    check_period_s  BIGINT      CHECK (check_period_s = -1 OR check_period_s > 0), -- -1: off
    alert_window_s  BIGINT      CHECK (alert_window_s > 0),
    declared_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (asset_id, scope)
);

-- Acknowledged: someone has seen the alert and said so; it stays until its condition clears.
ALTER TABLE alerts ADD COLUMN acked_at TIMESTAMPTZ;
ALTER TABLE alerts ADD COLUMN acked_by TEXT;
ALTER TABLE alerts ADD COLUMN ack_comment TEXT;

-- Every raise, refresh (new message while open), acknowledgement and clear of an alert.
CREATE TABLE alert_events (
    id        BIGSERIAL PRIMARY KEY,
    alert_id  BIGINT      NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    type      TEXT        NOT NULL CHECK (type IN ('raise', 'refresh', 'ack', 'clear')),
    actor     TEXT        NOT NULL,        -- 'awareness', 'run <id>', 'safehold', 'api:<key name>'
    message   TEXT
);
CREATE INDEX alert_events_alert ON alert_events (alert_id, id);

-- The check clears open awareness alerts by kind.
CREATE INDEX alerts_open_kind ON alerts (kind, asset_id) WHERE cleared_at IS NULL;
