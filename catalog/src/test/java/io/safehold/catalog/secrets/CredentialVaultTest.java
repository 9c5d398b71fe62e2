package io.safehold.catalog.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.catalog.secrets.CredentialVault.SecretUnreadableException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialVaultTest {

  private final CredentialVault vault = CredentialVault.fromBase64(CredentialVault.newBase64Key());

  @Test
  void aSealedTextOpensAsTheSameTextAndAMissingOptionalSecretStaysMissing() {
    assertThat(vault.openText(vault.seal("pässwörd-✓".getBytes(UTF_8)))).isEqualTo("pässwörd-✓");
    assertThat(vault.openText(null)).isNull();
  }

  @Test
  void opensWhatItSealedAndTheSealedBytesDoNotContainThePlaintext() {
    byte[] secret = "enable-secret-Cisco123".getBytes(UTF_8);

    byte[] sealed = vault.seal(secret);

    assertThat(new String(sealed, UTF_8)).doesNotContain("Cisco123");
    assertThat(vault.open(sealed)).isEqualTo(secret);
  }

  @Test
  void sealingTheSameSecretTwiceGivesDifferentBytes() {
    byte[] secret = "same".getBytes(UTF_8);

    assertThat(vault.seal(secret)).isNotEqualTo(vault.seal(secret));
  }

  @Test
  void anotherKeyCannotOpenIt() {
    byte[] sealed = vault.seal("pw".getBytes(UTF_8));
    CredentialVault other = CredentialVault.fromBase64(CredentialVault.newBase64Key());

    assertThatThrownBy(() -> other.open(sealed))
        .isInstanceOf(SecretUnreadableException.class)
        .hasMessageContaining("another key");
  }

  @Test
  void aFlippedByteIsRefused() {
    byte[] sealed = vault.seal("pw".getBytes(UTF_8));
    for (int i = 0; i < sealed.length; i++) {
      byte[] altered = sealed.clone();
      altered[i] ^= 0x01;
      assertThatThrownBy(() -> vault.open(altered)).isInstanceOf(SecretUnreadableException.class);
    }
  }

  @Test
  void aTruncatedValueIsRefused() {
    assertThatThrownBy(() -> vault.open(new byte[5])).isInstanceOf(SecretUnreadableException.class);
  }

  @Test
  void aKeyOfTheWrongLengthIsRejectedWithItsLength() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

    assertThatThrownBy(() -> CredentialVault.fromBase64(shortKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes")
        .hasMessageContaining("16");
  }

  @Test
  void aKeyThatIsNotBase64IsRejectedClearly() {
    assertThatThrownBy(() -> CredentialVault.fromBase64("not base64 at all!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid base64");
  }

  @Test
  void aMissingKeyIsRejectedClearly() {
    assertThatThrownBy(() -> CredentialVault.fromBase64(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no secret key");
  }
}
