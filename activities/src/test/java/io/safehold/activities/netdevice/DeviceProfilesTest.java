package io.safehold.activities.netdevice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.workflows.netdevice.DeviceFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fact patterns and volatile lines of every shipped profile, on outputs as the devices print them.
 */
class DeviceProfilesTest {

  private final DeviceProfiles profiles = DeviceProfiles.builtIn();

  private DeviceProfile profile(String type) {
    return profiles.find(type).orElseThrow();
  }

  @Test
  void ciscoIosFactsComeFromShowVersionAndInventory() {
    String version =
        """
Cisco IOS Software, C3750E Software (C3750E-UNIVERSALK9-M), Version 15.2(4)E10, RELEASE SOFTWARE (fc2)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2020 by Cisco Systems, Inc.

access-sw3 uptime is 1 year, 12 weeks, 3 days, 2 hours, 51 minutes
System image file is "flash:c3750e-universalk9-mz.152-4.E10.bin"

cisco WS-C3750X-48P (PowerPC405) processor (revision A0) with 262144K bytes of memory.
Processor board ID FDO1537X2GH
Model number                    : WS-C3750X-48P-S
System serial number            : FDO1537X2GH

Configuration register is 0xF
""";
    DeviceFacts facts =
        profile("cisco_ios").parseFacts(Map.of("show version", version, "show inventory", ""));
    assertThat(facts)
        .isEqualTo(new DeviceFacts("access-sw3", "WS-C3750X-48P-S", "15.2(4)E10", "FDO1537X2GH"));
  }

  @Test
  void iosXeRouterReportsTheXeReleaseAndFallsBackToTheProcessorLineForItsModel() {
    String version =
        """
Cisco IOS XE Software, Version 17.03.04a
Cisco IOS Software [Amsterdam], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.3.4a, RELEASE SOFTWARE (fc3)
edge-rtr1 uptime is 4 weeks, 1 day, 3 hours, 10 minutes
cisco ISR4331/K9 (1RU) processor with 1795979K/6147K bytes of memory.
Processor board ID FDO22350L4M
""";
    DeviceFacts facts = profile("cisco_ios").parseFacts(Map.of("show version", version));
    assertThat(facts)
        .isEqualTo(new DeviceFacts("edge-rtr1", "ISR4331/K9", "17.03.04a", "FDO22350L4M"));
  }

  @Test
  void ciscoIosNormalisationDropsVolatileHeaderAndNtpLines() {
    DeviceProfile ios = profile("cisco_ios");
    String first =
        """
        Building configuration...

        Current configuration : 4180 bytes
        !
        ! Last configuration change at 10:11:12 UTC Mon Nov 23 2026 by admin
        ! NVRAM config last updated at 10:11:40 UTC Mon Nov 23 2026 by admin
        !
        version 15.2
        hostname access-sw3
        ntp clock-period 17179901
        end
        """;
    String second =
        first
            .replace("4180", "4181")
            .replace("10:11:12", "18:00:00")
            .replace("17179901", "17180012");
    assertThat(ConfigNormalizer.normalize(second, ios))
        .isEqualTo(ConfigNormalizer.normalize(first, ios))
        .isEqualTo("!\n!\nversion 15.2\nhostname access-sw3\nend\n");
  }

  @Test
  void nxosFactsAndVolatileLines() {
    DeviceProfile nxos = profile("cisco_nxos");
    String version =
        """
        Cisco Nexus Operating System (NX-OS) Software
        Software
          BIOS: version 07.69
          NXOS: version 9.3(8)
          NXOS image file is: bootflash:///nxos.9.3.8.bin

        Hardware
          cisco Nexus9000 C93180YC-EX chassis
          Processor Board ID FDO21120U8N

          Device name: n9k-leaf1
        Kernel uptime is 120 day(s), 4 hour(s), 12 minute(s), 45 second(s)
        """;
    String inventory =
        """
        NAME: "Chassis",  DESCR: "Nexus9000 C93180YC-EX chassis"
        PID: N9K-C93180YC-EX     ,  VID: V03 ,  SN: FDO21120U8N
        """;
    assertThat(nxos.parseFacts(Map.of("show version", version, "show inventory", inventory)))
        .isEqualTo(new DeviceFacts("n9k-leaf1", "N9K-C93180YC-EX", "9.3(8)", "FDO21120U8N"));
    String config =
        """
        !Command: show running-config
        !Running configuration last done at: Mon Nov 23 09:00:01 2026
        !Time: Mon Nov 23 09:31:02 2026

        version 9.3(8) Bios:version 07.69
        hostname n9k-leaf1
        """;
    assertThat(ConfigNormalizer.normalize(config, nxos))
        .isEqualTo("version 9.3(8) Bios:version 07.69\nhostname n9k-leaf1\n");
  }

