package io.rivalwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

class RunConfigurationLoaderTest {

  @TempDir Path folder;

  private RunConfigurationLoader loader(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return new RunConfigurationLoader(new DefaultResourceLoader(), environment);
  }

  private String file(String yaml) throws IOException {
    Path path = folder.resolve("run.yaml");
    Files.writeString(path, yaml);
    return path.toUri().toString();
  }

  @Test
  void resolvesPlaceholdersForHosts() throws IOException {
    String location = file("""
        competitors:
          - {id: acme, name: Acme, news: {feeds: ["${sample-site}/acme/news.rss"]}}
        """);

    RunConfiguration configuration = loader(Map.of("sample-site", "http://localhost:9")).load(location);

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

    assertThatThrownBy(() -> loader(Map.of("rivalwatch.research.mastodon.access-token", secret)).load(location))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).satisfiesExactly(
            p -> assertThat(p).startsWith("placeholder ${rivalwatch.research.mastodon.access-token}: names a secret")
                .contains("Fix:"),
            p -> assertThat(p).startsWith("placeholder ${rivalwatch.slack.webhook-url}: names a secret")))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
  }
}
