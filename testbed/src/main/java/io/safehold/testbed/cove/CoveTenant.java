package io.safehold.testbed.cove;

/**
 * A Cove partner (an MSP tenant) known to the emulator, with the one API user that may log in to
 * it. The password stays inside the emulator.
 *
 * @param partnerId the id Cove assigns to the partner; {@code Login} reports it and {@code
 *     EnumerateAccountStatistics} expects it as {@code PartnerId}
 * @param partnerName the name to pass as {@code partner} to {@code Login} (case-sensitive)
 * @param username the API user's login name
 */
public record CoveTenant(long partnerId, String partnerName, String username) {}
