package io.rivalwatch.api.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a signed-in person may do (docs/security.md has the table). {@link #VIEWER} &lt; {@link #OPERATOR} &lt;
 * {@link #ADMIN}; {@link #METRICS} is the scraper's role and reads /actuator/prometheus only (an admin may too).
 */
public enum Role {
  VIEWER,
  OPERATOR,
  ADMIN,
  METRICS;

  /** The Spring Security authority, e.g. {@code ROLE_OPERATOR}. */
  public String authority() {
    return "ROLE_" + name();
  }

  /** The name used in settings and tokens' role mappings, e.g. {@code operator}. */
  public String settingName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromSetting(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String wanted = value.strip();
    return Arrays.stream(values()).filter(r -> r.settingName().equalsIgnoreCase(wanted)).findFirst();
  }

  /** For error messages: "viewer, operator, admin, metrics". */
  public static String settingNames() {
    return Arrays.stream(values()).map(Role::settingName).collect(Collectors.joining(", "));
  }

  /** The hierarchy in RoleHierarchyImpl's notation: an admin may do what an operator may, and so on. */
  static String hierarchy() {
    return ADMIN.authority() + " > " + OPERATOR.authority() + "\n"
        + OPERATOR.authority() + " > " + VIEWER.authority() + "\n"
        + ADMIN.authority() + " > " + METRICS.authority();
  }
}
