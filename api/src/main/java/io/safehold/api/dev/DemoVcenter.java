package io.safehold.api.dev;

import io.safehold.testbed.vcsim.DiskContent;
import io.safehold.testbed.vcsim.VcsimProcess;

/**
 * The demo vCenter of {@code dev}: our vcsim build (only when {@code testbed/vcsim/build.sh} has
 * been run in this checkout), with real content in its two VMs' disks. vcsim keeps everything in
 * memory, so each start writes the disks again; the same seed writes the same bytes, so a full
 * backup after a restart stores almost nothing new.
 */
final class DemoVcenter {

  static final String NAME = "demo-vcenter";
  static final String USER = "safehold";
  static final String[] VMS = {"DC0_H0_VM0", "DC0_H0_VM1"};

  private DemoVcenter() {}

  /** True when the vcsim binary exists, so {@code dev} can offer a vCenter. */
  static boolean available() {
    return VcsimProcess.isBuilt();
  }

  static VcsimProcess start(String password, int diskMib) {
    VcsimProcess vcsim =
        VcsimProcess.start(
            VcsimProcess.Options.defaults().withCredentials(USER, password).withDiskMib(diskMib));
    try {
      long seed = 1;
      for (String vm : VMS) {
        // A used thin disk: about a third never written (zeros), the rest data.
        DiskContent.writeRandomWithZeroRuns(
            vcsim.flatFile(vm), (long) diskMib << 20, 0.35, seed++);
      }
      return vcsim;
    } catch (RuntimeException e) {
      vcsim.close();
      throw e;
    }
  }
}
