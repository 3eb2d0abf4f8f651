package io.rivalwatch.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.api.security.Endpoints.Call;
import io.rivalwatch.api.security.Endpoints.Needs;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in and roles against a real OpenID Connect provider in the JVM (mock-oauth2-server: discovery document, JWKS,
 * signed tokens, the authorization code flow). The application is configured only with Spring's standard properties
 * (issuer URI, audience, a client registration) and validates every token through the provider's keys.
 */
class OidcSignInTest {

  private static final String ISSUER = "rivalwatch";
  private static final String AUDIENCE = "rivalwatch-api";

  private static MockOAuth2Server provider;
  private static ConfigurableApplicationContext app;
  private static int port;
  private static Path data;
  private final HttpClient http = HttpClient.newHttpClient();

  /** A test-only page that says who the application thinks is signed in (the audit trail records this name). */
  @RestController
  static class WhoAmI {
    static final String PATH = "/test/who-am-i";

    @GetMapping(PATH)
    String name(Authentication authentication) {
      return authentication.getName();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    provider = new MockOAuth2Server();
    provider.start();
    data = Files.createTempDirectory("rivalwatch-oidc-");
    String issuer = provider.issuerUrl(ISSUER).toString();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer);
    settings.put("spring.security.oauth2.resourceserver.jwt.audiences", AUDIENCE);
    settings.put("spring.security.oauth2.client.registration.rivalwatch.client-id", "rivalwatch-app");
    settings.put("spring.security.oauth2.client.registration.rivalwatch.client-secret", "app-secret");
    settings.put("spring.security.oauth2.client.registration.rivalwatch.scope", "openid,profile");
    settings.put("spring.security.oauth2.client.provider.rivalwatch.issuer-uri", issuer);
    app = Endpoints.start(data, settings, WhoAmI.class);
    port = Endpoints.port(app);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (provider != null) {
      provider.shutdown();
    }
  }

  /** A bearer token signed by the provider, for a person in these groups. */
  private static String bearer(String name, String... groups) {
    return "Bearer " + token(ISSUER, AUDIENCE, name, groups);
  }

  private static String token(String issuer, String audience, String name, String... groups) {
    return provider.issueToken(issuer, "api-client", new DefaultOAuth2TokenCallback(issuer, "sub-" + name, "JWT",
        List.of(audience), Map.of("preferred_username", name, "groups", List.of(groups)), 3600)).serialize();
  }

  private static String tokenFor(Needs role) {
    return switch (role) {
      case VIEWER -> bearer("vera", "rivalwatch-viewer", "unrelated-group");
      case OPERATOR -> bearer("otto", "rivalwatch-operator");
      case ADMIN -> bearer("ada", "rivalwatch-admin");
      case METRICS -> bearer("prometheus", "rivalwatch-metrics");
    };
  }

  /** Too small a role for the endpoint: a token with no rivalwatch role for viewer endpoints. */
  private static String tooSmallFor(Needs role) {
    return switch (role) {
      case VIEWER -> bearer("nobody", "some-other-app-users");
      case OPERATOR -> tokenFor(Needs.VIEWER);
      case ADMIN -> tokenFor(Needs.OPERATOR);
      case METRICS -> tokenFor(Needs.OPERATOR);
    };
  }

  @Test
  void everyEndpointAnswers401WithoutAToken_403ForTooSmallARole_andServesTheRightRole() throws Exception {
    List<Call> calls = Endpoints.calls(app, Map.of("GET " + WhoAmI.PATH, Needs.VIEWER));
    List<String> wrong = Endpoints.violations(http, port, calls, "Bearer", OidcSignInTest::tokenFor,
        OidcSignInTest::tooSmallFor);
    assertThat(wrong).as("endpoints that do not follow the rules of docs/security.md").isEmpty();
    assertThat(calls).hasSizeGreaterThan(15);
  }

  @Test
  void tokensTheApplicationMustNotTrustAreRefused() throws Exception {
    Call runs = new Call("GET", "/api/runs", null, Needs.VIEWER);
    // signed by the same provider for another audience, and by another issuer (its own keys) for this audience
    assertThat(Endpoints.send(http, port, runs, "Bearer " + token(ISSUER, "another-api", "vera", "rivalwatch-viewer"))
        .status()).isEqualTo(401);
    assertThat(Endpoints.send(http, port, runs, "Bearer " + token("elsewhere", AUDIENCE, "vera", "rivalwatch-viewer"))
        .status()).isEqualTo(401);
    String good = token(ISSUER, AUDIENCE, "vera", "rivalwatch-viewer");
    String tampered = good.substring(0, good.lastIndexOf('.') + 1) + "AAAA" + good.substring(good.lastIndexOf('.') + 5);
    assertThat(Endpoints.send(http, port, runs, "Bearer " + tampered).status()).isEqualTo(401);
    assertThat(Endpoints.send(http, port, runs, "Bearer " + good).status()).isEqualTo(200);
  }