  @Test
  void aristaFactsAndVolatileLines() {
    DeviceProfile eos = profile("arista_eos");
    String version =
        """
        Arista DCS-7050TX-64-R
        Hardware version: 01.11
        Serial number: JPE14080457
        System MAC address: 001c.7312.3456

        Software image version: 4.28.3M
        Architecture: i686

        Uptime: 5 weeks, 2 days, 3 hours and 4 minutes
        """;
    String hostname = "Hostname: leaf1\nFQDN:     leaf1.example.net\n";
    assertThat(eos.parseFacts(Map.of("show version", version, "show hostname", hostname)))
        .isEqualTo(new DeviceFacts("leaf1", "DCS-7050TX-64-R", "4.28.3M", "JPE14080457"));
    String config =
        """
        ! Command: show running-config
        ! Time: Mon Nov 23 09:31:02 2026
        ! device: leaf1 (DCS-7050TX-64, EOS-4.28.3M)
        !
        hostname leaf1
        end
        """;
    assertThat(ConfigNormalizer.normalize(config, eos))
        .isEqualTo("! device: leaf1 (DCS-7050TX-64, EOS-4.28.3M)\n!\nhostname leaf1\nend\n");
  }

  @Test
  void junosFactsAndVolatileLines() {
    DeviceProfile junos = profile("juniper_junos");
    String version =
        """
        fpc0:
        --------------------------------------------------------------------------
        Hostname: ex4300-1
        Model: ex4300-48t
        Junos: 21.4R3.15
        JUNOS OS Kernel 64-bit  [20230302.6d1a6ef_builder_stable_12_214]
        """;
    String hardware =
        """
        Hardware inventory:
        Item             Version  Part number  Serial number     Description
        Chassis                                PE3714040174      EX4300-48T
        Routing Engine 0 REV 13   650-044936   PE3714040174      EX4300-48T
        """;
    assertThat(junos.parseFacts(Map.of("show version", version, "show chassis hardware", hardware)))
        .isEqualTo(new DeviceFacts("ex4300-1", "ex4300-48t", "21.4R3.15", "PE3714040174"));
    String olderVersion = "Hostname: mx1\nModel: mx480\nJUNOS Software Release [18.4R1.8]\n";
    assertThat(junos.parseFacts(Map.of("show version", olderVersion)).osVersion())
        .isEqualTo("18.4R1.8");
    String config =
        """
        ## Last commit: 2026-11-20 10:12:44 UTC by admin
        version 21.4R3.15;
        system {
            host-name ex4300-1;
        }

        {master:0}
        """;
    assertThat(ConfigNormalizer.normalize(config, junos))
        .isEqualTo("version 21.4R3.15;\nsystem {\n    host-name ex4300-1;\n}\n");
  }

  @Test
  void routerOsFactsAndVolatileExportHeader() {
    DeviceProfile routeros = profile("mikrotik_routeros");
    String identity = "  name: core-rtr1\n";
    String resource =
        """
                           uptime: 3w2d4h17m5s
                          version: 7.12.1 (stable)
                       build-time: 2023-11-17 11:38:45
                       board-name: CCR2004-1G-12S+2XS
                         platform: MikroTik
        """;
    String routerboard =
        """
               routerboard: yes
                     model: CCR2004-1G-12S+2XS
             serial-number: HEF08AB2C3D
        """;
    assertThat(
            routeros.parseFacts(
                Map.of(
                    "/system identity print", identity,
                    "/system resource print", resource,
                    "/system routerboard print", routerboard)))
        .isEqualTo(new DeviceFacts("core-rtr1", "CCR2004-1G-12S+2XS", "7.12.1", "HEF08AB2C3D"));
    String v7 =
        "# 2026-11-23 09:31:02 by RouterOS 7.12.1\n# software id = ABCD-1234\n/ip address\n";
    String v6 =
        "# nov/23/2026 09:31:02 by RouterOS 6.49.10\n# software id = ABCD-1234\n/ip address\n";
    assertThat(ConfigNormalizer.normalize(v7, routeros))
        .isEqualTo(ConfigNormalizer.normalize(v6, routeros))
        .isEqualTo("# software id = ABCD-1234\n/ip address\n");
  }

