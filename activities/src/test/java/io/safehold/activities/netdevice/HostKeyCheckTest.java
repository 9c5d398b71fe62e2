package io.safehold.activities.netdevice;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.common.SecurityUtils;
import org.junit.jupiter.api.Test;

class HostKeyCheckTest {

  private static KeyPair newKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  @Test
  void acceptsTheSha256FormWithOrWithoutPrefixOrPaddingAndTheMd5Form() throws Exception {
    KeyPair key = newKey();
    String sha256 = HostKeyCheck.sha256Fingerprint(key.getPublic());
    String md5 = SecurityUtils.getFingerprint(key.getPublic());

    assertThat(sha256).startsWith("SHA256:").hasSize("SHA256:".length() + 43);
    for (String accepted :
        List.of(sha256, sha256 + "=", sha256.substring(7), "MD5:" + md5, md5.toUpperCase())) {
      assertThat(HostKeyCheck.expecting("sw", accepted).verify("127.0.0.1", 22, key.getPublic()))
          .as(accepted)
          .isTrue();
    }
  }

  @Test
  void refusesAnotherKeyAndSaysWhatWasExpectedAndSeen() throws Exception {
    KeyPair expected = newKey();
    KeyPair presented = newKey();
    HostKeyCheck check =
        HostKeyCheck.expecting("sw", HostKeyCheck.sha256Fingerprint(expected.getPublic()));

    assertThat(check.verify("127.0.0.1", 22, presented.getPublic())).isFalse();
    assertThat(check.refusal())
        .contains("device sw")
        .contains("expected " + HostKeyCheck.sha256Fingerprint(expected.getPublic()))
        .contains("presented " + HostKeyCheck.sha256Fingerprint(presented.getPublic()));
  }

  @Test
  void pinsTheFirstKeyOnlyWhenNothingIsStoredAndOtherwiseComparesWithTheStoredOne()
      throws Exception {
    KeyPair first = newKey();
    List<String> pinned = new ArrayList<>();
    HostKeyCheck fresh =
        HostKeyCheck.pinningOnFirstUse(
            "sw",
            seen -> {
              pinned.add(seen);
              return seen;
            });
    assertThat(fresh.verify("127.0.0.1", 22, first.getPublic())).isTrue();
    assertThat(pinned).containsExactly(HostKeyCheck.sha256Fingerprint(first.getPublic()));

    String someoneElsesPin = HostKeyCheck.sha256Fingerprint(newKey().getPublic());
    HostKeyCheck raced = HostKeyCheck.pinningOnFirstUse("sw", seen -> someoneElsesPin);
    assertThat(raced.verify("127.0.0.1", 22, first.getPublic())).isFalse();
    assertThat(raced.refusal()).contains("expected " + someoneElsesPin);
  }
}
