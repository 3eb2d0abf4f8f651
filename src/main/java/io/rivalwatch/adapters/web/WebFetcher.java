package io.rivalwatch.adapters.web;

import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.research.CircuitOpenFetchException;
import io.rivalwatch.research.FetchException;
import io.rivalwatch.research.FetchedPage;
import io.rivalwatch.research.PageFetcher;
import io.rivalwatch.research.PermanentFetchException;
import io.rivalwatch.research.TransientFetchException;
import io.rivalwatch.resilience.DeploymentInstances;
import io.rivalwatch.resilience.OutsideServices;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads public web resources for research, politely and safely. One shared HTTP client; a User-Agent that names the
 * product and a contact; connect and read timeouts; a size cap; a content-type check and a refusal of binary bodies;
 * character-set detection ({@link BodyDecoder}). Every request, each redirect hop and each robots.txt included:
 *
 * <ol>
 *   <li>is refused when its host resolves to a loopback, private or link-local address that configuration does not
 *       admit ({@link AddressGuard});
 *   <li>is refused when the host's robots.txt disallows it for our product token; the rules are read once per host
 *       and kept ({@link RobotsTxt});
 *   <li>waits for its turn at the origin (scheme, host and port): at most {@code per-host.max-concurrent} in flight
 *       and starts at least {@code per-host.min-gap} (or the host's Crawl-delay) apart ({@link HostTurns});
 *   <li>goes through the origin's circuit breaker ({@link OutsideServices}, "web:&lt;scheme://host[:port]&gt;"):
 *       while it is open, fetches from it fail at once with {@link CircuitOpenFetchException}.
 * </ol>
 *
 * <p>Every failure is classified as {@link TransientFetchException} (may pass) or {@link PermanentFetchException}
 * (will not).
 */
@Component
public class WebFetcher implements PageFetcher, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebFetcher.class);

  private final WebFetchProperties properties;
  private final OutsideServices services;
  private final Clock clock;
  private final HttpClient client;
  private final AddressGuard guard;
  private final HostTurns turns;
  private final DeploymentInstances instances;
  private final RobotsTxt robots;

  @Autowired
  public WebFetcher(WebFetchProperties properties, OutsideServices services, DeploymentInstances instances) {
    this(properties, services, Clock.systemUTC(), InetAddress::getAllByName, instances);
    if (properties.userAgent().equals(WebFetchProperties.DEFAULT_USER_AGENT)) {
      log.warn("rivalwatch.research.user-agent is the default, whose contact is an example address: set it to one "
          + "that names your site and a mailbox you read, so site owners can reach you about the crawling");
    }
  }

  /** A fetcher with breakers of its own, at the default settings (for tools and tests that use it alone). */
  public WebFetcher(WebFetchProperties properties) {
    this(properties, Clock.systemUTC());
  }

  /** A fetcher with breakers of its own, at the default settings (for tools and tests that use it alone). */
  public WebFetcher(WebFetchProperties properties, Clock clock) {
    this(properties, OutsideServices.standalone(), clock);
  }

  public WebFetcher(WebFetchProperties properties, OutsideServices services, Clock clock) {
    this(properties, services, clock, InetAddress::getAllByName);
  }

  /** @param resolver resolves host names for the address guard (tests give names of their own) */
  WebFetcher(WebFetchProperties properties, OutsideServices services, Clock clock, AddressGuard.Resolver resolver) {
    this(properties, services, clock, resolver, DeploymentInstances.single());
  }

  /**
   * @param instances the worker instances sharing the politeness per host: each takes its share of
   *     {@code max-concurrent} and spaces its own starts to one host n times the least gap (ADR 0021)
   */
  WebFetcher(WebFetchProperties properties, OutsideServices services, Clock clock, AddressGuard.Resolver resolver,
      DeploymentInstances instances) {
    this.properties = properties;
    this.services = services;
    this.clock = clock;
    this.instances = instances;
    this.guard = new AddressGuard(properties.allowedPrivateHosts(), resolver);
    this.turns = new HostTurns(instances.share(properties.perHost().maxConcurrent(),
        "rivalwatch.research.per-host.max-concurrent"));
    // a fetch may wait for its turn, then for the answer
    Duration robotsWait = properties.readTimeout().multipliedBy(2).plus(properties.connectTimeout());
    this.robots = new RobotsTxt(properties.productToken(), properties.robotsExpiry(), robotsWait, clock,
        robotsTxt -> exchange(robotsTxt, robotsTxt.toString(), Set.of(), false, Map.of()));
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            // each hop is checked like a first request (address guard, robots.txt, turn), so redirects are ours
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(properties.connectTimeout())
            .build();
  }

  /** Reads {@code address}, which must be an absolute http(s) URL, accepting only the given media types. */
  @Override
  public FetchedPage fetch(String address, Set<String> acceptedTypes) throws FetchException {
    URI uri;
    try {
      uri = new URI(address == null ? "" : address.strip());
    } catch (URISyntaxException e) {
      throw new PermanentFetchException(String.valueOf(address), "malformed URL", e);
    }
    return fetch(uri, acceptedTypes);
  }

  /**
   * Reads {@code uri}, following redirects, accepting only the given media types (an empty set accepts any).
   *
   * @throws TransientFetchException on timeouts, refused or reset connections, HTTP 408, 429 and 5xx, a robots.txt
   *     that cannot be read now, no turn at a busy host within the read timeout
   * @throws PermanentFetchException on other HTTP errors, a media type not accepted, a binary or empty body, a body
   *     larger than allowed, a malformed address, too many redirects, an address that is not public and not
   *     admitted, a path the host's robots.txt disallows
   * @throws CircuitOpenFetchException without sending anything, while the host's breaker is open
   */
  @Override
  public FetchedPage fetch(URI uri, Set<String> acceptedTypes) throws FetchException {
    return fetch(uri, acceptedTypes, Map.of());
  }

  /**
   * As {@link #fetch(URI, Set)}, with extra request headers (an API's Authorization). Header values never appear
   * in failures or logs: only the address does.
   */
  @Override
  public FetchedPage fetch(URI uri, Set<String> acceptedTypes, Map<String, String> headers) throws FetchException {
    String address = FetchException.describe(uri);
    Reply reply = exchange(uri, address, acceptedTypes, true, headers);
    String body = BodyDecoder.decode(reply.body(), reply.headers().firstValue("Content-Type").orElse(""));
    if (body.isBlank()) {
      throw new PermanentFetchException(address, "empty body");
    }
    return new FetchedPage(reply.uri(), reply.status(), reply.mediaType(), body, clock.instant());
  }

  /**
   * The breaker a fetch of this address goes through: "web:" and its origin ("web:https://acme.example",
   * "web:http://acme.example:8080"). Two ports or two schemes of one host are two servers as far as failing goes: one
   * that is down must not open the other's breaker.
   */
  public static String service(URI uri) {
    return "web:" + origin(uri);
  }

  /** Scheme, host and port in lower case, the scheme's default port left out: the unit of breakers and turns. */
  static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1 || port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https");
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }

  @Override
  public void close() {
    client.close();
  }

  /** A 2xx answer that was read, or a redirect to follow. */
  record Reply(URI uri, int status, HttpHeaders headers, String mediaType, byte[] body, URI redirect) {}

  /** Sends {@code start} and follows its redirects, each hop a request of its own. */
  private Reply exchange(URI start, String address, Set<String> acceptedTypes, boolean obeyRobots,
      Map<String, String> headers) throws FetchException {
    URI target = start;
    for (int redirects = 0; ; redirects++) {
      checkSyntax(target, address);
      // a header such as Authorization goes to the origin it was meant for, never along a redirect elsewhere
      boolean sameOrigin = target.getScheme().equalsIgnoreCase(start.getScheme())
          && target.getHost().equalsIgnoreCase(start.getHost()) && target.getPort() == start.getPort();
      Reply reply = send(target, address, acceptedTypes, obeyRobots, sameOrigin ? headers : Map.of());
      if (reply.redirect() == null) {
        return reply;
      }
      if (redirects == properties.maxRedirects()) {
        throw new PermanentFetchException(address, "more than " + properties.maxRedirects() + " redirects (the last "
            + "to " + reply.redirect() + ")");
      }
      if ("https".equalsIgnoreCase(target.getScheme()) && "http".equalsIgnoreCase(reply.redirect().getScheme())) {
        throw new PermanentFetchException(address, "redirect from https to " + reply.redirect() + " not followed");
      }
      target = reply.redirect();
    }
  }

  /** One request: the address guard, robots.txt, a turn at the host, the breaker, then the request itself. */
  private Reply send(URI target, String address, Set<String> acceptedTypes, boolean obeyRobots,
      Map<String, String> headers) throws FetchException {
    // nothing goes to a refused address, not even a request for its robots.txt
    guard.check(target, address);
    String host = AddressGuard.host(target);
    String service = service(target);
    try {
      services.refuseIfOpen(service);
    } catch (OutsideServiceException e) {
      throw new CircuitOpenFetchException(address, e);
    }
    Duration gap = properties.perHost().minGap(host);
    if (obeyRobots) {
      Duration crawlDelay = robots.check(target, address);
      gap = crawlDelay.compareTo(gap) > 0 ? crawlDelay : gap;
    }
    // the gap is the deployment's: each of n instances starts a request to the host at most once per n gaps
    gap = instances.spread(gap);
    try (HostTurns.Turn turn = turns.await(origin(target), gap, properties.readTimeout(), address)) {
      // again just before connecting, as the turn may have taken a while: the client's own look-up of the name then
      // comes from the JVM's cache of this answer
      guard.check(target, address);
      return services.call(service, () -> {
        try {
          return read(target, address, acceptedTypes, headers);
        } catch (FetchException e) {
          // through the breaker as the failure it is; unwrapped again below
          throw new OutsideServiceException(service, kind(e), e.problem(), null, e);
        }
      });
    } catch (OutsideServiceException e) {
      if (e.getCause() instanceof FetchException failure) {
        throw failure;
      }
      if (e.kind() == Kind.CIRCUIT_OPEN) {
        throw new CircuitOpenFetchException(address, e);
      }
      throw e;
    }
  }

  private static Kind kind(FetchException e) {
    if (!e.isTransient()) {
      return Kind.FATAL;
    }
    return e.reason().equals("HTTP 429") ? Kind.RATE_LIMITED : Kind.TRANSIENT;
  }

  private Reply read(URI uri, String address, Set<String> acceptedTypes, Map<String, String> headers)
      throws FetchException {
    HttpRequest request;
    try {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(uri)
              .GET()
              .timeout(properties.readTimeout())
              .header("User-Agent", properties.userAgent())
              .header("Accept", accept(acceptedTypes));
      headers.forEach(builder::header);
      request = builder.build();
    } catch (IllegalArgumentException e) {
      throw new PermanentFetchException(address, "malformed URL", e);
    }

    long maxBytes = properties.maxResponseBytes().toBytes();
    CompletableFuture<HttpResponse<Outcome>> future =
        client.sendAsync(request, handler(acceptedTypes, maxBytes));
    HttpResponse<Outcome> response;
    try {
      Duration deadline = properties.connectTimeout().plus(properties.readTimeout());
      response = future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new TransientFetchException(address, "timed out", e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new TransientFetchException(address, "interrupted", e);
    } catch (ExecutionException e) {
      throw classify(address, e.getCause() == null ? e : e.getCause(), maxBytes);
    }
    return toReply(address, response, maxBytes);
  }

  private static void checkSyntax(URI uri, String address) throws PermanentFetchException {
    if (uri == null
        || !uri.isAbsolute()
        || uri.getHost() == null
        || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
      throw new PermanentFetchException(address, "malformed URL");
    }
  }

  private static String accept(Set<String> acceptedTypes) {
    if (acceptedTypes == null || acceptedTypes.isEmpty()) {
      return "*/*";
    }
    return String.join(", ", acceptedTypes.stream().sorted().toList());
  }

  private Reply toReply(String address, HttpResponse<Outcome> response, long maxBytes) throws FetchException {
    int status = response.statusCode();
    Outcome outcome = response.body();
    if (status == 429 || status == 408 || status >= 500) {
      throw new TransientFetchException(address, "HTTP " + status, retryAfter(response.headers()), null);
    }
    if (isRedirect(status)) {
      Optional<String> location = response.headers().firstValue("Location").map(String::strip);
      if (location.isEmpty() || location.get().isEmpty()) {
        throw new PermanentFetchException(address, "HTTP " + status + " without a Location", status, null);
      }
      try {
        return new Reply(response.uri(), status, response.headers(), null, null,
            response.uri().resolve(new URI(location.get())));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new PermanentFetchException(address, "redirect to a malformed URL: " + location.get(), e);
      }
    }
    if (status < 200 || status >= 300) {
      throw new PermanentFetchException(address, "HTTP " + status, status, null);
    }
    if (outcome.problem() != null) {
      throw new PermanentFetchException(address, outcome.problem());
    }
    if (outcome.body() == null) {
      throw new PermanentFetchException(address, "larger than " + maxBytes + " bytes");
    }
    String header = response.headers().firstValue("Content-Type").orElse("");
    if (BodyDecoder.looksBinary(outcome.body(), header)) {
      throw new PermanentFetchException(address, "binary content labelled "
          + (outcome.mediaType().isEmpty() ? "with no content type" : outcome.mediaType()));
    }
    return new Reply(response.uri(), status, response.headers(), outcome.mediaType(), outcome.body(), null);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static BodyHandler<Outcome> handler(Set<String> acceptedTypes, long maxBytes) {
    return info -> {
      int status = info.statusCode();
      if (status < 200 || status >= 300) {
        return BodySubscribers.replacing(Outcome.failed(null));
      }
      Optional<String> header = info.headers().firstValue("Content-Type");
      String mediaType = header.map(WebFetcher::mediaType).orElse("");
      if (acceptedTypes != null && !acceptedTypes.isEmpty() && !acceptedTypes.contains(mediaType)) {
        return BodySubscribers.replacing(
            Outcome.failed(mediaType.isEmpty() ? "no content type" : "unexpected content type " + mediaType));
      }
      long declaredLength = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declaredLength > maxBytes) {
        return BodySubscribers.replacing(Outcome.failed("larger than " + maxBytes + " bytes"));
      }
      return BodySubscribers.mapping(new CappedBodySubscriber(maxBytes), bytes -> Outcome.read(mediaType, bytes));
    };
  }

  private static FetchException classify(String address, Throwable failure, long maxBytes) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TooLargeException) {
        return new PermanentFetchException(address, "larger than " + maxBytes + " bytes", failure);
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return new TransientFetchException(address, "connect timed out", failure);
      }
      if (t instanceof HttpTimeoutException) {
        return new TransientFetchException(address, "timed out", failure);
      }
      if (t instanceof UnresolvedAddressException) {
        return new TransientFetchException(address, "host not found", failure);
      }
      if (t instanceof ConnectException) {
        Throwable cause = t.getCause();
        if (cause instanceof UnresolvedAddressException) {
          return new TransientFetchException(address, "host not found", failure);
        }
        return new TransientFetchException(address, "connection refused", failure);
      }
      if (t instanceof SSLHandshakeException) {
        return new PermanentFetchException(address, "TLS handshake failed", failure);
      }
      if (t instanceof IllegalArgumentException) {
        return new PermanentFetchException(address, "malformed URL", failure);
      }
    }
    String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("reset")) {
      return new TransientFetchException(address, "connection reset", failure);
    }
    if (failure instanceof IOException) {
      return new TransientFetchException(address, "I/O error: " + failure.getMessage(), failure);
    }
    return new TransientFetchException(address, "failed: " + failure, failure);
  }

  /** "text/html; charset=utf-8" becomes "text/html". */
  static String mediaType(String contentTypeHeader) {
    int semicolon = contentTypeHeader.indexOf(';');
    String type = semicolon < 0 ? contentTypeHeader : contentTypeHeader.substring(0, semicolon);
    return type.strip().toLowerCase(Locale.ROOT);
  }

  /** Seconds or an HTTP date; absent or unreadable gives null. */
  private Duration retryAfter(HttpHeaders headers) {
    Optional<String> value = headers.firstValue("Retry-After").map(String::strip);
    if (value.isEmpty() || value.get().isEmpty()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.get())));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant until = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), until);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  /** What the body handler made of a response: the bytes read, or why the body was not read. */
  private record Outcome(String mediaType, byte[] body, String problem) {
    static Outcome failed(String problem) {
      return new Outcome(null, null, problem);
    }

    static Outcome read(String mediaType, byte[] body) {
      return new Outcome(mediaType, body, null);
    }
  }

  private static final class TooLargeException extends IOException {
    TooLargeException(long maxBytes) {
      super("larger than " + maxBytes + " bytes");
    }
  }

  /** Collects the body, cancelling the stream as soon as it grows past the cap. */
  private static final class CappedBodySubscriber implements BodySubscriber<byte[]> {
    private final long maxBytes;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final List<ByteBuffer> received = new ArrayList<>();
    private long size;
    private Flow.Subscription subscription;

    CappedBodySubscriber(long maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer buffer : buffers) {
        size += buffer.remaining();
        if (size > maxBytes) {
          received.clear();
          subscription.cancel();
          result.completeExceptionally(new TooLargeException(maxBytes));
          return;
        }
        ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
        copy.put(buffer).flip();
        received.add(copy);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      byte[] bytes = new byte[(int) size];
      int position = 0;
      for (ByteBuffer buffer : received) {
        int length = buffer.remaining();
        buffer.get(bytes, position, length);
        position += length;
      }
      received.clear();
      result.complete(bytes);
    }
  }
}
