package io.safehold.api.awareness;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.safehold.catalog.AwarenessDao;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The {@code awareness} section: how often the awareness loop checks every asset ({@code
 * checkPeriod}, default {@code 6h}; {@code -1} turns the loop off) and how old an asset's last
 * successful backup may be before it raises an alert ({@code alertWindow}, default {@code 1d}).
 * Assets and scopes override both through {@code PUT /api/v1/assets/{id}/awareness}.
 */
public class AwarenessConfig {

  /** Written in the configuration to turn the loop off. */
  public static final String DISABLED = "-1";

  @NotBlank private String checkPeriod = "6h";

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration alertWindow = Duration.days(1);

  @JsonProperty
  public String getCheckPeriod() {
    return checkPeriod;
  }

  @JsonProperty
  public void setCheckPeriod(String checkPeriod) {
    this.checkPeriod = checkPeriod;
  }

  @JsonProperty
  public Duration getAlertWindow() {
    return alertWindow;
  }

  @JsonProperty
  public void setAlertWindow(Duration alertWindow) {
    this.alertWindow = alertWindow;
  }

  @JsonIgnore
  @ValidationMethod(
      message = "awareness.checkPeriod must be a duration of at least 1 minute (e.g. 6h) or -1")
  public boolean isCheckPeriodValid() {
    if (checkPeriod == null || DISABLED.equals(checkPeriod.trim())) {
      return true;
    }
    try {
      return Duration.parse(checkPeriod.trim()).toSeconds() >= 60;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** False when {@code checkPeriod} is {@code -1}: no loop is started. */
  @JsonIgnore
  public boolean isEnabled() {
    return !DISABLED.equals(checkPeriod.trim());
  }

  /** The defaults every asset inherits, in seconds (period -1 when off). */
  @JsonIgnore
  public AwarenessDao.Defaults defaults() {
    long period = isEnabled() ? Duration.parse(checkPeriod.trim()).toSeconds() : -1;
    return new AwarenessDao.Defaults(period, alertWindow.toSeconds());
  }
}
