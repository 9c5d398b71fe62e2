package io.safehold.api.resources;

import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.awareness.Durations;
import io.safehold.api.errors.ApiException;
import io.safehold.api.events.EventFields;
import io.safehold.catalog.AssetDao;
import io.safehold.catalog.AssetRow;
import io.safehold.catalog.AwarenessDao;
import io.safehold.catalog.AwarenessSettingRow;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An asset's awareness settings: its own check period and alert window, and the scopes it declares
 * (e.g. {@code db} and {@code files}), each of which needs its own successful backup, with optional
 * settings of its own. Unset values inherit (scope, then asset, then the configuration); answers
 * show both what is set and what applies.
 */
@Path("/api/v1/assets")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class AssetAwarenessResource {

  /** Most scopes one asset may declare. */
  static final int MAX_SCOPES = 100;

  /** A declared scope in a request. */
  public record ScopeRequest(String name, String checkPeriod, String alertWindow) {}

  /** Body of {@code PUT}: everything optional; an empty object returns to the defaults. */
  public record AwarenessRequest(
      String checkPeriod, String alertWindow, List<ScopeRequest> scopes) {}

  /** A declared scope as answered: set values (null: inherited) and effective ones. */
  public record ScopeView(
      String name,
      String checkPeriod,
      String alertWindow,
      String effectiveCheckPeriod,
      String effectiveAlertWindow,
      Instant declaredAt) {}

  /** An asset's settings as answered. */
  public record AwarenessView(
      UUID assetId,
      String asset,
      String checkPeriod,
      String alertWindow,
      String effectiveCheckPeriod,
      String effectiveAlertWindow,
      List<ScopeView> scopes) {}

  private final AssetDao assets;
  private final AwarenessDao awareness;
  private final AwarenessDao.Defaults defaults;

  public AssetAwarenessResource(
      AssetDao assets, AwarenessDao awareness, AwarenessDao.Defaults defaults) {
    this.assets = assets;
    this.awareness = awareness;
    this.defaults = defaults;
  }

  @GET
  @Path("{id}/awareness")
  public AwarenessView get(@PathParam("id") String id) {
    AssetRow asset = require(id);
    return view(asset, awareness.settings(asset.id()));
  }

  /** Replaces the asset's settings and declared scopes as a whole. */
  @PUT
  @Path("{id}/awareness")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  public AwarenessView put(@PathParam("id") String id, AwarenessRequest body) {
    AssetRow asset = require(id);
    if (body == null) {
      throw ApiException.invalidField("the request needs a JSON body, e.g. {\"scopes\": []}");
    }
    List<AwarenessSettingRow> rows = new ArrayList<>();
    Long period = Durations.seconds("checkPeriod", body.checkPeriod(), true);
    Long window = Durations.seconds("alertWindow", body.alertWindow(), false);
    if (period != null || window != null) {
      rows.add(new AwarenessSettingRow(asset.id(), "", period, window, null));
    }
    List<ScopeRequest> scopes = body.scopes() == null ? List.of() : body.scopes();
    if (scopes.size() > MAX_SCOPES) {
      throw ApiException.invalidField("field 'scopes' takes at most " + MAX_SCOPES + " scopes");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < scopes.size(); i++) {
      ScopeRequest scope = scopes.get(i);
      String field = "scopes[" + i + "]";
      if (scope == null || scope.name() == null || scope.name().isEmpty()) {
        throw ApiException.invalidField("field '" + field + ".name' is required");
      }
      String name = EventFields.scope(field + ".name", scope.name());
      if (!seen.add(name)) {
        throw ApiException.invalidField("field '" + field + ".name' repeats scope '" + name + "'");
      }
      rows.add(
          new AwarenessSettingRow(
              asset.id(),
              name,
              Durations.seconds(field + ".checkPeriod", scope.checkPeriod(), true),
              Durations.seconds(field + ".alertWindow", scope.alertWindow(), false),
              null));
    }
    return view(asset, awareness.replaceSettings(asset.id(), rows));
  }

  private AwarenessView view(AssetRow asset, List<AwarenessSettingRow> rows) {
    AwarenessSettingRow own =
        rows.stream().filter(r -> r.scope().isEmpty()).findFirst().orElse(null);
    Long period = own == null ? null : own.checkPeriodS();
    Long window = own == null ? null : own.alertWindowS();
    long effectivePeriod = period != null ? period : defaults.checkPeriodS();
    long effectiveWindow =
        window != null
            ? window
            : asset.backupWindowS() != null ? asset.backupWindowS() : defaults.alertWindowS();
    List<ScopeView> scopes =
        rows.stream()
            .filter(r -> !r.scope().isEmpty())
            .map(
                r ->
                    new ScopeView(
                        r.scope(),
                        Durations.format(r.checkPeriodS()),
                        Durations.format(r.alertWindowS()),
                        Durations.format(
                            r.checkPeriodS() != null ? r.checkPeriodS() : effectivePeriod),
                        Durations.format(
                            r.alertWindowS() != null ? r.alertWindowS() : effectiveWindow),
                        r.declaredAt()))
            .toList();
    return new AwarenessView(
        asset.id(),
        asset.name(),
        Durations.format(period),
        Durations.format(window),
        Durations.format(effectivePeriod),
        Durations.format(effectiveWindow),
        scopes);
  }

  private AssetRow require(String id) {
    UUID assetId = Ids.parse(id, "asset");
    return assets.find(assetId).orElseThrow(() -> ApiException.notFound("no asset with id " + id));
  }
}
