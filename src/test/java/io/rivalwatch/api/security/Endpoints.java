package io.rivalwatch.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every endpoint the application serves, read from its handler mappings (its controllers' and the actuator's), and the
 * least role each needs: the rules of docs/security.md written down once more, independently of
 * {@link SecurityConfiguration}, so a rule that changes or an endpoint that appears without a rule fails a test.
 */
final class Endpoints {

  /** The smallest role that may call an endpoint; {@code null} for no sign-in at all. */
  enum Needs { VIEWER, OPERATOR, ADMIN, METRICS }

  /** One request to make: method, a path with its variables filled in, a body, and the role it needs. */
  record Call(String method, String path, String body, Needs needs) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** "METHOD pattern" of each mapping to the role it needs. */
  private static final Map<String, Needs> RULES = new LinkedHashMap<>();

  static {
    RULES.put("GET /api/runs", Needs.VIEWER);
    RULES.put("GET /api/runs/{runId}", Needs.VIEWER);
    RULES.put("GET /api/runs/events", Needs.VIEWER);
    RULES.put("GET /api/runs/{runId}/events", Needs.VIEWER);
    RULES.put("GET /artefacts/{runId}/{phase}/{competitor}/{name}", Needs.VIEWER);
    RULES.put("POST /api/runs", Needs.OPERATOR);
    RULES.put("POST /api/runs/{runId}/cancel", Needs.OPERATOR);
    RULES.put("GET /api/runs/{runId}/parked", Needs.OPERATOR);
    RULES.put("POST /api/runs/{runId}/parked/retry", Needs.OPERATOR);
    RULES.put("GET /api/runs/{runId}/model-calls", Needs.OPERATOR);
    RULES.put("GET /api/runs/{runId}/model-calls.csv", Needs.OPERATOR);
    RULES.put("GET /api/retention/bucket-lifecycle", Needs.OPERATOR);
    RULES.put("POST /api/runs/{runId}/report/rebuild", Needs.OPERATOR);
    RULES.put("GET /local/review", Needs.OPERATOR);
    RULES.put("POST /local/review", Needs.OPERATOR);
    RULES.put("GET /error", Needs.VIEWER);
    RULES.put("GET /actuator", Needs.ADMIN);
    RULES.put("GET /actuator/health", Needs.VIEWER);
    RULES.put("GET /actuator/health/**", Needs.ADMIN);
    RULES.put("GET /actuator/info", Needs.VIEWER);
    RULES.put("GET /actuator/prometheus", Needs.METRICS);
  }

  /**
   * Requests that the mappings alone do not show: the frozen configurations (in any letter case), the cancel endpoint
   * while it is not there yet, and a path nothing maps.
   */
  static final List<Call> EXTRA = List.of(
      new Call("GET", "/artefacts/run-x/planning/_run/run-configuration.json", null, Needs.OPERATOR),
      new Call("GET", "/artefacts/run-x/Planning/_run/run-configuration.json", null, Needs.OPERATOR),
      new Call("GET", "/artefacts/run-x/model-calls/acme/strategy-1-a.json", null, Needs.OPERATOR),
      new Call("GET", "/artefacts/run-x/Model-Calls/acme/strategy-1-a.json", null, Needs.OPERATOR),
      new Call("POST", "/api/runs/run-x/cancel", null, Needs.OPERATOR),
      // what no controller maps (static resources, unknown paths) still needs a viewer before it may even 404
      new Call("GET", "/index.html", null, Needs.VIEWER));

  private Endpoints() {}

