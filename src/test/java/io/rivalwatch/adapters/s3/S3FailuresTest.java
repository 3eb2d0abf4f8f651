package io.rivalwatch.adapters.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.fakes.S3MockServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * How S3's refusals and outages reach the engine: the real SDK against a stand-in that answers what S3 answers in
 * bad times. Each failure is classified once, without retries in the SDK (the engine owns retries).
 */
class S3FailuresTest {

  private static final ArtefactKey KEY = ArtefactKey.of("run-f", "analysis", "acme", "sentiment.json");

  private HttpServer s3;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int status;
  private volatile String body;
  private volatile Map<String, String> headers = Map.of();
  private S3Properties properties;
  private S3Client client;
  private S3Presigner presigner;
  private S3ArtefactStore store;

  @BeforeAll
  static void credentials() {
    S3MockServer.useTestCredentials();
  }

  @BeforeEach
  void start() throws IOException {
    s3 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s3.createContext("/", this::answer);
    s3.start();
    properties = S3Properties.forBucket("rw-bucket")
        .withEndpoint(URI.create("http://127.0.0.1:" + s3.getAddress().getPort()), true);
    client = S3Adapter.client(properties);
    presigner = S3Adapter.presigner(properties);
    store = new S3ArtefactStore(client, presigner, properties);
  }

  @AfterEach
  void stop() {
    client.close();
    presigner.close();
    s3.stop(0);
  }

