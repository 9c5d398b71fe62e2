package io.safehold.workflows.awareness;

import io.safehold.workflows.notify.NotificationOptions;
import io.safehold.workflows.notify.Notifier;
import io.safehold.workflows.run.RunActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * One check at a time: the next check is due one period after the previous one started. A check
 * that overruns its period is followed by one check straight away, never by a catch-up burst, and
 * {@code checkNow} or {@code reconfigure} signals that arrive during a check fold into one check
 * after it. A check that still fails after its retries is logged and counted; the loop goes on. The
 * period is the configured one, or shorter when an asset or scope asks for a shorter one.
 */
public class BackupAwarenessWorkflowImpl implements BackupAwarenessWorkflow {

  private static final Logger LOG = Workflow.getLogger(BackupAwarenessWorkflowImpl.class);

  /** No period below a minute, whatever a setting says (the API refuses shorter ones). */
  static final long MIN_PERIOD_SECONDS = 60;

  /** The {@link Workflow#getVersion} change id of "checks notify their raises and clears". */
  static final String ALERT_NOTIFICATIONS = "alert-notifications";

  /** Alerts sent one by one per check and type; the rest go in one summary. */
  static final int ALERTS_SENT_SINGLY = 10;

  private final AwarenessActivities activities;
  private final Notifier notifier;
  private final int checksPerRun;

  private AwarenessLoop loop;
  private boolean checkRequested;
  private int checks;
  private Long lastCheckAt;
  private AwarenessCheckResult last;
  private long nextCheckAt;
  private int failedChecks;
  private int skippedPeriods;

  /** With {@link AwarenessOptions#defaults()}. */
  public BackupAwarenessWorkflowImpl() {
    this(AwarenessOptions.defaults());
  }

  public BackupAwarenessWorkflowImpl(AwarenessOptions options) {
    this.activities = Workflow.newActivityStub(AwarenessActivities.class, options.check());
    this.notifier =
        new Notifier(
            Workflow.newActivityStub(RunActivities.class, options.check()),
            NotificationOptions.defaults());
    this.checksPerRun = options.checksPerRun();
  }

  @Override
  public void watch(AwarenessLoop input) {
    loop = input;
    nextCheckAt =
        input.nextCheckAtMillis() == null
            ? Workflow.currentTimeMillis()
            : input.nextCheckAtMillis();
    for (int i = 0; i < checksPerRun; i++) {
      long wait = nextCheckAt - Workflow.currentTimeMillis();
      if (wait > 0) {
        Workflow.await(Duration.ofMillis(wait), () -> checkRequested);
      }
      checkRequested = false;
      long startedAt = Workflow.currentTimeMillis();
      check();
      long periodMillis = periodSeconds() * 1000;
      nextCheckAt = startedAt + periodMillis;
      long now = Workflow.currentTimeMillis();
      if (nextCheckAt < now) {
        skippedPeriods += (int) ((now - nextCheckAt) / periodMillis);
        nextCheckAt = now;
      }
      if (Workflow.getInfo().isContinueAsNewSuggested()) {
        break;
      }
    }
    Workflow.continueAsNew(
        new AwarenessLoop(
            loop.checkPeriodSeconds(),
            loop.alertWindowSeconds(),
            checkRequested ? Workflow.currentTimeMillis() : nextCheckAt));
  }

  private void check() {
    try {
      last =
          activities.check(
              new AwarenessCheckRequest(loop.checkPeriodSeconds(), loop.alertWindowSeconds()));
      checks++;
      lastCheckAt = Workflow.currentTimeMillis();
      notifyAlerts(last);
    } catch (ActivityFailure e) {
      failedChecks++;
      LOG.warn("Awareness check failed after its retries; the next period tries again.", e);
    }
  }

  /**
   * Tells the notification targets what the check raised and cleared. A failure to send is logged
   * and kept in the targets' delivery log by the notifier; it never fails the loop.
   */
  private void notifyAlerts(AwarenessCheckResult result) {
    if (result.skipped()
        || result.alertEventsUpTo() <= result.alertEventsAfter()
        || Workflow.getVersion(ALERT_NOTIFICATIONS, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return;
    }
    try {
      notifier.notifyAll(
          activities.alertNotifications(
              result.alertEventsAfter(), result.alertEventsUpTo(), ALERTS_SENT_SINGLY));
    } catch (ActivityFailure e) {
      LOG.warn("The check's alerts could not be read for notification; none were sent.", e);
    }
  }

  /** The configured period, or the shortest one an asset or scope asks for when shorter. */
  private long periodSeconds() {
    long period = loop.checkPeriodSeconds();
    long shortest = last == null ? 0 : last.shortestCheckPeriodSeconds();
    long seconds = shortest > 0 && shortest < period ? shortest : period;
    return Math.max(MIN_PERIOD_SECONDS, seconds);
  }

  @Override
  public void reconfigure(AwarenessLoop newLoop) {
    loop = new AwarenessLoop(newLoop.checkPeriodSeconds(), newLoop.alertWindowSeconds(), null);
    checkRequested = true;
  }

  @Override
  public void checkNow() {
    checkRequested = true;
  }

  @Override
  public AwarenessStatus status() {
    return new AwarenessStatus(
        checks, lastCheckAt, last, nextCheckAt, failedChecks, skippedPeriods);
  }
}
