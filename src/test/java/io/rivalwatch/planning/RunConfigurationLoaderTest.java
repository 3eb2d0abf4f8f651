package io.rivalwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

class RunConfigurationLoaderTest {

  @TempDir Path folder;

  private RunConfigurationLoader loader(Map<String, Object> properties, String... allowed) {
    return loader(properties, new PlanningProperties(folder.toUri().toString(), null, List.of(allowed), null, null));
  }

  private RunConfigurationLoader loader(Map<String, Object> properties, PlanningProperties planning) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return new RunConfigurationLoader(new DefaultResourceLoader(), environment, planning);
  }

  /** Writes the watch list {@code run} and returns its name. */
  private String file(String yaml) throws IOException {
    Files.writeString(folder.resolve("run.yaml"), yaml);
    return "run";
  }

  @Test
  void resolvesPlaceholdersForHosts() throws IOException {
    String location = file("""
        competitors:
          - {id: acme, name: Acme, news: {feeds: ["${sample-site}/acme/news.rss"]}}
        """);

    RunConfiguration configuration =
        loader(Map.of("sample-site", "http://localhost:9"), "sample-site").load(location);

    assertThat(configuration.competitor("acme").news().feeds().get(0)).hasToString("http://localhost:9/acme/news.rss");
  }

  @Test
  void refusesPlaceholdersThatNameASecretWithoutResolvingThem() throws IOException {
    String secret = "mastodon-token-7f3a9c";
    String location = file("""
        competitors:
          - id: acme
            name: Acme
            social: {mastodon: {account: "${rivalwatch.research.mastodon.access-token}"}}
            news: {feeds: ["https://hooks.example/${rivalwatch.slack.webhook-url:none}"]}
        """);

    // refused even when the operator allowed them
    assertThatThrownBy(() -> loader(Map.of("rivalwatch.research.mastodon.access-token", secret),
        "rivalwatch.research.mastodon.access-token", "rivalwatch.slack.webhook-url").load(location))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).satisfiesExactly(
            p -> assertThat(p).startsWith("placeholder ${rivalwatch.research.mastodon.access-token}: names a secret")
                .contains("Fix:"),
            p -> assertThat(p).startsWith("placeholder ${rivalwatch.slack.webhook-url}: names a secret")))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
  }

  /** The environment's secrets in any spelling: none resolves, and no value appears in the message. */
  @ParameterizedTest
  @ValueSource(strings = {"AWS_ACCESS_KEY_ID", "aws.accessKeyId", "OPENAI_API_KEY", "SMTP_PASS", "smtp.passwd",
      "GITHUB_TOKEN", "spring.mail.password", "Db-Secret"})
  void refusesPlaceholdersOutsideTheAllowListOrNamingASecret(String property) throws IOException {
    String value = "AKIAIOSFODNN7EXAMPLE";
    String name = file("competitors:\n  - {id: acme, name: Acme, news: {feeds: [\"https://a.example/${" + property
        + "}\"]}}\n");

    assertThatThrownBy(() -> loader(Map.of(property, value)).load(name))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> assertThat(p).startsWith("placeholder ${" + property + "}: ").contains("Fix:")))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value));
  }

  @Test
  void aPlaceholderOutsideTheAllowListSaysWhereTheListIs() throws IOException {
    String name = file("competitors:\n  - {id: acme, name: Acme, news: {feeds: [\"${internal.host}/x.rss\"]}}\n");

    assertThatThrownBy(() -> loader(Map.of("internal.host", "http://10.0.0.1"), "rivalwatch.sample-site").load(name))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> assertThat(p).contains("${internal.host}").contains("rivalwatch.planning.placeholders")
                .contains("rivalwatch.sample-site").contains("Fix: write the value itself")
                .doesNotContain("10.0.0.1")));
  }

  /** An allowed property whose value looks like a credential is refused, whatever its name says. */
  @ParameterizedTest
  @ValueSource(strings = {
      "AKIAIOSFODNN7EXAMPLE",
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
      "xoxb-123456789012-abcdefABCDEF",
      "ghp_0123456789abcdefABCDEF0123456789abcd",
      "https://user:hunter2@intranet.example",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"})
  void refusesAllowedPropertiesWhoseValueLooksLikeASecret(String value) throws IOException {
    String name = file("competitors:\n  - {id: acme, name: Acme, news: {feeds: [\"https://a.example/${feed-path}\"]}}\n");

    assertThatThrownBy(() -> loader(Map.of("feed-path", value), "feed-path").load(name))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> assertThat(p).startsWith("placeholder ${feed-path}: its value looks like").contains("Fix:")))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value));
  }

  @Test
  void ordinaryAddressesAreNotTakenForSecrets() {
    assertThat(SecretLooks.secretKind("http://127.0.0.1:18089")).isNull();
    assertThat(SecretLooks.secretKind("https://www.acme-analytics.example/products/pricing-and-plans.html")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://evil.example/x", "file:/etc/passwd", "../../etc/passwd", "classpath:runs/x",
      "${AWS_ACCESS_KEY_ID}", "Acme", "a/b", ""})
  void aNameThatIsNotAWatchListNameIsRefusedBeforeAnythingIsLookedUp(String name) {
    var looked = new java.util.concurrent.atomic.AtomicInteger();
    var resources = new DefaultResourceLoader() {
      @Override
      public Resource getResource(String location) {
        looked.incrementAndGet();
        return super.getResource(location);
      }
    };
    PlanningProperties planning = PlanningProperties.of(folder.toUri().toString(), null, null);
    var loader = new RunConfigurationLoader(resources, new StandardEnvironment(), planning);

    assertThatThrownBy(() -> loader.load(name)).isInstanceOfSatisfying(InvalidConfigurationException.class,
        e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p)
            .startsWith("watchList: ").contains("is not a watch list name").contains("Fix:")));
    assertThat(loader.exists(name)).isFalse();
    assertThat(looked).hasValue(0);
  }

  @Test
  void anUnknownWatchListSaysWhereWatchListsAre() {
    assertThatThrownBy(() -> loader(Map.of()).load("nightly")).isInstanceOfSatisfying(
        InvalidConfigurationException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p)
            .contains("no watch list 'nightly'").contains(folder.toUri().toString())
            .contains("rivalwatch.planning.watch-lists").contains("Fix:")));
  }

  @Test
  void aWatchListAboveTheSizeLimitIsRefusedUnparsed() throws IOException {
    String name = file("competitors:\n  - {id: acme, name: Acme, news: {feeds: [\"https://a.example/x.rss\"]}}\n"
        + "# " + "padding ".repeat(200) + "\n");
    var planning = new PlanningProperties(folder.toUri().toString(), null, null, DataSize.ofBytes(1000), null);

    assertThatThrownBy(() -> loader(Map.of(), planning).load(name)).isInstanceOfSatisfying(
        InvalidConfigurationException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p)
            .contains("larger than 1000B").contains("rivalwatch.planning.max-watch-list-size").contains("Fix:")
            .doesNotContain("padding")));
    // within the limit it loads
    assertThat(loader(Map.of()).load(name).competitors()).hasSize(1);
  }

  @Test
  void aWatchListThatDoesNotArriveInTimeIsRefused() {
    var planning = new PlanningProperties("stalling:", null, null, null, Duration.ofMillis(200));
    var hanging = new java.util.concurrent.CountDownLatch(1);
    var resources = new DefaultResourceLoader() {
      @Override
      public Resource getResource(String location) {
        return new AbstractResource() {
          @Override
          public boolean exists() {
            return true;
          }

          @Override
          public String getDescription() {
            return location;
          }

          @Override
          public InputStream getInputStream() throws IOException {
            try {
              hanging.await();
            } catch (InterruptedException e) {
              throw new java.io.InterruptedIOException();
            }
            return InputStream.nullInputStream();
          }
        };
      }
    };
    var loader = new RunConfigurationLoader(resources, new StandardEnvironment(), planning);
    long start = System.nanoTime();

    assertThatThrownBy(() -> loader.load("slow")).isInstanceOfSatisfying(InvalidConfigurationException.class,
        e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p)
            .contains("could not be read within PT0.2S").contains("rivalwatch.planning.load-timeout")));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    hanging.countDown();
  }

  @Test
  void aYamlErrorSaysWhereWithoutRepeatingTheFile() throws IOException {
    String confidential = "acme-internal-roadmap-codename";
    String name = file("competitors:\n  - {id: acme, name: [" + confidential + "\n  - oops: {\n");

    assertThatThrownBy(() -> loader(Map.of()).load(name)).isInstanceOfSatisfying(
        InvalidConfigurationException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p)
            .containsPattern("not valid YAML \\(line \\d+, column \\d+\\)").contains("Fix:")))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(confidential).doesNotContain("oops"));
  }
}
