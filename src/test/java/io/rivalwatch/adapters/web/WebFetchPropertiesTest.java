package io.rivalwatch.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * The web adapter's settings bind from {@code rivalwatch.research.*}, the names they had when research held them, so
 * moving them here changed no configuration (research's own: {@code research.ResearchPropertiesTest}).
 */
class WebFetchPropertiesTest {

  private static WebFetchProperties bindWeb(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("rivalwatch.research", WebFetchProperties.class);
  }

  @Test
  void defaultsWhenNothingIsConfigured() {
    WebFetchProperties properties = bindWeb(Map.of());

    assertThat(properties).isEqualTo(WebFetchProperties.defaults());
    assertThat(properties.userAgent())
        .isEqualTo("rivalwatch/0.1 (+https://github.com/rivalwatch/rivalwatch; contact: ops@example.com)");
    assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(properties.maxResponseBytes()).isEqualTo(DataSize.ofMegabytes(2));
    assertThat(properties.maxRedirects()).isEqualTo(5);
    assertThat(properties.robotsExpiry()).isEqualTo(Duration.ofHours(24));
    assertThat(properties.perHost().maxConcurrent()).isEqualTo(2);
    assertThat(properties.perHost().minGap("any.example")).isEqualTo(Duration.ofSeconds(1));
    assertThat(properties.allowedPrivateHosts()).isEmpty();
    assertThat(properties.productToken()).isEqualTo("rivalwatch");
  }

  @Test
  void bindsPolitenessAndTheAllowListAsOperatorsWriteThem() {
    WebFetchProperties properties =
        bindWeb(
            Map.of(
                "rivalwatch.research.max-redirects", "2",
                "rivalwatch.research.robots-expiry", "6h",
                "rivalwatch.research.per-host.max-concurrent", "1",
                "rivalwatch.research.per-host.min-gap", "250ms",
                "rivalwatch.research.per-host.min-gap-by-host[data.sec.gov]", "150ms",
                "rivalwatch.research.allowed-private-hosts", "localhost, 10.1.0.0/16"));

    assertThat(properties.maxRedirects()).isEqualTo(2);
    assertThat(properties.robotsExpiry()).isEqualTo(Duration.ofHours(6));
    assertThat(properties.perHost().maxConcurrent()).isEqualTo(1);
    assertThat(properties.perHost().minGap("www.acme.example")).isEqualTo(Duration.ofMillis(250));
    assertThat(properties.perHost().minGap("data.sec.gov")).isEqualTo(Duration.ofMillis(150));
    assertThat(properties.allowedPrivateHosts()).containsExactly("localhost", "10.1.0.0/16");
  }

  @Test
  void badPolitenessSettingsAreRefusedNamingThePropertyAndTheFix() {
    assertThatThrownBy(() -> new WebFetchProperties.PerHost(0, null, null))
        .hasMessage("rivalwatch.research.per-host.max-concurrent must be at least 1; got 0. Fix: set it to 1 or more "
            + "(default 2).");
    assertThatThrownBy(() -> new WebFetchProperties.PerHost(2, Duration.ofSeconds(-1), null))
        .hasMessageStartingWith("rivalwatch.research.per-host.min-gap must be a duration of 0 or more; got PT-1S.");
    assertThatThrownBy(() -> WebFetchProperties.defaults().withMaxRedirects(-1))
        .hasMessageStartingWith("rivalwatch.research.max-redirects must be 0 or more; got -1.");
    WebFetchProperties noProductToken = bindWeb(Map.of("rivalwatch.research.user-agent", "(compatible; somebot)"));
    assertThatThrownBy(noProductToken::productToken)
        .hasMessageStartingWith("rivalwatch.research.user-agent must start with a product token");
  }

  @Test
  void bindsConfiguredValues() {
    WebFetchProperties properties =
        bindWeb(
            Map.of(
                "rivalwatch.research.user-agent", "test-agent (contact: qa@example.com)",
                "rivalwatch.research.connect-timeout", "500ms",
                "rivalwatch.research.read-timeout", "3s",
                "rivalwatch.research.max-response-bytes", "512KB",
                // research's own setting under the same prefix: not the adapter's, and no reason to fail
                "rivalwatch.research.max-links-per-round", "2"));

    assertThat(properties.userAgent()).isEqualTo("test-agent (contact: qa@example.com)");
    assertThat(properties.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(properties.maxResponseBytes()).isEqualTo(DataSize.ofKilobytes(512));
  }
}