  /** "METHOD pattern" of every handler method of every request-mapping handler mapping (controllers, actuator). */
  static Set<String> mapped(ConfigurableApplicationContext app) {
    Set<String> mapped = new TreeSet<>();
    for (RequestMappingInfoHandlerMapping mapping : app.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
      for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        for (String pattern : info.getPatternValues()) {
          if (methods.isEmpty()) {
            mapped.add("GET " + pattern);
          }
          methods.forEach(m -> mapped.add(m.name() + " " + pattern));
        }
      }
    }
    return mapped;
  }

  /** A call for every mapped endpoint, and the extra ones; fails naming any endpoint that has no rule here. */
  static List<Call> calls(ConfigurableApplicationContext app, Map<String, Needs> testEndpoints) {
    Map<String, Needs> rules = new LinkedHashMap<>(RULES);
    rules.putAll(testEndpoints);
    Set<String> mapped = mapped(app);
    assertThat(mapped).as("endpoints the application serves").contains("GET /api/runs", "GET /actuator/health");
    assertThat(new TreeSet<>(mapped)).as("endpoints without a rule in this test (add one, and to docs/security.md)")
        .isSubsetOf(rules.keySet());
    List<Call> calls = new ArrayList<>();
    for (String endpoint : mapped) {
      String method = endpoint.substring(0, endpoint.indexOf(' '));
      String pattern = endpoint.substring(endpoint.indexOf(' ') + 1);
      calls.add(new Call(method, sample(pattern), body(endpoint), rules.get(endpoint)));
    }
    calls.addAll(EXTRA);
    return calls;
  }

  /** A path for a pattern, with harmless values: no run "run-x" exists. */
  static String sample(String pattern) {
    return pattern.replace("{runId}", "run-x").replace("{phase}", "synthesis").replace("{competitor}", "_run")
        .replace("{name}", "report-r1.html").replace("/**", "/outsideServices");
  }

  /** Bodies that pass sign-in and roles but start nothing (a refresh mode that does not exist is refused). */
  private static String body(String endpoint) {
    return endpoint.equals("POST /api/runs") ? "{\"refresh\": \"not-a-mode\"}" : null;
  }

  /** The status of a call with this Authorization header (none when null), as an API client makes it. */
  static Response send(HttpClient http, int port, Call call, String authorization) throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + call.path()))
        .header("Accept", "*/*");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (call.body() != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(call.body()));
    // the event streams stay open: read the status and headers, then hang up
    HttpResponse<InputStream> response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
        .get(20, TimeUnit.SECONDS);
    try (InputStream body = response.body()) {
      String text = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")
          ? "" : new String(body.readAllBytes());
      return new Response(response.statusCode(), response.headers().map(), text);
    } catch (IOException e) {
      return new Response(response.statusCode(), response.headers().map(), "");
    }
  }

  /**
   * What goes against the rules: each call is made without a credential (401 and a challenge of this scheme), with
   * too small a role (403), and with the role it needs and with admin (neither 401 nor 403, nor a server error).
   */
  static List<String> violations(HttpClient http, int port, List<Call> calls, String challenge,
      java.util.function.Function<Needs, String> credentialFor, java.util.function.Function<Needs, String> tooSmallFor)
      throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Call call : calls) {
      var anonymous = send(http, port, call, null);
      String asked = anonymous.header("WWW-Authenticate");
      if (anonymous.status() != 401 || asked == null || !asked.startsWith(challenge)) {
        wrong.add(call + " without a credential: " + anonymous.status() + " " + asked);
      }
      int tooSmall = send(http, port, call, tooSmallFor.apply(call.needs())).status();
      if (tooSmall != 403) {
        wrong.add(call + " with too small a role: " + tooSmall);
      }
      for (String allowed : List.of(credentialFor.apply(call.needs()), credentialFor.apply(Needs.ADMIN))) {
        var served = send(http, port, call, allowed);
        // GET /error called directly has no error to show: Spring Boot answers 500
        if (served.status() == 401 || served.status() == 403
            || (served.status() >= 500 && !call.path().equals("/error"))) {
          wrong.add(call + " with the role " + call.needs() + " (or admin): " + served.status() + " " + served.body());
        }
      }
    }
    return wrong;
  }

  record Response(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> String.join(", ", e.getValue())).findFirst().orElse(null);
    }
  }

  /**
   * The whole application with no engine (nothing is deployed, no worker polls), on a free port, with the local run's
   * profile so its review page is served too.
   */
  static ConfigurableApplicationContext start(Path data, Map<String, Object> settings, Class<?>... extraSources) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("rivalwatch.data-directory", data.toString());
    properties.put("rivalwatch.deployment.enabled", false);
    properties.put("camunda.client.worker.defaults.enabled", false);
    properties.put("camunda.client.grpc-address", "http://127.0.0.1:1");
    properties.put("camunda.client.rest-address", "http://127.0.0.1:1");
    // no engine in these tests: its health would say DOWN, which is not what they look at
    properties.put("management.health.camunda.enabled", false);
    properties.put("server.port", 0);
    properties.put("server.address", "127.0.0.1");
    properties.putAll(settings);
    List<Class<?>> sources = new ArrayList<>(List.of(io.rivalwatch.RivalwatchApplication.class));
    sources.addAll(List.of(extraSources));
    return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).profiles("local-run")
        .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
  }

  static int port(ConfigurableApplicationContext app) {
    return ((ServletWebServerApplicationContext) app).getWebServer().getPort();
  }
}
