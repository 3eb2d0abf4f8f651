package io.rivalwatch.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Research's own settings under {@code rivalwatch.research.*}; how pages are read is the web adapter's
 * ({@code adapters.web.WebFetchPropertiesTest}), bound from the same prefix.
 */
class ResearchPropertiesTest {

  private static ResearchProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("rivalwatch.research", ResearchProperties.class);
  }

  @Test
  void defaultsWhenNothingIsConfigured() {
    ResearchProperties research = bind(Map.of());

    assertThat(research).isEqualTo(ResearchProperties.defaults());
    assertThat(research.maxLinksPerRound()).isEqualTo(5);
    assertThat(research.hackerNewsUrl()).isEqualTo("https://hn.algolia.com/api/v1");
    assertThat(research.secEdgarUrl()).isEqualTo("https://data.sec.gov");
    assertThat(research.permanentFailureMemory()).isEqualTo(java.time.Duration.ofDays(7));
  }

  @Test
  void thePermanentFailureMemoryIsConfigurableAndANegativeOneIsRefusedNamingTheSetting() {
    assertThat(bind(Map.of("rivalwatch.research.permanent-failure-memory", "2d")).permanentFailureMemory())
        .isEqualTo(java.time.Duration.ofDays(2));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> bind(Map.of("rivalwatch.research.permanent-failure-memory", "-1d")))
        .hasRootCauseMessage("rivalwatch.research.permanent-failure-memory must be zero (do not remember) or "
            + "positive, e.g. 7d; was PT-24H");
  }

  @Test
  void bindsConfiguredValues() {
    ResearchProperties research =
        bind(
            Map.of(
                // the web adapter's setting under the same prefix: not research's, and no reason to fail
                "rivalwatch.research.user-agent", "test-agent (contact: qa@example.com)",
                "rivalwatch.research.max-links-per-round", "2",
                "rivalwatch.research.hacker-news-url", "http://localhost:1/hn/api/v1/",
                "rivalwatch.research.sec-edgar-url", "http://localhost:1/sec"));

    assertThat(research.maxLinksPerRound()).isEqualTo(2);
    assertThat(research.hackerNewsUrl()).isEqualTo("http://localhost:1/hn/api/v1");
    assertThat(research.secEdgarUrl()).isEqualTo("http://localhost:1/sec");
  }
}
