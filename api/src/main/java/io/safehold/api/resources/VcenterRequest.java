package io.safehold.api.resources;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * Body of {@code POST /api/v1/vcenters}. Give {@code thumbprint} (the certificate to trust) or
 * {@code pinOnFirstUse: true}, exactly one of them: there is never trust-all.
 */
public record VcenterRequest(
    @NotBlank
        @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
            message =
                "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
                    + " (it goes into workflow ids)")
        String name,
    @NotBlank @Size(max = 2048) String url,
    @NotNull UUID credentialId,
    @Size(max = 200) String thumbprint,
    Boolean pinOnFirstUse) {}
