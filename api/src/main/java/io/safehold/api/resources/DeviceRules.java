package io.safehold.api.resources;

import io.safehold.api.errors.ApiException;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.DeviceRow;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/** Checks a device as sent to {@code POST}/{@code PUT /api/v1/devices} against the catalog. */
final class DeviceRules {

  static final int DEFAULT_PORT = 22;
  private static final int MAX_JUMP_CHAIN = 8;
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
  private static final Pattern HOST_KEY = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");

  private final DeviceDao devices;
  private final CredentialDao credentials;
  private final Set<String> deviceTypes;

  DeviceRules(DeviceDao devices, CredentialDao credentials, Set<String> deviceTypes) {
    this.devices = devices;
    this.credentials = credentials;
    this.deviceTypes = deviceTypes;
  }

  /**
   * The row to store for a request. {@code existing} is the device being replaced, or null for a
   * new one; a replacement without {@code hostKey} keeps the key already recorded (a pinned key is
   * never dropped by an edit).
   */
  DeviceRow toRow(DeviceRequest request, DeviceRow existing) {
    UUID id = existing == null ? UUID.randomUUID() : existing.id();
    String name = request.name();
    if (Ids.tryParse(name).isPresent()) {
      throw ApiException.invalidField("field 'name' must not be a UUID, so paths can take either");
    }
    Optional<DeviceRow> sameName = devices.findByName(name);
    if (sameName.isPresent() && !sameName.get().id().equals(id)) {
      throw ApiException.conflict("a device named '" + name + "' already exists");
    }
    if (!deviceTypes.contains(request.deviceType())) {
      throw ApiException.invalidField(
          "field 'deviceType' must be one of "
              + String.join(", ", new TreeSet<>(deviceTypes))
              + ", got '"
              + request.deviceType()
              + "'");
    }
    List<String> tags =
        request.tags() == null ? List.of() : List.copyOf(new TreeSet<>(request.tags()));
    tags.forEach(DeviceRules::checkTag);
    if (request.credentialId() != null && credentials.find(request.credentialId()).isEmpty()) {
      throw ApiException.invalidField(
          "field 'credentialId': no credential has id " + request.credentialId());
    }
    if (request.credentialId() == null && tags.isEmpty()) {
      throw ApiException.invalidField(
          "set 'credentialId', or 'tags' with a tag that has a credential attached");
    }
    if (request.jumpHostId() != null) {
      checkJumpHost(id, request.jumpHostId());
    }
    String hostKey = request.hostKey();
    if (hostKey != null && !HOST_KEY.matcher(hostKey).matches()) {
      throw ApiException.invalidField(
          "field 'hostKey' must be an SSH host key fingerprint like SHA256:<43 base64 characters>"
              + " (as printed by ssh-keygen -lf)");
    }
    if (hostKey == null && existing != null) {
      hostKey = existing.hostKey();
    }
    boolean pin = Boolean.TRUE.equals(request.pinOnFirstUse());
    if (hostKey == null && !pin) {
      throw ApiException.invalidField(
          "set 'hostKey' to the device's SHA256 host key fingerprint, or 'pinOnFirstUse': true to"
              + " record the key seen on first contact; Safehold never accepts an unknown host"
              + " key");
    }
    return new DeviceRow(
        id,
        name,
        request.host().trim(),
        request.port() == null ? DEFAULT_PORT : request.port(),
        request.deviceType(),
        request.credentialId(),
        request.jumpHostId(),
        hostKey,
        pin,
        tags,
        existing == null ? Instant.now() : existing.createdAt());
  }

  static void checkTag(String tag) {
    if (tag == null || !TAG.matcher(tag).matches()) {
      throw ApiException.invalidField(
          "tag '"
              + tag
              + "' must start with a letter or digit and hold at most 100 letters, digits, '.',"
              + " '_', ':', '-'");
    }
  }

  /** The jump host must exist and must not lead back to the device itself. */
  private void checkJumpHost(UUID deviceId, UUID jumpHostId) {
    Set<UUID> seen = new HashSet<>();
    UUID hop = jumpHostId;
    for (int depth = 0; hop != null; depth++) {
      if (hop.equals(deviceId)) {
        throw ApiException.invalidField("field 'jumpHostId' would make the device reach itself");
      }
      if (depth >= MAX_JUMP_CHAIN || !seen.add(hop)) {
        throw ApiException.invalidField(
            "field 'jumpHostId' leads through more than " + MAX_JUMP_CHAIN + " jump hosts");
      }
      UUID current = hop;
      DeviceRow jump =
          devices
              .find(current)
              .orElseThrow(
                  () ->
                      ApiException.invalidField("field 'jumpHostId': no device has id " + current));
      hop = jump.jumpHostId();
    }
  }
}
