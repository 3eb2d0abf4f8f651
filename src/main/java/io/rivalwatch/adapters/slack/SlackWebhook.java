package io.rivalwatch.adapters.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rivalwatch.distribution.ChatWebhook;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.resilience.OutsideServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A Slack incoming webhook: POST {"text": ...}; Slack answers 200 "ok", or 4xx with a reason such as
 * "invalid_payload" or "no_service" (a revoked hook). The URL is a secret: it is never logged or stored.
 */
@Component
public class SlackWebhook implements ChatWebhook {

  static final String SERVICE = "slack";

  private final String webhookUrl;
  private final OutsideServices services;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper json = new ObjectMapper();

  public SlackWebhook(@Value("${rivalwatch.slack.webhook-url:}") String webhookUrl, OutsideServices services) {
    this.webhookUrl = webhookUrl == null ? "" : webhookUrl.trim();
    this.services = services;
  }

  @Override
  public boolean isConfigured() {
    return !webhookUrl.isEmpty();
  }

  /** Posts through the "slack" circuit breaker: while it is open, fails at once with CIRCUIT_OPEN. */
  @Override
  public void post(String text) {
    services.run(SERVICE, () -> postNow(text));
  }

  private void postNow(String text) {
    HttpResponse<String> response;
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(webhookUrl))
          .timeout(Duration.ofSeconds(20))
          .header("Content-Type", "application/json; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("text", text))))
          .build();
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new OutsideServiceException(SERVICE, Kind.TRANSIENT,
          "Slack could not be reached: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutsideServiceException(SERVICE, Kind.TRANSIENT, "interrupted while posting to Slack", e);
    }
    int status = response.statusCode();
    if (status == 200) {
      return;
    }
    String reason = abbreviate(response.body());
    Kind kind = status == 429 ? Kind.RATE_LIMITED : status >= 500 ? Kind.TRANSIENT : Kind.FATAL;
    String fix = kind == Kind.FATAL ? ". Fix: check the webhook (rivalwatch.slack.webhook-url); Slack revokes hooks of"
        + " removed apps and channels" : "";
    throw new OutsideServiceException(SERVICE, kind, "Slack answered HTTP " + status + " (" + reason + ")" + fix,
        retryAfter(response), null);
  }

  private static java.time.Duration retryAfter(HttpResponse<String> response) {
    return response.headers().firstValue("Retry-After")
        .filter(v -> v.matches("\\d+"))
        .map(v -> java.time.Duration.ofSeconds(Long.parseLong(v)))
        .orElse(null);
  }

  private static String abbreviate(String body) {
    String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
    return flat.length() <= 100 ? flat : flat.substring(0, 97) + "...";
  }
}
