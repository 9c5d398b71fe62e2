package io.safehold.activities.vsphere.transfer;

/**
 * A disk transfer that failed, with one sentence for the operator and whether a new attempt can
 * help: a read that broke (host gone, connection reset) or a store that kept failing is retryable,
 * and the next attempt resumes from the {@link ChunkLog}; a store that rejected a chunk's checksum,
 * or an answer from the host that makes no sense, is not.
 */
public final class DiskTransferException extends RuntimeException {

  private final boolean retryable;

  public DiskTransferException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
