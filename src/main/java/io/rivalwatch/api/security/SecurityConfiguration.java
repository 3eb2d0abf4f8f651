package io.rivalwatch.api.security;

import jakarta.servlet.DispatcherType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RegexRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Sign-in and roles on every endpoint (docs/security.md, docs/adr/0006-sign-in-oidc-and-local-users.md).
 *
 * <p>With an OpenID Connect provider configured by Spring's standard properties, API clients send its bearer JWTs
 * (checked against the issuer's discovery document and keys) and browsers sign in with the authorization code flow.
 * Without one, a local user store answers HTTP Basic (API clients) and a sign-in form (browsers). Either way a role
 * comes from {@link SignInProperties} and the rules below, which docs/security.md lists as a table.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

  private static final String VIEWER = Role.VIEWER.name();
  private static final String OPERATOR = Role.OPERATOR.name();
  private static final String ADMIN = Role.ADMIN.name();
  private static final String METRICS = Role.METRICS.name();

  /** Where the review page of the local run lives (test code, io.rivalwatch.localrun). */
  static final String LOCAL_PAGES = "/local/**";

  @Bean
  static RoleHierarchy roleHierarchy() {
    return RoleHierarchyImpl.fromHierarchy(Role.hierarchy());
  }

  /** The local users; empty when an OpenID Connect provider is configured and no user is set in properties. */
  @Bean
  LocalUsers rivalwatchLocalUsers(SignInProperties properties, ObjectProvider<JwtDecoder> jwtDecoder,
      ObjectProvider<ClientRegistrationRepository> clients) {
    List<String> problems = properties.problems();
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Sign-in settings are not valid:\n  " + String.join("\n  ", problems));
    }
    boolean oidc = jwtDecoder.getIfAvailable() != null || clients.getIfAvailable() != null;
    return LocalUsers.from(properties, oidc);
  }

  @Bean
  SecurityFilterChain rivalwatchSecurity(HttpSecurity http, SignInProperties properties,
      LocalUsers rivalwatchLocalUsers, ObjectProvider<JwtDecoder> jwtDecoder,
      ObjectProvider<ClientRegistrationRepository> clients) throws Exception {
    var path = PathPatternRequestMatcher.withDefaults();
    http.authorizeHttpRequests(rules -> rules
        // an SSE stream's later dispatches and the error page belong to a request that was already let through
        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
        // probes: no principal, and no details (the health groups show none to anonymous callers)
        .requestMatchers(path.matcher(HttpMethod.GET, "/actuator/health/liveness"),
            path.matcher(HttpMethod.GET, "/actuator/health/readiness")).permitAll()
        .requestMatchers(path.matcher(HttpMethod.GET, "/actuator/prometheus")).hasRole(METRICS)
        // the overall status for anyone signed in; its details (breaker names, paths) only for admins
        .requestMatchers(path.matcher(HttpMethod.GET, "/actuator/health"), path.matcher(HttpMethod.GET, "/actuator/info"))
        .hasRole(VIEWER)
        .requestMatchers(path.matcher("/actuator/**")).hasRole(ADMIN)
        .requestMatchers(path.matcher(HttpMethod.POST, "/api/runs"),
            path.matcher(HttpMethod.POST, "/api/runs/*/cancel"),
            // a rebuild may write a new report revision
            path.matcher("/api/runs/*/report/rebuild"),
            path.matcher("/api/runs/*/parked"), path.matcher("/api/runs/*/parked/**"),
            path.matcher("/api/retention/**"),
            // the model-call audit names who started runs and which prompts were sent
            path.matcher("/api/runs/*/model-calls"), path.matcher("/api/runs/*/model-calls.csv"),
            planningArtefacts(),
            path.matcher(LOCAL_PAGES)).hasRole(OPERATOR)
        .requestMatchers(path.matcher(HttpMethod.GET, "/api/runs/**"), path.matcher(HttpMethod.GET, "/artefacts/**"))
        .hasRole(VIEWER)
        .anyRequest().hasRole(VIEWER));

    boolean oidcApi = jwtDecoder.getIfAvailable() != null;
    List<ClientRegistration> registrations = new java.util.ArrayList<>();
    if (clients.getIfAvailable() instanceof Iterable<?> all) {
      all.forEach(r -> registrations.add((ClientRegistration) r));
    }
    boolean localUsers = !rivalwatchLocalUsers.isEmpty();
    TokenClaims claims = new TokenClaims(properties);

    AuthenticationEntryPoint browsers;
    if (!registrations.isEmpty()) {
      http.oauth2Login(login -> login.userInfoEndpoint(info -> info.oidcUserService(oidcUsers(claims))));
      // one provider: straight to it; several: Spring's page that lists them
      browsers = new LoginUrlAuthenticationEntryPoint(registrations.size() == 1
          ? "/oauth2/authorization/" + registrations.get(0).getRegistrationId() : "/login");
    } else if (localUsers) {
      http.formLogin(form -> form.permitAll());
      browsers = new LoginUrlAuthenticationEntryPoint("/login");
    } else {
      browsers = null;
    }
    if (oidcApi) {
      http.oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(
          token -> new JwtAuthenticationToken(token, claims.authorities(token.getClaims()), claims.name(token.getClaims())))));
    }
    if (localUsers) {
      http.userDetailsService(rivalwatchLocalUsers);
      http.httpBasic(basic -> basic.realmName("rivalwatch"));
    }
    AuthenticationEntryPoint apiClients;
    if (oidcApi) {
      apiClients = new BearerTokenAuthenticationEntryPoint();
    } else {
      BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
      basic.setRealmName("rivalwatch");
      basic.afterPropertiesSet();
      apiClients = basic;
    }
    LinkedHashMap<RequestMatcher, AuthenticationEntryPoint> entryPoints = new LinkedHashMap<>();
    if (browsers != null) {
      entryPoints.put(browserAskingForHtml(), browsers);
    }
    entryPoints.put(AnyRequestMatcher.INSTANCE, apiClients);
    DelegatingAuthenticationEntryPoint entryPoint = new DelegatingAuthenticationEntryPoint(entryPoints);
    entryPoint.setDefaultEntryPoint(apiClients);
    http.exceptionHandling(errors -> {
      // registered as defaults (before the sign-in configurers add theirs), not as the one entry point: Spring only
      // generates its sign-in page when no entry point is set outright
      entryPoints.forEach((matcher, point) -> errors.defaultAuthenticationEntryPointFor(point, matcher));
      errors.accessDeniedHandler(accessDenied(entryPoint));
    });
    // browser forms carry a CSRF token; a request that brings its own credential in a header is not a browser form
    http.csrf(csrf -> csrf.ignoringRequestMatchers(new RequestHeaderRequestMatcher(HttpHeaders.AUTHORIZATION)));
    if (properties.corsAllowedOrigins().isEmpty()) {
      http.cors(cors -> cors.disable());
    } else {
      CorsConfiguration cors = new CorsConfiguration();
      cors.setAllowedOrigins(properties.corsAllowedOrigins());
      cors.setAllowedMethods(List.of("GET", "POST"));
      cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE));
      UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
      source.registerCorsConfiguration("/api/**", cors);
      source.registerCorsConfiguration("/artefacts/**", cors);
      http.cors(c -> c.configurationSource(source));
    }
    return http.build();
  }

  /**
   * The frozen run configurations and pinned prompts under {@code /artefacts/<run>/planning/...}, and the model-call
   * audit under {@code /artefacts/<run>/model-calls/...}; matched without regard to case, so a store on a
   * case-insensitive disk cannot be asked for them as "Planning".
   */
  private static RequestMatcher planningArtefacts() {
    return new RegexRequestMatcher("^/artefacts/[^/]+/(planning|model-calls)/.*", "GET", true);
  }

  /** A browser navigating to a page (Accept names text/html), not a script or an API client. */
  private static RequestMatcher browserAskingForHtml() {
    MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(new HeaderContentNegotiationStrategy(),
        MediaType.TEXT_HTML, MediaType.APPLICATION_XHTML_XML);
    html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
    return new AndRequestMatcher(html,
        new NegatedRequestMatcher(new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest")));
  }

  /**
   * 403 for a principal whose role is too small. A refused CSRF check without any principal (an anonymous POST) is
   * answered as a missing sign-in instead (401 or the sign-in page), as every other anonymous request is.
   */
  private static AccessDeniedHandler accessDenied(AuthenticationEntryPoint entryPoint) {
    AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
    AccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
    AccessDeniedHandler plain = new AccessDeniedHandlerImpl();
    return (request, response, denied) -> {
      var authentication = SecurityContextHolder.getContext().getAuthentication();
      if (authentication == null || trust.isAnonymous(authentication) || !authentication.isAuthenticated()) {
        entryPoint.commence(request, response, new InsufficientAuthenticationException("sign in first", denied));
      } else if (authentication instanceof JwtAuthenticationToken) {
        bearer.handle(request, response, denied);
      } else {
        plain.handle(request, response, denied);
      }
    };
  }

  /** A browser sign-in's roles and name from its ID token and user info, mapped as API tokens are. */
  private static OAuth2UserService<OidcUserRequest, OidcUser> oidcUsers(TokenClaims claims) {
    OidcUserService standard = new OidcUserService();
    return request -> {
      OidcUser user = standard.loadUser(request);
      return new DefaultOidcUser(claims.authorities(user.getClaims()), user.getIdToken(), user.getUserInfo(),
          claims.nameKey(user.getClaims()));
    };
  }
}