  @Test
  void slowDownIsRateLimitedAndNotRetriedByTheSdk() {
    answer(503, "SlowDown", "Please reduce your request rate.");

    OutsideServiceException e = failure(() -> store.overwrite(KEY, bytes("x"), "application/json"));

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.service()).isEqualTo("s3");
    assertThat(e.getMessage()).contains("PutObject s3://rw-bucket/rivalwatch/run-f/analysis/acme/sentiment.json",
        "HTTP 503 SlowDown");
    assertThat(requests).hasValue(1);
  }

  @Test
  void tooManyRequestsCarriesTheWaitS3AskedFor() {
    answer(429, "TooManyRequests", "Slow down");
    headers = Map.of("Retry-After", "7");

    OutsideServiceException e = failure(() -> store.read(KEY));

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void serverErrorsMayPassAndAreTriedOnce() {
    answer(500, "InternalError", "We encountered an internal error. Please try again.");

    OutsideServiceException e = failure(() -> store.read(KEY));

    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(requests).hasValue(1);

    answer(503, null, null);
    assertThat(failure(() -> store.exists(KEY)).kind()).isEqualTo(Kind.TRANSIENT);
    answer(400, "RequestTimeout", "Your socket connection to the server was not read from or written to");
    assertThat(failure(() -> store.overwrite(KEY, bytes("x"), "text/plain")).kind()).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void anUnreachableEndpointMayPass() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    S3Properties unreachable = properties.withEndpoint(URI.create("http://127.0.0.1:" + closedPort), true);
    try (S3Client c = S3Adapter.client(unreachable)) {
      var s = new S3ArtefactStore(c, presigner, unreachable);

      OutsideServiceException e = failure(() -> s.read(KEY));

      assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
      assertThat(e.getMessage()).contains("cannot reach http://127.0.0.1:" + closedPort);
    }
  }

  @Test
  void aConditionalWriteConflictMeansAnotherWriterHasIt() {
    answer(409, "ConditionalRequestConflict", "A conflicting conditional operation is currently in progress");
    assertThat(store.createIfAbsent(KEY, bytes("x"), "application/json")).isFalse();

    answer(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
    assertThat(store.createIfAbsent(KEY, bytes("x"), "application/json")).isFalse();
    assertThat(requests).hasValue(2);
  }

  @Test
  void accessDeniedIsFatalAndSaysWhichPermission() {
    answer(403, "AccessDenied", "Access Denied");

    OutsideServiceException read = failure(() -> store.read(KEY));
    OutsideServiceException write = failure(() -> store.createIfAbsent(KEY, bytes("x"), "application/json"));
    OutsideServiceException list = failure(() -> store.list("run-f"));

    assertThat(read.kind()).isEqualTo(Kind.FATAL);
    assertThat(read.getMessage()).contains("access denied (HTTP 403 AccessDenied: Access Denied)",
        "s3:GetObject on arn:aws:s3:::rw-bucket/rivalwatch/*", "s3:ListBucket on arn:aws:s3:::rw-bucket");
    assertThat(write.getMessage())
        .contains("s3:PutObject and s3:PutObjectTagging on arn:aws:s3:::rw-bucket/rivalwatch/*");
    assertThat(list.getMessage()).contains("ListObjectsV2", "s3:ListBucket on arn:aws:s3:::rw-bucket");
    assertThat(list.kind()).isEqualTo(Kind.FATAL);
  }

  @Test
  void aMissingBucketIsFatalAndNamesTheSetting() {
    answer(404, "NoSuchBucket", "The specified bucket does not exist");

    OutsideServiceException e = failure(() -> store.read(KEY));

    assertThat(e.kind()).isEqualTo(Kind.FATAL);
    assertThat(e.getMessage()).contains(
        "bucket 'rw-bucket' does not exist (HTTP 404 NoSuchBucket: The specified bucket does not exist). "
            + "Fix: create it or set rivalwatch.s3.bucket to an existing bucket");
  }

  @Test
  void aBadRequestIsFatal() {
    answer(400, "InvalidArgument", "Invalid tag value");

    OutsideServiceException e = failure(() -> store.overwrite(KEY, bytes("x"), "application/json"));

    assertThat(e.kind()).isEqualTo(Kind.FATAL);
    assertThat(e.getMessage()).contains("HTTP 400 InvalidArgument: Invalid tag value", "rivalwatch.s3.");
  }

  @Test
  void theWrongRegionIsFatalAndNamesTheRightOne() {
    answer(301, "PermanentRedirect", "The bucket you are attempting to access must be addressed using the "
        + "specified endpoint.");
    headers = Map.of("x-amz-bucket-region", "eu-west-1");

    OutsideServiceException e = failure(() -> store.read(KEY));

    assertThat(e.kind()).isEqualTo(Kind.FATAL);
    assertThat(e.getMessage()).contains("Fix: set rivalwatch.s3.region=eu-west-1");
  }

  @Test
  void missingCredentialsAreFatal() {
    var failures = new S3Failures(properties);

    OutsideServiceException e = failures.classify(SdkClientException.create(
        "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain"), "GetObject",
        "rivalwatch/x");

    assertThat(e.kind()).isEqualTo(Kind.FATAL);
    assertThat(e.getMessage()).contains("no usable AWS credentials", "AWS_ACCESS_KEY_ID");
  }

  @Test
  void theStartUpCheckNamesWhatToFix() {
    answer(403, null, null);
    assertThatThrownBy(() -> S3Adapter.verifyBucket(client, properties))
        .isInstanceOf(S3ConfigurationException.class)
        .hasMessageStartingWith("rivalwatch.s3.bucket: access to bucket 'rw-bucket' in us-east-1 at "
            + properties.endpoint() + " denied (HTTP 403). Fix: allow the role or user the AWS SDK's default "
            + "credentials chain finds s3:ListBucket on arn:aws:s3:::rw-bucket");

    answer(301, null, null);
    headers = Map.of("x-amz-bucket-region", "eu-central-1");
    assertThatThrownBy(() -> S3Adapter.verifyBucket(client, properties))
        .hasMessage("rivalwatch.s3.region: bucket 'rw-bucket' is in eu-central-1, not us-east-1 (HTTP 301). "
            + "Fix: set rivalwatch.s3.region=eu-central-1");

    s3.stop(0);
    assertThatThrownBy(() -> S3Adapter.verifyBucket(client, properties))
        .hasMessageStartingWith("rivalwatch.s3.endpoint: cannot reach us-east-1 at " + properties.endpoint()
            + " to check bucket 'rw-bucket'");
  }

  private void answer(int status, String code, String message) {
    this.status = status;
    this.body = code == null ? null
        : "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
            + "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>";
    this.headers = Map.of();
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    exchange.getRequestBody().readAllBytes();
    headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.getResponseHeaders().add("x-amz-request-id", "4442587FB7D0A2F9");
    if (body == null || "HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(status, -1);
    } else {
      byte[] xml = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/xml");
      exchange.sendResponseHeaders(status, xml.length);
      exchange.getResponseBody().write(xml);
    }
    exchange.close();
  }

  private static OutsideServiceException failure(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(OutsideServiceException.class);
    return (OutsideServiceException) thrown;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
