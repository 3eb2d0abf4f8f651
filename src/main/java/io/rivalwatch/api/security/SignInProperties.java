package io.rivalwatch.api.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may sign in and with which role ({@code rivalwatch.security.*}, docs/security.md). The OpenID Connect provider
 * itself is configured with Spring's standard properties ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri},
 * {@code spring.security.oauth2.client.registration.*}); these settings say how its tokens map to roles.
 *
 * @param roleClaim the token claim that lists a person's groups or roles; a dotted path reaches into an object, e.g.
 *     {@code realm_access.roles} (Keycloak's realm roles)
 * @param nameClaim the claim that names the person (the audit trail records it); {@code sub} when a token lacks it
 * @param roleMapping claim value to role ({@code viewer}, {@code operator}, {@code admin}, {@code metrics}); when set it
 *     replaces {@link #DEFAULT_ROLE_MAPPING} whole. A value with '/' or '.' needs brackets in properties:
 *     {@code rivalwatch.security.role-mapping[/rivalwatch/admins]=admin}
 * @param users local users (HTTP Basic and a sign-in form); when none is set and no OpenID Connect provider is
 *     configured, one user per role gets a generated password, printed once at start-up
 * @param corsAllowedOrigins origins whose pages may call the API from a browser; none (no CORS) unless set
 */
@ConfigurationProperties(SignInProperties.PREFIX)
public record SignInProperties(
    @DefaultValue("groups") String roleClaim,
    @DefaultValue("preferred_username") String nameClaim,
    Map<String, String> roleMapping,
    List<LocalUser> users,
    List<String> corsAllowedOrigins) {

  static final String PREFIX = "rivalwatch.security";

  /** Group names as the compose stack's Keycloak realm (keycloak/rivalwatch-realm.json) gives them. */
  public static final Map<String, String> DEFAULT_ROLE_MAPPING = Map.of(
      "rivalwatch-viewer", "viewer",
      "rivalwatch-operator", "operator",
      "rivalwatch-admin", "admin",
      "rivalwatch-metrics", "metrics");

  /**
   * A local user.
   *
   * @param name the user name
   * @param password the password, plain or already encoded with its id prefix (e.g. {@code {bcrypt}$2a$...})
   * @param roles the user's roles
   */
  public record LocalUser(String name, String password, List<String> roles) {
    public LocalUser {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }
  }

  public SignInProperties {
    roleClaim = roleClaim == null || roleClaim.isBlank() ? "groups" : roleClaim.strip();
    nameClaim = nameClaim == null || nameClaim.isBlank() ? "preferred_username" : nameClaim.strip();
    roleMapping = roleMapping == null || roleMapping.isEmpty() ? DEFAULT_ROLE_MAPPING
        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roleMapping));
    users = users == null ? List.of() : List.copyOf(users);
    corsAllowedOrigins = corsAllowedOrigins == null ? List.of()
        : corsAllowedOrigins.stream().filter(o -> o != null && !o.isBlank()).map(String::strip).toList();
  }

  /** What is wrong with these settings, one line per problem, each naming the property and the fix. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    roleMapping.forEach((claimValue, role) -> {
      if (Role.fromSetting(role).isEmpty()) {
        problems.add(PREFIX + ".role-mapping[" + claimValue + "]: '" + role + "' is not a role. Fix: use one of "
            + Role.settingNames());
      }
    });
    java.util.Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < users.size(); i++) {
      LocalUser user = users.get(i);
      String at = PREFIX + ".users[" + i + "]";
      if (user.name() == null || user.name().isBlank()) {
        problems.add(at + ".name: not set. Fix: give the user a name");
      } else if (!names.add(user.name().strip())) {
        problems.add(at + ".name: '" + user.name() + "' is set twice. Fix: give each user its own name");
      }
      if (user.password() == null || user.password().isBlank()) {
        problems.add(at + ".password: not set. Fix: set a password (plain, or encoded as {bcrypt}...)");
      }
      for (int r = 0; r < user.roles().size(); r++) {
        if (Role.fromSetting(user.roles().get(r)).isEmpty()) {
          problems.add(at + ".roles[" + r + "]: '" + user.roles().get(r) + "' is not a role. Fix: use one of "
              + Role.settingNames());
        }
      }
    }
    return problems;
  }
}
