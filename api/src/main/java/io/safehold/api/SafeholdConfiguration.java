package io.safehold.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.safehold.activities.storage.S3Settings;
import io.safehold.api.awareness.AwarenessConfig;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Configuration of the API server, the workers and the {@code db} command (one file for all).
 * Values may use {@code ${ENV_VAR}} and {@code ${ENV_VAR:-default}}.
 */
public class SafeholdConfiguration extends Configuration {

  @Valid @NotNull private Database database = new Database();
  @Valid @NotNull private Temporal temporal = new Temporal();
  @Valid @NotNull private S3 s3 = new S3();
  @Valid @NotNull private Api api = new Api();
  @Valid @NotNull private Workers workers = new Workers();
  @Valid @NotNull private Replication replication = new Replication();
  @Valid @NotNull private AwarenessConfig awareness = new AwarenessConfig();

  /** Base64 of 32 random bytes: the AES-256-GCM key that seals stored credentials. */
  @NotBlank private String secretKey;

  @JsonProperty
  public Database getDatabase() {
    return database;
  }

  @JsonProperty
  public void setDatabase(Database database) {
    this.database = database;
  }

  @JsonProperty
  public Temporal getTemporal() {
    return temporal;
  }

  @JsonProperty
  public void setTemporal(Temporal temporal) {
    this.temporal = temporal;
  }

  @JsonProperty
  public S3 getS3() {
    return s3;
  }

  @JsonProperty
  public void setS3(S3 s3) {
    this.s3 = s3;
  }

  @JsonProperty
  public Api getApi() {
    return api;
  }

  @JsonProperty
  public void setApi(Api api) {
    this.api = api;
  }

  @JsonProperty
  public Workers getWorkers() {
    return workers;
  }

  @JsonProperty
  public void setWorkers(Workers workers) {
    this.workers = workers;
  }

  @JsonProperty
  public Replication getReplication() {
    return replication;
  }

  @JsonProperty
  public void setReplication(Replication replication) {
    this.replication = replication;
  }

  @JsonProperty
  public AwarenessConfig getAwareness() {
    return awareness;
  }

  @JsonProperty
  public void setAwareness(AwarenessConfig awareness) {
    this.awareness = awareness;
  }

  @JsonProperty
  public String getSecretKey() {
    return secretKey;
  }

  @JsonProperty
  public void setSecretKey(String secretKey) {
    this.secretKey = secretKey;
  }

  @JsonIgnore
  @ValidationMethod(
      message = "secretKey must be base64 of 32 bytes (generate one with: openssl rand -base64 32)")
  public boolean isSecretKeyValid() {
    if (secretKey == null) {
      return true; // @NotBlank reports it
    }
    try {
      return Base64.getDecoder().decode(secretKey.trim()).length == 32;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @JsonIgnore
  @ValidationMethod(
      message =
          "a replication target must not be the primary store itself (same s3.endpoint and"
              + " bucket); give it another bucket or endpoint")
  public boolean isReplicationElsewhere() {
    if (s3 == null || replication == null || replication.getTargets() == null) {
      return true;
    }
    return replication.getTargets().values().stream()
        .filter(Objects::nonNull)
        .noneMatch(
            t ->
                Objects.equals(t.getBucket(), s3.getBucket())
                    && Objects.equals(blankToNull(t.getEndpoint()), blankToNull(s3.getEndpoint())));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** The PostgreSQL catalog. */
  public static class Database {
    @NotBlank private String url;
    private String user;
    private String password;

    @Min(1)
    @Max(200)
    private int poolSize = 10;

    /** Apply pending Flyway migrations when the process starts. */
    private boolean migrateOnStart = false;

    @JsonProperty
    public String getUrl() {
      return url;
    }

    @JsonProperty
    public void setUrl(String url) {
      this.url = url;
    }

    @JsonProperty
    public String getUser() {
      return user;
    }

    @JsonProperty
    public void setUser(String user) {
      this.user = user;
    }

    @JsonProperty
    public String getPassword() {
      return password;
    }

    @JsonProperty
    public void setPassword(String password) {
      this.password = password;
    }

    @JsonProperty
    public int getPoolSize() {
      return poolSize;
    }

    @JsonProperty
    public void setPoolSize(int poolSize) {
      this.poolSize = poolSize;
    }

    @JsonProperty
    public boolean isMigrateOnStart() {
      return migrateOnStart;
    }

    @JsonProperty
    public void setMigrateOnStart(boolean migrateOnStart) {
      this.migrateOnStart = migrateOnStart;
    }
  }

  /** The Temporal frontend. */
  public static class Temporal {
    /** host:port of the Temporal frontend (gRPC). */
    @NotBlank private String target = "127.0.0.1:7233";

    @NotBlank private String namespace = "default";

    /**
     * How long the API keeps trying to reach Temporal when it starts a workflow before it answers
     * 503 and marks the run FAILED.
     */
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration startTimeout = Duration.seconds(10);

    @JsonProperty
    public String getTarget() {
      return target;
    }

    @JsonProperty
    public void setTarget(String target) {
      this.target = target;
    }

    @JsonProperty
    public String getNamespace() {
      return namespace;
    }

    @JsonProperty
    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    @JsonProperty
    public Duration getStartTimeout() {
      return startTimeout;
    }

    @JsonProperty
    public void setStartTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
    }
  }

  /** The S3-compatible backup store (one bucket). */
  public static class S3 {
    /** e.g. http://127.0.0.1:9000 for MinIO or S3Proxy; empty for AWS itself. */
    private String endpoint;

    @NotBlank private String region = "us-east-1";
    @NotBlank private String bucket;
    private String accessKeyId;
    private String secretAccessKey;

    /** Path-style addressing (http://host/bucket/key), which MinIO and S3Proxy need. */
    private boolean pathStyle = true;

    @JsonProperty
    public String getEndpoint() {
      return endpoint;
    }

    @JsonProperty
    public void setEndpoint(String endpoint) {
      this.endpoint = endpoint;
    }

    @JsonProperty
    public String getRegion() {
      return region;
    }

    @JsonProperty
    public void setRegion(String region) {
      this.region = region;
    }

    @JsonProperty
    public String getBucket() {
      return bucket;
    }

    @JsonProperty
    public void setBucket(String bucket) {
      this.bucket = bucket;
    }

    @JsonProperty
    public String getAccessKeyId() {
      return accessKeyId;
    }

    @JsonProperty
    public void setAccessKeyId(String accessKeyId) {
      this.accessKeyId = accessKeyId;
    }

    @JsonProperty
    public String getSecretAccessKey() {
      return secretAccessKey;
    }

    @JsonProperty
    public void setSecretAccessKey(String secretAccessKey) {
      this.secretAccessKey = secretAccessKey;
    }

    @JsonProperty
    public boolean isPathStyle() {
      return pathStyle;
    }

    @JsonProperty
    public void setPathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
    }

    @JsonIgnore
    @ValidationMethod(
        message =
            "accessKeyId and secretAccessKey must be set together, or both left out to use the AWS"
                + " default credentials")
    public boolean isCredentialPairComplete() {
      return (accessKeyId == null) == (secretAccessKey == null);
    }

    /** These settings for the store client; call only on a validated configuration. */
    public S3Settings toSettings() {
      return new S3Settings(
          endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.trim()),
          region,
          bucket,
          accessKeyId,
          secretAccessKey,
          pathStyle);
    }
  }

