package io.safehold.workflows.notify;

import java.util.List;

/**
 * The targets an event goes to, and the event as it will be sent (with its asset filled in from the
 * catalog).
 */
public record NotificationSelection(
    NotificationEvent event, List<NotificationRecipient> recipients) {}
