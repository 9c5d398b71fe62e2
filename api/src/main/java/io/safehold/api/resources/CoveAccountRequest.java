package io.safehold.api.resources;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * Body of {@code POST /api/v1/cove/accounts}: a Cove account (MSP tenant) to poll.
 *
 * @param apiUrl the JSON-RPC endpoint; default Cove's {@code https://api.backup.management/jsonapi}
 * @param partner the partner name exactly as Cove's Login takes it (case-sensitive)
 * @param credentialId a password credential holding the API user's name and password
 * @param pollIntervalSeconds 60 to 86400; default 900
 * @param maxRequestsPerSecond calls to Cove per second at most, more than 0 and up to 100; default
 *     2
 */
public record CoveAccountRequest(
    @NotBlank
        @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
            message =
                "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        String name,
    @Size(max = 2048) String apiUrl,
    @NotBlank @Size(max = 200) String partner,
    @NotNull UUID credentialId,
    @Min(60) @Max(86400) Integer pollIntervalSeconds,
    @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") Double maxRequestsPerSecond) {}