  @Test
  void linuxFactsComeFromStandardFiles() {
    DeviceProfile linux = profile("linux");
    assertThat(linux.session()).isEqualTo(DeviceProfile.Session.EXEC);
    assertThat(linux.files()).contains("/etc/hostname");
    DeviceFacts facts =
        linux.parseFacts(
            Map.of(
                "uname -n", "web1\n",
                "cat /etc/os-release",
                    "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nNAME=\"Debian GNU/Linux\"\n",
                "cat /sys/class/dmi/id/product_name", "Standard PC (Q35 + ICH9, 2009)\n",
                "cat /sys/class/dmi/id/product_serial", "VMware-56 4d 12 34\n"));
    assertThat(facts)
        .isEqualTo(
            new DeviceFacts(
                "web1",
                "Standard PC (Q35 + ICH9, 2009)",
                "Debian GNU/Linux 13 (trixie)",
                "VMware-56 4d 12 34"));
  }

  @Test
  void normalizerRemovesTerminalArtefactsPromptsAndTrailingSpaces() {
    DeviceProfile ios = profile("cisco_ios");
    String raw =
        "show running-config\r\n"
            + "\u001B[0mhostname sw1   \r\n"
            + "interface Gi1/0/1\r\n"
            + " --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b description up\r\n"
            + "banner motd ^Hi^\r\n"
            + "end\r\n"
            + "sw1#";
    assertThat(ConfigNormalizer.normalize(raw, ios))
        .isEqualTo(
            "show running-config\nhostname sw1\ninterface Gi1/0/1\n description up\n"
                + "banner motd ^Hi^\nend\n");
    assertThat(ConfigNormalizer.normalize("sw1#show run\r\nhostname sw1\r\nsw1#", ios))
        .isEqualTo("hostname sw1\n");
  }

  @Test
  void unknownTypesAreEmptyAndInvalidProfilesAreRefusedWithTheReason(@TempDir Path dir)
      throws Exception {
    assertThat(profiles.find("no_such_type")).isEmpty();
    assertThat(profiles.find("../linux")).isEmpty();

    Files.writeString(dir.resolve("broken.json"), "{\"session\": \"shell\", \"prompt\": \"([\"}");
    Files.writeString(
        dir.resolve("linux_web.json"),
        "{\"session\": \"exec\", \"files\": [\"/etc/nginx/nginx.conf\"], \"colour\": 1}");
    DeviceProfiles withDir = DeviceProfiles.withDirectory(dir);
    assertThatThrownBy(() -> withDir.find("broken"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("device profile broken")
        .hasMessageContaining("prompt is not a valid regex");
    assertThatThrownBy(() -> withDir.find("linux_web"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("colour");
  }

  @Test
  void aProfileDirectoryAddsTypesWithoutCode(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("linux_web.json"),
        """
        {"session": "exec",
         "facts": [{"command": "uname -n", "hostname": "^(\\\\S+)"}],
         "files": ["/etc/nginx/nginx.conf"],
         "volatileLines": ["^# generated at "]}
        """);
    DeviceProfile web = DeviceProfiles.withDirectory(dir).find("linux_web").orElseThrow();
    assertThat(web.files()).containsExactly("/etc/nginx/nginx.conf");
    assertThat(web.parseFacts(Map.of("uname -n", "web7\n")).hostname()).isEqualTo("web7");
    assertThat(ConfigNormalizer.normalize("# generated at 10:00\nworker_processes 4;\n", web))
        .isEqualTo("worker_processes 4;\n");
    assertThat(DeviceProfiles.withDirectory(dir).find("cisco_ios")).isPresent();
  }
}
