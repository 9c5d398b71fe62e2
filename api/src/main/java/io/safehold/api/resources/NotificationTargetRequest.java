package io.safehold.api.resources;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * Body of {@code POST /api/v1/notification-targets}. Webhook kinds ({@code webhook}, {@code slack},
 * {@code teams}) take {@code url}; {@code webhook} may send a credential's secret in {@code
 * secretHeader}. {@code email} takes the SMTP fields; {@code credentialId} is then the SMTP login.
 * {@link NotificationTargetRules} checks the combinations.
 *
 * @param smtpPort default 587
 * @param requireStartTls default true: refuse to send over a server that does not offer STARTTLS
 * @param tlsCertificateSha256 the SMTP server certificate to trust (its SHA-256), instead of the
 *     JVM's CA store and a host name check
 * @param events event types the target receives, e.g. {@code run-failed}
 * @param assetKinds asset kinds it receives (e.g. {@code vm}); absent or empty for all
 * @param enabled default true
 */
public record NotificationTargetRequest(
    @NotBlank
        @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
            message =
                "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        String name,
    @NotNull
        @Pattern(
            regexp = "webhook|slack|teams|email",
            message = "must be webhook, slack, teams or email")
        String kind,
    @Size(max = 2048) String url,
    @Size(max = 100) String secretHeader,
    UUID credentialId,
    @Size(max = 253) String smtpHost,
    Integer smtpPort,
    Boolean requireStartTls,
    @Size(max = 200) String tlsCertificateSha256,
    @Size(max = 320) String from,
    @Size(max = 50) List<@NotBlank @Size(max = 320) String> to,
    @NotEmpty @Size(max = 20) List<@NotBlank String> events,
    @Size(max = 20) List<@NotBlank String> assetKinds,
    Boolean enabled) {}
