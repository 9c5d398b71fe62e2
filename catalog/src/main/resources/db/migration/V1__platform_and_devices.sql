-- Safehold catalog, version 1: the API platform (keys, audit, credentials), assets and network
-- devices, runs with their events and artifacts, and device config versions.

CREATE TABLE api_keys (
    id          UUID PRIMARY KEY,
    name        TEXT        NOT NULL,
    role        TEXT        NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    key_hash    TEXT        NOT NULL UNIQUE,          -- hex SHA-256 of the key; the key itself is never stored
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at  TIMESTAMPTZ
);

CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    key_id      UUID,                                 -- null when the caller had no valid key
    action      TEXT        NOT NULL,                 -- e.g. "POST /api/v1/devices"
    target      TEXT        NOT NULL,                 -- the request path
    result      INTEGER     NOT NULL                  -- HTTP status returned
);
CREATE INDEX audit_log_at ON audit_log (at DESC);

CREATE TABLE credentials (
    id                   UUID PRIMARY KEY,
    name                 TEXT        NOT NULL UNIQUE,
    kind                 TEXT        NOT NULL CHECK (kind IN ('password', 'private-key')),
    username             TEXT        NOT NULL,
    secret_enc           BYTEA       NOT NULL,        -- AES-GCM: 12-byte nonce || ciphertext+tag
    passphrase_enc       BYTEA,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Anything Safehold backs up or watches.
CREATE TABLE assets (
    id              UUID PRIMARY KEY,
    kind            TEXT        NOT NULL,             -- 'network-device', later 'vm', 'bacula-job', ...
    name            TEXT        NOT NULL,
    system          TEXT        NOT NULL,             -- which system owns it: 'netdevice', 'vsphere', ...
    backup_window_s BIGINT,                           -- awareness: max age of the last good backup
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (kind, name)
);

CREATE TABLE devices (
    asset_id         UUID PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE,
    host             TEXT    NOT NULL,
    port             INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    device_type      TEXT    NOT NULL,
    credential_id    UUID REFERENCES credentials (id),
    jump_host_id     UUID REFERENCES devices (asset_id),
    host_key         TEXT,                            -- expected SHA256:... fingerprint, or the pinned one
    pin_on_first_use BOOLEAN NOT NULL DEFAULT false,
    tags             TEXT[]  NOT NULL DEFAULT '{}'
);

-- A credential attached to a tag applies to every device carrying the tag (a device's own wins).
CREATE TABLE tag_credentials (
    tag           TEXT PRIMARY KEY,
    credential_id UUID NOT NULL REFERENCES credentials (id)
);

CREATE TABLE runs (
    id               UUID PRIMARY KEY,
    kind             TEXT        NOT NULL,            -- backup | restore | verify | import
    asset_id         UUID REFERENCES assets (id) ON DELETE SET NULL,
    status           TEXT        NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED',
                         'COMPLETED_WITH_WARNINGS', 'FAILED', 'CANCELLED', 'ABANDONED')),
    phase            TEXT,
    progress_done    BIGINT,
    progress_total   BIGINT,
    workflow_id      TEXT,
    temporal_run_id  TEXT,
    source           TEXT        NOT NULL DEFAULT 'workflow',
    external_id      TEXT,
    bytes            BIGINT      NOT NULL DEFAULT 0,
    error            TEXT,
    result           JSONB,                           -- kind-specific outcome, e.g. {"configVersion":3,"unchanged":true}
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ,
    UNIQUE (source, external_id)
);
CREATE INDEX runs_asset ON runs (asset_id, created_at DESC);
CREATE INDEX runs_status ON runs (status) WHERE status IN ('PENDING', 'RUNNING');
CREATE INDEX runs_created ON runs (created_at DESC, id DESC);

CREATE TABLE run_events (
    id       BIGSERIAL PRIMARY KEY,
    run_id   UUID        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    type     TEXT        NOT NULL,                    -- connect | command | response | success | failure | info
    message  TEXT        NOT NULL
);
CREATE INDEX run_events_run ON run_events (run_id, id);

CREATE TABLE artifacts (
    id          BIGSERIAL PRIMARY KEY,
    run_id      UUID   NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    object_key  TEXT   NOT NULL,
    size        BIGINT NOT NULL,
    sha256      TEXT   NOT NULL,
    UNIQUE (run_id, object_key)
);

CREATE TABLE config_versions (
    device_id    UUID        NOT NULL REFERENCES devices (asset_id) ON DELETE CASCADE,
    version      INTEGER     NOT NULL,
    run_id       UUID        NOT NULL REFERENCES runs (id),
    object_key   TEXT        NOT NULL,
    size         BIGINT      NOT NULL,
    sha256       TEXT        NOT NULL,                -- of the stored (normalised) config text
    hostname     TEXT,
    facts        JSONB       NOT NULL DEFAULT '{}',
    captured_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (device_id, version),
    UNIQUE (run_id)
);
