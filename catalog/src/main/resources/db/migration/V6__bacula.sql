-- Safehold catalog, version 6: Bacula directors Safehold drives through bconsole and imports job
-- history from. Their jobs become assets of kind 'bacula-job' (system 'bacula', external id
-- '<director id>:<job name>') and their runs imported runs (source 'import:bacula', external id
-- '<director id>:<JobId>'), both through the tables of V5.

CREATE TABLE bacula_directors (
    id                      UUID PRIMARY KEY,
    name                    TEXT        NOT NULL UNIQUE,  -- [A-Za-z0-9._-]{1,64}: it goes into workflow ids
    mode                    TEXT        NOT NULL CHECK (mode IN ('local', 'ssh')),
    -- local: path of the bconsole config on the worker host; ssh: on the director host.
    bconsole_config         TEXT        NOT NULL,
    ssh_host                TEXT,
    ssh_port                INTEGER     NOT NULL DEFAULT 22 CHECK (ssh_port BETWEEN 1 AND 65535),
    ssh_host_key            TEXT,                         -- expected fingerprint, SHA256:... as ssh-keygen -l prints it
    credential_id           UUID        REFERENCES credentials (id),
    time_zone               TEXT,                         -- zone the director prints catalog times in; null: the worker's
    import_interval_minutes INTEGER     NOT NULL DEFAULT 15 CHECK (import_interval_minutes BETWEEN 1 AND 1440),
    import_watermark        BIGINT      NOT NULL DEFAULT 0, -- every JobId at or below it has been imported
    healthy                 BOOLEAN     NOT NULL DEFAULT true,
    last_error              TEXT,                         -- why the last contact failed; null when it worked
    last_checked_at         TIMESTAMPTZ,                  -- last contact, successful or not
    last_import_at          TIMESTAMPTZ,                  -- last import cycle that completed
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Over SSH the host key is always verified and the login is a stored credential.
    CHECK (mode = 'local' OR (ssh_host IS NOT NULL AND ssh_host_key IS NOT NULL AND credential_id IS NOT NULL))
);
