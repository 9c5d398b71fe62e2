package io.safehold.activities.cove;

import io.safehold.workflows.run.RunStatus;

/**
 * Cove's session status codes (columns D9F00 and D9F17) and the Safehold run status each maps to.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>code</th><th>Cove</th><th>Safehold</th><th>why</th></tr>
 *   <tr><td>1</td><td>in process</td><td>RUNNING</td><td></td></tr>
 *   <tr><td>2</td><td>failed</td><td>FAILED</td><td></td></tr>
 *   <tr><td>3</td><td>aborted</td><td>FAILED</td><td>no backup was made; CANCELLED is kept
 *       for runs an operator cancelled in Safehold</td></tr>
 *   <tr><td>4</td><td>blocked</td><td>FAILED</td><td>not in the list, but Cove's filter
 *       language names Session.Blocked; nothing was backed up</td></tr>
 *   <tr><td>5</td><td>completed</td><td>COMPLETED</td><td></td></tr>
 *   <tr><td>6</td><td>interrupted</td><td>FAILED</td><td>the session did not finish</td></tr>
 *   <tr><td>7</td><td>not started</td><td>FAILED</td><td>a scheduled backup that never ran
 *       must raise attention</td></tr>
 *   <tr><td>8</td><td>completed with errors</td><td>COMPLETED_WITH_WARNINGS</td><td>a backup
 *       exists, but some files are missing from it</td></tr>
 *   <tr><td>9</td><td>in progress with faults</td><td>RUNNING</td><td>its end status decides</td></tr>
 *   <tr><td>10</td><td>over quota</td><td>FAILED</td><td>storage refused the data</td></tr>
 *   <tr><td>11</td><td>no selection</td><td>FAILED</td><td>nothing is selected, so nothing is
 *       protected; a warning would count as a backup for the awareness loop</td></tr>
 *   <tr><td>12</td><td>restarted</td><td>RUNNING</td><td>the session runs again</td></tr>
 *   <tr><td>other</td><td>unknown</td><td>FAILED</td><td>a session Safehold cannot prove
 *       successful is never counted as one</td></tr>
 * </table>
 */
public enum CoveSessionStatus {
  IN_PROCESS(1, "in process", RunStatus.RUNNING),
  FAILED(2, "failed", RunStatus.FAILED),
  ABORTED(3, "aborted", RunStatus.FAILED),
  BLOCKED(4, "blocked", RunStatus.FAILED),
  COMPLETED(5, "completed", RunStatus.COMPLETED),
  INTERRUPTED(6, "interrupted", RunStatus.FAILED),
  NOT_STARTED(7, "not started", RunStatus.FAILED),
  COMPLETED_WITH_ERRORS(8, "completed with errors", RunStatus.COMPLETED_WITH_WARNINGS),
  IN_PROGRESS_WITH_FAULTS(9, "in progress with faults", RunStatus.RUNNING),
  OVER_QUOTA(10, "over quota", RunStatus.FAILED),
  NO_SELECTION(11, "no selection", RunStatus.FAILED),
  RESTARTED(12, "restarted", RunStatus.RUNNING),
  /** A code this table does not know; {@link #code()} is 0, the raw code travels beside it. */
  UNKNOWN(0, "unknown", RunStatus.FAILED);

  private final int code;
  private final String label;
  private final RunStatus runStatus;

  CoveSessionStatus(int code, String label, RunStatus runStatus) {
    this.code = code;
    this.label = label;
    this.runStatus = runStatus;
  }

  /** The status for a Cove code; {@link #UNKNOWN} for a code not in the table. */
  public static CoveSessionStatus ofCode(int code) {
    for (CoveSessionStatus status : values()) {
      if (status.code == code && status != UNKNOWN) {
        return status;
      }
    }
    return UNKNOWN;
  }

  public int code() {
    return code;
  }

  /** Cove's wording, e.g. "completed with errors". */
  public String label() {
    return label;
  }

  public RunStatus runStatus() {
    return runStatus;
  }
}
