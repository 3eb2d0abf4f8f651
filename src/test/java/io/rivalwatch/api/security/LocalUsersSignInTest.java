package io.rivalwatch.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.api.security.Endpoints.Call;
import io.rivalwatch.api.security.Endpoints.Needs;
import io.rivalwatch.testsupport.LocalEnvironment;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Sign-in without an OpenID Connect provider, as the local run and the tests do: the local users of the test
 * environment (LocalEnvironment) with HTTP Basic for API clients and the sign-in form for browsers.
 */
class LocalUsersSignInTest {

  private static ConfigurableApplicationContext app;
  private static int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Map<String, Object> settings = new LinkedHashMap<>();
    List<String> users = LocalEnvironment.users();
    for (int i = 0; i < users.size(); i++) {
      settings.put("rivalwatch.security.users[" + i + "].name", users.get(i));
      settings.put("rivalwatch.security.users[" + i + "].password", LocalEnvironment.password(users.get(i)));
      settings.put("rivalwatch.security.users[" + i + "].roles", LocalEnvironment.role(users.get(i)));
    }
    app = Endpoints.start(Files.createTempDirectory("rivalwatch-local-users-"), settings);
    port = Endpoints.port(app);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static String basic(Needs role) {
    return LocalEnvironment.authorization(switch (role) {
      case VIEWER -> LocalEnvironment.VIEWER;
      case OPERATOR -> LocalEnvironment.OPERATOR;
      case ADMIN -> LocalEnvironment.ADMIN;
      case METRICS -> LocalEnvironment.METRICS;
    });
  }

  /** The Prometheus user may read metrics only: too small for viewer endpoints. */
  private static String tooSmallFor(Needs role) {
    return basic(switch (role) {
      case VIEWER -> Needs.METRICS;
      case OPERATOR -> Needs.VIEWER;
      case ADMIN -> Needs.OPERATOR;
      case METRICS -> Needs.VIEWER;
    });
  }

  @Test
  void everyEndpointAnswers401WithoutSignIn_403ForTooSmallARole_andServesTheRightRoleOverHttpBasic() throws Exception {
    List<Call> calls = Endpoints.calls(app, Map.of());
    assertThat(Endpoints.violations(http, port, calls, "Basic realm=\"rivalwatch\"", LocalUsersSignInTest::basic,
        LocalUsersSignInTest::tooSmallFor)).as("endpoints that do not follow the rules of docs/security.md").isEmpty();
  }

  @Test
  void aWrongPasswordIsRefused() throws Exception {
    String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString(
        (LocalEnvironment.ADMIN + ":" + LocalEnvironment.password(LocalEnvironment.VIEWER)).getBytes(StandardCharsets.UTF_8));
    assertThat(Endpoints.send(http, port, new Call("GET", "/api/runs", null, Needs.VIEWER), wrong).status())
        .isEqualTo(401);
  }

  @Test
  void probesAnswerWithoutSignInAndWithoutDetails() throws Exception {
    for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
      var response = Endpoints.send(http, port, new Call("GET", probe, null, null), null);
      assertThat(response.status()).as(probe).isEqualTo(200);
      assertThat(response.body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
    }
  }

  /** A browser gets the sign-in form, signs in with it, and its session cannot post without the form's CSRF token. */
  @Test
  void aBrowserSignsInWithTheFormAndItsSessionPostsOnlyWithTheCsrfToken() throws Exception {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    String base = "http://127.0.0.1:" + port;
    var first = browser.send(html(base + "/local/review"), HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(302);
    assertThat(first.headers().firstValue("Location").orElseThrow()).isEqualTo(base + "/login");

    String loginPage = browser.send(html(base + "/login"), HttpResponse.BodyHandlers.ofString()).body();
    String loginToken = csrf(loginPage);
    var signedIn = browser.send(form(base + "/login", Map.of("username", LocalEnvironment.OPERATOR,
        "password", LocalEnvironment.password(LocalEnvironment.OPERATOR), "_csrf", loginToken)),
        HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).isEqualTo(302);
    assertThat(signedIn.headers().firstValue("Location").orElseThrow()).startsWith(base + "/local/review");

    var review = browser.send(html(base + "/local/review"), HttpResponse.BodyHandlers.ofString());
    assertThat(review.statusCode()).isEqualTo(200);
    assertThat(review.body()).contains("No report is waiting for review");

    // the review page posts a decision: without the CSRF token it is refused, with it the decision is read
    var forged = browser.send(form(base + "/local/review", Map.of("jobKey", "1", "reviewDecision", "no-such")),
        HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).as("a session's POST without the CSRF token").isEqualTo(403);
    String token = csrf(browser.send(html(base + "/login"), HttpResponse.BodyHandlers.ofString()).body());
    var decided = browser.send(form(base + "/local/review", Map.of("jobKey", "1", "reviewDecision", "no-such",
        "_csrf", token)), HttpResponse.BodyHandlers.ofString());
    assertThat(decided.statusCode()).isEqualTo(200);
    assertThat(decided.body()).contains("Unknown decision");
  }

  @Test
  @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
  void withNoUserSetAndNoProviderEveryRoleGetsAGeneratedPasswordPrintedOnce(
      org.springframework.boot.test.system.CapturedOutput output) {
    var properties = new SignInProperties(null, null, null, null, null);
    LocalUsers users = LocalUsers.from(properties, false);
    assertThat(users.isEmpty()).isFalse();
    var encoder = org.springframework.security.crypto.factory.PasswordEncoderFactories.createDelegatingPasswordEncoder();
    for (String name : List.of("viewer", "operator", "admin", "metrics")) {
      var user = users.loadUserByUsername(name);
      assertThat(user.getAuthorities()).extracting(Object::toString)
          .containsExactly("ROLE_" + name.toUpperCase(java.util.Locale.ROOT));
      var printed = Pattern.compile("\\n  " + name + " / (\\S+)").matcher(output.getAll());
      assertThat(printed.find()).as(name + "'s password in the log").isTrue();
      assertThat(encoder.matches(printed.group(1), user.getPassword())).isTrue();
      assertThat(printed.find()).as("printed once").isFalse();
    }
    // with a provider and no local user, nobody signs in locally
    assertThat(LocalUsers.from(properties, true).isEmpty()).isTrue();
  }

  @Test
  void badSettingsNameThePropertyAndTheFix() {
    var properties = new SignInProperties(null, null, Map.of("rivalwatch-admins", "superuser"),
        List.of(new SignInProperties.LocalUser("ann", "", List.of("operator", "boss"))), null);
    assertThat(properties.problems()).containsExactly(
        "rivalwatch.security.role-mapping[rivalwatch-admins]: 'superuser' is not a role. Fix: use one of viewer, "
            + "operator, admin, metrics",
        "rivalwatch.security.users[0].password: not set. Fix: set a password (plain, or encoded as {bcrypt}...)",
        "rivalwatch.security.users[0].roles[1]: 'boss' is not a role. Fix: use one of viewer, operator, admin, metrics");
  }

  private static String csrf(String page) {
    var matcher = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
    assertThat(matcher.find()).as("a CSRF token in " + page).isTrue();
    return matcher.group(1);
  }

  private static HttpRequest html(String url) {
    return HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").build();
  }

  private static HttpRequest form(String url, Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
  }
}
