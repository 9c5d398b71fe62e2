package io.safehold.api.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the registry in the Prometheus text format, refreshing the catalog gauges first. */
public final class PrometheusServlet extends HttpServlet {

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusServlet.class);
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final transient PrometheusMeterRegistry registry;
  private final transient CatalogMeters catalog;

  public PrometheusServlet(PrometheusMeterRegistry registry, CatalogMeters catalog) {
    this.registry = registry;
    this.catalog = catalog;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      catalog.refresh();
    } catch (RuntimeException e) {
      // Process metrics (and Temporal's) are still worth serving when the catalog is down;
      // the catalog gauges keep their last values and the health check reports the outage.
      LOG.warn("catalog metrics not refreshed: {}", e.getMessage());
    }
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(CONTENT_TYPE);
    response.setHeader("Cache-Control", "must-revalidate,no-cache,no-store");
    try (Writer out = response.getWriter()) {
      out.write(registry.scrape());
    }
  }
}
