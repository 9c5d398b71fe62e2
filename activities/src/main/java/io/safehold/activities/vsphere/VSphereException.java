package io.safehold.activities.vsphere;

import java.util.Objects;

/**
 * A call to vCenter (or ESXi) failed. The {@link Kind} says what the caller can do about it; the
 * message is one sentence for an operator that names the vCenter URL (never credentials) and the
 * object concerned. Messages never hold the password or the session cookie.
 */
public final class VSphereException extends RuntimeException {

  /** Why a call failed, sorted by what the caller can do about it. */
  public enum Kind {
    /** vCenter refused the user name or password: fix the credential. Not retryable. */
    INVALID_LOGIN("VSphereInvalidLogin", false),
    /** The certificate presented does not have the pinned thumbprint. Not retryable. */
    CERTIFICATE_MISMATCH("VSphereCertificateMismatch", false),
    /**
     * No thumbprint is pinned and the certificate does not chain to a CA the JDK trusts, or does
     * not name the host. Not retryable.
     */
    CERTIFICATE_UNTRUSTED("VSphereCertificateUntrusted", false),
    /** The VM or snapshot does not exist (ManagedObjectNotFound). Not retryable. */
    NOT_FOUND("VSphereNotFound", false),
    /**
     * Changed block tracking cannot answer from this changeId (reset, too old, unknown, or tracking
     * is off): the caller falls back to a full backup. Not retryable as such.
     */
    CHANGE_ID_INVALID("VSphereChangeIdInvalid", false),
    /**
     * Any other fault vCenter answered (fault name and its message). Retryable: most such faults
     * (TaskInProgress, InvalidState, a busy host) clear up; the activity's retry policy bounds it.
     */
    FAULT("VSphereFault", true),
    /**
     * vCenter could not be reached, timed out, answered HTTP 5xx without a fault, the session
     * expired, or a task did not finish in time. Retryable.
     */
    UNAVAILABLE("VSphereUnavailable", true);

    private final String failureType;
    private final boolean retryable;

    Kind(String failureType, boolean retryable) {
      this.failureType = failureType;
      this.retryable = retryable;
    }

    /** Stable type name for a Temporal {@code ApplicationFailure}. */
    public String failureType() {
      return failureType;
    }

    /** True when trying again later may succeed. */
    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final String faultName;

  VSphereException(Kind kind, String message, String faultName, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.faultName = faultName;
  }

  VSphereException(Kind kind, String message, Throwable cause) {
    this(kind, message, null, cause);
  }

  public Kind kind() {
    return kind;
  }

  /** The vSphere fault type (e.g. {@code InvalidState}) when vCenter answered one, else null. */
  public String faultName() {
    return faultName;
  }

  public boolean retryable() {
    return kind.retryable();
  }
}
