package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

/**
 * A Cove Data Protection account (an MSP tenant) that Safehold polls, with the outcome of its last
 * polling cycle.
 *
 * @param apiUrl the JSON-RPC endpoint, e.g. {@code https://api.backup.management/jsonapi}
 * @param partner the partner name exactly as Cove's {@code Login} takes it
 * @param credentialId a {@code password} credential: the API user's name and password
 * @param pollIntervalS seconds between two cycles
 * @param maxRequestsPerSecond calls to Cove per second this account may make, at most
 * @param createdAt set by the catalog; ignored on insert
 * @param partnerId Cove's partner id, learned at the first login; null before
 * @param healthy whether the last cycle reached Cove and read it; null before the first cycle
 * @param lastError why the last cycle failed, or which page it skipped; null when clean
 * @param lastPollAt when the last cycle ended, good or not
 * @param lastPollStatsJson the counts of the last good cycle, as JSON text
 * @param pollCount cycles ended so far, good or not
 */
public record CoveAccountRow(
    UUID id,
    String name,
    String apiUrl,
    String partner,
    UUID credentialId,
    int pollIntervalS,
    double maxRequestsPerSecond,
    Instant createdAt,
    Long partnerId,
    Boolean healthy,
    String lastError,
    Instant lastPollAt,
    String lastPollStatsJson,
    long pollCount) {}
