package io.safehold.activities.storage;

import io.safehold.workflows.run.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link ObjectStore} on one bucket of an S3-compatible service, through the AWS SDK v2 with the
 * Apache HTTP client. Thread-safe; close it to release its connection pool.
 *
 * <p>Every put sends the SHA-256 computed here, so the store rejects a body damaged on the way
 * ({@code BadDigest}), and checks the checksum the store echoes back, when it does.
 *
 * <p>Over plain {@code http} (S3Proxy, MinIO on a LAN), the SDK would sign every put's payload:
 * stream it as {@code aws-chunked} with a SHA-256 and a signature per 128 KiB, a second hashing
 * pass here and a verifying pass in the store, though the caller already hashed the body and sends
 * that SHA-256 in {@code x-amz-checksum-sha256} (aws/aws-sdk-java-v2#5103: no switch turns this off
 * for http). {@link ChecksumSignedPayloadSigner} signs such puts with {@code UNSIGNED-PAYLOAD}, as the
 * SDK does over https: the checksum header is itself signed, so the store still refuses any body
 * but the one we hashed. Measured in docs/vsphere-storage.md (Benchmarks).
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {

  /** Error codes that retrying cannot fix. */
  private static final Set<String> PERMANENT_CODES =
      Set.of(
          "NoSuchBucket",
          "AccessDenied",
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "BadDigest",
          "InvalidBucketName",
          "InvalidArgument");

  private final S3Settings settings;
  private final S3Client client;

  /** Set once the bucket answered; a 404 to a HEAD is then a missing key, not a missing bucket. */
  private volatile boolean bucketSeen;

  public S3ObjectStore(S3Settings settings) {
    this.settings = settings;
    this.client = newClient(settings);
  }

  private static S3Client newClient(S3Settings settings) {
    AwsCredentialsProvider credentials =
        settings.accessKeyId() == null
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .forcePathStyle(settings.pathStyle())
            // We send our own SHA-256; the SDK's default extra CRC (aws-chunked trailers) is not
            // understood by every S3-compatible store.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .putAuthScheme(new ChecksumSignedPayloadScheme())
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60))
                    .maxConnections(64));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return builder.build();
  }

  public S3Settings settings() {
    return settings;
  }

  @Override
  public StoredObject put(String key, byte[] content, String contentType) {
    return put(key, content, contentType, sha256(content));
  }

  /** Puts with the given digest; separate so a test can prove the store checks what we send. */
  StoredObject put(String key, byte[] content, String contentType, byte[] digest) {
    return putVerified(key, content, 0, content.length, digest, contentType);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The slice is streamed from {@code buffer} as it is, never copied, so a caller that pools its
   * buffers allocates nothing per object; the SDK may read it again when it retries.
   */
  @Override
  public StoredObject putVerified(
      String key, byte[] buffer, int offset, int length, byte[] digest, String contentType) {
    String checksum = Base64.getEncoder().encodeToString(digest);
    PutObjectResponse response;
    try {
      response =
          client.putObject(
              request ->
                  request
                      .bucket(settings.bucket())
                      .key(key)
                      .contentType(contentType)
                      .contentLength((long) length)
                      .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                      .checksumSHA256(checksum),
              RequestBody.fromContentProvider(
                  () -> new ByteArrayInputStream(buffer, offset, length), length, contentType));
    } catch (SdkException e) {
      throw classify("write " + key + " to", e);
    }
    checkEcho(key, response, checksum);
    return new StoredObject(key, length, HexFormat.of().formatHex(digest));
  }

  /** Fails when the store says it stored other bytes than the ones whose checksum was sent. */
  private void checkEcho(String key, PutObjectResponse response, String checksum) {
    if (response.checksumSHA256() != null && !response.checksumSHA256().equals(checksum)) {
      throw new ObjectStoreException(
          "S3 at "
              + settings.location()
              + " stored "
              + key
              + " in bucket "
              + settings.bucket()
              + " with SHA-256 "
              + response.checksumSHA256()
              + " instead of "
              + checksum
              + ".",
          true,
          null);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Streams {@code content} to the store without holding it: the SDK opens it again for each
   * attempt (and, over plain HTTP, once more to sign the body).
   */
  @Override
  public StoredObject putVerified(
      String key, Content content, long length, byte[] digest, String contentType) {
    String checksum = Base64.getEncoder().encodeToString(digest);
    PutObjectResponse response;
    try {
      response =
          client.putObject(
              request ->
                  request
                      .bucket(settings.bucket())
                      .key(key)
                      .contentType(contentType)
                      .contentLength(length)
                      .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                      .checksumSHA256(checksum),
              RequestBody.fromContentProvider(
                  () -> {
                    try {
                      return content.open();
                    } catch (IOException e) {
                      throw new UncheckedIOException(
                          "Could not open the content of " + key + " to send it.", e);
                    }
                  },
                  length,
                  contentType));
    } catch (SdkException e) {
      throw classify("write " + key + " to", e);
    }
    checkEcho(key, response, checksum);
    return new StoredObject(key, length, HexFormat.of().formatHex(digest));
  }

  @Override
  public Optional<InputStream> open(String key) {
    try {
      return Optional.of(client.getObject(request -> request.bucket(settings.bucket()).key(key)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw classify("read " + key + " from", e);
    }
  }

  @Override
  public boolean exists(String key) {
    try {
      client.headObject(request -> request.bucket(settings.bucket()).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      // HEAD answers carry no error body: a 404 is also what a missing bucket gives. Asked once per
      // instance: a bucket removed later makes the next put fail with NoSuchBucket anyway.
      if (!bucketSeen) {
        ping();
      }
      return false;
    } catch (SdkException e) {
      throw classify("check " + key + " in", e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      client.deleteObject(request -> request.bucket(settings.bucket()).key(key));
    } catch (NoSuchKeyException e) {
      // Already gone: deleting is idempotent.
    } catch (SdkException e) {
      throw classify("delete " + key + " from", e);
    }
  }

  @Override
  public void ping() {
    try {
      client.headBucket(request -> request.bucket(settings.bucket()));
      bucketSeen = true;
    } catch (SdkException e) {
      throw classify("reach", e);
    }
  }

  /** Creates the bucket if it does not exist yet; for the dev stack and tests. */
  public void createBucketIfMissing() {
    try {
      client.headBucket(request -> request.bucket(settings.bucket()));
      return;
    } catch (NoSuchBucketException e) {
      // Fall through and create it.
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw classify("reach", e);
      }
    } catch (SdkException e) {
      throw classify("reach", e);
    }
    try {
      client.createBucket(request -> request.bucket(settings.bucket()));
    } catch (BucketAlreadyOwnedByYouException e) {
      // Created concurrently by another process of ours.
    } catch (SdkException e) {
      throw classify("create", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }

  /** SigV4 as the SDK does it, with {@link ChecksumSignedPayloadSigner} as the signer. */
  private static final class ChecksumSignedPayloadScheme
      implements AuthScheme<AwsCredentialsIdentity> {
    private final ChecksumSignedPayloadSigner signer = new ChecksumSignedPayloadSigner();

    @Override
    public String schemeId() {
      return AwsV4AuthScheme.SCHEME_ID;
    }

    @Override
    public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
      return providers.identityProvider(AwsCredentialsIdentity.class);
    }

    @Override
    public HttpSigner<AwsCredentialsIdentity> signer() {
      return signer;
    }
  }

  /**
   * The SDK's SigV4 signer, except for an http request with a body and a {@code
   * x-amz-checksum-sha256} header: that one is signed as the SDK signs it over https, with {@code
   * UNSIGNED-PAYLOAD} and no chunked encoding, instead of hashing and signing the body again. The
   * checksum header is among the signed headers, and the store verifies the body against it, so a
   * body changed on the way is refused either way. The scheme, host and port are what they were;
   * only the signer is told https, which is all it reads the scheme for.
   */
  private static final class ChecksumSignedPayloadSigner
      implements HttpSigner<AwsCredentialsIdentity> {
    private static final String CHECKSUM_HEADER = "x-amz-checksum-sha256";
    private final AwsV4HttpSigner sigv4 = AwsV4HttpSigner.create();

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
      SdkHttpRequest http = request.request();
      if (!"http".equals(http.protocol())
          || request.payload().isEmpty()
          || http.firstMatchingHeader(CHECKSUM_HEADER).isEmpty()) {
        return sigv4.sign(request);
      }
      SignedRequest signed =
          sigv4.sign(
              request.copy(
                  r ->
                      r.request(http.toBuilder().protocol("https").build())
                          .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                          .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false)));
      return signed.copy(r -> r.request(signed.request().toBuilder().protocol("http").build()));
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(
        AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
      return sigv4.signAsync(request);
    }
  }

  /** One sentence naming the store and bucket, and whether retrying can help. */
  private ObjectStoreException classify(String action, SdkException e) {
    String where = "bucket " + settings.bucket() + " at " + settings.location();
    if (e instanceof S3Exception s3) {
      String code = errorCode(s3);
      boolean permanent = PERMANENT_CODES.contains(code);
      return new ObjectStoreException(
          "Could not " + action + " " + where + ": " + code + advice(code), permanent, e);
    }
    if (e instanceof SdkClientException) {
      return new ObjectStoreException(
          "Could not "
              + action
              + " "
              + where
              + ": the store did not answer ("
              + e.getMessage()
              + ").",
          false,
          e);
    }
    return new ObjectStoreException(
        "Could not " + action + " " + where + ": " + e.getMessage(), false, e);
  }

  /** The S3 error code; HEAD answers have no body, so it is derived from the status there. */
  private static String errorCode(S3Exception e) {
    if (e instanceof NoSuchBucketException) {
      return "NoSuchBucket";
    }
    if (e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null) {
      return e.awsErrorDetails().errorCode();
    }
    return switch (e.statusCode()) {
      case 403 -> "AccessDenied";
      case 404 -> "NoSuchBucket";
      default -> "HTTP " + e.statusCode();
    };
  }

  private static String advice(String code) {
    return switch (code) {
      case "NoSuchBucket" -> " (the bucket does not exist; create it or fix the bucket name).";
      case "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch" ->
          " (the store refused the credentials; check accessKeyId and secretAccessKey).";
      case "BadDigest" -> " (the bytes arrived damaged; the store rejected them).";
      default -> ".";
    };
  }

  private static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "This JVM lacks SHA-256, which every Java platform must provide.", e);
    }
  }
}
