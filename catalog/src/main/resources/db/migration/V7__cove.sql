-- Safehold catalog, version 7: N-able Cove Data Protection accounts (one per MSP tenant) that a
-- CovePollingWorkflow polls, importing each device as an asset (kind 'cove-device') and each
-- session as a run (source 'import:cove').

CREATE TABLE cove_accounts (
    id                      UUID PRIMARY KEY,
    name                    TEXT             NOT NULL UNIQUE,  -- [A-Za-z0-9._-]{1,64}
    api_url                 TEXT             NOT NULL,         -- the JSON-RPC endpoint
    partner                 TEXT             NOT NULL,         -- Cove partner name, as Login takes it
    credential_id           UUID             NOT NULL REFERENCES credentials (id),  -- API user + password
    poll_interval_s         INTEGER          NOT NULL DEFAULT 900 CHECK (poll_interval_s > 0),
    max_requests_per_second DOUBLE PRECISION NOT NULL DEFAULT 2 CHECK (max_requests_per_second > 0),
    created_at              TIMESTAMPTZ      NOT NULL DEFAULT now(),
    partner_id              BIGINT,                            -- Cove's id, learned at the first login
    healthy                 BOOLEAN,                           -- null until the first cycle ends
    last_error              TEXT,                              -- why the last cycle failed or skipped a page
    last_poll_at            TIMESTAMPTZ,                       -- when the last cycle ended, either way
    last_poll_stats         JSONB,                             -- counts of the last good cycle
    poll_count              BIGINT           NOT NULL DEFAULT 0 -- cycles ended, good or not
);
