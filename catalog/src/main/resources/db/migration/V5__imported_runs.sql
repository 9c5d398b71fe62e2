-- Safehold catalog, version 5: runs that Safehold did not run itself (imported from Bacula and
-- Cove, or reported as events by any tool) and the scope a run covers (e.g. 'db' and 'files' of
-- one asset), which the awareness loop checks one by one.

ALTER TABLE runs ADD COLUMN scope TEXT NOT NULL DEFAULT '';   -- '' is the asset as a whole

-- The awareness loop asks, per asset and scope, for the newest run that produced a backup.
CREATE INDEX runs_last_good ON runs (asset_id, scope, finished_at DESC)
    WHERE status IN ('COMPLETED', 'COMPLETED_WITH_WARNINGS');
-- Imported rows are found by (source, external_id): runs already has UNIQUE (source, external_id).

-- Where an asset came from: its owning system's own id (a Cove device id, a Bacula job name),
-- so a re-import finds the same asset instead of creating a second one.
ALTER TABLE assets ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX assets_system_external ON assets (system, external_id) WHERE external_id IS NOT NULL;
