package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

/**
 * A vCenter (or standalone ESXi host) Safehold discovers VMs on and backs them up from.
 *
 * @param url {@code https://host[:port]/sdk}
 * @param credentialId a {@code password} credential: vCenter logins are user and password
 * @param thumbprint the certificate thumbprint to trust (SHA-1 or SHA-256, upper-case hex pairs
 *     separated by colons); null until pinned when {@code pinOnFirstUse}
 * @param createdAt set by the catalog; ignored on insert
 * @param lastDiscoveryAt when the last discovery ended, null before the first
 * @param lastDiscoveryError why the last discovery failed; null when it succeeded
 */
public record VcenterRow(
    UUID id,
    String name,
    String url,
    UUID credentialId,
    String thumbprint,
    boolean pinOnFirstUse,
    Instant createdAt,
    Instant lastDiscoveryAt,
    String lastDiscoveryError) {}
