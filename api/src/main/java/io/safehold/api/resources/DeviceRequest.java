package io.safehold.api.resources;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** Body of {@code POST /api/v1/devices} and {@code PUT /api/v1/devices/{device}}. */
public record DeviceRequest(
    @NotBlank
        @Size(max = 200)
        @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9._-]*",
            message =
                "must start with a letter or digit and hold only letters, digits, '.', '_', '-'")
        String name,
    @NotBlank @Size(max = 253) String host,
    @Min(1) @Max(65535) Integer port,
    @NotBlank String deviceType,
    UUID credentialId,
    @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
    UUID jumpHostId,
    @Size(max = 100) String hostKey,
    Boolean pinOnFirstUse) {}