  @Test
  void thePrincipalIsNamedByTheConfiguredClaim() throws Exception {
    var response = Endpoints.send(http, port, new Call("GET", WhoAmI.PATH, null, Needs.VIEWER), bearer("vera.viewer",
        "rivalwatch-viewer"));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("vera.viewer");
  }

  @Test
  void probesAnswerWithoutSignInAndWithoutDetails_healthDetailsOnlyForAdmins() throws Exception {
    for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
      var response = Endpoints.send(http, port, new Call("GET", probe, null, null), null);
      assertThat(response.status()).as(probe).isEqualTo(200);
      assertThat(response.body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
    }
    Call health = new Call("GET", "/actuator/health", null, Needs.VIEWER);
    String forViewer = Endpoints.send(http, port, health, tokenFor(Needs.VIEWER)).body();
    assertThat(forViewer).startsWith("{\"status\":\"UP\"").doesNotContain("components", "outsideServices", "details");
    String forAdmin = Endpoints.send(http, port, health, tokenFor(Needs.ADMIN)).body();
    assertThat(forAdmin).contains("\"components\"", "\"outsideServices\"", "\"livenessState\"");
    // a breaker's name (it lists competitors' hosts) is not shown to anyone but an admin
    assertThat(Endpoints.send(http, port, new Call("GET", "/actuator/health/outsideServices", null, Needs.ADMIN),
        tokenFor(Needs.VIEWER)).status()).isEqualTo(403);
  }

  /**
   * A browser is sent to the provider, signs in with the authorization code flow, and comes back with a session that
   * carries the roles of its ID token; that session cookie alone cannot post without the CSRF token.
   */
  @Test
  void aBrowserSignsInWithTheAuthorizationCodeFlow_andItsSessionCannotPostWithoutACsrfToken() throws Exception {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    String page = "http://127.0.0.1:" + port + "/api/runs";
    var first = browser.send(html(page), HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(302);
    String signIn = first.headers().firstValue("Location").orElseThrow();
    assertThat(signIn).endsWith("/oauth2/authorization/rivalwatch");

    provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, "sub-otto", "JWT", List.of("rivalwatch-app"),
        Map.of("preferred_username", "otto", "groups", List.of("rivalwatch-operator")), 3600));
    var toProvider = browser.send(html(signIn), HttpResponse.BodyHandlers.ofString());
    String authorize = toProvider.headers().firstValue("Location").orElseThrow();
    assertThat(authorize).startsWith(provider.authorizationEndpointUrl(ISSUER).toString())
        .contains("response_type=code", "client_id=rivalwatch-app");
    var back = browser.send(html(authorize), HttpResponse.BodyHandlers.ofString());
    String callback = back.headers().firstValue("Location").orElseThrow();
    assertThat(callback).contains("/login/oauth2/code/rivalwatch?code=");
    var signedIn = browser.send(html(callback.replace("localhost", "127.0.0.1")), HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
    assertThat(signedIn.headers().firstValue("Location").orElseThrow()).startsWith(page);

    var afterSignIn = browser.send(html(page), HttpResponse.BodyHandlers.ofString());
    assertThat(afterSignIn.statusCode()).isEqualTo(200);
    var name = browser.send(html("http://127.0.0.1:" + port + WhoAmI.PATH), HttpResponse.BodyHandlers.ofString());
    assertThat(name.body()).isEqualTo("otto");
    // the ID token's groups gave the operator role: the parked items of a run are open to this session
    assertThat(browser.send(html("http://127.0.0.1:" + port + "/api/runs/run-x/parked"),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

    var post = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/runs/run-x/parked/retry"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).as("a session's POST without the CSRF token").isEqualTo(403);
    // the same request from an API client with its own token is not a browser form
    assertThat(Endpoints.send(http, port, new Call("POST", "/api/runs/run-x/parked/retry", null, Needs.OPERATOR),
        tokenFor(Needs.OPERATOR)).status()).isEqualTo(200);
  }

  private static HttpRequest html(String url) {
    return HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").build();
  }
}
