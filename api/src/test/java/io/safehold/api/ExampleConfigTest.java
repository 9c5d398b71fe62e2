package io.safehold.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

/** deploy/config.example.yml stays a valid configuration once its variables are set. */
class ExampleConfigTest {

  private static final String EXAMPLE = Path.of("..", "deploy", "config.example.yml").toString();
  private static final String KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

  @Test
  void exampleParsesAndValidates() throws Exception {
    SafeholdConfiguration config =
        load(
            Map.of(
                "SAFEHOLD_DB_PASSWORD", "pw",
                "SAFEHOLD_S3_ACCESS_KEY_ID", "id",
                "SAFEHOLD_S3_SECRET_ACCESS_KEY", "sk",
                "SAFEHOLD_SECRET_KEY", KEY));

    assertThat(config.getDatabase().getUrl())
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/safehold");
    assertThat(config.getDatabase().isMigrateOnStart()).isTrue();
    assertThat(config.getTemporal().getTarget()).isEqualTo("127.0.0.1:7233");
    assertThat(config.getS3().getBucket()).isEqualTo("safehold");
    assertThat(config.getSecretKey()).isEqualTo(KEY);
    assertThat(config.getApi().getMaxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(config.getReplication().getTargets()).isEmpty();
  }

  @Test
  void secretKeyThatIsNotThirtyTwoBytesIsRefused() {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "SAFEHOLD_DB_PASSWORD", "pw",
                        "SAFEHOLD_S3_ACCESS_KEY_ID", "id",
                        "SAFEHOLD_S3_SECRET_ACCESS_KEY", "sk",
                        "SAFEHOLD_SECRET_KEY", "c2hvcnQ=")))
        .isInstanceOf(ConfigurationValidationException.class)
        .hasMessageContaining("secretKey must be base64 of 32 bytes");
  }

  @Test
  void unsetVariableIsNamed() {
    assertThatThrownBy(() -> load(Map.of("SAFEHOLD_SECRET_KEY", KEY)))
        .hasMessageContaining("SAFEHOLD_DB_PASSWORD");
  }

  /** Loads the example as the application does, with {@code variables} as the environment. */
  private static SafeholdConfiguration load(Map<String, String> variables) throws Exception {
    StringSubstitutor substitutor = new StringSubstitutor(variables);
    substitutor.setEnableUndefinedVariableException(true);
    substitutor.setEnableSubstitutionInVariables(true);
    return new YamlConfigurationFactory<>(
            SafeholdConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
        .build(
            new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), substitutor),
            EXAMPLE);
  }
}
