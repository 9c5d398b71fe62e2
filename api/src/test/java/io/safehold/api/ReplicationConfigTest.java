package io.safehold.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.safehold.activities.storage.S3Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code replication.targets} section: read like {@code s3}, validated before start-up. */
class ReplicationConfigTest {

  private static final String BASE =
      """
      database:
        url: jdbc:postgresql://127.0.0.1:5432/safehold
      s3:
        endpoint: http://127.0.0.1:9000
        bucket: safehold
      secretKey: q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=
      """;

  @TempDir Path dir;

  @Test
  void targetsAreReadWithTheirSecretsFromTheEnvironment() throws Exception {
    SafeholdConfiguration config =
        load(
            """
            replication:
              targets:
                offsite:
                  endpoint: https://s3.eu-central-1.amazonaws.com
                  region: eu-central-1
                  bucket: safehold-offsite
                  accessKeyId: ${OFFSITE_KEY_ID}
                  secretAccessKey: ${OFFSITE_SECRET}
                  pathStyle: false
                dr:
                  endpoint: http://127.0.0.1:9000
                  bucket: safehold-dr
            """,
            Map.of("OFFSITE_KEY_ID", "AKIA1", "OFFSITE_SECRET", "s3cret"));

    assertThat(config.getReplication().names()).containsExactly("dr", "offsite");
    S3Settings offsite = config.getReplication().settings().get("offsite");
    assertThat(offsite)
        .isEqualTo(
            new S3Settings(
                URI.create("https://s3.eu-central-1.amazonaws.com"),
                "eu-central-1",
                "safehold-offsite",
                "AKIA1",
                "s3cret",
                false));
    assertThat(offsite.toString()).doesNotContain("s3cret");
    S3Settings dr = config.getReplication().settings().get("dr");
    assertThat(dr.region()).isEqualTo("us-east-1");
    assertThat(dr.pathStyle()).isTrue();
  }

  @Test
  void aNameThatCannotTravelInARequestIsRefused() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    replication:
                      targets:
                        "off site":
                          bucket: b
                    """,
                    Map.of()))
        .isInstanceOf(ConfigurationValidationException.class)
        .hasMessageContaining("replication target names must be 1 to 100 letters");
  }

  @Test
  void thePrimaryBucketIsNotATarget() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    replication:
                      targets:
                        self:
                          endpoint: http://127.0.0.1:9000
                          bucket: safehold
                    """,
                    Map.of()))
        .isInstanceOf(ConfigurationValidationException.class)
        .hasMessageContaining("must not be the primary store itself");
  }

  @Test
  void aTargetWithoutBucketOrWithHalfItsCredentialsIsRefused() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    replication:
                      targets:
                        offsite:
                          endpoint: http://127.0.0.1:9000
                    """,
                    Map.of()))
        .isInstanceOf(ConfigurationValidationException.class)
        .hasMessageContaining("replication.targets")
        .hasMessageContaining("bucket");
    assertThatThrownBy(
            () ->
                load(
                    """
                    replication:
                      targets:
                        offsite:
                          bucket: b
                          accessKeyId: AKIA1
                    """,
                    Map.of()))
        .isInstanceOf(ConfigurationValidationException.class)
        .hasMessageContaining("accessKeyId and secretAccessKey must be set together");
  }

  private SafeholdConfiguration load(String replication, Map<String, String> variables)
      throws Exception {
    Path file = dir.resolve("config.yml");
    Files.writeString(file, BASE + replication);
    StringSubstitutor substitutor = new StringSubstitutor(variables);
    substitutor.setEnableUndefinedVariableException(true);
    return new YamlConfigurationFactory<>(
            SafeholdConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
        .build(
            new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), substitutor),
            file.toString());
  }
}
