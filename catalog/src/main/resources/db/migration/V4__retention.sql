-- Safehold catalog, version 4: retention of VM backups.

-- The VM's retention rules as JSON, e.g. {"keepLast": 7, "keepWeekly": 4}; null: no rule, keep
-- everything. JSON so that policies can later carry the same document.
ALTER TABLE vms ADD COLUMN retention JSONB
    CHECK (retention IS NULL OR jsonb_typeof(retention) = 'object');

-- A pruned backup keeps its rows (run, disks, chunk list) so history stays readable; pruned_at
-- says its manifest and files are gone from the store. chunks_released_at says the chunks only it
-- referenced were deleted too; a prune that had to defer that (a backup was running) leaves it
-- null, and the next prune collects them.
ALTER TABLE vm_backups ADD COLUMN pruned_at TIMESTAMPTZ;
ALTER TABLE vm_backups ADD COLUMN pruned_by UUID REFERENCES runs (id) ON DELETE SET NULL;
ALTER TABLE vm_backups ADD COLUMN chunks_released_at TIMESTAMPTZ;
ALTER TABLE vm_backups ADD CHECK (chunks_released_at IS NULL OR pruned_at IS NOT NULL);
CREATE INDEX vm_backups_unreleased ON vm_backups (run_id)
    WHERE pruned_at IS NOT NULL AND chunks_released_at IS NULL;