  /**
   * Secondary stores a VM backup can be copied to, by name ({@code replicateTo} of a backup). Each
   * target has the fields of {@code s3}; its secrets come from environment variables like those of
   * {@code s3}. Targets' buckets must exist: Safehold never creates them.
   */
  public static class Replication {
    /** How a target may be named: it appears in API requests and in messages. */
    public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

    @Valid @NotNull private Map<String, S3> targets = new LinkedHashMap<>();

    @JsonProperty
    public Map<String, S3> getTargets() {
      return targets;
    }

    @JsonProperty
    public void setTargets(Map<String, S3> targets) {
      this.targets = targets == null ? new LinkedHashMap<>() : new LinkedHashMap<>(targets);
    }

    @JsonIgnore
    @ValidationMethod(
        message =
            "replication target names must be 1 to 100 letters, digits, '.', '_' or '-',"
                + " starting with a letter or digit, and every target needs its settings")
    public boolean isEveryTargetNamedAndSet() {
      return targets == null
          || targets.entrySet().stream()
              .allMatch(e -> e.getKey().matches(NAME_PATTERN) && e.getValue() != null);
    }

    /** The configured target names, sorted. */
    @JsonIgnore
    public SortedSet<String> names() {
      return new TreeSet<>(targets.keySet());
    }

    /** Each target's store settings, by name. */
    @JsonIgnore
    public Map<String, S3Settings> settings() {
      Map<String, S3Settings> settings = new LinkedHashMap<>();
      targets.forEach((name, s3) -> settings.put(name, s3.toSettings()));
      return settings;
    }
  }

  /** Limits of the REST API. */
  public static class Api {
    /** Request bodies larger than this are refused with 413. */
    @Min(1024)
    private long maxBodyBytes = 1024 * 1024;

    /**
     * How long a looked-up API key stays cached. A key revoked through this process stops working
     * at once; other API processes notice within this time.
     */
    @NotNull private Duration keyCacheTtl = Duration.seconds(30);

    @JsonProperty
    public long getMaxBodyBytes() {
      return maxBodyBytes;
    }

    @JsonProperty
    public void setMaxBodyBytes(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
    }

    @JsonProperty
    public Duration getKeyCacheTtl() {
      return keyCacheTtl;
    }

    @JsonProperty
    public void setKeyCacheTtl(Duration keyCacheTtl) {
      this.keyCacheTtl = keyCacheTtl;
    }
  }

  /**
   * Workers for every task queue. {@code enabled} runs them inside the API process (as {@code dev}
   * does); the {@code worker} command runs them alone whatever it says.
   */
  public static class Workers extends io.safehold.worker.WorkerSettings {
    private boolean enabled = false;

    @JsonProperty
    public boolean isEnabled() {
      return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
