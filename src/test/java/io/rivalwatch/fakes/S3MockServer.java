package io.rivalwatch.fakes;

import com.adobe.testing.s3mock.S3MockApplication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.rivalwatch.adapters.s3.S3Properties;
import io.rivalwatch.fakes.chaos.FaultPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.env.EnvironmentPostProcessorApplicationListener;
import org.springframework.boot.env.EnvironmentPostProcessorsFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adobe S3Mock (an S3 server for tests, itself a Spring Boot application) started in this JVM on a free HTTP port,
 * with one bucket. Tests talk to it through the real AWS SDK with path-style addressing.
 *
 * <p>It shares the JVM with rivalwatch's own Spring Boot contexts (process tests) without mixing with them:
 *
 * <ul>
 *   <li>configuration: S3Mock reads only its own {@code application.properties}, from its own jar
 *       ({@code spring.config.location} points into the jar), so rivalwatch's {@code application.yaml}, an
 *       {@code application.*} in the working directory and rivalwatch's test settings never reach it. Its settings
 *       are passed as command-line arguments, which outrank environment variables and system properties.
 *   <li>beans: S3Mock scans only its own package; of the auto-configurations and environment post-processors on the
 *       test class path it gets Spring Boot's own and nothing else (the Camunda client's, and any other library's,
 *       are left out).
 *   <li>logging: Spring Boot re-initialises Logback for every application it starts and cleans it up when the
 *       application closes; S3Mock starts without that listener, so it neither resets rivalwatch's log levels nor
 *       tears down logging when it stops.
 *   <li>ports: HTTPS off; the HTTP port is chosen by the OS when Tomcat binds (no race for a "free" port). JMX off.
 * </ul>
 *
 * <p>Start S3Mock through this class, not with {@code S3MockApplication.start(...)}: rivalwatch's
 * {@code src/test/resources/application.properties} shadows the one in S3Mock's jar on the class path (so that
 * S3Mock's settings stay out of rivalwatch's contexts), and S3Mock does not start without its own file
 * ("Could not resolve placeholder 'com.adobe.testing.s3mock.region'").
 *
 * <p>One repair: S3Mock checks {@code If-None-Match: *} and then writes, without a lock, so two concurrent conditional
 * writes of one key can both succeed (seen with 8 threads). Real S3 lets exactly one win and answers the others 412
 * (or 409 ConditionalRequestConflict). {@link SerialConditionalWrites} serialises conditional PUTs per object so the
 * fake keeps that promise; everything else S3Mock does is untouched.
 *
 * <p>Chaos: {@link #faults(FaultPlan)} installs a seeded plan that may answer any request, of any operation, with
 * S3's own transient errors ({@code <Error><Code>SlowDown</Code>...} 503, {@code InternalError} 500; XML body, no
 * body for HEAD) before S3Mock sees it, so a faulted request changes nothing. {@link FaultInjection}, a servlet filter
 * ahead of every other, does it. A plan can only be installed once {@link #start} has returned, so S3Mock's own
 * start-up (creating the bucket) is never faulted. Without a plan (the default) the filter passes every request on.
 *
 * <p>The AWS SDK finds credentials only through its default chain: {@link #start} sets dummy ones as the system
 * properties {@code aws.accessKeyId} / {@code aws.secretAccessKey}, which come first in that chain, so tests never
 * sign with a developer's real credentials. S3Mock does not check signatures.
 */
public final class S3MockServer implements AutoCloseable {

  public static final String REGION = "us-east-1";
  public static final String DEFAULT_BUCKET = "rivalwatch-test";
  /** A KMS key S3Mock knows; put objects with its bare id ({@link #KMS_KEY_ID}), as S3Mock accepts no ARN. */
  public static final String KMS_KEY_ID = "8f7c1d2e-rivalwatch-test-key";
  public static final String KMS_KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/" + KMS_KEY_ID;
  public static final String TEST_ACCESS_KEY_ID = "rivalwatch-test-access-key";

  private final ConfigurableApplicationContext context;
  private final URI endpoint;
  private final String bucket;
  private final Path root;
  private final FaultInjection faultInjection;

  private S3MockServer(ConfigurableApplicationContext context, URI endpoint, String bucket, Path root,
      FaultInjection faultInjection) {
    this.context = context;
    this.endpoint = endpoint;
    this.bucket = bucket;
    this.root = root;
    this.faultInjection = faultInjection;
  }

  public static S3MockServer start() {
    return start(DEFAULT_BUCKET);
  }

  /** Starts S3Mock with the given bucket (and a registered KMS key); takes about a second. */
  public static S3MockServer start(String bucket) {
    useTestCredentials();
    Path root = temporaryDirectory();
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("com.adobe.testing.s3mock.store.root", root.toString());
    defaults.put("com.adobe.testing.s3mock.store.initial-buckets", bucket);
    defaults.put("com.adobe.testing.s3mock.store.valid-kms-keys", KMS_KEY_ARN);
    defaults.put("com.adobe.testing.s3mock.store.retain-files-on-exit", false);
    List<String> args = List.of(
        "--spring.config.location=" + s3MockOwnConfiguration(),
        "--spring.autoconfigure.exclude=" + String.join(",", foreignAutoConfigurations()),
        "--spring.application.name=s3mock",
        "--spring.jmx.enabled=false",
        "--server.port=0",
        "--server.ssl.enabled=false",
        "--server.address=127.0.0.1",
        // S3Mock always adds a second, plain HTTP connector; let the OS pick its port too
        "--com.adobe.testing.s3mock.http-port=0");

    SpringApplication application = new SpringApplicationBuilder(S3MockApplication.class)
        .web(WebApplicationType.SERVLET)
        .bannerMode(Banner.Mode.OFF)
        .properties(defaults)
        .build();
    application.setMainApplicationClass(S3MockApplication.class);
    application.setListeners(isolatedListeners(application.getListeners()));
    FaultInjection faultInjection = new FaultInjection();
    application.addInitializers(context -> {
      GenericApplicationContext generic = (GenericApplicationContext) context;
      // first the faults, so a faulted request neither waits for nor holds a conditional write's lock
      generic.registerBean("rivalwatchFaultInjection", FilterRegistrationBean.class, () -> {
        var registration = new FilterRegistrationBean<>(faultInjection);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
      });
      generic.registerBean("rivalwatchSerialConditionalWrites", FilterRegistrationBean.class, () -> {
        var registration = new FilterRegistrationBean<>(new SerialConditionalWrites());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
      });
    });
    ConfigurableApplicationContext context = application.run(args.toArray(String[]::new));

    int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
    return new S3MockServer(context, URI.create("http://127.0.0.1:" + port), bucket, root, faultInjection);
  }

  /**
   * The listeners Spring Boot gives every application, less the logging one (it would re-initialise and later clean
   * up the JVM's one Logback), and with environment post-processors limited to Spring Boot's own (other libraries'
   * ones, like the Camunda client's, add their property sources to every application in the JVM).
   */
  private static Set<ApplicationListener<?>> isolatedListeners(Set<ApplicationListener<?>> listeners) {
    EnvironmentPostProcessorsFactory all = EnvironmentPostProcessorsFactory.fromSpringFactories(
        S3MockServer.class.getClassLoader());
    EnvironmentPostProcessorsFactory bootOnly = (logFactory, bootstrapContext) ->
        all.getEnvironmentPostProcessors(logFactory, bootstrapContext).stream()
            .filter(processor -> processor.getClass().getName().startsWith("org.springframework.boot."))
            .toList();
    Set<ApplicationListener<?>> isolated = new LinkedHashSet<>();
    for (ApplicationListener<?> listener : listeners) {
      if (listener instanceof LoggingApplicationListener) {
        continue;
      }
      isolated.add(listener instanceof EnvironmentPostProcessorApplicationListener
          ? EnvironmentPostProcessorApplicationListener.with(bootOnly)
          : listener);
    }
    return isolated;
  }

  /** Dummy credentials for the AWS SDK's default chain (system properties come first in it). */
  public static void useTestCredentials() {
    System.setProperty("aws.accessKeyId", TEST_ACCESS_KEY_ID);
    System.setProperty("aws.secretAccessKey", "rivalwatch-test-secret-key");
  }

  public URI endpoint() {
    return endpoint;
  }

  public String bucket() {
    return bucket;
  }

  public String region() {
    return REGION;
  }

  /** Store settings for this server's bucket, everything else at its default (so encryption sse-s3). */
  public S3Properties s3Properties() {
    return S3Properties.forBucket(bucket).withEndpoint(endpoint, true);
  }

  /** Application properties that make rivalwatch keep its artefacts in this server's bucket. */
  public Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("rivalwatch.artefacts.store", "s3");
    p.put("rivalwatch.s3.endpoint", endpoint.toString());
    p.put("rivalwatch.s3.bucket", bucket);
    p.put("rivalwatch.s3.path-style", true);
    p.put("rivalwatch.s3.region", REGION);
    return p;
  }

  /**
   * Requests may be answered with a transient S3 error the plan draws (service {@link FaultPlan.Service#S3}); null
   * removes the plan. The ledger names the S3 operation (PutObject, GetObject, HeadObject, ListObjectsV2...); the
   * request key, for the plan's consecutive cap, is the method, path and query.
   */
  public S3MockServer faults(FaultPlan plan) {
    faultInjection.plan = plan;
    return this;
  }

  /** The installed fault plan, or null. */
  public FaultPlan faults() {
    return faultInjection.plan;
  }

  /**
   * The next {@code times} requests of this S3 operation (e.g. "PutObject") whose object key matches the pattern are
   * answered with the fault before S3Mock sees them, with or without a plan (a plan's ledger records them as forced).
   * For one chosen request, such as the write of a ledger entry right after a message went out.
   */
  public S3MockServer failNext(String operation, String keyPattern, int times, io.rivalwatch.fakes.chaos.FaultKind kind) {
    for (int i = 0; i < times; i++) {
      faultInjection.forced.add(new ForcedFault(operation, java.util.regex.Pattern.compile(keyPattern), kind));
    }
    return this;
  }

  /** How many forced faults have not met their request yet. */
  public int forcedFaultsPending() {
    return faultInjection.forced.size();
  }

  /** Forced faults not used yet are dropped. */
  public void clearForcedFaults() {
    faultInjection.forced.clear();
  }

  private record ForcedFault(String operation, java.util.regex.Pattern key, io.rivalwatch.fakes.chaos.FaultKind kind) {}

  /** S3Mock's own application context, for tests that check what it contains. */
  ConfigurableApplicationContext context() {
    return context;
  }

  public void stop() {
    if (context.isActive()) {
      context.close();
    }
    deleteQuietly(root);
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Makes S3Mock's conditional writes atomic, as S3's are: a PUT with {@code If-None-Match} holds a lock for its object
   * (striped by path) while S3Mock checks and writes.
   */
  static final class SerialConditionalWrites extends OncePerRequestFilter {

    private final ReentrantLock[] locks = new ReentrantLock[64];

    SerialConditionalWrites() {
      for (int i = 0; i < locks.length; i++) {
        locks[i] = new ReentrantLock();
      }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (!"PUT".equals(request.getMethod()) || request.getHeader("If-None-Match") == null) {
        chain.doFilter(request, response);
        return;
      }
      String object = request.getHeader("Host") + request.getRequestURI();
      ReentrantLock lock = locks[Math.floorMod(object.hashCode(), locks.length)];
      lock.lock();
      try {
        chain.doFilter(request, response);
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Answers a request with the fault its {@link FaultPlan} draws, as S3 words it, instead of passing it on to
   * S3Mock; passes everything on while no plan is installed.
   */
  static final class FaultInjection extends OncePerRequestFilter {

    volatile FaultPlan plan;
    final java.util.concurrent.ConcurrentLinkedQueue<ForcedFault> forced =
        new java.util.concurrent.ConcurrentLinkedQueue<>();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      FaultPlan current = plan;
      String query = request.getQueryString();
      String key = request.getMethod() + " " + request.getRequestURI() + (query == null ? "" : "?" + query);
      String operation = operation(request);
      ForcedFault chosen = forced.stream()
          .filter(f -> f.operation().equals(operation) && f.key().matcher(request.getRequestURI()).find())
          .findFirst().filter(forced::remove).orElse(null);
      java.util.Optional<FaultPlan.Injection> injection;
      if (chosen != null) {
        injection = java.util.Optional.of(current != null ? current.record(FaultPlan.Service.S3, operation, key,
            chosen.kind()) : new FaultPlan.Injection(0, FaultPlan.Service.S3, operation, key, chosen.kind(), null,
            true, java.time.Instant.now()));
      } else if (current == null) {
        chain.doFilter(request, response);
        return;
      } else {
        injection = current.draw(FaultPlan.Service.S3, operation, key);
      }
      if (injection.isEmpty()) {
        chain.doFilter(request, response);
        return;
      }
      var kind = injection.get().kind();
      if (kind == io.rivalwatch.fakes.chaos.FaultKind.CONNECTION_RESET) {
        closeWithoutAnswer(response);
        return;
      }
      String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
      response.setStatus(kind.status());
      response.setHeader("x-amz-request-id", requestId);
      response.setHeader("x-amz-id-2", "rivalwatch-fault-plan");
      if (injection.get().retryAfter() != null) {
        response.setHeader("Retry-After", String.valueOf(injection.get().retryAfter().toSeconds()));
      }
      if ("HEAD".equals(request.getMethod())) {
        response.setContentLength(0); // S3 answers HEAD without a body, errors included
        return;
      }
      byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + kind.errorType()
          + "</Code><Message>" + kind.message() + "</Message><Resource>" + xml(request.getRequestURI())
          + "</Resource><RequestId>" + requestId + "</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
      response.setContentType("application/xml");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }

    /**
     * Closes the connection at once, nothing sent: Tomcat's own way out of a request it cannot answer (the action
     * its connector takes on a broken response), reached through the response facade. The client sees the
     * connection end without an answer, as after a reset.
     */
    private static void closeWithoutAnswer(HttpServletResponse response) throws IOException {
      try {
        jakarta.servlet.ServletResponse unwrapped = response;
        while (unwrapped instanceof jakarta.servlet.ServletResponseWrapper wrapper) {
          unwrapped = wrapper.getResponse();
        }
        java.lang.reflect.Field field = org.apache.catalina.connector.ResponseFacade.class.getDeclaredField("response");
        field.setAccessible(true);
        var connectorResponse = (org.apache.catalina.connector.Response) field.get(unwrapped);
        connectorResponse.getCoyoteResponse().action(org.apache.coyote.ActionCode.CLOSE_NOW, null);
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new IOException("cannot reset the connection on this server: " + e, e);
      }
    }

    /** The S3 operation a path-style request asks for, as IAM and CloudTrail name it. */
    static String operation(HttpServletRequest request) {
      String path = request.getRequestURI();
      String rest = path.startsWith("/") ? path.substring(1) : path;
      int slash = rest.indexOf('/');
      boolean object = slash >= 0 && slash < rest.length() - 1;
      String query = request.getQueryString() == null ? "" : "&" + request.getQueryString() + "&";
      boolean tagging = query.contains("&tagging");
      boolean upload = query.contains("&uploadId=");
      return switch (request.getMethod()) {
        case "GET" -> object ? (tagging ? "GetObjectTagging" : "GetObject")
            : query.contains("&list-type=2") ? "ListObjectsV2" : query.contains("&location") ? "GetBucketLocation"
            : rest.isEmpty() ? "ListBuckets" : "ListObjects";
        case "HEAD" -> object ? "HeadObject" : "HeadBucket";
        case "PUT" -> !object ? "CreateBucket" : tagging ? "PutObjectTagging" : upload ? "UploadPart"
            : request.getHeader("x-amz-copy-source") != null ? "CopyObject" : "PutObject";
        case "POST" -> query.contains("&uploads") ? "CreateMultipartUpload" : upload ? "CompleteMultipartUpload"
            : query.contains("&delete") ? "DeleteObjects" : "Post";
        case "DELETE" -> !object ? "DeleteBucket" : upload ? "AbortMultipartUpload" : "DeleteObject";
        default -> request.getMethod();
      };
    }

    private static String xml(String text) {
      return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
  }

  /** S3Mock's application.properties, addressed inside its jar so no other application.* file can stand in. */
  private static String s3MockOwnConfiguration() {
    try {
      URI codeSource = S3MockApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI();
      String location = codeSource.toString();
      return location.endsWith(".jar") ? "jar:" + location + "!/application.properties"
          : location + (location.endsWith("/") ? "" : "/") + "application.properties";
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate S3Mock's jar", e);
    }
  }

  /** Every auto-configuration on the class path that is not Spring Boot's own (Camunda's, for one). */
  private static List<String> foreignAutoConfigurations() {
    return ImportCandidates.load(AutoConfiguration.class, S3MockServer.class.getClassLoader()).getCandidates()
        .stream()
        .filter(name -> !name.startsWith("org.springframework.boot.")
            // rivalwatch's Spring Security on the class path would lock S3Mock too (S3Mock itself ships without it)
            || name.startsWith("org.springframework.boot.autoconfigure.security.")
            || name.startsWith("org.springframework.boot.actuate.autoconfigure.security."))
        .toList();
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("s3mock-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (var paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException ignored) {
          // a temporary directory; the OS cleans up what is left
        }
      });
    } catch (IOException ignored) {
      // as above
    }
  }
}
