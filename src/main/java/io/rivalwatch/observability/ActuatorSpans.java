package io.rivalwatch.observability;

import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import org.springframework.stereotype.Component;

/**
 * Keeps the actuator's requests out of the exported traces: Prometheus scrapes {@code /actuator/prometheus} every
 * few seconds, and with every run traced those requests would be most of the traces. Their metrics stay.
 */
@Component
class ActuatorSpans implements SpanExportingPredicate {

  @Override
  public boolean isExportable(FinishedSpan span) {
    String uri = span.getTags().get("uri");
    return uri == null || !uri.startsWith("/actuator");
  }
}
