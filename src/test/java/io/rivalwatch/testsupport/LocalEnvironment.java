package io.rivalwatch.testsupport;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.rivalwatch.sample.SampleSite;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the product talks to, on this machine: the embedded engine, the sample web (with the Slack webhook
 * stand-in) and an SMTP server. The process tests and the local run start the same environment and point the
 * application at it with {@link #properties(Path)}.
 */
public final class LocalEnvironment {

  private static LocalEnvironment shared;

  /** The local users the tests and the local run sign in as (HTTP Basic or the sign-in form), one per role. */
  public static final String VIEWER = "viewer";
  public static final String OPERATOR = "operator";
  public static final String ADMIN = "admin";
  /** Prometheus's scrape credential: reads /actuator/prometheus and nothing else. */
  public static final String METRICS = "prometheus";

  private static final Map<String, String> ROLES = Map.of(
      VIEWER, "viewer", OPERATOR, "operator", ADMIN, "admin", METRICS, "metrics");
  // new for every JVM: the local run listens on all addresses, so the passwords must not be guessable
  private static final Map<String, String> PASSWORDS = generatedPasswords();

  /** The password of a local user of this environment ({@link #VIEWER}, {@link #OPERATOR}, {@link #ADMIN}...). */
  public static String password(String user) {
    String password = PASSWORDS.get(user);
    if (password == null) {
      throw new IllegalArgumentException("no local user '" + user + "'; the users are " + PASSWORDS.keySet());
    }
    return password;
  }

  /** The Authorization header value (HTTP Basic) that signs in as a local user of this environment. */
  public static String authorization(String user) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString(
        (user + ":" + password(user)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** User names in the order they are printed: viewer, operator, admin, prometheus. */
  public static java.util.List<String> users() {
    return java.util.List.of(VIEWER, OPERATOR, ADMIN, METRICS);
  }

  /** The local user's role as rivalwatch.security.users[*].roles names it. */
  public static String role(String user) {
    return ROLES.get(user);
  }

  private static Map<String, String> generatedPasswords() {
    var random = new java.security.SecureRandom();
    Map<String, String> passwords = new LinkedHashMap<>();
    for (String user : users()) {
      byte[] bytes = new byte[12];
      random.nextBytes(bytes);
      passwords.put(user, java.util.HexFormat.of().formatHex(bytes));
    }
    return java.util.Collections.unmodifiableMap(passwords);
  }

  private final SampleSite site;
  private final GreenMail mail;

  private LocalEnvironment(SampleSite site, GreenMail mail) {
    this.site = site;
    this.mail = mail;
  }

  /**
   * The sample web's port: any free one, unless the system property {@value #SITE_PORT} names one (the local run
   * does, so its pages keep their addresses from one run to the next and an unchanged page is recognised).
   */
  public static final String SITE_PORT = "rivalwatch.sample-site.port";

  /** The test watch lists: src/test/resources/runs/&lt;name&gt;.yaml. */
  public static final String WATCH_LISTS = "classpath:runs/";
  /** The local run's watch list (runs/sample.yaml). */
  public static final String DEFAULT_WATCH_LIST = "sample";

  /** Starts the environment once per JVM. */
  public static synchronized LocalEnvironment shared() {
    if (shared == null) {
      EmbeddedEngine.get();
      SampleSite site = new SampleSite(Integer.getInteger(SITE_PORT, 0)).start();
      GreenMail mail = new GreenMail(new ServerSetup(EmbeddedEngine.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      mail.start();
      shared = new LocalEnvironment(site, mail);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        mail.stop();
        site.stop();
      }, "local-environment-stop"));
    }
    return shared;
  }

  public SampleSite site() {
    return site;
  }

  public GreenMail mail() {
    return mail;
  }

  /** Application properties that point rivalwatch at this environment, keeping its data under dataDirectory. */
  public Map<String, Object> properties(Path dataDirectory) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("camunda.client.grpc-address", EmbeddedEngine.grpcAddress());
    // the embedded engine speaks gRPC only
    p.put("camunda.client.prefer-rest-over-grpc", false);
    p.put("rivalwatch.deployment.job-based-user-tasks", true);
    p.put("rivalwatch.data-directory", dataDirectory.toAbsolutePath().toString());
    p.put("rivalwatch.planning.watch-lists", WATCH_LISTS);
    // the local run's (and the nightly timer's) watch list: three fictional competitors on the sample web
    p.put("rivalwatch.planning.default-watch-list", DEFAULT_WATCH_LIST);
    p.put("rivalwatch.sample-site", site.baseUrl());
    // the tests and the local run start their runs themselves: the sample lists' schedules would add runs of their own
    // whenever a moved clock (or, in the local run, a real one since the last local run) passes their times.
    // WatchListScheduleRunTest turns them on; so does --rivalwatch.schedules.enabled=true on the local run
    p.put("rivalwatch.schedules.enabled", false);
    // the watch lists name the sample web's pages by its address, which changes from run to run
    p.put("rivalwatch.planning.placeholders", "rivalwatch.sample-site");
    // no budget cap: the scenarios see the product as it is without a budget (the offline analyser costs nothing);
    // the caps have tests of their own
    p.put("rivalwatch.limits.run-budget-usd", "");
    // the scenarios start runs through the API one after another and end some by cancelling their instances in the
    // engine, which the in-flight count (from progress) does not see: counts that never bind here
    p.put("rivalwatch.limits.concurrent-runs", 1000);
    p.put("rivalwatch.limits.run-starts-per-minute", 1000);
    p.put("rivalwatch.research.hacker-news-url", site.hackerNewsUrl());
    p.put("rivalwatch.research.sec-edgar-url", site.secEdgarUrl());
    // in production the token is an environment variable (RIVALWATCH_RESEARCH_MASTODON_ACCESSTOKEN)
    p.put("rivalwatch.research.mastodon.instance", site.mastodonUrl());
    p.put("rivalwatch.research.mastodon.access-token", SampleSite.MASTODON_TOKEN);
    // the sample web listens on this machine, an address research refuses unless it is admitted
    p.put("rivalwatch.research.allowed-private-hosts", String.join(",", SampleSite.ALLOWED_PRIVATE_HOSTS));
    // every sample host is this one server: a short gap keeps the run quick (the same code, a shorter setting)
    p.put("rivalwatch.research.per-host.min-gap", SampleSite.MIN_GAP.toMillis() + "ms");
    p.put("rivalwatch.slack.webhook-url", site.slackWebhookUrl());
    p.put("rivalwatch.operators.email", "operators@rivalwatch.local");
    p.put("spring.mail.host", "127.0.0.1");
    p.put("spring.mail.port", mail.getSmtp().getPort());
    // local users with known passwords, so the tests and the local run can sign in (docs/security.md)
    var users = users();
    for (int i = 0; i < users.size(); i++) {
      p.put("rivalwatch.security.users[" + i + "].name", users.get(i));
      p.put("rivalwatch.security.users[" + i + "].password", password(users.get(i)));
      p.put("rivalwatch.security.users[" + i + "].roles", role(users.get(i)));
    }
    return p;
  }
}
