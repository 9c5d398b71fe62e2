-- Alerts an operator must act on: a snapshot a backup could not remove, and (later) an asset with
-- no successful backup within its window. At most one open alert per (kind, asset, subject):
-- raising it again refreshes the message instead of piling up duplicates.
CREATE TABLE alerts (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT        NOT NULL,                 -- e.g. 'snapshot-left-behind', 'backup-overdue'
    asset_id    UUID REFERENCES assets (id) ON DELETE CASCADE,
    subject     TEXT        NOT NULL DEFAULT '',      -- what within the asset, e.g. the snapshot name
    run_id      UUID REFERENCES runs (id) ON DELETE SET NULL,
    message     TEXT        NOT NULL,
    raised_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    cleared_at  TIMESTAMPTZ,
    cleared_by  TEXT                                  -- 'api:<key id>' or what cleared it automatically
);

CREATE UNIQUE INDEX alerts_one_open ON alerts (kind, asset_id, subject) WHERE cleared_at IS NULL;
CREATE INDEX alerts_open ON alerts (raised_at DESC) WHERE cleared_at IS NULL;
