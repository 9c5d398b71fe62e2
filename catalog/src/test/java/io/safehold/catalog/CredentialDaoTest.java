package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.testing.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CredentialDaoTest {

  private CredentialDao credentials;

  @BeforeEach
  void setUp() {
    credentials = TestDatabase.get().fresh().jdbi().onDemand(CredentialDao.class);
  }

  private UUID credential(String name) {
    UUID id = UUID.randomUUID();
    credentials.insert(
        new CredentialRow(id, name, "password", "admin", new byte[] {1, 2, 3}, null, null));
    return id;
  }

  @Test
  void storesAndReadsBackTheSealedBytes() {
    UUID id = UUID.randomUUID();
    credentials.insert(
        new CredentialRow(
            id, "core", "private-key", "netops", new byte[] {9, 8}, new byte[] {7}, null));

    CredentialRow row = credentials.find(id).orElseThrow();

    assertThat(row.name()).isEqualTo("core");
    assertThat(row.kind()).isEqualTo("private-key");
    assertThat(row.username()).isEqualTo("netops");
    assertThat(row.secretEnc()).containsExactly(9, 8);
    assertThat(row.passphraseEnc()).containsExactly(7);
    assertThat(row.createdAt()).isNotNull();
    assertThat(credentials.findByName("core")).get().extracting(CredentialRow::id).isEqualTo(id);
    assertThat(credentials.list()).extracting(CredentialRow::id).containsExactly(id);
  }

  @Test
  void resolvesTheFirstTagInTheGivenOrderThatHasACredential() {
    UUID edge = credential("edge");
    UUID core = credential("core");
    credentials.attachToTag("edge", edge);
    credentials.attachToTag("core", core);

    assertThat(credentials.credentialForTags(new String[] {"lab", "core", "edge"})).contains(core);
    assertThat(credentials.credentialForTags(new String[] {"edge", "core"})).contains(edge);
    assertThat(credentials.credentialForTags(new String[] {"lab"})).isEmpty();
    assertThat(credentials.credentialForTags(new String[0])).isEmpty();
  }

  @Test
  void attachingATagAgainMovesItAndDetachingRemovesIt() {
    UUID first = credential("first");
    UUID second = credential("second");
    credentials.attachToTag("dc1", first);
    credentials.attachToTag("dc1", second);

    assertThat(credentials.credentialForTags(new String[] {"dc1"})).contains(second);
    assertThat(credentials.detachTag("dc1")).isTrue();
    assertThat(credentials.detachTag("dc1")).isFalse();
    assertThat(credentials.credentialForTags(new String[] {"dc1"})).isEmpty();
  }

  @Test
  void deleteReportsWhetherTheCredentialExisted() {
    UUID id = credential("gone");

    assertThat(credentials.delete(id)).isTrue();
    assertThat(credentials.delete(id)).isFalse();
    assertThat(credentials.find(id)).isEmpty();
  }
}
