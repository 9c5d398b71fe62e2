-- Safehold catalog, version 2: vCenters, their VMs (as assets) and VM backups with their chunk
-- lists.

CREATE TABLE vcenters (
    id                   UUID PRIMARY KEY,
    name                 TEXT        NOT NULL UNIQUE,  -- [A-Za-z0-9._-]{1,64}: it goes into workflow ids
    url                  TEXT        NOT NULL,         -- https://host[:port]/sdk
    credential_id        UUID        NOT NULL REFERENCES credentials (id),
    thumbprint           TEXT,                         -- pinned SHA-1 or SHA-256, colon hex upper-case
    pin_on_first_use     BOOLEAN     NOT NULL DEFAULT false,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_discovery_at    TIMESTAMPTZ,
    last_discovery_error TEXT,                         -- null when the last discovery succeeded
    -- There is never trust-all: a vCenter carries its thumbprint or opts into pinning it.
    CHECK (thumbprint IS NOT NULL OR pin_on_first_use)
);

-- A VM is an asset of kind 'vm' named '<vCenter name>/<VM name>'; this row holds what vCenter
-- reports about it. Discovery never deletes a VM: one that vanished is marked removed and kept
-- for its backups.
CREATE TABLE vms (
    asset_id       UUID PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE,
    vcenter_id     UUID        NOT NULL REFERENCES vcenters (id) ON DELETE CASCADE,
    moref          TEXT        NOT NULL,               -- e.g. vm-42; may change on re-registration
    instance_uuid  TEXT        NOT NULL,               -- stable identity within a vCenter
    name           TEXT        NOT NULL,
    datacenter     TEXT,
    power_state    TEXT,                               -- poweredOn | poweredOff | suspended
    cbt_enabled    BOOLEAN     NOT NULL DEFAULT false,
    vmx_path       TEXT,                               -- [datastore] dir/vm.vmx
    removed_at     TIMESTAMPTZ,                        -- gone from vCenter at the last discovery
    discovered_at  TIMESTAMPTZ NOT NULL DEFAULT now(), -- the last discovery that reported it
    UNIQUE (vcenter_id, instance_uuid)
);
CREATE INDEX vms_name ON vms (vcenter_id, name);

CREATE TABLE vm_disks (
    vm_id          UUID    NOT NULL REFERENCES vms (asset_id) ON DELETE CASCADE,
    disk_key       INTEGER NOT NULL,                   -- vSphere's device key, e.g. 2000
    label          TEXT,
    capacity_bytes BIGINT  NOT NULL CHECK (capacity_bytes >= 0),
    datastore      TEXT,
    file_name      TEXT    NOT NULL,                   -- [datastore] dir/disk.vmdk
    PRIMARY KEY (vm_id, disk_key)
);

-- One row per VM backup run, written by the workflow once it has decided the mode. vm_id has no
-- cascade: a VM with backups in the catalog cannot vanish from under them.
CREATE TABLE vm_backups (
    run_id          UUID    PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    vm_id           UUID    NOT NULL REFERENCES vms (asset_id),
    mode            TEXT    NOT NULL CHECK (mode IN ('FULL', 'INCREMENTAL')),
    requested_mode  TEXT    NOT NULL CHECK (requested_mode IN ('FULL', 'INCREMENTAL')),
    base_run_id     UUID    REFERENCES runs (id),      -- the backup an incremental builds on
    fallback_reason TEXT,                              -- why an incremental ran as a full one
    chunk_size      INTEGER NOT NULL CHECK (chunk_size > 0),
    snapshot_name   TEXT,
    manifest_key    TEXT,                              -- set last: without it, not a backup
    bytes_read      BIGINT  NOT NULL DEFAULT 0,
    bytes_stored    BIGINT  NOT NULL DEFAULT 0,
    CHECK (mode = 'INCREMENTAL' OR base_run_id IS NULL),
    CHECK (mode = 'FULL' OR base_run_id IS NOT NULL)
);
CREATE INDEX vm_backups_vm ON vm_backups (vm_id);
CREATE INDEX vm_backups_base ON vm_backups (base_run_id) WHERE base_run_id IS NOT NULL;

CREATE TABLE vm_backup_disks (
    run_id         UUID    NOT NULL REFERENCES vm_backups (run_id) ON DELETE CASCADE,
    disk_key       INTEGER NOT NULL,
    capacity_bytes BIGINT  NOT NULL CHECK (capacity_bytes >= 0),
    change_id      TEXT,                               -- CBT change id of the snapshot, the next base
    file_name      TEXT    NOT NULL,
    bytes_read     BIGINT  NOT NULL DEFAULT 0,
    bytes_stored   BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, disk_key)
);

-- The chunk list of a disk in a backup: while the backup runs, its durable per-chunk progress
-- (a resumed attempt skips what is here); once finished, the complete list.
CREATE TABLE backup_chunks (
    run_id   UUID    NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    disk_key INTEGER NOT NULL,
    idx      INTEGER NOT NULL CHECK (idx >= 0),        -- offset = idx * chunk size
    sha256   TEXT    CHECK (sha256 ~ '^[0-9a-f]{64}$'),-- null: an all-zero chunk, not stored
    length   INTEGER NOT NULL CHECK (length > 0),
    PRIMARY KEY (run_id, disk_key, idx)
);
-- Retention must find whether any kept backup still references a stored chunk.
CREATE INDEX backup_chunks_sha256 ON backup_chunks (sha256) WHERE sha256 IS NOT NULL;
