package io.safehold.workflows.run;

/** Entries of a run's session log. */
public enum RunEventType {
  CONNECT,
  COMMAND,
  RESPONSE,
  SUCCESS,
  FAILURE,
  INFO
}
