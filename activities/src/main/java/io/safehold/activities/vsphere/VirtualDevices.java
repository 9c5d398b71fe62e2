package io.safehold.activities.vsphere;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/** Reads the disks out of a {@code config.hardware.device} value ({@code ArrayOfVirtualDevice}). */
final class VirtualDevices {

  private static final Logger log = LoggerFactory.getLogger(VirtualDevices.class);

  private VirtualDevices() {}

  /**
   * The {@code VirtualDisk} devices with a file backing; other devices, and disks without a file
   * (which cannot be read over {@code /folder}), are left out, the latter with a warning.
   */
  static List<VmDisk> disks(Element devices, String owner) {
    List<VmDisk> disks = new ArrayList<>();
    if (devices == null) {
      return disks;
    }
    for (Element device : Dom.children(devices)) {
      if (!"VirtualDisk".equals(Dom.xsiType(device))) {
        continue;
      }
      int key = Integer.parseInt(Dom.childText(device, "key"));
      Element info = Dom.child(device, "deviceInfo");
      String label = info == null ? null : Dom.childText(info, "label");
      Element backing = Dom.child(device, "backing");
      String fileName = backing == null ? null : Dom.childText(backing, "fileName");
      if (fileName == null || !fileName.startsWith("[")) {
        log.warn(
            "Disk {} of {} has no datastore file ({} backing); it is left out",
            key,
            owner,
            backing == null ? "no" : Dom.xsiType(backing));
        continue;
      }
      String bytes = Dom.childText(device, "capacityInBytes");
      long capacity =
          bytes != null
              ? Long.parseLong(bytes)
              : Long.parseLong(Dom.childText(device, "capacityInKB")) * 1024;
      String changeId = Dom.childText(backing, "changeId");
      disks.add(
          new VmDisk(
              key,
              label == null ? "disk " + key : label,
              capacity,
              DatastorePath.parse(fileName),
              changeId == null || changeId.isEmpty() ? null : changeId));
    }
    return disks;
  }
}
