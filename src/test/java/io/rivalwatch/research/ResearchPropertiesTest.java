package io.rivalwatch.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class ResearchPropertiesTest {

  private static ResearchProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("rivalwatch.research", ResearchProperties.class);
  }

  @Test
  void defaultsWhenNothingIsConfigured() {
    ResearchProperties properties = bind(Map.of());

    assertThat(properties).isEqualTo(ResearchProperties.defaults());
    assertThat(properties.userAgent())
        .isEqualTo("rivalwatch/0.1 (+https://github.com/rivalwatch/rivalwatch; contact: ops@example.com)");
    assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(properties.maxResponseBytes()).isEqualTo(DataSize.ofMegabytes(2));
    assertThat(properties.maxLinksPerRound()).isEqualTo(5);
    assertThat(properties.hackerNewsUrl()).isEqualTo("https://hn.algolia.com/api/v1");
    assertThat(properties.secEdgarUrl()).isEqualTo("https://data.sec.gov");
  }

  @Test
  void bindsConfiguredValues() {
    ResearchProperties properties =
        bind(
            Map.of(
                "rivalwatch.research.user-agent", "test-agent (contact: qa@example.com)",
                "rivalwatch.research.connect-timeout", "500ms",
                "rivalwatch.research.read-timeout", "3s",
                "rivalwatch.research.max-response-bytes", "512KB",
                "rivalwatch.research.max-links-per-round", "2",
                "rivalwatch.research.hacker-news-url", "http://localhost:1/hn/api/v1/",
                "rivalwatch.research.sec-edgar-url", "http://localhost:1/sec"));

    assertThat(properties.userAgent()).isEqualTo("test-agent (contact: qa@example.com)");
    assertThat(properties.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(properties.maxResponseBytes()).isEqualTo(DataSize.ofKilobytes(512));
    assertThat(properties.maxLinksPerRound()).isEqualTo(2);
    assertThat(properties.hackerNewsUrl()).isEqualTo("http://localhost:1/hn/api/v1");
    assertThat(properties.secEdgarUrl()).isEqualTo("http://localhost:1/sec");
  }
}
