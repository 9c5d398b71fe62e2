package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

/**
 * Awareness settings of an asset ({@code scope} {@code ""}) or of a scope it declares. Null
 * settings inherit (scope, then asset, then the configuration); a check period of -1 turns the
 * check off.
 */
public record AwarenessSettingRow(
    UUID assetId, String scope, Long checkPeriodS, Long alertWindowS, Instant declaredAt) {}
