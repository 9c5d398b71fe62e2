package io.safehold.api.testing;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.safehold.api.SafeholdApplication;
import io.safehold.api.SafeholdConfiguration;
import io.safehold.api.SafeholdServices;
import io.safehold.api.auth.ApiKeys;
import io.safehold.api.auth.Role;
import io.safehold.catalog.ApiKeyDao;
import io.safehold.catalog.testing.TestDatabase;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * One running Safehold API per test JVM: the real application on real PostgreSQL ({@link
 * TestDatabase}) and a port-bound Temporal test server (no worker, so started runs stay PENDING),
 * with the in-memory backup store. Tests call {@link #reset} for empty tables and fresh keys.
 */
public final class TestStack {

  private static TestStack instance;

  private final DropwizardTestSupport<SafeholdConfiguration> app;
  private final TestServer.PortBoundTestServer temporal;

  /** Plaintext keys of the current test, one per role. */
  public record Keys(String admin, String operator, String viewer) {}

  private TestStack() throws Exception {
    int temporalPort = freePort();
    temporal = TestServer.createPortBoundServer(temporalPort, true);
    app = start("127.0.0.1:" + temporalPort);
  }

  public static synchronized TestStack get() {
    if (instance == null) {
      try {
        instance = new TestStack();
      } catch (Exception e) {
        throw new IllegalStateException("could not start the test stack", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
    }
    return instance;
  }

  /**
   * Starts another app on the shared database with the given Temporal target, e.g. a closed port.
   * The caller stops it with {@link DropwizardTestSupport#after()}.
   */
  public static DropwizardTestSupport<SafeholdConfiguration> start(String temporalTarget)
      throws Exception {
    ConfigOverride[] overrides = {
      ConfigOverride.config("database.url", () -> TestDatabase.get().jdbcUrl()),
      ConfigOverride.config("temporal.target", temporalTarget)
    };
    DropwizardTestSupport<SafeholdConfiguration> support =
        new DropwizardTestSupport<>(
            TestApplication.class, ResourceHelpers.resourceFilePath("test-config.yml"), overrides);
    support.before();
    // The overrides are system properties that every later configuration in this JVM would
    // inherit (e.g. a `db migrate` under test); the started app no longer needs them.
    for (ConfigOverride override : overrides) {
      override.removeFromSystemProperties();
    }
    return support;
  }

  /** Empty catalog, empty store, and three new keys. */
  public Keys reset() {
    TestDatabase.get().fresh();
    TestApplication.STORE.clear();
    ApiKeyDao keys = services().apiKeys();
    return new Keys(
        ApiKeys.create(keys, "test-admin", Role.ADMIN).key(),
        ApiKeys.create(keys, "test-operator", Role.OPERATOR).key(),
        ApiKeys.create(keys, "test-viewer", Role.VIEWER).key());
  }

  public ApiClient client(String key) {
    return new ApiClient("http://127.0.0.1:" + app.getLocalPort(), key);
  }

  /** The admin connector: health checks, /prometheus. */
  public ApiClient admin() {
    return new ApiClient("http://127.0.0.1:" + app.getAdminPort(), null);
  }

  public SafeholdServices services() {
    return app.<SafeholdApplication>getApplication().services();
  }

  public InMemoryObjectStore store() {
    return TestApplication.STORE;
  }

  public DropwizardTestSupport<SafeholdConfiguration> app() {
    return app;
  }

  private void stop() {
    app.after();
    temporal.close();
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
