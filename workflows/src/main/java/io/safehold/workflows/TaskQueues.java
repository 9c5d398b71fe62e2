package io.safehold.workflows;

import java.util.List;

/** One task queue per downstream system, so each can be scaled and rate-limited on its own. */
public final class TaskQueues {
  /** Workflow tasks, and the catalog activities that record run state. */
  public static final String WORKFLOWS = "safehold-workflows";

  public static final String VSPHERE = "safehold-vsphere";
  public static final String NETDEVICE = "safehold-netdevice";
  public static final String STORAGE = "safehold-storage";
  public static final String BACULA = "safehold-bacula";
  public static final String COVE = "safehold-cove";
  public static final String NOTIFY = "safehold-notify";

  public static final List<String> ALL =
      List.of(WORKFLOWS, VSPHERE, NETDEVICE, STORAGE, BACULA, COVE, NOTIFY);

  private TaskQueues() {}
}
