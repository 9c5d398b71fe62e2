package io.safehold.workflows.netdevice;

/** What a device says about itself; any field may be null when its profile cannot read it. */
public record DeviceFacts(String hostname, String model, String osVersion, String serial) {}
