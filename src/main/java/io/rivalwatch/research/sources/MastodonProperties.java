package io.rivalwatch.research.sources;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How research reads Mastodon ({@code rivalwatch.research.mastodon.*}).
 *
 * <p>The access token is a secret: it comes from the application's configuration (in practice the environment
 * variable {@code RIVALWATCH_RESEARCH_MASTODON_ACCESSTOKEN}), never from the run configuration, and it is sent only
 * to {@link #instance()}, as an Authorization header, so that an instance named in a run configuration cannot
 * collect it. It never appears in {@link #toString()}, documents, problems, exceptions or logs.
 *
 * @param instance the instance the token belongs to, and the one used when a competitor names none
 * @param accessToken a token of an account on that instance with the read:search and read:statuses scopes, or
 *     empty; searching posts needs it, an account's public posts do not
 */
@ConfigurationProperties("rivalwatch.research.mastodon")
public record MastodonProperties(
    @DefaultValue(MastodonProperties.DEFAULT_INSTANCE) URI instance, String accessToken) {

  public static final String DEFAULT_INSTANCE = "https://mastodon.social";

  public MastodonProperties {
    instance = instance == null ? URI.create(DEFAULT_INSTANCE) : instance;
    accessToken = accessToken == null || accessToken.isBlank() ? null : accessToken.strip();
  }

  /** No token, the default instance. */
  public static MastodonProperties defaults() {
    return new MastodonProperties(null, null);
  }

  /** True when a token is configured for the instance at {@code address}. */
  boolean hasTokenFor(URI address) {
    return accessToken != null && sameOrigin(instance, address);
  }

  /** The headers that authorise a request to {@code address}: the token's, only for its own instance. */
  Map<String, String> headersFor(URI address) {
    return hasTokenFor(address) ? Map.of("Authorization", "Bearer " + accessToken) : Map.of();
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && b.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null && b.getHost() != null
        && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  @Override
  public String toString() {
    return "MastodonProperties[instance=" + instance + ", accessToken=" + (accessToken == null ? "none" : "(set)") + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MastodonProperties p && instance.equals(p.instance)
        && Objects.equals(accessToken, p.accessToken);
  }

  @Override
  public int hashCode() {
    return instance.hashCode();
  }
}
