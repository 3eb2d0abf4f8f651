package io.rivalwatch.api.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Reads a person's name and roles from the claims of a token (an access token from an API client, or the ID token
 * and user info of a browser sign-in), as {@link SignInProperties} says. A claim value with no mapping gives no role.
 */
final class TokenClaims {

  private final SignInProperties properties;

  TokenClaims(SignInProperties properties) {
    this.properties = properties;
  }

  /** The configured name claim; the subject when the token has no such claim (a client's own token, say). */
  String name(Map<String, Object> claims) {
    Object name = claims.get(properties.nameClaim());
    if (name instanceof String text && !text.isBlank()) {
      return text;
    }
    return String.valueOf(claims.get("sub"));
  }

  /** The claim that holds the name, for Spring's user objects that look the name up by key. */
  String nameKey(Map<String, Object> claims) {
    return claims.get(properties.nameClaim()) instanceof String text && !text.isBlank() ? properties.nameClaim() : "sub";
  }

  Collection<GrantedAuthority> authorities(Map<String, Object> claims) {
    Set<GrantedAuthority> authorities = new LinkedHashSet<>();
    for (String value : values(claims)) {
      String role = properties.roleMapping().get(value);
      Role.fromSetting(role).ifPresent(r -> authorities.add(new SimpleGrantedAuthority(r.authority())));
    }
    return List.copyOf(authorities);
  }

  /** The role claim's values: a list of strings, or one string of space- or comma-separated values. */
  private List<String> values(Map<String, Object> claims) {
    Object value = claims;
    for (String step : properties.roleClaim().split("\\.")) {
      if (!(value instanceof Map<?, ?> map)) {
        return List.of();
      }
      value = map.get(step);
    }
    List<String> values = new ArrayList<>();
    if (value instanceof Collection<?> collection) {
      collection.forEach(v -> values.add(String.valueOf(v)));
    } else if (value instanceof String text) {
      for (String part : text.split("[,\\s]+")) {
        if (!part.isEmpty()) {
          values.add(part);
        }
      }
    }
    return values;
  }
}
