package io.safehold.api.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.api.runs.RunCancellation;
import io.safehold.catalog.ArtifactRow;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.safehold.workflows.run.RunStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.ChunkedOutput;

/** Runs, read from the catalog (never from Temporal visibility). */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class RunResource {

  /** Units of {@code done}/{@code total} depend on the run kind (bytes, steps); null if unknown. */
  public record Progress(Long done, Long total) {}

  public record ArtifactView(String key, long size, String sha256) {}

  /**
   * A run. {@code artifacts} is present on {@code GET /runs/{id}} and left out of lists; {@code
   * result} is the kind-specific outcome, e.g. {@code {"configVersion": 3, "unchanged": true}}.
   */
  public record RunView(
      UUID id,
      String kind,
      UUID assetId,
      String status,
      String phase,
      Progress progress,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt,
      String error,
      long bytes,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<ArtifactView> artifacts,
      String workflowId,
      String temporalRunId,
      JsonNode result,
      String source,
      String externalId,
      String scope) {}

  /** A page of runs, newest first; pass {@code nextCursor} as {@code cursor} for the next page. */
  public record RunPage(List<RunView> items, String nextCursor) {}

  public record RunEventView(long id, Instant at, String type, String message) {}

  private static final int MAX_KIND_LENGTH = 50;
  private static final String SSE = "text/event-stream";
  private static final Duration MAX_FOLLOW = Duration.ofHours(1);

  /** How often a followed run is re-read from the catalog. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  private final RunDao runs;
  private final ObjectMapper json;
  private final Duration pollInterval;
  private final Executor followers;
  private final RunCancellation cancellation;

  /**
   * @param followers runs each {@code /stream} follower; it should refuse work when full rather
   *     than queue it, which the API answers with 503
   */
  public RunResource(
      RunDao runs,
      ObjectMapper json,
      Duration pollInterval,
      Executor followers,
      RunCancellation cancellation) {
    this.runs = runs;
    this.cancellation = cancellation;
    this.json = json;
    this.pollInterval = pollInterval;
    this.followers = followers;
  }

  @GET
  public RunPage list(
      @QueryParam("assetId") String assetId,
      @QueryParam("status") String status,
      @QueryParam("kind") String kind,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    UUID asset = blank(assetId) ? null : parseAssetId(assetId);
    String statusFilter = blank(status) ? null : parseStatus(status);
    if (!blank(kind) && kind.length() > MAX_KIND_LENGTH) {
      throw ApiException.invalidField("query parameter 'kind' is too long");
    }
    int pageSize = QueryParams.limit(limit, 50, 500);
    Cursor after = blank(cursor) ? null : Cursor.decode(cursor);
    List<RunRow> rows =
        runs.list(
            asset,
            statusFilter,
            blank(kind) ? null : kind,
            after == null ? null : after.createdAt(),
            after == null ? null : after.id(),
            pageSize + 1);
    String next = null;
    if (rows.size() > pageSize) {
      rows = rows.subList(0, pageSize);
      RunRow last = rows.get(pageSize - 1);
      next = new Cursor(last.createdAt(), last.id()).encode();
    }
    return new RunPage(rows.stream().map(r -> view(r, null)).toList(), next);
  }

  @GET
  @Path("{id}")
  public RunView get(@PathParam("id") String id) {
    RunRow run = require(id);
    List<ArtifactView> artifacts =
        runs.artifacts(run.id()).stream().map(RunResource::artifact).toList();
    return view(run, artifacts);
  }

  /**
   * Follows the run live as server-sent events ({@code run}, {@code log}, {@code end}); see {@link
   * RunStream}.
   */
  @GET
  @Path("{id}/stream")
  @Produces(SSE)
  public ChunkedOutput<String> stream(@PathParam("id") String id) {
    RunRow run = require(id);
    ChunkedOutput<String> output = new ChunkedOutput<>(String.class);
    try {
      followers.execute(
          new RunStream(
              output, runs, run.id(), r -> view(r, null), json, pollInterval, MAX_FOLLOW));
    } catch (RejectedExecutionException e) {
      throw new ApiException(
          503, "busy", "too many runs are being followed right now; poll GET /api/v1/runs/" + id);
    }
    return output;
  }

  /**
   * Asks the run's workflow to cancel; the run becomes CANCELLED when the workflow has stopped.
   * Answers 202 with the run and workflow ids.
   */
  @POST
  @Path("{id}/cancel")
  @RequiresRole(Role.OPERATOR)
  public Response cancel(@PathParam("id") String id) {
    RunRow run = require(id);
    cancellation.cancel(run);
    return Response.accepted(new StartedRunView(run.id(), run.workflowId()))
        .location(URI.create("/api/v1/runs/" + run.id()))
        .build();
  }

  @GET
  @Path("{id}/events")
  public Items<RunEventView> events(@PathParam("id") String id) {
    RunRow run = require(id);
    return new Items<>(
        runs.events(run.id()).stream()
            .map(e -> new RunEventView(e.id(), e.at(), e.type(), e.message()))
            .toList());
  }

  private RunRow require(String id) {
    UUID runId = Ids.parse(id, "run");
    return runs.find(runId).orElseThrow(() -> ApiException.notFound("no run with id " + id));
  }

  private RunView view(RunRow r, List<ArtifactView> artifacts) {
    return new RunView(
        r.id(),
        r.kind(),
        r.assetId(),
        r.status(),
        r.phase(),
        new Progress(r.progressDone(), r.progressTotal()),
        r.createdAt(),
        r.startedAt(),
        r.finishedAt(),
        r.error(),
        r.bytes(),
        artifacts,
        r.workflowId(),
        r.temporalRunId(),
        result(r.result()),
        r.source(),
        r.externalId(),
        r.scope());
  }

  private JsonNode result(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("a run result in the catalog is not JSON", e);
    }
  }

  private static ArtifactView artifact(ArtifactRow a) {
    return new ArtifactView(a.objectKey(), a.size(), a.sha256());
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static UUID parseAssetId(String assetId) {
    return Ids.tryParse(assetId.trim())
        .orElseThrow(
            () ->
                ApiException.invalidField(
                    "query parameter 'assetId' must be a UUID, got '" + assetId + "'"));
  }

  private static String parseStatus(String status) {
    try {
      return RunStatus.valueOf(status.trim()).name();
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidField(
          "query parameter 'status' must be one of "
              + Arrays.stream(RunStatus.values()).map(Enum::name).collect(Collectors.joining(", "))
              + ", got '"
              + status
              + "'");
    }
  }

  /** Where a page ends: the (createdAt, id) of its last run, opaque to clients. */
  record Cursor(Instant createdAt, UUID id) {

    String encode() {
      String plain = createdAt.toString() + "|" + id;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String cursor) {
      try {
        String plain =
            new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
        int bar = plain.indexOf('|');
        if (bar > 0) {
          return new Cursor(
              Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1)));
        }
      } catch (IllegalArgumentException | DateTimeParseException e) {
        // reported below
      }
      throw ApiException.invalidField(
          "query parameter 'cursor' is not a cursor this API returned; start again without it");
    }
  }
}
