package io.rivalwatch.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;

/** How a token's claims become a name and roles, for the claim shapes providers use. */
class TokenClaimsTest {

  private static List<String> roles(SignInProperties properties, Map<String, Object> claims) {
    return new TokenClaims(properties).authorities(claims).stream().map(GrantedAuthority::getAuthority).toList();
  }

  @Test
  void groupsMapToRolesAndUnknownGroupsGiveNone() {
    var defaults = new SignInProperties(null, null, null, null, null);
    assertThat(roles(defaults, Map.of("groups", List.of("rivalwatch-operator", "finance", "rivalwatch-viewer"))))
        .containsExactly("ROLE_OPERATOR", "ROLE_VIEWER");
    assertThat(roles(defaults, Map.of("groups", List.of("finance")))).isEmpty();
    assertThat(roles(defaults, Map.of("sub", "x"))).as("no claim at all").isEmpty();
    // one string of space- or comma-separated values, as some providers send scopes and roles
    assertThat(roles(defaults, Map.of("groups", "finance rivalwatch-admin"))).containsExactly("ROLE_ADMIN");
  }

  @Test
  void aDottedClaimReadsInsideAnObjectWithItsOwnMapping() {
    var keycloakRealmRoles = new SignInProperties("realm_access.roles", null,
        Map.of("intel-readers", "viewer", "intel-ops", "OPERATOR"), null, null);
    assertThat(roles(keycloakRealmRoles, Map.of("realm_access", Map.of("roles", List.of("intel-ops", "offline_access")))))
        .containsExactly("ROLE_OPERATOR");
    // a mapping replaces the defaults whole
    assertThat(roles(keycloakRealmRoles, Map.of("realm_access", Map.of("roles", List.of("rivalwatch-admin")))))
        .isEmpty();
    assertThat(roles(keycloakRealmRoles, Map.of("realm_access", "not an object"))).isEmpty();
  }

  @Test
  void theNameComesFromTheConfiguredClaimOrElseTheSubject() {
    var byEmail = new TokenClaims(new SignInProperties(null, "email", null, null, null));
    assertThat(byEmail.name(Map.of("sub", "f81d4fae", "email", "ann@example.com"))).isEqualTo("ann@example.com");
    assertThat(byEmail.nameKey(Map.of("sub", "f81d4fae", "email", "ann@example.com"))).isEqualTo("email");
    assertThat(byEmail.name(Map.of("sub", "service-account-7"))).isEqualTo("service-account-7");
    assertThat(byEmail.nameKey(Map.of("sub", "service-account-7"))).isEqualTo("sub");
  }
}
