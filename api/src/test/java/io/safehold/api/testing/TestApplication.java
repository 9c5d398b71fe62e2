package io.safehold.api.testing;

import io.safehold.activities.storage.ObjectStore;
import io.safehold.api.SafeholdApplication;
import io.safehold.api.SafeholdConfiguration;

/** The real application, with the in-memory backup store in place of S3. */
public final class TestApplication extends SafeholdApplication {

  /** Shared by every app a test JVM starts; {@link TestStack#reset} empties it. */
  public static final InMemoryObjectStore STORE = new InMemoryObjectStore();

  @Override
  protected ObjectStore createObjectStore(SafeholdConfiguration config) {
    return STORE;
  }
}
