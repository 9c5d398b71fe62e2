package io.safehold.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.safehold.activities.storage.ObjectStore;
import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.catalog.ConfigVersionDao;
import io.safehold.catalog.ConfigVersionRow;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.DeviceRow;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A device's stored config versions: list, text, and unified diff between two versions. */
@Path("/api/v1/devices/{device}/configs")
@RequiresRole(Role.VIEWER)
public final class DeviceConfigResource {

  private static final String TEXT = MediaType.TEXT_PLAIN + "; charset=utf-8";

  /** A stored config version; {@code facts} is what the device reported (serial, OS, model). */
  public record ConfigVersionView(
      int version,
      Instant capturedAt,
      long size,
      String sha256,
      String hostname,
      JsonNode facts,
      UUID runId,
      String objectKey) {}

  private final DeviceLookup lookup;
  private final ConfigVersionDao versions;
  private final ObjectStore store;
  private final ObjectMapper json;

  public DeviceConfigResource(
      DeviceDao devices, ConfigVersionDao versions, ObjectStore store, ObjectMapper json) {
    this.lookup = new DeviceLookup(devices);
    this.versions = versions;
    this.store = store;
    this.json = json;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Items<ConfigVersionView> list(@PathParam("device") String device) {
    DeviceRow row = lookup.require(device);
    return new Items<>(versions.list(row.id()).stream().map(this::view).toList());
  }

  @GET
  @Path("{version}")
  @Produces(TEXT)
  public Response text(@PathParam("device") String device, @PathParam("version") String version) {
    DeviceRow row = lookup.require(device);
    ConfigVersionRow config = require(row, parseVersion("version", version));
    InputStream content = open(row, config);
    StreamingOutput body =
        out -> {
          try (InputStream in = content) {
            in.transferTo(out);
          }
        };
    return Response.ok(body, TEXT).header("ETag", "\"" + config.sha256() + "\"").build();
  }

  /**
   * Unified diff from {@code from} to {@code to}. {@code to} defaults to the newest version, {@code
   * from} to the version before {@code to}. Identical configs give an empty body.
   */
  @GET
  @Path("diff")
  @Produces(TEXT)
  public String diff(
      @PathParam("device") String device,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    DeviceRow row = lookup.require(device);
    ConfigVersionRow newer =
        to == null || to.isBlank()
            ? versions
                .latest(row.id())
                .orElseThrow(
                    () -> ApiException.notFound("device '" + row.name() + "' has no config yet"))
            : require(row, parseVersion("to", to));
    int fromVersion =
        from == null || from.isBlank() ? newer.version() - 1 : parseVersion("from", from);
    if (fromVersion < 1) {
      throw ApiException.invalidField(
          "version "
              + newer.version()
              + " is the first one; there is no earlier version to compare");
    }
    ConfigVersionRow older = require(row, fromVersion);
    List<String> original = lines(row, older);
    List<String> revised = lines(row, newer);
    Patch<String> patch = DiffUtils.diff(original, revised);
    List<String> unified =
        UnifiedDiffUtils.generateUnifiedDiff(
            row.name() + " v" + older.version(),
            row.name() + " v" + newer.version(),
            original,
            patch,
            3);
    return unified.isEmpty() ? "" : String.join("\n", unified) + "\n";
  }

  private ConfigVersionView view(ConfigVersionRow row) {
    JsonNode facts;
    try {
      facts = json.readTree(row.facts() == null ? "{}" : row.facts());
    } catch (IOException e) {
      throw new UncheckedIOException("facts of a config version are not JSON", e);
    }
    return new ConfigVersionView(
        row.version(),
        row.capturedAt(),
        row.size(),
        row.sha256(),
        row.hostname(),
        facts,
        row.runId(),
        row.objectKey());
  }

  private static int parseVersion(String name, String value) {
    try {
      int version = Integer.parseInt(value.trim());
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.invalidField(
        "'" + name + "' must be a config version number (1, 2, ...), got '" + value + "'");
  }

  private ConfigVersionRow require(DeviceRow device, int version) {
    return versions
        .find(device.id(), version)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "device '" + device.name() + "' has no config version " + version));
  }

  private InputStream open(DeviceRow device, ConfigVersionRow config) {
    try {
      return store
          .open(config.objectKey())
          .orElseThrow(
              () ->
                  new ApiException(
                      404,
                      "object_missing",
                      "config version "
                          + config.version()
                          + " of device '"
                          + device.name()
                          + "' is recorded, but its object "
                          + config.objectKey()
                          + " is missing from the backup store"));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + config.objectKey() + " from the store", e);
    }
  }

  private List<String> lines(DeviceRow device, ConfigVersionRow config) {
    try (InputStream in = open(device, config)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + config.objectKey() + " from the store", e);
    }
  }
}
