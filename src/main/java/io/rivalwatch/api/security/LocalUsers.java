package io.rivalwatch.api.security;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The local user store: the users set in {@code rivalwatch.security.users}, or, when none is set and no OpenID
 * Connect provider is configured, one user per role with a generated password that is logged once at start-up (as
 * Spring Boot does with its generated password).
 */
final class LocalUsers implements UserDetailsService {

  private static final Logger LOG = LoggerFactory.getLogger(LocalUsers.class);
  private static final List<Role> GENERATED = List.of(Role.VIEWER, Role.OPERATOR, Role.ADMIN, Role.METRICS);

  private final InMemoryUserDetailsManager users;
  private final boolean empty;

  private LocalUsers(List<UserDetails> users) {
    this.users = new InMemoryUserDetailsManager(users);
    this.empty = users.isEmpty();
  }

  @Override
  public UserDetails loadUserByUsername(String username) throws UsernameNotFoundException {
    return users.loadUserByUsername(username);
  }

  /** True in OpenID Connect mode when no local user is set: then neither HTTP Basic nor the sign-in form is offered. */
  boolean isEmpty() {
    return empty;
  }

  static LocalUsers from(SignInProperties properties, boolean oidcConfigured) {
    PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    List<UserDetails> users = new ArrayList<>();
    for (SignInProperties.LocalUser user : properties.users()) {
      String password = user.password().strip();
      // an id prefix such as {bcrypt} says the password is encoded already; anything else is plain text
      String encoded = password.matches("^\\{[a-z0-9]+}.*") ? password : encoder.encode(password);
      users.add(User.withUsername(user.name().strip()).password(encoded)
          .roles(user.roles().stream().map(r -> Role.fromSetting(r).orElseThrow().name()).toArray(String[]::new))
          .build());
    }
    if (users.isEmpty() && !oidcConfigured) {
      StringBuilder printed = new StringBuilder();
      for (Role role : GENERATED) {
        String password = generatedPassword();
        users.add(User.withUsername(role.settingName()).password(encoder.encode(password)).roles(role.name()).build());
        printed.append("\n  ").append(role.settingName()).append(" / ").append(password);
      }
      LOG.warn("\n\nSign in with a generated password (user / password, one user per role):{}\n\nThese passwords are"
          + " new at every start and for development only: set rivalwatch.security.users, or an OpenID Connect"
          + " provider (docs/security.md).\n", printed);
    }
    return new LocalUsers(users);
  }

  private static String generatedPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
