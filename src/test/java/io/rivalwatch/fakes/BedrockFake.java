package io.rivalwatch.fakes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.rivalwatch.fakes.chaos.FaultPlan;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * A fake Amazon Bedrock on a local port, for tests and the local run: the runtime's Converse
 * ({@code POST /model/{modelId}/converse}) and ConverseStream ({@code POST /model/{modelId}/converse-stream}, a real
 * AWS event stream encoded with {@link Message}, so headers and CRCs are what the SDK checks), and the control
 * plane's {@code GET /foundation-models/{id}} and {@code GET /inference-profiles/{id}}. Model ids arrive
 * percent-encoded (':' as %3A) and are decoded.
 *
 * <p>By default every answer is valid and deterministic, derived from the request by {@link FakeModelAnswers}:
 * the task is recognised from the system prompt ("Task: sentiment analysis", "Task: executive summary"...), the
 * documents and their URLs from the user message, and the usage is about one token per four characters.
 *
 * <p>Faults: {@link #failNext(String, int, Fault)} makes the next calls to one model answer with an error, a
 * malformed or foreign-citing answer, no usage, a delay, a reset connection or a stream that breaks off with a
 * throttling event. {@link #calls()} is the request log.
 *
 * <p>Chaos: {@link #faults(FaultPlan)} installs a seeded plan that may answer any runtime call (Converse,
 * ConverseStream; never the control plane) with a transient error drawn from the plan (429 ThrottlingException with
 * Retry-After 0 or 1 s, 503 ServiceUnavailableException, 500 InternalServerException), recorded in the plan's ledger.
 * A fault queued with {@link #failNext} comes first. Without a plan (the default) nothing is drawn.
 *
 * <p><b>Credentials.</b> The adapter takes credentials only from the SDK's default chain, which the fake never
 * checks. Tests call {@link #useDummyCredentials()} first: it sets the system properties {@code aws.accessKeyId}
 * and {@code aws.secretAccessKey} (the first place the chain looks) to dummy values unless they are set.
 */
public final class BedrockFake implements AutoCloseable {

  public static final String REGION = "us-east-1";
  public static final String NOVA_LITE = "amazon.nova-lite-v1:0";
  public static final String CLAUDE_SONNET = "anthropic.claude-3-5-sonnet-20240620-v1:0";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RUNTIME_PATH = Pattern.compile("^/model/([^/]+)/(converse|converse-stream)$");
  private static final Pattern CONTROL_PATH = Pattern.compile("^/(foundation-models|inference-profiles)/([^/]+)$");
  private static final Pattern TASK = Pattern.compile("Task: (sentiment|strategy|positioning) analysis|Task: (executive summary)");
  private static final int CHUNK = 40;

  private final WireMockServer server;
  private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Served> served = new CopyOnWriteArrayList<>();
  private final Set<String> knownModels = ConcurrentHashMap.newKeySet();
  private final Set<String> profileOnlyModels = ConcurrentHashMap.newKeySet();
  private final Set<String> misquotedTasks = ConcurrentHashMap.newKeySet();
  private final java.util.Queue<java.util.function.Function<List<SummaryFinding>, String>> summaryAnswers =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile FaultPlan plan;
  private volatile Duration hold;
  private final Map<String, java.util.concurrent.atomic.AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.AtomicInteger> mostInFlight = new ConcurrentHashMap<>();

  private BedrockFake() {
    server = new WireMockServer(options().dynamicPort().http2PlainDisabled(true).extensions(new Responder()));
    knownModels.addAll(List.of(NOVA_LITE, CLAUDE_SONNET, "us." + NOVA_LITE, "us." + CLAUDE_SONNET,
        "eu." + CLAUDE_SONNET, "global." + CLAUDE_SONNET));
  }

  /** Starts a fake on a free port. */
  public static BedrockFake start() {
    BedrockFake fake = new BedrockFake();
    fake.server.start();
    fake.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
    return fake;
  }

  /** Dummy credentials for the SDK's default chain, as system properties, unless some are set already. */
  public static void useDummyCredentials() {
    if (System.getProperty("aws.accessKeyId") == null) {
      System.setProperty("aws.accessKeyId", "AKIAFAKEBEDROCKTESTS");
    }
    if (System.getProperty("aws.secretAccessKey") == null) {
      System.setProperty("aws.secretAccessKey", "fake-secret-key-for-the-bedrock-fake");
    }
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  /**
   * The Spring properties that point rivalwatch at this fake: the Bedrock provider, both endpoints and the region.
   */
  public Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("rivalwatch.analysis.provider", "bedrock");
    p.put("rivalwatch.bedrock.region", REGION);
    p.put("rivalwatch.bedrock.endpoint", baseUrl());
    p.put("rivalwatch.bedrock.control-endpoint", baseUrl());
    return p;
  }

  /** The control plane will know this model id (or inference profile id). */
  public BedrockFake knowModel(String modelId) {
    knownModels.add(modelId);
    return this;
  }

  /** The control plane will answer 404 ResourceNotFoundException for this id. */
  public BedrockFake forgetModel(String modelId) {
    knownModels.remove(modelId);
    return this;
  }

  /** The control plane will say this model supports only inference-profile throughput, not on-demand calls. */
  public BedrockFake profileOnly(String modelId) {
    knownModels.add(modelId);
    profileOnlyModels.add(modelId);
    return this;
  }

  /** The next {@code times} runtime calls to the model answer with the fault, then it answers normally again. */
  public BedrockFake failNext(String modelId, int times, Fault fault) {
    Deque<Fault> queue = faults.computeIfAbsent(modelId, k -> new ArrayDeque<>());
    synchronized (queue) {
      for (int i = 0; i < times; i++) {
        queue.addLast(fault);
      }
    }
    return this;
  }

  /**
   * The next {@code times} ConverseStream calls, to any model, answer with the fault (before any queued with
   * {@link #failNext}): for a stream fault where the same model also serves Converse calls.
   */
  public BedrockFake failNextStream(int times, Fault fault) {
    return failNext(STREAMS, times, fault);
  }

  /** The queue of {@link #failNextStream}: no model id has a space. */
  private static final String STREAMS = "any model: stream";

  /**
   * Runtime calls may be answered with a transient error the plan draws (service {@link FaultPlan.Service#BEDROCK});
   * null removes the plan. The request key of a call, for the plan's consecutive cap, is its model, task, competitor
   * and number of messages: what a retry of the same analysis repeats.
   */
  public BedrockFake faults(FaultPlan plan) {
    this.plan = plan;
    return this;
  }

  /** The installed fault plan, or null. */
  public FaultPlan faults() {
    return plan;
  }

  /**
   * Each runtime call takes at least this long to answer (null: as fast as it can), so that calls overlap and
   * {@link #mostCallsInFlight()} sees how many a caller lets run at once.
   */
  public BedrockFake holdEachCall(Duration duration) {
    this.hold = duration;
    return this;
  }

  /** Per model, the most runtime calls to it that were being answered at the same moment since the last reset. */
  public Map<String, Integer> mostCallsInFlight() {
    Map<String, Integer> most = new java.util.TreeMap<>();
    mostInFlight.forEach((model, count) -> most.put(model, count.get()));
    return most;
  }

  /** Every request seen, in order. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /**
   * What the fake served for each runtime call it answered with 200, in order: the usage it reported, or for an
   * answer it cut off (no usage sent) the characters of the prompt and of the answer text it sent in whole events.
   *
   * @param inputTokens the reported input tokens, or null when no usage was sent
   * @param promptCharacters the system prompt's and every message's characters
   * @param answerCharacters the answer text's characters in complete events (Converse: the whole text, even when
   *     the body is truncated)
   * @param answer the whole answer the fake meant to send
   */
  public record Served(String operation, String modelId, String task, Long inputTokens, Long outputTokens,
      long promptCharacters, long answerCharacters, boolean complete, String answer) {}

  /** Every runtime call answered with 200, in order. */
  public List<Served> served() {
    return List.copyOf(served);
  }

  /**
   * The next answer to this analysis task (any model) has three findings citing the same documents: the usual one,
   * whose evidence is a sentence of the document; {@link #PARAPHRASED_STATEMENT} with that sentence paraphrased beyond
   * recognition; and {@link #INVENTED_STATEMENT} with a quote that no document contains.
   */
  public BedrockFake misquoteNext(String task) {
    misquotedTasks.add(task);
    return this;
  }

  /**
   * A finding as the executive summary's prompt carries it.
   *
   * @param competitor the competitor's name
   * @param url the finding's first source
   */
  public record SummaryFinding(String competitor, String url, String statement, String evidence) {}

  /**
   * The next executive summary (any model) is what {@code answer} writes from the findings in the prompt, instead of
   * the usual one: for tests of what the report does with a summary that misquotes, cites nothing or carries markup.
   */
  public BedrockFake summaryNext(java.util.function.Function<List<SummaryFinding>, String> answer) {
    summaryAnswers.add(answer);
    return this;
  }

  public static final String PARAPHRASED_STATEMENT = "The source says much the same in other words.";
  public static final String INVENTED_STATEMENT = "The company plans to buy its largest rival next quarter.";
  public static final String INVENTED_QUOTE = "We will acquire our largest rival before the next quarter ends";

  /** The runtime calls (Converse and ConverseStream) to one model. */
  public List<Call> calls(String modelId) {
    return calls.stream().filter(c -> c.runtime() && modelId.equals(c.modelId())).toList();
  }

  /** The runtime calls of all models. */
  public List<Call> runtimeCalls() {
    return calls.stream().filter(Call::runtime).toList();
  }

  /** Forgets faults and the request log; known models stay, and so does a fault plan ({@code faults(null)}). */
  public void reset() {
    faults.clear();
    misquotedTasks.clear();
    summaryAnswers.clear();
    calls.clear();
    served.clear();
    mostInFlight.clear();
  }

  @Override
  public void close() {
    server.stop();
  }

  /** One logged request. {@code task} is "sentiment", "strategy", "positioning", "summary", or null. */
  public record Call(String operation, String modelId, String task, String body) {

    public boolean runtime() {
      return operation.equals("Converse") || operation.equals("ConverseStream");
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("request body is not JSON: " + body, e);
      }
    }

    public String system() {
      StringBuilder out = new StringBuilder();
      json().path("system").forEach(b -> out.append(b.path("text").asText()));
      return out.toString();
    }

    /** The text of every message, in order (user, assistant, user...). */
    public List<String> messages() {
      List<String> out = new ArrayList<>();
      json().path("messages").forEach(m -> {
        StringBuilder text = new StringBuilder();
        m.path("content").forEach(b -> text.append(b.path("text").asText()));
        out.add(text.toString());
      });
      return out;
    }

    public List<String> roles() {
      List<String> out = new ArrayList<>();
      json().path("messages").forEach(m -> out.add(m.path("role").asText()));
      return out;
    }
  }

  /** What the next call to a model gets instead of a normal answer. */
  public record Fault(Type type, int status, String errorType, String message, Duration duration, String url,
      long cacheRead, long cacheWrite) {

    public enum Type { ERROR, MALFORMED_JSON, FOREIGN_SOURCE_URL, MISSING_USAGE, DELAY, SLOW_STREAM,
      MID_STREAM_THROTTLING, CONNECTION_RESET, CACHE_USAGE, CUT_STREAM, CUT_STREAM_MID_EVENT, STREAM_WITHOUT_METADATA,
      TRUNCATED_BODY }

    private static Fault error(int status, String type, String message, Duration retryAfter) {
      return new Fault(Type.ERROR, status, type, message, retryAfter, null, 0, 0);
    }

    private static Fault of(Type type) {
      return new Fault(type, 200, null, null, null, null, 0, 0);
    }

    /** 429 ThrottlingException with a Retry-After header of the given seconds (none if null). */
    public static Fault throttling(Duration retryAfter) {
      return error(429, "ThrottlingException", "Too many requests, please wait before trying again.", retryAfter);
    }

    public static Fault serviceUnavailable() {
      return error(503, "ServiceUnavailableException", "Service unavailable. Try again later.", null);
    }

    public static Fault internalError() {
      return error(500, "InternalServerException", "An internal server error occurred.", null);
    }

    public static Fault modelNotReady() {
      return error(429, "ModelNotReadyException", "Model is not ready to serve inference requests.", null);
    }

    public static Fault modelTimeout() {
      return error(408, "ModelTimeoutException", "Model has timed out in processing the request.", null);
    }

    public static Fault validation(String message) {
      return error(400, "ValidationException", message, null);
    }

    public static Fault accessDenied() {
      return error(403, "AccessDeniedException", "You don't have access to the model with the specified model ID.",
          null);
    }

    public static Fault resourceNotFound() {
      return error(404, "ResourceNotFoundException", "Could not resolve the foundation model from the provided"
          + " model identifier.", null);
    }

    /** An answer that is not JSON (prose around a broken object). */
    public static Fault malformedJson() {
      return of(Type.MALFORMED_JSON);
    }

    /**
     * A valid answer, except that it cites this URL: an analysis' first finding cites it instead of its documents,
     * a summary links it at the end.
     */
    public static Fault foreignSourceUrl(String url) {
      return new Fault(Type.FOREIGN_SOURCE_URL, 200, null, null, null, url, 0, 0);
    }

    /** A valid answer without usage (Converse: no usage field; stream: a metadata event without usage). */
    public static Fault missingUsage() {
      return of(Type.MISSING_USAGE);
    }

    /** A valid answer sent only after the delay. */
    public static Fault delay(Duration delay) {
      return new Fault(Type.DELAY, 200, null, null, delay, null, 0, 0);
    }

    /**
     * A valid answer whose bytes trickle out in small pieces over the given time (pieces are cut anywhere, also
     * inside event-stream frames, as a network may).
     */
    public static Fault slowStream(Duration total) {
      return new Fault(Type.SLOW_STREAM, 200, null, null, total, null, 0, 0);
    }

    /** A stream that sends a few text deltas, then a throttlingException event. */
    public static Fault midStreamThrottling() {
      return of(Type.MID_STREAM_THROTTLING);
    }

    /**
     * A stream that ends after its first text deltas, at an event boundary: no contentBlockStop, messageStop or
     * metadata event, the response itself ends normally (as a proxy or a dropped connection may leave it).
     */
    public static Fault cutStream() {
      return of(Type.CUT_STREAM);
    }

    /** As {@link #cutStream()}, but the last bytes are the first half of the next event's frame. */
    public static Fault cutStreamMidEvent() {
      return of(Type.CUT_STREAM_MID_EVENT);
    }

    /** A stream with every text delta and its messageStop, but without the closing metadata event (no usage). */
    public static Fault streamWithoutMetadata() {
      return of(Type.STREAM_WITHOUT_METADATA);
    }

    /** A Converse answer whose JSON body ends half-way (its Content-Length matches what is sent). */
    public static Fault truncatedBody() {
      return of(Type.TRUNCATED_BODY);
    }

    /** The connection is reset before any response. */
    public static Fault connectionReset() {
      return of(Type.CONNECTION_RESET);
    }

    /** A valid answer whose usage also reports prompt-cache reads and writes. */
    public static Fault cacheUsage(long read, long write) {
      return new Fault(Type.CACHE_USAGE, 200, null, null, null, null, read, write);
    }
  }

  private Fault chaosFault(String operation, String modelId, String task, List<String> messages) {
    FaultPlan current = plan;
    if (current == null) {
      return null;
    }
    String key = modelId + " " + (task == null ? "-" : task) + " "
        + (messages.isEmpty() ? "-" : FakeModelAnswers.competitor(messages.get(0))) + " turn " + messages.size();
    return current.draw(FaultPlan.Service.BEDROCK, operation, key)
        .map(injection -> switch (injection.kind()) {
          case THROTTLING -> Fault.throttling(injection.retryAfter());
          case SERVICE_UNAVAILABLE -> Fault.serviceUnavailable();
          case INTERNAL_SERVER_ERROR -> Fault.internalError();
          // a Converse body ends half-way; a stream ends mid-event, without its messageStop and metadata
          case CUT_OFF -> operation.equals("ConverseStream") ? Fault.cutStreamMidEvent() : Fault.truncatedBody();
          // the whole answer, late
          case DELAY -> Fault.delay(current.delay());
          default -> throw new IllegalStateException("Bedrock does not answer with " + injection.kind());
        })
        .orElse(null);
  }

  private Fault nextFault(String modelId) {
    Deque<Fault> queue = faults.get(modelId);
    if (queue == null) {
      return null;
    }
    synchronized (queue) {
      return queue.pollFirst();
    }
  }

  private final class Responder implements ResponseDefinitionTransformerV2 {

    @Override
    public String getName() {
      return "bedrock-fake";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      Request request = event.getRequest();
      String path = request.getUrl();
      int query = path.indexOf('?');
      if (query >= 0) {
        path = path.substring(0, query);
      }
      try {
        Matcher runtime = RUNTIME_PATH.matcher(path);
        if (runtime.matches() && request.getMethod().getName().equals("POST")) {
          String model = decode(runtime.group(1));
          java.util.concurrent.atomic.AtomicInteger ofModel =
              inFlight.computeIfAbsent(model, m -> new java.util.concurrent.atomic.AtomicInteger());
          int now = ofModel.incrementAndGet();
          mostInFlight.computeIfAbsent(model, m -> new java.util.concurrent.atomic.AtomicInteger())
              .accumulateAndGet(now, Math::max);
          try {
            Duration held = hold;
            if (held != null) {
              // the answer takes this long while the call counts as in flight (a fixed delay would be added after)
              Thread.sleep(held.toMillis());
            }
            return runtime(decode(runtime.group(1)), runtime.group(2).equals("converse-stream"),
                request.getBodyAsString());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(500, "InternalServerException", "fake interrupted", null).build();
          } finally {
            ofModel.decrementAndGet();
          }
        }
        Matcher control = CONTROL_PATH.matcher(path);
        if (control.matches() && request.getMethod().getName().equals("GET")) {
          return control(control.group(1), decode(control.group(2)));
        }
        calls.add(new Call("Unknown " + request.getMethod() + " " + path, null, null, request.getBodyAsString()));
        return error(404, "UnknownOperationException", "no such operation in the fake: " + path, null).build();
      } catch (RuntimeException e) {
        return error(500, "InternalServerException", "fake failed: " + e, null).build();
      }
    }

    private ResponseDefinition runtime(String modelId, boolean stream, String body) {
      JsonNode request;
      try {
        request = JSON.readTree(body);
      } catch (JsonProcessingException e) {
        return error(400, "ValidationException", "request body is not JSON", null).build();
      }
      String system = text(request.path("system"));
      List<String> messages = new ArrayList<>();
      request.path("messages").forEach(m -> messages.add(text(m.path("content"))));
      Matcher t = TASK.matcher(system);
      String task = !t.find() ? null : t.group(1) != null ? t.group(1) : "summary";
      String operation = stream ? "ConverseStream" : "Converse";
      calls.add(new Call(operation, modelId, task, body));

      Fault fault = stream ? nextFault(STREAMS) : null;
      if (fault == null) {
        fault = nextFault(modelId);
      }
      if (fault == null) {
        fault = chaosFault(operation, modelId, task, messages);
      }
      if (fault != null && fault.type() == Fault.Type.ERROR) {
        return error(fault.status(), fault.errorType(), fault.message(), fault.duration()).build();
      }
      if (fault != null && fault.type() == Fault.Type.CONNECTION_RESET) {
        return aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
      }
      if (messages.isEmpty() || task == null) {
        return error(400, "ValidationException", "the fake recognises no task in the system prompt", null).build();
      }
      String answer = answer(task, system, messages.get(0), fault);
      long inputTokens = Math.max(1, (system.length() + messages.stream().mapToInt(String::length).sum()) / 4);
      long outputTokens = Math.max(1, answer.length() / 4);
      Map<String, Object> usage = null;
      if (fault == null || fault.type() != Fault.Type.MISSING_USAGE) {
        usage = new LinkedHashMap<>();
        usage.put("inputTokens", inputTokens);
        usage.put("outputTokens", outputTokens);
        usage.put("totalTokens", inputTokens + outputTokens);
        if (fault != null && fault.type() == Fault.Type.CACHE_USAGE) {
          usage.put("cacheReadInputTokens", fault.cacheRead());
          usage.put("cacheWriteInputTokens", fault.cacheWrite());
        }
      }
      long latency = 40 + answer.length() / 10;
      long promptCharacters = system.length() + messages.stream().mapToLong(String::length).sum();
      Fault.Type type = fault == null ? null : fault.type();
      ResponseDefinitionBuilder response;
      if (stream) {
        int[] sent = {0};
        response = streamed(answer, usage, latency, type, sent);
        boolean complete = type != Fault.Type.MID_STREAM_THROTTLING && type != Fault.Type.CUT_STREAM
            && type != Fault.Type.CUT_STREAM_MID_EVENT && type != Fault.Type.STREAM_WITHOUT_METADATA;
        boolean usageSent = complete && usage != null;
        served.add(new Served(operation, modelId, task, usageSent ? inputTokens : null,
            usageSent ? outputTokens : null, promptCharacters, sent[0], complete, answer));
      } else {
        boolean truncated = type == Fault.Type.TRUNCATED_BODY;
        response = converse(answer, usage, latency, truncated);
        served.add(new Served(operation, modelId, task, usage != null && !truncated ? inputTokens : null,
            usage != null && !truncated ? outputTokens : null, promptCharacters, answer.length(), !truncated,
            answer));
      }
      if (fault != null && fault.type() == Fault.Type.DELAY) {
        response.withFixedDelay((int) fault.duration().toMillis());
      }
      if (fault != null && fault.type() == Fault.Type.SLOW_STREAM) {
        response.withChunkedDribbleDelay(20, (int) fault.duration().toMillis());
      }
      return response.build();
    }

    private String answer(String task, String system, String firstMessage, Fault fault) {
      if (fault != null && fault.type() == Fault.Type.MALFORMED_JSON) {
        return "Here is the analysis you asked for:\n{\"summary\": \"unfinished, \"findings\": [";
      }
      if (task.equals("summary")) {
        var told = summaryAnswers.poll();
        String summary = told != null
            ? told.apply(FakeModelAnswers.summaryFindings(firstMessage).stream()
                .map(f -> new SummaryFinding(f.competitor(), f.url(), f.statement(), f.evidence())).toList())
            : FakeModelAnswers.summary(system, firstMessage);
        if (fault != null && fault.type() == Fault.Type.FOREIGN_SOURCE_URL) {
          summary += "\n\nMore in [99](" + fault.url() + ").";
        }
        return summary;
      }
      List<FakeModelAnswers.Document> documents = FakeModelAnswers.documents(firstMessage);
      if (documents.isEmpty()) {
        return "{\"notPossible\": \"the request carried no documents\"}";
      }
      Map<String, Object> answer = FakeModelAnswers.analysis(task, FakeModelAnswers.competitor(firstMessage), documents);
      if (fault != null && fault.type() == Fault.Type.FOREIGN_SOURCE_URL) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> findings = (List<Map<String, Object>>) answer.get("findings");
        findings.get(0).put("sourceUrls", List.of(fault.url()));
      }
      if (misquotedTasks.remove(task)) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> findings = (List<Map<String, Object>>) answer.get("findings");
        Map<String, Object> quoted = findings.get(0);
        String sentence = String.valueOf(quoted.get("evidence"));
        List<String> words = new ArrayList<>(List.of(sentence.toLowerCase(java.util.Locale.ROOT)
            .replaceAll("[^a-z0-9 ]", "").split(" +")));
        java.util.Collections.reverse(words);
        Map<String, Object> paraphrased = new LinkedHashMap<>(quoted);
        paraphrased.put("statement", PARAPHRASED_STATEMENT);
        paraphrased.put("evidence", "In other words: " + String.join(" ", words));
        Map<String, Object> invented = new LinkedHashMap<>(quoted);
        invented.put("statement", INVENTED_STATEMENT);
        invented.put("evidence", INVENTED_QUOTE);
        findings.clear();
        findings.addAll(List.of(quoted, paraphrased, invented));
      }
      return json(answer);
    }

    private ResponseDefinitionBuilder converse(String answer, Map<String, Object> usage, long latency,
        boolean truncated) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("output", Map.of("message", Map.of("role", "assistant", "content", List.of(Map.of("text", answer)))));
      body.put("stopReason", "end_turn");
      if (usage != null) {
        body.put("usage", usage);
      }
      body.put("metrics", Map.of("latencyMs", latency));
      String text = json(body);
      if (truncated) {
        // the body ends half-way through the answer's text, as when a connection drops: Content-Length matches
        text = text.substring(0, text.indexOf("\"text\":") + 8 + answer.length() / 2);
      }
      return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
          .withHeader("x-amzn-RequestId", java.util.UUID.randomUUID().toString()).withBody(text);
    }

    /**
     * @param sent receives the characters of answer text sent in complete events
     */
    private ResponseDefinitionBuilder streamed(String answer, Map<String, Object> usage, long latency,
        Fault.Type fault, int[] sent) {
      boolean breakOff = fault == Fault.Type.MID_STREAM_THROTTLING;
      boolean cut = fault == Fault.Type.CUT_STREAM || fault == Fault.Type.CUT_STREAM_MID_EVENT;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      event(out, "messageStart", Map.of("role", "assistant"));
      List<String> chunks = new ArrayList<>();
      for (int i = 0; i < answer.length(); i += CHUNK) {
        chunks.add(answer.substring(i, Math.min(answer.length(), i + CHUNK)));
      }
      for (int i = 0; i < chunks.size(); i++) {
        if (cut && i == Math.min(2, chunks.size() - 1)) {
          if (fault == Fault.Type.CUT_STREAM_MID_EVENT) {
            // the first half of the next event's frame (prelude and headers, part of the payload): never decodable
            ByteArrayOutputStream next = new ByteArrayOutputStream();
            event(next, "contentBlockDelta", Map.of("contentBlockIndex", 0, "delta", Map.of("text", chunks.get(i))));
            byte[] frame = next.toByteArray();
            out.write(frame, 0, frame.length / 2);
          }
          return streamResponse(out);
        }
        if (breakOff && i == 2) {
          Map<String, HeaderValue> headers = new LinkedHashMap<>();
          headers.put(":message-type", HeaderValue.fromString("exception"));
          headers.put(":exception-type", HeaderValue.fromString("throttlingException"));
          headers.put(":content-type", HeaderValue.fromString("application/json"));
          new Message(headers, json(Map.of("message", "Too many tokens, please wait before trying again."))
              .getBytes(StandardCharsets.UTF_8)).encode(out);
          return streamResponse(out);
        }
        event(out, "contentBlockDelta", Map.of("contentBlockIndex", 0, "delta", Map.of("text", chunks.get(i))));
        sent[0] += chunks.get(i).length();
      }
      event(out, "contentBlockStop", Map.of("contentBlockIndex", 0));
      event(out, "messageStop", Map.of("stopReason", "end_turn"));
      if (fault == Fault.Type.STREAM_WITHOUT_METADATA) {
        return streamResponse(out);
      }
      Map<String, Object> metadata = new LinkedHashMap<>();
      if (usage != null) {
        metadata.put("usage", usage);
      }
      metadata.put("metrics", Map.of("latencyMs", latency));
      event(out, "metadata", metadata);
      return streamResponse(out);
    }

    private ResponseDefinitionBuilder streamResponse(ByteArrayOutputStream out) {
      return aResponse().withStatus(200)
          .withHeader("Content-Type", "application/vnd.amazon.eventstream")
          .withHeader("x-amzn-RequestId", java.util.UUID.randomUUID().toString())
          .withBody(out.toByteArray());
    }

    private void event(ByteArrayOutputStream out, String type, Map<String, Object> payload) {
      Map<String, HeaderValue> headers = new LinkedHashMap<>();
      headers.put(":event-type", HeaderValue.fromString(type));
      headers.put(":content-type", HeaderValue.fromString("application/json"));
      headers.put(":message-type", HeaderValue.fromString("event"));
      new Message(headers, json(payload).getBytes(StandardCharsets.UTF_8)).encode(out);
    }

    private ResponseDefinition control(String collection, String id) {
      boolean profile = collection.equals("inference-profiles");
      calls.add(new Call(profile ? "GetInferenceProfile" : "GetFoundationModel", id, null, ""));
      if (!knownModels.contains(id)) {
        return error(404, "ResourceNotFoundException",
            (profile ? "Inference profile " : "The model ") + id + " does not exist.", null).build();
      }
      Map<String, Object> body = new LinkedHashMap<>();
      if (profile) {
        String model = id.substring(id.indexOf('.') + 1);
        body.put("inferenceProfileName", "Fake " + id);
        body.put("inferenceProfileArn", "arn:aws:bedrock:" + REGION + ":000000000000:inference-profile/" + id);
        body.put("inferenceProfileId", id);
        body.put("status", "ACTIVE");
        body.put("type", "SYSTEM_DEFINED");
        body.put("models", List.of(Map.of("modelArn", "arn:aws:bedrock:" + REGION + "::foundation-model/" + model)));
      } else {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("modelArn", "arn:aws:bedrock:" + REGION + "::foundation-model/" + id);
        details.put("modelId", id);
        details.put("modelName", "Fake " + id);
        details.put("providerName", "Fake");
        details.put("inputModalities", List.of("TEXT"));
        details.put("outputModalities", List.of("TEXT"));
        details.put("responseStreamingSupported", true);
        details.put("inferenceTypesSupported",
            profileOnlyModels.contains(id) ? List.of("INFERENCE_PROFILE") : List.of("ON_DEMAND"));
        details.put("modelLifecycle", Map.of("status", "ACTIVE"));
        body.put("modelDetails", details);
      }
      return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(json(body)).build();
    }

    private ResponseDefinitionBuilder error(int status, String type, String message, Duration retryAfter) {
      ResponseDefinitionBuilder response = aResponse().withStatus(status)
          .withHeader("Content-Type", "application/json")
          .withHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
          .withHeader("x-amzn-RequestId", java.util.UUID.randomUUID().toString())
          .withBody(json(Map.of("message", message)));
      if (retryAfter != null) {
        response.withHeader("Retry-After", String.valueOf(retryAfter.toSeconds()));
      }
      return response;
    }
  }

  private static String text(JsonNode blocks) {
    StringBuilder out = new StringBuilder();
    blocks.forEach(b -> out.append(b.path("text").asText()));
    return out.toString();
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
