package io.safehold.api.bacula;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * Body of {@code POST /api/v1/bacula/directors}.
 *
 * @param mode {@code local} (bconsole on the worker host) or {@code ssh} (on the director host)
 * @param bconsoleConfig absolute path of the bconsole config, on the host bconsole runs on
 * @param sshHost ssh only: the director host
 * @param sshPort ssh only; default 22
 * @param sshHostKey ssh only: the host key fingerprint to trust, {@code SHA256:...} as {@code
 *     ssh-keygen -lf} prints it
 * @param credentialId ssh only: the login (password or private key)
 * @param timeZone the zone the director prints times in (e.g. Europe/Paris); default the worker's
 * @param importIntervalMinutes how often finished jobs are imported; default 15
 */
public record BaculaDirectorRequest(
    @NotBlank
        @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
            message =
                "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
                    + " (it goes into workflow ids)")
        String name,
    @NotBlank @Pattern(regexp = "local|ssh", message = "must be local or ssh") String mode,
    @NotBlank
        @Pattern(
            regexp = "/[A-Za-z0-9/._-]{1,255}",
            message = "must be an absolute path of letters, digits, '/', '.', '_' or '-'")
        String bconsoleConfig,
    @Size(max = 255)
        @Pattern(regexp = "[A-Za-z0-9.:-]+", message = "must be a host name or address")
        String sshHost,
    @Min(1) @Max(65535) Integer sshPort,
    @Size(max = 200) String sshHostKey,
    UUID credentialId,
    @Size(max = 64) String timeZone,
    @Min(1) @Max(1440) Integer importIntervalMinutes) {}
