package io.safehold.workflows.bacula;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Imports one director's finished jobs into the catalog every few minutes, for as long as the
 * director exists. One per director, with a fixed workflow id, so it is never started twice.
 */
@WorkflowInterface
public interface BaculaImportWorkflow {

  static String workflowId(String directorId) {
    return "bacula-import-" + directorId;
  }

  @WorkflowMethod
  void importJobs(BaculaImportRequest request);
}
