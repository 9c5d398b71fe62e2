package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

/**
 * A Bacula director Safehold reaches through {@code bconsole}, locally on the worker host or on the
 * director host over SSH.
 *
 * @param mode {@code local} or {@code ssh}
 * @param bconsoleConfig path of the bconsole config: on the worker host (local) or on the director
 *     host (ssh)
 * @param sshHostKey the expected host key fingerprint ({@code SHA256:...}); required for ssh
 * @param credentialId the SSH login (password or private key); required for ssh
 * @param timeZone the zone the director prints catalog times in; null for the worker's zone
 * @param importWatermark every JobId at or below it is in the catalog (or will never be imported)
 * @param healthy false after a contact with the director failed, until one succeeds
 * @param lastError why the last contact failed; null when it worked
 */
public record BaculaDirectorRow(
    UUID id,
    String name,
    String mode,
    String bconsoleConfig,
    String sshHost,
    int sshPort,
    String sshHostKey,
    UUID credentialId,
    String timeZone,
    int importIntervalMinutes,
    long importWatermark,
    boolean healthy,
    String lastError,
    Instant lastCheckedAt,
    Instant lastImportAt,
    Instant createdAt) {}
