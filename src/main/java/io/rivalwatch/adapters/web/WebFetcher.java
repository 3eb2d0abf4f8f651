package io.rivalwatch.adapters.web;

import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.research.ResearchProperties;
import io.rivalwatch.resilience.OutsideServices;
import java.io.IOException;
import java.net.ConnectException;
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
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads public web resources for research: one shared HTTP client, a User-Agent that names the product and a
 * contact, timeouts, redirects, a size cap, a content-type check, and character-set detection. Every failure is
 * classified as {@link TransientFetchException} (may pass) or {@link PermanentFetchException} (will not). Each host
 * has a circuit breaker ({@link OutsideServices}, "web:&lt;host&gt;"): while it is open, fetches from the host fail
 * at once with {@link CircuitOpenFetchException}.
 */
@Component
public class WebFetcher implements AutoCloseable {

  /** HTML pages. */
  public static final Set<String> HTML = Set.of("text/html", "application/xhtml+xml");

  /** RSS and Atom feeds, which servers label in several ways. */
  public static final Set<String> FEEDS =
      Set.of("application/rss+xml", "application/atom+xml", "application/xml", "text/xml");

  /** JSON APIs. */
  public static final Set<String> JSON = Set.of("application/json");

  private static final Pattern CHARSET_PARAM =
      Pattern.compile("(?i)charset\\s*=\\s*[\"']?([A-Za-z0-9._:+-]+)");
  private static final Pattern XML_DECLARATION_ENCODING =
      Pattern.compile("^\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:+-]+)[\"']");
  private static final Pattern META_CHARSET =
      Pattern.compile("(?i)<meta\\b[^>]*?charset\\s*=\\s*[\"']?([A-Za-z0-9._:+-]+)");
  private static final int SNIFF_BYTES = 4096;

  private final ResearchProperties properties;
  private final OutsideServices services;
  private final Clock clock;
  private final HttpClient client;

  @Autowired
  public WebFetcher(ResearchProperties properties, OutsideServices services) {
    this(properties, services, Clock.systemUTC());
  }

  /** A fetcher with breakers of its own, at the default settings (for tools and tests that use it alone). */
  public WebFetcher(ResearchProperties properties) {
    this(properties, Clock.systemUTC());
  }

  /** A fetcher with breakers of its own, at the default settings (for tools and tests that use it alone). */
  public WebFetcher(ResearchProperties properties, Clock clock) {
    this(properties, OutsideServices.standalone(), clock);
  }

  public WebFetcher(ResearchProperties properties, OutsideServices services, Clock clock) {
    this.properties = properties;
    this.services = services;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(properties.connectTimeout())
            .build();
  }

  /** Reads {@code address}, which must be an absolute http(s) URL, accepting only the given media types. */
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
   * Reads {@code uri}, accepting only the given media types (an empty set accepts any), through the breaker of
   * its host ("web:&lt;host&gt;"): transient failures count against the host, permanent ones do not.
   *
   * @throws TransientFetchException on timeouts, refused or reset connections, HTTP 408, 429 and 5xx
   * @throws PermanentFetchException on other HTTP errors, a media type not accepted, a body larger than allowed,
   *     or a malformed address
   * @throws CircuitOpenFetchException without sending anything, while the host's breaker is open
   */
  public FetchedPage fetch(URI uri, Set<String> acceptedTypes) throws FetchException {
    return fetch(uri, acceptedTypes, Map.of());
  }

  /**
   * As {@link #fetch(URI, Set)}, with extra request headers (an API's Authorization). Header values never appear
   * in failures or logs: only the address does.
   */
  public FetchedPage fetch(URI uri, Set<String> acceptedTypes, Map<String, String> headers) throws FetchException {
    String address = FetchException.describe(uri);
    checkAddress(uri, address);
    String service = service(uri);
    try {
      return services.call(service, () -> {
        try {
          return read(uri, address, acceptedTypes, headers);
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

  /** The breaker a fetch of this address goes through: "web:" and the host in lower case. */
  public static String service(URI uri) {
    return "web:" + uri.getHost().toLowerCase(Locale.ROOT);
  }

  private static Kind kind(FetchException e) {
    if (!e.isTransient()) {
      return Kind.FATAL;
    }
    return e.reason().equals("HTTP 429") ? Kind.RATE_LIMITED : Kind.TRANSIENT;
  }

  private FetchedPage read(URI uri, String address, Set<String> acceptedTypes, Map<String, String> headers)
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
    return toPage(address, response, maxBytes);
  }

  @Override
  public void close() {
    client.close();
  }

  private static void checkAddress(URI uri, String address) throws PermanentFetchException {
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

  private FetchedPage toPage(String address, HttpResponse<Outcome> response, long maxBytes) throws FetchException {
    int status = response.statusCode();
    Outcome outcome = response.body();
    if (status == 429 || status == 408 || status >= 500) {
      throw new TransientFetchException(address, "HTTP " + status, retryAfter(response.headers()), null);
    }
    if (status < 200 || status >= 300) {
      throw new PermanentFetchException(address, "HTTP " + status);
    }
    if (outcome.problem() != null) {
      throw new PermanentFetchException(address, outcome.problem());
    }
    if (outcome.body() == null) {
      throw new PermanentFetchException(address, "larger than " + maxBytes + " bytes");
    }
    String header = response.headers().firstValue("Content-Type").orElse("");
    String body = decode(outcome.body(), header);
    return new FetchedPage(response.uri(), status, outcome.mediaType(), body, clock.instant());
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

  /**
   * Decodes with the character set named in the Content-Type header, else a byte-order mark, else the document's
   * XML declaration or HTML meta charset, else UTF-8.
   */
  static String decode(byte[] bytes, String contentTypeHeader) {
    int offset = 0;
    Charset charset = charsetNamed(contentTypeHeader == null ? null : matchGroup(CHARSET_PARAM, contentTypeHeader));
    if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
      charset = charset == null ? StandardCharsets.UTF_8 : charset;
      offset = charset.equals(StandardCharsets.UTF_8) ? 3 : 0;
    } else if (charset == null && bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
      charset = StandardCharsets.UTF_16BE;
      offset = 2;
    } else if (charset == null && bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
      charset = StandardCharsets.UTF_16LE;
      offset = 2;
    }
    if (charset == null) {
      String head = new String(bytes, 0, Math.min(bytes.length, SNIFF_BYTES), StandardCharsets.ISO_8859_1);
      charset = charsetNamed(matchGroup(XML_DECLARATION_ENCODING, head));
      if (charset == null) {
        charset = charsetNamed(matchGroup(META_CHARSET, head));
      }
    }
    if (charset == null) {
      charset = StandardCharsets.UTF_8;
    }
    return new String(bytes, offset, bytes.length - offset, charset);
  }

  private static String matchGroup(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? matcher.group(1) : null;
  }

  private static Charset charsetNamed(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    try {
      return Charset.isSupported(name) ? Charset.forName(name) : null;
    } catch (IllegalArgumentException e) {
      return null;
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
